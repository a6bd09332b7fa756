-- People, access, the audit chain and the outbox: indexes for the queries they run, and the
-- audit log made append-only at the database level.

-- Expired sessions are purged by expiry; API tokens are listed per user.
create index sessions_expires on sessions (expires_at);
create index api_tokens_user on api_tokens (user_id);

-- Administrators page the outbox newest first, filtered by status and topic.
create index outbox_tenant_created on outbox (tenant_id, created_at desc, id desc);
create index outbox_tenant_status_topic on outbox (tenant_id, status, topic);

-- Audit rows are only ever inserted. Updating or deleting one needs the deliberate session
-- setting `set local motcua.audit_maintenance = 'on'` (or a superuser disabling the trigger);
-- either way `motcua audit verify` then shows which link was touched.
create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  if coalesce(current_setting('motcua.audit_maintenance', true), '') = 'on' then
    return case when tg_op = 'DELETE' then old else new end;
  end if;
  raise exception 'audit_log is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end;
$$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();
