-- Real-time service index (Decision 766/QĐ-TTg): the framework is data, versioned per tenant.
-- `definition` is a ServiceIndexFramework (src/domain/indices) checked by parseFramework before
-- it is written; the version in force for a period is the latest with effective_from on or
-- before the period's first day. The default framework is seeded per tenant on first use by
-- the indices module (the definition lives in one place, the domain code).
create table index_frameworks (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  code text not null,
  version integer not null check (version > 0),
  effective_from date not null,
  definition jsonb not null,
  created_at timestamptz not null default now(),
  created_by bigint references users(id),
  unique (tenant_id, code, version)
);
create index index_frameworks_in_force on index_frameworks (tenant_id, effective_from desc);
