import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installSecurityHeaders, securityHeaders } from './security-headers.js';

const OPTIONS = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  crossOriginEmbedderPolicy: false,
} as const;

describe('security headers computed once from helmet', () => {
  it('records the headers helmet sets for the options', () => {
    const { set, remove } = securityHeaders(OPTIONS);
    const headers = Object.fromEntries(set.map(([name, value]) => [name.toLowerCase(), value]));
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
    // Turned off in the options: not set.
    expect(headers['cross-origin-embedder-policy']).toBeUndefined();
    expect(remove).toContain('X-Powered-By');
  });

  it('sets them on every response, errors and unknown routes included, and a route may override one', async () => {
    const app = Fastify({ logger: false });
    installSecurityHeaders(app, OPTIONS);
    app.get('/ok', async () => ({ ok: true }));
    app.get('/fails', async () => {
      throw new Error('boom');
    });
    app.get('/sandboxed', async (_request, reply) => {
      reply.header('content-security-policy', "default-src 'none'; sandbox");
      return 'file';
    });
    const expected = Object.fromEntries(
      securityHeaders(OPTIONS).set.map(([name, value]) => [name.toLowerCase(), value]),
    );
    for (const url of ['/ok', '/fails', '/missing']) {
      const response = await app.inject({ url });
      for (const [name, value] of Object.entries(expected))
        expect(response.headers[name], `${url} ${name}`).toBe(value);
    }
    const sandboxed = await app.inject({ url: '/sandboxed' });
    expect(sandboxed.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(sandboxed.headers['x-content-type-options']).toBe('nosniff');
    await app.close();
  });

  it('refuses options helmet refuses, at start-up', () => {
    expect(() =>
      securityHeaders({ contentSecurityPolicy: { directives: { defaultSrc: 'self' as never } } }),
    ).toThrow();
  });
});
