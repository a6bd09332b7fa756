import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert.js';
import type { Column } from '../../components/DataTable.js';
import { Pagination } from '../../components/Pagination.js';
import { Skeleton } from '../../components/Skeleton.js';
import type { Paged } from './api.js';
import { CsvLink, errorText, ItemList } from './Bits.js';

export const PAGE_SIZE = 20;

/**
 * One page of a register list for the filters in the address (`key`, from useListParams):
 * reloaded when they change or on `reload()`, an answer that arrives after a newer request is
 * dropped.
 */
export function usePagedList<T>(
  key: string,
  keys: readonly string[],
  load: (query: Record<string, string | number | undefined>) => Promise<Paged<T>>,
) {
  const [list, setList] = useState<Paged<T> | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Bumped to load the same page again after a change made from the list (a restore).
  const [tick, setTick] = useState(0);
  // The loader is a new closure each render; the list follows the address only.
  const loader = useRef(load);
  loader.current = load;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `keys` is a constant of the page.
  useEffect(() => {
    let live = true;
    const p = new URLSearchParams(key);
    setList(null);
    setError(null);
    const query: Record<string, string | number | undefined> = { pageSize: PAGE_SIZE };
    for (const k of [...keys, 'page']) query[k] = p.get(k) ?? undefined;
    loader.current(query).then(
      (r) => live && setList(r),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [key, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { list, error, reload };
}

/** The list's error, count, CSV link, table (cards on a phone) and pages. */
export function PagedResults<T extends { id: number }>(props: {
  list: Paged<T> | null;
  error: string | null;
  caption: string;
  columns: Column<T>[];
  csvPath: string;
  search: string;
  page: number;
  onPageChange: (page: number) => void;
}) {
  const { t } = useTranslation('registers');
  const { list, error } = props;
  return (
    <>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {list === null && !error ? <Skeleton lines={4} label={t('list.loading')} /> : null}
      {list ? (
        <>
          <p aria-live="polite">{t('list.count', { count: list.total })}</p>
          <p className="actions">
            <CsvLink path={props.csvPath} search={props.search} />
          </p>
          <ItemList
            caption={props.caption}
            columns={props.columns}
            rows={list.items}
            rowKey={(r) => r.id}
            empty={t('list.empty')}
          />
          {list.total > PAGE_SIZE ? (
            <Pagination
              page={props.page}
              pageSize={PAGE_SIZE}
              total={list.total}
              onPageChange={props.onPageChange}
            />
          ) : null}
        </>
      ) : null}
    </>
  );
}
