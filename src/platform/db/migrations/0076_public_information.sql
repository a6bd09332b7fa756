-- Public information (DOMAIN §1, §9): the hotlines each unit publishes and the schedule of
-- citizen-reception sessions its leaders hold. Everything here is published; no personal data
-- beyond the receiving leader's name and title and official contact points.

create table hotlines (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  unit_id bigint not null references units(id),
  purpose text not null check (length(purpose) between 1 and 200),
  -- National digits only (0912345678, 02438221111, 18001096, 1022); grouped when shown.
  phone text not null check (phone ~ '^[0-9]{3,11}$'),
  email text check (email is null or length(email) between 3 and 254),
  hours text check (hours is null or length(hours) <= 200),
  person text check (person is null or length(person) <= 200),
  valid_from date not null,
  valid_to date,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (valid_to is null or valid_to >= valid_from)
);
create index hotlines_tenant_unit on hotlines (tenant_id, unit_id);

create table reception_sessions (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  unit_id bigint not null references units(id),
  leader_name text not null check (length(leader_name) between 1 and 200),
  leader_title text not null check (length(leader_title) between 1 and 200),
  -- Vietnam local date and wall times (HH:MM), as published.
  date date not null,
  start_time text not null check (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  end_time text not null check (end_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  place text not null check (length(place) between 1 and 300),
  notes text check (notes is null or length(notes) <= 2000),
  state text not null default 'scheduled'
    check (state in ('scheduled', 'held', 'cancelled', 'rescheduled')),
  -- Shown publicly on a cancelled session.
  cancel_reason text,
  citizens_received integer check (citizens_received is null or citizens_received >= 0),
  cases_noted integer check (cases_noted is null or cases_noted >= 0),
  outcome_notes text,
  -- A rescheduled session points at the session that replaces it, and back.
  moved_to_id bigint references reception_sessions(id),
  moved_from_id bigint references reception_sessions(id),
  -- The rule a planned session came from (`monthly 2 THU`), null when entered by hand.
  plan_rule text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (start_time < end_time),
  check (state <> 'cancelled' or length(trim(cancel_reason)) > 0),
  check (state <> 'rescheduled' or moved_to_id is not null)
);
create index reception_sessions_tenant_date on reception_sessions (tenant_id, date);
create index reception_sessions_unit_date on reception_sessions (unit_id, date);
