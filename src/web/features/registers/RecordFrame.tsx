import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Alert } from '../../components/Alert.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Skeleton } from '../../components/Skeleton.js';
import type { Withdrawal } from './api.js';
import { RegistersNav } from './Bits.js';
import { Notice, WithdrawnNotice } from './Withdraw.js';

/**
 * The frame of a page about one record, or the form of a new one: its title, the registers'
 * links and the way back to its list, the outcome of the last action and the banner of a
 * withdrawn record, then the page's own parts.
 */
export function RecordFrame({
  title,
  subtitle,
  back,
  notice = null,
  withdrawn = null,
  children,
}: {
  title: string;
  subtitle?: string;
  /** The list the record belongs to. */
  back: string;
  notice?: string | null;
  withdrawn?: Withdrawal | null;
  children: ReactNode;
}) {
  const { t } = useTranslation('registers');
  return (
    <div className="rg">
      <PageTitle title={title} subtitle={subtitle} />
      <RegistersNav />
      <p>
        <Link to={back}>{t('common.back')}</Link>
      </p>
      <Notice text={notice} />
      <WithdrawnNotice withdrawn={withdrawn} />
      {children}
    </div>
  );
}

/**
 * A record's page before its record is there: the refusal (not found, not allowed, an action
 * that failed) with the way back, or a placeholder while it loads.
 */
export function RecordUnavailable({
  error,
  title,
  back,
}: {
  error: string | null;
  /** What the record is («Cuộc thanh tra, kiểm tra»), the page's title in place of its own. */
  title: string;
  back: string;
}) {
  const { t } = useTranslation('registers');
  if (!error) return <Skeleton lines={6} label={t('list.loading')} />;
  return (
    <div className="rg">
      <PageTitle title={title} />
      <Alert tone="error">{error}</Alert>
      <Link to={back}>{t('common.back')}</Link>
    </div>
  );
}
