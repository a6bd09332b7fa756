import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../platform/context.js';
import { isAppError } from '../../platform/errors.js';
import { requireActor } from '../auth/index.js';
import type { Params } from './gateway.js';
import { applyGatewayResult, listDossierPayments, startPayment } from './payments.service.js';
import { sandboxEnabled, sandboxGatewayRoutes } from './sandbox.js';

const Payment = Type.Object({
  id: Type.Integer(),
  amount: Type.Number(),
  currency: Type.String(),
  gateway: Type.String(),
  status: Type.String(),
  receiptNo: Type.Union([Type.String(), Type.Null()]),
  transactionRef: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  paidAt: Type.Union([Type.String(), Type.Null()]),
  refundedAt: Type.Union([Type.String(), Type.Null()]),
  refundReason: Type.Union([Type.String(), Type.Null()]),
});

// VNPay-style IPN answer codes, which gateways of this kind expect in a 200 response.
const IPN_CODES = {
  ok: '00',
  unknownOrder: '01',
  alreadyApplied: '02',
  amount: '04',
  signature: '97',
  error: '99',
} as const;

export async function paymentRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // Gateways post form-encoded results; Fastify only parses JSON by itself.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 16 * 1024 },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );

  app.post(
    '/payments',
    {
      preValidation: requireActor,
      schema: {
        tags: ['payments'],
        summary:
          'Start paying a dossier’s fee online; returns the gateway URL to send the payer to',
        body: Type.Object(
          { dossierId: Type.Integer({ minimum: 1 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            paymentId: Type.Integer(),
            orderRef: Type.String(),
            amount: Type.Number(),
            status: Type.String(),
            redirectUrl: Type.String(),
          }),
        },
      },
    },
    async (request) =>
      startPayment({ ctx, actor: request.actor!, dossierId: request.body.dossierId }),
  );

  app.get(
    '/dossiers/:id/payments',
    {
      preValidation: requireActor,
      schema: {
        tags: ['payments'],
        summary: 'Payments of a dossier (its applicant, or staff over its unit)',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        response: { 200: Type.Object({ items: Type.Array(Payment) }) },
      },
    },
    async (request) => {
      const rows = await listDossierPayments({
        ctx,
        actor: request.actor!,
        dossierId: request.params.id,
      });
      return {
        items: rows.map((r) => ({
          id: r.id,
          amount: Number(r.amount),
          currency: r.currency,
          gateway: r.gateway,
          status: r.status,
          receiptNo: r.receipt_no,
          transactionRef: r.transaction_ref,
          createdAt: new Date(r.created_at).toISOString(),
          paidAt: r.paid_at ? new Date(r.paid_at).toISOString() : null,
          refundedAt: r.refunded_at ? new Date(r.refunded_at).toISOString() : null,
          refundReason: r.refund_reason,
        })),
      };
    },
  );

  app.post(
    '/payments/ipn',
    {
      config: { csrf: false },
      schema: {
        tags: ['payments'],
        summary: 'Server-to-server result from the payment gateway (signed); idempotent',
        body: Type.Record(Type.String(), Type.String()),
        response: { 200: Type.Object({ RspCode: Type.String(), Message: Type.String() }) },
      },
    },
    async (request) => {
      try {
        const applied = await applyGatewayResult({
          ctx,
          params: request.body as Params,
          source: 'ipn',
        });
        return applied.outcome === 'already_applied'
          ? { RspCode: IPN_CODES.alreadyApplied, Message: 'Order already confirmed' }
          : { RspCode: IPN_CODES.ok, Message: 'Confirm Success' };
      } catch (error) {
        if (!isAppError(error)) throw error;
        if (error.code === 'payment_signature_invalid')
          return { RspCode: IPN_CODES.signature, Message: 'Invalid signature' };
        if (error.code === 'payment_amount_mismatch')
          return { RspCode: IPN_CODES.amount, Message: 'Invalid amount' };
        if (error.code === 'not_found')
          return { RspCode: IPN_CODES.unknownOrder, Message: 'Order not found' };
        throw error;
      }
    },
  );

  app.get(
    '/payments/return',
    {
      schema: {
        tags: ['payments'],
        summary: 'Where the gateway sends the payer back; shows the result page',
        querystring: Type.Record(Type.String(), Type.String()),
      },
    },
    async (request, reply) => {
      let target = '/thanh-toan/ket-qua?status=error';
      try {
        const applied = await applyGatewayResult({
          ctx,
          params: request.query as Params,
          source: 'return',
        });
        target = `/thanh-toan/ket-qua?status=${applied.status}&dossier=${applied.dossierId}`;
      } catch (error) {
        if (!isAppError(error)) throw error;
        target = `/thanh-toan/ket-qua?status=error&code=${error.code}`;
      }
      return reply.redirect(target, 303);
    },
  );

  if (sandboxEnabled(ctx)) await sandboxGatewayRoutes(app, ctx);
}
