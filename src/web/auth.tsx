import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import { ApiError, api, setCsrfToken } from './api.js';
import { Skeleton } from './components/Skeleton.js';

export type Role =
  | 'citizen'
  | 'counter_officer'
  | 'specialist'
  | 'leader'
  | 'reform_office'
  | 'administrator';
export const STAFF_ROLES: readonly Role[] = [
  'counter_officer',
  'specialist',
  'leader',
  'reform_office',
  'administrator',
];

export interface RoleGrant {
  role: Role;
  unitId: number | null;
  unitName: string | null;
}

export interface CurrentUser {
  id: number;
  name: string;
  kind: 'staff' | 'citizen' | 'system';
  roles: RoleGrant[];
}

/** The contract of src/modules/auth: `/api/auth/me` and the sign-in responses. */
interface SessionResponse {
  user: CurrentUser;
  csrfToken: string;
}

export interface AuthState {
  /** undefined while the session is being checked, null when nobody is signed in. */
  user: CurrentUser | null | undefined;
  /** Staff sign-in; throws ApiError (`invalid_credentials`, `account_locked`, …). */
  signIn(username: string, password: string): Promise<CurrentUser>;
  /** Citizen sign-in, step 1: a one-time code is sent to the phone or e-mail. */
  requestCode(destination: string): Promise<void>;
  /** Citizen sign-in, step 2. */
  verifyCode(destination: string, code: string): Promise<CurrentUser>;
  signOut(): Promise<void>;
  /** Re-reads `/api/auth/me` (after a change of roles, say). */
  refresh(): Promise<void>;
  hasRole(...roles: Role[]): boolean;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<CurrentUser | null | undefined>(undefined);

  const accept = useCallback((session: SessionResponse): CurrentUser => {
    setCsrfToken(session.csrfToken);
    setUser(session.user);
    return session.user;
  }, []);

  const refresh = useCallback(async () => {
    try {
      accept(await api.get<SessionResponse>('/api/auth/me'));
    } catch (error) {
      // 401 means "nobody signed in"; any other failure also leaves the visitor anonymous.
      if (!(error instanceof ApiError)) throw error;
      setCsrfToken(null);
      setUser(null);
    }
  }, [accept]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const value = useMemo<AuthState>(
    () => ({
      user,
      signIn: async (username, password) =>
        accept(await api.post<SessionResponse>('/api/auth/login', { username, password })),
      requestCode: async (destination) => {
        await api.post('/api/auth/otp/request', { destination });
      },
      verifyCode: async (destination, code) =>
        accept(await api.post<SessionResponse>('/api/auth/otp/verify', { destination, code })),
      signOut: async () => {
        try {
          await api.post('/api/auth/logout');
        } finally {
          setCsrfToken(null);
          setUser(null);
        }
      },
      refresh,
      hasRole: (...roles) => user?.roles.some((grant) => roles.includes(grant.role)) ?? false,
    }),
    [user, accept, refresh],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const context = useContext(AuthContext);
  if (!context) throw new Error('useAuth outside <AuthProvider>');
  return context;
}

/** True when the user holds one of `roles` (any role when the list is empty or absent). */
export function userHasRole(
  user: CurrentUser | null | undefined,
  roles?: readonly Role[],
): boolean {
  if (!user) return false;
  if (!roles || roles.length === 0) return true;
  return user.roles.some((grant) => roles.includes(grant.role));
}

/**
 * Shows its children only to a signed-in user with one of `roles`. Anonymous visitors go to the
 * sign-in page (`/dang-nhap`, or `signInPath`) and come back afterwards; signed-in users
 * without the role see a "no access" message.
 */
export function RequireRole({
  roles,
  signInPath = '/dang-nhap',
  children,
}: {
  roles?: readonly Role[];
  signInPath?: string;
  children: ReactNode;
}) {
  const { user } = useAuth();
  const location = useLocation();
  const { t } = useTranslation('auth');
  if (user === undefined) return <Skeleton lines={3} label={t('checking')} />;
  if (user === null) {
    return (
      <Navigate
        to={`${signInPath}?next=${encodeURIComponent(location.pathname + location.search)}`}
        replace
      />
    );
  }
  if (!userHasRole(user, roles)) {
    return (
      <div className="notice" role="alert">
        <h1>{t('forbiddenTitle')}</h1>
        <p>{t('forbiddenText')}</p>
      </div>
    );
  }
  return <>{children}</>;
}
