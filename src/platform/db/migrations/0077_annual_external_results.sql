-- External results of the province in national indices (DOMAIN §7 last point): its own PAR
-- INDEX, SIPAS, PAPI, PCI… score and rank per year, imported by the reform office and shown as
-- trends beside the internal annual index. The index codes are checked in src/domain/annual
-- (external.ts), so a new national index needs no migration.

create table annual_external_results (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  index_code text not null check (index_code ~ '^[a-z][a-z0-9_]{1,31}$'),
  year integer not null check (year between 2000 and 2100),
  score numeric(7, 2) check (score between 0 and 100),
  rank integer check (rank >= 1),
  -- How many provinces were ranked: 63 before the 2025 merger, 34 from 2025.
  out_of integer check (out_of >= 1),
  note text check (length(note) <= 500),
  updated_by bigint references users(id),
  updated_at timestamptz not null default now(),
  unique (tenant_id, index_code, year),
  check (rank is null or out_of is null or rank <= out_of)
);
