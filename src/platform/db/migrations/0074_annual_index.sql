-- Annual CCHC index (PAR INDEX style, DOMAIN §7): one cycle per tenant and year carrying its
-- framework (validated JSON: fields → criteria → sub-criteria), the points each participating
-- unit gets per sub-criterion from each source, the units' submissions and their contests.
-- Totals, ranks and bands are derived from these rows (src/domain/annual), never stored.

create table annual_cycles (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  year integer not null check (year between 2000 and 2100),
  state text not null default 'draft'
    check (state in ('draft', 'self_assessment', 'appraisal', 'provisional', 'final')),
  framework jsonb not null,
  -- Whole days (Vietnam time): work is accepted up to the end of the day.
  self_assessment_deadline date,
  contest_deadline date,
  framework_published_at timestamptz,
  provisional_published_at timestamptz,
  final_published_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, year)
);

create table annual_scores (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  cycle_id bigint not null references annual_cycles(id),
  unit_id bigint not null references units(id),
  subcriterion_id text not null,
  self_points numeric(7, 2),
  evidence text check (length(evidence) <= 5000),
  evidence_file_ids jsonb not null default '[]',
  self_updated_by bigint references users(id),
  self_updated_at timestamptz,
  appraised_points numeric(7, 2),
  appraisal_reason text check (length(appraisal_reason) <= 2000),
  appraised_by bigint references users(id),
  appraised_at timestamptz,
  survey_points numeric(7, 2),
  auto_points numeric(7, 2),
  -- The metric's rate in percent behind auto_points; null = no data for the unit.
  auto_rate numeric(7, 2),
  contest_points numeric(7, 2),
  unique (cycle_id, unit_id, subcriterion_id)
);
create index annual_scores_unit on annual_scores (tenant_id, unit_id);

create table annual_submissions (
  cycle_id bigint not null references annual_cycles(id),
  unit_id bigint not null references units(id),
  tenant_id bigint not null references tenants(id),
  submitted_by bigint references users(id),
  submitted_at timestamptz not null,
  primary key (cycle_id, unit_id)
);

create table annual_contests (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  cycle_id bigint not null references annual_cycles(id),
  unit_id bigint not null references units(id),
  subcriterion_id text not null,
  reason text not null check (length(reason) between 1 and 2000),
  state text not null default 'open' check (state in ('open', 'upheld', 'rejected')),
  answer text check (length(answer) <= 2000),
  new_points numeric(7, 2),
  filed_by bigint references users(id),
  filed_at timestamptz not null,
  answered_by bigint references users(id),
  answered_at timestamptz
);
-- One open contest per unit and sub-criterion at a time.
create unique index annual_contests_open on annual_contests (cycle_id, unit_id, subcriterion_id)
  where state = 'open';
