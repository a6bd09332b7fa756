import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { performAction, receiveDossier } from '../../modules/dossiers/dossier.service.js';
import {
  buildReception,
  buildWorld,
  type DossierWorld,
} from '../../modules/dossiers/dossier.test-support.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { scorecardsCommand } from './scorecards.js';

let database: Database;
let w: DossierWorld;

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildWorld(database, { tenantCode: `SC${process.pid}` });
  w.ctx.clock.now = new Date('2025-03-03T02:00:00Z');
  const r = await receiveDossier(w.ctx, { actor: w.actors.counter, input: buildReception(w) });
  w.ctx.clock.now = new Date('2025-03-03T03:00:00Z');
  await performAction(w.ctx, {
    actor: w.actors.counter,
    dossierId: r.id,
    action: 'transfer',
    version: r.version,
  });
});
afterAll(async () => {
  await database?.close();
});

async function run(args: string[]): Promise<string> {
  let out = '';
  const command = scorecardsCommand({
    open: async () => ({ ctx: w.ctx, close: async () => {} }),
    writeOut: (text) => {
      out += text;
    },
  });
  command.exitOverride();
  for (const sub of command.commands) sub.exitOverride();
  await command.parseAsync(args, { from: 'user' });
  return out;
}

describe('motcua scorecards staff', () => {
  it("prints every officer's figures for a period, as a table or JSON", async () => {
    const table = await run(['staff', '--period', '2025-03', '--tenant', w.tenantCode]);
    expect(table).toContain('2025-03-01..2025-03-31');
    const counterLine = table.split('\n').find((l) => l.startsWith('Nguyễn Thị Một Cửa'));
    // received 1, one step closed, on time.
    expect(counterLine?.split(/\s{2,}/).slice(1, 4)).toEqual(['1', '1', '100']);
    const json = JSON.parse(
      await run(['staff', '--period', '2025-03', '--tenant', w.tenantCode, '--json']),
    );
    expect(json.total).toMatchObject({ received: 1, steps: 1, onTimeRate: 100 });
    expect(json.officers.length).toBeGreaterThanOrEqual(5);
  });

  it('refuses a missing or bad period and an unknown unit with stable codes', async () => {
    await expect(run(['staff', '--tenant', w.tenantCode])).rejects.toMatchObject({
      code: 'period_invalid',
    });
    await expect(run(['staff', '--period', '2025-13'])).rejects.toMatchObject({
      code: 'period_invalid',
    });
    await expect(
      run(['staff', '--period', '2025', '--tenant', w.tenantCode, '--unit', 'KHONG.CO']),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
