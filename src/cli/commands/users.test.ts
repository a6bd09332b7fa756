import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUnit } from '../../modules/org/org.repository.js';
import { verifyPassword } from '../../platform/auth/password.js';
import { loadConfig } from '../../platform/config.js';
import { type AppContext, createContext } from '../../platform/context.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { enqueue } from '../../platform/outbox/index.js';
import { outboxCommand } from './outbox.js';
import { usersCommand } from './users.js';

let database: Database;
let ctx: AppContext;
let tenantId: number;
let typed: string | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  ctx = createContext(database, loadConfig({}, { NODE_ENV: 'test' }));
  tenantId = (
    await ctx.db
      .insertInto('tenants')
      .values({ code: 'LCU', name: 'Lai Châu', settings: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await insertUnit(ctx.db, {
    tenantId,
    parentId: null,
    kind: 'department',
    level: 'province',
    code: '000.00.12.H40',
    name: 'Sở Tư pháp',
  });
});
afterAll(async () => {
  await database?.close();
});

async function run(factory: typeof usersCommand | typeof outboxCommand, args: string[]) {
  let out = '';
  const command = factory({
    open: async () => ({ ctx, close: async () => {} }),
    writeOut: (text: string) => {
      out += text;
    },
    promptPassword: async () => typed,
  });
  command.exitOverride();
  for (const sub of command.commands)
    sub.exitOverride().configureOutput({ writeErr: () => {}, writeOut: (t) => (out += t) });
  await command.parseAsync(args, { from: 'user' });
  return out;
}

describe('motcua users', () => {
  it('creates a user with a given password over a unit by code', async () => {
    const out = await run(usersCommand, [
      'create',
      '--username',
      'lanhdao2',
      '--name',
      'Lê Văn Hai',
      '--role',
      'leader',
      '--unit',
      '000.00.12.H40',
      '--password',
      'Manh@2025x',
    ]);
    expect(out).toMatch(/created user lanhdao2 \(id \d+\) as leader over 000.00.12.H40/);
    const user = await ctx.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', 'lanhdao2')
      .executeTakeFirstOrThrow();
    expect(await verifyPassword('Manh@2025x', user.password_hash!)).toBe(true);
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('stream', '=', `user:${user.id}`)
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ action: 'user.created', actor_id: null });
  });

  it('takes the password typed at the prompt, or generates and prints one', async () => {
    typed = 'GoBanPhim9';
    await run(usersCommand, [
      'create',
      '--username',
      'typed',
      '--name',
      'Gõ Phím',
      '--role',
      'specialist',
    ]);
    const user = await ctx.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', 'typed')
      .executeTakeFirstOrThrow();
    expect(await verifyPassword('GoBanPhim9', user.password_hash!)).toBe(true);
    typed = undefined;
    const out = await run(usersCommand, [
      'create',
      '--username',
      'generated',
      '--name',
      'Tự Sinh',
      '--role',
      'specialist',
    ]);
    const password = /password \(shown once\): (\S+)/.exec(out)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
    const generated = await ctx.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', 'generated')
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(password!, generated.password_hash!)).toBe(true);
  });

  it('refuses an unknown unit, an unknown role and a taken user name with catalogue codes', async () => {
    await expect(
      run(usersCommand, [
        'create',
        '--username',
        'x1',
        '--name',
        'X Một',
        '--role',
        'leader',
        '--unit',
        'NOPE',
        '--password',
        'abc12345',
      ]),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      run(usersCommand, [
        'create',
        '--username',
        'x1',
        '--name',
        'X Một',
        '--role',
        'king',
        '--password',
        'abc12345',
      ]),
    ).rejects.toMatchObject({ code: 'commander.invalidArgument' });
    await expect(
      run(usersCommand, [
        'create',
        '--username',
        'LANHDAO2',
        '--name',
        'Trùng',
        '--role',
        'leader',
        '--password',
        'abc12345',
      ]),
    ).rejects.toMatchObject({ code: 'already_exists' });
  });

  it('issues a token once, lists it without the secret and revokes it', async () => {
    await run(usersCommand, [
      'create',
      '--username',
      'dvcqg',
      '--name',
      'Đồng bộ DVCQG',
      '--role',
      'reform_office',
      '--kind',
      'system',
      '--password',
      'Hethong2025',
    ]);
    const out = await run(usersCommand, [
      'token',
      '--username',
      'dvcqg',
      '--name',
      'Cổng DVC quốc gia',
    ]);
    const token = /\n(mct_\S+)\n/.exec(out)?.[1];
    expect(token).toBeDefined();
    const id = /token id (\d+)/.exec(out)?.[1];
    const list = await run(usersCommand, ['tokens']);
    expect(list).toContain('Cổng DVC quốc gia');
    expect(list).toContain('active');
    expect(list).not.toContain(token!);
    expect(await run(usersCommand, ['revoke-token', '--id', id!])).toBe(`token ${id} revoked\n`);
    expect(await run(usersCommand, ['tokens'])).toContain('revoked');
    await expect(run(usersCommand, ['revoke-token', '--id', id!])).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('enables a disabled or locked-out account, and names an unknown one', async () => {
    await run(usersCommand, [
      'create',
      '--username',
      'bi.khoa',
      '--name',
      'Bị Khóa',
      '--role',
      'leader',
      '--unit',
      '000.00.12.H40',
      '--password',
      'Manh@2025khoa',
    ]);
    await ctx.db
      .updateTable('users')
      .set({
        disabled_at: new Date(),
        locked_until: new Date(Date.now() + 60_000),
        failed_logins: 5,
      })
      .where('username', '=', 'bi.khoa')
      .execute();
    expect(await run(usersCommand, ['enable', 'Bi.Khoa'])).toBe(
      'Bi.Khoa can sign in (disabled: false, locked: false)\n',
    );
    const row = await ctx.db
      .selectFrom('users')
      .select(['disabled_at', 'locked_until', 'failed_logins'])
      .where('username', '=', 'bi.khoa')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ disabled_at: null, locked_until: null, failed_logins: 0 });
    await expect(run(usersCommand, ['enable', 'khong.co'])).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('lists accounts with their roles, by unit, role and status, as text or JSON', async () => {
    await insertUnit(ctx.db, {
      tenantId,
      parentId: null,
      kind: 'commune',
      level: 'commune',
      code: '000.21.02.H40',
      name: 'Phường Tân Phong',
    });
    await run(usersCommand, [
      'create',
      '--username',
      'xa.tiepnhan',
      '--name',
      'Cán Bộ Xã',
      '--role',
      'counter_officer',
      '--unit',
      '000.21.02.H40',
      '--password',
      'Manh@2025xa',
    ]);
    const all = await run(usersCommand, ['list']);
    expect(all).toMatch(/^xa\.tiepnhan\s+Cán Bộ Xã\s+active\s+counter_officer@000\.21\.02\.H40$/m);
    expect(all).toMatch(/^lanhdao2\s.*leader@000\.00\.12\.H40$/m);
    const ward = JSON.parse(await run(usersCommand, ['list', '--unit', '000.21.02.H40', '--json']));
    expect(ward.map((u: { username: string }) => u.username)).toEqual(['xa.tiepnhan']);
    const leaders = await run(usersCommand, ['list', '--role', 'leader', '--status', 'active']);
    expect(leaders).toContain('lanhdao2');
    expect(leaders).not.toContain('xa.tiepnhan');
    await expect(run(usersCommand, ['list', '--unit', 'KHONG.CO'])).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(run(usersCommand, ['list', '--status', 'sleeping'])).rejects.toMatchObject({
      code: 'commander.invalidArgument',
    });
  });

  it('prints help', async () => {
    await expect(run(usersCommand, ['create', '--help'])).rejects.toMatchObject({
      code: 'commander.helpDisplayed',
    });
  });
});

describe('motcua outbox', () => {
  it('lists messages and queues a dead one again, but never a sent one', async () => {
    const dead = await enqueue(ctx.db, {
      tenantId,
      topic: 'sms',
      payload: { to: '0912345678', text: 'x' },
    });
    const sent = await enqueue(ctx.db, { tenantId, topic: 'email', payload: {} });
    await ctx.db
      .updateTable('outbox')
      .set({ status: 'dead', attempts: 8, last_error: 'gateway down' })
      .where('id', '=', dead.id)
      .execute();
    await ctx.db.updateTable('outbox').set({ status: 'sent' }).where('id', '=', sent.id).execute();
    const out = await run(outboxCommand, ['list', '--status', 'dead']);
    expect(out).toContain('gateway down');
    expect(out).toContain('1 of 1');
    expect(await run(outboxCommand, ['retry', String(dead.id)])).toBe(
      `message ${dead.id} queued again\n`,
    );
    expect(
      await ctx.db
        .selectFrom('outbox')
        .select(['status', 'attempts'])
        .where('id', '=', dead.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ status: 'pending', attempts: 0 });
    await expect(run(outboxCommand, ['retry', String(sent.id)])).rejects.toMatchObject({
      code: 'rule_violation',
    });
  });
});
