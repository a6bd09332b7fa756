-- Organisation: the unit tree is read per tenant (tree screens, scopes), lineage edges are
-- unique per (predecessor, successor, kind), and bad rows are refused by the database as well
-- as by the service.

create index units_tenant_parent on units (tenant_id, parent_id);
create index unit_closure_tenant_ancestor on unit_closure (tenant_id, ancestor_id, depth);

alter table units add constraint units_validity check (valid_to is null or valid_from is null or valid_to >= valid_from);
alter table units add constraint units_not_own_parent check (parent_id is null or parent_id <> id);

alter table unit_lineage add constraint unit_lineage_not_self check (predecessor_id <> successor_id);
create unique index unit_lineage_edge on unit_lineage (tenant_id, predecessor_id, successor_id, kind);
