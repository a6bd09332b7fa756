import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../../components/StatusBadge.js';
import type { PublicSession } from './api.js';
import { formatSessionDate } from './format.js';

const TONE = {
  scheduled: 'info',
  held: 'success',
  cancelled: 'danger',
  rescheduled: 'warning',
} as const;

/** One reception session as the public reads it: when, who, where, and why it changed. */
export function SessionSummary({
  session,
  level = 2,
  deleted = false,
}: {
  session: PublicSession;
  /** The heading level: 2 on the public list, 3 under the back office's list heading. */
  level?: 2 | 3;
  /** In the list of deleted sessions: the badge says so instead of the state it was in. */
  deleted?: boolean;
}) {
  const Heading = level === 2 ? 'h2' : 'h3';
  const { t, i18n } = useTranslation('publicinfo');
  const gone = session.state === 'cancelled' || session.state === 'rescheduled';
  return (
    <>
      <Heading className="pi-session-title">
        <span className={gone ? 'pi-moved' : undefined}>
          {formatSessionDate(session.date, i18n.language)}, {session.start}–{session.end}
        </span>{' '}
        {deleted ? (
          <StatusBadge tone="neutral">{t('deleted.badge')}</StatusBadge>
        ) : (
          <StatusBadge tone={TONE[session.state]}>{t(`state.${session.state}`)}</StatusBadge>
        )}
      </Heading>
      <p className="pi-meta">
        {t('reception.leader')}: <strong>{session.leaderName}</strong>, {session.leaderTitle}
      </p>
      <p className="pi-meta">
        {t('reception.place')}: {session.place}
      </p>
      <p className="pi-meta">
        {t('common.unit')}: {session.unit.name}
      </p>
      {session.notes ? <p className="pi-meta">{session.notes}</p> : null}
      {session.state === 'cancelled' && session.cancelReason ? (
        <p className="pi-meta">
          <strong>{t('reception.cancelReason')}:</strong> {session.cancelReason}
        </p>
      ) : null}
      {session.state === 'rescheduled' && session.movedToDate ? (
        <p className="pi-meta">
          <strong>
            {t('reception.movedTo', {
              date: formatSessionDate(session.movedToDate, i18n.language),
            })}
          </strong>
        </p>
      ) : null}
      {session.movedFromDate ? (
        <p className="pi-meta">
          {t('reception.movedFrom', {
            date: formatSessionDate(session.movedFromDate, i18n.language),
          })}
        </p>
      ) : null}
    </>
  );
}
