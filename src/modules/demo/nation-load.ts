import { setImmediate as yieldToIo } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { from as copyFrom } from 'pg-copy-streams';
import { DEFAULT_TIMEZONE } from '../../domain/calendar/index.js';
import type { Database } from '../../platform/db/database.js';
import { UNIT_DAY_COUNTER_COLUMNS } from '../indices/index.js';
import { tetDay, writeCalendarYears } from './calendar.js';
import type { DemoTenantResult } from './demo.service.js';
import { clearTenant, tenantResult, withKyselyFreeCalendar } from './demo.service.js';
import { WorkTable } from './nation-calendar.js';
import {
  NATION_COUNTER_COLUMNS,
  NATION_DOSSIER_COLUMNS,
  NATION_EVENT_COLUMNS,
  NATION_PROCEDURE_MONTH_COLUMNS,
  NATION_UNIT_DAY_COLUMNS,
  NationDossierGenerator,
} from './nation-dossiers.js';
import type { NationWorkerJob, NationWorkerMessage } from './nation-worker.js';
import { type DemoLogin, writeCitizens, writeStaff } from './people.js';
import { planProcedures, writeProcedures } from './procedures.js';
import { Rng } from './rng.js';
import { type OrgPlan, writeUnits } from './units.js';
import { createWriter, type DemoWriter } from './writer.js';

const DAY = 86_400_000;
/** Dossiers per COPY round trip: large enough to keep PostgreSQL busy, small enough for memory. */
const CHUNK = 25_000;
/** Worker threads generating provinces at once (MOTCUA_DEMO_WORKERS; 0 = in the main thread). */
const DEFAULT_WORKERS = 2;
const WORKER_URL = new URL('./nation-worker.ts', import.meta.url).href;

export interface NationPlan {
  org: OrgPlan;
  dossiers: number;
  rng: Rng;
}

/**
 * Loads the nation scale (34 provinces, ~10 million dossiers) into PostgreSQL in ONE
 * transaction: a failure leaves nothing behind. Fast because:
 *
 * - dossiers come from {@link NationDossierGenerator} (table-driven clock arithmetic, COPY text
 *   built directly, abridged history) and are streamed to `COPY … FROM STDIN` in chunks while
 *   the next chunk is generated, so Node and PostgreSQL each keep one core busy;
 * - foreign-key checks and row triggers are skipped for the transaction
 *   (`session_replication_role = replica`, as `pg_restore` does): every id is reserved by the
 *   loader itself, and the live index aggregates are summed by the generator as the row
 *   trigger would have (checked against the SQL function in `nation.test.ts`) and copied once
 *   per province;
 * - on an empty database, the dossier tables are truncated in the transaction so COPY can
 *   write frozen rows (`FREEZE`: no later vacuum pass to set hint bits), and their secondary
 *   indexes and the `(tenant_id, code)` unique constraint are dropped and built again after
 *   the load, with the definitions read from the catalogue (the end state is the migrated
 *   schema; `nation.test.ts` compares the two).
 */
export async function loadNation(
  database: Database,
  input: {
    plans: NationPlan[];
    secret: string;
    from: number;
    until: number;
    replace: boolean;
    onProgress?: (event: { phase: string; done: number; total: number }) => void;
  },
): Promise<{ tenants: DemoTenantResult[]; logins: DemoLogin[] }> {
  const pool = database.pool;
  if (!pool) throw new Error('the nation scale needs PostgreSQL');
  const client = await pool.connect();
  const run = (text: string, params?: unknown[]) =>
    client.query(text, params).then((r) => r.rows as Record<string, unknown>[]);
  const copyMs = new Map<string, number>();
  const copy = async (table: string, columns: readonly string[], body: string, freeze: boolean) => {
    if (body.length === 0) return;
    const t0 = performance.now();
    try {
      await copyRaw(table, columns, body, freeze);
    } finally {
      copyMs.set(table, (copyMs.get(table) ?? 0) + performance.now() - t0);
    }
  };
  const copyRaw = async (
    table: string,
    columns: readonly string[],
    body: string,
    freeze: boolean,
  ) => {
    const stream = client.query(
      copyFrom(`copy ${table} (${columns.join(',')}) from stdin${freeze ? ' with (freeze)' : ''}`),
    );
    await new Promise<void>((resolve, reject) => {
      stream.on('finish', resolve);
      stream.on('error', reject);
      stream.end(body);
    });
  };
  const writer = createWriter('postgres', run, async (table, columns, csv) => {
    const stream = client.query(
      copyFrom(`copy ${table} (${columns.join(',')}) from stdin with (format csv)`),
    );
    await new Promise<void>((resolve, reject) => {
      stream.on('finish', resolve);
      stream.on('error', reject);
      stream.end(csv);
    });
  });
  let tail: Promise<unknown> = Promise.resolve();
  const serial: Serial = (work) => {
    const next = tail.then(work);
    tail = next.catch(() => undefined);
    return next;
  };
  const total = input.plans.reduce((s, p) => s + p.dossiers, 0);
  const tenants: DemoTenantResult[] = [];
  let logins: DemoLogin[] = [];
  await run('begin');
  try {
    await run(`set local synchronous_commit = off`);
    await run(`set local maintenance_work_mem = '512MB'`);
    const replica = await trySet(run, 'set local session_replication_role = replica');
    if (input.replace) {
      for (const plan of input.plans) {
        const [row] = await run('select id from tenants where code = $1', [plan.org.tenantCode]);
        if (row) await clearTenant(writer, Number(row.id));
      }
    }
    const bulk = await enterNationBulkMode(run);
    if (!replica) await run('alter table dossiers disable trigger user');
    // Provinces are set up one at a time on the connection, and their dossiers generated in
    // worker threads, a few provinces at once; every statement goes through one serial queue.
    const workers =
      input.plans.length > 1 ? Number(process.env.MOTCUA_DEMO_WORKERS ?? DEFAULT_WORKERS) : 0;
    const done = new Map<string, number>();
    const progress = () => {
      let sum = 0;
      for (const n of done.values()) sum += n;
      input.onProgress?.({ phase: 'dossiers', done: sum, total });
    };
    const running = new Set<Promise<void>>();
    const results: { tenant: DemoTenantResult; logins: DemoLogin[] }[] = [];
    for (const [index, plan] of input.plans.entries()) {
      const province = loadProvince(writer, run, copy, serial, {
        plan,
        secret: input.secret,
        from: input.from,
        until: input.until,
        freeze: bulk.freeze,
        workers: workers > 0,
        onProgress: (n) => {
          done.set(plan.org.tenantCode, n);
          progress();
        },
      });
      const job = province.then((result) => {
        results[index] = result;
      });
      // Setting up a province needs the connection: the next one starts after it.
      await province.setUp;
      const whole = job.then(() => {
        running.delete(whole);
      });
      running.add(whole);
      if (running.size >= Math.max(1, workers)) await Promise.race(running);
    }
    await Promise.all(running);
    for (const result of results) {
      tenants.push(result.tenant);
      if (logins.length === 0) logins = result.logins;
    }
    if (process.env.MOTCUA_DEMO_TRACE)
      process.stderr.write(
        `copy ms ${JSON.stringify(Object.fromEntries(copyMs))} writer ${JSON.stringify(Object.fromEntries(writer.timings))}\n`,
      );
    input.onProgress?.({ phase: 'indexes', done: total, total });
    await bulk.restore();
    if (!replica) await run('alter table dossiers enable trigger user');
    await run('commit');
  } catch (error) {
    await run('rollback').catch(() => undefined);
    client.release(error as Error);
    throw error;
  }
  try {
    // Fresh statistics, so the first queries on the new data are planned for its size.
    await run('analyze');
  } finally {
    client.release();
  }
  return { tenants, logins };
}

/** Runs work on the connection after everything queued before it. */
type Serial = <T>(work: () => Promise<T>) => Promise<T>;
type Run = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;
type Copy = (
  table: string,
  columns: readonly string[],
  body: string,
  freeze: boolean,
) => Promise<void>;

async function trySet(run: Run, statement: string): Promise<boolean> {
  await run('savepoint nation_set');
  try {
    await run(statement);
    await run('release savepoint nation_set');
    return true;
  } catch {
    await run('rollback to savepoint nation_set');
    return false;
  }
}

/** Tables whose rows the nation load writes with COPY and that may be emptied for FREEZE. */
const BULK_TABLES = [
  'dossiers',
  'dossier_events',
  'dossier_code_counters',
  'index_unit_day',
  'index_unit_month',
  'index_unit_procedure_month',
];

/**
 * On an empty database: truncates the dossier tables (and the empty tables that refer to
 * them) so COPY may freeze, and drops their secondary indexes and the dossiers' unique code
 * constraint, returning the function that builds them again. Otherwise changes nothing.
 */
async function enterNationBulkMode(
  run: Run,
): Promise<{ freeze: boolean; restore: () => Promise<void> }> {
  const referring = (
    await run(
      `select distinct c.conrelid::regclass::text as name from pg_constraint c
       where c.contype = 'f' and c.confrelid = any (array['dossiers'::regclass, 'dossier_events'::regclass])`,
    )
  ).map((r) => String(r.name));
  const tables = [...new Set([...BULK_TABLES, ...referring])];
  for (const table of tables) {
    const [row] = await run(`select not exists (select 1 from ${table}) as empty`);
    if (!row?.empty) return { freeze: false, restore: async () => undefined };
  }
  await run(`truncate ${tables.join(', ')}`);
  const indexes = (
    await run(
      `select i.indexname, i.indexdef from pg_indexes i
       where i.schemaname = current_schema() and i.tablename = any ($1)
         and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
       order by i.tablename, i.indexname`,
      [['dossiers', 'dossier_events']],
    )
  ).map((r) => ({ name: String(r.indexname), definition: String(r.indexdef) }));
  // The code's unique constraint is looked up at random places while loading; (dossier_id,
  // seq) and the primary keys grow at their right edge and are kept.
  const constraints = (
    await run(
      `select conname, pg_get_constraintdef(oid) as definition from pg_constraint
       where conrelid = 'dossiers'::regclass and contype = 'u'`,
    )
  ).map((r) => ({ name: String(r.conname), definition: String(r.definition) }));
  for (const index of indexes) await run(`drop index ${index.name}`);
  for (const c of constraints) await run(`alter table dossiers drop constraint ${c.name}`);
  return {
    freeze: true,
    restore: async () => {
      for (const c of constraints)
        await run(`alter table dossiers add constraint ${c.name} ${c.definition}`);
      for (const index of indexes) await run(index.definition);
    },
  };
}

interface ProvinceInput {
  plan: NationPlan;
  secret: string;
  from: number;
  until: number;
  freeze: boolean;
  workers: boolean;
  onProgress: (done: number) => void;
}

type ProvinceResult = { tenant: DemoTenantResult; logins: DemoLogin[] };

/**
 * Loads one province: its set-up (tenant, units, calendar, staff, citizens, catalogue) on the
 * connection, then its dossiers generated in a worker thread (or here) and copied in chunks,
 * then its index aggregates. `setUp` settles when the connection is free for the next province.
 */
function loadProvince(
  writer: DemoWriter,
  run: Run,
  copy: Copy,
  serial: Serial,
  input: ProvinceInput,
): Promise<ProvinceResult> & { setUp: Promise<void> } {
  let markSetUp: () => void = () => undefined;
  let failSetUp: (error: unknown) => void = () => undefined;
  const setUp = new Promise<void>((resolve, reject) => {
    markSetUp = resolve;
    failSetUp = reject;
  });
  const whole = (async (): Promise<ProvinceResult> => {
    let ready: Awaited<ReturnType<typeof setUpProvince>>;
    try {
      ready = await serial(() => setUpProvince(writer, run, input));
      markSetUp();
    } catch (error) {
      failSetUp(error);
      throw error;
    }
    const copyChunk = (dossiers: string, events: string, counters: string) =>
      serial(async () => {
        await copy('dossiers', NATION_DOSSIER_COLUMNS, dossiers, input.freeze);
        await copy('dossier_events', NATION_EVENT_COLUMNS, events, input.freeze);
        await copy('dossier_code_counters', NATION_COUNTER_COLUMNS, counters, input.freeze);
      });
    const generated = input.workers
      ? await generateInWorker(ready, input, copyChunk)
      : await generateHere(ready, input, copyChunk);
    ready.trace('dossiers');
    input.onProgress(input.plan.dossiers);
    // The live index aggregates, as the row trigger (skipped while copying) would have left them.
    await serial(async () => {
      await copy('index_unit_day', NATION_UNIT_DAY_COLUMNS, generated.unitDay, input.freeze);
      await run(rollUpUnitMonths, [ready.tenantId]);
      await copy(
        'index_unit_procedure_month',
        NATION_PROCEDURE_MONTH_COLUMNS,
        generated.procedureMonth,
        input.freeze,
      );
      await ready.finish();
    });
    ready.trace('finish');
    const { org, procedurePlans, tenantId, staff, citizens } = ready;
    return tenantResult({
      org,
      tenantId,
      procedurePlans,
      staff,
      citizens,
      summary: generated.summary,
    });
  })();
  whole.catch(() => undefined);
  return Object.assign(whole, { setUp });
}

/**
 * The province's month rows (migration 0073) as the sums of the day rows just copied: the
 * province is new, so nothing else writes its aggregates meanwhile.
 */
const rollUpUnitMonths = `insert into index_unit_month
  select tenant_id, receiving_unit_id, agency_unit_id, date_trunc('month', day)::date,
    ${UNIT_DAY_COUNTER_COLUMNS.map((c) => `sum(${c})`).join(', ')}
  from index_unit_day where tenant_id = $1
  group by 1, 2, 3, 4`;

async function setUpProvince(writer: DemoWriter, run: Run, input: ProvinceInput) {
  const { org, rng } = input.plan;
  const trace = process.env.MOTCUA_DEMO_TRACE
    ? (label: string) =>
        process.stderr.write(`${org.tenantCode} ${label} ${Math.round(performance.now())}\n`)
    : () => undefined;
  trace('start');
  const setUpAt = new Date(input.from - 30 * DAY).toISOString();
  const existing = await run('select id from tenants where code = $1', [org.tenantCode]);
  let tenantId: number;
  if (existing[0]) {
    tenantId = Number(existing[0].id);
    await run('update tenants set name = $2, name_en = $3 where id = $1', [
      tenantId,
      org.tenantName,
      org.tenantNameEn,
    ]);
  } else {
    const [row] = await run(
      'insert into tenants (code, name, name_en, settings, created_at) values ($1, $2, $3, $4, $5) returning id',
      [
        org.tenantCode,
        org.tenantName,
        org.tenantNameEn,
        JSON.stringify({ timezone: DEFAULT_TIMEZONE, demo: { scale: 'nation' } }),
        setUpAt,
      ],
    );
    tenantId = Number(row?.id);
  }
  const units = await writeUnits(writer, tenantId, org, setUpAt);
  const firstYear = new Date(input.from).getUTCFullYear();
  const lastYear = new Date(input.until).getUTCFullYear() + 1;
  const years: number[] = [];
  for (let y = firstYear; y <= lastYear; y++) years.push(y);
  await writeCalendarYears(writer, tenantId, years, setUpAt);
  const { staff, finish } = await writeStaff(
    writer,
    tenantId,
    org,
    units,
    rng.fork('staff'),
    setUpAt,
    'logins',
  );
  const citizens = await writeCitizens(
    writer,
    tenantId,
    rng.fork('citizens'),
    Math.max(20, Math.round(input.plan.dossiers / 50)),
    input.secret,
    setUpAt,
  );
  const procedurePlans = planProcedures({
    rng: rng.fork('procedures'),
    count: 1900,
    org,
    catalogueStart: setUpAt.slice(0, 10),
  });
  const procedures = await writeProcedures(writer, tenantId, procedurePlans, units, setUpAt);
  await writer.flush();
  trace('setup');
  const calendar = await withKyselyFreeCalendar(writer, tenantId);
  const firstDay = Math.floor((input.from + 7 * 3_600_000) / DAY);
  const lastDay = Math.floor((input.until + 7 * 3_600_000) / DAY);
  // Due dates of long procedures, supplements and extensions run well past the window.
  const table = new WorkTable(calendar, firstDay - 7, lastDay + 500);
  const tetDays: number[] = [];
  for (let y = firstYear; y <= lastYear; y++)
    tetDays.push(Math.floor(Date.parse(`${tetDay(y)}T00:00:00Z`) / DAY));
  const reserve = Math.ceil(input.plan.dossiers * 1.25) + 1000;
  const firstDossierId = await writer.reserveIds('dossiers', reserve);
  // At most five history rows per dossier (submit, receive, approve, return, current state).
  const firstEventId = await writer.reserveIds('dossier_events', reserve * 5);
  const generatorInput = {
    tenantId,
    org,
    units,
    procedures,
    staff,
    citizens,
    from: input.from,
    until: input.until,
    count: input.plan.dossiers,
    secret: input.secret,
    firstDossierId,
    dossierIdEnd: firstDossierId + reserve,
    firstUnitId: Math.min(...units.values()),
    firstProcedureId: Math.min(...procedures.map((p) => p.id)),
    firstEventId,
    eventIdEnd: firstEventId + reserve * 5,
    tetDays,
  };
  return {
    org,
    tenantId,
    procedurePlans,
    staff,
    citizens,
    finish,
    trace,
    generatorInput,
    seed: `nation-dossiers/${rng.fork('dossiers').next()}`,
    table,
    calendar,
    days: { first: firstDay - 7, last: lastDay + 500 },
  };
}

type Ready = Awaited<ReturnType<typeof setUpProvince>>;
type Generated = {
  unitDay: string;
  procedureMonth: string;
  summary: NationDossierGenerator['summary'];
};
type CopyChunk = (dossiers: string, events: string, counters: string) => Promise<void>;

/** In the main thread (one province, or MOTCUA_DEMO_WORKERS=0): the next chunk is generated while the last is copied. */
async function generateHere(
  ready: Ready,
  input: ProvinceInput,
  copyChunk: CopyChunk,
): Promise<Generated> {
  const generator = new NationDossierGenerator({
    ...ready.generatorInput,
    rng: new Rng(ready.seed),
    table: ready.table,
  });
  let inflight: Promise<void> = Promise.resolve();
  const ship = async () => {
    const dossiers = generator.takeDossiers();
    const events = generator.takeEvents();
    const counters = generator.takeCounters();
    await inflight;
    inflight = copyChunk(dossiers, events, counters);
    // Surface a failed COPY at the next await rather than as an unhandled rejection.
    inflight.catch(() => undefined);
  };
  while (generator.nextDay()) {
    if (generator.pendingDossiers >= CHUNK) await ship();
    else await yieldToIo();
    input.onProgress(generator.summary.dossiers);
  }
  await ship();
  await inflight;
  return { ...generator.takeAggregates(), summary: generator.summary };
}

/** In a worker thread: chunks come back as COPY text and are acknowledged once copied. */
function generateInWorker(
  ready: Ready,
  input: ProvinceInput,
  copyChunk: CopyChunk,
): Promise<Generated> {
  const rules = [];
  for (let d = ready.days.first; d <= ready.days.last; d++) rules.push(ready.calendar.rules(d));
  const job: NationWorkerJob = {
    input: ready.generatorInput,
    seed: ready.seed,
    calendar: { timezone: ready.calendar.timezone, firstDay: ready.days.first, rules },
    chunk: CHUNK,
  };
  // The worker loads its TypeScript through tsx, as bin/motcua.js does for the main thread.
  const worker = new Worker(
    `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL)}); })`,
    { eval: true, workerData: job },
  );
  return new Promise<Generated>((resolve, reject) => {
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      void worker.terminate();
      reject(error);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`nation demo worker exited with ${code}`));
    });
    worker.on('message', (message: NationWorkerMessage) => {
      if (message.kind === 'chunk') {
        input.onProgress(message.done);
        copyChunk(message.dossiers, message.events, message.counters).then(
          () => worker.postMessage(message.id),
          fail,
        );
      } else {
        // The end comes after the last chunk was posted; wait for it to be copied first.
        copyChunk('', '', '').then(() => {
          void worker.terminate();
          resolve({
            unitDay: message.unitDay,
            procedureMonth: message.procedureMonth,
            summary: message.summary,
          });
        }, fail);
      }
    });
  });
}
