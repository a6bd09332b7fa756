-- Foundation: tenants (provinces), the unit tree with lineage, people and access, sessions,
-- the audit chain and the transactional outbox. Every row belongs to a tenant.

create table tenants (
  id bigint generated always as identity primary key,
  code text not null unique,
  name text not null,
  name_en text,
  settings jsonb not null default '{}',
  created_at timestamptz not null default now()
);

-- Units form a tree of any depth and kind. `code` is the national agency identifier used in
-- dossier codes. Validity dates and lineage keep pre-2025 units (districts, merged provinces)
-- readable.
create table units (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  parent_id bigint references units(id),
  kind text not null,
  level text not null,
  code text not null,
  name text not null,
  name_en text,
  valid_from date,
  valid_to date,
  created_at timestamptz not null default now(),
  unique (tenant_id, code)
);
create index units_parent on units (parent_id);

-- Ancestor/descendant pairs (depth 0 = the unit itself), so subtree scopes and aggregates are
-- one indexed join whatever the depth.
create table unit_closure (
  tenant_id bigint not null references tenants(id),
  ancestor_id bigint not null references units(id),
  descendant_id bigint not null references units(id),
  depth integer not null,
  primary key (ancestor_id, descendant_id)
);
create index unit_closure_descendant on unit_closure (descendant_id);

create table unit_lineage (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  predecessor_id bigint not null references units(id),
  successor_id bigint not null references units(id),
  kind text not null check (kind in ('merged', 'split', 'renamed', 'transferred')),
  effective_on date not null,
  note text
);
create index unit_lineage_successor on unit_lineage (successor_id);
create index unit_lineage_predecessor on unit_lineage (predecessor_id);

create table users (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  kind text not null check (kind in ('staff', 'citizen', 'system')),
  username text,
  full_name text not null,
  email text,
  -- Personal data encrypted at rest; the *_hash columns (keyed HMAC) allow exact look-up.
  phone_enc text,
  phone_hash text,
  id_number_enc text,
  id_number_hash text,
  password_hash text,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  disabled_at timestamptz,
  created_at timestamptz not null default now()
);
create unique index users_username on users (tenant_id, lower(username)) where username is not null;
create index users_email on users (tenant_id, lower(email));
create index users_phone on users (tenant_id, phone_hash);

-- A role granted over a unit and its whole subtree. No grant, no access.
create table role_grants (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  user_id bigint not null references users(id),
  role text not null check (role in ('citizen', 'counter_officer', 'specialist', 'leader', 'reform_office', 'administrator')),
  unit_id bigint references units(id),
  created_at timestamptz not null default now(),
  unique (user_id, role, unit_id)
);

-- Server-side sessions; the cookie carries a random token whose hash is the key.
create table sessions (
  id text primary key,
  tenant_id bigint not null references tenants(id),
  user_id bigint not null references users(id),
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ip text,
  user_agent text
);
create index sessions_user on sessions (user_id);

create table otp_codes (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  destination_hash text not null,
  code_hash text not null,
  attempts integer not null default 0,
  expires_at timestamptz not null,
  consumed_at timestamptz,
  created_at timestamptz not null default now()
);
create index otp_codes_destination on otp_codes (tenant_id, destination_hash, created_at desc);

create table api_tokens (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  user_id bigint not null references users(id),
  name text not null,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

-- Append-only audit trail, hash-chained per stream (one stream per audited object), so
-- writers of different objects never wait on each other and an edit or deletion by hand
-- breaks the chain of that object: hash = sha256(prev_hash || canonical JSON of data).
create table audit_log (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  stream text not null,
  seq integer not null,
  at timestamptz not null default now(),
  actor_id bigint,
  unit_id bigint,
  action text not null,
  request_id text,
  data jsonb not null,
  prev_hash text,
  hash text not null,
  unique (stream, seq)
);
create index audit_log_tenant_at on audit_log (tenant_id, at);

-- Transactional outbox: written in the same transaction as the change it reports; a worker
-- delivers with FOR UPDATE SKIP LOCKED, retries with back-off and dead-letters.
create table outbox (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  topic text not null,
  payload jsonb not null,
  dedupe_key text,
  status text not null default 'pending' check (status in ('pending', 'sent', 'dead', 'dry_run')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  unique (topic, dedupe_key)
);
create index outbox_due on outbox (next_attempt_at) where status = 'pending';

-- Idempotency keys for creating requests: a retried request returns the first answer.
create table idempotency_keys (
  tenant_id bigint not null references tenants(id),
  key text not null,
  scope text not null,
  response jsonb,
  created_at timestamptz not null default now(),
  primary key (tenant_id, scope, key)
);

-- The working-day calendar of a tenant, one row per year (official, provisional, confirmed).
create table calendar_years (
  tenant_id bigint not null references tenants(id),
  year integer not null,
  status text not null check (status in ('official', 'provisional', 'confirmed')),
  spec jsonb not null,
  source text,
  updated_at timestamptz not null default now(),
  updated_by bigint references users(id),
  primary key (tenant_id, year)
);
