-- Public information (docs/public-information.md): a deleted hotline or reception session is
-- kept, marked deleted, so whoever may delete it can restore it (no time limit: the rows are
-- published information, few, and the audit log keeps them anyway). deleted_at takes it out of
-- the public pages, the .ics, the CSV export and the statistics; deleted_by is null when the
-- operator deleted it from the command line. Restoring clears both.

alter table hotlines
  add column deleted_at timestamptz,
  add column deleted_by bigint references users(id);

alter table reception_sessions
  add column deleted_at timestamptz,
  add column deleted_by bigint references users(id);

-- The deleted lists, newest first.
create index hotlines_deleted on hotlines (tenant_id, deleted_at) where deleted_at is not null;
create index reception_sessions_deleted on reception_sessions (tenant_id, deleted_at)
  where deleted_at is not null;
