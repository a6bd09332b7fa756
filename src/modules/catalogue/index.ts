import type { AppModule } from '../registry.js';
import { catalogueRoutes } from './catalogue.routes.js';

export type { TableFormat } from './catalogue.files.js';
export {
  type ExportedCatalogue,
  exportCatalogue,
  type ImportIssue,
  type ImportReport,
  type ImportRowReport,
  importCatalogue,
} from './catalogue.import.js';
export { assertCatalogueEditor, CATALOGUE_EDIT_ROLES } from './catalogue.policy.js';
export type { VersionRow } from './catalogue.records.js';
export {
  type CatalogueDeps,
  type ChangedBy,
  createProcedure,
  currentVersionAt,
  getProcedure,
  listProcedures,
  type ProcedureDetail,
  type ProcedureVersionAt,
  setProcedureActive,
  updateProcedure,
} from './catalogue.service.js';

/** The procedure catalogue: public browsing under /api/public, back office under /api/catalogue. */
export const catalogueModule: AppModule = { name: 'catalogue', routes: catalogueRoutes };
