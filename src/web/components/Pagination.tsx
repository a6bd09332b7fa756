import { useTranslation } from 'react-i18next';

export interface PaginationProps {
  /** 1-based. */
  page: number;
  pageSize: number;
  total: number;
  onPageChange: (page: number) => void;
}

/** Which page numbers to show: first, last, and two around the current one, with gaps. */
export function pageWindow(page: number, pages: number): Array<number | 'gap'> {
  const shown = new Set([1, pages, page - 1, page, page + 1].filter((p) => p >= 1 && p <= pages));
  const sorted = [...shown].sort((a, b) => a - b);
  const result: Array<number | 'gap'> = [];
  for (const [index, value] of sorted.entries()) {
    if (index > 0 && value - sorted[index - 1]! > 1) result.push('gap');
    result.push(value);
  }
  return result;
}

/** "Hiển thị 21–40 trên 312" and page buttons inside a labelled <nav>. */
export function Pagination({ page, pageSize, total, onPageChange }: PaginationProps) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <nav className="pagination" aria-label={t('common:pagination')}>
      <p className="pagination-summary">{t('common:showing', { from, to, total })}</p>
      <ul>
        <li>
          <button
            type="button"
            className="btn btn-secondary btn-small"
            disabled={page <= 1}
            onClick={() => onPageChange(page - 1)}
          >
            <span aria-hidden="true">‹ </span>
            {t('common:previous')}
          </button>
        </li>
        {pageWindow(page, pages).map((item, index) =>
          item === 'gap' ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: gaps have no identity of their own.
            <li key={`gap-${index}`} aria-hidden="true" className="pagination-gap">
              …
            </li>
          ) : (
            <li key={item}>
              <button
                type="button"
                className={`btn btn-small ${item === page ? 'btn-primary' : 'btn-secondary'}`}
                aria-current={item === page ? 'page' : undefined}
                aria-label={t('common:page', { page: item })}
                onClick={() => onPageChange(item)}
              >
                {item}
              </button>
            </li>
          ),
        )}
        <li>
          <button
            type="button"
            className="btn btn-secondary btn-small"
            disabled={page >= pages}
            onClick={() => onPageChange(page + 1)}
          >
            {t('common:next')}
            <span aria-hidden="true"> ›</span>
          </button>
        </li>
      </ul>
    </nav>
  );
}
