import type { AppModule } from '../registry.js';
import { orgRoutes } from './org.routes.js';

export {
  currentSuccessors,
  formerPredecessors,
  isUnitValidOn,
  LINEAGE_KINDS,
  type LineageEdge,
  type LineageGraph,
  type LineageKind,
  type LineageReach,
  lineageEdgeProblem,
  type UnitValidity,
} from './org.lineage.js';
export { assertUnitAdmin, assertUnitAdminForRoot, UNIT_ADMIN_ROLES } from './org.policy.js';
export { preorder } from './org.presenter.js';
export {
  defaultTenant,
  findTenantByCode,
  findUnitByCode,
  findUnitById,
  insertUnit,
  isInSubtree,
  listTenants,
  type NewUnit,
  type UnitRow,
} from './org.repository.js';
export { todayIn } from './org.routes.js';
export {
  type ActingContext,
  type CreateUnitInput,
  closeUnit,
  createTenant,
  createUnit,
  getUnitDetail,
  LINEAGE_RELATIONS,
  type LineageRelation,
  listUnitTree,
  loadLineageGraph,
  recordLineage,
  type UnitDetail,
  type UnitListing,
  type UpdateUnitInput,
  updateUnit,
} from './org.service.js';
export { loadStarterTenant, STARTER_PASSWORD, type StarterLogin } from './starter.js';

/** Units, lineage and tenants under /api/units, /api/public/units and /api/tenants. */
export const orgModule: AppModule = { name: 'org', routes: orgRoutes };
