import type { ReactNode } from 'react';

/** What a list shows when it has nothing: a title, an explanation, and an optional action. */
export function EmptyState({
  title,
  children,
  action,
}: {
  title: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="empty-state">
      <svg width="48" height="48" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path
          d="M3 7h18v13H3zM3 7l3-4h12l3 4M9 12h6"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.5"
          strokeLinejoin="round"
        />
      </svg>
      <p className="empty-state-title">{title}</p>
      {children ? <div className="empty-state-text">{children}</div> : null}
      {action ? <div className="empty-state-action">{action}</div> : null}
    </div>
  );
}
