import { type Kysely, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import './portal.tables.js';

export interface ApplicantDossierRow {
  id: number;
  code: string | null;
  status: string;
  procedure_name: string;
  unit_name: string;
  channel: number;
  fee_amount: number;
  paid_online: boolean;
  received_at: Date | null;
  due_at: Date | null;
  finished_at: Date | null;
  created_at: Date;
  rated: boolean;
}

/** A signed-in applicant's own dossiers, newest first. */
export async function applicantDossiers(
  db: Kysely<DB>,
  tenantId: number,
  userId: number,
  limit: number,
  offset: number,
) {
  const rows = await sql<ApplicantDossierRow & { total: number }>`
    select d.id, d.code, d.status, v.name as procedure_name, u.name as unit_name, d.channel, d.fee_amount, d.paid_online,
           d.received_at, d.due_at, d.finished_at, d.created_at, (r.id is not null) as rated, count(*) over () as total
    from dossiers d
    join procedure_versions v on v.id = d.procedure_version_id
    join units u on u.id = d.receiving_unit_id
    left join dossier_ratings r on r.dossier_id = d.id
    where d.tenant_id = ${tenantId} and d.applicant_user_id = ${userId}
    order by d.created_at desc, d.id desc
    limit ${limit} offset ${offset}`.execute(db);
  return { rows: rows.rows, total: rows.rows[0]?.total ?? 0 };
}
