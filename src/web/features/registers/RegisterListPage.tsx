import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type Role, useAuth } from '../../auth.js';
import type { Column } from '../../components/DataTable.js';
import { PageTitle } from '../../components/PageTitle.js';
import type { Paged } from './api.js';
import { RegistersNav, useUnits } from './Bits.js';
import { FilterForm, yearAndUnitFilters } from './FilterForm.js';
import { PagedResults, usePagedList } from './PagedList.js';
import {
  type Restorable,
  type RestoreOptions,
  useRestoreColumn,
  withdrawnReasonColumn,
} from './RestoreColumn.js';
import { useListParams } from './useListParams.js';
import { Notice, WithdrawnListHeading } from './Withdraw.js';

// The filters in the address, in the order the address and the request name them.
const WITH_STATE = ['year', 'unit', 'state', 'withdrawn'] as const;
const WITHOUT_STATE = ['year', 'unit', 'withdrawn'] as const;

/**
 * A register's list page (initiatives, inspections, plans): the filters and page kept in the
 * address, the count, CSV, table (cards on a phone) and pages, and the link to a new record for
 * those who may create one. For the reform office, the switch to the records withdrawn from the
 * register, which says why each was withdrawn and puts one back with a reason.
 */
export function RegisterListPage<T extends Restorable>({
  heading,
  states,
  load,
  columns,
  csvPath,
  create,
  restore,
  children,
}: {
  /** The register's name: the list's heading and its table's caption. */
  heading: string;
  /** The states the state filter offers; without them the list has no state filter. */
  states?: readonly string[];
  load: (query: Record<string, string | number | undefined>) => Promise<Paged<T>>;
  /** The register's own columns; the withdrawn list adds the reason and the restore. */
  columns: Column<T>[];
  csvPath: string;
  create: { to: string; label: string; roles: Role[] };
  restore: RestoreOptions<T>;
  /** What the page shows below the list. */
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation('registers');
  const { hasRole } = useAuth();
  const keys = states ? WITH_STATE : WITHOUT_STATE;
  const { applied, page, apply, key } = useListParams<(typeof WITH_STATE)[number]>(keys);
  const { covered } = useUnits(['specialist', 'leader', 'reform_office']);
  const { list, error, reload } = usePagedList(key, keys, load);
  const showingWithdrawn = applied.withdrawn === 'true';
  const restoreColumn = useRestoreColumn({ ...restore, reload });
  const shown = [...columns];
  if (showingWithdrawn) shown.push(withdrawnReasonColumn(t));
  if (showingWithdrawn && hasRole('reform_office')) shown.push(restoreColumn.column);

  return (
    <div className="rg">
      <PageTitle title={t('title')} subtitle={t('subtitle')} />
      <RegistersNav />
      <Notice text={restoreColumn.notice} />
      <WithdrawnListHeading
        title={heading}
        showing={showingWithdrawn}
        onToggle={(next) => apply({ ...applied, withdrawn: next ? 'true' : '' })}
      />
      {hasRole(...create.roles) ? (
        <p className="actions">
          <Link className="btn btn-primary" to={create.to}>
            {create.label}
          </Link>
        </p>
      ) : null}
      <FilterForm
        applied={applied}
        onApply={apply}
        fields={[
          ...yearAndUnitFilters(t, covered, i18n.language),
          ...(states
            ? [
                {
                  name: 'state' as const,
                  label: t('common.state'),
                  options: states.map((s) => ({ value: s, label: t(`state.${s}`) })),
                },
              ]
            : []),
        ]}
      />
      <PagedResults
        list={list}
        error={error}
        caption={heading}
        columns={shown}
        csvPath={csvPath}
        search={key}
        page={page}
        onPageChange={(p) => apply(applied, p)}
      />
      {children}
    </div>
  );
}
