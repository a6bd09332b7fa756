import { type Kysely, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

export async function findUserByUsername(db: Kysely<DB>, tenantId: number, username: string) {
  return db
    .selectFrom('users')
    .select([
      'id',
      'tenant_id',
      'kind',
      'full_name',
      'password_hash',
      'failed_logins',
      'locked_until',
      'disabled_at',
    ])
    .where('tenant_id', '=', tenantId)
    .where(sql<string>`lower(username)`, '=', username.toLowerCase())
    .executeTakeFirst();
}

export async function findUserById(db: Kysely<DB>, tenantId: number, userId: number) {
  return db
    .selectFrom('users')
    .select(['id', 'tenant_id', 'kind', 'full_name', 'username', 'disabled_at'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .executeTakeFirst();
}

/** Counts one more failure; locks the account until `lockUntil` when the count reaches `limit`. */
export async function recordFailedLogin(
  db: Kysely<DB>,
  userId: number,
  limit: number,
  lockUntil: Date,
) {
  return sql<{ failed_logins: number; locked_until: Date | null }>`
    update users set
      failed_logins = case when failed_logins + 1 >= ${limit} then 0 else failed_logins + 1 end,
      locked_until = case when failed_logins + 1 >= ${limit} then ${lockUntil.toISOString()}::timestamptz else locked_until end
    where id = ${userId}
    returning failed_logins, locked_until`
    .execute(db)
    .then((r) => r.rows[0]);
}

export async function clearFailedLogins(db: Kysely<DB>, userId: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: null })
    .where('id', '=', userId)
    .execute();
}
