/** Public surface of the real-time service index module (issue 6). */
export {
  ensureDefaultFramework,
  frameworkInForce,
  listFrameworks,
  saveFramework,
} from './framework.service.js';
export {
  presentRanking,
  presentScorecard,
  presentUnitForCli,
  type UnitIndexJson,
} from './indices.presenter.js';
export type { CountSource, PairCounters } from './indices.repository.js';
export {
  computeServiceIndex,
  countsFor,
  NO_DATA_REASONS,
  peerGroupOf,
  RANKED_UNIT_KINDS,
  readPeriod,
  type ServiceIndexResult,
  type UnitIndex,
} from './indices.service.js';
