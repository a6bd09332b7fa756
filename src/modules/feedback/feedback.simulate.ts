import type { Insertable, Kysely } from 'kysely';
import type { WorkingCalendar } from '../../domain/calendar/index.js';
import {
  answerDueAfterInfo,
  deadlinesFrom,
  type FeedbackChannel,
  type FeedbackState,
  publishDueFrom,
} from '../../domain/feedback/index.js';
import type { DB } from '../../platform/db/schema.js';
import './feedback.tables.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A plausible history of one feedback item, for the demo data set and for index tests. */
export interface SimulatedFeedback {
  state: FeedbackState;
  /** The unit handling it at the end: the receiving one, or the one it was transferred to. */
  transferred: boolean;
  receivedAt: Date;
  rejectDueAt: Date;
  infoDueAt: Date;
  answerDueAt: Date;
  publishDueAt: Date | null;
  infoRequestedAt: Date | null;
  infoSuppliedAt: Date | null;
  transferredAt: Date | null;
  rejectedAt: Date | null;
  answeredAt: Date | null;
  publishedAt: Date | null;
  finishedAt: Date | null;
  complainedAgainAt: Date | null;
  likes: number;
  dislikes: number;
}

/**
 * Simulates the handling of a feedback item received at `receivedAt`, cut at `now`: a few are
 * transferred, rejected, or wait for requested information; most are answered within days to
 * weeks (some after the 15-working-day deadline) and published within days (some late); replies
 * collect likes and dislikes and a few are complained about again. Deadlines follow the domain's
 * rules (src/domain/feedback) on the given calendar. `rnd` returns numbers in [0, 1), so a
 * seeded generator makes the history reproducible.
 */
export function simulateFeedback(
  cal: WorkingCalendar,
  rnd: () => number,
  receivedAt: number,
  now: number,
): SimulatedFeedback {
  const days = (min: number, max: number) => (min + rnd() * (max - min)) * DAY;
  let due = deadlinesFrom(cal, receivedAt);
  const out: SimulatedFeedback = {
    state: 'received',
    transferred: false,
    receivedAt: new Date(receivedAt),
    rejectDueAt: new Date(due.rejectDueAt),
    infoDueAt: new Date(due.infoDueAt),
    answerDueAt: new Date(due.answerDueAt),
    publishDueAt: null,
    infoRequestedAt: null,
    infoSuppliedAt: null,
    transferredAt: null,
    rejectedAt: null,
    answeredAt: null,
    publishedAt: null,
    finishedAt: null,
    complainedAgainAt: null,
    likes: 0,
    dislikes: 0,
  };
  let t = receivedAt;
  const happens = (at: number) => at <= now;
  // Sorted to the right unit first, now and then.
  if (rnd() < 0.1) {
    const at = t + days(0.2, 3);
    if (!happens(at)) return out;
    t = at;
    due = deadlinesFrom(cal, t);
    Object.assign(out, {
      transferred: true,
      transferredAt: new Date(t),
      rejectDueAt: new Date(due.rejectDueAt),
      infoDueAt: new Date(due.infoDueAt),
      answerDueAt: new Date(due.answerDueAt),
    });
  }
  const start = t + days(0.1, 1.5);
  if (!happens(start)) return out;
  out.state = 'processing';
  t = start;
  // Out of scope or unfounded: rejected, usually within the two days.
  if (rnd() < 0.08) {
    const at = t + days(0.2, rnd() < 0.8 ? 1.5 : 5);
    if (!happens(at)) return out;
    Object.assign(out, { state: 'rejected', rejectedAt: new Date(at), finishedAt: new Date(at) });
    return reactions(out, rnd, at, now);
  }
  if (rnd() < 0.2) {
    const asked = t + days(0.5, rnd() < 0.85 ? 5 : 9);
    if (!happens(asked)) return out;
    out.state = 'info_requested';
    out.infoRequestedAt = new Date(asked);
    const supplied = asked + days(1, 10);
    if (!happens(supplied)) return out;
    out.state = 'processing';
    out.infoSuppliedAt = new Date(supplied);
    out.answerDueAt = new Date(answerDueAfterInfo(cal, out.answerDueAt.getTime(), asked, supplied));
    t = supplied;
  }
  // Most answers within the 15 working days (about three weeks); one in eight later.
  const answered = t + days(2, rnd() < 0.88 ? 18 : 40);
  if (!happens(answered)) return out;
  out.state = 'awaiting_publication';
  out.answeredAt = new Date(answered);
  out.publishDueAt = new Date(publishDueFrom(cal, answered));
  const published = answered + days(0.2, rnd() < 0.85 ? 2 : 7);
  if (!happens(published)) return reactions(out, rnd, answered, now);
  Object.assign(out, {
    state: 'published',
    publishedAt: new Date(published),
    finishedAt: new Date(published),
  });
  return reactions(out, rnd, answered, now);
}

/** Likes, dislikes and complaints again after a reply given at `repliedAt`. */
function reactions(
  out: SimulatedFeedback,
  rnd: () => number,
  repliedAt: number,
  now: number,
): SimulatedFeedback {
  if (rnd() < 0.6) {
    const unhappy = rnd() < 0.15;
    out.likes = unhappy ? Math.floor(rnd() * 2) : 1 + Math.floor(rnd() * 3);
    out.dislikes = unhappy ? out.likes + 1 + Math.floor(rnd() * 2) : Math.floor(rnd() * 2);
  }
  const complained = repliedAt + (1 + rnd() * 10) * DAY;
  if (rnd() < 0.05 && complained <= now) out.complainedAgainAt = new Date(complained);
  return out;
}

/** One simulated item to store: where it was received and handled, and what it says. */
export interface SimulatedItem {
  tenantId: number;
  code: string;
  receivedUnitId: number;
  /** Where it goes when the simulation transfers it. */
  transferUnitId: number;
  channel: FeedbackChannel;
  subject: string;
  content: string;
  reply: string;
  sim: SimulatedFeedback;
}

/**
 * Stores simulated items (anonymous feedback, kind `feedback`) with their history events and
 * ratings, in batches. For demo data and tests; real intake goes through `submitFeedback`.
 */
export async function insertSimulatedFeedback(
  db: Kysely<DB>,
  items: readonly SimulatedItem[],
): Promise<number> {
  const BATCH = 200;
  for (let i = 0; i < items.length; i += BATCH) {
    const batch = items.slice(i, i + BATCH);
    const rows = await db
      .insertInto('feedback')
      .values(
        batch.map((it) => {
          const s = it.sim;
          const unit = s.transferred ? it.transferUnitId : it.receivedUnitId;
          const replied = s.answeredAt ?? s.rejectedAt;
          return {
            tenant_id: it.tenantId,
            code: it.code,
            kind: 'feedback' as const,
            channel: it.channel,
            unit_id: unit,
            received_unit_id: it.receivedUnitId,
            state: s.state,
            subject: it.subject,
            content: it.content,
            anonymous: true,
            reply: replied ? it.reply : null,
            received_at: s.receivedAt,
            reject_due_at: s.rejectDueAt,
            info_due_at: s.infoDueAt,
            answer_due_at: s.answerDueAt,
            publish_due_at: s.publishDueAt,
            info_requested_at: s.infoRequestedAt,
            info_supplied_at: s.infoSuppliedAt,
            transferred_at: s.transferredAt,
            rejected_at: s.rejectedAt,
            answered_at: s.answeredAt,
            published_at: s.publishedAt,
            finished_at: s.finishedAt,
            complained_again_at: s.complainedAgainAt,
            created_at: s.receivedAt,
            updated_at: s.finishedAt ?? replied ?? s.receivedAt,
          };
        }),
      )
      .returning(['id'])
      .execute();
    const events: Array<Insertable<DB['feedback_events']>> = [];
    const ratings: Array<Insertable<DB['feedback_ratings']>> = [];
    batch.forEach((it, k) => {
      const id = (rows[k] as { id: number }).id;
      const s = it.sim;
      const unit = s.transferred ? it.transferUnitId : it.receivedUnitId;
      const ev = (
        action: string,
        from: FeedbackState | null,
        to: FeedbackState,
        at: Date | null,
        unitId: number,
        toUnitId: number | null = null,
      ) => {
        if (at)
          events.push({
            tenant_id: it.tenantId,
            feedback_id: id,
            action,
            from_state: from,
            to_state: to,
            unit_id: unitId,
            to_unit_id: toUnitId,
            actor_id: null,
            note: null,
            at,
          });
      };
      ev('receive', null, 'received', s.receivedAt, it.receivedUnitId);
      ev('transfer', 'received', 'received', s.transferredAt, it.receivedUnitId, unit);
      ev('request_info', 'processing', 'info_requested', s.infoRequestedAt, unit);
      ev('supply_info', 'info_requested', 'processing', s.infoSuppliedAt, unit);
      ev('reject', 'processing', 'rejected', s.rejectedAt, unit);
      ev('answer', 'processing', 'awaiting_publication', s.answeredAt, unit);
      ev('publish', 'awaiting_publication', 'published', s.publishedAt, unit);
      const replied = (s.answeredAt ?? s.rejectedAt)?.getTime();
      if (replied !== undefined) {
        const at = new Date(replied + HOUR);
        for (let n = 0; n < s.likes + s.dislikes; n++)
          ratings.push({
            tenant_id: it.tenantId,
            feedback_id: id,
            rater: `demo:${n}`,
            value: n < s.likes ? 'like' : 'dislike',
            created_at: at,
            updated_at: at,
          });
      }
    });
    if (events.length > 0) await db.insertInto('feedback_events').values(events).execute();
    if (ratings.length > 0) await db.insertInto('feedback_ratings').values(ratings).execute();
  }
  return items.length;
}
