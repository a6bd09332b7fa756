import type { AppModule } from '../registry.js';
import { portalRoutes } from './portal.routes.js';

export { lookupDossier, smsLookupReply } from './lookup.service.js';
export { maskName, publicStatus } from './public-status.js';
export { getRating, overallRating, rateDossier, SIPAS_ELEMENTS } from './ratings.service.js';

export const portalModule: AppModule = { name: 'portal', routes: portalRoutes };
