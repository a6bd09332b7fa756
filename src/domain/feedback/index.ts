/**
 * Feedback (PAKN), complaints and denunciations: the state machine, the handling deadlines and
 * indicators 6.1/6.2 of the real-time service index. Pure functions, no I/O (DOMAIN §9).
 */
export {
  answerDueAfterInfo,
  DEFAULT_FEEDBACK_LIMITS,
  deadlinesFrom,
  type FeedbackLimits,
  type HandlingDeadlines,
  publishDueFrom,
} from './deadlines.js';
export {
  addFeedbackRoles,
  classifyFeedback,
  type DissatisfactionReason,
  emptyFeedbackCounts,
  type FeedbackClass,
  type FeedbackCounts,
  type FeedbackFacts,
  type FeedbackRoles,
  type FeedbackWindow,
  feedbackOnTimeCounts,
  feedbackRoles,
  feedbackSatisfactionCounts,
  pendingDueAt,
  waitingForInfo,
} from './indicators.js';
export {
  allowedActions,
  FEEDBACK_ACTIONS,
  FEEDBACK_CHANNELS,
  FEEDBACK_KINDS,
  FEEDBACK_STATES,
  type FeedbackAction,
  type FeedbackChannel,
  type FeedbackKind,
  type FeedbackState,
  FINAL_STATES,
  hasReply,
  isFinished,
  nextState,
} from './machine.js';
