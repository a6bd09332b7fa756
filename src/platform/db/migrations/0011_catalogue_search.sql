-- Catalogue additions (issue 3): the name of the result a procedure produces and a note saying
-- why a version was made; indexes for the listing and the public look-up.
--
-- Search strategy (no pg_trgm, which PGlite does not ship): search_text holds the folded
-- (lower case, diacritics removed, đ → d) code, name and English name; a query is folded the
-- same way and every word must appear (`like '%word%'`). A province has a few thousand
-- procedures, so the scan over one tenant's current versions stays in milliseconds on both
-- engines; the indexes below narrow it to the tenant and status first.

alter table procedure_versions add column result_name text;
alter table procedure_versions add column change_note text;

create index procedures_tenant_status on procedures (tenant_id, status, code);
create index procedure_versions_tenant_field on procedure_versions (tenant_id, field_code);
