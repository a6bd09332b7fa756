import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { type Params, signResult, verifyParams } from './gateway.js';
import { gatewayFor, SANDBOX_PATH } from './payments.service.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Whether this deployment serves the sandbox gateway (never beside a real gateway). */
export function sandboxEnabled(ctx: AppContext, env = process.env): boolean {
  if (gatewayFor(ctx.config, env).name !== 'sandbox') return false;
  return ctx.config.env !== 'production' || env.MOTCUA_PAYMENT_SANDBOX === '1';
}

/**
 * The sandbox payment gateway, served by this app but behaving like an outside gateway: it
 * checks the merchant's signed order, shows its own payment page, and on a decision calls the
 * merchant's IPN endpoint server-to-server with a signed result before redirecting the browser
 * back with the same signed result. It reads nothing from the merchant's database.
 */
export async function sandboxGatewayRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const gateway = () => gatewayFor(ctx.config);
  const path = SANDBOX_PATH.replace(/^\/api/, '');

  app.get(
    path,
    { schema: { hide: true, querystring: Type.Record(Type.String(), Type.String()) } },
    async (request, reply) => {
      const params = request.query as Params;
      if (!verifyParams(params, gateway().secret) || params.merchant !== gateway().merchant)
        throw new AppError('payment_signature_invalid');
      const amount = Number(params.amount).toLocaleString('vi-VN');
      const hidden = Object.entries(params)
        .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
        .join('');
      // The app-wide no-referrer policy makes Chromium send `Origin: null` with this page's form
      // post, which the same-origin check refuses; the gateway's own page may name its origin.
      reply.type('text/html; charset=utf-8');
      return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="same-origin">
<title>Cổng thanh toán thử nghiệm</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
.card{border:1px solid #767676;border-radius:8px;padding:1.25rem}h1{font-size:1.4rem}.amount{font-size:1.6rem;font-weight:700}
button{font-size:1rem;padding:.7rem 1.2rem;margin:.5rem .5rem 0 0;border-radius:6px;border:2px solid #0b4f8a;cursor:pointer}
.pay{background:#0b4f8a;color:#fff}.cancel{background:#fff;color:#0b4f8a}button:focus-visible{outline:3px solid #f2a900;outline-offset:2px}
.note{color:#444;font-size:.9rem}</style></head><body><main class="card">
<h1>Cổng thanh toán thử nghiệm <span lang="en">(Sandbox gateway)</span></h1>
<p class="note">Môi trường thử nghiệm: không có giao dịch tiền thật. <span lang="en">Test environment: no real money moves.</span></p>
<p>Đơn vị nhận: <strong>${escapeHtml(params.merchant ?? '')}</strong></p>
<p>Nội dung: ${escapeHtml(params.orderInfo ?? '')}</p>
<p>Số tiền: <span class="amount">${escapeHtml(amount)} ₫</span></p>
<form method="post" action="${escapeHtml(SANDBOX_PATH)}">${hidden}
<button class="pay" name="decision" value="pay" type="submit">Thanh toán</button>
<button class="cancel" name="decision" value="cancel" type="submit">Hủy giao dịch</button>
</form></main></body></html>`;
    },
  );

  app.post(
    path,
    {
      schema: { hide: true, body: Type.Record(Type.String(), Type.String()) },
      config: { csrf: false },
    },
    async (request, reply) => {
      const { decision, ...params } = request.body as Params;
      if (!verifyParams(params, gateway().secret) || params.merchant !== gateway().merchant)
        throw new AppError('payment_signature_invalid');
      const result = signResult(
        {
          orderRef: params.orderRef!,
          amount: Number(params.amount),
          transactionRef: `SBX${Date.now()}${randomBytes(3).toString('hex')}`,
          responseCode: decision === 'pay' ? '00' : '24',
          paidAt: new Date().toISOString(),
        },
        gateway(),
      );
      // Server-to-server first, as real gateways do; the browser's return applies the same
      // signed result idempotently if this call does not get through.
      try {
        await fetch(params.ipnUrl!, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(result),
          signal: AbortSignal.timeout(5000),
        });
      } catch (error) {
        request.log.warn({ err: error }, 'sandbox gateway: IPN call failed');
      }
      return reply.redirect(`${params.returnUrl}?${new URLSearchParams(result).toString()}`, 303);
    },
  );
}
