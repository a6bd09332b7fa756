import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { fileStorageFor, sendStoredFile } from '../../platform/storage/index.js';
import { requireStaff } from '../auth/index.js';
import { openStoredFile } from '../files/index.js';
import {
  appraise,
  assertCanReadEvidence,
  getAssessment,
  saveSelfAssessment,
  submitSelfAssessment,
} from './annual.assessment.js';
import { answerContest, fileContest, listContests } from './annual.contests.js';
import { advanceCycle, getCycle, importFramework, listCycles } from './annual.cycle.js';
import { annualExternalRoutes } from './annual.external.routes.js';
import { listResults, publicResults, unitResult } from './annual.results.js';
import {
  AdvanceBody,
  AnswerBody,
  AppraisalBody,
  AssessmentResponse,
  AutomaticResponse,
  ContestBody,
  ContestList,
  ContestParams,
  ContestResponse,
  CycleList,
  CycleResponse,
  EvidenceParams,
  FrameworkBody,
  PublicQuery,
  PublicResultsResponse,
  ResultsQuery,
  ResultsResponse,
  SelfAssessmentBody,
  SurveyBody,
  SurveyResponse,
  UnitParams,
  UnitResultResponse,
  YearParams,
} from './annual.schemas.js';
import { computeAutomatic, importSurvey } from './annual.sources.js';

const tags = ['annual-index'];

/**
 * The annual CCHC index (DOMAIN §7, docs/annual-index.md): the reform office's cycle, units'
 * self-assessment and contests under /api/annual; published results under
 * /api/public/annual. Roles are checked in the use cases (tenant-wide reform office; a unit's
 * leaders and specialists for their subtrees).
 */
export async function annualRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const storage = fileStorageFor(ctx.config);
  const acting = (request: FastifyRequest) => ({
    ctx,
    tenantId: request.tenantId,
    actor: request.actor!,
    requestId: String(request.id),
  });
  await annualExternalRoutes(app, ctx);

  r.get(
    '/public/annual/results',
    {
      schema: {
        tags,
        summary: 'Published annual CCHC index results: final, or provisional marked as such',
        description:
          'Without year: the latest published year. Unpublished years answer 404. The ranking is the one frozen when the stage was published (publishedAt).',
        querystring: PublicQuery,
        response: { 200: PublicResultsResponse },
      },
    },
    async (request) => publicResults({ ctx, tenantId: request.tenantId, year: request.query.year }),
  );

  r.get(
    '/annual/cycles',
    {
      preValidation: requireStaff,
      schema: {
        tags,
        summary: 'Years with an annual index cycle, newest first',
        response: { 200: CycleList },
      },
    },
    async (request) => ({ cycles: await listCycles(acting(request)) }),
  );

  r.get(
    '/annual/cycles/:year',
    {
      preValidation: requireStaff,
      schema: {
        tags,
        summary: "A year's cycle: state, deadlines, framework and each unit's progress",
        description: 'Leaders and specialists see their own units only, and no draft.',
        params: YearParams,
        response: { 200: CycleResponse },
      },
    },
    async (request) => getCycle({ ...acting(request), year: request.params.year }),
  );

  r.put(
    '/annual/cycles/:year/framework',
    {
      preValidation: requireStaff,
      schema: {
        tags,
        summary: 'Load the framework of a year (creates the cycle as a draft; draft only)',
        description:
          'Reform office tenant-wide. 400 annual_framework_invalid lists every problem with its path; 409 annual_wrong_state once published.',
        params: YearParams,
        body: FrameworkBody,
        response: { 200: CycleResponse },
      },
    },
    async (request) =>
      importFramework({ ...acting(request), year: request.params.year, framework: request.body }),
  );

  r.post(
    '/annual/cycles/:year/advance',
    {
      preValidation: requireStaff,
      schema: {
        tags,
        summary:
          'Move the cycle one step on (reform office): publish framework, appraisal, provisional, final',
        description:
          'self_assessment needs selfAssessmentDeadline, provisional needs contestDeadline (not in the past: 409 annual_deadline_passed); final waits for every contest (409 annual_contests_pending).',
        params: YearParams,
        body: AdvanceBody,
        response: { 200: CycleResponse },
      },
    },
    async (request) =>
      advanceCycle({ ...acting(request), year: request.params.year, ...request.body }),
  );

  r.get(
    '/annual/cycles/:year/units/:unitCode',
    {
      preValidation: requireStaff,
      schema: {
        tags,
        summary:
          "A unit's assessment: self scores, evidence, appraisal, survey and computed points",
        params: UnitParams,
        response: { 200: AssessmentResponse },
      },
    },
    async (request) => getAssessment({ ...acting(request), ...request.params }),
  );

  r.get(
    '/annual/cycles/:year/units/:unitCode/evidence/:fileId',
    {
      preValidation: requireStaff,
      schema: {
        tags,
        summary: "Download an evidence file of the unit's self-assessment",
        description: 'For the unit’s leaders and specialists and the reform office; 404 otherwise.',
        params: EvidenceParams,
      },
    },
    async (request, reply) => {
      await assertCanReadEvidence({ ...acting(request), ...request.params });
      const { file, stream } = await openStoredFile({
        db: ctx.db,
        storage,
        tenantId: request.tenantId,
        id: request.params.fileId,
      });
      return sendStoredFile(reply, stream, {
        name: file.name,
        mime: file.mime,
        size: Number(file.size),
      });
    },
  );

  r.put(
    '/annual/cycles/:year/units/:unitCode/self-assessment',
    {
      preValidation: requireStaff,
      schema: {
        tags,
        summary: "Save a draft of the unit's self-assessment (its leaders and specialists)",
        description:
          'Only during self_assessment, up to the deadline, before submitting. Points 0..max (422 annual_score_out_of_range).',
        params: UnitParams,
        body: SelfAssessmentBody,
        response: { 200: AssessmentResponse },
      },
    },
    async (request) =>
      saveSelfAssessment({ ...acting(request), ...request.params, entries: request.body.entries }),
  );

  r.post(
    '/annual/cycles/:year/units/:unitCode/submit',
    {
      preValidation: requireStaff,
      schema: {
        tags,
        summary: "Submit the unit's self-assessment (its leader); read-only afterwards",
        params: UnitParams,
        response: { 200: AssessmentResponse },
      },
    },
    async (request) => submitSelfAssessment({ ...acting(request), ...request.params }),
  );

  r.post(
    '/annual/cycles/:year/units/:unitCode/appraisal',
    {
      preValidation: requireStaff,
      schema: {
        tags,
        summary: 'Appraise self scores (reform office): accept, or set other points with a reason',
        description: 'Other points than the self score need a reason (422 annual_reason_required).',
        params: UnitParams,
        body: AppraisalBody,
        response: { 200: AssessmentResponse },
      },
    },
    async (request) =>
      appraise({ ...acting(request), ...request.params, entries: request.body.entries }),
  );

  r.post(
    '/annual/cycles/:year/survey',
    {
      preValidation: requireStaff,
      schema: {
        tags,
        summary:
          'Import survey points from CSV (unit_code,subcriterion_id,points) during appraisal',
        description: 'All or nothing: 422 import_invalid lists each bad row and column.',
        params: YearParams,
        body: SurveyBody,
        response: { 200: SurveyResponse },
      },
    },
    async (request) =>
      importSurvey({ ...acting(request), year: request.params.year, csv: request.body.csv }),
  );

  r.post(
    '/annual/cycles/:year/automatic',
    {
      preValidation: requireStaff,
      schema: {
        tags,
        summary:
          'Compute the automatic sub-criteria from the year’s dossiers, feedback and registers',
        params: YearParams,
        response: { 200: AutomaticResponse },
      },
    },
    async (request) => computeAutomatic({ ...acting(request), year: request.params.year }),
  );

  r.get(
    '/annual/cycles/:year/results',
    {
      preValidation: requireStaff,
      schema: {
        tags,
        summary: 'The ranking: totals, ranks among peers, bands, change against last year',
        description:
          'Once published, the ranking as published at the latest stage (frozen). The reform office sees a preview before publication, and with preview=true at any time; units once provisional.',
        params: YearParams,
        querystring: ResultsQuery,
        response: { 200: ResultsResponse },
      },
    },
    async (request) =>
      listResults({
        ...acting(request),
        year: request.params.year,
        preview: request.query.preview,
      }),
  );

  r.get(
    '/annual/cycles/:year/units/:unitCode/result',
    {
      preValidation: requireStaff,
      schema: {
        tags,
        summary: "A unit's result: field breakdown, ranks, and the sub-criteria behind its change",
        description: 'As published once published; preview=true as for the ranking.',
        params: UnitParams,
        querystring: ResultsQuery,
        response: { 200: UnitResultResponse },
      },
    },
    async (request) =>
      unitResult({ ...acting(request), ...request.params, preview: request.query.preview }),
  );

  r.get(
    '/annual/cycles/:year/contests',
    {
      preValidation: requireStaff,
      schema: {
        tags,
        summary: 'Contests of the cycle I may see',
        params: YearParams,
        response: { 200: ContestList },
      },
    },
    async (request) => listContests({ ...acting(request), year: request.params.year }),
  );

  r.post(
    '/annual/cycles/:year/units/:unitCode/contests',
    {
      preValidation: requireStaff,
      schema: {
        tags,
        summary:
          'Contest a sub-criterion of the provisional result (the unit’s leader, until the deadline)',
        params: UnitParams,
        body: ContestBody,
        response: { 201: ContestResponse },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await fileContest({ ...acting(request), ...request.params, ...request.body })),
  );

  r.post(
    '/annual/cycles/:year/contests/:id/answer',
    {
      preValidation: requireStaff,
      schema: {
        tags,
        summary:
          'Answer a contest (reform office): upheld with new points, or rejected; with a reason',
        params: ContestParams,
        body: AnswerBody,
        response: { 200: ContestResponse },
      },
    },
    async (request) =>
      answerContest({
        ...acting(request),
        year: request.params.year,
        contestId: request.params.id,
        ...request.body,
      }),
  );
}
