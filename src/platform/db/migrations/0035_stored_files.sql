-- Files uploaded before anything owns them (a citizen's scans while filling an online
-- application, an officer's scans at the counter) and files the system generates. The bytes
-- live in the file store under `storage_key` (random, never the user's name); a capability
-- that takes a file over (a dossier component, a feedback attachment) claims the row, and
-- unclaimed uploads are purged after a day.
create table stored_files (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  storage_key text not null unique,
  name text not null,
  mime text not null,
  size bigint not null check (size >= 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  source text not null default 'upload' check (source in ('upload', 'generated')),
  uploaded_by bigint references users(id),
  created_at timestamptz not null default now(),
  claimed_at timestamptz,
  claimed_for text
);
create index stored_files_uploader on stored_files (tenant_id, uploaded_by, created_at desc);
create index stored_files_unclaimed on stored_files (created_at) where claimed_at is null;
