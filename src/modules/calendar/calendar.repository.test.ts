import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWorkingDay } from '../../domain/calendar/index.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { createTenant } from '../org/org.service.js';
import {
  invalidateTenantCalendar,
  loadTenantCalendar,
  storeShippedCalendarYears,
} from './calendar.repository.js';

let database: Database;
let a: number;
let b: number;

beforeAll(async () => {
  database = await createTestDatabase();
  a = await createTenant({ db: database.db, code: 'A', name: 'Tỉnh A' });
  b = await createTenant({ db: database.db, code: 'B', name: 'Tỉnh B' });
});
afterAll(async () => {
  await database?.close();
});

describe('tenant calendar cache', () => {
  it('answers from the cache, also inside a transaction, until invalidated', async () => {
    const first = await loadTenantCalendar(database.db, a);
    expect(await loadTenantCalendar(database.db, a)).toBe(first);
    await database.db.transaction().execute(async (trx) => {
      expect(await loadTenantCalendar(trx, a)).toBe(first);
    });
    expect(await loadTenantCalendar(database.db, b)).not.toBe(first);
    invalidateTenantCalendar(database.db, a);
    expect(await loadTenantCalendar(database.db, a)).not.toBe(first);
  });

  it('keeps tenants apart and gives shipped years the tenant zone', async () => {
    await database.db
      .updateTable('calendar_years')
      .set({
        spec: JSON.stringify({
          timezone: 'Asia/Bangkok',
          workingHours: [['08:00', '17:00']],
          weekend: [0],
          daysOff: ['2026-03-02'],
          extraWorkingDays: [],
        }),
      })
      .where('tenant_id', '=', b)
      .where('year', '=', 2026)
      .execute();
    await database.db
      .updateTable('calendar_years')
      .set({
        spec: JSON.stringify({
          timezone: 'Asia/Bangkok',
          workingHours: [['08:00', '17:00']],
          weekend: [0],
          daysOff: [],
          extraWorkingDays: [],
        }),
      })
      .where('tenant_id', '=', b)
      .where('year', '=', 2025)
      .execute();
    invalidateTenantCalendar(database.db, b);
    const calB = await loadTenantCalendar(database.db, b);
    expect(isWorkingDay(calB, '2026-03-02')).toBe(false);
    expect(isWorkingDay(calB, '2026-03-07')).toBe(true);
    // 2030 is not stored: the shipped provisional table, in the tenant's zone (no zone clash).
    expect(calB.timezone).toBe('Asia/Bangkok');
    expect(isWorkingDay(calB, '2030-01-01')).toBe(false);
    invalidateTenantCalendar(database.db, a);
    expect(isWorkingDay(await loadTenantCalendar(database.db, a), '2026-03-02')).toBe(true);
  });

  it('stores the shipped official years once', async () => {
    expect(await storeShippedCalendarYears(database.db, a)).toEqual([]);
    const rows = await database.db
      .selectFrom('calendar_years')
      .select('year')
      .where('tenant_id', '=', a)
      .orderBy('year')
      .execute();
    expect(rows.map((r) => r.year)).toEqual([2025, 2026]);
  });
});
