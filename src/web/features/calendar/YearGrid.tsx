import { type KeyboardEvent, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type DayStatus,
  dayStatus,
  GRID_WEEKDAYS,
  monthWeeks,
  moveFocus,
  type YearSpec,
} from './calendarGrid.js';

export interface YearGridProps {
  year: number;
  spec: YearSpec;
  /** Holiday names by date, read out with the day. */
  names: Map<string, string>;
  today: string;
  /** Toggling is offered only when given. */
  onToggle?: (date: string) => void;
  focused: string;
  onFocusChange: (date: string) => void;
}

const MARK: Record<DayStatus, string | null> = {
  working: null,
  weekend: 'markWeekend',
  off: 'markOff',
  extra: 'markExtra',
};
const LABEL: Record<DayStatus, string> = {
  working: 'dayWorking',
  weekend: 'dayWeekend',
  off: 'dayOff',
  extra: 'dayExtra',
};

/**
 * Twelve month grids (ARIA grid pattern): one day is in the tab order, the arrow keys, Home,
 * End, Page Up and Page Down move between days across months, Enter or Space toggles. Every
 * status has a visible text mark as well as a colour, and each day's accessible name says
 * its weekday, date, status and holiday name.
 */
export function YearGrid({
  year,
  spec,
  names,
  today,
  onToggle,
  focused,
  onFocusChange,
}: YearGridProps) {
  const { t, i18n } = useTranslation('calendar');
  const container = useRef<HTMLDivElement>(null);
  const moved = useRef(false);
  const weekdayShort = t('weekdayShort', { returnObjects: true }) as string[];
  const weekdayLong = t('weekdayLong', { returnObjects: true }) as string[];

  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    container.current?.querySelector<HTMLElement>(`[data-date="${focused}"]`)?.focus();
  }, [focused]);

  const onKeyDown = (event: KeyboardEvent<HTMLElement>, date: string) => {
    const next = moveFocus(date, event.key, year);
    if (next !== null) {
      event.preventDefault();
      moved.current = true;
      onFocusChange(next);
    }
  };

  const monthFormat = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'vi-VN', {
    month: 'long',
    timeZone: 'UTC',
  });

  return (
    <div className="cal-year" ref={container}>
      {Array.from({ length: 12 }, (_, i) => i + 1).map((month) => {
        const monthLabel = `${monthFormat.format(new Date(Date.UTC(year, month - 1, 1)))} ${year}`;
        return (
          <table
            key={month}
            className="cal-month"
            // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: ARIA grid pattern on a table (APG date grid).
            role="grid"
            aria-label={monthLabel}
            aria-readonly={onToggle ? undefined : true}
          >
            <caption>{monthLabel}</caption>
            <thead>
              <tr>
                {GRID_WEEKDAYS.map((d) => (
                  <th key={d} scope="col" abbr={weekdayLong[d]}>
                    {weekdayShort[d]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {monthWeeks(year, month).map((week) => (
                <tr key={week.find(Boolean) ?? month}>
                  {week.map((date, col) => {
                    // biome-ignore lint/suspicious/noArrayIndexKey: an empty cell has no identity but its column.
                    if (!date) return <td key={`empty-${col}`} className="cal-empty" />;
                    const status = dayStatus(spec, date);
                    const mark = MARK[status];
                    const name = names.get(date);
                    const day = Number(date.slice(8, 10));
                    const label = `${weekdayLong[GRID_WEEKDAYS[col] as number]} ${day}/${month}/${year}: ${t(LABEL[status])}${name ? ` — ${name}` : ''}`;
                    const className = `cal-day cal-${status}${date === today ? ' cal-today' : ''}`;
                    const content = (
                      <>
                        <span className="cal-num">{day}</span>
                        {mark ? <span className="cal-mark">{t(mark)}</span> : null}
                      </>
                    );
                    if (!onToggle) {
                      return (
                        <td
                          key={date}
                          // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: ARIA grid pattern on a table (APG date grid).
                          role="gridcell"
                          data-date={date}
                          tabIndex={date === focused ? 0 : -1}
                          title={name ?? undefined}
                          onKeyDown={(event) => onKeyDown(event, date)}
                        >
                          <span className={className} aria-hidden="true">
                            {content}
                          </span>
                          <span className="visually-hidden">{label}</span>
                        </td>
                      );
                    }
                    return (
                      // biome-ignore lint/a11y/useFocusableInteractive: the button inside the cell is the focus target.
                      <td
                        key={date}
                        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: ARIA grid pattern on a table (APG date grid).
                        role="gridcell"
                      >
                        <button
                          type="button"
                          className={className}
                          data-date={date}
                          tabIndex={date === focused ? 0 : -1}
                          aria-pressed={status === 'off' || status === 'extra'}
                          title={name ?? undefined}
                          onClick={() => {
                            onFocusChange(date);
                            onToggle(date);
                          }}
                          onKeyDown={(event) => onKeyDown(event, date)}
                        >
                          <span aria-hidden="true" className="cal-visible">
                            {content}
                          </span>
                          <span className="visually-hidden">{label}</span>
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </div>
  );
}
