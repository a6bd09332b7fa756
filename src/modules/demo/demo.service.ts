import {
  type CalendarYearTable,
  createCalendar,
  DEFAULT_TIMEZONE,
  defaultCalendarForYear,
  type WorkingCalendar,
} from '../../domain/calendar/index.js';
import { loadConfig } from '../../platform/config.js';
import { createContext } from '../../platform/context.js';
import type { Database } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { enterBulkMode, resumeDossierTriggers, suspendDossierTriggers } from './aggregates.js';
import { runAnnualCycles } from './annual.js';
import { writeCalendarYears } from './calendar.js';
import { type DossierSummary, writeDossiers } from './dossiers.js';
import { DEMO_FEEDBACK_PER_YEAR, writeFeedback } from './feedback.js';
import { NATION_PROVINCES, planSyntheticProvince } from './nation.js';
import { loadNation } from './nation-load.js';
import { type Citizen, type DemoLogin, type Staff, writeCitizens, writeStaff } from './people.js';
import {
  cutStatistics,
  type ProcedurePlan,
  planProcedures,
  writeProcedures,
} from './procedures.js';
import { writePublicInfo } from './public-info.js';
import { writeRegisters } from './registers.js';
import { Rng } from './rng.js';
import { type OrgPlan, planProvince, writeUnits } from './units.js';
import { type DemoWriter, withDemoWriter } from './writer.js';

export const DEMO_SCALES = ['commune', 'province', 'nation'] as const;
export type DemoScale = (typeof DEMO_SCALES)[number];

/**
 * Dossiers generated per scale when not given. The province default is a documented fraction
 * of Lai Châu's real volume (a few hundred thousand a year) so that `npm start` on embedded
 * PGlite is served within a minute on two cores; on PostgreSQL pass `--dossiers` for more.
 */
export const DEFAULT_DOSSIERS: Record<DemoScale, number> = {
  commune: 1500,
  province: 20_000,
  nation: 10_000_000,
};

export interface GenerateDemoOptions {
  database: Database;
  /** The key personal data is encrypted with (config.secretKey). */
  secret: string;
  scale: DemoScale;
  seed: string;
  years: number;
  /** Last day of the data (YYYY-MM-DD, Asia/Ho_Chi_Minh): the data ends at 00:00 of that day. */
  until: string;
  /** Dossiers in the window (per province for `nation`: the total is shared out). */
  dossiers?: number;
  /** Replace an existing tenant of the same code. */
  replace?: boolean;
  /** Tenant code (commune and province scales; default LCU). */
  tenantCode?: string;
  onProgress?: (event: { phase: string; done: number; total: number }) => void;
}

export interface DemoTenantResult {
  code: string;
  name: string;
  tenantId: number;
  units: number;
  procedures: number;
  onlineProcedures: number;
  averageCut: number;
  largestCut: number;
  staff: number;
  citizens: number;
  dossiers: DossierSummary;
}

export interface DemoResult {
  scale: DemoScale;
  seed: string;
  from: string;
  until: string;
  tenants: DemoTenantResult[];
  logins: DemoLogin[];
  weakUnits: { unit: string; why: string }[];
  elapsedMs: number;
  dossiersPerSecond: number;
}

/**
 * Generates a deterministic demo (DOMAIN §1, §3, §4, §11): the same seed and the same `until`
 * give the same rows (ids, codes, times, names; encrypted fields and password hashes differ
 * only by their random salt and IV, and decrypt to the same values). Each province is written
 * in one transaction: a failure leaves nothing behind.
 *
 * @throws AppError `already_exists` when a tenant of the same code has data and `replace` is
 * not set; `validation_failed` for bad options.
 */
export async function generateDemo(options: GenerateDemoOptions): Promise<DemoResult> {
  const started = performance.now();
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(options.until) ||
    Number.isNaN(Date.parse(`${options.until}T00:00:00Z`))
  ) {
    throw new AppError('validation_failed', {
      message: `--until must be a date YYYY-MM-DD, got ${options.until}`,
      details: { field: 'until' },
    });
  }
  if (!Number.isInteger(options.years) || options.years < 1 || options.years > 10) {
    throw new AppError('validation_failed', {
      message: '--years must be a whole number from 1 to 10',
      details: { field: 'years' },
    });
  }
  if (
    options.dossiers !== undefined &&
    (!Number.isInteger(options.dossiers) || options.dossiers < 0)
  ) {
    throw new AppError('validation_failed', {
      message: '--dossiers must be a whole number ≥ 0',
      details: { field: 'dossiers' },
    });
  }
  if (options.scale === 'nation' && options.database.engine !== 'postgres') {
    throw new AppError('validation_failed', {
      message: 'the nation scale needs PostgreSQL (--database-url)',
      details: { field: 'scale' },
    });
  }
  // The data ends at the start of `until` in Asia/Ho_Chi_Minh; the window starts `years` before.
  const until = Date.parse(`${options.until}T00:00:00+07:00`);
  const fromDate = `${Number(options.until.slice(0, 4)) - options.years}${options.until.slice(4)}`;
  const from = Date.parse(`${fromDate}T00:00:00+07:00`);
  const root = new Rng(`motcua-demo/${options.seed}`);
  const plans: { org: OrgPlan; dossiers: number; rng: Rng }[] = [];
  if (options.scale === 'nation') {
    const total = options.dossiers ?? DEFAULT_DOSSIERS.nation;
    const weightSum = NATION_PROVINCES.reduce((s, p) => s + p.weight, 0);
    for (const province of NATION_PROVINCES) {
      const rng = root.fork(`province/${province.code}`);
      plans.push({
        org: planSyntheticProvince(province, rng.fork('units')),
        dossiers: Math.round((total * province.weight) / weightSum),
        rng,
      });
    }
  } else {
    const rng = root.fork('province/LCU');
    const org = planProvince({
      tenantCode: options.tenantCode ?? 'LCU',
      name: 'Tỉnh Lai Châu',
      nameEn: 'Lai Chau Province',
      provinceCode: 'H40',
      communeOnly: options.scale === 'commune',
      rng: rng.fork('units'),
    });
    plans.push({ org, dossiers: options.dossiers ?? DEFAULT_DOSSIERS[options.scale], rng });
  }
  for (const plan of plans)
    await assertTenantFree(options.database, plan.org.tenantCode, options.replace === true);

  const tenants: DemoTenantResult[] = [];
  let logins: DemoLogin[] = [];
  const totalDossiers = plans.reduce((s, p) => s + p.dossiers, 0);
  let doneBefore = 0;
  if (options.scale === 'nation') {
    // National volumes have their own loader (nation-load.ts): one transaction, COPY streams.
    const loaded = await loadNation(options.database, {
      plans,
      secret: options.secret,
      from,
      until,
      replace: options.replace === true,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    tenants.push(...loaded.tenants);
    logins = loaded.logins;
  }
  for (const plan of options.scale === 'nation' ? [] : plans) {
    const result = await withDemoWriter(options.database, (writer) =>
      generateProvince(writer, {
        ...plan,
        secret: options.secret,
        from,
        until,
        scale: options.scale,
        replace: options.replace === true,
        onProgress: (done) =>
          options.onProgress?.({
            phase: 'dossiers',
            done: doneBefore + done,
            total: totalDossiers,
          }),
      }),
    );
    doneBefore += plan.dossiers;
    tenants.push(result.tenant);
    if (logins.length === 0) logins = result.logins;
  }
  if (options.database.engine === 'pglite') await options.database.exec('analyze');
  // The annual CCHC index cycles run through the annual module's use cases, after the data
  // they count is in place (the service index feeds their automatic points).
  if (options.scale !== 'nation') {
    const ctx = createContext(options.database, loadConfig());
    const fromDay = new Date(from + 7 * 3_600_000).toISOString().slice(0, 10);
    const lastYear = Number(options.until.slice(0, 4));
    const years: number[] = [];
    for (let y = Number(fromDay.slice(0, 4)); y <= lastYear; y++) years.push(y);
    for (const tenant of tenants)
      await runAnnualCycles(ctx, {
        tenantId: tenant.tenantId,
        rng: root.fork(`annual/${tenant.code}`),
        until,
        years,
      });
  }
  const elapsedMs = performance.now() - started;
  const dossiers = tenants.reduce((s, t) => s + t.dossiers.dossiers, 0);
  const weakUnits =
    plans[0]?.org.units
      .filter((u) => u.profile.weakness)
      .map((u) => ({ unit: u.name, why: u.profile.weakness as string })) ?? [];
  return {
    scale: options.scale,
    seed: options.seed,
    from: new Date(from).toISOString(),
    until: new Date(until).toISOString(),
    tenants,
    logins,
    weakUnits,
    elapsedMs,
    dossiersPerSecond: Math.round(dossiers / (elapsedMs / 1000)),
  };
}

async function assertTenantFree(database: Database, code: string, replace: boolean): Promise<void> {
  const tenant = await database.db
    .selectFrom('tenants')
    .select('id')
    .where('code', '=', code)
    .executeTakeFirst();
  if (!tenant || replace) return;
  const unit = await database.db
    .selectFrom('units')
    .select('id')
    .where('tenant_id', '=', tenant.id)
    .limit(1)
    .executeTakeFirst();
  if (unit) {
    throw new AppError('already_exists', {
      message: `tenant ${code} already has data; add --replace to delete it and generate the demo again`,
      details: { field: 'tenant', code },
    });
  }
}

/**
 * Deletes every row of a tenant from every table that has a tenant_id column, children
 * before parents (retrying the tables a foreign key still holds), keeping the tenant row.
 */
export async function clearTenant(writer: DemoWriter, tenantId: number): Promise<void> {
  const tables = await writer.query<{ table_name: string }>(
    `select c.table_name from information_schema.columns c join information_schema.tables t using (table_schema, table_name)
     where c.column_name = 'tenant_id' and c.table_schema = current_schema() and t.table_type = 'BASE TABLE' and c.table_name <> 'tenants'
     order by c.table_name`,
  );
  let pending = tables.map((t) => t.table_name);
  for (let pass = 0; pending.length > 0 && pass < 20; pass++) {
    const failed: string[] = [];
    for (const table of pending) {
      await writer.query('savepoint demo_clear');
      try {
        if (table === 'units')
          await writer.query('update units set parent_id = null where tenant_id = $1', [tenantId]);
        await writer.query(`delete from ${table} where tenant_id = $1`, [tenantId]);
        await writer.query('release savepoint demo_clear');
      } catch {
        await writer.query('rollback to savepoint demo_clear');
        failed.push(table);
      }
    }
    pending = failed;
  }
  if (pending.length > 0)
    throw new Error(`demo: could not clear tenant tables ${pending.join(', ')}`);
}

async function generateProvince(
  writer: DemoWriter,
  input: {
    org: OrgPlan;
    dossiers: number;
    rng: Rng;
    secret: string;
    from: number;
    until: number;
    scale: DemoScale;
    replace: boolean;
    onProgress: (done: number) => void;
  },
): Promise<{ tenant: DemoTenantResult; logins: DemoLogin[] }> {
  const { org, rng } = input;
  // Rows carry the time the province was set up, a little before the window, not the wall clock.
  const setUpAt = new Date(input.from - 30 * 86_400_000).toISOString();
  const existing = await writer.query<{ id: number }>('select id from tenants where code = $1', [
    org.tenantCode,
  ]);
  let tenantId: number;
  if (existing[0]) {
    tenantId = Number(existing[0].id);
    if (input.replace) await clearTenant(writer, tenantId);
    await writer.query('update tenants set name = $2, name_en = $3 where id = $1', [
      tenantId,
      org.tenantName,
      org.tenantNameEn,
    ]);
  } else {
    const [row] = await writer.query<{ id: number }>(
      'insert into tenants (code, name, name_en, settings, created_at) values ($1, $2, $3, $4, $5) returning id',
      [
        org.tenantCode,
        org.tenantName,
        org.tenantNameEn,
        JSON.stringify({ timezone: DEFAULT_TIMEZONE, demo: { scale: input.scale } }),
        setUpAt,
      ],
    );
    tenantId = Number(row?.id);
  }
  // Bulk mode for the whole province, not only its dossiers: the foreign-key checks of the
  // catalogue, users and grants (one internal query per row) cost more than their COPY.
  const suspended = await suspendDossierTriggers(writer);
  const leaveBulkMode = await enterBulkMode(writer);
  const units = await writeUnits(writer, tenantId, org, setUpAt);
  const years: number[] = [];
  for (
    let y = new Date(input.from).getUTCFullYear();
    y <= new Date(input.until).getUTCFullYear() + 1;
    y++
  )
    years.push(y);
  await writeCalendarYears(writer, tenantId, years, setUpAt);
  const { staff, finish } = await writeStaff(
    writer,
    tenantId,
    org,
    units,
    rng.fork('staff'),
    setUpAt,
    input.scale === 'nation' ? 'logins' : 'all',
  );
  const citizens = await writeCitizens(
    writer,
    tenantId,
    rng.fork('citizens'),
    Math.max(20, Math.round(input.dossiers / 25)),
    input.secret,
    setUpAt,
  );
  const procedureCount = input.scale === 'commune' ? 60 : 1900;
  const procedurePlans = planProcedures({
    rng: rng.fork('procedures'),
    count: procedureCount,
    org,
    catalogueStart: setUpAt.slice(0, 10),
  });
  const procedures = await writeProcedures(writer, tenantId, procedurePlans, units, setUpAt);
  await writer.flush();
  // The calendar the application itself will use for these dossiers (stored official years,
  // shipped provisional ones), read back through the calendar module.
  const calendar = await withKyselyFreeCalendar(writer, tenantId);
  const summary = await writeDossiers(writer, {
    tenantId,
    rng: rng.fork('dossiers'),
    org,
    units,
    procedures,
    staff,
    citizens,
    calendar,
    from: input.from,
    until: input.until,
    count: input.dossiers,
    secret: input.secret,
    onProgress: input.onProgress,
  });
  // Feedback for 6.1/6.2, on the same calendar (a commune gets a fifth of a province's).
  await writeFeedback(writer, {
    tenantId,
    rng: rng.fork('feedback'),
    org,
    units,
    calendar,
    from: input.from,
    until: input.until,
    perYear: input.scale === 'commune' ? DEMO_FEEDBACK_PER_YEAR / 5 : DEMO_FEEDBACK_PER_YEAR,
  });
  // Published hotlines and reception schedules, and the governance registers (DOMAIN §1, §10).
  await writePublicInfo(writer, {
    tenantId,
    rng: rng.fork('public-info'),
    org,
    units,
    staff,
    calendar,
    until: input.until,
    setUpAt,
  });
  await writeRegisters(writer, {
    tenantId,
    rng: rng.fork('registers'),
    org,
    units,
    staff,
    from: input.from,
    until: input.until,
  });
  await finish();
  await leaveBulkMode();
  // After the indexes are back: the contribution function reads each dossier's events. The
  // tenant holds no other dossiers (new, or cleared by --replace), so all of them count.
  if (suspended) await resumeDossierTriggers(writer, tenantId, 0);
  if (process.env.MOTCUA_DEMO_TRACE)
    process.stderr.write(
      `${JSON.stringify(Object.fromEntries([...writer.timings].map(([k, v]) => [k, Math.round(v)])))}\n`,
    );
  return tenantResult({ org, tenantId, procedurePlans, staff, citizens, summary });
}

/** What a generated tenant reports: counts, the catalogue's cuts, and the logins to print. */
export function tenantResult(t: {
  org: OrgPlan;
  tenantId: number;
  procedurePlans: readonly ProcedurePlan[];
  staff: Staff;
  citizens: readonly Citizen[];
  summary: DossierSummary;
}): { tenant: DemoTenantResult; logins: DemoLogin[] } {
  const { org, citizens } = t;
  const cuts = cutStatistics(t.procedurePlans);
  return {
    tenant: {
      code: org.tenantCode,
      name: org.tenantName,
      tenantId: t.tenantId,
      units: org.units.length,
      procedures: t.procedurePlans.length,
      onlineProcedures: cuts.online,
      averageCut: cuts.average,
      largestCut: cuts.largest,
      staff: t.staff.members.length,
      citizens: citizens.length,
      dossiers: t.summary,
    },
    logins: [
      ...t.staff.logins,
      {
        role: 'citizen',
        username: citizens[0]?.phone ?? '',
        password: '(mã OTP gửi qua SMS / one-time code)',
        unit: citizens[0]?.name ?? '',
        unitKind: 'citizen',
      },
    ],
  };
}

/**
 * The tenant's calendar exactly as `loadTenantCalendar` builds it (stored year tables first,
 * the shipped official or provisional table otherwise), read on the writer's connection: the
 * stored years are not committed yet, so another connection would not see them.
 */
export async function withKyselyFreeCalendar(
  writer: DemoWriter,
  tenantId: number,
): Promise<WorkingCalendar> {
  const rows = await writer.query<{
    year: number;
    status: CalendarYearTable['status'];
    spec: unknown;
    source: string | null;
  }>('select year, status, spec, source from calendar_years where tenant_id = $1', [tenantId]);
  const stored = new Map<number, CalendarYearTable>();
  for (const row of rows) {
    const spec = (
      typeof row.spec === 'string' ? JSON.parse(row.spec) : row.spec
    ) as CalendarYearTable;
    stored.set(Number(row.year), {
      ...spec,
      year: Number(row.year),
      status: row.status,
      ...(row.source ? { source: row.source } : {}),
    });
  }
  const timezone = [...stored.values()][0]?.timezone ?? DEFAULT_TIMEZONE;
  return createCalendar({
    timezone,
    yearSource: (year) => stored.get(year) ?? defaultCalendarForYear(year).spec,
  });
}
