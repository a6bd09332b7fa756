import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { WithdrawBody } from './api.js';
import { RestoreAction, WithdrawAction } from './Withdraw.js';

interface WithdrawOrRestoreProps<T> {
  /** The record or item, at the version the page shows. */
  target: { id: number; version: number };
  canWithdraw: boolean;
  canRestore: boolean;
  withdraw: (id: number, body: WithdrawBody) => Promise<T>;
  restore: (id: number, body: WithdrawBody) => Promise<T>;
  /** What is withdrawn or restored, as a phrase: «kế hoạch "…"». */
  what: string;
  /** What goes with it when withdrawn, and what comes back with it when restored. */
  withdrawAlong?: string | undefined;
  restoreAlong?: string | undefined;
  /** An item's disclosures («Rút nhiệm vụ này khỏi sổ»); a record's are the default ones. */
  labels?: { withdraw: string; restore: string };
  regions?: boolean;
  onDone: (next: T, outcome: string) => void;
}

/**
 * A record's own withdrawal or restore, as its `actions` offer them, each in a region of its
 * own named by the action, near the end of the record's page.
 */
export function RecordWithdrawal<T>({
  record,
  ...props
}: Omit<WithdrawOrRestoreProps<T>, 'target' | 'canWithdraw' | 'canRestore' | 'regions'> & {
  record: { id: number; version: number; actions: string[] };
}) {
  return (
    <WithdrawOrRestore
      regions
      target={record}
      canWithdraw={record.actions.includes('withdraw')}
      canRestore={record.actions.includes('restore')}
      {...props}
    />
  );
}

/**
 * The withdrawal of a record or of one of its items (a recommendation, a task), or its restore
 * once withdrawn: whichever the server offers. Either sends the reason with the version read
 * and hands the record as the server returns it to `onDone`, with the outcome to announce. On
 * a record's own page each stands in a region of its own (`regions`).
 */
export function WithdrawOrRestore<T>({
  target,
  canWithdraw,
  canRestore,
  withdraw,
  restore,
  what,
  withdrawAlong,
  restoreAlong,
  labels,
  regions = false,
  onDone,
}: WithdrawOrRestoreProps<T>) {
  const { t } = useTranslation('registers');
  const region = (name: string, action: ReactElement) =>
    regions ? (
      <section className="rg-section" aria-label={name}>
        {action}
      </section>
    ) : (
      action
    );
  const body = (reason: string) => ({ reason, version: target.version });
  return (
    <>
      {canWithdraw
        ? region(
            t('withdraw.open'),
            <WithdrawAction
              label={labels?.withdraw}
              what={what}
              along={withdrawAlong}
              onWithdraw={async (reason) =>
                onDone(await withdraw(target.id, body(reason)), t('withdraw.withdrawn'))
              }
            />,
          )
        : null}
      {canRestore
        ? region(
            t('restore.open'),
            <RestoreAction
              label={labels?.restore}
              what={what}
              along={restoreAlong}
              onRestore={async (reason) =>
                onDone(await restore(target.id, body(reason)), t('restore.restored'))
              }
            />,
          )
        : null}
    </>
  );
}
