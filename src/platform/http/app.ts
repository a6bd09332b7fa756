import { existsSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { sql } from 'kysely';
import { type AppModule, MODULES } from '../../modules/registry.js';
import { authentication } from '../auth/plugin.js';
import type { AppContext } from '../context.js';
import { maskingLoggerOptions } from '../crypto/redact.js';
import { AppError, toErrorBody } from '../errors.js';
import { PROJECT_ROOT } from '../paths.js';
import { installErrorHandler } from './error-handler.js';
import { requestLanguage } from './language.js';
import { installMetrics } from './metrics.js';
import { installSecurityHeaders } from './security-headers.js';

const WEB_DIST = path.join(PROJECT_ROOT, 'dist/web');

export interface BuildAppOptions {
  ctx: AppContext;
  modules?: AppModule[];
  /** Serve the built web app (off in most API tests). */
  serveWeb?: boolean;
  logger?: boolean;
}

/**
 * Builds the server without listening (Fastify's testing guide): tests call `app.inject()`,
 * `motcua serve` calls `listen`. The pipeline for every request: request id → security
 * headers → rate limit → route schema → authentication → use case → presenter; errors all go
 * through one handler that speaks the catalogue.
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { ctx } = options;
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: ctx.config.logLevel,
            redact: [
              'req.headers.cookie',
              'req.headers.authorization',
              'req.headers["x-csrf-token"]',
            ],
            ...maskingLoggerOptions,
          },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given)
        ? given
        : crypto.randomUUID();
    },
    requestIdHeader: false,
    trustProxy: process.env.MOTCUA_TRUST_PROXY === '1',
    bodyLimit: 2 * 1024 * 1024,
    // Errors the router raises before any hook (a malformed URL, a path parameter over the
    // length limit) get the catalogue's body like every other error.
    frameworkErrors: (error, request, reply) => {
      const appError = new AppError('validation_failed', {
        message: error.message,
        details: { fastifyCode: error.code },
      });
      // The framework types this reply before any route schema exists; it is a plain reply.
      (reply as unknown as FastifyReply)
        .status(appError.status)
        .send(toErrorBody(appError, requestLanguage(request), String(request.id)));
    },
    ajv: {
      customOptions: {
        removeAdditional: false,
        coerceTypes: 'array',
        useDefaults: true,
        allErrors: true,
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  installErrorHandler(app);

  installSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: true,
    max: ctx.config.rateLimits.all,
    timeWindow: '1 minute',
    allowList: (request) => ctx.config.env === 'test' && request.headers['x-test-no-limit'] === '1',
    errorResponseBuilder: (request) => {
      const body = toErrorBody(
        new AppError('rate_limited'),
        requestLanguage(request),
        String(request.id),
      );
      return { ...body, statusCode: 429 };
    },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Một Cửa API',
        version: '0.1.0',
        description: 'One-stop administrative services and real-time service index.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'motcua_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  installMetrics(app);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1 from schema_migrations limit 1`.execute(ctx.db);
      return { status: 'ready', engine: ctx.database.engine };
    } catch {
      return reply.status(503).send({ status: 'not_ready' });
    }
  });

  // Authentication, tenant and CSRF for every request, before any module route runs.
  await app.register(authentication, { ctx });
  await app.register(
    async (api) => {
      for (const module of options.modules ?? MODULES) {
        if (module.routes) await module.routes(api, ctx);
      }
    },
    { prefix: '/api' },
  );

  if (options.serveWeb && existsSync(path.join(WEB_DIST, 'index.html'))) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: ['index.html'] });
  }
  app.setNotFoundHandler((request, reply) => {
    // The web app routes on the client: any GET outside /api gets index.html — except a missing
    // build file. A browser still running the previous release asks for chunks a new build no
    // longer has; index.html in their place is a MIME error, a 404 lets the app reload cleanly.
    if (
      options.serveWeb &&
      request.method === 'GET' &&
      !request.url.startsWith('/api') &&
      !request.url.startsWith('/assets/') &&
      existsSync(path.join(WEB_DIST, 'index.html'))
    ) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply
      .status(404)
      .send(toErrorBody(new AppError('not_found'), requestLanguage(request), String(request.id)));
  });

  return app;
}
