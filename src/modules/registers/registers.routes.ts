import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import type { Actor } from '../../platform/auth/actor.js';
import type { AppContext } from '../../platform/context.js';
import { fileStorageFor, sendStoredFile } from '../../platform/storage/index.js';
import { requireRoles } from '../auth/index.js';
import { openStoredFile } from '../files/index.js';
import { assertCanReadRegisterFile } from './files.service.js';
import {
  listHeadcount,
  restoreHeadcount,
  setHeadcount,
  withdrawHeadcount,
} from './headcount.service.js';
import {
  correctInitiative,
  correctReplication,
  decideInitiative,
  evaluateInitiative,
  fileInitiative,
  getInitiative,
  listInitiatives,
  missingInitiatives,
  replicateInitiative,
  restoreInitiative,
  withdrawInitiative,
} from './initiatives.service.js';
import {
  addRecommendation,
  completeRecommendation,
  concludeInspection,
  correctInspection,
  correctRecommendation,
  getInspection,
  listInspections,
  overdueRecommendations,
  planInspection,
  restoreInspection,
  restoreRecommendation,
  startInspection,
  withdrawInspection,
  withdrawRecommendation,
} from './inspections.service.js';
import {
  addTask,
  correctPlan,
  correctReport,
  correctTask,
  createPlan,
  getPlan,
  listPlans,
  overdueTasks,
  reportProgress,
  restorePlan,
  restoreTask,
  setTaskStatus,
  withdrawPlan,
  withdrawTask,
} from './plans.service.js';
import { allPages, toCsv } from './registers.csv.js';
import { listScope, REGISTER_READ_ROLES, registerScope } from './registers.policy.js';
import {
  CompleteBody,
  ConcludeBody,
  CorrectBody,
  DecideBody,
  EvaluateBody,
  HeadcountBody,
  HeadcountList,
  HeadcountQuery,
  HeadcountRow,
  IdParams,
  InitiativeBody,
  InitiativeDetail,
  InitiativeExportQuery,
  InitiativeList,
  InitiativeListQuery,
  InspectionBody,
  InspectionCorrectBody,
  InspectionDetail,
  InspectionExportQuery,
  InspectionList,
  InspectionListQuery,
  MissingQuery,
  MissingResponse,
  OverdueQuery,
  OverdueRecommendations,
  OverdueTasks,
  PlanBody,
  PlanCorrectBody,
  PlanDetail,
  PlanExportQuery,
  PlanList,
  PlanListQuery,
  RecommendationBody,
  RecommendationCorrectBody,
  ReplicateBody,
  ReplicationCorrectBody,
  ReplicationParams,
  ReportBody,
  ReportCorrectBody,
  ReportParams,
  RestoreBody,
  TaskBody,
  TaskCorrectBody,
  TaskStatusBody,
  VersionBody,
  WithdrawBody,
} from './registers.schemas.js';

const tags = ['registers'];

/**
 * The governance registers (DOMAIN §10) under /api/registers: reform initiatives, inspections
 * with their conclusions and recommendations, remediation plans with tasks and progress. Every
 * route needs a reading role (specialist, leader, reform office); each use case checks the
 * actor's roles over the item's units. docs/registers.md.
 */
export async function registersRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const guard = requireRoles(...REGISTER_READ_ROLES);
  const acting = (request: FastifyRequest) => ({
    actor: request.actor as Actor,
    requestId: String(request.id),
  });
  const storage = fileStorageFor(ctx.config);
  const scoped = (request: FastifyRequest) => ({
    tenantId: (request.actor as Actor).tenantId,
    scope: registerScope(request.actor as Actor),
  });
  /** A list's scope: the reader's, or the reform office's for `withdrawn=true`. */
  const listed = (request: FastifyRequest, withdrawn: boolean | undefined) => ({
    tenantId: (request.actor as Actor).tenantId,
    scope: listScope(request.actor as Actor, withdrawn),
  });
  const withdrawSchema = (summary: string, response: TSchema) => ({
    tags,
    summary,
    description:
      'Reform office only. reason is required (blank: register_withdraw_reason_required); the record keeps its state and history but leaves the lists, CSV exports and counts.',
    params: IdParams,
    body: WithdrawBody,
    response: { 200: response },
  });
  const restoreSchema = (summary: string, response: TSchema) => ({
    tags,
    summary,
    description:
      "Reform office only, over the record's unit. reason is required (blank: register_restore_reason_required); a record not withdrawn: register_not_withdrawn; a recommendation or task whose inspection or plan is withdrawn: register_state_invalid (restore the parent: what was withdrawn with it comes back, not what was withdrawn on its own).",
    params: IdParams,
    body: RestoreBody,
    response: { 200: response },
  });

  // Initiatives

  r.get(
    '/registers/initiatives',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: 'Reform initiatives (sáng kiến CCHC) in your units',
        querystring: InitiativeListQuery,
        response: { 200: InitiativeList },
      },
    },
    async (request) => {
      const { unit, ...filters } = request.query;
      return listInitiatives(ctx, {
        ...listed(request, filters.withdrawn),
        filters: { ...filters, unitCode: unit },
      });
    },
  );

  r.get(
    '/registers/initiatives/missing',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: 'Units that filed no initiative in a year (each agency should file one a year)',
        querystring: MissingQuery,
        response: { 200: MissingResponse },
      },
    },
    async (request) => {
      const { tenantId, scope } = scoped(request);
      return missingInitiatives(ctx, {
        tenantId,
        scope,
        year: request.query.year,
        kinds: request.query.kinds?.split(','),
        unitCode: request.query.unit,
      });
    },
  );

  r.post(
    '/registers/initiatives',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: 'File an initiative for a unit (specialist, leader or reform office over it)',
        body: InitiativeBody,
        response: { 201: InitiativeDetail },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await fileInitiative(ctx, { ...acting(request), input: request.body })),
  );

  r.get(
    '/registers/initiatives/:id',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: 'One initiative with its replications, files, history and your actions',
        params: IdParams,
        response: { 200: InitiativeDetail },
      },
    },
    async (request) => getInitiative(ctx, { actor: request.actor as Actor, id: request.params.id }),
  );

  r.put(
    '/registers/initiatives/:id',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: 'Correct a registered initiative (before its evaluation)',
        params: IdParams,
        body: CorrectBody,
        response: { 200: InitiativeDetail },
      },
    },
    async (request) => {
      const { version, ...input } = request.body;
      return correctInitiative(ctx, { ...acting(request), id: request.params.id, input, version });
    },
  );

  r.post(
    '/registers/initiatives/:id/evaluate',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: 'Evaluate an initiative: score and comment (reform office)',
        params: IdParams,
        body: EvaluateBody,
        response: { 200: InitiativeDetail },
      },
    },
    async (request) =>
      evaluateInitiative(ctx, { ...acting(request), id: request.params.id, ...request.body }),
  );

  r.post(
    '/registers/initiatives/:id/decide',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: 'Recognise an evaluated initiative or not (reform office)',
        params: IdParams,
        body: DecideBody,
        response: { 200: InitiativeDetail },
      },
    },
    async (request) =>
      decideInitiative(ctx, { ...acting(request), id: request.params.id, ...request.body }),
  );

  r.post(
    '/registers/initiatives/:id/replications',
    {
      preValidation: guard,
      schema: {
        tags,
        summary:
          'Record that a recognised initiative was replicated in other units (reform office)',
        params: IdParams,
        body: ReplicateBody,
        response: { 200: InitiativeDetail },
      },
    },
    async (request) =>
      replicateInitiative(ctx, { ...acting(request), id: request.params.id, ...request.body }),
  );

  r.put(
    '/registers/initiatives/:id/replications/:replicationId',
    {
      preValidation: guard,
      schema: {
        tags,
        summary:
          'Correct one replication of a recognised initiative: unit and date (reform office)',
        description:
          "version is the initiative's; not recognised or withdrawn: register_state_invalid; the filing unit or a unit recorded already: validation_failed.",
        params: ReplicationParams,
        body: ReplicationCorrectBody,
        response: { 200: InitiativeDetail },
      },
    },
    async (request) =>
      correctReplication(ctx, {
        ...acting(request),
        id: request.params.id,
        replicationId: request.params.replicationId,
        ...request.body,
      }),
  );

  r.post(
    '/registers/initiatives/:id/withdraw',
    {
      preValidation: guard,
      schema: withdrawSchema(
        'Withdraw an initiative entered by mistake, with a reason (reform office)',
        InitiativeDetail,
      ),
    },
    async (request) =>
      withdrawInitiative(ctx, { ...acting(request), id: request.params.id, ...request.body }),
  );

  r.post(
    '/registers/initiatives/:id/restore',
    {
      preValidation: guard,
      schema: restoreSchema(
        'Restore a withdrawn initiative to the register, with a reason (reform office)',
        InitiativeDetail,
      ),
    },
    async (request) =>
      restoreInitiative(ctx, { ...acting(request), id: request.params.id, ...request.body }),
  );

  // Inspections

  r.get(
    '/registers/inspections',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: 'Inspections (thanh tra, kiểm tra công vụ) of your units',
        querystring: InspectionListQuery,
        response: { 200: InspectionList },
      },
    },
    async (request) => {
      const { unit, ...filters } = request.query;
      return listInspections(ctx, {
        ...listed(request, filters.withdrawn),
        filters: { ...filters, unitCode: unit },
      });
    },
  );

  r.post(
    '/registers/inspections',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: 'Plan an inspection of a unit (reform office)',
        body: InspectionBody,
        response: { 201: InspectionDetail },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await planInspection(ctx, { ...acting(request), input: request.body })),
  );

  r.get(
    '/registers/inspections/:id',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: 'One inspection with its conclusion, recommendations, history and your actions',
        params: IdParams,
        response: { 200: InspectionDetail },
      },
    },
    async (request) => getInspection(ctx, { actor: request.actor as Actor, id: request.params.id }),
  );

  r.put(
    '/registers/inspections/:id',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: 'Correct a planned or ongoing inspection (reform office)',
        description:
          'The inspected unit changes only while planned; concluded or withdrawn: register_state_invalid.',
        params: IdParams,
        body: InspectionCorrectBody,
        response: { 200: InspectionDetail },
      },
    },
    async (request) => {
      const { version, ...input } = request.body;
      return correctInspection(ctx, { ...acting(request), id: request.params.id, input, version });
    },
  );

  r.post(
    '/registers/inspections/:id/withdraw',
    {
      preValidation: guard,
      schema: withdrawSchema(
        'Withdraw an inspection entered by mistake, with its recommendations (reform office)',
        InspectionDetail,
      ),
    },
    async (request) =>
      withdrawInspection(ctx, { ...acting(request), id: request.params.id, ...request.body }),
  );

  r.post(
    '/registers/inspections/:id/restore',
    {
      preValidation: guard,
      schema: restoreSchema(
        'Restore a withdrawn inspection with the recommendations withdrawn with it (reform office)',
        InspectionDetail,
      ),
    },
    async (request) =>
      restoreInspection(ctx, { ...acting(request), id: request.params.id, ...request.body }),
  );

  r.post(
    '/registers/inspections/:id/start',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: 'Record that a planned inspection began (reform office)',
        params: IdParams,
        body: VersionBody,
        response: { 200: InspectionDetail },
      },
    },
    async (request) =>
      startInspection(ctx, { ...acting(request), id: request.params.id, ...request.body }),
  );

  r.post(
    '/registers/inspections/:id/conclude',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: 'Conclude an inspection with its conclusion, notice or minutes (reform office)',
        description:
          'kind, number, date (not after today) and text are all required: a missing part answers inspection_conclusion_required naming it.',
        params: IdParams,
        body: ConcludeBody,
        response: { 200: InspectionDetail },
      },
    },
    async (request) => {
      const { version, ...conclusion } = request.body;
      return concludeInspection(ctx, {
        ...acting(request),
        id: request.params.id,
        conclusion,
        version,
      });
    },
  );

  r.post(
    '/registers/inspections/:id/recommendations',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: 'Add a recommendation (kiến nghị) to a concluded inspection (reform office)',
        params: IdParams,
        body: RecommendationBody,
        response: { 201: InspectionDetail },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await addRecommendation(ctx, {
          ...acting(request),
          inspectionId: request.params.id,
          input: request.body,
        }),
      ),
  );

  r.post(
    '/registers/recommendations/:id/complete',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: 'Close a recommendation with what was done (leader of the responsible unit)',
        params: IdParams,
        body: CompleteBody,
        response: { 200: InspectionDetail },
      },
    },
    async (request) =>
      completeRecommendation(ctx, { ...acting(request), id: request.params.id, ...request.body }),
  );

  r.put(
    '/registers/recommendations/:id',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: 'Correct an open recommendation (reform office)',
        params: IdParams,
        body: RecommendationCorrectBody,
        response: { 200: InspectionDetail },
      },
    },
    async (request) => {
      const { version, ...input } = request.body;
      return correctRecommendation(ctx, {
        ...acting(request),
        id: request.params.id,
        input,
        version,
      });
    },
  );

  r.post(
    '/registers/recommendations/:id/withdraw',
    {
      preValidation: guard,
      schema: withdrawSchema(
        'Withdraw a recommendation entered by mistake (reform office)',
        InspectionDetail,
      ),
    },
    async (request) =>
      withdrawRecommendation(ctx, { ...acting(request), id: request.params.id, ...request.body }),
  );

  r.post(
    '/registers/recommendations/:id/restore',
    {
      preValidation: guard,
      schema: restoreSchema(
        'Restore a recommendation withdrawn on its own (reform office)',
        InspectionDetail,
      ),
    },
    async (request) =>
      restoreRecommendation(ctx, { ...acting(request), id: request.params.id, ...request.body }),
  );

  r.get(
    '/registers/recommendations/overdue',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: 'Open recommendations past their deadline, for units in your scope',
        querystring: OverdueQuery,
        response: { 200: OverdueRecommendations },
      },
    },
    async (request) =>
      overdueRecommendations(ctx, { ...scoped(request), unitCode: request.query.unit }),
  );

  // Remediation plans

  r.get(
    '/registers/plans',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: 'Remediation plans (kế hoạch khắc phục) of your units',
        querystring: PlanListQuery,
        response: { 200: PlanList },
      },
    },
    async (request) => {
      const { unit, ...filters } = request.query;
      return listPlans(ctx, {
        ...listed(request, filters.withdrawn),
        filters: { ...filters, unitCode: unit },
      });
    },
  );

  r.post(
    '/registers/plans',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: 'Register a remediation plan for a weak indicator (reform office)',
        body: PlanBody,
        response: { 201: PlanDetail },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createPlan(ctx, { ...acting(request), input: request.body })),
  );

  r.get(
    '/registers/plans/:id',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: 'One plan with its tasks, progress reports, history and your actions',
        params: IdParams,
        response: { 200: PlanDetail },
      },
    },
    async (request) => getPlan(ctx, { actor: request.actor as Actor, id: request.params.id }),
  );

  r.put(
    '/registers/plans/:id',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: 'Correct a plan before its first progress report (reform office)',
        params: IdParams,
        body: PlanCorrectBody,
        response: { 200: PlanDetail },
      },
    },
    async (request) => {
      const { version, ...input } = request.body;
      return correctPlan(ctx, { ...acting(request), id: request.params.id, input, version });
    },
  );

  r.post(
    '/registers/plans/:id/withdraw',
    {
      preValidation: guard,
      schema: withdrawSchema(
        'Withdraw a plan entered by mistake, with its tasks (reform office)',
        PlanDetail,
      ),
    },
    async (request) =>
      withdrawPlan(ctx, { ...acting(request), id: request.params.id, ...request.body }),
  );

  r.post(
    '/registers/plans/:id/restore',
    {
      preValidation: guard,
      schema: restoreSchema(
        'Restore a withdrawn plan with the tasks withdrawn with it (reform office)',
        PlanDetail,
      ),
    },
    async (request) =>
      restorePlan(ctx, { ...acting(request), id: request.params.id, ...request.body }),
  );

  r.post(
    '/registers/plans/:id/tasks',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: 'Add a task with a responsible unit and person and a deadline (reform office)',
        params: IdParams,
        body: TaskBody,
        response: { 201: PlanDetail },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await addTask(ctx, {
          ...acting(request),
          planId: request.params.id,
          input: request.body,
        }),
      ),
  );

  r.post(
    '/registers/plans/:id/reports',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: "Report a plan's progress: text and percent (leader of the unit)",
        params: IdParams,
        body: ReportBody,
        response: { 201: PlanDetail },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await reportProgress(ctx, {
          ...acting(request),
          planId: request.params.id,
          input: request.body,
        }),
      ),
  );

  r.put(
    '/registers/plans/:id/reports/:reportId',
    {
      preValidation: guard,
      schema: {
        tags,
        summary:
          'Correct one progress report of a plan in force (leader of its unit, reform office)',
        description:
          "version is the plan's; withdrawn: register_state_invalid; a date after today: validation_failed.",
        params: ReportParams,
        body: ReportCorrectBody,
        response: { 200: PlanDetail },
      },
    },
    async (request) => {
      const { version, ...input } = request.body;
      return correctReport(ctx, {
        ...acting(request),
        planId: request.params.id,
        reportId: request.params.reportId,
        input,
        version,
      });
    },
  );

  r.post(
    '/registers/tasks/:id/status',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: "Move a task to another status (leader of the task's or the plan's unit)",
        params: IdParams,
        body: TaskStatusBody,
        response: { 200: PlanDetail },
      },
    },
    async (request) =>
      setTaskStatus(ctx, { ...acting(request), id: request.params.id, ...request.body }),
  );

  r.put(
    '/registers/tasks/:id',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: 'Correct a task not done yet (reform office)',
        params: IdParams,
        body: TaskCorrectBody,
        response: { 200: PlanDetail },
      },
    },
    async (request) => {
      const { version, ...input } = request.body;
      return correctTask(ctx, { ...acting(request), id: request.params.id, input, version });
    },
  );

  r.post(
    '/registers/tasks/:id/withdraw',
    {
      preValidation: guard,
      schema: withdrawSchema('Withdraw a task entered by mistake (reform office)', PlanDetail),
    },
    async (request) =>
      withdrawTask(ctx, { ...acting(request), id: request.params.id, ...request.body }),
  );

  r.post(
    '/registers/tasks/:id/restore',
    {
      preValidation: guard,
      schema: restoreSchema('Restore a task withdrawn on its own (reform office)', PlanDetail),
    },
    async (request) =>
      restoreTask(ctx, { ...acting(request), id: request.params.id, ...request.body }),
  );

  r.get(
    '/registers/tasks/overdue',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: 'Plan tasks not done past their deadline, for units in your scope',
        querystring: OverdueQuery,
        response: { 200: OverdueTasks },
      },
    },
    async (request) => overdueTasks(ctx, { ...scoped(request), unitCode: request.query.unit }),
  );

  // Files attached to register items

  r.get(
    '/registers/files/:id',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: 'Download a file attached to a register item you read',
        params: IdParams,
      },
    },
    async (request, reply) => {
      const actor = request.actor as Actor;
      await assertCanReadRegisterFile(ctx, { actor, fileId: request.params.id });
      const { file, stream } = await openStoredFile({
        db: ctx.db,
        storage,
        tenantId: actor.tenantId,
        id: request.params.id,
      });
      return sendStoredFile(reply, stream, {
        name: file.name,
        mime: file.mime,
        size: Number(file.size),
      });
    },
  );

  // CSV exports of the lists (the same filters, every page)

  /** A list of withdrawn records adds when and why each was withdrawn. */
  const withdrawnHeaders = (withdrawn: boolean | undefined) =>
    withdrawn ? ['Ngày rút khỏi sổ', 'Lý do rút'] : [];
  const withdrawnCells = (
    withdrawn: boolean | undefined,
    w: { at: string; reason: string } | null,
  ): Array<string | null> => (withdrawn ? [w ? w.at.slice(0, 10) : null, w?.reason ?? null] : []);
  const suffix = (filters: { year?: number | undefined; withdrawn?: boolean | undefined }) =>
    `${filters.year ? `-${filters.year}` : ''}${filters.withdrawn ? '-da-rut' : ''}`;
  const csv = (name: string, body: string) => (reply: FastifyReply) =>
    reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(body);

  r.get(
    '/registers/initiatives/export.csv',
    {
      preValidation: guard,
      schema: { tags, summary: 'The initiatives list as CSV', querystring: InitiativeExportQuery },
    },
    async (request, reply) => {
      const { unit, ...filters } = request.query;
      const items = await allPages((page) =>
        listInitiatives(ctx, {
          ...listed(request, filters.withdrawn),
          filters: { ...filters, unitCode: unit, page, pageSize: 200 },
        }),
      );
      return csv(
        `sang-kien${suffix(filters)}.csv`,
        toCsv(
          [
            'Năm',
            'Mã đơn vị',
            'Đơn vị',
            'Tên sáng kiến',
            'Tác giả',
            'Trạng thái',
            'Điểm',
            'Ngày đăng ký',
            ...withdrawnHeaders(filters.withdrawn),
          ],
          items.map((i) => [
            i.year,
            i.unit.code,
            i.unit.name,
            i.title,
            i.authors,
            i.state,
            i.score,
            i.filedAt.slice(0, 10),
            ...withdrawnCells(filters.withdrawn, i.withdrawn),
          ]),
        ),
      )(reply);
    },
  );

  r.get(
    '/registers/inspections/export.csv',
    {
      preValidation: guard,
      schema: { tags, summary: 'The inspections list as CSV', querystring: InspectionExportQuery },
    },
    async (request, reply) => {
      const { unit, ...filters } = request.query;
      const items = await allPages((page) =>
        listInspections(ctx, {
          ...listed(request, filters.withdrawn),
          filters: { ...filters, unitCode: unit, page, pageSize: 200 },
        }),
      );
      return csv(
        `thanh-tra${suffix(filters)}.csv`,
        toCsv(
          [
            'Ngày dự kiến',
            'Mã đơn vị',
            'Đơn vị được thanh tra, kiểm tra',
            'Hình thức',
            'Cơ quan thực hiện',
            'Trạng thái',
            'Số văn bản kết thúc',
            ...withdrawnHeaders(filters.withdrawn),
          ],
          items.map((i) => [
            i.plannedOn,
            i.inspectedUnit.code,
            i.inspectedUnit.name,
            i.kind,
            i.inspectingBody,
            i.state,
            i.conclusionNumber,
            ...withdrawnCells(filters.withdrawn, i.withdrawn),
          ]),
        ),
      )(reply);
    },
  );

  r.get(
    '/registers/plans/export.csv',
    {
      preValidation: guard,
      schema: { tags, summary: 'The remediation plans list as CSV', querystring: PlanExportQuery },
    },
    async (request, reply) => {
      const { unit, ...filters } = request.query;
      const items = await allPages((page) =>
        listPlans(ctx, {
          ...listed(request, filters.withdrawn),
          filters: { ...filters, unitCode: unit, page, pageSize: 200 },
        }),
      );
      return csv(
        `ke-hoach-khac-phuc${suffix(filters)}.csv`,
        toCsv(
          [
            'Năm',
            'Mã đơn vị',
            'Đơn vị',
            'Kế hoạch',
            'Chỉ số',
            'Hạn',
            'Tiến độ (%)',
            'Nhiệm vụ',
            'Chưa xong',
            'Quá hạn',
            ...withdrawnHeaders(filters.withdrawn),
          ],
          items.map((p) => [
            p.year,
            p.unit.code,
            p.unit.name,
            p.title,
            p.indicator,
            p.dueOn,
            p.percent,
            p.tasks,
            p.tasksOpen,
            p.tasksOverdue,
            ...withdrawnCells(filters.withdrawn, p.withdrawn),
          ]),
        ),
      )(reply);
    },
  );

  r.get(
    '/registers/overdue.csv',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: 'Overdue recommendations and plan tasks as one CSV',
        querystring: OverdueQuery,
      },
    },
    async (request, reply) => {
      const options = { ...scoped(request), unitCode: request.query.unit };
      const [recs, tasks] = await Promise.all([
        overdueRecommendations(ctx, options),
        overdueTasks(ctx, options),
      ]);
      return csv(
        `qua-han-${recs.today}.csv`,
        toCsv(
          [
            'Loại',
            'Nội dung',
            'Mã đơn vị',
            'Đơn vị chịu trách nhiệm',
            'Người chịu trách nhiệm',
            'Hạn',
            'Số ngày quá hạn',
            'Nguồn',
          ],
          [
            ...recs.items.map((r) => [
              'Kiến nghị',
              r.content,
              r.responsibleUnit.code,
              r.responsibleUnit.name,
              null,
              r.dueOn,
              r.daysOverdue,
              r.inspection.conclusionNumber ?? r.inspection.inspectingBody,
            ]),
            ...tasks.items.map((t) => [
              'Nhiệm vụ khắc phục',
              t.title,
              t.responsibleUnit.code,
              t.responsibleUnit.name,
              t.responsiblePerson,
              t.dueOn,
              t.daysOverdue,
              t.plan.title,
            ]),
          ],
        ),
      )(reply);
    },
  );

  // Organisation and headcount

  r.get(
    '/registers/headcount',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: "Units' headcount, reduction targets and posts cut in a year",
        querystring: HeadcountQuery,
        response: { 200: HeadcountList },
      },
    },
    async (request) =>
      listHeadcount(ctx, {
        ...listed(request, request.query.withdrawn),
        year: request.query.year,
        unitCode: request.query.unit,
        withdrawn: request.query.withdrawn,
        withHistory: true,
      }),
  );

  r.put(
    '/registers/headcount',
    {
      preValidation: guard,
      schema: {
        tags,
        summary: "Record or correct a unit's headcount for a year (reform office)",
        body: HeadcountBody,
        response: { 200: HeadcountRow },
      },
    },
    async (request) => setHeadcount(ctx, { ...acting(request), input: request.body }),
  );

  r.post(
    '/registers/headcount/:id/withdraw',
    {
      preValidation: guard,
      schema: withdrawSchema(
        "Withdraw a unit-year's headcount row entered by mistake, with a reason (reform office)",
        HeadcountRow,
      ),
    },
    async (request) =>
      withdrawHeadcount(ctx, { ...acting(request), id: request.params.id, ...request.body }),
  );

  r.post(
    '/registers/headcount/:id/restore',
    {
      preValidation: guard,
      schema: restoreSchema(
        'Restore a withdrawn headcount row, with a reason (reform office)',
        HeadcountRow,
      ),
    },
    async (request) =>
      restoreHeadcount(ctx, { ...acting(request), id: request.params.id, ...request.body }),
  );
}
