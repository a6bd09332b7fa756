import { useTranslation } from 'react-i18next';
import { DateTime } from '../../components/DateTime.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { type Deadlines, type State, stateTone } from './api.js';

/** The state as a badge (the colour repeats the text). */
export function StateBadge({ state }: { state: State }) {
  const { t } = useTranslation('feedback');
  return <StatusBadge tone={stateTone(state)}>{t(`state.${state}`)}</StatusBadge>;
}

/** "Quá hạn" in red when the running deadline has passed; nothing otherwise. */
export function OverdueBadge({ overdue }: { overdue: boolean }) {
  const { t } = useTranslation('feedback');
  return overdue ? <StatusBadge tone="danger">{t('deadline.overdue')}</StatusBadge> : null;
}

const ORDER: Array<keyof Deadlines> = ['rejectBy', 'requestInfoBy', 'answerBy', 'publishBy'];

/**
 * The deadline the unit works against now (emphasised, with an overdue badge) and the four
 * limits of DOMAIN §9 that have been set, as a definition list.
 */
export function DeadlineFacts({
  deadlines,
  dueAt,
  overdue,
}: {
  deadlines: Deadlines;
  dueAt: string | null;
  overdue: boolean;
}) {
  const { t } = useTranslation('feedback');
  return (
    <dl className="facts">
      <dt>{t('deadline.due')}</dt>
      <dd>
        {dueAt ? (
          <>
            <strong>
              <DateTime value={dueAt} />
            </strong>{' '}
            <OverdueBadge overdue={overdue} />
          </>
        ) : (
          t('deadline.none')
        )}
      </dd>
      {ORDER.filter((key) => deadlines[key] !== null).map((key) => (
        <div key={key} className="fb-fact">
          <dt>{t(`deadline.${key}`)}</dt>
          <dd>
            <DateTime value={deadlines[key]} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Whether `dueAt` has passed at `now` (the public look-up has no overdue flag of its own). */
export function isPast(dueAt: string | null, now = Date.now()): boolean {
  return dueAt !== null && Date.parse(dueAt) < now;
}
