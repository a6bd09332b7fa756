import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, type DossierWorld } from '../../modules/dossiers/dossier.test-support.js';
import { submitFeedback } from '../../modules/feedback/index.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { feedbackCommand } from './feedback.js';

let database: Database;
let w: DossierWorld;

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildWorld(database);
  for (const [unitId, kind] of [
    [w.units.justice, 'feedback'],
    [w.units.construction, 'denunciation'],
  ] as const)
    await submitFeedback(w.ctx, {
      tenantId: w.tenantId,
      actor: null,
      channel: 'hotline',
      unitId,
      input: {
        kind,
        subject: `Nội dung ${kind}`,
        content: 'x',
        submitter: { name: 'Người Báo Tin', phone: '0912000111' },
      },
    });
});
afterAll(async () => {
  await database?.close();
});

async function run(args: string[]): Promise<string> {
  let out = '';
  const command = feedbackCommand({
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

describe('motcua feedback list', () => {
  it("lists a unit's subtree, and never prints a denunciation's reporter", async () => {
    const all = JSON.parse(await run(['list', '--tenant', w.tenantCode, '--json']));
    expect(all.total).toBe(2);
    const denunciation = all.items.find((i: { kind: string }) => i.kind === 'denunciation');
    expect(denunciation).toMatchObject({ submitterName: null, reporterProtected: true });
    expect(JSON.stringify(all)).not.toContain('0912000111');
    const justice = await run([
      'list',
      '--tenant',
      w.tenantCode,
      '--unit',
      `000.00.12.${w.tenantCode}`,
    ]);
    expect(justice).toMatch(/^1 of 1\n/);
    expect(justice).toContain('Nội dung feedback');
    await expect(run(['list', '--tenant', w.tenantCode, '--unit', 'NOPE'])).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
