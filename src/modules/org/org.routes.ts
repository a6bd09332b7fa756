import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DEFAULT_TIMEZONE, formatInstant } from '../../domain/calendar/index.js';
import type { AppContext } from '../../platform/context.js';
import { requireActor, requireRoles, requireStaff } from '../auth/index.js';
import { preorder, presentUnit, presentUnitDetail, presentUnitTree } from './org.presenter.js';
import { listTenants } from './org.repository.js';
import {
  CloseUnitBody,
  CreateUnitBody,
  LineageBody,
  LineageLinkSchema,
  PublicUnitsSchema,
  TenantsSchema,
  UnitDetailSchema,
  UnitIdParams,
  UnitSchema,
  UnitsQuery,
  UnitTreeSchema,
  UpdateUnitBody,
} from './org.schemas.js';
import {
  closeUnit,
  createUnit,
  getUnitDetail,
  type LineageRelation,
  listUnitTree,
  recordLineage,
  updateUnit,
} from './org.service.js';

/** Today in Vietnam (the reference date for "former"), whatever the host's zone. */
export function todayIn(now: Date, timezone = DEFAULT_TIMEZONE): string {
  return formatInstant(timezone, now.getTime()).slice(0, 10);
}

/**
 * The organisation: the unit tree (staff), one unit with ancestors, children and lineage,
 * changes by administrators (create, rename, move, lineage, close), the public list of active
 * units, and the tenant list for administrators. Everything is scoped to the request's tenant.
 */
export async function orgRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const acting = (request: FastifyRequest) => ({
    db: ctx.db,
    actor: request.actor,
    now: ctx.now,
    requestId: request.id,
    tenantId: request.tenantId,
  });

  r.get(
    '/units',
    {
      preValidation: requireStaff,
      schema: {
        tags: ['org'],
        summary: "The tenant's unit tree, former units marked",
        querystring: UnitsQuery,
        response: { 200: UnitTreeSchema },
      },
    },
    async (request) => {
      const asOf = request.query.asOf ?? todayIn(ctx.now());
      const units = await listUnitTree({
        db: ctx.db,
        tenantId: request.tenantId,
        asOf,
        activeOnly: request.query.active === true,
      });
      return presentUnitTree(units, asOf);
    },
  );

  r.get(
    '/units/:id',
    {
      preValidation: requireStaff,
      schema: {
        tags: ['org'],
        summary: 'One unit with its ancestors, children and lineage (predecessors and successors)',
        params: UnitIdParams,
        querystring: UnitsQuery,
        response: { 200: UnitDetailSchema },
      },
    },
    async (request) => {
      const asOf = request.query.asOf ?? todayIn(ctx.now());
      const detail = await getUnitDetail({
        db: ctx.db,
        tenantId: request.tenantId,
        unitId: request.params.id,
        asOf,
      });
      return presentUnitDetail(detail, asOf);
    },
  );

  r.post(
    '/units',
    {
      preValidation: requireRoles('administrator'),
      schema: {
        tags: ['org'],
        summary: 'Create a unit (administrator over the parent)',
        body: CreateUnitBody,
        response: { 201: UnitSchema },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const unit = await createUnit({
        ...acting(request),
        input: {
          parentId: b.parentId,
          kind: b.kind,
          level: b.level,
          code: b.code,
          name: b.name,
          nameEn: b.nameEn ?? null,
          validFrom: b.validFrom ?? null,
          validTo: b.validTo ?? null,
        },
      });
      return reply.status(201).send(presentUnit(unit, todayIn(ctx.now())));
    },
  );

  r.patch(
    '/units/:id',
    {
      preValidation: requireRoles('administrator'),
      schema: {
        tags: ['org'],
        summary: 'Rename, re-code or move a unit (a move carries its whole subtree)',
        description:
          'Moving a unit under itself or its own descendant is refused with `rule_violation`.',
        params: UnitIdParams,
        body: UpdateUnitBody,
        response: { 200: UnitSchema },
      },
    },
    async (request) => {
      const b = request.body;
      const input = Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined));
      const unit = await updateUnit({ ...acting(request), unitId: request.params.id, input });
      return presentUnit(unit, todayIn(ctx.now()));
    },
  );

  r.post(
    '/units/:id/lineage',
    {
      preValidation: requireRoles('administrator'),
      schema: {
        tags: ['org'],
        summary: 'Record a lineage link (merged into, split from, renamed…) from an effective date',
        description:
          'A merge or rename closes the predecessor the day before the effective date when it has no end date.',
        params: UnitIdParams,
        body: LineageBody,
        response: { 201: LineageLinkSchema },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const link = await recordLineage({
        ...acting(request),
        unitId: request.params.id,
        input: {
          relation: b.relation as LineageRelation,
          otherUnitId: b.otherUnitId,
          effectiveOn: b.effectiveOn,
          note: b.note ?? null,
        },
      });
      return reply.status(201).send(link);
    },
  );

  r.post(
    '/units/:id/close',
    {
      preValidation: requireRoles('administrator'),
      schema: {
        tags: ['org'],
        summary: "End a unit's validity (its last valid day)",
        params: UnitIdParams,
        body: CloseUnitBody,
        response: { 200: UnitSchema },
      },
    },
    async (request) => {
      const unit = await closeUnit({
        ...acting(request),
        unitId: request.params.id,
        validTo: request.body.validTo,
      });
      return presentUnit(unit, todayIn(ctx.now()));
    },
  );

  r.get(
    '/public/units',
    {
      schema: {
        tags: ['org', 'public'],
        summary: 'Active units of the tenant (transparency pages)',
        querystring: UnitsQuery,
        response: { 200: PublicUnitsSchema },
      },
    },
    async (request) => {
      const asOf = request.query.asOf ?? todayIn(ctx.now());
      const units = await listUnitTree({
        db: ctx.db,
        tenantId: request.tenantId,
        asOf,
        activeOnly: true,
      });
      return {
        asOf,
        units: preorder(units).map((u) => ({
          id: u.id,
          parentId: u.parent_id,
          kind: u.kind,
          level: u.level,
          code: u.code,
          name: u.name,
          nameEn: u.name_en,
          depth: u.depth,
        })),
      };
    },
  );

  r.get(
    '/tenants',
    {
      preValidation: [requireActor, requireRoles('administrator')],
      schema: {
        tags: ['org'],
        summary: 'Tenants (provinces) of this deployment (administrators)',
        response: { 200: TenantsSchema },
      },
    },
    async (request) => {
      const tenants = await listTenants(ctx.db);
      return {
        tenants: tenants.map((t) => ({
          id: t.id,
          code: t.code,
          name: t.name,
          nameEn: t.name_en,
          current: t.id === request.tenantId,
        })),
      };
    },
  );
}
