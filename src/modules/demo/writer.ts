import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '../../platform/db/database.js';

/** A value as the demo writes it: text, number, boolean, null, or JSON (objects and arrays). */
export type Cell = string | number | boolean | null | undefined | object;

/**
 * Bulk writer for generated rows. Rows are buffered per table and written with COPY … FROM
 * in CSV (PGlite: from a blob; PostgreSQL: COPY FROM STDIN through pg-copy-streams), the
 * fastest way into either engine. Everything goes through one connection held from `open` to
 * `close`, inside one transaction unless the caller commits in between (`commit`).
 */
export interface DemoWriter {
  readonly engine: Database['engine'];
  /** A plain query on the writer's connection (same transaction). */
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  /** Queues a row for `table`; written when the buffer is full or on `flush`. */
  push(table: string, columns: readonly string[], row: readonly Cell[]): Promise<void>;
  /** Writes every buffered row. */
  flush(): Promise<void>;
  /**
   * Reserves `count` ids of `table`'s identity column and returns the first; rows are then
   * written with explicit ids (COPY writes identity columns as given), so children can refer
   * to their parents without a round trip per row.
   */
  reserveIds(table: string, count: number): Promise<number>;
  /** Commits and begins a new transaction (the nation scale commits per province). */
  commit(): Promise<void>;
  /** Rows written so far, per table. */
  readonly written: ReadonlyMap<string, number>;
  /** Milliseconds spent writing, per table (COPY only). */
  readonly timings: ReadonlyMap<string, number>;
}

interface Buffer {
  columns: readonly string[];
  lines: string[];
}

const FLUSH_ROWS = 5000;

/**
 * Runs `work` with a writer on one connection in one transaction: committed when `work`
 * returns, rolled back when it throws, so a failed run leaves nothing half-written.
 */
export async function withDemoWriter<T>(
  database: Database,
  work: (writer: DemoWriter) => Promise<T>,
): Promise<T> {
  if (database.engine === 'pglite') {
    const pglite = database.pglite;
    if (!pglite) throw new Error('PGlite handle missing');
    // Hold Kysely's single PGlite connection so nothing else interleaves with the transaction.
    return database.db.connection().execute(async () => {
      const run = (text: string, params?: unknown[], blob?: Blob) =>
        pglite
          .query<Record<string, unknown>>(text, params ?? [], blob ? { blob } : {})
          .then((r) => r.rows);
      const writer = createWriter('pglite', run, async (table, columns, csv) => {
        await pglite.query(
          `copy ${table} (${columns.join(',')}) from '/dev/blob' with (format csv)`,
          [],
          {
            blob: new Blob([csv]),
          },
        );
      });
      return inTransaction(writer, run, work);
    });
  }
  const pool = database.pool;
  if (!pool) throw new Error('PostgreSQL pool missing');
  const client = await pool.connect();
  try {
    const run = (text: string, params?: unknown[]) =>
      client.query(text, params).then((r) => r.rows as Record<string, unknown>[]);
    const writer = createWriter('postgres', run, (table, columns, csv) =>
      copyToPostgres(client, table, columns, csv),
    );
    return await inTransaction(writer, run, work);
  } finally {
    client.release();
  }
}

async function inTransaction<T>(
  writer: DemoWriter,
  run: (text: string) => Promise<unknown>,
  work: (writer: DemoWriter) => Promise<T>,
): Promise<T> {
  await run('begin');
  try {
    const result = await work(writer);
    await writer.flush();
    await run('commit');
    return result;
  } catch (error) {
    await run('rollback');
    throw error;
  }
}

async function copyToPostgres(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  csv: string,
): Promise<void> {
  const stream = client.query(
    copyFrom(`copy ${table} (${columns.join(',')}) from stdin with (format csv)`),
  );
  await pipeline(
    (async function* () {
      yield csv;
    })(),
    stream,
  );
}

export function createWriter(
  engine: Database['engine'],
  run: (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>,
  copy: (table: string, columns: readonly string[], csv: string) => Promise<void>,
): DemoWriter {
  const buffers = new Map<string, Buffer>();
  const written = new Map<string, number>();
  const timings = new Map<string, number>();
  // Tables are flushed in the order they were first pushed, so parents land before children.
  const order: string[] = [];

  const flushTable = async (table: string) => {
    const buffer = buffers.get(table);
    if (!buffer || buffer.lines.length === 0) return;
    const lines = buffer.lines;
    buffer.lines = [];
    const started = performance.now();
    await copy(table, buffer.columns, `${lines.join('\n')}\n`);
    timings.set(table, (timings.get(table) ?? 0) + performance.now() - started);
    written.set(table, (written.get(table) ?? 0) + lines.length);
  };

  const flushAll = async () => {
    for (const table of order) await flushTable(table);
  };

  return {
    engine,
    written,
    timings,
    query: async (text, params) => {
      const started = performance.now();
      const rows = await run(text, params);
      timings.set('(queries)', (timings.get('(queries)') ?? 0) + performance.now() - started);
      return rows as never;
    },
    async push(table, columns, row) {
      let buffer = buffers.get(table);
      if (!buffer) {
        buffer = { columns, lines: [] };
        buffers.set(table, buffer);
        order.push(table);
      } else if (buffer.columns !== columns && buffer.columns.join() !== columns.join()) {
        throw new Error(`demo writer: columns of ${table} changed`);
      }
      buffer.lines.push(csvLine(row));
      if (buffer.lines.length >= FLUSH_ROWS) {
        // Parents first: a child row may point at a parent still in its own buffer.
        await flushAll();
      }
    },
    flush: flushAll,
    async reserveIds(table, count) {
      if (count <= 0) return 0;
      const [row] = await run(`select nextval(pg_get_serial_sequence($1, 'id'))::bigint as first`, [
        table,
      ]);
      const first = Number(row?.first);
      if (count > 1)
        await run(`select setval(pg_get_serial_sequence($1, 'id'), $2::bigint)`, [
          table,
          first + count - 1,
        ]);
      return first;
    },
    async commit() {
      await flushAll();
      await run('commit');
      await run('begin');
    },
  };
}

/**
 * One CSV line (PostgreSQL's CSV: unquoted empty = NULL, quoted empty = empty text). Built with
 * `join`, which gives one flat string: appending cell by cell builds a tree of string pieces
 * that lives as long as the line waits in its buffer, and those trees (a hundred objects a
 * line, thousands of lines a batch) were most of what the load left for the old generation.
 */
export function csvLine(row: readonly Cell[]): string {
  const cells = new Array<string>(row.length);
  for (let i = 0; i < row.length; i++) cells[i] = csvCell(row[i]);
  return cells.join(',');
}

function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`demo writer: not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `"${text.replaceAll('"', '""')}"`;
}
