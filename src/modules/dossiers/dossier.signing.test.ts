import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildApp } from '../../platform/http/app.js';
import { signerFor } from '../../platform/signing/index.js';
import { makePdf } from '../../platform/storage/testing.js';
import { authModule } from '../auth/index.js';
import { createUser, signIn, type TestSession } from '../auth/testing.js';
import { filesModule } from '../files/index.js';
import { buildReception, buildWorld, type DossierWorld } from './dossier.test-support.js';
import { dossiersModule, performAction, receiveDossier } from './index.js';

describe('signing an electronic result', () => {
  let database: Database;
  let w: DossierWorld;
  let app: FastifyInstance;
  let specialist: TestSession;
  let leader: TestSession;
  let otherLeader: TestSession;

  beforeAll(async () => {
    database = await createTestDatabase();
    w = await buildWorld(database);
    app = await buildApp({
      ctx: w.ctx,
      modules: [authModule, filesModule, dossiersModule],
      logger: false,
    });
    const make = async (role: 'specialist' | 'leader', unitId: number) => {
      const u = await createUser(w.ctx.db, { tenantId: w.tenantId, role, unitId });
      return signIn(app, u.username, u.password, { tenant: w.tenantCode });
    };
    specialist = await make('specialist', w.units.justice);
    leader = await make('leader', w.units.justice);
    otherLeader = await make('leader', w.units.construction);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const call = (session: TestSession, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({
      method,
      url,
      ...(payload ? { payload } : {}),
      headers: { 'x-test-no-limit': '1', ...session.headers },
    });

  async function dossierWithResult() {
    const r = await receiveDossier(w.ctx, { actor: w.actors.counter, input: buildReception(w) });
    await performAction(w.ctx, {
      actor: w.actors.counter,
      dossierId: r.id,
      action: 'transfer',
      version: 1,
    });
    const boundary = '----motcua-sign-test';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="Kết quả.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      makePdf('giấy phép'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await app.inject({
      method: 'POST',
      url: '/api/files',
      payload: body,
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'x-test-no-limit': '1',
        ...specialist.headers,
      },
    });
    const attached = await call(specialist, 'POST', `/api/dossiers/${r.id}/documents`, {
      kind: 'result',
      fileIds: [up.json().files[0].id],
      electronic: true,
    });
    expect(attached.statusCode).toBe(201);
    return { id: r.id, documentId: attached.json().documents[0].id as number };
  }

  it('lets a leader of the unit sign the result once; the signed file verifies and a changed one does not', async () => {
    const { id, documentId } = await dossierWithResult();
    const signed = await call(leader, 'POST', `/api/dossiers/${id}/documents/${documentId}/sign`);
    expect(signed.statusCode).toBe(200);
    expect(signed.json().signature).toMatchObject({ provider: 'local-test', legallyValid: false });
    const download = await call(leader, 'GET', `/api/dossiers/${id}/documents/${documentId}`);
    const pdf = download.rawPayload;
    const signer = signerFor(w.ctx.config);
    expect((await signer.verify(pdf)).valid).toBe(true);
    const tampered = Buffer.from(pdf);
    tampered[20] = tampered[20]! ^ 1;
    expect((await signer.verify(tampered)).valid).toBe(false);
    const row = await database.db
      .selectFrom('dossiers')
      .select('e_result')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.e_result).toBe(true);
    const again = await call(leader, 'POST', `/api/dossiers/${id}/documents/${documentId}/sign`);
    expect(again.json().error.details.rule).toBe('already_signed');
  });

  it('refuses a specialist and a leader of another unit', async () => {
    const { id, documentId } = await dossierWithResult();
    expect(
      (await call(specialist, 'POST', `/api/dossiers/${id}/documents/${documentId}/sign`))
        .statusCode,
    ).toBe(403);
    expect(
      (await call(otherLeader, 'POST', `/api/dossiers/${id}/documents/${documentId}/sign`))
        .statusCode,
    ).toBe(404);
  });
});
