import type { AppModule } from '../registry.js';
import { publicInfoRoutes } from './publicinfo.routes.js';

export { exportHotlinesCsv, HOTLINE_CSV_COLUMNS, importHotlinesCsv } from './hotline.csv.js';
export {
  createHotline,
  deleteHotline,
  type HotlineInput,
  listDeletedHotlines,
  listManagedHotlines,
  listPublicHotlines,
  restoreHotline,
  updateHotline,
} from './hotline.service.js';
export { PUBLICINFO_MANAGE_ROLES } from './publicinfo.policy.js';
export {
  presentDeletedHotline,
  presentDeletedSession,
  presentHotline,
  presentReceptionStats,
  presentSession,
} from './publicinfo.presenter.js';
export {
  deleteSession,
  listDeletedSessions,
  restoreSession,
  updateSession,
} from './reception.edits.js';
export {
  actOnSession,
  createSession,
  listManagedSessions,
  listPublicSessions,
  type PlanPreview,
  planSessions,
  previewPlan,
  type SessionFields,
  unitReceptionIcs,
} from './reception.service.js';
export {
  publicReceptionStats,
  RECEPTION_STATS_CSV_COLUMNS,
  type ReceptionPeriodStats,
  readStatsPeriod,
  receptionStats,
  receptionStatsCsv,
  statsPeriod,
} from './reception.stats.js';

/** Public information: hotlines and citizen-reception schedules (/api/public/public-info, /api/public-info). */
export const publicInfoModule: AppModule = { name: 'publicinfo', routes: publicInfoRoutes };
