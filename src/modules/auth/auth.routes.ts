import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatInstant } from '../../domain/calendar/index.js';
import { SESSION_COOKIE } from '../../platform/auth/session.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { requireActor } from './auth.guards.js';
import { presentSessionUser } from './auth.presenter.js';
import {
  LoggedOutSchema,
  LoginBody,
  MeSchema,
  OtpRequestBody,
  OtpRequestedSchema,
  OtpVerifyBody,
  SignedInSchema,
} from './auth.schemas.js';
import { signInWithPassword, signOut, signOutEverywhere } from './auth.service.js';
import { requestOtp, verifyOtp } from './otp.service.js';

/** Sign-in attempts per IP and minute, tighter than the global limit (brute force). */
const LOGIN_RATE = { max: 20, timeWindow: '1 minute' };

/** Sign-in, sign-out and the current user (staff by password, citizens by one-time code). */
export async function authRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post(
    '/auth/login',
    {
      config: { csrf: false, rateLimit: LOGIN_RATE },
      schema: {
        tags: ['auth'],
        summary: 'Staff sign-in with user name and password',
        description:
          'Sets the httpOnly session cookie and returns the user and the CSRF token. Five failures lock the account for 15 minutes.',
        body: LoginBody,
        response: { 200: SignedInSchema },
      },
    },
    async (request, reply) => {
      const signedIn = await signInWithPassword(ctx, {
        tenantId: request.tenantId,
        username: request.body.username,
        password: request.body.password,
        client: clientInfo(request),
      });
      setSessionCookie(request, reply, ctx, signedIn.token);
      return { user: signedIn.user, csrfToken: signedIn.csrfToken };
    },
  );

  r.post(
    '/auth/otp/request',
    {
      config: { csrf: false, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Send a one-time sign-in code to a phone number or e-mail address (citizens)',
        body: OtpRequestBody,
        response: { 200: OtpRequestedSchema },
      },
    },
    async (request) => {
      const sent = await requestOtp(ctx, {
        tenantId: request.tenantId,
        destination: request.body.destination,
        ip: request.ip,
        requestId: request.id,
      });
      if (ctx.config.env !== 'production') {
        request.log.info(
          { destination: sent.maskedDestination, code: sent.code },
          'one-time code (shown outside production only)',
        );
      }
      return {
        channel: sent.channel,
        destination: sent.maskedDestination,
        expiresAt: formatInstant('Asia/Ho_Chi_Minh', sent.expiresAt.getTime()),
      };
    },
  );

  r.post(
    '/auth/otp/verify',
    {
      config: { csrf: false, rateLimit: LOGIN_RATE },
      schema: {
        tags: ['auth'],
        summary: 'Sign a citizen in with the one-time code (creates the account on first use)',
        body: OtpVerifyBody,
        response: { 200: SignedInSchema },
      },
    },
    async (request, reply) => {
      const signedIn = await verifyOtp(ctx, {
        tenantId: request.tenantId,
        destination: request.body.destination,
        code: request.body.code,
        client: clientInfo(request),
      });
      setSessionCookie(request, reply, ctx, signedIn.token);
      return { user: signedIn.user, csrfToken: signedIn.csrfToken };
    },
  );

  r.get(
    '/auth/me',
    {
      preValidation: requireActor,
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user, roles and CSRF token',
        response: { 200: MeSchema },
      },
    },
    async (request) => {
      const actor = request.actor!;
      const user = await presentSessionUser(ctx.db, {
        id: actor.userId,
        tenantId: actor.tenantId,
        name: actor.name,
        kind: actor.kind,
      });
      return { user, csrfToken: actor.csrfToken ?? null };
    },
  );

  r.post(
    '/auth/logout',
    {
      preValidation: requireActor,
      schema: { tags: ['auth'], summary: 'End this session', response: { 200: LoggedOutSchema } },
    },
    async (request, reply) => {
      const actor = request.actor!;
      const token = request.cookies[SESSION_COOKIE];
      if (actor.via !== 'session' || !token)
        throw new AppError('validation_failed', { message: 'not a session' });
      await signOut(ctx, {
        tenantId: actor.tenantId,
        userId: actor.userId,
        token,
        requestId: request.id,
      });
      clearSessionCookie(request, reply, ctx);
      return { ok: true as const };
    },
  );

  r.post(
    '/auth/logout-all',
    {
      preValidation: requireActor,
      schema: {
        tags: ['auth'],
        summary: 'End every session of the signed-in user on every device',
        response: { 200: LoggedOutSchema },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      const ended = await signOutEverywhere(ctx, {
        tenantId: actor.tenantId,
        userId: actor.userId,
        requestId: request.id,
      });
      clearSessionCookie(request, reply, ctx);
      return { ok: true as const, sessionsEnded: ended };
    },
  );
}

function clientInfo(request: FastifyRequest) {
  return {
    ip: request.ip,
    userAgent:
      typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : null,
    requestId: request.id,
    previousToken: request.cookies[SESSION_COOKIE] ?? null,
  };
}

/** Secure when the site is served over https (directly, behind a trusted proxy, or by config). */
function isHttps(request: FastifyRequest, ctx: AppContext): boolean {
  return request.protocol === 'https' || ctx.config.publicUrl.startsWith('https://');
}

/**
 * The session cookie: httpOnly (no script reads it), SameSite=Lax (Strict would show a citizen
 * following the SMS link as signed out on arrival), no Max-Age so it ends with the browser on a
 * shared counter machine; the server-side idle and absolute limits apply in any case.
 */
function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  ctx: AppContext,
  token: string,
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: isHttps(request, ctx),
    path: '/',
  });
}

function clearSessionCookie(request: FastifyRequest, reply: FastifyReply, ctx: AppContext): void {
  reply.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'lax',
    secure: isHttps(request, ctx),
    path: '/',
  });
}
