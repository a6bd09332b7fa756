-- Dossiers (hồ sơ, DOMAIN §4) and their history, documents and gap-free code counters.
--
-- The legal clock is stored as its ledger (`clock`, the ClockLedger of src/domain/calendar);
-- `due_at`, `original_due_at`, `paused_since`, `supplement_count`, `extended`, `finished_at`
-- are DERIVED from it and written in the same statement as the ledger, so queues and the
-- service index can use plain indexed columns. Overdue and the statistical class are never
-- stored: they are computed in queries from these facts (docs/dossiers.md, "Derived columns").

create table dossiers (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  -- <agency identifier>-<YYMMDD>-<NNNN>; null until registered (online drafts and submissions,
  -- dossiers sent back for supplement or refused at reception never consume a number).
  code text,
  status text not null check (status in (
    'draft', 'submitted', 'reception_supplement', 'not_accepted', 'received', 'in_appraisal',
    'in_consultation', 'awaiting_supplement', 'awaiting_approval', 'result_ready', 'returned',
    'stopped', 'withdrawn')),
  -- Optimistic concurrency: every transition writes `where version = <read version>`.
  version integer not null default 1,
  -- The one-stop unit that received it: the dossier counts in THIS unit's index.
  receiving_unit_id bigint not null references units(id),
  -- The processing agency (procedure version's agency, else the receiving unit).
  agency_unit_id bigint not null references units(id),
  -- Where the dossier is now (the unit whose queue shows it) and the template step it is on.
  current_unit_id bigint not null references units(id),
  step_index integer,
  step_code text,
  step_role text,
  step_started_at timestamptz,
  step_due_at timestamptz,
  assignee_id bigint references users(id),
  procedure_id bigint not null references procedures(id),
  -- The version in force at reception; a dossier keeps it for life (DOMAIN §3).
  procedure_version_id bigint not null references procedure_versions(id),
  -- 1 in person, 2 online, 3 public postal service (DOMAIN §4; empty counts as 1).
  channel smallint not null default 1 check (channel in (1, 2, 3)),
  applicant_kind text not null check (applicant_kind in ('individual', 'organisation')),
  applicant_name text not null,
  -- Lower-case, diacritics folded, for search.
  applicant_search text not null default '',
  -- Citizen ID (12 digits) or an organisation's representative ID: encrypted, plus a keyed
  -- hash for exact look-up and the last 4 digits for display.
  applicant_id_enc text,
  applicant_id_hash text,
  applicant_id_last4 text,
  -- An organisation's tax code is public registration data, kept in clear.
  applicant_tax_code text,
  applicant_phone_enc text,
  applicant_phone_hash text,
  applicant_email text,
  applicant_address text,
  applicant_user_id bigint references users(id),
  delivery text not null default 'counter' check (delivery in ('counter', 'post', 'electronic')),
  delivery_address text,
  -- The legal clock ledger; null before reception.
  clock jsonb,
  received_at timestamptz,
  due_at timestamptz,
  original_due_at timestamptz,
  paused_since timestamptz,
  supplement_count integer not null default 0,
  extended boolean not null default false,
  -- A proposed extension awaiting the leader ({dueAt, reason, by, at}); null otherwise.
  extension_request jsonb,
  -- The decision the specialist proposed to the leader: approved | refused.
  proposed_outcome text check (proposed_outcome in ('approved', 'refused')),
  finished_at timestamptz,
  returned_at timestamptz,
  outcome text check (outcome in ('approved', 'refused', 'stopped', 'withdrawn')),
  -- Facts the real-time service index counts (Decision 766/QĐ-TTg, DOMAIN §6). The
  -- procedure facts are copied from the version at reception so the index never joins it.
  fee_amount numeric not null default 0,
  online_level text not null default 'none' check (online_level in ('full', 'partial', 'none')),
  result_required boolean not null default true,
  certification boolean not null default false,
  synced boolean not null default false,
  synced_at timestamptz,
  paid_online boolean not null default false,
  digitised boolean not null default false,
  e_result boolean not null default false,
  e_certified boolean not null default false,
  reused boolean not null default false,
  citizen_store boolean not null default false,
  population_db boolean not null default false,
  complaint boolean not null default false,
  rating smallint check (rating between 1 and 5),
  source text not null default 'native' check (source in ('native', 'import')),
  created_by bigint references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, code)
);

-- Work queues: a unit's open dossiers by status and due date.
create index dossiers_queue on dossiers (tenant_id, current_unit_id, status, due_at);
create index dossiers_open_due on dossiers (tenant_id, current_unit_id, due_at) where finished_at is null;
create index dossiers_assignee on dossiers (assignee_id, status) where finished_at is null;
-- The service index: dossiers received / finished per unit and period.
create index dossiers_unit_received on dossiers (tenant_id, receiving_unit_id, received_at);
create index dossiers_unit_finished on dossiers (tenant_id, receiving_unit_id, finished_at);
create index dossiers_agency_received on dossiers (tenant_id, agency_unit_id, received_at);
create index dossiers_procedure on dossiers (tenant_id, procedure_id, received_at);
create index dossiers_applicant_id on dossiers (tenant_id, applicant_id_hash) where applicant_id_hash is not null;
create index dossiers_applicant_user on dossiers (applicant_user_id) where applicant_user_id is not null;

-- History: one row per transition, numbered per dossier without gaps. Form 06 (the
-- process-control slip) is read from here.
create table dossier_events (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  dossier_id bigint not null references dossiers(id),
  seq integer not null,
  action text not null,
  from_status text,
  to_status text not null,
  step_code text,
  from_unit_id bigint,
  to_unit_id bigint,
  assignee_id bigint,
  actor_id bigint,
  at timestamptz not null,
  note text,
  -- The allotment deadline of the step this event ends, and whether it ended in time.
  step_due_at timestamptz,
  on_time boolean,
  outbox_id bigint,
  data jsonb not null default '{}',
  unique (dossier_id, seq)
);
create index dossier_events_tenant_at on dossier_events (tenant_id, at);

-- Files of a dossier: submitted components, supplements, results, generated forms. A file
-- uploaded before registration is staged (dossier_id null) and attached on reception.
create table dossier_documents (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  dossier_id bigint references dossiers(id),
  kind text not null check (kind in ('component', 'supplement', 'result', 'form', 'other')),
  component_code text,
  form_code text,
  storage_key text not null,
  name text not null,
  mime text not null,
  size bigint not null,
  sha256 text not null,
  digitised boolean not null default false,
  reused boolean not null default false,
  electronic boolean not null default false,
  signed boolean not null default false,
  signature jsonb,
  uploaded_by bigint references users(id),
  created_at timestamptz not null default now()
);
create index dossier_documents_dossier on dossier_documents (dossier_id);
create index dossier_documents_staged on dossier_documents (tenant_id, uploaded_by) where dossier_id is null;

-- Gap-free sequence per agency identifier per local day (Asia/Ho_Chi_Minh). Incremented by
-- `insert … on conflict do update … returning last` inside the registration transaction, so
-- a rolled-back registration gives its number back.
create table dossier_code_counters (
  tenant_id bigint not null references tenants(id),
  agency_code text not null,
  day date not null,
  last integer not null,
  primary key (tenant_id, agency_code, day)
);
