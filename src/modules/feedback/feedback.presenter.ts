import type { Selectable } from 'kysely';
import { formatInstantToSecond } from '../../domain/calendar/index.js';
import { type FeedbackAction, pendingDueAt } from '../../domain/feedback/index.js';
import { decryptField, maskPersonalData } from '../../platform/crypto/index.js';
import type { DB } from '../../platform/db/schema.js';
import './feedback.tables.js';

/** Row → JSON for feedback. Nothing leaves here that the caller may not see. */

export type FeedbackRow = Selectable<DB['feedback']>;

/** An instant in Vietnam time (`2025-03-03T09:00:00+07:00`), or null. */
export function iso7(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return formatInstantToSecond('Asia/Ho_Chi_Minh', new Date(value).getTime());
}

function ms(value: Date | string | null): number | null {
  return value === null ? null : new Date(value).getTime();
}

function pending(row: FeedbackRow): number | null {
  return pendingDueAt(row.state, {
    answerDueAt: ms(row.answer_due_at) as number,
    publishDueAt: ms(row.publish_due_at),
  });
}

function deadlines(row: FeedbackRow) {
  return {
    rejectBy: iso7(row.reject_due_at),
    requestInfoBy: iso7(row.info_due_at),
    answerBy: iso7(row.answer_due_at),
    publishBy: iso7(row.publish_due_at),
  };
}

/**
 * What the holder of a tracking code sees (public look-up, and the answer to a submission):
 * state, dates, deadlines and the reply once given. No contact data and not the content.
 */
export function presentTracking(row: FeedbackRow, unitName: string) {
  const due = pending(row);
  return {
    code: row.code,
    kind: row.kind,
    channel: row.channel,
    state: row.state,
    subject: row.subject,
    unit: unitName,
    receivedAt: iso7(row.received_at) as string,
    dueAt: due === null ? null : iso7(new Date(due)),
    deadlines: deadlines(row),
    reply: row.reply,
    repliedAt: iso7(row.answered_at ?? row.rejected_at),
    publishedAt: iso7(row.published_at),
  };
}

interface Counts {
  likes: number;
  dislikes: number;
}

function decrypt(secret: string, value: string | null, context: string): string | null {
  return value === null ? null : decryptField(secret, value, context);
}

function submitterName(row: FeedbackRow, secret: string, visible: boolean): string | null {
  if (!visible) return null;
  return decrypt(secret, row.submitter_name_enc, 'feedback.submitter_name');
}

/**
 * One row of the staff list. `reporterVisible` false (a denunciation without
 * `feedback.reporter.read`) leaves the name out and says so with `reporterProtected`.
 */
export function presentListItem(
  row: FeedbackRow,
  options: {
    secret: string;
    reporterVisible: boolean;
    unit: { code: string; name: string };
    ratings: Counts;
    now: Date;
  },
) {
  const due = pending(row);
  const hidden = row.kind === 'denunciation' && !options.reporterVisible;
  return {
    id: row.id,
    code: row.code,
    kind: row.kind,
    channel: row.channel,
    state: row.state,
    subject: row.subject,
    unit: options.unit,
    receivedAt: iso7(row.received_at) as string,
    dueAt: due === null ? null : iso7(new Date(due)),
    overdue: due !== null && due < options.now.getTime(),
    anonymous: row.anonymous,
    submitterName: hidden ? null : submitterName(row, options.secret, true),
    reporterProtected: hidden && !row.anonymous,
    ratings: options.ratings,
    complainedAgain: row.complained_again_at !== null,
    version: row.version,
  };
}

interface EventRow {
  action: string;
  from_state: string | null;
  to_state: string;
  unit_id: number;
  to_unit_id: number | null;
  note: string | null;
  at: Date | string;
  actor_name: string | null;
  actor_kind: string | null;
}

/**
 * One item with its history for staff. The submitter's contact is decrypted only when visible
 * (always for feedback and complaints, with `feedback.reporter.read` for a denunciation);
 * history events name staff only (a citizen actor is never named).
 */
export function presentDetail(
  row: FeedbackRow,
  options: {
    secret: string;
    reporterVisible: boolean;
    units: Map<number, { code: string; name: string }>;
    events: EventRow[];
    ratings: Counts;
    allowedActions: FeedbackAction[];
    now: Date;
  },
) {
  const unit = (id: number | null) => {
    const u = id === null ? undefined : options.units.get(id);
    return u ? { code: u.code, name: u.name } : null;
  };
  const base = presentListItem(row, {
    secret: options.secret,
    reporterVisible: options.reporterVisible,
    unit: unit(row.unit_id) ?? { code: '', name: '' },
    ratings: options.ratings,
    now: options.now,
  });
  const visible = !row.anonymous && (row.kind !== 'denunciation' || options.reporterVisible);
  const s = options.secret;
  return {
    ...base,
    content: row.content,
    relatedDossierCode: row.related_dossier_code,
    relatedProcedureCode: row.related_procedure_code,
    followUpOf: row.follow_up_of,
    receivedUnit: unit(row.received_unit_id),
    submitter: visible
      ? {
          name: decrypt(s, row.submitter_name_enc, 'feedback.submitter_name'),
          phone: decrypt(s, row.submitter_phone_enc, 'feedback.submitter_phone'),
          idNumber: decrypt(s, row.submitter_id_enc, 'feedback.submitter_id'),
          email: decrypt(s, row.submitter_email_enc, 'feedback.submitter_email'),
          address: decrypt(s, row.submitter_address_enc, 'feedback.submitter_address'),
        }
      : null,
    reply: row.reply,
    deadlines: deadlines(row),
    steps: {
      infoRequestedAt: iso7(row.info_requested_at),
      infoSuppliedAt: iso7(row.info_supplied_at),
      transferredAt: iso7(row.transferred_at),
      rejectedAt: iso7(row.rejected_at),
      answeredAt: iso7(row.answered_at),
      publishedAt: iso7(row.published_at),
      finishedAt: iso7(row.finished_at),
      complainedAgainAt: iso7(row.complained_again_at),
    },
    events: options.events.map((e) => ({
      action: e.action,
      fromState: e.from_state,
      toState: e.to_state,
      unit: unit(e.unit_id),
      toUnit: unit(e.to_unit_id),
      actorName: e.actor_kind === 'staff' ? e.actor_name : null,
      note: e.note,
      at: iso7(e.at) as string,
    })),
    allowedActions: options.allowedActions,
  };
}

/** A published answer for the public list: masked question, the answer, likes and dislikes. */
export function presentPublicAnswer(
  row: {
    id: number;
    subject: string;
    content: string;
    reply: string | null;
    received_at: Date | string;
    published_at: Date | string | null;
    related_procedure_code: string | null;
    unit_name: string;
  },
  ratings: Counts,
) {
  return {
    id: row.id,
    subject: maskPersonalData(row.subject),
    question: maskPersonalData(row.content),
    answer: row.reply ?? '',
    unit: row.unit_name,
    relatedProcedureCode: row.related_procedure_code,
    receivedAt: iso7(row.received_at) as string,
    publishedAt: iso7(row.published_at),
    ratings,
  };
}
