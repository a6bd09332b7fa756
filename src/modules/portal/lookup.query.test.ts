import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { performAction, receiveDossier } from '../dossiers/dossier.service.js';
import { buildReception, buildWorld, type DossierWorld } from '../dossiers/dossier.test-support.js';
import { findDossierByCode } from '../dossiers/index.js';
import { LookupBatcher } from './lookup.batch.js';
import { LookupCache } from './lookup.cache.js';
import { publicDossierJson, publicDossiersJson } from './lookup.query.js';
import { lookupBatchReader, lookupDossierJson } from './lookup.service.js';
import { maskName, publicStatus } from './public-status.js';

/**
 * The answer as the look-up built it in JavaScript before PostgreSQL wrote it (issue 7): the
 * dossier read through the dossiers module, dates formatted by the calendar, the name masked,
 * serialised in the route schema's key order. The fast path must give the same bytes.
 */
async function reference(w: DossierWorld, code: string, now: Date): Promise<string | undefined> {
  const dossier = await findDossierByCode(w.ctx.db, w.tenantId, code);
  if (!dossier) return undefined;
  const time = (iso: string | null) => (iso === null ? null : Date.parse(iso));
  const due = time(dossier.dueAt);
  const original = time(dossier.originalDueAt);
  const finished = time(dossier.finishedAt);
  return JSON.stringify({
    code: dossier.code,
    status: dossier.status,
    statusLabel: publicStatus(dossier.status),
    applicant: maskName(dossier.applicantName),
    procedure: { code: dossier.procedureCode, name: dossier.procedureName },
    unit: dossier.receivingUnitName,
    channel: dossier.channel,
    receivedAt: dossier.receivedAt,
    promisedAt: dossier.dueAt,
    finishedAt: dossier.finishedAt,
    returnedAt: dossier.returnedAt,
    late: original !== null && (finished ?? now.getTime()) > original,
    extended: due !== null && original !== null && due !== original,
    timeline: dossier.timeline.map((e) => ({
      at: e.at,
      status: e.status,
      label: publicStatus(e.status),
    })),
  });
}

describe('public look-up written by PostgreSQL', () => {
  let database: Database;
  let w: DossierWorld;
  const codes: string[] = [];

  const at = (iso: string) => {
    w.ctx.clock.now = new Date(iso);
  };

  async function receive(name = 'Nguyễn Văn Dân') {
    const base = buildReception(w);
    const r = await receiveDossier(w.ctx, {
      actor: w.actors.counter,
      input: { ...base, applicant: { ...base.applicant, name } },
    });
    if (!r.code) throw new Error('a received dossier has a code');
    codes.push(r.code);
    return r;
  }

  async function act(
    id: number,
    version: number,
    who: keyof DossierWorld['actors'],
    action: string,
    input = {},
  ) {
    return (
      await performAction(w.ctx, { actor: w.actors[who], dossierId: id, action, version, input })
    ).version;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    w = await buildWorld(database);

    // Received, nothing else.
    at('2025-03-03T02:00:00Z');
    await receive();

    // Finished and returned after the promised date: late, with a timeline of five steps.
    at('2025-03-03T02:00:00.5Z');
    const late = await receive('  Trần   Thị  "Bé" \\ Út  ');
    let v = await act(late.id, 1, 'counter', 'transfer');
    v = await act(late.id, v, 'specialist', 'propose_result', { outcome: 'approved' });
    at('2025-04-20T09:30:15.123Z');
    v = await act(late.id, v, 'leader', 'approve');
    at('2025-04-21T01:02:03.004Z');
    await act(late.id, v, 'counter', 'return_result');

    // Extended, and a promised date moved by less than a millisecond (not an extension).
    at('2025-05-05T03:00:00Z');
    const extended = await receive('Công ty TNHH Một thành viên');
    await sql`update dossiers set due_at = original_due_at + interval '3 days'
      where id = ${extended.id}`.execute(w.ctx.db);
    const micro = await receive('Lê');
    await sql`update dossiers set due_at = original_due_at + interval '0.0004 s',
      received_at = received_at + interval '0.0299 s' where id = ${micro.id}`.execute(w.ctx.db);

    // A status without a public label (answered with itself), in the timeline too.
    const odd = await receive('A');
    await sql`update dossier_events set to_status = 'archived_elsewhere'
      where dossier_id = ${odd.id}`.execute(w.ctx.db);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('gives the same bytes as building the answer in JavaScript', async () => {
    for (const now of ['2025-03-04T00:00:00Z', '2025-06-30T00:00:00Z']) {
      for (const code of codes) {
        const expected = await reference(w, code, new Date(now));
        expect(expected).toBeDefined();
        expect(await publicDossierJson(w.ctx.db, w.tenantId, code, new Date(now)), code).toBe(
          expected,
        );
      }
    }
  });

  it('judges late and extended against the original promised date, to the millisecond', async () => {
    const answers = await Promise.all(
      codes.map(async (code) =>
        JSON.parse(
          (await publicDossierJson(w.ctx.db, w.tenantId, code, new Date('2025-06-30T00:00:00Z')))!,
        ),
      ),
    );
    expect(answers.map((a) => [a.status, a.late, a.extended])).toEqual([
      ['received', true, false],
      ['returned', true, false],
      ['received', true, true],
      ['received', true, false],
      ['received', true, false],
    ]);
    expect(answers[1].applicant).toBe('T*** T** "*** \\* Ú*');
    expect(answers[1].timeline.map((e: { status: string }) => e.status)).toEqual([
      'received',
      'in_appraisal',
      'awaiting_approval',
      'result_ready',
      'returned',
    ]);
    expect(answers[3].receivedAt).toMatch(/\.029\+07:00$/);
    expect(answers[4].timeline[0].label).toEqual({
      vi: 'archived_elsewhere',
      en: 'archived_elsewhere',
      ascii: 'archived_elsewhere',
    });
  });

  it('answers a batch of codes with the same bytes as one code at a time', async () => {
    const now = new Date('2025-06-30T00:00:00Z');
    const unknown = 'X-250303-9999';
    const answers = await publicDossiersJson(w.ctx.db, w.tenantId, [...codes, unknown], now);
    expect([...answers.keys()].sort()).toEqual([...codes].sort());
    for (const code of codes) expect(answers.get(code), code).toBe(await reference(w, code, now));
    // The generic-plan connections (the route's) answer the same.
    const generic = await publicDossiersJson(w.ctx.database.genericPlans(), w.tenantId, codes, now);
    expect(generic).toEqual(answers);
  });

  it('serves look-ups asked for at the same moment from one statement', async () => {
    at('2025-06-30T00:00:00Z');
    const read = lookupBatchReader(w.ctx);
    const batches: string[][] = [];
    const batcher = new LookupBatcher(
      (tenantId, batch) => {
        batches.push(batch);
        return read(tenantId, batch);
      },
      { maxBatch: 32, maxRunning: 4 },
    );
    const look = (code: string) =>
      lookupDossierJson({ ctx: w.ctx, tenantId: w.tenantId, code, batcher });
    const asked = [...codes, codes[0]!, codes[1]!.toLowerCase()];
    const answers = await Promise.all(asked.map(look));
    expect(batches).toEqual([codes]);
    for (const [k, code] of asked.entries())
      expect(answers[k], code).toBe(await reference(w, code.toUpperCase(), w.ctx.now()));
    // An unknown code in a batch fails alone, as not found.
    const mixed = await Promise.allSettled([look(codes[2]!), look('X-250303-9999')]);
    expect(mixed[0]).toMatchObject({ status: 'fulfilled' });
    expect(mixed[1]).toMatchObject({ status: 'rejected', reason: { code: 'not_found' } });
  });

  it('answers nothing for an unknown code or another tenant’s dossier', async () => {
    const now = new Date('2025-06-30T00:00:00Z');
    expect(await publicDossierJson(w.ctx.db, w.tenantId, 'X-250303-9999', now)).toBeUndefined();
    expect(
      await publicDossierJson(w.ctx.db, w.tenantId + 1_000_000, codes[0]!, now),
    ).toBeUndefined();
  });

  it('serves a cached answer for at most the TTL, then reads the dossier again', async () => {
    at('2025-07-01T02:00:00Z');
    const r = await receiveDossier(w.ctx, { actor: w.actors.counter, input: buildReception(w) });
    const cache = new LookupCache(1000);
    const look = () =>
      lookupDossierJson({ ctx: w.ctx, tenantId: w.tenantId, code: r.code!, cache });
    const status = async () => JSON.parse(await look()).status;
    expect(await status()).toBe('received');
    await act(r.id, 1, 'counter', 'transfer');
    at('2025-07-01T02:00:00.999Z');
    expect(await status()).toBe('received'); // within the bound
    at('2025-07-01T02:00:01Z');
    expect(await status()).toBe('in_appraisal'); // bound reached: read again
    // A clock set back does not stretch the bound.
    await sql`update dossiers set status = 'stopped' where id = ${r.id}`.execute(w.ctx.db);
    at('2025-07-01T01:00:00Z');
    expect(await status()).toBe('stopped');
    // Unknown codes are not kept, so probing cannot fill the cache.
    const before = cache.size;
    await expect(
      lookupDossierJson({ ctx: w.ctx, tenantId: w.tenantId, code: 'X-250303-9999', cache }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(cache.size).toBe(before);
  });
});
