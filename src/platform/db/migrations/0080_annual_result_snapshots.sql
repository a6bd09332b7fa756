-- Published annual CCHC index results, frozen (docs/annual-index.md, Results). When the cycle
-- advances to provisional and again to final, the whole ranking as published — every
-- participating unit's totals, fields, ranks, band, peer group, change against last year and its
-- explanation, plus its points per sub-criterion, which next year's change compares with — is
-- stored here in the same transaction as the advance, and every published read answers from it.
-- A published rank must not move when a unit is later renamed, merged or reclassified, a
-- framework threshold or a register item changes: the recorded points stay the reform office's
-- working data, the snapshot is what was published.

create table annual_result_snapshots (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  cycle_id bigint not null references annual_cycles(id),
  stage text not null check (stage in ('provisional', 'final')),
  published_at timestamptz not null,
  -- { previousYear, units: [...] } as src/modules/annual/annual.ranking.ts writes it.
  ranking jsonb not null,
  unique (cycle_id, stage)
);
create index annual_result_snapshots_tenant on annual_result_snapshots (tenant_id);
