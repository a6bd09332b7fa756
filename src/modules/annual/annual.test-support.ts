import type { FastifyInstance } from 'fastify';
import {
  type AnnualFramework,
  DEFAULT_ANNUAL_FRAMEWORK,
  flattenSubcriteria,
} from '../../domain/annual/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import { buildApp } from '../../platform/http/app.js';
import { authModule } from '../auth/index.js';
import type { DossierWorld } from '../dossiers/dossier.test-support.js';
import {
  addRecommendation,
  addTask,
  concludeInspection,
  createPlan,
  fileInitiative,
  planInspection,
} from '../registers/index.js';
import {
  advanceCycle,
  annualModule,
  importFramework,
  saveSelfAssessment,
  submitSelfAssessment,
} from './index.js';

/**
 * Shared setup of the annual module's tests, over the dossier tests' world (`buildWorld`):
 * the participating units' codes, the app with the annual routes, self-assessment by shares of
 * the maxima, last year closed as final, a framework that scores all three register metrics, a
 * cycle opened for appraisal and the register items the automatic points read. Factories only:
 * each test file builds its own world in its own database.
 */

/** The default framework's self-assessed sub-criteria, and the points they add up to. */
export const SELF_ASSESSED = flattenSubcriteria(DEFAULT_ANNUAL_FRAMEWORK).filter(
  (s) => s.method === 'self_assessed',
);
export const SELF_ASSESSED_MAX = SELF_ASSESSED.reduce((sum, s) => sum + s.maxPoints, 0);

/** Codes of the world's assessed units: two departments and a ward. */
export interface AnnualUnitCodes {
  justice: string;
  construction: string;
  ward: string;
}

/** Reads the codes of the world's Justice, Construction and ward (otherCentre) units. */
export async function annualUnitCodes(w: DossierWorld): Promise<AnnualUnitCodes> {
  const rows = await w.ctx.db
    .selectFrom('units')
    .select(['id', 'code'])
    .where('id', 'in', [w.units.justice, w.units.construction, w.units.otherCentre])
    .execute();
  const codeOf = (id: number) => rows.find((u) => u.id === id)!.code;
  return {
    justice: codeOf(w.units.justice),
    construction: codeOf(w.units.construction),
    ward: codeOf(w.units.otherCentre),
  };
}

/** The HTTP app with sign-in and the annual routes, ready for `inject`. */
export async function buildAnnualApp(w: DossierWorld): Promise<FastifyInstance> {
  const app = await buildApp({ ctx: w.ctx, modules: [authModule, annualModule], logger: false });
  await app.ready();
  return app;
}

/**
 * The default framework plus a field 9 scoring remediation tasks (9.1.1, 2 points, linear
 * 0 → 100 %) and inspection recommendations (9.1.2, 1 point, linear `recommendationsFrom` →
 * 100 %) done on time, so the three register metrics all count (with 1.3.3, initiatives); a
 * framework need not total 100.
 */
export function registerSharesFramework(options: { recommendationsFrom: number }): AnnualFramework {
  return {
    ...DEFAULT_ANNUAL_FRAMEWORK,
    fields: [
      ...DEFAULT_ANNUAL_FRAMEWORK.fields,
      {
        id: '9',
        name: { vi: 'Khắc phục', en: 'Remediation' },
        maxPoints: 3,
        criteria: [
          {
            id: '9.1',
            name: {
              vi: 'Kế hoạch khắc phục và kiến nghị',
              en: 'Remediation and recommendations',
            },
            maxPoints: 3,
            subcriteria: [
              {
                id: '9.1.1',
                name: { vi: 'Nhiệm vụ khắc phục đúng hạn', en: 'Remediation tasks on time' },
                maxPoints: 2,
                method: 'automatic',
                metric: 'remediation_tasks_done_on_time',
                scoring: { kind: 'linear', from: 0, to: 100 },
              },
              {
                id: '9.1.2',
                name: {
                  vi: 'Kiến nghị sau thanh tra, kiểm tra hoàn thành đúng hạn',
                  en: 'Inspection recommendations closed on time',
                },
                maxPoints: 1,
                method: 'automatic',
                metric: 'inspection_recommendations_closed_on_time',
                scoring: { kind: 'linear', from: options.recommendationsFrom, to: 100 },
              },
            ],
          },
        ],
      },
    ],
  };
}

/**
 * Opens `year`'s cycle on `framework` and moves it to appraisal, from the command line's side
 * (actor null), with the clock on 1 February of the year (self-assessment deadline 31 March).
 */
export async function openForAppraisal(
  w: DossierWorld,
  year: number,
  framework: AnnualFramework,
): Promise<void> {
  const cli = { ctx: w.ctx, tenantId: w.tenantId, actor: null };
  w.ctx.clock.now = new Date(`${year}-02-01T02:00:00Z`);
  await importFramework({ ...cli, year, framework });
  await advanceCycle({
    ...cli,
    year,
    to: 'self_assessment',
    selfAssessmentDeadline: `${year}-03-31`,
  });
  await advanceCycle({ ...cli, year, to: 'appraisal' });
}

/**
 * Each unit self-assesses `share` of every self-assessed maximum of the default framework
 * (rounded to 2 decimals, with evidence text) and submits, from the command line's side.
 */
export async function selfAssessShares(
  w: DossierWorld,
  year: number,
  shares: ReadonlyArray<readonly [unitCode: string, share: number]>,
): Promise<void> {
  const cli = { ctx: w.ctx, tenantId: w.tenantId, actor: null };
  for (const [unitCode, share] of shares) {
    await saveSelfAssessment({
      ...cli,
      year,
      unitCode,
      entries: SELF_ASSESSED.map((s) => ({
        subcriterionId: s.id,
        points: Math.round(s.maxPoints * share * 100) / 100,
        evidence: `Minh chứng ${s.id}`,
      })),
    });
    await submitSelfAssessment({ ...cli, year, unitCode });
  }
}

/**
 * Runs `year`'s whole cycle on the default framework from the command line's side, on 1
 * February of the year, and closes it as final: the units of `shares` self-assess (see
 * `selfAssessShares`), nothing is appraised or contested. Last year's results to compare with.
 */
export async function closeYearAsFinal(
  w: DossierWorld,
  year: number,
  shares: ReadonlyArray<readonly [unitCode: string, share: number]>,
): Promise<void> {
  const cli = { ctx: w.ctx, tenantId: w.tenantId, actor: null };
  w.ctx.clock.now = new Date(`${year}-02-01T02:00:00Z`);
  await importFramework({ ...cli, year, framework: DEFAULT_ANNUAL_FRAMEWORK });
  await advanceCycle({
    ...cli,
    year,
    to: 'self_assessment',
    selfAssessmentDeadline: `${year}-03-31`,
  });
  await selfAssessShares(w, year, shares);
  await advanceCycle({ ...cli, year, to: 'appraisal' });
  await advanceCycle({ ...cli, year, to: 'provisional', contestDeadline: `${year}-06-30` });
  await advanceCycle({ ...cli, year, to: 'final' });
}

/**
 * Writers of the governance register items the automatic points read, as `actor` (the
 * world's reform office by default) at the world clock's time; each answers the new item's id.
 */
export function registerItems(w: DossierWorld, actor: Actor = w.actors.reform) {
  return {
    /** A reform initiative filed by the unit for `year`. */
    initiative: async (unitCode: string, year: number) =>
      (
        await fileInitiative(w.ctx, {
          actor,
          input: { unitCode, year, title: 'Số hóa hồ sơ', summary: 'Tóm tắt', authors: 'Tổ CCHC' },
        })
      ).id,
    /** An inspection of the unit planned and concluded on `on` (YYYY-MM-DD). */
    concludedInspection: async (unitCode: string, on: string) => {
      const planned = await planInspection(w.ctx, {
        actor,
        input: {
          inspectedUnitCode: unitCode,
          inspectingBody: 'Thanh tra tỉnh',
          kind: 'check',
          plannedOn: on,
          scope: 'Công vụ',
        },
      });
      await concludeInspection(w.ctx, {
        actor,
        id: planned.id,
        conclusion: { kind: 'conclusion', number: `KL-${on}`, date: on, text: 'Kết luận' },
      });
      return planned.id;
    },
    /** A recommendation of the inspection for which the unit answers by `dueOn`. */
    recommendation: async (inspectionId: number, unitCode: string, dueOn: string) =>
      (
        await addRecommendation(w.ctx, {
          actor,
          inspectionId,
          input: { content: `Kiến nghị hạn ${dueOn}`, responsibleUnitCode: unitCode, dueOn },
        })
      ).recommendations.at(-1)!.id,
    /** A remediation plan of the unit for `year`. */
    plan: async (unitCode: string, year: number) =>
      (
        await createPlan(w.ctx, {
          actor,
          input: { unitCode, year, title: 'Khắc phục sau kiểm tra' },
        })
      ).id,
    /** A task of the plan for which the unit answers by `dueOn`. */
    task: async (planId: number, unitCode: string, dueOn: string) =>
      (
        await addTask(w.ctx, {
          actor,
          planId,
          input: {
            title: `Nhiệm vụ hạn ${dueOn}`,
            responsibleUnitCode: unitCode,
            responsiblePerson: 'Trưởng phòng',
            dueOn,
          },
        })
      ).tasks.at(-1)!.id,
  };
}

/** Finds a unit's automatic result for a sub-criterion in `computeAutomatic`'s answer. */
export function automaticResultOf<R extends { unitCode: string; subcriterionId: string }>(
  results: readonly R[],
) {
  return (unitCode: string, subcriterionId: string): R | undefined =>
    results.find((r) => r.unitCode === unitCode && r.subcriterionId === subcriterionId);
}
