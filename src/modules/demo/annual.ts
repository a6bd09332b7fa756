import { DEFAULT_ANNUAL_FRAMEWORK, flattenSubcriteria } from '../../domain/annual/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import type { Role } from '../../platform/db/schema.js';
import {
  advanceCycle,
  answerContest,
  appraise,
  computeAutomatic,
  fileContest,
  getCycle,
  importFramework,
  importSurvey,
  saveSelfAssessment,
  submitSelfAssessment,
} from '../annual/index.js';
import { seedExternalResults } from './annual-external.js';
import type { Rng } from './rng.js';

/**
 * Demo annual CCHC index cycles (DOMAIN §7), run through the annual module's own use cases by
 * the demo's reform office and the units' leaders, on a clock set to each step's day: last
 * years' cycles are final (so this year's results show a change against last year), this
 * year's is wherever its calendar has reached by the demo's last day — from 1 November units
 * assess themselves (deadline 15 December), the reform office appraises, imports the survey and
 * computes the automatic points, publishes provisional results in January, answers contests and
 * publishes the final ranking.
 */

const SELF = flattenSubcriteria(DEFAULT_ANNUAL_FRAMEWORK).filter(
  (s) => s.method === 'self_assessed',
);
const SURVEY = flattenSubcriteria(DEFAULT_ANNUAL_FRAMEWORK).filter((s) => s.method === 'survey');

const EVIDENCE = [
  'Kế hoạch CCHC năm và báo cáo kết quả thực hiện',
  'Quyết định công bố, văn bản chỉ đạo và báo cáo định kỳ',
  'Biên bản kiểm tra, báo cáo tự đánh giá kèm số liệu',
];

/** A moment of local day `day` in Vietnam at `hour`. */
const onDay = (day: string, hour = 9) =>
  new Date(Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00+07:00`));

export interface AnnualDemoInput {
  tenantId: number;
  rng: Rng;
  /** The demo's last instant: no step of a cycle happens after it. */
  until: number;
  /** The cycles' years, oldest first. */
  years: number[];
}

/** Runs the demo's annual cycles; returns how far each year got. */
export async function runAnnualCycles(
  base: AppContext,
  input: AnnualDemoInput,
): Promise<Array<{ year: number; state: string; units: number }>> {
  const { tenantId, rng } = input;
  const reform = await actorWithRole(base, tenantId, 'reform_office');
  if (!reform) return [];
  await seedExternalResults(base, { tenantId, actor: reform, until: input.until });
  const out: Array<{ year: number; state: string; units: number }> = [];
  for (const year of input.years) {
    let clock = onDay(`${year}-11-01`);
    const ctx: AppContext = { ...base, now: () => clock };
    /** Moves the clock to `day` and runs `step`, unless the demo ends before it. */
    const at = async (day: string, hour: number, step: () => Promise<unknown>) => {
      const when = onDay(day, hour);
      if (when.getTime() >= input.until) return false;
      clock = when;
      await step();
      return true;
    };
    const office = { ctx, tenantId, actor: reform };
    if (
      !(await at(`${year}-11-01`, 8, () =>
        importFramework({ ...office, year, framework: DEFAULT_ANNUAL_FRAMEWORK }),
      ))
    )
      continue;
    await at(`${year}-11-01`, 9, () =>
      advanceCycle({
        ...office,
        year,
        to: 'self_assessment',
        selfAssessmentDeadline: `${year}-12-15`,
      }),
    );
    const units = (await getCycle({ ...office, year })).participants;
    // Each unit's own standing: a strong unit claims most points, a weak one fewer.
    const strength = new Map(units.map((u) => [u.code, 0.55 + rng.next() * 0.45]));
    const submitted: string[] = [];
    const claimed = new Map<string, Map<string, number>>();
    for (const unit of units) {
      const leader = await leaderOf(ctx, tenantId, unit.unitId);
      const acting = { ctx, tenantId, actor: leader ?? reform, year, unitCode: unit.code };
      const share = strength.get(unit.code) ?? 0.7;
      const draftDay = `${year}-11-${String(rng.int(5, 28)).padStart(2, '0')}`;
      const claims = new Map(
        SELF.map((s) => [s.id, roundHalf(s.maxPoints * Math.min(1, share + rng.next() * 0.2))]),
      );
      claimed.set(unit.code, claims);
      const drafted = await at(draftDay, 10, () =>
        saveSelfAssessment({
          ...acting,
          entries: SELF.map((s) => ({
            subcriterionId: s.id,
            points: claims.get(s.id) ?? 0,
            evidence: rng.pick(EVIDENCE),
          })),
        }),
      );
      if (!drafted || rng.chance(0.1)) continue; // a few never send theirs
      const sendDay = `${year}-12-${String(rng.int(1, 15)).padStart(2, '0')}`;
      if (await at(sendDay, 15, () => submitSelfAssessment(acting))) submitted.push(unit.code);
    }
    if (
      !(await at(`${year + 1}-01-05`, 8, () => advanceCycle({ ...office, year, to: 'appraisal' })))
    )
      continue;
    for (const code of submitted) {
      // The office accepts most claims and cuts a few, saying why.
      await at(`${year + 1}-01-${String(rng.int(6, 14)).padStart(2, '0')}`, 10, () =>
        appraise({
          ...office,
          year,
          unitCode: code,
          entries: SELF.map((s) => {
            const self = claimed.get(code)?.get(s.id) ?? 0;
            const cut = rng.chance(0.12) ? roundHalf(self / 2) : self;
            return cut === self
              ? { subcriterionId: s.id, points: self }
              : {
                  subcriterionId: s.id,
                  points: cut,
                  reason: 'Minh chứng chưa đầy đủ: thiếu báo cáo kết quả thực hiện.',
                };
          }),
        }),
      );
    }
    const survey = [
      'unit_code,subcriterion_id,points',
      ...units.flatMap((u) =>
        SURVEY.map(
          (s) =>
            `${u.code},${s.id},${roundHalf(s.maxPoints * Math.min(1, (strength.get(u.code) ?? 0.7) + 0.1))}`,
        ),
      ),
    ].join('\n');
    await at(`${year + 1}-01-15`, 9, () => importSurvey({ ...office, year, csv: survey }));
    await at(`${year + 1}-01-15`, 10, () => computeAutomatic({ ...office, year }));
    if (
      !(await at(`${year + 1}-01-20`, 9, () =>
        advanceCycle({ ...office, year, to: 'provisional', contestDeadline: `${year + 1}-01-31` }),
      ))
    )
      continue;
    // Two units contest a cut; the office upholds one and explains the other.
    for (const [k, code] of submitted.slice(0, 2).entries()) {
      const leader = await leaderOf(ctx, tenantId, units.find((u) => u.code === code)?.unitId ?? 0);
      const sub = SELF[k] ?? SELF[0];
      if (!leader || !sub) continue;
      let contestId = 0;
      await at(`${year + 1}-01-22`, 10, async () => {
        contestId = (
          await fileContest({
            ctx,
            tenantId,
            actor: leader,
            year,
            unitCode: code,
            subcriterionId: sub.id,
            reason: 'Đơn vị đã gửi bổ sung báo cáo kết quả thực hiện kèm theo.',
          })
        ).id;
      });
      if (contestId)
        await at(`${year + 1}-01-27`, 10, () =>
          answerContest({
            ...office,
            year,
            contestId,
            ...(k === 0
              ? {
                  decision: 'upheld' as const,
                  answer: 'Chấp nhận minh chứng bổ sung.',
                  points: sub.maxPoints,
                }
              : {
                  decision: 'rejected' as const,
                  answer: 'Báo cáo bổ sung ban hành sau kỳ đánh giá.',
                }),
          }),
        );
    }
    await at(`${year + 1}-02-05`, 9, () => advanceCycle({ ...office, year, to: 'final' }));
    const view = await getCycle({ ...office, year });
    out.push({ year, state: view.state, units: units.length });
  }
  return out;
}

const roundHalf = (x: number) => Math.round(x * 2) / 2;

/** The first account holding `role`, as the actor its session would give. */
async function actorWithRole(ctx: AppContext, tenantId: number, role: Role): Promise<Actor | null> {
  const row = await ctx.db
    .selectFrom('role_grants as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .select(['u.id'])
    .where('g.tenant_id', '=', tenantId)
    .where('g.role', '=', role)
    .orderBy('u.id')
    .executeTakeFirst();
  return row ? actorOf(ctx, tenantId, row.id) : null;
}

/** A leader whose grant covers the unit (its own, or its parent's). */
async function leaderOf(ctx: AppContext, tenantId: number, unitId: number): Promise<Actor | null> {
  const row = await ctx.db
    .selectFrom('role_grants as g')
    .innerJoin('unit_closure as c', 'c.ancestor_id', 'g.unit_id')
    .select(['g.user_id', 'c.depth'])
    .where('g.tenant_id', '=', tenantId)
    .where('g.role', '=', 'leader')
    .where('c.descendant_id', '=', unitId)
    .orderBy('c.depth')
    .orderBy('g.user_id')
    .executeTakeFirst();
  return row ? actorOf(ctx, tenantId, row.user_id) : null;
}

async function actorOf(ctx: AppContext, tenantId: number, userId: number): Promise<Actor> {
  const user = await ctx.db
    .selectFrom('users')
    .select(['full_name'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const grants = await ctx.db
    .selectFrom('role_grants')
    .select(['role', 'unit_id'])
    .where('user_id', '=', userId)
    .execute();
  return {
    userId,
    tenantId,
    kind: 'staff',
    name: user.full_name,
    grants: grants.map((g) => ({ role: g.role, unitId: g.unit_id })),
    via: 'session',
  };
}
