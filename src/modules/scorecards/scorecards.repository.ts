import { type Kysely, sql } from 'kysely';
import type { StaffCounts } from '../../domain/scorecards/index.js';
import type { DB } from '../../platform/db/schema.js';

/** The roles whose holders work dossiers, and so have a scorecard. */
export const OFFICER_ROLES = ['counter_officer', 'specialist', 'leader'] as const;

export interface OfficerGrant {
  role: (typeof OFFICER_ROLES)[number];
  /** null: the whole tenant. */
  unitId: number | null;
  unitName: string | null;
}

export interface OfficerCountsRow extends StaffCounts {
  userId: number;
  name: string;
  username: string | null;
  disabled: boolean;
  grants: OfficerGrant[];
}

export interface OfficerCounts {
  officers: OfficerCountsRow[];
  /** What the whole list touched, each dossier once: the total line's dossiers and ratings. */
  distinct: Pick<StaffCounts, 'dossiers' | 'ratings' | 'ratingsSatisfied'>;
}

/**
 * One statement: the officers (staff holding a dossier role over a unit inside `scope`, or the
 * whole tenant when scope is null, or just `userId`) with what they did between two local days
 * and what they hold now. Times are local (Asia/Ho_Chi_Minh, where every tenant lives).
 */
export async function readOfficerCounts(
  db: Kysely<DB>,
  input: {
    tenantId: number;
    from: string;
    to: string;
    now: Date;
    scope: number[] | null;
    userId?: number;
  },
): Promise<OfficerCounts> {
  const { tenantId, from, to, now } = input;
  const scope = input.scope === null ? null : input.scope.map(Number);
  const result = await sql<{
    user_id: string;
    full_name: string;
    username: string | null;
    disabled: boolean;
    grants: Array<{ role: OfficerGrant['role']; unit_id: number | null; unit_name: string | null }>;
    received: string;
    steps: string;
    steps_on_time: string;
    returned: string;
    supplement_requests: string;
    dossiers: string;
    ratings: string;
    ratings_satisfied: string;
    in_hand: string;
    in_hand_overdue: string;
    total_dossiers: string;
    total_ratings: string;
    total_ratings_satisfied: string;
  }>`
    with bounds as (
      select (${from}::date::timestamp at time zone 'Asia/Ho_Chi_Minh') as since,
             ((${to}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh') as until
    ),
    grants as (
      -- A grant without a unit covers the whole tenant: listed only when the reader's scope is.
      select g.user_id, g.role, g.unit_id, u.name as unit_name
      from role_grants g
      left join units u on u.id = g.unit_id
      join users s on s.id = g.user_id and s.kind = 'staff'
      where g.tenant_id = ${tenantId}
        and g.role in (${sql.join(OFFICER_ROLES.map((r) => sql`${r}`))})
        and (${scope}::bigint[] is null or g.unit_id in (
          select c.descendant_id from unit_closure c
          where c.tenant_id = ${tenantId} and c.ancestor_id = any(${scope}::bigint[])))
        and (${input.userId ?? null}::bigint is null or g.user_id = ${input.userId ?? null}::bigint)
    ),
    officers as (
      select user_id,
        jsonb_agg(jsonb_build_object('role', role, 'unit_id', unit_id, 'unit_name', unit_name)
          order by unit_name, role) as grants
      from grants group by user_id
    ),
    -- One scan of the period's events and one of its ratings give each officer's line and,
    -- in the grouping set (), the whole list's: there a dossier several officers acted on, and
    -- its rating, count once.
    acts as (
      select e.actor_id, grouping(e.actor_id) = 1 as is_total,
        count(*) filter (where e.action = 'receive') as received,
        count(*) filter (where e.on_time is not null) as steps,
        count(*) filter (where e.on_time) as steps_on_time,
        count(*) filter (where e.action = 'return_result') as returned,
        count(*) filter (where e.action in ('request_supplement', 'request_supplement_at_reception'))
          as supplement_requests,
        count(distinct e.dossier_id) as dossiers
      from dossier_events e, bounds b
      where e.tenant_id = ${tenantId} and e.at >= b.since and e.at < b.until
        and e.actor_id in (select user_id from officers)
      group by grouping sets ((e.actor_id), ())
    ),
    -- A rating with its five elements (the portal's form) counts its civil-servant element, on
    -- the day it was given. A dossier rated in the source system (legacy import, demo) carries
    -- one overall rating and no form: it counts that, on the day the dossier was finished.
    rated_dossiers as (
      select r.dossier_id, r.staff as score
      from dossier_ratings r, bounds b
      where r.tenant_id = ${tenantId} and r.created_at >= b.since and r.created_at < b.until
      union all
      select d.id, d.rating
      from dossiers d, bounds b
      where d.tenant_id = ${tenantId} and d.rating is not null
        and d.finished_at >= b.since and d.finished_at < b.until
        and not exists (select 1 from dossier_ratings r where r.dossier_id = d.id)
    ),
    rated as (
      select x.actor_id, grouping(x.actor_id) = 1 as is_total,
        count(distinct rd.dossier_id) as ratings,
        count(distinct rd.dossier_id) filter (where rd.score >= 4) as ratings_satisfied
      from rated_dossiers rd
      join lateral (
        select distinct e.actor_id from dossier_events e
        where e.dossier_id = rd.dossier_id and e.actor_id in (select user_id from officers)
      ) x on true
      group by grouping sets ((x.actor_id), ())
    ),
    held as (
      select d.assignee_id,
        count(*) as in_hand,
        count(*) filter (where d.paused_since is null and d.step_due_at < ${now.toISOString()}::timestamptz)
          as in_hand_overdue
      from dossiers d
      where d.tenant_id = ${tenantId} and d.finished_at is null
        and d.assignee_id in (select user_id from officers)
      group by d.assignee_id
    )
    select o.user_id, s.full_name, s.username, s.disabled_at is not null as disabled, o.grants,
      coalesce(a.received, 0) as received, coalesce(a.steps, 0) as steps,
      coalesce(a.steps_on_time, 0) as steps_on_time, coalesce(a.returned, 0) as returned,
      coalesce(a.supplement_requests, 0) as supplement_requests, coalesce(a.dossiers, 0) as dossiers,
      coalesce(r.ratings, 0) as ratings, coalesce(r.ratings_satisfied, 0) as ratings_satisfied,
      coalesce(h.in_hand, 0) as in_hand, coalesce(h.in_hand_overdue, 0) as in_hand_overdue,
      coalesce((select dossiers from acts where is_total), 0) as total_dossiers,
      coalesce((select ratings from rated where is_total), 0) as total_ratings,
      coalesce((select ratings_satisfied from rated where is_total), 0) as total_ratings_satisfied
    from officers o
    join users s on s.id = o.user_id
    left join acts a on a.actor_id = o.user_id and not a.is_total
    left join rated r on r.actor_id = o.user_id and not r.is_total
    left join held h on h.assignee_id = o.user_id
    order by s.full_name, o.user_id`.execute(db);
  const first = result.rows[0];
  return {
    officers: result.rows.map((r) => ({
      userId: Number(r.user_id),
      name: r.full_name,
      username: r.username,
      disabled: r.disabled,
      grants: (typeof r.grants === 'string' ? JSON.parse(r.grants) : r.grants).map(
        (g: { role: OfficerGrant['role']; unit_id: number | null; unit_name: string | null }) => ({
          role: g.role,
          unitId: g.unit_id === null ? null : Number(g.unit_id),
          unitName: g.unit_name,
        }),
      ),
      received: Number(r.received),
      steps: Number(r.steps),
      stepsOnTime: Number(r.steps_on_time),
      returned: Number(r.returned),
      supplementRequests: Number(r.supplement_requests),
      dossiers: Number(r.dossiers),
      ratings: Number(r.ratings),
      ratingsSatisfied: Number(r.ratings_satisfied),
      inHand: Number(r.in_hand),
      inHandOverdue: Number(r.in_hand_overdue),
    })),
    distinct: {
      dossiers: Number(first?.total_dossiers ?? 0),
      ratings: Number(first?.total_ratings ?? 0),
      ratingsSatisfied: Number(first?.total_ratings_satisfied ?? 0),
    },
  };
}
