import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface Column<T> {
  /** Unique; also the row property read when there is no `render` / `sortValue`. */
  key: string;
  header: ReactNode;
  /** The cell's content; defaults to `String(row[key])`. */
  render?: (row: T) => ReactNode;
  sortable?: boolean;
  /** What the column sorts by (client-side sorting); defaults to `row[key]`. */
  sortValue?: (row: T) => string | number | null | undefined;
  align?: 'start' | 'end';
  /** Makes this column's cells row headers (<th scope="row">), e.g. the code column. */
  rowHeader?: boolean;
}

export interface SortState {
  key: string;
  direction: 'asc' | 'desc';
}

export interface DataTableProps<T> {
  /** Required: names the table for screen readers; shown above it unless `captionHidden`. */
  caption: string;
  captionHidden?: boolean;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string | number;
  /** Controlled sorting (e.g. server-side): give both. Without them the table sorts itself. */
  sort?: SortState | null;
  onSortChange?: (sort: SortState) => void;
  /** Shown in place of the rows when there are none (defaults to "Không có dữ liệu"). */
  empty?: ReactNode;
}

function readValue<T>(row: T, column: Column<T>): unknown {
  return column.sortValue ? column.sortValue(row) : (row as Record<string, unknown>)[column.key];
}

const collator = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/**
 * A table with a caption, column headers that sort on click or Enter (aria-sort tells screen
 * readers), and a horizontally scrollable, keyboard-focusable frame on narrow screens.
 */
export function DataTable<T>({
  caption,
  captionHidden,
  columns,
  rows,
  rowKey,
  sort,
  onSortChange,
  empty,
}: DataTableProps<T>) {
  const { t } = useTranslation();
  const [ownSort, setOwnSort] = useState<SortState | null>(null);
  const controlled = onSortChange !== undefined;
  const activeSort = controlled ? (sort ?? null) : ownSort;

  const sorted = useMemo(() => {
    if (controlled || !activeSort) return rows;
    const column = columns.find((c) => c.key === activeSort.key);
    if (!column) return rows;
    const factor = activeSort.direction === 'asc' ? 1 : -1;
    return [...rows].sort((a, b) => factor * compare(readValue(a, column), readValue(b, column)));
  }, [rows, columns, activeSort, controlled]);

  const toggle = (key: string) => {
    const next: SortState = {
      key,
      direction: activeSort?.key === key && activeSort.direction === 'asc' ? 'desc' : 'asc',
    };
    if (controlled) onSortChange(next);
    else setOwnSort(next);
  };

  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1).
    <section className="table-frame" aria-label={caption} tabIndex={0}>
      <table className="data-table">
        <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => {
              const direction = activeSort?.key === column.key ? activeSort.direction : null;
              return (
                <th
                  key={column.key}
                  scope="col"
                  className={column.align === 'end' ? 'align-end' : undefined}
                  aria-sort={
                    column.sortable
                      ? direction === 'asc'
                        ? 'ascending'
                        : direction === 'desc'
                          ? 'descending'
                          : 'none'
                      : undefined
                  }
                >
                  {column.sortable ? (
                    <button
                      type="button"
                      className="sort-button"
                      onClick={() => toggle(column.key)}
                    >
                      {column.header}
                      <span aria-hidden="true" className="sort-icon">
                        {direction === 'asc' ? '▲' : direction === 'desc' ? '▼' : '↕'}
                      </span>
                    </button>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="table-empty">
                {empty ?? t('common:empty')}
              </td>
            </tr>
          ) : (
            sorted.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((column) => {
                  const content = column.render
                    ? column.render(row)
                    : String((row as Record<string, unknown>)[column.key] ?? '');
                  const className = column.align === 'end' ? 'align-end' : undefined;
                  return column.rowHeader ? (
                    <th key={column.key} scope="row" className={className}>
                      {content}
                    </th>
                  ) : (
                    <td key={column.key} className={className}>
                      {content}
                    </td>
                  );
                })}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </section>
  );
}
