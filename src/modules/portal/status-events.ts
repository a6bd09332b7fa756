import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import { decryptField } from '../../platform/crypto/index.js';
import { maskEmail, maskPhone } from '../../platform/crypto/redact.js';
import type { DB } from '../../platform/db/schema.js';
import { deliverHttp } from '../../platform/outbox/handlers.js';
import type {
  DeliveryContext,
  DeliveryResult,
  OutboxMessage,
} from '../../platform/outbox/index.js';
import { refundIfPaid } from '../payments/index.js';
import { localIso } from './lookup.service.js';
import './portal.tables.js';

/** The `dossier.status` message the dossier module queues with every transition. */
interface StatusEvent {
  tenantId: number;
  dossierId: number;
  code: string | null;
  seq: number;
  action: string;
  from: string | null;
  to: string;
  at: string;
  dueAt: string | null;
  procedureCode: string;
  receivingUnitCode: string;
  agencyUnitCode: string;
  channel: number;
  applicantUserId: number | null;
  notifyApplicant: boolean;
  note: string | null;
}

/** What the applicant is told, by event; null = nothing to tell. */
export function applicantMessage(
  event: StatusEvent,
): { event: string; title: string; body: string } | null {
  const code = event.code ?? `#${event.dossierId}`;
  const due = event.dueAt ? formatShort(event.dueAt) : null;
  if (event.action === 'approve_extension') {
    return {
      event: 'late_apology',
      title: `Xin lỗi về việc trễ hẹn hồ sơ ${code}`,
      body: `Cơ quan giải quyết xin lỗi vì hồ sơ ${code} chưa có kết quả đúng hẹn${due ? `; ngày hẹn trả mới: ${due}` : ''}.`,
    };
  }
  switch (event.to) {
    case 'received':
      return {
        event: 'received',
        title: `Hồ sơ ${code} đã được tiếp nhận`,
        body: `Hồ sơ ${code} đã được tiếp nhận${due ? `, hẹn trả kết quả ${due}` : ''}.`,
      };
    case 'reception_supplement':
    case 'awaiting_supplement':
      return {
        event: 'supplement_needed',
        title: `Hồ sơ ${code} cần bổ sung`,
        body: `Hồ sơ ${code} cần bổ sung, hoàn thiện${event.note ? `: ${event.note}` : ''}. Vui lòng xem chi tiết trong tài khoản.`,
      };
    case 'result_ready':
      return {
        event: 'result_ready',
        title: `Hồ sơ ${code} đã có kết quả`,
        body: `Hồ sơ ${code} đã có kết quả. Vui lòng nhận kết quả theo hình thức đã đăng ký.`,
      };
    case 'returned':
      return {
        event: 'returned',
        title: `Đã trả kết quả hồ sơ ${code}`,
        body: `Kết quả hồ sơ ${code} đã được trả. Mời ông/bà đánh giá mức độ hài lòng.`,
      };
    case 'not_accepted':
      return {
        event: 'not_accepted',
        title: `Hồ sơ ${code} không được tiếp nhận`,
        body: `Hồ sơ ${code} không được tiếp nhận${event.note ? `: ${event.note}` : ''}.`,
      };
    case 'stopped':
      return {
        event: 'stopped',
        title: `Hồ sơ ${code} bị dừng giải quyết`,
        body: `Hồ sơ ${code} bị dừng giải quyết${event.note ? `: ${event.note}` : ''}.`,
      };
    default:
      return null;
  }
}

function formatShort(iso: string): string {
  const local = localIso(iso)!;
  return `${local.slice(11, 16)} ngày ${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)}`;
}

/**
 * Delivers one `dossier.status` message: syncs it to the national public-service portal when
 * NATIONAL_PORTAL_URL is set (marking the dossier synced, indicator 1.4; a dry run otherwise),
 * then, when the change matters to the applicant, records the notification in their account and
 * queues the SMS and e-mail. Safe to repeat: the portal receives a stable message id and the
 * notification and its messages carry dedupe keys.
 */
export function statusEventHandler(ctx: AppContext) {
  return async (
    message: OutboxMessage,
    context: { config: { nationalPortalUrl: string | undefined }; db?: Kysely<DB> | undefined },
  ): Promise<DeliveryResult> => {
    const db = context.db ?? ctx.db;
    const event = message.payload as unknown as StatusEvent;
    let result: DeliveryResult = 'dry_run';
    if (context.config.nationalPortalUrl) {
      await syncToPortal(context.config.nationalPortalUrl, message.id, event);
      await markSynced(db, [event.dossierId]);
      result = 'sent';
    }
    if (mayRefund(event)) await refundRefused(ctx, db, event);
    if (event.notifyApplicant) await notifyApplicant(ctx, db, event);
    return result;
  };
}

/**
 * The same delivery for a round's batch of `dossier.status` messages, with the database work
 * set-based: one update marks the synced dossiers, one query finds the few dossiers that may be
 * owed a refund, and one transaction records every notification with its SMS and e-mail
 * (multi-row inserts) — a handful of round trips per batch instead of ≈ 4 per message. Failures
 * stay per message: a failed portal call fails only its message, and if a set-based step fails
 * its messages are redone one at a time, each failing alone.
 */
export function statusEventBatchHandler(ctx: AppContext) {
  return async (
    messages: OutboxMessage[],
    context: DeliveryContext,
  ): Promise<Array<DeliveryResult | Error>> => {
    const db = context.db ?? ctx.db;
    const events = messages.map((m) => m.payload as unknown as StatusEvent);
    const results: Array<DeliveryResult | Error> = messages.map(() => 'dry_run');
    const url = context.config.nationalPortalUrl;
    if (url) {
      await Promise.all(
        messages.map(async (message, i) => {
          try {
            await syncToPortal(url, message.id, events[i]!);
            results[i] = 'sent';
          } catch (error) {
            results[i] = asError(error);
          }
        }),
      );
      const synced = indexes(results, (r) => r === 'sent');
      await eachOnFailure(
        synced,
        () => markSynced(db, [...new Set(synced.map((i) => events[i]!.dossierId))]),
        (i) => markSynced(db, [events[i]!.dossierId]),
        results,
      );
    }
    const refundable = indexes(results, (r, i) => !(r instanceof Error) && mayRefund(events[i]!));
    if (refundable.length > 0) {
      // Most refusals and approvals have nothing paid to give back: one query finds those that
      // do. If it fails, every candidate is checked alone (refundRefused reads for itself), so
      // no message already sent to the portal fails for it.
      let owedIds: Set<number> | undefined;
      try {
        const owed = await sql<{ id: number }>`
          select d.id from dossiers d
          where d.id in (select value::bigint from jsonb_array_elements_text(${JSON.stringify(refundable.map((i) => events[i]!.dossierId))}::jsonb))
            and (d.status = 'not_accepted' or d.outcome in ('refused', 'stopped'))
            and exists (select 1 from payments p where p.dossier_id = d.id and p.status = 'paid')`.execute(
          db,
        );
        owedIds = new Set(owed.rows.map((r) => r.id));
      } catch {
        owedIds = undefined;
      }
      for (const i of refundable) {
        if (owedIds && !owedIds.has(events[i]!.dossierId)) continue;
        try {
          await refundRefused(ctx, db, events[i]!);
        } catch (error) {
          results[i] = asError(error);
        }
      }
    }
    const notify = indexes(results, (r, i) => !(r instanceof Error) && events[i]!.notifyApplicant);
    await eachOnFailure(
      notify,
      () =>
        notifyApplicants(
          ctx,
          db,
          notify.map((i) => events[i]!),
        ),
      (i) => notifyApplicant(ctx, db, events[i]!),
      results,
    );
    return results;
  };
}

function mayRefund(event: StatusEvent): boolean {
  return event.to === 'not_accepted' || event.to === 'stopped' || event.action === 'approve';
}

function indexes<T>(values: T[], keep: (value: T, i: number) => boolean): number[] {
  const out: number[] = [];
  values.forEach((value, i) => {
    if (keep(value, i)) out.push(i);
  });
  return out;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Runs a set-based step for the messages at `which`; if it fails (it is one statement or one
 * transaction, so it left nothing behind), runs the step for each of them alone, recording a
 * failure against that message only.
 */
async function eachOnFailure(
  which: number[],
  all: () => Promise<void>,
  one: (i: number) => Promise<void>,
  results: Array<DeliveryResult | Error>,
): Promise<void> {
  if (which.length === 0) return;
  try {
    await all();
    return;
  } catch {
    // Redone one by one below: the failing message(s) show their own error.
  }
  for (const i of which) {
    try {
      await one(i);
    } catch (error) {
      results[i] = asError(error);
    }
  }
}

async function syncToPortal(url: string, messageId: number, event: StatusEvent): Promise<void> {
  await deliverHttp({
    url,
    messageId,
    body: {
      code: event.code,
      status: event.to,
      action: event.action,
      at: event.at,
      dueAt: event.dueAt,
      procedureCode: event.procedureCode,
      agencyCode: event.agencyUnitCode,
      receivingUnitCode: event.receivingUnitCode,
      channel: event.channel,
    },
  });
}

/** Marks dossiers synced with the national portal (indicator 1.4), the first sync's time kept. */
async function markSynced(db: Kysely<DB>, dossierIds: number[]): Promise<void> {
  await sql`
    update dossiers set synced = true, synced_at = coalesce(synced_at, now())
    where id in (select value::bigint from jsonb_array_elements_text(${JSON.stringify(dossierIds)}::jsonb))`.execute(
    db,
  );
}

/**
 * A paid dossier that is refused (at reception or in the result) or stopped gets its fee back
 * (issue 5). Done here, after the transition committed, because a gateway refund is a call to
 * the outside; repeating it is harmless since only a `paid` payment is refunded.
 */
async function refundRefused(ctx: AppContext, db: Kysely<DB>, event: StatusEvent): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const dossier = await trx
      .selectFrom('dossiers')
      .select(['status', 'outcome'])
      .where('id', '=', event.dossierId)
      .executeTakeFirst();
    if (!dossier) return;
    const refused =
      dossier.status === 'not_accepted' ||
      dossier.outcome === 'refused' ||
      dossier.outcome === 'stopped';
    if (!refused) return;
    const reason = dossier.outcome === 'stopped' ? 'Hồ sơ bị dừng giải quyết' : 'Hồ sơ bị từ chối';
    await refundIfPaid(trx, {
      tenantId: event.tenantId,
      dossierId: event.dossierId,
      reason,
      actorId: null,
      now: ctx.now(),
    });
  });
}

/** One applicant's notification (the single-message path and the batch's fallback). */
async function notifyApplicant(ctx: AppContext, db: Kysely<DB>, event: StatusEvent): Promise<void> {
  await notifyApplicants(ctx, db, [event]);
}

/**
 * Records the notifications of several events in the applicants' accounts and queues their SMS
 * and e-mails, in one transaction of four statements whatever the number of events: the
 * contacts in one query, the messages in one multi-row insert (an existing dedupe key keeps its
 * message, as enqueue does), the notifications in another. Safe to repeat: every row carries a
 * dedupe key (`dossier-<id>-<seq>`).
 */
async function notifyApplicants(
  ctx: AppContext,
  db: Kysely<DB>,
  events: StatusEvent[],
): Promise<void> {
  const told = events.flatMap((event) => {
    const text = applicantMessage(event);
    return text ? [{ event, text }] : [];
  });
  if (told.length === 0) return;
  const secret = ctx.config.secretKey;
  await db.transaction().execute(async (trx) => {
    const ids = [...new Set(told.map((t) => t.event.dossierId))];
    const contacts = await sql<{
      id: number;
      user_phone: string | null;
      user_email: string | null;
      phone_enc: string | null;
      email: string | null;
      user_id: number | null;
    }>`
      select d.id, u.phone_enc as user_phone, u.email as user_email, d.applicant_phone_enc as phone_enc, d.applicant_email as email, d.applicant_user_id as user_id
      from dossiers d left join users u on u.id = d.applicant_user_id
      where d.id in (select value::bigint from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`.execute(
      trx,
    );
    const byDossier = new Map(contacts.rows.map((row) => [row.id, row]));
    const queued: Array<{
      tenant_id: number;
      topic: string;
      payload: unknown;
      dedupe_key: string;
    }> = [];
    const notes: Array<{
      event: StatusEvent;
      text: { event: string; title: string; body: string };
      userId: number | null;
      dedupe: string;
      channels: Array<{ channel: string; to: string; key: string }>;
    }> = [];
    const seen = new Set<string>();
    for (const { event, text } of told) {
      const row = byDossier.get(event.dossierId);
      if (!row) continue;
      const dedupe = `dossier-${event.dossierId}-${event.seq}`;
      if (seen.has(dedupe)) continue;
      seen.add(dedupe);
      const phone =
        decryptOrNull(secret, row.phone_enc, 'dossiers.applicant_phone') ??
        decryptOrNull(secret, row.user_phone, 'phone');
      const email = row.email ?? row.user_email;
      const channels: Array<{ channel: string; to: string; key: string }> = [];
      if (phone) {
        const key = `${dedupe}-sms`;
        queued.push({
          tenant_id: event.tenantId,
          topic: 'sms',
          payload: { to: phone, text: `${text.body}`.slice(0, 300) },
          dedupe_key: key,
        });
        channels.push({ channel: 'sms', to: maskPhone(phone), key });
      }
      if (email) {
        const key = `${dedupe}-email`;
        queued.push({
          tenant_id: event.tenantId,
          topic: 'email',
          payload: { to: email, subject: text.title, text: text.body },
          dedupe_key: key,
        });
        channels.push({ channel: 'email', to: maskEmail(email), key });
      }
      notes.push({ event, text, userId: row.user_id, dedupe, channels });
    }
    if (notes.length === 0) return;
    const outboxIds = new Map<string, number>();
    if (queued.length > 0) {
      // Inserted rows come back from `ins`; a key queued before (a repeat delivery) returns the
      // existing message's id, which the CTE's snapshot still shows without the new rows.
      const rows = await sql<{ id: number; topic: string; dedupe_key: string }>`
        with v as (
          select * from jsonb_to_recordset(${JSON.stringify(queued)}::jsonb)
            as v(tenant_id bigint, topic text, payload jsonb, dedupe_key text)
        ), ins as (
          insert into outbox (tenant_id, topic, payload, dedupe_key, next_attempt_at)
          select tenant_id, topic, payload, dedupe_key, ${new Date().toISOString()}::timestamptz from v
          on conflict (topic, dedupe_key) do nothing
          returning id, topic, dedupe_key
        )
        select id, topic, dedupe_key from ins
        union all
        select o.id, o.topic, o.dedupe_key from outbox o join v on o.topic = v.topic and o.dedupe_key = v.dedupe_key
        where not exists (select 1 from ins where ins.topic = v.topic and ins.dedupe_key = v.dedupe_key)`.execute(
        trx,
      );
      for (const row of rows.rows) outboxIds.set(`${row.topic}:${row.dedupe_key}`, row.id);
    }
    await trx
      .insertInto('notifications')
      .values(
        notes.map((note) => ({
          tenant_id: note.event.tenantId,
          user_id: note.userId,
          dossier_id: note.event.dossierId,
          event: note.text.event,
          title: note.text.title,
          body: note.text.body,
          channels: JSON.stringify(
            note.channels.map(({ channel, to, key }) => {
              const outboxId = outboxIds.get(`${channel}:${key}`);
              if (outboxId === undefined)
                throw new Error(`outbox: could not queue ${channel}/${key}`);
              return { channel, to, outboxId };
            }),
          ),
          dedupe_key: note.dedupe,
        })),
      )
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .execute();
  });
}

function decryptOrNull(secret: string, value: string | null, context: string): string | null {
  if (!value) return null;
  try {
    return decryptField(secret, value, context);
  } catch {
    return null;
  }
}
