import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** What helmet does to a response for these options: headers to set, headers to remove. */
export interface SecurityHeaders {
  set: Array<[name: string, value: string]>;
  remove: string[];
}

/**
 * Runs helmet's middleware once against a recording response and returns what it did. The
 * options are static (no per-request CSP nonces or directive functions), so every response gets
 * the same headers; helmet stays the authority on which headers and values they are.
 */
export function securityHeaders(options: HelmetOptions): SecurityHeaders {
  const recorded: SecurityHeaders = { set: [], remove: [] };
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      recorded.set.push([name, Array.isArray(value) ? value.join(', ') : String(value)]);
      return response;
    },
    removeHeader(name: string) {
      recorded.remove.push(name);
    },
  };
  let failure: unknown;
  helmet(options)(
    {} as IncomingMessage,
    response as unknown as ServerResponse,
    (error?: unknown) => {
      failure = error;
    },
  );
  if (failure) throw failure;
  return recorded;
}

/**
 * Sets helmet's headers on every response from headers computed once at start-up. @fastify/helmet
 * calls `helmet(options)` on every request, which parses the CSP directives and builds the
 * middleware chain anew each time: ≈ 5 % of the server's CPU under the public look-up load
 * (issue 7, docs/BENCHMARKS.md). Set on the raw response in onRequest like helmet does, so a
 * route can still replace one (the file download's sandboxing CSP) with `reply.header`.
 */
export function installSecurityHeaders(app: FastifyInstance, options: HelmetOptions): void {
  const { set, remove } = securityHeaders(options);
  app.addHook('onRequest', (_request, reply, done) => {
    const raw = reply.raw;
    for (const name of remove) raw.removeHeader(name);
    for (const [name, value] of set) raw.setHeader(name, value);
    done();
  });
}
