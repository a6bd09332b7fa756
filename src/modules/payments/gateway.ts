import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A redirect-and-callback payment gateway of the kind Vietnamese gateways offer (VNPay-style):
 * the payer's browser is sent to the gateway with signed order parameters; the gateway calls the
 * merchant server-to-server (IPN) with the signed result and redirects the browser back with the
 * same signed result. Signature: HMAC-SHA512 over the parameters sorted by name, joined as
 * `k=v&k=v` with values URI-encoded. The sandbox inside the app speaks exactly this, so a real
 * gateway is a change of `url`, `merchant` and `secret`.
 */
export interface GatewayConfig {
  name: string;
  /** Where the payer's browser is sent to pay. */
  url: string;
  merchant: string;
  secret: string;
}

export type Params = Record<string, string>;

export function signParams(params: Params, secret: string): string {
  const data = Object.keys(params)
    .filter((k) => k !== 'signature' && params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => `${k}=${encodeURIComponent(params[k]!)}`)
    .join('&');
  return createHmac('sha512', secret).update(data, 'utf8').digest('hex');
}

export function verifyParams(params: Params, secret: string): boolean {
  const given = params.signature;
  if (typeof given !== 'string' || !/^[0-9a-f]{128}$/.test(given)) return false;
  const expected = signParams(params, secret);
  return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(expected, 'hex'));
}

export interface PaymentOrder {
  orderRef: string;
  amount: number;
  description: string;
  returnUrl: string;
  ipnUrl: string;
  createdAt: Date;
}

/** The URL that sends the payer to the gateway for this order. */
export function paymentUrl(gateway: GatewayConfig, order: PaymentOrder): string {
  const params: Params = {
    merchant: gateway.merchant,
    orderRef: order.orderRef,
    amount: String(order.amount),
    currency: 'VND',
    orderInfo: order.description,
    returnUrl: order.returnUrl,
    ipnUrl: order.ipnUrl,
    createdAt: order.createdAt.toISOString(),
  };
  params.signature = signParams(params, gateway.secret);
  return `${gateway.url}?${new URLSearchParams(params).toString()}`;
}

/** The gateway's answer about one order, as carried by the IPN call and the return redirect. */
export interface GatewayResult {
  orderRef: string;
  amount: number;
  transactionRef: string;
  /** '00' paid; anything else is a failure or a cancellation. */
  responseCode: string;
  paidAt: string;
}

/** Reads and checks a signed result; null when the signature or the fields are wrong. */
export function readGatewayResult(params: Params, gateway: GatewayConfig): GatewayResult | null {
  if (!verifyParams(params, gateway.secret)) return null;
  if (params.merchant !== gateway.merchant) return null;
  const amount = Number(params.amount);
  if (
    !params.orderRef ||
    !Number.isSafeInteger(amount) ||
    amount < 0 ||
    !params.transactionRef ||
    !params.responseCode
  )
    return null;
  return {
    orderRef: params.orderRef,
    amount,
    transactionRef: params.transactionRef,
    responseCode: params.responseCode,
    paidAt: params.paidAt ?? '',
  };
}

export function signResult(result: GatewayResult, gateway: GatewayConfig): Params {
  const params: Params = {
    merchant: gateway.merchant,
    orderRef: result.orderRef,
    amount: String(result.amount),
    transactionRef: result.transactionRef,
    responseCode: result.responseCode,
    paidAt: result.paidAt,
  };
  params.signature = signParams(params, gateway.secret);
  return params;
}
