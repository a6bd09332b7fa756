import type { BadgeTone } from '../../components/StatusBadge.js';

/**
 * Pure helpers of the outbox screen: how a message's payload reads to a person, its one-line
 * summary, the tone of its status, and the filters kept in the address. No I/O, no React.
 */

/** The statuses of src/platform/outbox (`OutboxStatus` in admin.ts; the API's contract). */
export type Status = 'pending' | 'sent' | 'dead' | 'dry_run';

/** Every status the query accepts, in the order the filter offers them. */
export const STATUSES: readonly Status[] = ['pending', 'dead', 'dry_run', 'sent'];

/**
 * The topics the app queues today (the list is open: a module may register another handler;
 * an unknown topic is shown as stored). `dossier.status` feeds applicant notices and the
 * national-portal sync; `portal_sync` is the portal's own topic.
 */
export const TOPICS = [
  'email',
  'sms',
  'dossier.status',
  'notify.applicant',
  'portal_sync',
] as const;

/** The page sizes the screen offers (the API allows 1–200). */
export const PAGE_SIZES = [20, 50, 100] as const;

/** What the message dialog shows for a payload. */
export type PayloadView =
  /** Sensitive (a one-time code) and the server runs in production: the content is withheld. */
  | { kind: 'hidden' }
  | {
      kind: 'email';
      to: string;
      subject: string;
      text: string;
      html: string | null;
      /** A one-time sign-in code: readable here only outside production. */
      sensitive: boolean;
    }
  | { kind: 'sms'; to: string; text: string; sensitive: boolean }
  /** Anything else (dossier status events, portal sync, a malformed e-mail): formatted JSON. */
  | { kind: 'json'; json: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The server's stand-in for a sensitive payload in production: exactly `{hidden: true}`. */
export function isHiddenPayload(payload: unknown): boolean {
  return isRecord(payload) && payload.hidden === true && Object.keys(payload).length === 1;
}

/**
 * Reads a payload the way its deliverer does (src/platform/outbox/handlers.ts): `email` needs
 * {to, subject, text, html?}, `sms` needs {to, text}. A payload its deliverer would refuse is
 * shown as JSON, so nothing is hidden from the administrator.
 */
export function presentPayload(topic: string, payload: unknown): PayloadView {
  if (isHiddenPayload(payload)) return { kind: 'hidden' };
  if (isRecord(payload)) {
    const sensitive = payload.sensitive === true;
    const to = text(payload.to);
    const body = text(payload.text);
    if (topic === 'email') {
      const subject = text(payload.subject);
      if (to && subject && body)
        return { kind: 'email', to, subject, text: body, html: text(payload.html), sensitive };
    } else if (topic === 'sms' && to && body) {
      return { kind: 'sms', to, text: body, sensitive };
    }
  }
  return { kind: 'json', json: JSON.stringify(payload ?? null, null, 2) };
}

/** One line: whitespace folded, cut at `max` characters with an ellipsis. */
export function shorten(value: string, max = 100): string {
  const line = value.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

/** Fields that say most about a message of another topic, in this order (dossier events…). */
const HEADLINE_FIELDS = ['code', 'event', 'action', 'from', 'to', 'dossierId', 'kind'] as const;

/**
 * What a list row says about a message: its recipient (e-mail, SMS) and a short line (the
 * subject, the start of the text, or the telling fields of another payload). `hidden` when the
 * server withheld the content.
 */
export function summarize(
  topic: string,
  payload: unknown,
): { to: string | null; line: string; hidden: boolean } {
  const view = presentPayload(topic, payload);
  switch (view.kind) {
    case 'hidden':
      return { to: null, line: '', hidden: true };
    case 'email':
      return { to: view.to, line: shorten(view.subject), hidden: false };
    case 'sms':
      return { to: view.to, line: shorten(view.text), hidden: false };
    case 'json': {
      if (!isRecord(payload)) return { to: null, line: shorten(view.json), hidden: false };
      const parts = HEADLINE_FIELDS.flatMap((key) => {
        const value = payload[key];
        return typeof value === 'string' || typeof value === 'number' ? [`${key}: ${value}`] : [];
      });
      const line = parts.length > 0 ? parts.join(' · ') : JSON.stringify(payload);
      return { to: null, line: shorten(line), hidden: false };
    }
  }
}

/** The badge tone of a status: a failure stands out, a kept (dry-run) message stays quiet. */
export function statusTone(status: string): BadgeTone {
  switch (status) {
    case 'pending':
      return 'info';
    case 'sent':
      return 'success';
    case 'dead':
      return 'danger';
    default:
      return 'neutral';
  }
}

export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}

/** Only a dead message is offered "send again" (a delivered one is never re-sent). */
export function canRetry(status: string): boolean {
  return status === 'dead';
}

/**
 * The translation key of a known topic (`topic.dossier_status`: i18next reads dots as nesting),
 * or null for a topic this screen does not know, which is then shown as stored.
 */
export function topicKey(topic: string): string | null {
  return (TOPICS as readonly string[]).includes(topic) ? `topic.${topic.replace('.', '_')}` : null;
}

export interface Filters {
  status: Status | '';
  topic: string;
  page: number;
  pageSize: number;
}

export const DEFAULT_PAGE_SIZE: number = PAGE_SIZES[0];

/** The filters kept in the address (`?status=dead&topic=email&page=2`); bad values are dropped. */
export function filtersFrom(params: URLSearchParams): Filters {
  const status = params.get('status');
  const topic = (params.get('topic') ?? '').trim().slice(0, 50);
  const page = Number(params.get('page'));
  const size = Number(params.get('pageSize'));
  return {
    status: isStatus(status) ? status : '',
    topic,
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
    pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE,
  };
}

/** The address form of `filters`, leaving out defaults so a plain list has a plain address. */
export function paramsFrom(filters: Filters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status) params.set('status', filters.status);
  if (filters.topic.trim()) params.set('topic', filters.topic.trim());
  if (filters.pageSize !== DEFAULT_PAGE_SIZE) params.set('pageSize', String(filters.pageSize));
  if (filters.page > 1) params.set('page', String(filters.page));
  return params;
}
