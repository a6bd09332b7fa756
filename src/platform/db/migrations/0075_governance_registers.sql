-- Governance registers (DOMAIN §10, §1 "leaders act on weak indicators"): reform initiatives,
-- inspections with their written conclusion and recommendations, remediation plans with tasks
-- and progress reports. Overdue is derived from the due dates (calendar dates in Vietnam time)
-- when read, never stored. Every change also writes a row in register_events (the history
-- shown on each item's page) and an audit row.

-- Reform initiatives (sáng kiến CCHC): each agency should file at least one a year.
create table register_initiatives (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  unit_id bigint not null references units(id),
  year integer not null check (year between 2000 and 2100),
  title text not null check (length(title) between 1 and 300),
  summary text not null check (length(summary) between 1 and 10000),
  authors text not null check (length(authors) between 1 and 1000),
  state text not null default 'registered'
    check (state in ('registered', 'evaluated', 'recognised', 'not_recognised')),
  score numeric(5, 2) check (score between 0 and 100),
  evaluation_comment text,
  evaluated_at timestamptz,
  decided_at timestamptz,
  created_by bigint references users(id),
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index register_initiatives_year on register_initiatives (tenant_id, year, unit_id);

-- A recognised initiative replicated (nhân rộng) in other units.
create table register_replications (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  initiative_id bigint not null references register_initiatives(id),
  unit_id bigint not null references units(id),
  replicated_on date not null,
  created_at timestamptz not null,
  unique (initiative_id, unit_id)
);

-- Inspections (thanh tra, kiểm tra công vụ): planned → in progress → concluded, never concluded
-- without the written record (conclusion, notice or minutes).
create table register_inspections (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  inspected_unit_id bigint not null references units(id),
  inspecting_unit_id bigint references units(id),
  inspecting_body text not null check (length(inspecting_body) between 1 and 300),
  kind text not null check (kind in ('inspection', 'check')),
  planned_on date not null,
  scope text not null check (length(scope) between 1 and 5000),
  state text not null default 'planned' check (state in ('planned', 'in_progress', 'concluded')),
  started_at timestamptz,
  concluded_at timestamptz,
  conclusion_kind text check (conclusion_kind in ('conclusion', 'notice', 'minutes')),
  conclusion_number text,
  conclusion_date date,
  conclusion_text text,
  created_by bigint references users(id),
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  constraint register_inspection_concluded_has_record check (
    state <> 'concluded' or (conclusion_kind is not null and conclusion_number is not null
      and conclusion_date is not null and conclusion_text is not null))
);
create index register_inspections_unit on register_inspections (tenant_id, inspected_unit_id);

-- Recommendations (kiến nghị) of a concluded inspection, followed up to closure.
create table register_recommendations (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  inspection_id bigint not null references register_inspections(id),
  responsible_unit_id bigint not null references units(id),
  content text not null check (length(content) between 1 and 5000),
  due_on date not null,
  state text not null default 'open' check (state in ('open', 'done')),
  done_note text,
  done_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index register_recommendations_due on register_recommendations (tenant_id, state, due_on);
create index register_recommendations_inspection on register_recommendations (inspection_id);

-- Remediation plans (kế hoạch khắc phục) for a weak indicator, with tasks and progress reports.
create table register_plans (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  unit_id bigint not null references units(id),
  year integer not null check (year between 2000 and 2100),
  title text not null check (length(title) between 1 and 300),
  indicator text check (length(indicator) between 1 and 32),
  due_on date not null,
  created_by bigint references users(id),
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index register_plans_year on register_plans (tenant_id, year, unit_id);

create table register_plan_tasks (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  plan_id bigint not null references register_plans(id),
  title text not null check (length(title) between 1 and 1000),
  responsible_unit_id bigint not null references units(id),
  responsible_person text not null check (length(responsible_person) between 1 and 200),
  due_on date not null,
  status text not null default 'todo' check (status in ('todo', 'in_progress', 'done')),
  done_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index register_plan_tasks_due on register_plan_tasks (tenant_id, status, due_on);
create index register_plan_tasks_plan on register_plan_tasks (plan_id);

create table register_plan_reports (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  plan_id bigint not null references register_plans(id),
  reported_on date not null,
  text text not null check (length(text) between 1 and 10000),
  percent integer not null check (percent between 0 and 100),
  actor_id bigint references users(id),
  created_at timestamptz not null
);
create index register_plan_reports_plan on register_plan_reports (plan_id, reported_on);

-- Files (from the files module, claimed for the item) attached to any register item.
create table register_files (
  tenant_id bigint not null references tenants(id),
  entity text not null check (entity in ('initiative', 'inspection', 'recommendation')),
  entity_id bigint not null,
  file_id bigint not null references stored_files(id),
  primary key (entity, entity_id, file_id)
);
create index register_files_file on register_files (file_id);

-- The history of every register item: what was done, by whom, when.
create table register_events (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  entity text not null
    check (entity in ('initiative', 'inspection', 'recommendation', 'plan', 'task', 'headcount')),
  entity_id bigint not null,
  action text not null,
  from_state text,
  to_state text,
  actor_id bigint references users(id),
  note text,
  at timestamptz not null
);
create index register_events_entity on register_events (entity, entity_id, at);

-- Organisation and headcount (tổ chức bộ máy, biên chế): per unit and year, the headcount
-- assigned (biên chế được giao), the staff in post, the reduction target of the year (chỉ tiêu
-- tinh giản) and the posts actually cut. One row per unit and year, corrected in place (each
-- correction is in the history and the audit log).
create table register_headcounts (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  unit_id bigint not null references units(id),
  year integer not null check (year between 2000 and 2100),
  assigned integer not null check (assigned between 0 and 1000000),
  in_post integer check (in_post between 0 and 1000000),
  reduction_target integer not null default 0 check (reduction_target between 0 and 1000000),
  reduced integer not null default 0 check (reduced between 0 and 1000000),
  note text check (length(note) <= 2000),
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (tenant_id, unit_id, year)
);
