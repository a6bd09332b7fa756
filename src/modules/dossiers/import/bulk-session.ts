import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '../../../platform/db/database.js';

/**
 * One connection in one transaction for a bulk load, on either engine: plain queries and
 * `COPY … FROM` in CSV (PGlite: from a blob; PostgreSQL: FROM STDIN). Committed when `work`
 * returns, rolled back when it throws, so a failed import leaves nothing behind.
 */
export interface BulkSession {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  copy(table: string, columns: readonly string[], csv: string | Uint8Array): Promise<void>;
}

export async function withBulkSession<T>(
  database: Database,
  work: (s: BulkSession) => Promise<T>,
): Promise<T> {
  if (database.engine === 'pglite') {
    const pglite = database.pglite;
    if (!pglite) throw new Error('PGlite handle missing');
    // Hold Kysely's single PGlite connection so nothing interleaves with the transaction.
    return database.db.connection().execute(async () => {
      const session: BulkSession = {
        query: async <R>(text: string, params?: unknown[]) =>
          (await pglite.query<R>(text, params ?? [])).rows,
        copy: async (table, columns, csv) => {
          await pglite.query(
            `copy ${table} (${columns.join(',')}) from '/dev/blob' with (format csv)`,
            [],
            // A Buffer here is always backed by a plain ArrayBuffer (never shared memory).
            { blob: new Blob([csv as string | ArrayBufferView<ArrayBuffer>]) },
          );
        },
      };
      await pglite.query('begin');
      try {
        const result = await work(session);
        await pglite.query('commit');
        return result;
      } catch (error) {
        await pglite.query('rollback');
        throw error;
      }
    });
  }
  const pool = database.pool;
  if (!pool) throw new Error('pg pool missing');
  const client = await pool.connect();
  const session: BulkSession = {
    query: async <R>(text: string, params?: unknown[]) =>
      (await client.query(text, params)).rows as R[],
    copy: async (table, columns, csv) => {
      const stream = client.query(
        copyFrom(`copy ${table} (${columns.join(',')}) from stdin with (format csv)`),
      );
      await pipeline(Readable.from([csv]), stream);
    },
  };
  try {
    await client.query('begin');
    const result = await work(session);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The COPY text of one batch, written as UTF-8 into one growing buffer as rows are made: a row's
 * string then dies young instead of living in the heap until the batch is sent (a batch of
 * 20,000 rows held as strings made the import spend a third of its time collecting garbage).
 */
export class CopyBuffer {
  private buffer: Buffer;
  private size = 0;
  /** End offset of each row. */
  private readonly ends: number[] = [];

  constructor(capacity = 1 << 20) {
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  get rows(): number {
    return this.ends.length;
  }

  push(text: string): void {
    // UTF-16 code units take at most 3 bytes of UTF-8 each.
    const need = this.size + text.length * 3;
    if (need > this.buffer.length) {
      const next = Buffer.allocUnsafe(Math.max(need, this.buffer.length * 2));
      this.buffer.copy(next, 0, 0, this.size);
      this.buffer = next;
    }
    this.size += this.buffer.write(text, this.size);
    this.ends.push(this.size);
  }

  /** The bytes of every row, or of the rows `keep` accepts (by their position). */
  bytes(keep?: (row: number) => boolean): Uint8Array {
    if (!keep) return this.buffer.subarray(0, this.size);
    const parts: Uint8Array[] = [];
    let start = 0;
    this.ends.forEach((end, i) => {
      if (keep(i)) parts.push(this.buffer.subarray(start, end));
      start = end;
    });
    return Buffer.concat(parts);
  }
}

/** A CSV field for COPY: null as an unquoted empty field, text quoted when it needs to be. */
export function copyField(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value === '' || /[",\n\r]/.test(value)) return `"${value.replace(/"/g, '""')}"`;
  return value;
}
