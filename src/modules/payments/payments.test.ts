import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../bench/lib/postgres.js';
import { loadConfig } from '../../platform/config.js';
import { createContext } from '../../platform/context.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { buildApp } from '../../platform/http/app.js';
import { authModule } from '../auth/index.js';
import { createUser, signIn, signInCitizen } from '../auth/testing.js';
import { insertUnit } from '../org/org.repository.js';
import { signParams } from './gateway.js';
import { gatewayFor, paymentsModule, refundIfPaid } from './index.js';

/** A dossier row as reception would leave it, with a fee to pay. */
async function buildDossier(
  db: Database['db'],
  input: { tenantId: number; unitId: number; applicantUserId: number | null; fee: number },
) {
  const procedure = await db
    .insertInto('procedures')
    .values({ tenant_id: input.tenantId, code: `P-${Math.random().toString(36).slice(2, 8)}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const inserted = await sql<{ id: number }>`
    insert into procedure_versions (tenant_id, procedure_id, version, effective_from, name, search_text, level, legal_limit, promised_limit, limit_unit, fee_amount)
    values (${input.tenantId}, ${procedure.id}, 1, '2025-01-01T00:00:00+07:00', 'Cấp giấy phép xây dựng', 'cap giay phep xay dung', 'province', 15, 10, 'working_days', ${input.fee})
    returning id`.execute(db);
  const version = inserted.rows[0]!;
  const row = await sql<{ id: number }>`
    insert into dossiers (tenant_id, status, receiving_unit_id, agency_unit_id, current_unit_id, procedure_id, procedure_version_id, channel, applicant_kind, applicant_name, applicant_user_id, fee_amount)
    values (${input.tenantId}, 'submitted', ${input.unitId}, ${input.unitId}, ${input.unitId}, ${procedure.id}, ${version.id}, 2, 'individual', 'Nguyễn Văn A', ${input.applicantUserId}, ${input.fee})
    returning id`.execute(db);
  return row.rows[0]!.id;
}

describe('online fee payment through the sandbox gateway', () => {
  let database: Database;
  let app: FastifyInstance;
  let tenantId: number;
  let unitId: number;
  let port: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    port = await freePort();
    const config = loadConfig({ port, host: '127.0.0.1' });
    app = await buildApp({
      ctx: createContext(database, config),
      modules: [authModule, paymentsModule],
      logger: false,
    });
    await app.listen({ port, host: '127.0.0.1' });
    tenantId = (
      await database.db
        .insertInto('tenants')
        .values({ code: 'PAY', name: 'Tỉnh thử', settings: '{}' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    unitId = await insertUnit(database.db, {
      tenantId,
      parentId: null,
      kind: 'service_centre',
      level: 'province',
      code: 'U-PAY',
      name: 'Trung tâm PVHCC',
    });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  async function citizenWithDossier(phone: string, fee = 50_000) {
    const session = await signInCitizen(app, phone);
    const dossierId = await buildDossier(database.db, {
      tenantId,
      unitId,
      applicantUserId: session.user.id,
      fee,
    });
    return { session, dossierId };
  }

  async function pay(
    session: { headers: Record<string, string> },
    dossierId: number,
    decision: 'pay' | 'cancel',
  ) {
    const started = await app.inject({
      method: 'POST',
      url: '/api/payments',
      headers: session.headers,
      payload: { dossierId },
    });
    expect(started.statusCode).toBe(200);
    const { redirectUrl, amount } = started.json();
    const page = await fetch(redirectUrl);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Cổng thanh toán thử nghiệm');
    const form = new URLSearchParams(Object.fromEntries(new URL(redirectUrl).searchParams));
    form.set('decision', decision);
    const back = await fetch(`http://127.0.0.1:${port}/api/payments/sandbox/pay`, {
      method: 'POST',
      body: form,
      redirect: 'manual',
    });
    expect(back.status).toBe(303);
    return { returnUrl: back.headers.get('location')!, amount };
  }

  it('marks the dossier paid online after the gateway’s signed callback, with a receipt', async () => {
    const { session, dossierId } = await citizenWithDossier('0912000001');
    const { returnUrl, amount } = await pay(session, dossierId, 'pay');
    expect(amount).toBe(50_000);
    const dossier = await sql<{
      paid_online: boolean;
    }>`select paid_online from dossiers where id = ${dossierId}`.execute(database.db);
    expect(dossier.rows[0]!.paid_online).toBe(true);
    const shown = await fetch(returnUrl, { redirect: 'manual' });
    expect(shown.headers.get('location')).toBe(
      `/thanh-toan/ket-qua?status=paid&dossier=${dossierId}`,
    );
    const list = await app.inject({
      method: 'GET',
      url: `/api/dossiers/${dossierId}/payments`,
      headers: session.headers,
    });
    expect(list.json().items[0]).toMatchObject({ status: 'paid', amount: 50_000 });
    expect(list.json().items[0].receiptNo).toMatch(/^BL\d{4}-\d{8}$/);
  });

  it('applies a repeated callback only once and refuses a second payment of a paid fee', async () => {
    const { session, dossierId } = await citizenWithDossier('0912000002');
    const { returnUrl } = await pay(session, dossierId, 'pay');
    const params = Object.fromEntries(new URL(returnUrl, 'http://x').searchParams);
    const replay = await app.inject({ method: 'POST', url: '/api/payments/ipn', payload: params });
    expect(replay.json()).toEqual({ RspCode: '02', Message: 'Order already confirmed' });
    const again = await app.inject({
      method: 'POST',
      url: '/api/payments',
      headers: session.headers,
      payload: { dossierId },
    });
    expect(again.statusCode).toBe(422);
    expect(again.json().error.details.rule).toBe('already_paid');
    const count = await sql<{
      n: number;
    }>`select count(*) as n from payments where dossier_id = ${dossierId} and status = 'paid'`.execute(
      database.db,
    );
    expect(count.rows[0]!.n).toBe(1);
  });

  it('rejects a tampered amount (bad signature) and a correctly signed wrong amount', async () => {
    const { session, dossierId } = await citizenWithDossier('0912000003');
    const started = await app.inject({
      method: 'POST',
      url: '/api/payments',
      headers: session.headers,
      payload: { dossierId },
    });
    const { orderRef } = started.json();
    const gateway = gatewayFor(loadConfig({ port, host: '127.0.0.1' }));
    const result: Record<string, string> = {
      merchant: gateway.merchant,
      orderRef,
      amount: '1000',
      transactionRef: 'T1',
      responseCode: '00',
      paidAt: new Date().toISOString(),
    };
    const tampered = {
      ...result,
      signature: signParams({ ...result, amount: '50000' }, gateway.secret),
    };
    expect(
      (await app.inject({ method: 'POST', url: '/api/payments/ipn', payload: tampered })).json()
        .RspCode,
    ).toBe('97');
    const wrongAmount = { ...result, signature: signParams(result, gateway.secret) };
    expect(
      (await app.inject({ method: 'POST', url: '/api/payments/ipn', payload: wrongAmount })).json()
        .RspCode,
    ).toBe('04');
    const dossier = await sql<{
      paid_online: boolean;
    }>`select paid_online from dossiers where id = ${dossierId}`.execute(database.db);
    expect(dossier.rows[0]!.paid_online).toBe(false);
  });

  it('records a cancelled payment without marking the dossier paid', async () => {
    const { session, dossierId } = await citizenWithDossier('0912000004');
    await pay(session, dossierId, 'cancel');
    const list = await app.inject({
      method: 'GET',
      url: `/api/dossiers/${dossierId}/payments`,
      headers: session.headers,
    });
    expect(list.json().items[0].status).toBe('cancelled');
  });

  it('answers not found to someone else’s dossier, and refuses a dossier without a fee', async () => {
    const { dossierId } = await citizenWithDossier('0912000005');
    const stranger = await signInCitizen(app, '0912000006');
    const response = await app.inject({
      method: 'POST',
      url: '/api/payments',
      headers: stranger.headers,
      payload: { dossierId },
    });
    expect(response.statusCode).toBe(404);
    const free = await citizenWithDossier('0912000007', 0);
    const none = await app.inject({
      method: 'POST',
      url: '/api/payments',
      headers: free.session.headers,
      payload: { dossierId: free.dossierId },
    });
    expect(none.json().error.details.rule).toBe('no_fee');
  });

  it('lets counter staff over the unit see the payments, and refunds a paid fee on refusal', async () => {
    const { session, dossierId } = await citizenWithDossier('0912000008');
    await pay(session, dossierId, 'pay');
    const officer = await createUser(database.db, { tenantId, role: 'counter_officer', unitId });
    const staff = await signIn(app, officer.username);
    const list = await app.inject({
      method: 'GET',
      url: `/api/dossiers/${dossierId}/payments`,
      headers: staff.headers,
    });
    expect(list.statusCode).toBe(200);
    const refunded = await database.db.transaction().execute((trx) =>
      refundIfPaid(trx, {
        tenantId,
        dossierId,
        reason: 'Hồ sơ bị từ chối',
        actorId: officer.id,
        now: new Date(),
      }),
    );
    expect(refunded).toBe(true);
    const after = await app.inject({
      method: 'GET',
      url: `/api/dossiers/${dossierId}/payments`,
      headers: session.headers,
    });
    expect(after.json().items[0]).toMatchObject({
      status: 'refunded',
      refundReason: 'Hồ sơ bị từ chối',
    });
  });
});
