import type { AppModule } from '../registry.js';
import { feedbackRoutes } from './feedback.routes.js';

export {
  FEEDBACK_ACTION_ROLES,
  FEEDBACK_READ_ROLES,
  REPORTER_GRANT_ROLES,
} from './feedback.policy.js';
export {
  complainAgain,
  type FeedbackInput,
  getFeedback,
  grantReporterAccess,
  listFeedback,
  listPublishedAnswers,
  newTrackingCode,
  performFeedbackAction,
  rateReply,
  submitFeedback,
  trackFeedback,
} from './feedback.service.js';
export {
  insertSimulatedFeedback,
  type SimulatedFeedback,
  type SimulatedItem,
  simulateFeedback,
} from './feedback.simulate.js';

/** Feedback (PAKN), complaints and denunciations: /api/public/feedback and /api/feedback. */
export const feedbackModule: AppModule = { name: 'feedback', routes: feedbackRoutes };
