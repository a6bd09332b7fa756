import { hkdfSync, randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { recordAudit } from '../../platform/audit/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import { hasRoleOverUnit } from '../../platform/auth/actor.js';
import type { Config } from '../../platform/config.js';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { enqueue } from '../../platform/outbox/index.js';
import {
  type GatewayConfig,
  type GatewayResult,
  type Params,
  paymentUrl,
  readGatewayResult,
} from './gateway.js';
import './payments.tables.js';

export const SANDBOX_PATH = '/api/payments/sandbox/pay';

/**
 * The gateway in use: a real one when PAYMENT_GATEWAY_URL, PAYMENT_MERCHANT and
 * PAYMENT_SECRET are set, otherwise the sandbox served by this app, whose secret is derived
 * from the deployment's secret key so it survives restarts.
 */
export function gatewayFor(config: Config, env = process.env): GatewayConfig {
  if (env.PAYMENT_GATEWAY_URL && env.PAYMENT_MERCHANT && env.PAYMENT_SECRET) {
    return {
      name: env.PAYMENT_GATEWAY_NAME ?? 'gateway',
      url: env.PAYMENT_GATEWAY_URL,
      merchant: env.PAYMENT_MERCHANT,
      secret: env.PAYMENT_SECRET,
    };
  }
  const secret = Buffer.from(
    hkdfSync('sha256', config.secretKey, 'motcua', 'payment sandbox v1', 32),
  ).toString('hex');
  return { name: 'sandbox', url: `${config.publicUrl}${SANDBOX_PATH}`, merchant: 'MOTCUA', secret };
}

interface PayableDossier {
  id: number;
  tenant_id: number;
  code: string | null;
  status: string;
  fee_amount: number;
  applicant_user_id: number | null;
  receiving_unit_id: number;
  procedure_name: string;
}

async function payableDossier(
  db: Kysely<DB>,
  tenantId: number,
  dossierId: number,
): Promise<PayableDossier | undefined> {
  const result = await sql<PayableDossier>`
    select d.id, d.tenant_id, d.code, d.status, d.fee_amount, d.applicant_user_id, d.receiving_unit_id, v.name as procedure_name
    from dossiers d join procedure_versions v on v.id = d.procedure_version_id
    where d.tenant_id = ${tenantId} and d.id = ${dossierId}`.execute(db);
  return result.rows[0];
}

/** Who may pay a dossier's fee online: its applicant, or staff of the receiving unit's subtree. */
async function mayPay(db: Kysely<DB>, actor: Actor, dossier: PayableDossier): Promise<boolean> {
  if (dossier.applicant_user_id === actor.userId) return true;
  return (
    actor.kind !== 'citizen' &&
    (await hasRoleOverUnit(
      db,
      actor,
      ['counter_officer', 'leader', 'administrator'],
      dossier.receiving_unit_id,
    ))
  );
}

const FINISHED = new Set(['returned', 'stopped', 'withdrawn', 'not_accepted']);

/**
 * Opens a payment order for a dossier's fee and returns the URL that sends the payer to the
 * gateway. The amount is the dossier's fee as recorded on the server, never one sent by the
 * browser. Throws `not_found` (also for dossiers the actor may not see), `rule_violation`
 * when there is nothing to pay or it is already paid.
 */
export async function startPayment(options: {
  ctx: AppContext;
  actor: Actor;
  dossierId: number;
  returnTo?: string;
}) {
  const { ctx, actor } = options;
  const dossier = await payableDossier(ctx.db, actor.tenantId, options.dossierId);
  if (!dossier || !(await mayPay(ctx.db, actor, dossier))) throw new AppError('not_found');
  if (!(dossier.fee_amount > 0))
    throw new AppError('rule_violation', {
      message: 'this dossier has no fee to pay',
      details: { rule: 'no_fee' },
    });
  if (FINISHED.has(dossier.status))
    throw new AppError('rule_violation', {
      message: 'the dossier is closed',
      details: { rule: 'dossier_closed' },
    });
  const gateway = gatewayFor(ctx.config);
  const orderRef = `${dossier.id}-${randomBytes(6).toString('hex')}`;
  const payment = await ctx.db.transaction().execute(async (trx) => {
    const paid = await trx
      .selectFrom('payments')
      .select('id')
      .where('dossier_id', '=', dossier.id)
      .where('status', '=', 'paid')
      .executeTakeFirst();
    if (paid)
      throw new AppError('rule_violation', {
        message: 'the fee is already paid',
        details: { rule: 'already_paid' },
      });
    const row = await trx
      .insertInto('payments')
      .values({
        tenant_id: dossier.tenant_id,
        dossier_id: dossier.id,
        amount: dossier.fee_amount,
        gateway: gateway.name,
        order_ref: orderRef,
        created_by: actor.userId,
      })
      .returning(['id', 'amount', 'order_ref', 'status', 'created_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      tenantId: dossier.tenant_id,
      actorId: actor.userId,
      unitId: dossier.receiving_unit_id,
      action: 'payment.started',
      entity: 'payment',
      entityId: row.id,
      after: { dossierId: dossier.id, amount: row.amount, orderRef },
      at: ctx.now(),
    });
    return row;
  });
  const returnUrl = `${ctx.config.publicUrl}/api/payments/return`;
  const redirectUrl = paymentUrl(gateway, {
    orderRef,
    amount: payment.amount,
    description:
      `Lệ phí hồ sơ ${dossier.code ?? `#${dossier.id}`}: ${dossier.procedure_name}`.slice(0, 250),
    returnUrl,
    ipnUrl: `${ctx.config.publicUrl}/api/payments/ipn`,
    createdAt: ctx.now(),
  });
  return {
    paymentId: payment.id,
    orderRef,
    amount: payment.amount,
    status: payment.status,
    redirectUrl,
  };
}

export type ApplyOutcome = 'paid' | 'failed' | 'already_applied';

/**
 * Applies a gateway result once, whichever arrives first (the server-to-server IPN or the
 * browser's return) and however often it is repeated: the payment row is locked, a result for
 * an order already settled changes nothing. The amount must equal the order's amount
 * (`payment_amount_mismatch`), the signature must hold (`payment_signature_invalid`). A
 * successful payment marks the dossier paid online (indicator 4.3), numbers a receipt, and
 * tells the applicant through the outbox.
 */
export async function applyGatewayResult(options: {
  ctx: AppContext;
  params: Params;
  source: 'ipn' | 'return';
}): Promise<{ outcome: ApplyOutcome; paymentId: number; dossierId: number; status: string }> {
  const { ctx } = options;
  const result = readGatewayResult(options.params, gatewayFor(ctx.config));
  if (!result) throw new AppError('payment_signature_invalid');
  return ctx.db.transaction().execute(async (trx) => {
    const payment = await trx
      .selectFrom('payments')
      .selectAll()
      .where('order_ref', '=', result.orderRef)
      .forUpdate()
      .executeTakeFirst();
    if (!payment) throw new AppError('not_found', { message: `unknown order ${result.orderRef}` });
    if (Number(payment.amount) !== result.amount) {
      throw new AppError('payment_amount_mismatch', {
        details: { expected: Number(payment.amount), received: result.amount },
      });
    }
    if (payment.status !== 'pending') {
      return {
        outcome: 'already_applied' as const,
        paymentId: payment.id,
        dossierId: payment.dossier_id,
        status: payment.status,
      };
    }
    const now = ctx.now();
    if (result.responseCode !== '00') {
      const status = result.responseCode === '24' ? 'cancelled' : 'failed';
      await trx
        .updateTable('payments')
        .set({
          status,
          failed_at: now,
          transaction_ref: result.transactionRef,
          result: JSON.stringify({ ...result, source: options.source }),
        })
        .where('id', '=', payment.id)
        .execute();
      await recordAudit(trx, {
        tenantId: payment.tenant_id,
        actorId: null,
        action: `payment.${status}`,
        entity: 'payment',
        entityId: payment.id,
        before: { status: 'pending' },
        after: { status, responseCode: result.responseCode },
        at: now,
      });
      return {
        outcome: 'failed' as const,
        paymentId: payment.id,
        dossierId: payment.dossier_id,
        status,
      };
    }
    return settlePaid(trx, { payment, result, source: options.source, now });
  });
}

async function settlePaid(
  trx: Kysely<DB>,
  input: {
    payment: { id: number; tenant_id: number; dossier_id: number; amount: number };
    result: GatewayResult;
    source: string;
    now: Date;
  },
) {
  const { payment, result, now } = input;
  const receiptNo = `BL${now.getUTCFullYear()}-${String(payment.id).padStart(8, '0')}`;
  await trx
    .updateTable('payments')
    .set({
      status: 'paid',
      paid_at: now,
      transaction_ref: result.transactionRef,
      receipt_no: receiptNo,
      result: JSON.stringify({ ...result, source: input.source }),
    })
    .where('id', '=', payment.id)
    .execute();
  const dossier = await sql<{
    applicant_user_id: number | null;
    code: string | null;
    receiving_unit_id: number;
  }>`
    update dossiers set paid_online = true, updated_at = ${now} where id = ${payment.dossier_id}
    returning applicant_user_id, code, receiving_unit_id`.execute(trx);
  const row = dossier.rows[0];
  await recordAudit(trx, {
    tenantId: payment.tenant_id,
    actorId: null,
    unitId: row?.receiving_unit_id ?? null,
    action: 'payment.paid',
    entity: 'payment',
    entityId: payment.id,
    before: { status: 'pending' },
    after: { status: 'paid', receiptNo, transactionRef: result.transactionRef },
    at: now,
  });
  if (row?.applicant_user_id) {
    await enqueue(trx, {
      tenantId: payment.tenant_id,
      topic: 'notify.applicant',
      payload: {
        userId: row.applicant_user_id,
        event: 'payment_paid',
        dossierId: payment.dossier_id,
        code: row.code,
        amount: Number(payment.amount),
        receiptNo,
      },
      dedupeKey: `payment-paid-${payment.id}`,
    });
  }
  return {
    outcome: 'paid' as const,
    paymentId: payment.id,
    dossierId: payment.dossier_id,
    status: 'paid',
  };
}

/**
 * Refunds a dossier's successful payment (a paid dossier that is refused or stopped gets its fee
 * back). Runs inside the caller's transaction so the refusal and the refund stand or fall
 * together; does nothing when there is no paid payment. The sandbox refunds at once; a real
 * gateway's refund call would be queued through the outbox from here.
 */
export async function refundIfPaid(
  trx: Kysely<DB>,
  input: { tenantId: number; dossierId: number; reason: string; actorId: number | null; now: Date },
): Promise<boolean> {
  const paid = await trx
    .selectFrom('payments')
    .select(['id', 'amount'])
    .where('tenant_id', '=', input.tenantId)
    .where('dossier_id', '=', input.dossierId)
    .where('status', '=', 'paid')
    .forUpdate()
    .executeTakeFirst();
  if (!paid) return false;
  await trx
    .updateTable('payments')
    .set({ status: 'refunded', refunded_at: input.now, refund_reason: input.reason })
    .where('id', '=', paid.id)
    .execute();
  await recordAudit(trx, {
    tenantId: input.tenantId,
    actorId: input.actorId,
    action: 'payment.refunded',
    entity: 'payment',
    entityId: paid.id,
    before: { status: 'paid' },
    after: { status: 'refunded', reason: input.reason },
    at: input.now,
  });
  return true;
}

/** The payments of a dossier, for its applicant or staff over its unit (`not_found` otherwise). */
export async function listDossierPayments(options: {
  ctx: AppContext;
  actor: Actor;
  dossierId: number;
}) {
  const { ctx, actor } = options;
  const dossier = await payableDossier(ctx.db, actor.tenantId, options.dossierId);
  if (!dossier || !(await mayPay(ctx.db, actor, dossier))) throw new AppError('not_found');
  return ctx.db
    .selectFrom('payments')
    .select([
      'id',
      'amount',
      'currency',
      'gateway',
      'status',
      'receipt_no',
      'transaction_ref',
      'created_at',
      'paid_at',
      'refunded_at',
      'refund_reason',
    ])
    .where('dossier_id', '=', dossier.id)
    .orderBy('id', 'desc')
    .execute();
}
