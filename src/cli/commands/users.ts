import { Command, Option } from 'commander';
import { findUnitByCode } from '../../modules/org/index.js';
import {
  createStaffUser,
  enableUser,
  getUser,
  issueApiToken,
  listApiTokens,
  listUsers,
  revokeApiToken,
  STAFF_ROLES,
  userIdByUsername,
} from '../../modules/users/index.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { openRuntime, type Runtime } from '../runtime.js';

export interface UsersCommandDeps {
  open?: (globals: Record<string, unknown>) => Promise<Pick<Runtime, 'ctx' | 'close'>>;
  writeOut?: (text: string) => void;
  /** Reads a password without echo when stdin is a terminal; undefined when it is not. */
  promptPassword?: (question: string) => Promise<string | undefined>;
}

const USER_STATUSES = ['active', 'locked', 'disabled'] as const;

interface ListOptions {
  unit?: string;
  role?: (typeof STAFF_ROLES)[number];
  status?: (typeof USER_STATUSES)[number];
  search?: string;
  json?: boolean;
  tenant?: string;
}

/** The tenant named by --tenant, or the default one (lowest id). */
async function resolveTenant(ctx: AppContext, code: string | undefined): Promise<number> {
  let query = ctx.db.selectFrom('tenants').select('id');
  query = code ? query.where('code', '=', code) : query.orderBy('id').limit(1);
  const row = await query.executeTakeFirst();
  if (!row)
    throw new AppError('not_found', {
      message: code
        ? `unknown tenant ${code}`
        : 'no tenant yet (start the server once or load the demo)',
    });
  return row.id;
}

/**
 * `motcua users create|list|enable|token|tokens|revoke-token`: accounts and API tokens from the command line
 * (the operator acts with full rights in the tenant; every change is audited with no actor).
 */
export function usersCommand(deps: UsersCommandDeps = {}): Command {
  const open = deps.open ?? ((globals) => openRuntime(globals));
  const writeOut = deps.writeOut ?? ((text) => process.stdout.write(text));
  const promptPassword = deps.promptPassword ?? promptHidden;
  const users = new Command('users').description('staff accounts, role grants and API tokens');

  users
    .command('create')
    .description('create a staff (or system) account with one role over a unit and its subtree')
    .requiredOption('--username <name>', 'sign-in name (3–50 of a-z 0-9 . _ -)')
    .requiredOption('--name <full name>', 'full name as shown to others')
    .addOption(
      new Option('--role <role>', 'role granted').choices(STAFF_ROLES).makeOptionMandatory(),
    )
    .option(
      '--unit <code>',
      'unit code the role covers (with its subtree); omit for the whole tenant',
    )
    .option(
      '--password <password>',
      'password (else prompted on a terminal, else generated and printed)',
    )
    .addOption(
      new Option('--kind <kind>', 'account kind').choices(['staff', 'system']).default('staff'),
    )
    .option('--email <email>', 'e-mail address')
    .option('--phone <phone>', 'phone number (stored encrypted)')
    .option('--tenant <code>', 'tenant code (default: the first tenant)')
    .action(
      async (
        options: {
          username: string;
          name: string;
          role: (typeof STAFF_ROLES)[number];
          unit?: string;
          password?: string;
          kind: 'staff' | 'system';
          email?: string;
          phone?: string;
          tenant?: string;
        },
        command: Command,
      ) => {
        const runtime = await open(command.optsWithGlobals());
        try {
          const tenantId = await resolveTenant(runtime.ctx, options.tenant);
          let unitId: number | null = null;
          if (options.unit) {
            const unit = await runtime.ctx.db
              .selectFrom('units')
              .select('id')
              .where('tenant_id', '=', tenantId)
              .where('code', '=', options.unit)
              .executeTakeFirst();
            if (!unit) throw new AppError('not_found', { message: `unknown unit ${options.unit}` });
            unitId = unit.id;
          }
          let password = options.password;
          if (password === undefined) {
            const typed = await promptPassword('Mật khẩu / Password (Enter = generate): ');
            if (typed) password = typed;
          }
          const created = await createStaffUser(runtime.ctx, {
            tenantId,
            actor: null,
            username: options.username,
            name: options.name,
            role: options.role,
            unitId,
            kind: options.kind,
            password,
            email: options.email ?? null,
            phone: options.phone ?? null,
          });
          writeOut(
            `created user ${created.username} (id ${created.id}) as ${options.role}${options.unit ? ` over ${options.unit}` : ' over the whole tenant'}\n`,
          );
          if (created.generatedPassword)
            writeOut(`password (shown once): ${created.generatedPassword}\n`);
        } finally {
          await runtime.close();
        }
      },
    );

  users
    .command('token')
    .description(
      'issue an API token for a user (printed once; send as "Authorization: Bearer <token>")',
    )
    .requiredOption('--username <name>', 'the user the token acts as (normally a system account)')
    .requiredOption('--name <label>', 'what the token is for, e.g. "Cổng DVC quốc gia"')
    .option('--tenant <code>', 'tenant code (default: the first tenant)')
    .action(
      async (options: { username: string; name: string; tenant?: string }, command: Command) => {
        const runtime = await open(command.optsWithGlobals());
        try {
          const tenantId = await resolveTenant(runtime.ctx, options.tenant);
          const issued = await issueApiToken(runtime.ctx, {
            tenantId,
            username: options.username,
            name: options.name,
          });
          writeOut(
            `token id ${issued.id} for ${options.username} (shown once, only its hash is stored):\n${issued.token}\n`,
          );
        } finally {
          await runtime.close();
        }
      },
    );

  users
    .command('list')
    .description('list staff and system accounts with their roles, units and status')
    .option('--unit <code>', 'holders of a role over this unit or a unit under it')
    .addOption(new Option('--role <role>', 'holders of this role').choices(STAFF_ROLES))
    .addOption(
      new Option('--status <status>', 'active, locked (after failed sign-ins) or disabled').choices(
        USER_STATUSES,
      ),
    )
    .option('--search <text>', 'part of the name or user name')
    .option('--json', 'print JSON')
    .option('--tenant <code>', 'tenant code (default: the first tenant)')
    .action(async (options: ListOptions, command: Command) => {
      const runtime = await open(command.optsWithGlobals());
      try {
        const tenantId = await resolveTenant(runtime.ctx, options.tenant);
        let unitId: number | undefined;
        if (options.unit) {
          const unit = await findUnitByCode(runtime.ctx.db, tenantId, options.unit);
          if (!unit) throw new AppError('not_found', { message: `unknown unit ${options.unit}` });
          unitId = unit.id;
        }
        const items = [];
        for (let page = 1; ; page++) {
          const result = await listUsers(runtime.ctx, {
            tenantId,
            actor: null,
            q: options.search,
            role: options.role,
            status: options.status,
            unitId,
            page,
            pageSize: 200,
          });
          items.push(...result.items);
          if (page * result.pageSize >= result.total) break;
        }
        if (options.json) {
          writeOut(`${JSON.stringify(items, null, 2)}\n`);
          return;
        }
        for (const u of items) {
          const status = u.disabled
            ? 'disabled'
            : u.lockedUntil
              ? `locked until ${u.lockedUntil}`
              : 'active';
          const roles = u.roles.map((g) => `${g.role}@${g.unitCode ?? 'tenant'}`).join(', ');
          writeOut(
            `${(u.username ?? '').padEnd(24)} ${u.name.padEnd(28)} ${status.padEnd(10)} ${roles}\n`,
          );
        }
        writeOut(`${items.length} account(s)\n`);
      } finally {
        await runtime.close();
      }
    });

  users
    .command('tokens')
    .description('list API tokens (never the secrets)')
    .option('--tenant <code>', 'tenant code (default: the first tenant)')
    .action(async (options: { tenant?: string }, command: Command) => {
      const runtime = await open(command.optsWithGlobals());
      try {
        const tenantId = await resolveTenant(runtime.ctx, options.tenant);
        for (const t of await listApiTokens(runtime.ctx, { tenantId })) {
          const state = t.revoked_at ? `revoked ${new Date(t.revoked_at).toISOString()}` : 'active';
          writeOut(
            `${String(t.id).padStart(5)}  ${(t.username ?? '').padEnd(20)} ${t.name.padEnd(30)} ${state}\n`,
          );
        }
      } finally {
        await runtime.close();
      }
    });

  users
    .command('enable')
    .description(
      'let an account sign in again: enable a disabled one, lift a lockout after failed attempts (the way back in for a locked-out administrator)',
    )
    .argument('<username>', 'the account’s user name')
    .option('--tenant <code>', 'tenant code (default: the first tenant)')
    .action(async (username: string, options: { tenant?: string }, command: Command) => {
      const runtime = await open(command.optsWithGlobals());
      try {
        const tenantId = await resolveTenant(runtime.ctx, options.tenant);
        const userId = await userIdByUsername(runtime.ctx, tenantId, username);
        await enableUser(runtime.ctx, { tenantId, actor: null, userId });
        const user = await getUser(runtime.ctx, { tenantId, actor: null, userId });
        writeOut(
          `${username} can sign in (disabled: ${user.disabled}, locked: ${user.lockedUntil !== null})\n`,
        );
      } finally {
        await runtime.close();
      }
    });

  users
    .command('revoke-token')
    .description('revoke an API token at once')
    .requiredOption('--id <id>', 'token id (see `motcua users tokens`)')
    .option('--tenant <code>', 'tenant code (default: the first tenant)')
    .action(async (options: { id: string; tenant?: string }, command: Command) => {
      const id = Number(options.id);
      if (!Number.isInteger(id) || id < 1)
        throw new AppError('validation_failed', {
          message: `--id must be a positive integer, got ${options.id}`,
        });
      const runtime = await open(command.optsWithGlobals());
      try {
        const tenantId = await resolveTenant(runtime.ctx, options.tenant);
        await revokeApiToken(runtime.ctx, { tenantId, tokenId: id });
        writeOut(`token ${id} revoked\n`);
      } finally {
        await runtime.close();
      }
    });

  return users;
}

/** Reads a line without echoing it; undefined when stdin is not a terminal (scripts, CI). */
async function promptHidden(question: string): Promise<string | undefined> {
  const stdin = process.stdin;
  if (!stdin.isTTY) return undefined;
  process.stdout.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          done();
          resolve(value);
          return;
        }
        if (char === '\u0003') {
          done();
          reject(new AppError('validation_failed', { message: 'cancelled' }));
          return;
        }
        if (char === '\u007f') value = value.slice(0, -1);
        else value += char;
      }
    };
    const done = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stdout.write('\n');
    };
    stdin.on('data', onData);
  });
}
