-- Procedure catalogue (thủ tục hành chính, DOMAIN §3). A procedure is a stable code; its
-- content lives in versions that take effect from a date, and a dossier keeps the version it
-- was received under.

create table procedures (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  code text not null,
  status text not null default 'active' check (status in ('active', 'retired')),
  retired_at timestamptz,
  created_at timestamptz not null default now(),
  unique (tenant_id, code)
);

create table procedure_versions (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  procedure_id bigint not null references procedures(id),
  version integer not null,
  effective_from timestamptz not null,
  name text not null,
  name_en text,
  -- Lower-case, diacritics removed (đ → d): "giay phep xay dung" finds "Giấy phép xây dựng".
  search_text text not null,
  field_code text,
  field_name text,
  level text not null check (level in ('province', 'commune', 'ministry', 'district')),
  agency_unit_id bigint references units(id),
  legal_limit numeric not null,
  promised_limit numeric not null,
  limit_unit text not null check (limit_unit in ('working_days', 'working_hours', 'same_day', 'calendar_days')),
  fee_amount numeric not null default 0,
  fees jsonb not null default '[]',
  components jsonb not null default '[]',
  result_type text not null default 'paper' check (result_type in ('paper', 'electronic', 'both', 'none')),
  online_level text not null default 'none' check (online_level in ('full', 'partial', 'none')),
  postal_in boolean not null default false,
  postal_out boolean not null default false,
  boundary_free boolean not null default false,
  applicant_kinds jsonb not null default '["individual","organisation"]',
  certification boolean not null default false,
  population_db boolean not null default false,
  legal_basis text,
  legal_effective_on date,
  announced_on date,
  published_on date,
  steps jsonb not null default '[]',
  created_at timestamptz not null default now(),
  created_by bigint references users(id),
  unique (procedure_id, version)
);
create index procedure_versions_current on procedure_versions (procedure_id, effective_from desc);
create index procedure_versions_tenant on procedure_versions (tenant_id);
