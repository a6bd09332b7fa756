import type { AppModule } from '../registry.js';
import { annualRoutes } from './annual.routes.js';

export {
  type Assessment,
  type AssessmentItem,
  appraise,
  getAssessment,
  saveSelfAssessment,
  submitSelfAssessment,
} from './annual.assessment.js';
export { answerContest, type ContestView, fileContest, listContests } from './annual.contests.js';
export {
  type AnnualActing,
  advanceCycle,
  type CycleView,
  getCycle,
  importFramework,
  listCycles,
  readFramework,
} from './annual.cycle.js';
export {
  deleteExternal,
  type ExternalRecord,
  externalTrendsOf,
  importExternal,
  listExternal,
  saveExternal,
} from './annual.external.js';
export {
  ANNUAL_DRAFT_ROLES,
  ANNUAL_MANAGE_ROLES,
  ANNUAL_SUBMIT_ROLES,
} from './annual.policy.js';
export { computeRanking, type Ranking } from './annual.ranking.js';
export {
  type AnnualResults,
  listResults,
  publicResults,
  type RankedUnit,
  unitResult,
} from './annual.results.js';
export { computeAutomatic, importSurvey } from './annual.sources.js';

/** The annual CCHC index: /api/annual (staff) and /api/public/annual (published results). */
export const annualModule: AppModule = { name: 'annual', routes: annualRoutes };
