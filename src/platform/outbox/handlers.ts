import nodemailer, { type Transporter } from 'nodemailer';
import { maskEmail, maskPhone } from '../crypto/redact.js';
import {
  type DeliveryContext,
  type OutboxMessage,
  PermanentDeliveryError,
  registerOutboxHandler,
} from './outbox.js';

export interface HttpDelivery {
  url: string;
  /** JSON body; `messageId` is added so the receiver can drop duplicates. */
  body: Record<string, unknown>;
  /** The outbox message id, also sent as the `Idempotency-Key` header. */
  messageId: number | string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * POSTs a JSON message to an HTTP endpoint, for any topic that talks HTTP (SMS gateway,
 * national-portal sync). At least once: the same message may arrive twice after a crash or a
 * timeout, so it carries `Idempotency-Key: outbox-<id>` and `messageId` in the body.
 * 2xx is delivered; 408, 425, 429 and 5xx and network errors are retried; other 4xx are
 * permanent (PermanentDeliveryError: dead at once, retrying cannot fix a rejected request).
 * Returns the response body text (trimmed to 2,000 characters).
 */
export async function deliverHttp(delivery: HttpDelivery): Promise<string> {
  const key = `outbox-${delivery.messageId}`;
  let response: Response;
  try {
    response = await fetch(delivery.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key, ...delivery.headers },
      body: JSON.stringify({ messageId: key, ...delivery.body }),
      signal: AbortSignal.timeout(delivery.timeoutMs ?? 10_000),
      redirect: 'error',
    });
  } catch (error) {
    throw new Error(`POST ${redactUrl(delivery.url)} failed: ${(error as Error).message}`);
  }
  const text = (await response.text().catch(() => '')).slice(0, 2000);
  if (response.ok) return text;
  const message = `POST ${redactUrl(delivery.url)} answered ${response.status}: ${text.slice(0, 200)}`;
  if (
    response.status === 408 ||
    response.status === 425 ||
    response.status === 429 ||
    response.status >= 500
  )
    throw new Error(message);
  throw new PermanentDeliveryError(message);
}

/** A URL without its credentials, for error messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '***';
      parsed.password = '';
    }
    parsed.search = parsed.search ? '?…' : '';
    return parsed.toString();
  } catch {
    return '(invalid url)';
  }
}

function requireString(message: OutboxMessage, field: string): string {
  const value = message.payload[field];
  if (typeof value !== 'string' || value === '')
    throw new PermanentDeliveryError(`${message.topic} message ${message.id} has no ${field}`);
  return value;
}

const transports = new Map<string, Transporter>();

/**
 * `email`: payload {to, subject, text, html?}. Sent through SMTP when SMTP_URL is set (the
 * outbox id becomes the Message-ID, so a mail server or reader can spot a repeat), otherwise
 * recorded as dry_run and logged.
 */
export async function deliverEmail(message: OutboxMessage, context: DeliveryContext) {
  const to = requireString(message, 'to');
  const subject = requireString(message, 'subject');
  const text = requireString(message, 'text');
  if (!context.config.smtpUrl) {
    context.log.info(
      { outboxId: message.id, topic: 'email', to: maskEmail(to), subject },
      'e-mail not sent: SMTP_URL is not set (dry run)',
    );
    return 'dry_run' as const;
  }
  let transport = transports.get(context.config.smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport(context.config.smtpUrl);
    transports.set(context.config.smtpUrl, transport);
  }
  const html = message.payload.html;
  await transport.sendMail({
    from: context.config.mailFrom,
    to,
    subject,
    text,
    ...(typeof html === 'string' ? { html } : {}),
    messageId: `<outbox-${message.id}@motcua>`,
    headers: { 'X-Motcua-Outbox-Id': String(message.id) },
  });
  return 'sent' as const;
}

/**
 * `sms`: payload {to, text}. POSTed as JSON {messageId, to, text} to SMS_GATEWAY_URL when set,
 * otherwise recorded as dry_run and logged.
 */
export async function deliverSms(message: OutboxMessage, context: DeliveryContext) {
  const to = requireString(message, 'to');
  const text = requireString(message, 'text');
  if (!context.config.smsGatewayUrl) {
    context.log.info(
      { outboxId: message.id, topic: 'sms', to: maskPhone(to) },
      'SMS not sent: SMS_GATEWAY_URL is not set (dry run)',
    );
    return 'dry_run' as const;
  }
  await deliverHttp({
    url: context.config.smsGatewayUrl,
    messageId: message.id,
    body: { to, text },
  });
  return 'sent' as const;
}

registerOutboxHandler('email', deliverEmail);
registerOutboxHandler('sms', deliverSms);
