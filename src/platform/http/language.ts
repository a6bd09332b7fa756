import type { FastifyRequest } from 'fastify';
import type { Lang } from '../errors.js';

/** Vietnamese first: English only when the caller asks for it (query, cookie or header). */
export function requestLanguage(request: FastifyRequest): Lang {
  const query = (request.query as Record<string, unknown> | undefined)?.lang;
  if (query === 'en' || query === 'vi') return query;
  const cookie = request.cookies?.lang;
  if (cookie === 'en' || cookie === 'vi') return cookie;
  const header = request.headers['accept-language'];
  if (typeof header === 'string' && /^en\b/i.test(header.trim())) return 'en';
  return 'vi';
}
