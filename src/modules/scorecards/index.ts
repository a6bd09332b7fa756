import type { AppModule } from '../registry.js';
import { scorecardsRoutes } from './scorecards.routes.js';

export {
  listStaffScorecards,
  type OfficerScorecard,
  ownStaffScorecard,
  SCORECARD_READ_ROLES,
  type StaffScorecards,
  scorecardScope,
} from './scorecards.service.js';

/** Staff scorecards (the figures behind a yearly appraisal): /api/scorecards. */
export const scorecardsModule: AppModule = { name: 'scorecards', routes: scorecardsRoutes };
