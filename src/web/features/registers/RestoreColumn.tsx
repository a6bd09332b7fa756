import type { TFunction } from 'i18next';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button.js';
import type { Column } from '../../components/DataTable.js';
import { Dialog } from '../../components/Dialog.js';
import type { Withdrawal, WithdrawBody } from './api.js';
import { RegisterForm } from './RegisterForm.js';
import { reasonField } from './Withdraw.js';

/** A row of a register list that can be withdrawn and restored. */
export type Restorable = { id: number; version: number; withdrawn: Withdrawal | null };

/** How a list restores one of its withdrawn rows. */
export interface RestoreOptions<T> {
  /** Sends the restore (the row's version guards a stale list). */
  restore: (id: number, body: WithdrawBody) => Promise<unknown>;
  /** What is restored, as a phrase: «kế hoạch "…"». */
  what: (row: T) => string;
  /** What comes back with it, if anything (recommendations, tasks). */
  along?: (row: T) => string | undefined;
}

/** The list of withdrawn records says why each was withdrawn. */
export function withdrawnReasonColumn<T extends Restorable>(t: TFunction): Column<T> {
  return {
    key: 'withdrawn',
    header: t('withdraw.reason'),
    render: (r) => r.withdrawn?.reason ?? '',
  };
}

/**
 * The reform office's list of withdrawn records: a "Khôi phục" column whose button opens a
 * dialog that restores the row's record with a reason, then the outcome to announce and the list
 * loaded again (the record has left it).
 */
export function useRestoreColumn<T extends Restorable>(
  options: RestoreOptions<T> & { reload: () => void },
) {
  const { t } = useTranslation('registers');
  const [notice, setNotice] = useState<string | null>(null);
  const column: Column<T> = {
    key: 'restore',
    header: t('restore.column'),
    render: (row) => (
      <RestoreDialogButton
        what={options.what(row)}
        along={options.along?.(row)}
        restore={async (reason) => {
          await options.restore(row.id, { reason, version: row.version });
        }}
        onRestored={() => {
          setNotice(t('restore.restoredWhat', { what: options.what(row) }));
          options.reload();
        }}
      />
    ),
  };
  return { column, notice };
}

/**
 * A table cell has no room for a form (the other columns were squeezed to a word a line), so the
 * row offers a button and the reason is asked in a dialog. A refusal shows in the dialog's form.
 * On success the dialog closes first and `onRestored` runs after it has (an effect runs after its
 * child's): while the modal is open the rest of the page is inert, so the page's notice could
 * not take the focus, and the closing dialog would hand the focus back to the button after it.
 */
function RestoreDialogButton({
  what,
  along,
  restore,
  onRestored,
}: {
  what: string;
  along: string | undefined;
  restore: (reason: string) => Promise<void>;
  onRestored: () => void;
}) {
  const { t } = useTranslation('registers');
  const [open, setOpen] = useState(false);
  const [restored, setRestored] = useState(false);
  // The latest callback, without making every render of the row run the effect again.
  const restoredCallback = useRef(onRestored);
  restoredCallback.current = onRestored;
  useEffect(() => {
    if (restored) restoredCallback.current();
  }, [restored]);
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {t('restore.submit')}
        <span className="visually-hidden"> {what}</span>
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={t('restore.dialogTitle', { what })}>
        <p className="field-hint">{t('restore.hint', { what })}</p>
        {along ? <p className="field-hint">{along}</p> : null}
        <RegisterForm
          submitLabel={t('restore.submit')}
          fields={[reasonField(t, 'restore')]}
          onSubmit={async (v) => {
            await restore((v.reason ?? '').trim());
            setOpen(false);
            setRestored(true);
          }}
        />
      </Dialog>
    </>
  );
}
