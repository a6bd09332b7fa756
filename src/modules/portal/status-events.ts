import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import { decryptField } from '../../platform/crypto/index.js';
import { maskEmail, maskPhone } from '../../platform/crypto/redact.js';
import { deliverHttp } from '../../platform/outbox/handlers.js';
import { type DeliveryResult, enqueue, type OutboxMessage } from '../../platform/outbox/index.js';
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
    context: { config: { nationalPortalUrl: string | undefined } },
  ): Promise<DeliveryResult> => {
    const event = message.payload as unknown as StatusEvent;
    let result: DeliveryResult = 'dry_run';
    if (context.config.nationalPortalUrl) {
      await deliverHttp({
        url: context.config.nationalPortalUrl,
        messageId: message.id,
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
      await sql`update dossiers set synced = true, synced_at = coalesce(synced_at, now()) where id = ${event.dossierId}`.execute(
        ctx.db,
      );
      result = 'sent';
    }
    if (event.to === 'not_accepted' || event.to === 'stopped' || event.action === 'approve')
      await refundRefused(ctx, event);
    if (event.notifyApplicant) await notifyApplicant(ctx, event);
    return result;
  };
}

/**
 * A paid dossier that is refused (at reception or in the result) or stopped gets its fee back
 * (issue 5). Done here, after the transition committed, because a gateway refund is a call to
 * the outside; repeating it is harmless since only a `paid` payment is refunded.
 */
async function refundRefused(ctx: AppContext, event: StatusEvent): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
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

async function notifyApplicant(ctx: AppContext, event: StatusEvent): Promise<void> {
  const text = applicantMessage(event);
  if (!text) return;
  const secret = ctx.config.secretKey;
  await ctx.db.transaction().execute(async (trx) => {
    const contact = await sql<{
      user_phone: string | null;
      user_email: string | null;
      phone_enc: string | null;
      email: string | null;
      user_id: number | null;
    }>`
      select u.phone_enc as user_phone, u.email as user_email, d.applicant_phone_enc as phone_enc, d.applicant_email as email, d.applicant_user_id as user_id
      from dossiers d left join users u on u.id = d.applicant_user_id where d.id = ${event.dossierId}`.execute(
      trx,
    );
    const row = contact.rows[0];
    if (!row) return;
    const phone =
      decryptOrNull(secret, row.phone_enc, 'dossiers.applicant_phone') ??
      decryptOrNull(secret, row.user_phone, 'phone');
    const email = row.email ?? row.user_email;
    const dedupe = `dossier-${event.dossierId}-${event.seq}`;
    const channels: Array<{ channel: string; to: string; outboxId: number }> = [];
    if (phone) {
      const sms = await enqueue(trx, {
        tenantId: event.tenantId,
        topic: 'sms',
        payload: { to: phone, text: `${text.body}`.slice(0, 300) },
        dedupeKey: `${dedupe}-sms`,
      });
      channels.push({ channel: 'sms', to: maskPhone(phone), outboxId: sms.id });
    }
    if (email) {
      const mail = await enqueue(trx, {
        tenantId: event.tenantId,
        topic: 'email',
        payload: { to: email, subject: text.title, text: text.body },
        dedupeKey: `${dedupe}-email`,
      });
      channels.push({ channel: 'email', to: maskEmail(email), outboxId: mail.id });
    }
    await trx
      .insertInto('notifications')
      .values({
        tenant_id: event.tenantId,
        user_id: row.user_id,
        dossier_id: event.dossierId,
        event: text.event,
        title: text.title,
        body: text.body,
        channels: JSON.stringify(channels),
        dedupe_key: dedupe,
      })
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
