import type { Kysely } from 'kysely';
import {
  DEFAULT_SERVICE_INDEX_FRAMEWORK,
  IndicesError,
  parseFramework,
  type ServiceIndexFramework,
} from '../../domain/indices/index.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import {
  findFrameworkInForce,
  insertFrameworkRow,
  listFrameworkRows,
} from './framework.repository.js';

/**
 * Seeds the default framework of Decision 766/QĐ-TTg (src/domain/indices) for a tenant that has
 * none; idempotent, safe under concurrent calls (unique tenant/code/version).
 */
export async function ensureDefaultFramework(db: Kysely<DB>, tenantId: number): Promise<void> {
  const f = DEFAULT_SERVICE_INDEX_FRAMEWORK;
  await insertFrameworkRow(db, {
    tenantId,
    code: f.id,
    version: f.version,
    effectiveFrom: f.effectiveFrom,
    definition: f,
  });
}

/**
 * The framework version in force for a period starting on `from`: the latest version effective
 * on or before that day; for a period before every version, the earliest one (the index did not
 * exist yet, so the first definition is the only sensible yardstick). Seeds the default first.
 */
export async function frameworkInForce(
  db: Kysely<DB>,
  tenantId: number,
  from: string,
): Promise<ServiceIndexFramework> {
  let row = await findFrameworkInForce(db, tenantId, from);
  if (!row) {
    await ensureDefaultFramework(db, tenantId);
    row =
      (await findFrameworkInForce(db, tenantId, from)) ??
      (await listFrameworkRows(db, tenantId)).at(-1);
  }
  if (!row) return DEFAULT_SERVICE_INDEX_FRAMEWORK;
  return parseFramework(row.definition);
}

/**
 * Stores a new framework version (a corrected transcription or a later decision) after
 * `parseFramework` accepts it. Throws `framework_invalid` listing every problem, and
 * `already_exists` when the tenant has that code and version.
 */
export async function saveFramework(input: {
  db: Kysely<DB>;
  tenantId: number;
  definition: unknown;
  actorId?: number | null;
}): Promise<ServiceIndexFramework> {
  let framework: ServiceIndexFramework;
  try {
    framework = parseFramework(input.definition);
  } catch (error) {
    if (error instanceof IndicesError)
      throw new AppError('framework_invalid', { message: error.message, details: error.details });
    throw error;
  }
  await ensureDefaultFramework(input.db, input.tenantId);
  const inserted = await insertFrameworkRow(input.db, {
    tenantId: input.tenantId,
    code: framework.id,
    version: framework.version,
    effectiveFrom: framework.effectiveFrom,
    definition: framework,
    createdBy: input.actorId ?? null,
  });
  if (!inserted)
    throw new AppError('already_exists', {
      message: `framework ${framework.id} v${framework.version} exists`,
    });
  return framework;
}

/** Every stored version of a tenant (seeding the default first), newest first. */
export async function listFrameworks(
  db: Kysely<DB>,
  tenantId: number,
): Promise<ServiceIndexFramework[]> {
  await ensureDefaultFramework(db, tenantId);
  return (await listFrameworkRows(db, tenantId)).map((r) => parseFramework(r.definition));
}
