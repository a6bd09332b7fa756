import type { WorkingCalendar } from '../../domain/calendar/index.js';
import type { FeedbackChannel } from '../../domain/feedback/index.js';
import { type SimulatedFeedback, simulateFeedback } from '../feedback/index.js';
import type { Rng } from './rng.js';
import type { OrgPlan, UnitIds } from './units.js';
import type { DemoWriter } from './writer.js';

/**
 * Demo feedback (PAKN, DOMAIN §9) so indicators 6.1 and 6.2 show figures: a few hundred items a
 * province a year, received by the units that serve the public, each with a history simulated on
 * the tenant's calendar by the feedback module (`simulateFeedback`: some transferred, rejected,
 * waiting for information, answered or published late, disliked, complained about again).
 * Anonymous, kind `feedback` only: the demo holds no complaint or denunciation, so no reporter.
 */

/** Items per province per year at the province scale (a commune gets a fifth). */
export const DEMO_FEEDBACK_PER_YEAR = 300;

const RECEIVING_KINDS = new Set([
  'service_centre',
  'department',
  'commune',
  'ward',
  'special_zone',
]);

const TOPICS: ReadonlyArray<{ subject: string; content: string; reply: string }> = [
  {
    subject: 'Yêu cầu nộp thêm giấy tờ không có trong thành phần hồ sơ',
    content: 'Cán bộ tiếp nhận yêu cầu bản sao sổ hộ khẩu dù thủ tục không quy định.',
    reply: 'Đơn vị đã nhắc nhở cán bộ; thành phần hồ sơ thực hiện đúng quyết định công bố.',
  },
  {
    subject: 'Hồ sơ trả kết quả chậm so với giấy hẹn',
    content: 'Hồ sơ đã quá ngày hẹn nhưng chưa nhận được thông báo xin lỗi.',
    reply: 'Hồ sơ chậm do phải xác minh; đơn vị đã gửi văn bản xin lỗi và hẹn lại.',
  },
  {
    subject: 'Đề nghị giảm phí chứng thực bản sao',
    content: 'Phí chứng thực theo trang cao đối với hồ sơ nhiều trang.',
    reply: 'Mức phí theo Thông tư 226/2016/TT-BTC; kiến nghị được tổng hợp gửi Bộ Tài chính.',
  },
  {
    subject: 'Không thanh toán trực tuyến được lệ phí',
    content: 'Cổng dịch vụ công báo lỗi khi thanh toán qua ngân hàng.',
    reply: 'Lỗi kết nối với cổng thanh toán đã được khắc phục.',
  },
  {
    subject: 'Kiến nghị mở rộng giờ tiếp nhận vào thứ Bảy',
    content: 'Người lao động khó đến bộ phận một cửa trong giờ hành chính.',
    reply: 'Bộ phận một cửa tiếp nhận sáng thứ Bảy từ tháng tới.',
  },
  {
    subject: 'Thái độ phục vụ của cán bộ một cửa',
    content: 'Cán bộ không hướng dẫn đầy đủ, phải đi lại nhiều lần.',
    reply: 'Đơn vị đã kiểm điểm cán bộ và bổ sung bảng hướng dẫn tại quầy.',
  },
  {
    subject: 'Thủ tục cấp phép xây dựng nhà ở riêng lẻ kéo dài',
    content: 'Đề nghị rút ngắn thời gian thẩm định hồ sơ cấp phép.',
    reply: 'Kiến nghị được ghi nhận trong phương án đơn giản hóa thủ tục năm sau.',
  },
];

const CHANNELS: readonly FeedbackChannel[] = [
  'portal',
  'portal',
  'hotline',
  'hotline',
  'email',
  'social',
  'in_person',
];

const FEEDBACK_COLUMNS = [
  'id',
  'tenant_id',
  'code',
  'kind',
  'channel',
  'unit_id',
  'received_unit_id',
  'state',
  'subject',
  'content',
  'anonymous',
  'reply',
  'received_at',
  'reject_due_at',
  'info_due_at',
  'answer_due_at',
  'publish_due_at',
  'info_requested_at',
  'info_supplied_at',
  'transferred_at',
  'rejected_at',
  'answered_at',
  'published_at',
  'finished_at',
  'complained_again_at',
  'version',
  'created_at',
  'updated_at',
] as const;
const EVENT_COLUMNS = [
  'tenant_id',
  'feedback_id',
  'action',
  'from_state',
  'to_state',
  'unit_id',
  'to_unit_id',
  'at',
] as const;
const RATING_COLUMNS = [
  'tenant_id',
  'feedback_id',
  'rater',
  'value',
  'created_at',
  'updated_at',
] as const;

const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** Writes the demo feedback of one province; returns how many items. */
export async function writeFeedback(
  writer: DemoWriter,
  input: {
    tenantId: number;
    rng: Rng;
    org: OrgPlan;
    units: UnitIds;
    calendar: WorkingCalendar;
    from: number;
    until: number;
    perYear: number;
  },
): Promise<number> {
  const { rng, tenantId } = input;
  const untilDay = new Date(input.until + 7 * 3_600_000).toISOString().slice(0, 10);
  const receivers = input.org.units
    .filter((u) => RECEIVING_KINDS.has(u.kind) && (u.validTo === null || u.validTo >= untilDay))
    .map((u) => ({ id: input.units.get(u.key) as number, kind: u.kind }))
    .filter((u) => u.id !== undefined);
  const departments = receivers.filter((u) => u.kind === 'department');
  if (receivers.length === 0) return 0;
  const years = (input.until - input.from) / (365.25 * 86_400_000);
  const count = Math.round(input.perYear * years);
  if (count === 0) return 0;
  const firstId = await writer.reserveIds('feedback', count);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)] as T;
  for (let i = 0; i < count; i++) {
    // A working-hours instant of a day in the window (Vietnam time), in order of receipt.
    const day = input.from + Math.floor(((i + rng.next()) / count) * (input.until - input.from));
    const midnight = day - ((day + 7 * 3_600_000) % 86_400_000);
    const receivedAt = midnight + (7.5 + rng.next() * 9) * 3_600_000;
    if (receivedAt >= input.until) continue;
    const receiving = pick(receivers);
    const elsewhere = departments.filter((u) => u.id !== receiving.id);
    const transferTo = elsewhere.length > 0 ? pick(elsewhere) : receiving;
    const sim = simulateFeedback(input.calendar, () => rng.next(), receivedAt, input.until);
    const topic = pick(TOPICS);
    const id = firstId + i;
    const unit = sim.transferred ? transferTo.id : receiving.id;
    const replied = sim.answeredAt ?? sim.rejectedAt;
    let tail = '';
    for (let k = 0; k < 8; k++) tail += CODE_ALPHABET[Math.floor(rng.next() * 32)];
    const local = new Date(receivedAt + 7 * 3_600_000).toISOString();
    const code = `PA-${local.slice(2, 4)}${local.slice(5, 7)}${local.slice(8, 10)}-${tail}`;
    await writer.push('feedback', FEEDBACK_COLUMNS, [
      id,
      tenantId,
      code,
      'feedback',
      pick(CHANNELS),
      unit,
      receiving.id,
      sim.state,
      topic.subject,
      topic.content,
      true,
      replied
        ? sim.rejectedAt
          ? 'Nội dung không thuộc phạm vi tiếp nhận phản ánh, kiến nghị.'
          : topic.reply
        : null,
      iso(sim.receivedAt),
      iso(sim.rejectDueAt),
      iso(sim.infoDueAt),
      iso(sim.answerDueAt),
      iso(sim.publishDueAt),
      iso(sim.infoRequestedAt),
      iso(sim.infoSuppliedAt),
      iso(sim.transferredAt),
      iso(sim.rejectedAt),
      iso(sim.answeredAt),
      iso(sim.publishedAt),
      iso(sim.finishedAt),
      iso(sim.complainedAgainAt),
      1,
      iso(sim.receivedAt),
      iso(sim.finishedAt ?? replied ?? sim.receivedAt),
    ]);
    await writeHistory(writer, tenantId, id, receiving.id, unit, sim);
  }
  return count;
}

async function writeHistory(
  writer: DemoWriter,
  tenantId: number,
  id: number,
  received: number,
  unit: number,
  s: SimulatedFeedback,
): Promise<void> {
  const steps: Array<[string, string | null, string, Date | null, number, number | null]> = [
    ['receive', null, 'received', s.receivedAt, received, null],
    ['transfer', 'received', 'received', s.transferredAt, received, unit],
    ['request_info', 'processing', 'info_requested', s.infoRequestedAt, unit, null],
    ['supply_info', 'info_requested', 'processing', s.infoSuppliedAt, unit, null],
    ['reject', 'processing', 'rejected', s.rejectedAt, unit, null],
    ['answer', 'processing', 'awaiting_publication', s.answeredAt, unit, null],
    ['publish', 'awaiting_publication', 'published', s.publishedAt, unit, null],
  ];
  for (const [action, from, to, at, unitId, toUnit] of steps)
    if (at)
      await writer.push('feedback_events', EVENT_COLUMNS, [
        tenantId,
        id,
        action,
        from,
        to,
        unitId,
        toUnit,
        at.toISOString(),
      ]);
  const replied = s.answeredAt ?? s.rejectedAt;
  if (!replied) return;
  const at = new Date(replied.getTime() + 3_600_000).toISOString();
  for (let n = 0; n < s.likes + s.dislikes; n++)
    await writer.push('feedback_ratings', RATING_COLUMNS, [
      tenantId,
      id,
      `demo:${n}`,
      n < s.likes ? 'like' : 'dislike',
      at,
      at,
    ]);
}
