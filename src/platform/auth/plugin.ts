import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import type { Actor } from './actor.js';
import {
  API_TOKEN_PREFIX,
  actorFromApiToken,
  actorFromSession,
  hashSecret,
  SESSION_COOKIE,
} from './session.js';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The tenant this request works in: the signed-in actor's tenant; otherwise the tenant whose
     * code is in the `x-motcua-tenant` header; otherwise the default tenant (lowest id).
     */
    tenantId: number;
  }
  interface FastifyContextConfig {
    /**
     * `false` for routes that start a session (sign-in, one-time codes): they carry no CSRF
     * token because there is no session yet, so only Origin / Sec-Fetch-Site are checked.
     */
    csrf?: boolean;
    /**
     * `true` for routes whose write checks the actor in its own statement
     * (`rememberedActorHolds`): a bearer token's actor may then come from memory
     * (`Actor.unverified`) instead of a look-up per request.
     */
    actorCheckedByWrite?: boolean;
  }
}

export const TENANT_HEADER = 'x-motcua-tenant';
/** The app's context, reachable from the Fastify instance (`app[APP_CONTEXT]`), for test helpers. */
export const APP_CONTEXT = Symbol.for('motcua.context');
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Authentication, tenant resolution and CSRF for every request (registered before the modules).
 * Order: a bearer API token (a bad one is a 401, never silently anonymous), else the session
 * cookie (an expired one is simply anonymous), then the tenant, then the CSRF rule: a
 * state-changing request authenticated by the cookie must echo the session's token in
 * `x-csrf-token`; bearer requests are exempt because a browser never adds that header on its own.
 */
export async function authentication(
  app: FastifyInstance,
  options: { ctx: AppContext },
): Promise<void> {
  const { ctx } = options;
  const tenants = new TenantCache(ctx);
  const tokenActors = new TokenActors(ctx);
  app.decorate(APP_CONTEXT, ctx);
  app.decorateRequest('actor', null);
  app.decorateRequest('tenantId', 0);

  app.addHook('onRequest', async (request) => {
    const now = ctx.now();
    const authorization = request.headers.authorization;
    if (typeof authorization === 'string' && /^bearer\s/i.test(authorization)) {
      const token = authorization.slice(7).trim();
      const actor =
        request.routeOptions.config?.actorCheckedByWrite === true
          ? await tokenActors.actor(token, now)
          : await actorFromApiToken(ctx.db, token, now);
      if (!actor)
        throw new AppError('unauthenticated', { message: 'unknown or revoked API token' });
      request.actor = actor;
    } else {
      const token = request.cookies?.[SESSION_COOKIE];
      request.actor = token ? await actorFromSession(ctx.db, token, now) : null;
    }

    if (request.actor) {
      request.tenantId = request.actor.tenantId;
    } else {
      const code = request.headers[TENANT_HEADER];
      if (typeof code === 'string' && code !== '') {
        const id = await tenants.byCode(code);
        if (id === null)
          throw new AppError('not_found', {
            message: `unknown tenant ${code}`,
            details: { tenant: code },
          });
        request.tenantId = id;
      } else {
        const id = await tenants.defaultId();
        if (id === null && request.url.startsWith('/api/'))
          throw new AppError('not_ready', { message: 'no tenant has been created yet' });
        request.tenantId = id ?? 0;
      }
    }

    if (!UNSAFE_METHODS.has(request.method)) return;
    if (request.routeOptions.config?.csrf === false) {
      checkSameOrigin(request);
      return;
    }
    if (
      request.actor?.via === 'session' &&
      !csrfMatches(request.headers[CSRF_HEADER], request.actor.csrfToken)
    ) {
      throw new AppError('csrf_invalid');
    }
  });
}
// Hooks apply to the whole app, not only inside this plugin's encapsulation context (what
// fastify-plugin does, without depending on it).
Object.assign(authentication, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'motcua-authentication',
});

function csrfMatches(given: string | string[] | undefined, expected: string | undefined): boolean {
  if (typeof given !== 'string' || !expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * For routes without a session yet: a browser that tells us where the request comes from must
 * say it is this site (login CSRF defence). Non-browser clients send neither header.
 */
function checkSameOrigin(request: FastifyRequest): void {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') {
    throw new AppError('csrf_invalid', { message: `cross-site request (${site})` });
  }
  const origin = request.headers.origin;
  if (typeof origin === 'string' && origin !== 'null') {
    let from: string;
    let self: string;
    try {
      from = new URL(origin).host;
      self = new URL(`${request.protocol}://${request.host}`).host;
    } catch {
      throw new AppError('csrf_invalid', { message: 'malformed Origin or Host' });
    }
    if (from !== self)
      throw new AppError('csrf_invalid', { message: `cross-origin request from ${origin}` });
  } else if (origin === 'null') {
    throw new AppError('csrf_invalid', { message: 'opaque Origin' });
  }
}

/** How long a token's actor is taken from memory before it is looked up again. */
const TOKEN_ACTOR_TTL_MS = 30_000;
const TOKEN_ACTORS_MAX = 1_000;

/**
 * API-token actors as last looked up, for routes declared `actorCheckedByWrite` only. A remembered
 * actor is marked `unverified`: the route's write checks it in its own statement, and anything
 * else it does first resolves it. An entry is looked up again after TOKEN_ACTOR_TTL_MS, which
 * also refreshes the token's last_used_at as an ordinary look-up does (so it lags by at most
 * that much more).
 */
class TokenActors {
  private readonly actors = new Map<string, { at: number; actor: Actor }>();
  constructor(private readonly ctx: AppContext) {}

  async actor(token: string, now: Date): Promise<Actor | null> {
    if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return null;
    const tokenHash = hashSecret(token);
    const hit = this.actors.get(tokenHash);
    if (hit && now.getTime() - hit.at < TOKEN_ACTOR_TTL_MS) {
      return { ...hit.actor, unverified: { tokenHash, resolve: () => this.lookUp(token) } };
    }
    return this.lookUp(token, now);
  }

  private async lookUp(token: string, now = this.ctx.now()): Promise<Actor | null> {
    const tokenHash = hashSecret(token);
    const actor = await actorFromApiToken(this.ctx.db, token, now);
    this.actors.delete(tokenHash);
    if (actor) {
      this.actors.set(tokenHash, { at: now.getTime(), actor });
      if (this.actors.size > TOKEN_ACTORS_MAX)
        this.actors.delete(this.actors.keys().next().value as string);
    }
    return actor;
  }
}

/**
 * Tenant ids by code. Tenants are created rarely and never renumbered, so found ids are kept
 * for the life of the app; a miss is asked again (the tenant may be created later).
 */
class TenantCache {
  private readonly codes = new Map<string, number>();
  private defaultTenant: number | null = null;
  constructor(private readonly ctx: AppContext) {}

  async byCode(code: string): Promise<number | null> {
    if (code.length > 50) return null;
    const cached = this.codes.get(code);
    if (cached !== undefined) return cached;
    const row = await this.ctx.db
      .selectFrom('tenants')
      .select('id')
      .where('code', '=', code)
      .executeTakeFirst();
    if (!row) return null;
    this.codes.set(code, row.id);
    return row.id;
  }

  async defaultId(): Promise<number | null> {
    if (this.defaultTenant !== null) return this.defaultTenant;
    const row = await this.ctx.db
      .selectFrom('tenants')
      .select('id')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    this.defaultTenant = row?.id ?? null;
    return this.defaultTenant;
  }
}
