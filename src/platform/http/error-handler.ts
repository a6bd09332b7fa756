import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, isAppError, toErrorBody } from '../errors.js';
import { requestLanguage } from './language.js';

/**
 * Maps everything thrown below a route to the catalogue: schema failures become
 * `validation_failed` with the offending fields, Fastify's own errors keep their status
 * under a catalogue code, and anything else is `internal` (logged, never a stack trace).
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    const appError = toAppError(error);
    if (appError.code === 'internal') request.log.error({ err: error }, 'unhandled error');
    else if (appError.status >= 500) request.log.warn({ err: error }, appError.code);
    const body = toErrorBody(appError, requestLanguage(request), String(request.id));
    return reply.status(appError.status).send(body);
  });
}

export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  const fastifyError = error as FastifyError & {
    validation?: unknown[];
    validationContext?: string;
  };
  if (fastifyError.validation) {
    return new AppError('validation_failed', {
      details: {
        in: fastifyError.validationContext,
        issues: (
          fastifyError.validation as Array<{
            instancePath?: string;
            message?: string;
            params?: unknown;
          }>
        ).map((v) => ({
          path: v.instancePath ?? '',
          message: v.message ?? 'invalid',
        })),
      },
    });
  }
  // A value the schema let through but the database cannot hold (an id of 1e308, a number out
  // of range for its column, a NUL character in text: 22021) is the caller's input error, not a
  // failure of the system.
  const sqlState = (error as { code?: unknown }).code;
  if (
    sqlState === '22003' ||
    sqlState === '22P02' ||
    sqlState === '22008' ||
    sqlState === '22021'
  ) {
    return new AppError('validation_failed', { details: { reason: 'value out of range' } });
  }
  const status = fastifyError.statusCode;
  if (status === 429) return new AppError('rate_limited');
  if (status === 413) return new AppError('upload_too_large');
  if (status === 415) return new AppError('upload_type_rejected');
  if (status === 404) return new AppError('not_found');
  if (status !== undefined && status >= 400 && status < 500) {
    return new AppError('validation_failed', {
      message: fastifyError.message,
      details: { fastifyCode: fastifyError.code },
    });
  }
  return new AppError('internal', { cause: error });
}
