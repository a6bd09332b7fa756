import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/TextField.js';

/** What a reception session publishes besides its unit and date. */
export interface SessionFieldValues {
  leaderName: string;
  leaderTitle: string;
  start: string;
  end: string;
  place: string;
  notes: string;
}

/**
 * The receiving leader, the times, the place and the notes of a session: one set of fields for
 * the planning form and the edit dialog, so both ask the same and show the server's problems
 * the same way. `pairTimes` puts start and end side by side (the dialog's narrow column).
 */
export function SessionFields({
  values,
  set,
  errorOf,
  pairTimes = false,
}: {
  values: SessionFieldValues;
  set: (field: keyof SessionFieldValues) => (value: string) => void;
  errorOf: (field: string) => string | undefined;
  pairTimes?: boolean;
}) {
  const { t } = useTranslation('publicinfo');
  const times = (
    <>
      <TextField
        label={t('field.start')}
        type="time"
        value={values.start}
        onChange={(e) => set('start')(e.target.value)}
      />
      <TextField
        label={t('field.end')}
        type="time"
        value={values.end}
        onChange={(e) => set('end')(e.target.value)}
        error={errorOf('end')}
      />
    </>
  );
  return (
    <>
      <TextField
        label={t('field.leaderName')}
        value={values.leaderName}
        onChange={(e) => set('leaderName')(e.target.value)}
        error={errorOf('leaderName')}
        maxLength={200}
      />
      <TextField
        label={t('field.leaderTitle')}
        value={values.leaderTitle}
        onChange={(e) => set('leaderTitle')(e.target.value)}
        error={errorOf('leaderTitle')}
        maxLength={200}
      />
      {pairTimes ? <div className="pi-times">{times}</div> : times}
      <TextField
        label={t('field.place')}
        value={values.place}
        onChange={(e) => set('place')(e.target.value)}
        error={errorOf('place')}
        maxLength={300}
      />
      <TextField
        label={t('field.notes')}
        multiline={2}
        value={values.notes}
        onChange={(e) => set('notes')(e.target.value)}
        error={errorOf('notes')}
        maxLength={2000}
      />
    </>
  );
}
