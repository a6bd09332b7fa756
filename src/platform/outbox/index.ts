export {
  type DeliveryContext,
  type DeliveryLog,
  type DeliveryResult,
  enqueue,
  type NewOutboxMessage,
  type OutboxHandler,
  type OutboxMessage,
  outboxHandler,
  PermanentDeliveryError,
  registerOutboxHandler,
} from './outbox.js';
