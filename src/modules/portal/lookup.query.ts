import { CompiledQuery, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { maskName, PUBLIC_STATUS } from './public-status.js';

/** The zone public dates are shown in (the portal's, as in `localIso`). */
export const PUBLIC_ZONE = 'Asia/Ho_Chi_Minh';

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** JSON text of a text expression, `null` for NULL (to_json escapes like JSON.stringify). */
const jsonText = (expr: string) => `coalesce(to_json(${expr})::text, 'null')`;

/**
 * JSON text of a timestamptz in the public zone, formatted as `formatInstant` does
 * (`2025-03-10T17:00:00+07:00`, milliseconds only when not zero, truncated like a JS Date), or
 * `null`. The offset is the zone's at that instant, so a change of offset is honoured. One
 * to_char (".000" can only be the milliseconds): formatting is most of the statement's cost.
 */
function isoJson(expr: string): string {
  const local = `(${expr} at time zone ${literal(PUBLIC_ZONE)})`;
  const offset = `(${local} - (${expr} at time zone 'UTC'))`;
  return `case when ${expr} is null then 'null' else concat('"',
    replace(to_char(${local}, 'YYYY-MM-DD"T"HH24:MI:SS.MS'), '.000', ''),
    case when ${offset} >= interval '0' then '+' || to_char(${offset}, 'HH24:MI')
      else '-' || to_char(-${offset}, 'HH24:MI') end, '"') end`;
}

/**
 * JSON text of the public label of a status: the labels are PUBLIC_STATUS's, written into the
 * statement once (the text is constant, so it is prepared once per connection); an unknown
 * status is its own label, as `publicStatus` answers.
 */
function labelJson(expr: string): string {
  const cases = Object.entries(PUBLIC_STATUS)
    .map(([status, label]) => `when ${literal(status)} then ${literal(JSON.stringify(label))}`)
    .join(' ');
  const own = jsonText(expr);
  return `case ${expr} ${cases} else concat('{"vi":', ${own}, ',"en":', ${own}, ',"ascii":', ${own}, '}') end`;
}

/**
 * Milliseconds, as the public answer compares dates (a JS Date's precision): an extension or a
 * finish less than a millisecond away changes nothing.
 */
const ms = (expr: string) => `date_trunc('milliseconds', ${expr})`;

/**
 * The public answers about a batch of dossiers, written as JSON by PostgreSQL in one statement,
 * each in two parts around the masked applicant name (masked here, with the one `maskName`, so
 * the full name is never part of any answer). Parameters: tenant, codes, now.
 */
const LOOKUP_SQL = `
select d.code, d.applicant_name,
  concat('{"code":', ${jsonText('d.code')},
    ',"status":', ${jsonText('d.status')},
    ',"statusLabel":', ${labelJson('d.status')}) as head,
  concat('"procedure":{"code":', ${jsonText('p.code')}, ',"name":', ${jsonText('pv.name')}, '}',
    ',"unit":', ${jsonText('ru.name')},
    ',"channel":', d.channel,
    ',"receivedAt":', ${isoJson('d.received_at')},
    ',"promisedAt":', ${isoJson('d.due_at')},
    ',"finishedAt":', ${isoJson('d.finished_at')},
    ',"returnedAt":', ${isoJson('d.returned_at')},
    ',"late":', case when d.original_due_at is not null
      and ${ms('coalesce(d.finished_at, $3::timestamptz)')} > ${ms('d.original_due_at')}
      then 'true' else 'false' end,
    ',"extended":', case when ${ms('d.due_at')} <> ${ms('d.original_due_at')}
      then 'true' else 'false' end,
    ',"timeline":[', (
      select string_agg(concat('{"at":', ${isoJson('e.at')}, ',"status":', ${jsonText('e.to_status')},
        ',"label":', ${labelJson('e.to_status')}, '}'), ',' order by e.seq)
      from dossier_events e where e.tenant_id = d.tenant_id and e.dossier_id = d.id
    ), ']}') as tail
from dossiers d
join procedure_versions pv on pv.id = d.procedure_version_id
join units ru on ru.id = d.receiving_unit_id
join procedures p on p.id = d.procedure_id
where d.tenant_id = $1 and d.code = any($2::text[])`;

/**
 * The public look-up's response bodies for several codes of one tenant, serialised, by code
 * (codes no dossier has are absent): PostgreSQL writes the JSON, Node adds the masked name and
 * sends the text as it is. The busiest read of all (issue 7: 10 million dossiers); building the
 * answer in JavaScript (17 columns through the driver, Date parsing, zone formatting, the
 * response serialiser) was ≈ 15 % of the server's CPU per look-up, and one statement per code
 * cost PostgreSQL more than the reading itself (docs/BENCHMARKS.md): `LookupBatcher` sends the
 * codes asked for at the same moment in one statement. The statement is compiled once, not
 * built by Kysely on every call. The same bytes as serialising `lookupDossier`'s object with
 * the route's schema (tested).
 */
export async function publicDossiersJson(
  db: Kysely<DB>,
  tenantId: number,
  codes: readonly string[],
  now: Date,
): Promise<Map<string, string>> {
  const result = await db.executeQuery<{
    code: string;
    applicant_name: string;
    head: string;
    tail: string;
  }>(CompiledQuery.raw(LOOKUP_SQL, [tenantId, codes, now.toISOString()]));
  const answers = new Map<string, string>();
  for (const row of result.rows)
    answers.set(
      row.code,
      `${row.head},"applicant":${JSON.stringify(maskName(row.applicant_name))},${row.tail}`,
    );
  return answers;
}

/** One code's answer (see `publicDossiersJson`); undefined when no dossier of the tenant has it. */
export async function publicDossierJson(
  db: Kysely<DB>,
  tenantId: number,
  code: string,
  now: Date,
): Promise<string | undefined> {
  return (await publicDossiersJson(db, tenantId, [code], now)).get(code);
}
