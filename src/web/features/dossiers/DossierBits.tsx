import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../../components/StatusBadge.js';
import type { Label } from './api.js';
import { daysUntil, dueState, splitWorkingMinutes } from './dossierFormat.js';

/** A server label ({vi, en}) in the current language. */
export function useLabel() {
  const { i18n } = useTranslation();
  return (label: Label | null | undefined) =>
    label ? (i18n.language === 'en' ? label.en : label.vi) : '';
}

const STATUS_TONES: Record<string, 'neutral' | 'info' | 'success' | 'warning' | 'danger'> = {
  received: 'info',
  in_appraisal: 'info',
  in_consultation: 'info',
  awaiting_supplement: 'warning',
  reception_supplement: 'warning',
  awaiting_approval: 'info',
  result_ready: 'success',
  returned: 'success',
  not_accepted: 'danger',
  stopped: 'danger',
  withdrawn: 'neutral',
};

/** The dossier's status as a badge whose text says it (colour only repeats it). */
export function DossierStatus({ status, label }: { status: string; label: Label }) {
  const text = useLabel();
  return <StatusBadge tone={STATUS_TONES[status] ?? 'neutral'}>{text(label)}</StatusBadge>;
}

/** Due state of a list row as text ("Quá hạn", "Hạn hôm nay", "Còn 2 ngày"), never colour only. */
export function DueBadge({
  row,
  now,
}: {
  row: {
    dueAt: string | null;
    finishedAt: string | null;
    pausedSince: string | null;
    overdue: boolean;
  };
  now: Date;
}) {
  const { t } = useTranslation('dossiers');
  const state = dueState(row, now);
  switch (state) {
    case 'overdue':
      return <StatusBadge tone="danger">{t('due.overdue')}</StatusBadge>;
    case 'today':
      return <StatusBadge tone="warning">{t('due.today')}</StatusBadge>;
    case 'paused':
      return <StatusBadge tone="neutral">{t('due.paused')}</StatusBadge>;
    case 'soon':
    case 'ok':
      return (
        <StatusBadge tone={state === 'soon' ? 'warning' : 'success'}>
          {t('due.left', { count: daysUntil(row.dueAt as string, now) })}
        </StatusBadge>
      );
    case 'finished':
      return <StatusBadge tone="neutral">{t('due.finished')}</StatusBadge>;
    default:
      return null;
  }
}

/** Working time left (or overdue by) as words: "3 ngày 2 giờ làm việc". */
export function WorkingTime({ minutes }: { minutes: number }) {
  const { t } = useTranslation('dossiers');
  const s = splitWorkingMinutes(minutes);
  const parts = [
    s.days > 0 ? t('time.days', { count: s.days }) : null,
    s.hours > 0 ? t('time.hours', { count: s.hours }) : null,
    s.minutes > 0 || (s.days === 0 && s.hours === 0)
      ? t('time.minutes', { count: s.minutes })
      : null,
  ].filter(Boolean);
  const text = parts.join(' ');
  return (
    <span>{s.overdue ? t('time.overdueBy', { time: text }) : t('time.left', { time: text })}</span>
  );
}
