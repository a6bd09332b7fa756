import { maskLogObject, maskPersonalData } from './crypto/redact.js';

/** Background work the server starts with it and stops before the database closes. */
export interface Worker {
  name: string;
  /** Ends the work: no new round starts, and the one under way is awaited. */
  stop(): Promise<void>;
}

/** What a background worker logs through (the outbox worker, the embedded maintenance). */
export interface WorkerLog {
  info(object: Record<string, unknown>, message: string): void;
  warn(object: Record<string, unknown>, message: string): void;
}

const LEVELS: Record<string, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Number.POSITIVE_INFINITY,
};

/**
 * JSON lines on stdout in pino's shape (the request log's), personal data masked, at the
 * configured level, `name` telling the workers apart.
 */
export function consoleLog(level: string, name: string): WorkerLog {
  const threshold = LEVELS[level] ?? 30;
  const write = (lvl: number, object: Record<string, unknown>, msg: string) => {
    if (lvl < threshold) return;
    process.stdout.write(
      `${JSON.stringify({ level: lvl, time: Date.now(), name, ...maskLogObject(object), msg: maskPersonalData(msg) })}\n`,
    );
  };
  return {
    info: (object, msg) => write(30, object, msg),
    warn: (object, msg) => write(40, object, msg),
  };
}
