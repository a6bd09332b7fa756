-- Governance registers: withdrawal of a record entered by mistake (docs/registers.md). The
-- reform office withdraws it with a written reason; the row is never deleted. It keeps its
-- state (a recognised initiative stays recognised, a concluded inspection keeps its record) and
-- its history; withdrawn_at marks it out of the lists, the CSV exports and the counts other
-- modules read (the annual index). A withdrawn inspection's recommendations and a withdrawn
-- plan's tasks are withdrawn with it. withdrawn_by is null when the operator withdrew it from the
-- command line.

alter table register_initiatives
  add column withdrawn_at timestamptz,
  add column withdrawn_by bigint references users(id),
  add column withdrawn_reason text,
  add constraint register_initiatives_withdrawal check (
    withdrawn_at is null
    or (withdrawn_reason is not null and length(btrim(withdrawn_reason)) between 1 and 2000));

alter table register_inspections
  add column withdrawn_at timestamptz,
  add column withdrawn_by bigint references users(id),
  add column withdrawn_reason text,
  add constraint register_inspections_withdrawal check (
    withdrawn_at is null
    or (withdrawn_reason is not null and length(btrim(withdrawn_reason)) between 1 and 2000));

alter table register_recommendations
  add column withdrawn_at timestamptz,
  add column withdrawn_by bigint references users(id),
  add column withdrawn_reason text,
  add constraint register_recommendations_withdrawal check (
    withdrawn_at is null
    or (withdrawn_reason is not null and length(btrim(withdrawn_reason)) between 1 and 2000));

alter table register_plans
  add column withdrawn_at timestamptz,
  add column withdrawn_by bigint references users(id),
  add column withdrawn_reason text,
  add constraint register_plans_withdrawal check (
    withdrawn_at is null
    or (withdrawn_reason is not null and length(btrim(withdrawn_reason)) between 1 and 2000));

alter table register_plan_tasks
  add column withdrawn_at timestamptz,
  add column withdrawn_by bigint references users(id),
  add column withdrawn_reason text,
  add constraint register_plan_tasks_withdrawal check (
    withdrawn_at is null
    or (withdrawn_reason is not null and length(btrim(withdrawn_reason)) between 1 and 2000));
