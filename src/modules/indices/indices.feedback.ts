import { type Kysely, sql } from 'kysely';
import {
  addFeedbackRoles,
  emptyFeedbackCounts,
  type FeedbackCounts,
  type FeedbackFacts,
  type FeedbackRoles,
  type FeedbackWindow,
  feedbackRoles,
} from '../../domain/feedback/index.js';
import type { Period } from '../../domain/indices/index.js';
import type { DB } from '../../platform/db/schema.js';
import '../feedback/feedback.tables.js';

/**
 * Indicators 6.1 (feedback handled on time) and 6.2 (satisfaction with feedback handling)
 * counted from the feedback table (migration 0070), DOMAIN §6 and §9. Feedback is small next to
 * dossiers (a few hundred items a province a year), so there is no aggregate: every call reads
 * the items that can count in the period and judges each with the domain's rule
 * (`feedbackRoles`, src/domain/feedback), so the scorecard, the drill-down and the live and exact
 * sources all agree by construction. Only kind `feedback` counts: complaints and denunciations
 * are settled under their own laws (DOMAIN §9) and are not in the index.
 *
 * An item counts for a unit when the unit's subtree holds the unit handling it or the unit that
 * first received it, once (as a dossier counts for its receiving unit and its agency).
 */

const DAY_MS = 86_400_000;

/** The period's first instant and the end of its judging day J, in Vietnam time (UTC+7). */
export function feedbackWindow(period: Period, judge: string): FeedbackWindow {
  return {
    from: Date.parse(`${period.from}T00:00:00+07:00`),
    judgeAt: Date.parse(`${judge}T00:00:00+07:00`) + DAY_MS - 1,
  };
}

export interface JudgedFeedback {
  id: number;
  code: string;
  state: string;
  unitId: number;
  receivedUnitId: number;
  facts: FeedbackFacts;
  roles: FeedbackRoles;
}

const ms = (value: Date | string | null): number | null =>
  value === null ? null : new Date(value).getTime();

/**
 * The tenant's feedback items that can count in a period judged at `judge`, each judged: those
 * received by the end of J and not finished before the period began (a superset of both
 * indicators' populations). `units` restricts to items held or first received in those units.
 * Ratings count when first given by the end of J, with their current value.
 */
export async function readJudgedFeedback(
  db: Kysely<DB>,
  input: { tenantId: number; period: Period; judge: string; units?: ReadonlySet<number> },
): Promise<JudgedFeedback[]> {
  const w = feedbackWindow(input.period, input.judge);
  const judgeAt = new Date(w.judgeAt);
  let query = db
    .selectFrom('feedback as f')
    .select([
      'f.id',
      'f.code',
      'f.state',
      'f.kind',
      'f.unit_id',
      'f.received_unit_id',
      'f.received_at',
      'f.finished_at',
      'f.reject_due_at',
      'f.info_due_at',
      'f.answer_due_at',
      'f.publish_due_at',
      'f.info_requested_at',
      'f.info_supplied_at',
      'f.rejected_at',
      'f.answered_at',
      'f.published_at',
      'f.complained_again_at',
      sql<number>`(select count(*) from feedback_ratings r
        where r.feedback_id = f.id and r.value = 'like' and r.created_at <= ${judgeAt})`.as(
        'likes',
      ),
      sql<number>`(select count(*) from feedback_ratings r
        where r.feedback_id = f.id and r.value = 'dislike' and r.created_at <= ${judgeAt})`.as(
        'dislikes',
      ),
    ])
    .where('f.tenant_id', '=', input.tenantId)
    .where('f.kind', '=', 'feedback')
    .where('f.received_at', '<=', judgeAt)
    .where((eb) =>
      eb.or([eb('f.finished_at', 'is', null), eb('f.finished_at', '>=', new Date(w.from))]),
    );
  if (input.units) {
    const ids = [...input.units];
    if (ids.length === 0) return [];
    query = query.where((eb) =>
      eb.or([eb('f.unit_id', 'in', ids), eb('f.received_unit_id', 'in', ids)]),
    );
  }
  const rows = await query.orderBy('f.received_at').orderBy('f.id').execute();
  return rows.map((r) => {
    const facts: FeedbackFacts = {
      kind: r.kind,
      receivedAt: ms(r.received_at) as number,
      finishedAt: ms(r.finished_at),
      rejectDueAt: ms(r.reject_due_at) as number,
      infoDueAt: ms(r.info_due_at) as number,
      answerDueAt: ms(r.answer_due_at) as number,
      publishDueAt: ms(r.publish_due_at),
      infoRequestedAt: ms(r.info_requested_at),
      infoSuppliedAt: ms(r.info_supplied_at),
      rejectedAt: ms(r.rejected_at),
      answeredAt: ms(r.answered_at),
      publishedAt: ms(r.published_at),
      likes: Number(r.likes),
      dislikes: Number(r.dislikes),
      complainedAgainAt: ms(r.complained_again_at),
    };
    return {
      id: r.id,
      code: r.code,
      state: r.state,
      unitId: r.unit_id,
      receivedUnitId: r.received_unit_id,
      facts,
      roles: feedbackRoles(facts, w),
    };
  });
}

/**
 * Feedback counts of each listed unit (its subtree) for a period: one read of the period's
 * items, each added to the listed units whose subtree holds its handling or first receiving
 * unit, once.
 */
export async function feedbackCountsForUnits(
  db: Kysely<DB>,
  input: {
    tenantId: number;
    period: Period;
    judge: string;
    unitIds: readonly number[];
    subtrees: Map<number, Set<number>>;
  },
): Promise<Map<number, FeedbackCounts>> {
  const out = new Map<number, FeedbackCounts>();
  const ancestors = new Map<number, number[]>();
  for (const id of input.unitIds) {
    out.set(id, emptyFeedbackCounts());
    for (const member of input.subtrees.get(id) ?? [id]) {
      const list = ancestors.get(member);
      if (list) list.push(id);
      else ancestors.set(member, [id]);
    }
  }
  const items = await readJudgedFeedback(db, input);
  for (const item of items) {
    const listed = new Set([
      ...(ancestors.get(item.unitId) ?? []),
      ...(ancestors.get(item.receivedUnitId) ?? []),
    ]);
    for (const id of listed) addFeedbackRoles(out.get(id) as FeedbackCounts, item.roles);
  }
  return out;
}
