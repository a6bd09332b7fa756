import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../platform/audit/index.js';
import { loadConfig } from '../../platform/config.js';
import { type AppContext, createContext } from '../../platform/context.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { auditCommand } from './audit.js';

let database: Database;
let ctx: AppContext;
const ids: number[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  ctx = createContext(database, loadConfig({}, { NODE_ENV: 'test' }));
  const t = await ctx.db
    .insertInto('tenants')
    .values({ code: 'LCU', name: 'Lai Châu', settings: '{}' })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let i = 0; i < 4; i++)
    ids.push(
      (
        await recordAudit(ctx.db, {
          tenantId: t.id,
          actorId: 1,
          action: 'a',
          entity: 'doc',
          entityId: 1,
          after: { i },
        })
      ).id,
    );
  await recordAudit(ctx.db, {
    tenantId: t.id,
    actorId: 1,
    action: 'a',
    entity: 'doc',
    entityId: 2,
  });
});
afterAll(async () => {
  await database?.close();
});

async function run(args: string[]) {
  let out = '';
  let code = 0;
  const command = auditCommand({
    open: async () => ({ ctx, close: async () => {} }),
    writeOut: (text) => {
      out += text;
    },
    setExitCode: (c) => {
      code = c;
    },
  });
  command.exitOverride();
  await command.parseAsync(args, { from: 'user' });
  return { out, code };
}

describe('motcua audit verify', () => {
  it('prints OK with rows and streams and exits 0 on an intact log', async () => {
    expect(await run(['verify'])).toEqual({ out: 'OK: 5 rows in 2 streams\n', code: 0 });
    expect(await run(['verify', '--tenant', 'LCU'])).toEqual({
      out: 'OK: 5 rows in 2 streams\n',
      code: 0,
    });
  });

  it('refuses an unknown tenant', async () => {
    await expect(run(['verify', '--tenant', 'NOPE'])).rejects.toMatchObject({ code: 'not_found' });
  });

  it('names the edited row and exits 1', async () => {
    await database.exec(
      `begin; set local motcua.audit_maintenance = 'on'; update audit_log set data = jsonb_set(data, '{after,i}', '7') where id = ${ids[1]}; commit;`,
    );
    const r = await run(['verify']);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`BROKEN: stream doc:1 seq 2 (audit_log id ${ids[1]}): hash_mismatch`);
    const json = JSON.parse((await run(['verify', '--json'])).out);
    expect(json).toMatchObject({
      ok: false,
      broken: { stream: 'doc:1', seq: 2, id: ids[1], problem: 'hash_mismatch' },
    });
  });
});
