import type { AppModule } from '../registry.js';
import { registersRoutes } from './registers.routes.js';

export {
  listHeadcount,
  restoreHeadcount,
  setHeadcount,
  withdrawHeadcount,
} from './headcount.service.js';
export {
  correctInitiative,
  correctReplication,
  decideInitiative,
  evaluateInitiative,
  fileInitiative,
  getInitiative,
  listInitiatives,
  missingInitiatives,
  replicateInitiative,
  restoreInitiative,
  withdrawInitiative,
} from './initiatives.service.js';
export {
  addRecommendation,
  completeRecommendation,
  concludeInspection,
  correctInspection,
  correctRecommendation,
  getInspection,
  listInspections,
  overdueRecommendations,
  planInspection,
  restoreInspection,
  restoreRecommendation,
  startInspection,
  withdrawInspection,
  withdrawRecommendation,
} from './inspections.service.js';
export { registerCountsByUnit, type UnitRegisterCounts } from './metrics.service.js';
export {
  addTask,
  correctPlan,
  correctReport,
  correctTask,
  createPlan,
  getPlan,
  listPlans,
  overdueTasks,
  reportProgress,
  restorePlan,
  restoreTask,
  setTaskStatus,
  withdrawPlan,
  withdrawTask,
} from './plans.service.js';
export {
  FOLLOW_UP_ROLES,
  INITIATIVE_FILE_ROLES,
  REGISTER_MANAGE_ROLES,
  REGISTER_READ_ROLES,
} from './registers.policy.js';

/** Governance registers (initiatives, inspections, remediation plans) under /api/registers. */
export const registersModule: AppModule = { name: 'registers', routes: registersRoutes };
