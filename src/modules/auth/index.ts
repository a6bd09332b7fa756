import type { AppModule } from '../registry.js';
import { authRoutes } from './auth.routes.js';

export {
  type Actor,
  assertRoleOverUnit,
  hasRole,
  hasRoleOverUnit,
  scopeUnits,
} from '../../platform/auth/actor.js';
export { requireActor, requireRoles, requireStaff } from './auth.guards.js';
export type { SessionUser } from './auth.presenter.js';
export {
  LOCKOUT_MS,
  LOCKOUT_THRESHOLD,
  signInWithPassword,
  signOut,
  signOutEverywhere,
} from './auth.service.js';
export { parseDestination, requestOtp, verifyOtp } from './otp.service.js';

/** Sign-in (password and one-time code), sign-out and the current user, under /api/auth. */
export const authModule: AppModule = { name: 'auth', routes: authRoutes };
