import { Command } from 'commander';
import {
  createUnit,
  findUnitByCode,
  getUnitDetail,
  LINEAGE_RELATIONS,
  type LineageRelation,
  listUnitTree,
  preorder,
  recordLineage,
  todayIn,
} from '../../modules/org/index.js';
import { AppError } from '../../platform/errors.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { resolveTenant } from './calendar-admin.js';

export interface UnitsCommandDeps {
  open?: (globals: Record<string, unknown>) => Promise<Pick<Runtime, 'ctx' | 'close'>>;
  writeOut?: (text: string) => void;
}

type Ctx = Pick<Runtime, 'ctx'>['ctx'];

async function unitId(ctx: Ctx, tenantId: number, code: string, option: string): Promise<number> {
  const unit = await findUnitByCode(ctx.db, tenantId, code);
  if (!unit) throw new AppError('not_found', { message: `${option}: no unit with code ${code}` });
  return unit.id;
}

/**
 * `motcua units list|create|lineage`: the unit tree of a tenant from the command line. `list`
 * prints the tree (former units marked), `create` adds a unit under `--parent CODE`, `lineage`
 * shows a unit's predecessors and current successors, or records a link with `--relation`.
 * The operator needs no grant; changes are audited as `via: cli`.
 */
export function unitsCommand(deps: UnitsCommandDeps = {}): Command {
  const open = deps.open ?? ((globals) => openRuntime(globals));
  const writeOut = deps.writeOut ?? ((text) => process.stdout.write(text));
  const units = new Command('units').description(
    'organisation units: list the tree, create, record lineage',
  );

  const withRuntime = async (
    command: Command,
    run: (ctx: Ctx, tenantId: number) => Promise<void>,
  ) => {
    const runtime = await open(command.optsWithGlobals());
    try {
      await run(
        runtime.ctx,
        await resolveTenant(runtime.ctx.db, command.opts<{ tenant?: string }>().tenant),
      );
    } finally {
      await runtime.close();
    }
  };

  units
    .command('list')
    .description('the unit tree (former units marked)')
    .option('--tenant <code>', 'tenant code (default: the first tenant)')
    .option('--as-of <date>', 'reference date for "former" (default: today in Vietnam)')
    .option('--active', 'only units valid on the reference date')
    .option('--json', 'print JSON')
    .action(
      async (options: { asOf?: string; active?: boolean; json?: boolean }, command: Command) => {
        await withRuntime(command, async (ctx, tenantId) => {
          const asOf = options.asOf ?? todayIn(ctx.now());
          if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf))
            throw new AppError('invalid_date', { message: `--as-of must be YYYY-MM-DD: ${asOf}` });
          const list = await listUnitTree({
            db: ctx.db,
            tenantId,
            asOf,
            activeOnly: options.active === true,
          });
          const ordered = preorder(list);
          if (options.json) {
            writeOut(
              `${JSON.stringify(
                ordered.map((u) => ({
                  id: u.id,
                  parentId: u.parent_id,
                  code: u.code,
                  name: u.name,
                  kind: u.kind,
                  level: u.level,
                  validFrom: u.valid_from,
                  validTo: u.valid_to,
                  former: u.former,
                  depth: u.depth,
                })),
              )}\n`,
            );
            return;
          }
          for (const u of ordered) {
            const validity =
              u.valid_from || u.valid_to ? ` ${u.valid_from ?? '…'}–${u.valid_to ?? '…'}` : '';
            writeOut(
              `${'  '.repeat(u.depth)}${u.code}  ${u.name}  [${u.kind}/${u.level}]${validity}${u.former ? '  (former / đã giải thể)' : ''}\n`,
            );
          }
        });
      },
    );

  units
    .command('create')
    .description('create a unit')
    .requiredOption('--code <code>', 'national agency identifier, unique in the tenant')
    .requiredOption('--name <name>', 'Vietnamese name')
    .requiredOption(
      '--kind <kind>',
      'people_committee, department, service_centre, commune, ward, special_zone, district…',
    )
    .requiredOption('--level <level>', 'province, district, commune…')
    .option('--parent <code>', 'parent unit code (default: a new root)')
    .option('--name-en <name>', 'English name')
    .option('--valid-from <date>', 'first valid day')
    .option('--valid-to <date>', 'last valid day')
    .option('--tenant <code>', 'tenant code')
    .action(
      async (
        options: {
          code: string;
          name: string;
          kind: string;
          level: string;
          parent?: string;
          nameEn?: string;
          validFrom?: string;
          validTo?: string;
        },
        command: Command,
      ) => {
        await withRuntime(command, async (ctx, tenantId) => {
          const parentId = options.parent
            ? await unitId(ctx, tenantId, options.parent, '--parent')
            : null;
          const unit = await createUnit({
            db: ctx.db,
            actor: null,
            operator: true,
            tenantId,
            now: ctx.now,
            input: {
              parentId,
              code: options.code,
              name: options.name,
              kind: options.kind,
              level: options.level,
              nameEn: options.nameEn ?? null,
              validFrom: options.validFrom ?? null,
              validTo: options.validTo ?? null,
            },
          });
          writeOut(`created ${unit.code} (id ${unit.id})\n`);
        });
      },
    );

  units
    .command('lineage')
    .description("show a unit's lineage, or record a link with --relation, --other and --on")
    .requiredOption('--unit <code>', 'the unit')
    .option('--relation <relation>', Object.keys(LINEAGE_RELATIONS).join(' | '))
    .option('--other <code>', 'the other unit')
    .option('--on <date>', 'effective date, YYYY-MM-DD')
    .option('--note <text>', 'e.g. the resolution number')
    .option('--tenant <code>', 'tenant code')
    .option('--json', 'print JSON')
    .action(
      async (
        options: {
          unit: string;
          relation?: string;
          other?: string;
          on?: string;
          note?: string;
          json?: boolean;
        },
        command: Command,
      ) => {
        await withRuntime(command, async (ctx, tenantId) => {
          const id = await unitId(ctx, tenantId, options.unit, '--unit');
          if (
            options.relation !== undefined ||
            options.other !== undefined ||
            options.on !== undefined
          ) {
            if (!options.relation || !(options.relation in LINEAGE_RELATIONS)) {
              throw new AppError('validation_failed', {
                message: `--relation must be one of ${Object.keys(LINEAGE_RELATIONS).join(', ')}`,
              });
            }
            if (!options.other || !options.on)
              throw new AppError('validation_failed', {
                message: '--relation needs --other <code> and --on <date>',
              });
            const other = await unitId(ctx, tenantId, options.other, '--other');
            const link = await recordLineage({
              db: ctx.db,
              actor: null,
              operator: true,
              tenantId,
              unitId: id,
              now: ctx.now,
              input: {
                relation: options.relation as LineageRelation,
                otherUnitId: other,
                effectiveOn: options.on,
                note: options.note ?? null,
              },
            });
            writeOut(
              `recorded: ${options.unit} ${options.relation} ${link.unit.code} from ${link.effectiveOn}\n`,
            );
            return;
          }
          const asOf = todayIn(ctx.now());
          const detail = await getUnitDetail({ db: ctx.db, tenantId, unitId: id, asOf });
          const name = (uid: number) => detail.related.get(uid)?.code ?? String(uid);
          if (options.json) {
            writeOut(
              `${JSON.stringify({
                unit: detail.unit.code,
                former: detail.former,
                lineage: detail.lineage,
                successors: detail.successors.map((r) => ({
                  unit: name(r.unitId),
                  partial: r.partial,
                })),
                predecessors: detail.predecessors.map((r) => ({
                  unit: name(r.unitId),
                  partial: r.partial,
                })),
              })}\n`,
            );
            return;
          }
          writeOut(
            `${detail.unit.code}  ${detail.unit.name}${detail.former ? '  (former)' : ''}\n`,
          );
          for (const link of detail.lineage) {
            const arrow = link.direction === 'successor' ? '→' : '←';
            writeOut(
              `  ${link.effectiveOn}  ${link.kind}  ${arrow} ${link.unit.code}  ${link.unit.name}${link.note ? `  (${link.note})` : ''}\n`,
            );
          }
          writeOut(
            `  current successors on ${asOf}: ${detail.successors.map((r) => name(r.unitId) + (r.partial ? ' (partial)' : '')).join(', ') || '—'}\n`,
          );
          writeOut(
            `  former predecessors: ${detail.predecessors.map((r) => name(r.unitId) + (r.partial ? ' (partial)' : '')).join(', ') || '—'}\n`,
          );
        });
      },
    );

  return units;
}
