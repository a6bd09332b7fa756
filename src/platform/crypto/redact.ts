/**
 * Masking personal data in logs and public answers. Phone numbers keep their first three and
 * last three digits (`091****678`), citizen ID numbers (12 digits, CCCD) their first three and
 * last three (`001******789`), e-mail addresses their first letter and domain.
 */

const PHONE = /(?<![\d])(\+84|0)(\d{2})(\d{4})(\d{3})(?![\d])/g;
const ID_NUMBER = /(?<![\d])(\d{3})(\d{6})(\d{3})(?![\d])/g;
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

export function maskPhone(phone: string): string {
  const digits = phone.trim();
  const m = /^(\+84|0)(\d{2})(\d+)(\d{3})$/.exec(digits);
  if (!m) return digits.length <= 4 ? '****' : `${digits.slice(0, 2)}****${digits.slice(-2)}`;
  const [, prefix, head, middle, tail] = m as unknown as [string, string, string, string, string];
  return `${prefix}${head}${'*'.repeat(middle.length)}${tail}`;
}

export function maskIdNumber(id: string): string {
  const value = id.trim();
  if (value.length <= 6) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 6)}${value.slice(-3)}`;
}

export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** Masks every phone number, 12-digit ID number and e-mail address inside free text. */
export function maskPersonalData(text: string): string {
  return text
    .replace(ID_NUMBER, (_m, a: string, b: string, c: string) => `${a}${'*'.repeat(b.length)}${c}`)
    .replace(
      PHONE,
      (_m, p: string, a: string, b: string, c: string) => `${p}${a}${'*'.repeat(b.length)}${c}`,
    )
    .replace(EMAIL, (_m, first: string, domain: string) => `${first}***@${domain}`);
}

/**
 * Deep copy of a log object with personal data masked in every string, depth-limited so a
 * cyclic or huge object cannot stall logging. Only plain objects and arrays are copied: an
 * instance of a class (Fastify's request and reply, an Error) is left whole for its serializer
 * (`maskingLoggerOptions.serializers`), which picks its few fields and masks them. Copying one
 * walked a request's socket and server six levels deep for every log line (≈ 0.6 ms of CPU a
 * request at the info level) and lost its getters, so the request log said `"req":{}`.
 */
export function maskLogObject<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return maskPersonalData(value) as T;
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  if (Array.isArray(value)) return value.map((item) => maskLogObject(item, depth + 1)) as T;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>))
    out[key] = maskLogObject(item, depth + 1);
  return out as T;
}

/** The fields of a Fastify request the request log keeps. */
interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/**
 * pino options that mask personal data in every log line: the merged object (`formatters.log`),
 * string arguments (`hooks.logMethod`), and the request, reply and error that Fastify and our
 * code log as `req`, `res` and `err` (`serializers`, Fastify's own fields). Used by the server's
 * logger in app.ts.
 */
export const maskingLoggerOptions = {
  serializers: {
    // Parameters typed `unknown` (Fastify types them per server kind); results as Fastify's own.
    req: (value: unknown) => {
      const request = value as LoggedRequest;
      return maskLogObject({
        method: request.method,
        url: request.url,
        host: request.host,
        remoteAddress: request.ip,
        remotePort: request.socket?.remotePort,
      });
    },
    res: (value: unknown) => ({ statusCode: (value as { statusCode: number }).statusCode }),
    err: (value: unknown) => {
      const error = value as Error;
      return maskLogObject({
        ...(error as unknown as Record<string, unknown>),
        type: error.name,
        message: error.message,
        stack: error.stack ?? '',
      });
    },
  },
  formatters: {
    log(object: Record<string, unknown>): Record<string, unknown> {
      return maskLogObject(object);
    },
  },
  hooks: {
    logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void): void {
      method.apply(
        this,
        args.map((arg) => (typeof arg === 'string' ? maskPersonalData(arg) : arg)),
      );
    },
  },
};
