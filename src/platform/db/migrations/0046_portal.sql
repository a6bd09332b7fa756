-- Citizen portal: per-dossier satisfaction ratings on the five SIPAS elements (DOMAIN §8) and
-- the notifications an applicant was sent, shown in their account.

create table dossier_ratings (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  dossier_id bigint not null unique references dossiers(id),
  user_id bigint references users(id),
  -- 1 very dissatisfied … 5 very satisfied, per SIPAS element; feedback handling may be
  -- left out by an applicant who gave no feedback.
  access smallint not null check (access between 1 and 5),
  procedure smallint not null check (procedure between 1 and 5),
  staff smallint not null check (staff between 1 and 5),
  result smallint not null check (result between 1 and 5),
  feedback smallint check (feedback between 1 and 5),
  comment text check (length(comment) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index dossier_ratings_tenant on dossier_ratings (tenant_id, created_at);

create table notifications (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  user_id bigint references users(id),
  dossier_id bigint references dossiers(id),
  event text not null,
  title text not null,
  body text not null,
  -- Where it went: [{channel: 'sms'|'email', to: masked, outboxId}]
  channels jsonb not null default '[]',
  dedupe_key text not null unique,
  created_at timestamptz not null default now(),
  read_at timestamptz
);
create index notifications_user on notifications (user_id, created_at desc);
create index notifications_dossier on notifications (dossier_id);
