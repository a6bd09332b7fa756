import type { Kysely } from 'kysely';
import { isValidIsoDate } from '../../domain/calendar/index.js';
import { recordAudit } from '../../platform/audit/index.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { storeShippedCalendarYears } from '../calendar/index.js';
import {
  currentSuccessors,
  formerPredecessors,
  type LineageGraph,
  type LineageKind,
  type LineageReach,
  lineageEdgeProblem,
} from './org.lineage.js';
import { assertUnitAdmin, assertUnitAdminForRoot } from './org.policy.js';
import {
  findUnitByCode,
  findUnitById,
  findUnitsByIds,
  insertLineage,
  insertUnit,
  isInSubtree,
  listUnits,
  loadLineageRows,
  lockTenantForUnitChanges,
  moveUnitSubtree,
  type UnitRow,
  unitAncestors,
  unitChildren,
  unitLineageEdges,
  updateUnitRow,
} from './org.repository.js';

/**
 * Who acts and where the change is recorded (request id for the audit row). `operator` marks
 * the command line: whoever can open the database is the operator, so no grant is checked and
 * the audit row has no actor id but says `via: cli`.
 */
export interface ActingContext {
  db: Kysely<DB>;
  actor: Actor | null;
  operator?: boolean;
  now?: () => Date;
  requestId?: string | null;
}

const KIND_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

function invalid(field: string, reason: string): never {
  throw new AppError('validation_failed', { message: `${field}: ${reason}`, details: { field } });
}

function checkKindOrLevel(field: 'kind' | 'level', value: string | undefined): void {
  if (value !== undefined && !KIND_PATTERN.test(value)) {
    invalid(field, 'lower-case letters, digits and _ (e.g. people_committee, commune), at most 40');
  }
}

function checkText(field: string, value: string | null | undefined, max: number): void {
  if (value === undefined || value === null) return;
  if (value.trim() === '' || value.length > max) invalid(field, `1 to ${max} characters`);
}

function checkDate(field: string, value: string | null | undefined): void {
  if (value !== undefined && value !== null && !isValidIsoDate(value))
    invalid(field, 'must be a YYYY-MM-DD date');
}

function checkValidity(validFrom: string | null, validTo: string | null): void {
  if (validFrom !== null && validTo !== null && validTo < validFrom) {
    throw new AppError('rule_violation', {
      message: 'validTo is before validFrom',
      details: { rule: 'unit_validity', validFrom, validTo },
    });
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505'
  );
}

function auditRecord(unit: UnitRow) {
  return {
    parentId: unit.parent_id,
    kind: unit.kind,
    level: unit.level,
    code: unit.code,
    name: unit.name,
    nameEn: unit.name_en,
    validFrom: unit.valid_from,
    validTo: unit.valid_to,
  };
}

/** The guards of one acting context: no-ops for the operator, deny by default otherwise. */
function guards(context: ActingContext) {
  if (!context.operator && !context.actor) throw new AppError('unauthenticated');
  const actor = context.operator ? null : context.actor;
  return {
    actorId: actor?.userId ?? null,
    via: context.operator ? { via: 'cli' } : {},
    admin: async (db: Kysely<DB>, unitId: number) => {
      if (!context.operator) await assertUnitAdmin(db, actor, unitId);
    },
    rootAdmin: async (db: Kysely<DB>, tenantId: number) => {
      if (!context.operator) await assertUnitAdminForRoot(db, actor, tenantId);
    },
  };
}

/** A unit as listed in the tree: `former` when it is no longer valid on `asOf`. */
export interface UnitListing extends UnitRow {
  depth: number;
  former: boolean;
}

function isFormer(
  unit: { valid_from: string | null; valid_to: string | null },
  asOf: string,
): boolean {
  return (
    (unit.valid_to !== null && unit.valid_to < asOf) ||
    (unit.valid_from !== null && unit.valid_from > asOf)
  );
}

/**
 * Every unit of a tenant, parents before children, each marked `former` when not valid on
 * `asOf` (a district abolished on 1 July 2025 is former from then on, DOMAIN §1). With
 * `activeOnly`, former units (and anything under them) are left out.
 */
export async function listUnitTree(options: {
  db: Kysely<DB>;
  tenantId: number;
  asOf: string;
  activeOnly?: boolean;
}): Promise<UnitListing[]> {
  const rows = await listUnits(options.db, options.tenantId);
  const listed: UnitListing[] = rows.map((row) => ({
    ...row,
    depth: Number(row.depth ?? 0),
    former: isFormer(row, options.asOf),
  }));
  if (!options.activeOnly) return listed;
  const dropped = new Set<number>();
  return listed.filter((unit) => {
    if (unit.former || (unit.parent_id !== null && dropped.has(unit.parent_id))) {
      dropped.add(unit.id);
      return false;
    }
    return true;
  });
}

/** A unit's lineage edge seen from the unit: the other side and which way data flows. */
export interface UnitLineageLink {
  id: number;
  direction: 'predecessor' | 'successor';
  kind: LineageKind;
  effectiveOn: string;
  note: string | null;
  unit: { id: number; code: string; name: string; nameEn: string | null };
}

export interface UnitDetail {
  unit: UnitRow;
  former: boolean;
  ancestors: UnitRow[];
  children: UnitRow[];
  lineage: UnitLineageLink[];
  /** Units valid on `asOf` that carry this one on (itself when it is still valid). */
  successors: LineageReach[];
  /** Units that fed this one, however far back. */
  predecessors: LineageReach[];
  /** The units named in `successors` and `predecessors`, by id. */
  related: Map<number, UnitRow>;
}

/**
 * One unit with its ancestors (root first), children, direct lineage links and the transitive
 * successors and predecessors.
 *
 * @throws AppError `not_found` when the unit is not in the tenant.
 */
export async function getUnitDetail(options: {
  db: Kysely<DB>;
  tenantId: number;
  unitId: number;
  asOf: string;
}): Promise<UnitDetail> {
  const { db, tenantId, unitId } = options;
  const unit = await findUnitById(db, tenantId, unitId);
  if (!unit) throw new AppError('not_found', { details: { unit: unitId } });
  const [ancestors, children, edges, graph] = await Promise.all([
    unitAncestors(db, tenantId, unitId),
    unitChildren(db, tenantId, unitId),
    unitLineageEdges(db, tenantId, unitId),
    loadLineageGraph(db, tenantId),
  ]);
  const successors = currentSuccessors(graph, unitId, { asOf: options.asOf });
  const predecessors = formerPredecessors(graph, unitId);
  const relatedIds = [...new Set([...successors, ...predecessors].map((r) => r.unitId))];
  const related = new Map<number, UnitRow>();
  if (relatedIds.length > 0) {
    for (const row of await findUnitsByIds(db, tenantId, relatedIds)) related.set(row.id, row);
  }
  return {
    unit,
    former: isFormer(unit, options.asOf),
    ancestors: ancestors.map(({ depth: _depth, ...row }) => row),
    children,
    lineage: edges.map((e) => {
      const isPredecessorSide = e.successor_id === unitId;
      return {
        id: e.id,
        direction: isPredecessorSide ? 'predecessor' : 'successor',
        kind: e.kind,
        effectiveOn: e.effective_on,
        note: e.note,
        unit: isPredecessorSide
          ? {
              id: e.predecessor_id,
              code: e.predecessor_code,
              name: e.predecessor_name,
              nameEn: e.predecessor_name_en,
            }
          : {
              id: e.successor_id,
              code: e.successor_code,
              name: e.successor_name,
              nameEn: e.successor_name_en,
            },
      };
    }),
    successors,
    predecessors,
    related,
  };
}

/** The tenant's lineage graph for {@link currentSuccessors} and {@link formerPredecessors}. */
export async function loadLineageGraph(db: Kysely<DB>, tenantId: number): Promise<LineageGraph> {
  const rows = await loadLineageRows(db, tenantId);
  return {
    units: new Map(
      rows.units.map((u) => [u.id, { id: u.id, validFrom: u.valid_from, validTo: u.valid_to }]),
    ),
    edges: rows.edges.map((e) => ({
      predecessorId: e.predecessor_id,
      successorId: e.successor_id,
      kind: e.kind,
      effectiveOn: e.effective_on,
    })),
  };
}

export interface CreateUnitInput {
  parentId: number | null;
  kind: string;
  level: string;
  code: string;
  name: string;
  nameEn?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
}

/**
 * Creates a unit under `parentId` (null = a new root) with its closure rows and an audit row,
 * in one transaction. Kinds and levels are open lists (no fixed number of levels, DOMAIN §1).
 *
 * @throws AppError `validation_failed` (bad field), `not_found` (parent not in the tenant),
 * `forbidden` (not an administrator over the parent), `already_exists` (code taken in the
 * tenant), `rule_violation` (validTo before validFrom).
 */
export async function createUnit(
  context: ActingContext & { tenantId: number; input: CreateUnitInput },
): Promise<UnitRow> {
  const { db, input, tenantId } = context;
  const can = guards(context);
  checkKindOrLevel('kind', input.kind);
  checkKindOrLevel('level', input.level);
  if (!CODE_PATTERN.test(input.code))
    invalid('code', 'letters, digits, ".", "_" or "-", at most 40');
  checkText('name', input.name, 200);
  checkText('nameEn', input.nameEn, 200);
  checkDate('validFrom', input.validFrom);
  checkDate('validTo', input.validTo);
  checkValidity(input.validFrom ?? null, input.validTo ?? null);
  return db.transaction().execute(async (trx) => {
    if (input.parentId !== null) {
      const parent = await findUnitById(trx, tenantId, input.parentId);
      if (!parent)
        throw new AppError('not_found', {
          message: 'parent unit not found',
          details: { field: 'parentId' },
        });
      await can.admin(trx, parent.id);
    } else {
      await can.rootAdmin(trx, tenantId);
    }
    if (await findUnitByCode(trx, tenantId, input.code)) {
      throw new AppError('already_exists', {
        message: `unit code ${input.code} is taken`,
        details: { field: 'code' },
      });
    }
    let id: number;
    try {
      id = await insertUnit(trx, { ...input, tenantId, name: input.name.trim() });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AppError('already_exists', { details: { field: 'code' } });
      throw error;
    }
    const unit = (await findUnitById(trx, tenantId, id)) as UnitRow;
    await recordAudit(trx, {
      tenantId,
      actorId: can.actorId,
      unitId: id,
      action: 'unit.created',
      entity: 'unit',
      entityId: id,
      after: { ...auditRecord(unit), ...can.via },
      requestId: context.requestId ?? null,
      ...(context.now ? { at: context.now() } : {}),
    });
    return unit;
  });
}

export interface UpdateUnitInput {
  /** A new parent moves the unit with its whole subtree; null makes it a root. */
  parentId?: number | null;
  kind?: string;
  level?: string;
  code?: string;
  name?: string;
  nameEn?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
}

/**
 * Renames, re-codes, re-classifies or moves a unit. A move re-hangs the whole subtree and
 * rewrites its closure rows in the same transaction as the audit row; structural changes of a
 * tenant are serialised on the tenant row so two concurrent moves cannot build a cycle.
 *
 * @throws AppError `not_found`, `forbidden` (needs administrator over the unit and over the
 * new parent), `validation_failed`, `already_exists` (code taken), `rule_violation` (moving a
 * unit under itself or its own descendant; validTo before validFrom).
 */
export async function updateUnit(
  context: ActingContext & { tenantId: number; unitId: number; input: UpdateUnitInput },
): Promise<UnitRow> {
  const { db, input, tenantId, unitId } = context;
  const can = guards(context);
  checkKindOrLevel('kind', input.kind);
  checkKindOrLevel('level', input.level);
  if (input.code !== undefined && !CODE_PATTERN.test(input.code))
    invalid('code', 'letters, digits, ".", "_" or "-", at most 40');
  checkText('name', input.name, 200);
  checkText('nameEn', input.nameEn, 200);
  checkDate('validFrom', input.validFrom);
  checkDate('validTo', input.validTo);
  return db.transaction().execute(async (trx) => {
    const moving = input.parentId !== undefined;
    if (moving) await lockTenantForUnitChanges(trx, tenantId);
    const before = await findUnitById(trx, tenantId, unitId);
    if (!before) throw new AppError('not_found', { details: { unit: unitId } });
    await can.admin(trx, unitId);
    checkValidity(
      input.validFrom !== undefined ? input.validFrom : before.valid_from,
      input.validTo !== undefined ? input.validTo : before.valid_to,
    );
    if (input.code !== undefined && input.code !== before.code) {
      const taken = await findUnitByCode(trx, tenantId, input.code);
      if (taken)
        throw new AppError('already_exists', {
          message: `unit code ${input.code} is taken`,
          details: { field: 'code' },
        });
    }
    const { parentId, ...fields } = input;
    if (fields.name !== undefined) fields.name = fields.name.trim();
    try {
      await updateUnitRow(trx, tenantId, unitId, fields);
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AppError('already_exists', { details: { field: 'code' } });
      throw error;
    }
    if (parentId !== undefined && parentId !== before.parent_id) {
      if (parentId === null) {
        await can.rootAdmin(trx, tenantId);
      } else {
        const parent = await findUnitById(trx, tenantId, parentId);
        if (!parent)
          throw new AppError('not_found', {
            message: 'parent unit not found',
            details: { field: 'parentId' },
          });
        if (await isInSubtree(trx, unitId, parentId)) {
          throw new AppError('rule_violation', {
            message: 'a unit cannot be moved under itself or one of its own descendants',
            details: { rule: 'unit_move_cycle', unit: unitId, parentId },
          });
        }
        await can.admin(trx, parentId);
      }
      await moveUnitSubtree(trx, tenantId, unitId, parentId);
    }
    const after = (await findUnitById(trx, tenantId, unitId)) as UnitRow;
    await recordAudit(trx, {
      tenantId,
      actorId: can.actorId,
      unitId,
      action:
        parentId !== undefined && parentId !== before.parent_id ? 'unit.moved' : 'unit.updated',
      entity: 'unit',
      entityId: unitId,
      before: auditRecord(before),
      after: { ...auditRecord(after), ...can.via },
      requestId: context.requestId ?? null,
      ...(context.now ? { at: context.now() } : {}),
    });
    return after;
  });
}

/**
 * How a unit relates to another in a lineage record, read from the unit's side: `merged_into`
 * (this unit ceased and went into the other), `merged_from` (the other went into this one),
 * `split_from` (this unit was formed from part of the other), `split_into` (part of this unit
 * formed the other), `renamed_to` / `renamed_from`, `transferred_to` / `transferred_from`.
 */
export const LINEAGE_RELATIONS = {
  merged_into: { kind: 'merged', thisIs: 'predecessor' },
  merged_from: { kind: 'merged', thisIs: 'successor' },
  split_from: { kind: 'split', thisIs: 'successor' },
  split_into: { kind: 'split', thisIs: 'predecessor' },
  renamed_to: { kind: 'renamed', thisIs: 'predecessor' },
  renamed_from: { kind: 'renamed', thisIs: 'successor' },
  transferred_to: { kind: 'transferred', thisIs: 'predecessor' },
  transferred_from: { kind: 'transferred', thisIs: 'successor' },
} as const satisfies Record<string, { kind: LineageKind; thisIs: 'predecessor' | 'successor' }>;

export type LineageRelation = keyof typeof LINEAGE_RELATIONS;

function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Records a lineage link between two units of the tenant from `effectiveOn` (e.g. a former
 * district merged into a new commune on 2025-07-01). A merge or rename ends the predecessor:
 * when it has no end date yet, it is closed the day before `effectiveOn`. The successor must be
 * valid on `effectiveOn` and the predecessor must have existed before it.
 *
 * @throws AppError `not_found` (either unit), `forbidden` (administrator over both units),
 * `validation_failed` (bad relation or date), `already_exists` (the same link is recorded),
 * `rule_violation` (self-link, cycle, or dates that contradict the units' validity).
 */
export async function recordLineage(
  context: ActingContext & {
    tenantId: number;
    unitId: number;
    input: {
      relation: LineageRelation;
      otherUnitId: number;
      effectiveOn: string;
      note?: string | null;
    };
  },
): Promise<UnitLineageLink> {
  const { db, tenantId, unitId, input } = context;
  const can = guards(context);
  const relation = LINEAGE_RELATIONS[input.relation];
  if (!relation) invalid('relation', `one of ${Object.keys(LINEAGE_RELATIONS).join(', ')}`);
  checkDate('effectiveOn', input.effectiveOn);
  if (!input.effectiveOn) invalid('effectiveOn', 'must be a YYYY-MM-DD date');
  checkText('note', input.note, 500);
  return db.transaction().execute(async (trx) => {
    await lockTenantForUnitChanges(trx, tenantId);
    const self = await findUnitById(trx, tenantId, unitId);
    const other = await findUnitById(trx, tenantId, input.otherUnitId);
    if (!self) throw new AppError('not_found', { details: { unit: unitId } });
    if (!other)
      throw new AppError('not_found', {
        message: 'other unit not found',
        details: { field: 'otherUnitId' },
      });
    await can.admin(trx, self.id);
    await can.admin(trx, other.id);
    const [predecessor, successor] =
      relation.thisIs === 'predecessor' ? [self, other] : [other, self];
    const edge = {
      predecessorId: predecessor.id,
      successorId: successor.id,
      kind: relation.kind,
      effectiveOn: input.effectiveOn,
    };
    const problem = lineageEdgeProblem(await loadLineageGraph(trx, tenantId), edge);
    if (problem)
      throw new AppError('rule_violation', {
        message: problem,
        details: { rule: 'lineage_cycle' },
      });
    if (predecessor.valid_from !== null && predecessor.valid_from >= input.effectiveOn) {
      throw new AppError('rule_violation', {
        message: `the predecessor ${predecessor.code} only starts on ${predecessor.valid_from}`,
        details: { rule: 'lineage_dates', field: 'effectiveOn' },
      });
    }
    if (
      (successor.valid_from !== null && successor.valid_from > input.effectiveOn) ||
      (successor.valid_to !== null && successor.valid_to < input.effectiveOn)
    ) {
      throw new AppError('rule_violation', {
        message: `the successor ${successor.code} is not valid on ${input.effectiveOn}`,
        details: { rule: 'lineage_dates', field: 'effectiveOn' },
      });
    }
    let id: number;
    try {
      id = await insertLineage(trx, { tenantId, ...edge, note: input.note ?? null });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AppError('already_exists', { message: 'this lineage link is already recorded' });
      throw error;
    }
    const ends = relation.kind === 'merged' || relation.kind === 'renamed';
    if (ends && predecessor.valid_to === null) {
      await updateUnitRow(trx, tenantId, predecessor.id, { validTo: dayBefore(input.effectiveOn) });
    }
    await recordAudit(trx, {
      tenantId,
      actorId: can.actorId,
      unitId,
      action: 'unit.lineage_recorded',
      entity: 'unit',
      entityId: unitId,
      after: {
        lineageId: id,
        ...edge,
        note: input.note ?? null,
        closedPredecessor: ends && predecessor.valid_to === null,
        ...can.via,
      },
      requestId: context.requestId ?? null,
      ...(context.now ? { at: context.now() } : {}),
    });
    return {
      id,
      direction: relation.thisIs === 'predecessor' ? 'successor' : 'predecessor',
      kind: relation.kind,
      effectiveOn: input.effectiveOn,
      note: input.note ?? null,
      unit: { id: other.id, code: other.code, name: other.name, nameEn: other.name_en },
    };
  });
}

/**
 * Ends a unit's validity on `validTo` (its last valid day). Its data stays readable; it shows
 * as former from the next day. Children still valid after that day must be moved or closed
 * first.
 *
 * @throws AppError `not_found`, `forbidden`, `validation_failed` (bad date), `rule_violation`
 * (before the unit's start, or children still valid after `validTo`).
 */
export async function closeUnit(
  context: ActingContext & { tenantId: number; unitId: number; validTo: string },
): Promise<UnitRow> {
  const { db, tenantId, unitId, validTo } = context;
  const can = guards(context);
  checkDate('validTo', validTo);
  if (!validTo) invalid('validTo', 'must be a YYYY-MM-DD date');
  return db.transaction().execute(async (trx) => {
    const before = await findUnitById(trx, tenantId, unitId);
    if (!before) throw new AppError('not_found', { details: { unit: unitId } });
    await can.admin(trx, unitId);
    checkValidity(before.valid_from, validTo);
    const openChildren = (await unitChildren(trx, tenantId, unitId)).filter(
      (c) => c.valid_to === null || c.valid_to > validTo,
    );
    if (openChildren.length > 0) {
      throw new AppError('rule_violation', {
        message: 'close or move the units under it first',
        details: { rule: 'unit_open_children', children: openChildren.map((c) => c.code) },
      });
    }
    await updateUnitRow(trx, tenantId, unitId, { validTo });
    const after = (await findUnitById(trx, tenantId, unitId)) as UnitRow;
    await recordAudit(trx, {
      tenantId,
      actorId: can.actorId,
      unitId,
      action: 'unit.closed',
      entity: 'unit',
      entityId: unitId,
      before: auditRecord(before),
      after: { ...auditRecord(after), ...can.via },
      requestId: context.requestId ?? null,
      ...(context.now ? { at: context.now() } : {}),
    });
    return after;
  });
}

/**
 * Creates a tenant (a province) and stores the official calendar years this release ships, so
 * its stored calendar is the truth from the first day (issue 3). Runs in the caller's
 * transaction when given one.
 *
 * @throws AppError `validation_failed` (bad code or name), `already_exists` (code taken).
 */
export async function createTenant(options: {
  db: Kysely<DB>;
  code: string;
  name: string;
  nameEn?: string | null;
  settings?: Record<string, unknown>;
  now?: Date;
}): Promise<number> {
  if (!/^[A-Z0-9][A-Z0-9_-]{0,19}$/.test(options.code))
    invalid('code', 'upper-case letters, digits, _ or -, at most 20');
  checkText('name', options.name, 200);
  checkText('nameEn', options.nameEn, 200);
  const run = async (trx: Kysely<DB>) => {
    const taken = await trx
      .selectFrom('tenants')
      .select('id')
      .where('code', '=', options.code)
      .executeTakeFirst();
    if (taken)
      throw new AppError('already_exists', {
        message: `tenant ${options.code} exists`,
        details: { field: 'code' },
      });
    const row = await trx
      .insertInto('tenants')
      .values({
        code: options.code,
        name: options.name,
        name_en: options.nameEn ?? null,
        settings: JSON.stringify(options.settings ?? {}),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await storeShippedCalendarYears(trx, row.id, options.now);
    return row.id;
  };
  return options.db.isTransaction ? run(options.db) : options.db.transaction().execute(run);
}
