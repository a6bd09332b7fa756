export {
  getOutboxMessage,
  listOutbox,
  type OutboxListOptions,
  type OutboxStatus,
  outboxTopics,
  retryOutboxMessage,
} from './admin.js';
export { deliverEmail, deliverHttp, deliverSms, type HttpDelivery, redactUrl } from './handlers.js';
export {
  type DeliveryContext,
  type DeliveryLog,
  type DeliveryResult,
  enqueue,
  type NewOutboxMessage,
  type OutboxBatchHandler,
  type OutboxHandler,
  type OutboxMessage,
  outboxBatchHandler,
  outboxHandler,
  PermanentDeliveryError,
  registerOutboxHandler,
} from './outbox.js';
export {
  backoffMs,
  OUTBOX_DEFAULTS,
  type OutboxWorkerOptions,
  outboxWorker,
  type RoundResult,
  runOutboxRound,
  startOutboxWorker,
} from './worker.js';
