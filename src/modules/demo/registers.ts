import type { Staff } from './people.js';
import type { Rng } from './rng.js';
import type { OrgPlan, UnitIds, UnitPlan } from './units.js';
import type { DemoWriter } from './writer.js';

/**
 * Demo governance registers (DOMAIN §10): each year's reform initiatives (most agencies file
 * one, some none — the "missing" report has names to show), the Department of Home Affairs'
 * inspections ending in a written record with recommendations (a few still open past their
 * deadline), and a remediation plan for each unit the demo makes weak, with tasks and progress
 * reports. Every item has its history events, as the module writes them.
 */

const INITIATIVE_TITLES = [
  'Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính ngay tại bộ phận một cửa',
  'Nhắn tin SMS nhắc hẹn trả kết quả cho người dân',
  'Tổ công nghệ số cộng đồng hỗ trợ nộp hồ sơ trực tuyến tại thôn, bản',
  'Niêm yết mã QR tra cứu thủ tục hành chính tại trụ sở',
  'Liên thông giải quyết thủ tục đăng ký khai sinh, thường trú, cấp thẻ bảo hiểm y tế',
  'Một cửa lưu động tại các xã vùng sâu, vùng xa',
  'Chuẩn hóa mẫu tờ khai điện tử điền sẵn từ cơ sở dữ liệu dân cư',
  'Đánh giá hài lòng bằng máy tính bảng tại quầy tiếp nhận',
];
const INSPECTION_SCOPES = [
  'Kiểm tra công vụ: việc thực hiện quy chế làm việc, kỷ luật, kỷ cương hành chính.',
  'Kiểm tra việc giải quyết thủ tục hành chính, cập nhật tiến độ lên phần mềm một cửa.',
  'Kiểm tra việc niêm yết công khai thủ tục hành chính và tiếp nhận phản ánh, kiến nghị.',
];
const RECOMMENDATIONS = [
  'Chấn chỉnh việc cập nhật tiến độ hồ sơ lên phần mềm một cửa ngay trong ngày.',
  'Gửi văn bản xin lỗi người dân đối với các hồ sơ trễ hẹn theo quy định.',
  'Niêm yết đầy đủ, đúng mẫu thủ tục hành chính tại bộ phận một cửa.',
  'Kiểm điểm trách nhiệm cá nhân để hồ sơ quá hạn không có lý do.',
  'Bố trí cán bộ hướng dẫn nộp hồ sơ trực tuyến tại quầy.',
];
const TASKS = [
  'Rà soát toàn bộ hồ sơ đang giải quyết, xử lý dứt điểm hồ sơ quá hạn',
  'Tập huấn cán bộ sử dụng phần mềm một cửa và chữ ký số',
  'Công khai số điện thoại đường dây nóng và kết quả giải quyết hồ sơ hằng tháng',
  'Báo cáo Chủ tịch UBND tỉnh tiến độ khắc phục hằng quý',
];

const DAY_MS = 86_400_000;
const localDay = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
/** A moment on local day `day` (YYYY-MM-DD) at `hour` in Vietnam, as ISO. */
const at = (day: string, hour = 9) =>
  new Date(Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00+07:00`)).toISOString();
const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

const FILING_KINDS = new Set(['department', 'commune', 'ward', 'special_zone', 'town', 'district']);

export interface RegistersSummary {
  initiatives: number;
  inspections: number;
  recommendations: number;
  plans: number;
}

/** Writes the demo registers of one province, years `from`–`until` (instants). */
export async function writeRegisters(
  writer: DemoWriter,
  input: {
    tenantId: number;
    rng: Rng;
    org: OrgPlan;
    units: UnitIds;
    staff: Staff;
    from: number;
    until: number;
  },
): Promise<RegistersSummary> {
  const { rng, tenantId } = input;
  const today = localDay(input.until);
  const summary: RegistersSummary = {
    initiatives: 0,
    inspections: 0,
    recommendations: 0,
    plans: 0,
  };
  const id = (unit: UnitPlan) => input.units.get(unit.key) as number;
  const existedIn = (unit: UnitPlan, year: number) =>
    (unit.validFrom === null || unit.validFrom <= `${year}-12-31`) &&
    (unit.validTo === null || unit.validTo >= `${year}-01-01`);
  const leaderOf = (unit: UnitPlan) =>
    input.staff.byTeam.get(unit.teamKey)?.leader?.[0]?.fullName ?? `Lãnh đạo ${unit.name}`;

  const event = async (
    entity: string,
    entityId: number,
    action: string,
    from: string | null,
    to: string | null,
    when: string,
    note: string | null = null,
  ) => {
    await writer.query(
      `insert into register_events (tenant_id, entity, entity_id, action, from_state, to_state, note, at)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [tenantId, entity, entityId, action, from, to, note, when],
    );
  };
  const insert = async (sql: string, params: unknown[]) =>
    Number((await writer.query<{ id: number }>(`${sql} returning id`, params))[0]?.id);

  // Registers start with the first whole half-year of the demo's window.
  const fromDay = localDay(input.from);
  const firstYear = Number(fromDay.slice(0, 4)) + (fromDay.slice(5) > '06-30' ? 1 : 0);
  const lastYear = Number(today.slice(0, 4));
  for (let year = firstYear; year <= lastYear; year++) {
    const yearEnd = year === lastYear ? today : `${year}-12-31`;
    const filers = input.org.units.filter(
      (u) => FILING_KINDS.has(u.kind) && existedIn(u, year) && input.units.has(u.key),
    );
    // ── Initiatives: about three agencies in four file one, a few two ────────────────────────
    const recognised: number[] = [];
    for (const unit of filers) {
      const count = rng.chance(0.25) ? 0 : rng.chance(0.15) ? 2 : 1;
      for (let k = 0; k < count; k++) {
        const filedOn = addDays(`${year}-03-01`, rng.int(0, 150));
        if (filedOn >= yearEnd) continue;
        const decided = year < lastYear || rng.chance(0.2);
        const score = decided ? rng.int(55, 95) : null;
        const state = !decided
          ? 'registered'
          : score !== null && score >= 70
            ? 'recognised'
            : rng.chance(0.5)
              ? 'not_recognised'
              : 'evaluated';
        const evaluatedOn = addDays(filedOn, rng.int(30, 90));
        const initiative = await insert(
          `insert into register_initiatives (tenant_id, unit_id, year, title, summary, authors, state, score,
             evaluation_comment, evaluated_at, decided_at, created_at, updated_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`,
          [
            tenantId,
            id(unit),
            year,
            rng.pick(INITIATIVE_TITLES),
            `Sáng kiến của ${unit.name}: giảm thời gian đi lại, chi phí cho người dân và doanh nghiệp.`,
            leaderOf(unit),
            state,
            score,
            score === null
              ? null
              : score >= 70
                ? 'Có tính mới, áp dụng hiệu quả.'
                : 'Chưa chứng minh được hiệu quả.',
            decided ? at(evaluatedOn) : null,
            state === 'recognised' || state === 'not_recognised'
              ? at(addDays(evaluatedOn, 10))
              : null,
            at(filedOn),
          ],
        );
        summary.initiatives++;
        await event('initiative', initiative, 'file', null, 'registered', at(filedOn));
        if (decided) {
          await event(
            'initiative',
            initiative,
            'evaluate',
            'registered',
            'evaluated',
            at(evaluatedOn),
          );
          if (state === 'recognised' || state === 'not_recognised')
            await event(
              'initiative',
              initiative,
              state === 'recognised' ? 'recognise' : 'not_recognise',
              'evaluated',
              state,
              at(addDays(evaluatedOn, 10)),
            );
        }
        if (state === 'recognised') recognised.push(initiative);
      }
    }
    // A few recognised initiatives are taken up elsewhere.
    for (const initiative of recognised.slice(0, 3)) {
      const elsewhere = rng.pick(filers);
      const on = addDays(`${year}-10-01`, rng.int(0, 60));
      if (on >= yearEnd) continue;
      await writer.query(
        `insert into register_replications (tenant_id, initiative_id, unit_id, replicated_on, created_at)
         values ($1, $2, $3, $4, $5) on conflict do nothing`,
        [tenantId, initiative, id(elsewhere), on, at(on)],
      );
      await event(
        'initiative',
        initiative,
        'replicate',
        'recognised',
        'recognised',
        at(on),
        elsewhere.name,
      );
    }

    // ── Inspections by the Department of Home Affairs, with their recommendations ───────────
    const homeAffairs = input.org.units.find((u) => u.key === 'dept:nv');
    for (let k = 0; k < 6; k++) {
      const unit = rng.pick(filers);
      // This year's last two: one under way since last week, one planned for next month.
      const plannedOn =
        year === lastYear && k >= 4
          ? addDays(today, k === 4 ? -7 : rng.int(10, 40))
          : addDays(`${year}-02-15`, rng.int(0, 270));
      if (plannedOn > addDays(yearEnd, 60)) continue;
      const started = plannedOn < yearEnd;
      const concludedOn = addDays(plannedOn, rng.int(5, 30));
      const concluded = started && concludedOn < yearEnd && !(year === lastYear && k >= 4);
      const kind = rng.chance(0.7) ? 'check' : 'inspection';
      const state = concluded ? 'concluded' : started ? 'in_progress' : 'planned';
      const inspection = await insert(
        `insert into register_inspections (tenant_id, inspected_unit_id, inspecting_unit_id, inspecting_body, kind,
           planned_on, scope, state, started_at, concluded_at, conclusion_kind, conclusion_number, conclusion_date,
           conclusion_text, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)`,
        [
          tenantId,
          id(unit),
          homeAffairs ? id(homeAffairs) : null,
          'Đoàn kiểm tra công vụ, Sở Nội vụ',
          kind,
          plannedOn,
          rng.pick(INSPECTION_SCOPES),
          state,
          started ? at(plannedOn) : null,
          concluded ? at(concludedOn, 15) : null,
          concluded
            ? kind === 'inspection'
              ? 'conclusion'
              : rng.pick(['notice', 'minutes'])
            : null,
          concluded ? `${rng.int(10, 299)}/${kind === 'inspection' ? 'KL' : 'TB'}-SNV` : null,
          concluded ? concludedOn : null,
          concluded
            ? `Qua kiểm tra tại ${unit.name}: cơ bản thực hiện đúng quy định; còn tồn tại cần khắc phục.`
            : null,
          at(addDays(plannedOn, -20)),
        ],
      );
      summary.inspections++;
      await event('inspection', inspection, 'plan', null, 'planned', at(addDays(plannedOn, -20)));
      if (started)
        await event('inspection', inspection, 'start', 'planned', 'in_progress', at(plannedOn));
      if (!concluded) continue;
      await event(
        'inspection',
        inspection,
        'conclude',
        'in_progress',
        'concluded',
        at(concludedOn, 15),
      );
      for (let r = rng.int(1, 3); r > 0; r--) {
        const dueOn = addDays(concludedOn, rng.int(30, 90));
        // Most are done by their deadline; some overdue ones are still open today.
        const done = dueOn < today ? rng.chance(0.75) : rng.chance(0.3);
        const doneOn = done ? addDays(concludedOn, rng.int(10, 80)) : null;
        const doneDay = doneOn !== null && doneOn < today ? doneOn : null;
        const recommendation = await insert(
          `insert into register_recommendations (tenant_id, inspection_id, responsible_unit_id, content, due_on,
             state, done_note, done_at, created_at, updated_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
          [
            tenantId,
            inspection,
            id(unit),
            rng.pick(RECOMMENDATIONS),
            dueOn,
            doneDay ? 'done' : 'open',
            doneDay ? 'Đã khắc phục; báo cáo kết quả gửi Sở Nội vụ.' : null,
            doneDay ? at(doneDay, 16) : null,
            at(concludedOn, 15),
          ],
        );
        summary.recommendations++;
        await event(
          'recommendation',
          recommendation,
          'recommend',
          null,
          'open',
          at(concludedOn, 15),
        );
        if (doneDay)
          await event(
            'recommendation',
            recommendation,
            'complete',
            'open',
            'done',
            at(doneDay, 16),
          );
      }
    }
  }

  // ── Remediation plans for the units the demo makes weak, this year ───────────────────────
  const year = lastYear;
  for (const unit of input.org.units) {
    if (!unit.profile.weakness || unit.validTo !== null || !input.units.has(unit.key)) continue;
    const createdOn = `${year}-03-15` < today ? `${year}-03-15` : addDays(today, -7);
    const plan = await insert(
      `insert into register_plans (tenant_id, unit_id, year, title, indicator, due_on, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $7)`,
      [
        tenantId,
        id(unit),
        year,
        `Khắc phục: ${unit.profile.weakness}`,
        unit.profile.late > 1 ? '2.1' : '3.1',
        `${year}-07-31`,
        at(createdOn),
      ],
    );
    summary.plans++;
    await event('plan', plan, 'create', null, null, at(createdOn));
    const tasks = rng.int(2, 4);
    for (let t = 0; t < tasks; t++) {
      const dueOn = addDays(createdOn, 30 * (t + 1));
      const status =
        dueOn < today
          ? rng.chance(0.7)
            ? 'done'
            : 'in_progress'
          : rng.pick(['todo', 'in_progress']);
      const task = await insert(
        `insert into register_plan_tasks (tenant_id, plan_id, title, responsible_unit_id, responsible_person, due_on,
           status, done_at, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
        [
          tenantId,
          plan,
          TASKS[t % TASKS.length],
          id(unit),
          leaderOf(unit),
          dueOn,
          status,
          status === 'done' ? at(addDays(dueOn, -rng.int(0, 10)), 16) : null,
          at(createdOn),
        ],
      );
      await event('task', task, 'create', null, 'todo', at(createdOn));
      if (status !== 'todo')
        await event('task', task, 'status', 'todo', status, at(addDays(dueOn, -5), 16));
    }
    for (let month = 1; month <= 3; month++) {
      const reportedOn = addDays(createdOn, 30 * month);
      if (reportedOn >= today) break;
      await writer.query(
        `insert into register_plan_reports (tenant_id, plan_id, reported_on, text, percent, created_at)
         values ($1, $2, $3, $4, $5, $6)`,
        [
          tenantId,
          plan,
          reportedOn,
          `Báo cáo tiến độ tháng ${month}: đã hoàn thành ${month} nhiệm vụ; tiếp tục theo dõi chỉ số.`,
          Math.min(100, month * 30),
          at(reportedOn, 16),
        ],
      );
      await event('plan', plan, 'report', null, null, at(reportedOn, 16));
    }
  }
  return summary;
}
