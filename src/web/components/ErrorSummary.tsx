import type { RefObject } from 'react';
import { Alert } from './Alert.js';

export interface SummaryItem {
  /** The id of the field to focus when the line is followed. */
  target: string;
  text: string;
}

/**
 * The error summary above a form (GOV.UK pattern): announced at once (role="alert"), focused by
 * the caller after a refused submission, each line a link that moves focus to its field.
 * `message` is the server's sentence when it refused: the heading when no field is named,
 * otherwise a paragraph under the lines.
 */
export function ErrorSummary({
  items,
  title,
  message,
  summaryRef,
}: {
  items: SummaryItem[];
  /** The heading over field problems ("Có lỗi trong biểu mẫu"). */
  title: string;
  message?: string | null;
  summaryRef: RefObject<HTMLDivElement | null>;
}) {
  return (
    <div ref={summaryRef} tabIndex={-1} className="error-summary">
      {items.length > 0 || message ? (
        <Alert tone="error" title={items.length > 0 ? title : (message ?? title)}>
          {items.length > 0 ? (
            <ul>
              {items.map((item) => (
                <li key={`${item.target}-${item.text}`}>
                  <a
                    href={`#${item.target}`}
                    onClick={(event) => {
                      event.preventDefault();
                      document.getElementById(item.target)?.focus();
                    }}
                  >
                    {item.text}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
          {items.length > 0 && message ? <p>{message}</p> : null}
        </Alert>
      ) : null}
    </div>
  );
}
