import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { AppError } from './errors.js';

/** Everything the server and the CLI read from the environment or from global options. */
export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** Embedded PGlite directory; ignored when databaseUrl is set. */
  dataDir: string;
  /** A real PostgreSQL server (production). */
  databaseUrl: string | undefined;
  /** Where uploaded and generated files live (local storage adapter). */
  storageDir: string;
  /** Key for encrypting personal data at rest and for HMACs; 32+ bytes, from the environment. */
  secretKey: string;
  publicUrl: string;
  logLevel: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  smsGatewayUrl: string | undefined;
  nationalPortalUrl: string | undefined;
  /** Requests a minute per client address: all routes, public look-ups by code, public feedback writes. */
  rateLimits: { all: number; lookup: number; feedbackWrite: number };
  /** How long a public look-up's answer may be served again after it was read; 0 = never. */
  lookupCacheMs: number;
}

export interface ConfigOverrides {
  host?: string;
  port?: number | string;
  dataDir?: string;
  databaseUrl?: string;
}

/**
 * Reads the configuration: explicit options win over MOTCUA_* variables, which win over
 * defaults. The development secret is random per process unless MOTCUA_SECRET_KEY is set,
 * which production must do (the server refuses to start in production without it).
 */
export function loadConfig(overrides: ConfigOverrides = {}, env = process.env): Config {
  const mode = (
    env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development'
  ) as Config['env'];
  const dataDir = path.resolve(overrides.dataDir ?? env.MOTCUA_DATA_DIR ?? 'data');
  const port = Number(overrides.port ?? env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new AppError('config_invalid', {
      message: `invalid port: ${overrides.port ?? env.PORT}`,
    });
  }
  const secretKey = env.MOTCUA_SECRET_KEY ?? (mode === 'production' ? '' : devSecret(env));
  if (mode === 'production' && secretKey.length < 32) {
    throw new AppError('config_invalid', {
      message: 'MOTCUA_SECRET_KEY (32+ characters) is required in production',
    });
  }
  const host = overrides.host ?? env.HOST ?? '127.0.0.1';
  const rateLimits = {
    all: countFrom(env, 'MOTCUA_RATE_LIMIT', 600, 1),
    lookup: countFrom(env, 'MOTCUA_LOOKUP_RATE_LIMIT', 30, 1),
    feedbackWrite: countFrom(env, 'MOTCUA_FEEDBACK_RATE_LIMIT', 10, 1),
  };
  return {
    env: mode,
    host,
    port,
    dataDir,
    databaseUrl: overrides.databaseUrl ?? env.DATABASE_URL ?? undefined,
    storageDir: path.resolve(env.MOTCUA_STORAGE_DIR ?? path.join(dataDir, '..', 'storage')),
    secretKey,
    publicUrl: env.MOTCUA_PUBLIC_URL ?? `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`,
    logLevel: env.LOG_LEVEL ?? (mode === 'test' ? 'silent' : 'info'),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? 'Một Cửa <no-reply@motcua.local>',
    smsGatewayUrl: env.SMS_GATEWAY_URL || undefined,
    nationalPortalUrl: env.NATIONAL_PORTAL_URL || undefined,
    rateLimits,
    lookupCacheMs: countFrom(env, 'MOTCUA_LOOKUP_CACHE_MS', 0, 0),
  };
}

/**
 * A whole number ≥ `min` from the environment, or the default when unset. A typo must stop the
 * server at start: `Number('1O')` would be NaN, and a NaN rate limit lets everything through.
 */
function countFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min)
    throw new AppError('config_invalid', {
      message: `invalid ${name}: ${JSON.stringify(raw)} (a whole number ≥ ${min})`,
    });
  return value;
}

let cachedDevSecret: string | undefined;
function devSecret(env: NodeJS.ProcessEnv): string {
  // A fixed development key keeps encrypted demo data readable across restarts.
  if (env.MOTCUA_DEV_RANDOM_SECRET === '1') {
    cachedDevSecret ??= randomBytes(32).toString('hex');
    return cachedDevSecret;
  }
  return 'development-only-secret-key-do-not-use-in-production';
}
