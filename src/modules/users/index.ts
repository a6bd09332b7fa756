import type { AppModule } from '../registry.js';
import { usersRoutes } from './users.routes.js';

export {
  checkPassword,
  createStaffUser,
  disableUser,
  enableUser,
  generatePassword,
  getUser,
  grantRole,
  issueApiToken,
  listApiTokens,
  listUsers,
  revokeApiToken,
  revokeRole,
  STAFF_ROLES,
  userIdByUsername,
} from './users.service.js';

/** Accounts, role grants and the outbox view for administrators, under /api/admin. */
export const usersModule: AppModule = { name: 'users', routes: usersRoutes };
