import type { AppModule } from '../registry.js';
import { paymentRoutes } from './payments.routes.js';

export {
  applyGatewayResult,
  gatewayFor,
  listDossierPayments,
  refundIfPaid,
  startPayment,
} from './payments.service.js';

export const paymentsModule: AppModule = { name: 'payments', routes: paymentRoutes };
