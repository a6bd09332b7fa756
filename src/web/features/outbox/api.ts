import { api } from '../../api.js';
import type { Status } from './outboxFormat.js';

/**
 * The contract of GET /api/admin/outbox (and /topics) and POST /api/admin/outbox/:id/retry
 * (src/modules/users/users.routes.ts, OutboxQuery and OutboxMessageSchema in users.schemas.ts).
 * Administrators only; the server checks every request.
 */
export interface OutboxMessage {
  id: number;
  topic: string;
  /** One of STATUSES; typed as string because the wire schema is. */
  status: string;
  attempts: number;
  dedupeKey: string | null;
  /** As queued; `{hidden: true}` in production for messages marked sensitive (one-time codes). */
  payload: unknown;
  /** ISO time with +07:00. For a pending message: when the next attempt is due. */
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface OutboxPage {
  items: OutboxMessage[];
  total: number;
  page: number;
  pageSize: number;
}

/** GET /api/admin/outbox/topics: each topic the outbox holds, with its messages by status. */
export interface OutboxTopic {
  topic: string;
  counts: Record<Status, number>;
}

export interface OutboxQuery {
  status?: Status | '';
  topic?: string;
  page?: number;
  pageSize?: number;
}

export const outboxApi = {
  /** Newest first, filtered by status and topic. */
  list: (query: OutboxQuery, signal?: AbortSignal) =>
    api.get<OutboxPage>('/api/admin/outbox', {
      query: {
        status: query.status || undefined,
        topic: query.topic?.trim() || undefined,
        page: query.page,
        pageSize: query.pageSize,
      },
      signal,
    }),
  /** The topics present, so the filter also offers those a later module adds. */
  topics: (signal?: AbortSignal) =>
    api.get<{ topics: OutboxTopic[] }>('/api/admin/outbox/topics', { signal }),
  /**
   * Queues a dead message again, attempts reset. `rule_violation` for a sent or dry-run
   * message, `not_found` for an unknown id.
   */
  retry: (id: number) => api.post<{ ok: true }>(`/api/admin/outbox/${id}/retry`),
};
