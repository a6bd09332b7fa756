import type { AppModule } from '../registry.js';
import { dossierFormRoutes } from './dossier.forms.routes.js';
import { dossierRoutes } from './dossier.routes.js';
import { dossierSigningRoutes } from './dossier.signing.routes.js';

export { type AttachInput, attachDocuments, findDocument } from './dossier.documents.js';
export { type DossierForm, renderDossierForm } from './dossier.forms.routes.js';
export {
  allowedActions,
  dossierRegister,
  findDossierByCode,
  getDossierPage,
  listQueue,
  presentClock,
  processControlSlip,
  QUEUES,
  type QueueName,
  searchDossiers,
  statusLabel,
  workflowTable,
} from './dossier.queries.js';
export { type DossierRow, loadDossierForActor } from './dossier.repository.js';
export { clockLimit, forgetTenantRules, tenantRules } from './dossier.rules.js';
export {
  type ApplicantInput,
  applicantColumns,
  type BulkResult,
  bulkAction,
  type ComponentInput,
  claimUploadedFilesForDossier,
  DOSSIER_STATUS_TOPIC,
  type DossierStatusEvent,
  dossierCode,
  formatDossierCode,
  loadReadable,
  type PerformActionOptions,
  performAction,
  type ReceiveInput,
  type ReceiveResult,
  receiveDossier,
  type TransitionResult,
} from './dossier.service.js';
export { signResultDocument } from './dossier.signing.js';
export { isCitizenId, isPhone, isTaxCode } from './dossier.validation.js';

/** Dossier processing: reception, workflow, queues, page, documents, Forms 06/07 data. */
export const dossiersModule: AppModule = {
  name: 'dossiers',
  routes: async (app, ctx) => {
    await dossierRoutes(app, ctx);
    await dossierFormRoutes(app, ctx);
    await dossierSigningRoutes(app, ctx);
  },
};
