/** Public surface of the real-time service index module (issue 6). */
export {
  ensureDefaultFramework,
  frameworkInForce,
  listFrameworks,
  saveFramework,
} from './framework.service.js';
export { addBulkLoadContributions } from './indices.bulk.js';
export { listIndicatorDossiers } from './indices.drilldown.js';
export { rankingPdf, rankingXlsx, scorecardPdf, scorecardXlsx } from './indices.export.js';
export {
  presentRanking,
  presentScorecard,
  presentUnitForCli,
  type UnitIndexJson,
} from './indices.presenter.js';
export {
  type CountSource,
  INDEX_READ_SETTINGS,
  type PairCounters,
  UNIT_DAY_COUNTER_COLUMNS,
} from './indices.repository.js';
export { INDEX_ROLES, indicesRoutes } from './indices.routes.js';
export { PeriodFields } from './indices.schemas.js';
export {
  computeServiceIndex,
  countsFor,
  NO_DATA_REASONS,
  peerGroupOf,
  periodFromQuery,
  RANKED_UNIT_KINDS,
  readPeriod,
  type ServiceIndexResult,
  type UnitIndex,
  unitTrend,
} from './indices.service.js';

import type { AppModule } from '../registry.js';
import { indicesRoutes as routes } from './indices.routes.js';

/** The service-index capability: its routes under /api/indices and /api/public/indices. */
export const indicesModule: AppModule = { name: 'indices', routes };
