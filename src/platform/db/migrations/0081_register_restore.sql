-- Governance registers: undoing a withdrawal, and withdrawing headcount rows (docs/registers.md).
--
-- The reform office restores a withdrawn record with a written reason; what was withdrawn with
-- it by the cascade (an inspection's recommendations, a plan's tasks) comes back with it, and
-- only that: a recommendation or task withdrawn earlier on its own stays withdrawn. So each of
-- those rows says whether it left with its parent. The reason of a restore is kept in the
-- history and the audit log, like every other step.

alter table register_recommendations
  add column withdrawn_along boolean not null default false,
  add constraint register_recommendations_withdrawn_along check (
    withdrawn_at is not null or not withdrawn_along);

alter table register_plan_tasks
  add column withdrawn_along boolean not null default false,
  add constraint register_plan_tasks_withdrawn_along check (
    withdrawn_at is not null or not withdrawn_along);

-- Rows withdrawn by a cascade before this migration: their audit row names the parent
-- (after.along), written by the same transaction as the withdrawal.
update register_recommendations r
set withdrawn_along = true
where r.withdrawn_at is not null
  and exists (
    select 1 from audit_log a
    where a.stream = 'register_recommendation:' || r.id::text
      and a.action = 'registers.recommendation.withdraw'
      and a.data -> 'after' -> 'along' is not null);

update register_plan_tasks t
set withdrawn_along = true
where t.withdrawn_at is not null
  and exists (
    select 1 from audit_log a
    where a.stream = 'register_task:' || t.id::text
      and a.action = 'registers.task.withdraw'
      and a.data -> 'after' -> 'along' is not null);

-- A unit-year's headcount figures entered by mistake leave the register (and the totals and
-- shortfalls) like the other records; never deleted.
alter table register_headcounts
  add column withdrawn_at timestamptz,
  add column withdrawn_by bigint references users(id),
  add column withdrawn_reason text,
  add constraint register_headcounts_withdrawal check (
    withdrawn_at is null
    or (withdrawn_reason is not null and length(btrim(withdrawn_reason)) between 1 and 2000));
