import { currentLanguage } from './i18n.js';

/**
 * The typed fetch client every screen uses. It sends the session cookie (same origin), the
 * CSRF header on state-changing requests, and `Accept-Language` from the current language, so
 * the server answers error messages in the user's language. An error body
 * `{error: {code, message, details}}` becomes a thrown `ApiError`.
 */
export class ApiError extends Error {
  /** The stable catalogue code (docs/errors.md), e.g. `invalid_credentials`. */
  readonly code: string;
  readonly status: number;
  readonly details: unknown;
  readonly requestId: string | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    details?: unknown,
    requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

let csrfToken: string | null = null;

/** Set by the auth provider from `/api/auth/me` or the sign-in response. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export type Query = Record<
  string,
  string | number | boolean | null | undefined | Array<string | number>
>;

export interface RequestOptions {
  query?: Query;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Sent as `Idempotency-Key` so a retried create never makes a second object. */
  idempotencyKey?: string;
}

/** Appends query parameters, skipping empty values and repeating arrays (`?a=1&a=2`). */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

const FALLBACK_MESSAGES = {
  vi: { network: 'Không kết nối được máy chủ, vui lòng thử lại', internal: 'Lỗi hệ thống' },
  en: { network: 'Cannot reach the server, please try again', internal: 'Internal error' },
};

async function request<T>(
  method: string,
  path: string,
  body: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const language = currentLanguage();
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': language,
    ...options.headers,
  };
  let payload: BodyInit | undefined;
  if (body instanceof FormData || body instanceof Blob) {
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body: payload,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error', FALLBACK_MESSAGES[language].network, undefined);
  }

  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  const data: unknown = type.includes('application/json')
    ? await response.json().catch(() => null)
    : null;
  if (!response.ok) {
    const error = (
      data as {
        error?: { code?: string; message?: string; details?: unknown; requestId?: string };
      } | null
    )?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'internal',
      error?.message ?? FALLBACK_MESSAGES[language].internal,
      error?.details,
      error?.requestId ?? response.headers.get('x-request-id') ?? undefined,
    );
  }
  if (data === null && !type.includes('application/json')) return (await response.blob()) as T;
  return data as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, body, options),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('PUT', path, body, options),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('PATCH', path, body, options),
  del: <T>(path: string, options?: RequestOptions) =>
    request<T>('DELETE', path, undefined, options),
};
