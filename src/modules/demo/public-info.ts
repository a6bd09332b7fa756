import { isWorkingDay, type WorkingCalendar } from '../../domain/calendar/index.js';
import { datesForRule, parseReceptionRule } from '../../domain/publicinfo/index.js';
import type { Staff } from './people.js';
import type { Rng } from './rng.js';
import type { OrgPlan, UnitIds, UnitPlan } from './units.js';
import type { DemoWriter } from './writer.js';

/**
 * Demo public information (DOMAIN §1, §9): the hotlines the province's units publish and their
 * leaders' citizen-reception sessions, from half a year before the demo's last day to four
 * months after it. Past sessions were held (a few cancelled, with the reason shown); later ones
 * are scheduled. The sessions come from the same rules an office would type ("monthly 2 THU"),
 * on the tenant's working calendar, so holidays are skipped as the module does.
 */

const HOTLINE_COLUMNS = [
  'tenant_id',
  'unit_id',
  'purpose',
  'phone',
  'hours',
  'person',
  'valid_from',
  'created_at',
  'updated_at',
] as const;

const SESSION_COLUMNS = [
  'tenant_id',
  'unit_id',
  'leader_name',
  'leader_title',
  'date',
  'start_time',
  'end_time',
  'place',
  'notes',
  'state',
  'cancel_reason',
  'citizens_received',
  'cases_noted',
  'outcome_notes',
  'plan_rule',
  'created_at',
  'updated_at',
] as const;

const HOURS = 'Giờ hành chính các ngày làm việc (7h30–11h30, 13h30–17h00)';
const CANCEL_REASONS = [
  'Lãnh đạo đi công tác đột xuất; lịch tiếp được bố trí vào kỳ sau.',
  'Trùng kỳ họp Hội đồng nhân dân; công dân được hướng dẫn đăng ký kỳ tiếp sau.',
];
const OUTCOME_NOTES = [
  'Chủ yếu kiến nghị về đất đai và giải phóng mặt bằng; đã chuyển cơ quan chuyên môn xử lý.',
  'Kiến nghị về thời gian giải quyết hồ sơ; đơn vị đã giải thích và hẹn trả lời bằng văn bản.',
  'Không có công dân đăng ký nội dung mới; rà soát các kiến nghị kỳ trước.',
  'Phản ánh về thái độ phục vụ tại bộ phận một cửa; đã giao kiểm tra, báo cáo trong 10 ngày.',
];

const COMMUNE_KINDS = new Set(['commune', 'ward', 'special_zone']);

const DAY_MS = 86_400_000;
const localDay = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);

/** Writes the demo hotlines and reception sessions of one province; returns their counts. */
export async function writePublicInfo(
  writer: DemoWriter,
  input: {
    tenantId: number;
    rng: Rng;
    org: OrgPlan;
    units: UnitIds;
    staff: Staff;
    calendar: WorkingCalendar;
    until: number;
    setUpAt: string;
  },
): Promise<{ hotlines: number; sessions: number }> {
  const { rng, tenantId } = input;
  const today = localDay(input.until);
  const current = input.org.units.filter(
    (u) => u.validTo === null && input.units.get(u.key) !== undefined,
  );
  const leaderOf = (unit: UnitPlan) =>
    input.staff.byTeam.get(unit.teamKey)?.leader?.[0]?.fullName ?? null;
  const landline = () => `0213${rng.digits(7)}`;
  let hotlines = 0;
  const hotline = async (unit: UnitPlan, purpose: string, phone: string, person: string | null) => {
    hotlines++;
    await writer.push('hotlines', HOTLINE_COLUMNS, [
      tenantId,
      input.units.get(unit.key) as number,
      purpose,
      phone,
      HOURS,
      person,
      input.setUpAt.slice(0, 10),
      input.setUpAt,
      input.setUpAt,
    ]);
  };
  for (const unit of current) {
    if (unit.kind === 'service_centre') {
      await hotline(unit, 'Tiếp nhận phản ánh, kiến nghị về thủ tục hành chính', landline(), null);
      await hotline(unit, 'Hỗ trợ nộp hồ sơ và thanh toán trực tuyến', landline(), null);
    } else if (unit.kind === 'people_committee') {
      await hotline(unit, 'Đường dây nóng của Chủ tịch Ủy ban nhân dân tỉnh', landline(), null);
    } else if (unit.kind === 'department') {
      await hotline(unit, 'Tiếp nhận phản ánh, kiến nghị', landline(), leaderOf(unit));
    } else if (COMMUNE_KINDS.has(unit.kind)) {
      await hotline(unit, 'Bộ phận một cửa: hướng dẫn thủ tục hành chính', landline(), null);
    }
  }

  // Each head receives citizens on a rule of their own; the province's chair on the 2nd Thursday.
  const from = localDay(input.until - 180 * DAY_MS);
  const to = localDay(input.until + 120 * DAY_MS);
  let sessions = 0;
  for (const unit of current) {
    const leader = leaderOf(unit);
    let title: string;
    let rule: string;
    if (unit.kind === 'people_committee') {
      title = 'Chủ tịch Ủy ban nhân dân tỉnh';
      rule = 'monthly 2 THU';
    } else if (unit.kind === 'department') {
      title = unit.name.startsWith('Văn phòng') ? 'Chánh Văn phòng' : 'Giám đốc Sở';
      rule = `monthly ${rng.int(1, 4)} ${rng.pick(['MON', 'TUE', 'WED', 'THU', 'FRI'])}`;
    } else if (COMMUNE_KINDS.has(unit.kind)) {
      title = `Chủ tịch Ủy ban nhân dân ${unit.kind === 'ward' ? 'phường' : 'xã'}`;
      rule = rng.chance(0.3) ? 'monthly last FRI' : `monthly ${rng.int(1, 3)} WED`;
    } else continue;
    const parsed = parseReceptionRule(rule);
    if (!parsed.ok) throw new Error(`demo: bad reception rule ${rule}`);
    const name = leader ?? `Lãnh đạo ${unit.name}`;
    const place =
      unit.kind === 'people_committee'
        ? 'Trụ sở Tiếp công dân tỉnh Lai Châu'
        : `Phòng tiếp công dân, ${unit.name}`;
    const dates = datesForRule(parsed.rule, { from, to }, (d) =>
      isWorkingDay(input.calendar, d),
    ).dates;
    for (const date of dates) {
      const past = date < today;
      const cancelled = rng.chance(0.04);
      const received = past && !cancelled ? rng.int(0, 12) : null;
      sessions++;
      await writer.push('reception_sessions', SESSION_COLUMNS, [
        tenantId,
        input.units.get(unit.key) as number,
        name,
        title,
        date,
        unit.kind === 'people_committee' ? '08:00' : '07:30',
        '11:30',
        place,
        null,
        cancelled ? 'cancelled' : past ? 'held' : 'scheduled',
        cancelled ? rng.pick(CANCEL_REASONS) : null,
        received,
        received === null ? null : rng.int(0, received),
        received === null ? null : rng.pick(OUTCOME_NOTES),
        rule,
        input.setUpAt,
        input.setUpAt,
      ]);
    }
  }
  return { hotlines, sessions };
}
