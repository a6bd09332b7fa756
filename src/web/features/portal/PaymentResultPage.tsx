import './portal.css';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../auth.js';
import { Alert } from '../../components/Alert.js';
import { DateTime, Money } from '../../components/DateTime.js';
import { PageTitle } from '../../components/PageTitle.js';
import { portalApi } from './api.js';

type Outcome = 'paid' | 'cancelled' | 'failed' | 'error';

/**
 * `/thanh-toan/ket-qua` — where the payment gateway's return lands (the server applies the
 * signed result first, then redirects here with `status` and `dossier`): paid, cancelled,
 * failed or not confirmed, with the receipt number and a way back to the dossier.
 */
export default function PaymentResultPage() {
  const { t } = useTranslation('portal');
  const { user } = useAuth();
  const [params] = useSearchParams();
  const raw = params.get('status');
  const outcome: Outcome =
    raw === 'paid' || raw === 'cancelled' || raw === 'failed' ? raw : 'error';
  const dossierId = Number(params.get('dossier')) || null;
  const [receipt, setReceipt] = useState<{
    receiptNo: string | null;
    amount: number;
    paidAt: string | null;
  } | null>(null);
  const headingRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!dossierId || !user || outcome !== 'paid') return;
    portalApi.payments(dossierId).then(
      (result) => {
        const paid = result.items.find((p) => p.status === 'paid');
        if (paid)
          setReceipt({ receiptNo: paid.receiptNo, amount: paid.amount, paidAt: paid.paidAt });
      },
      () => setReceipt(null),
    );
  }, [dossierId, user, outcome]);

  const tone = outcome === 'paid' ? 'success' : outcome === 'cancelled' ? 'warning' : 'error';
  return (
    <div className="portal payment-result">
      <PageTitle title={t('payment.title')} />
      <div ref={headingRef} className="payment-outcome">
        <Alert tone={tone} title={t(`payment.${outcome}`)}>
          <p>{t(`payment.${outcome}Text`, { code: params.get('code') ?? '—' })}</p>
          {receipt ? (
            <dl className="facts">
              <dt>{t('payment.receiptNo')}</dt>
              <dd className="receipt-no">{receipt.receiptNo}</dd>
              <dt>{t('payment.amount')}</dt>
              <dd>
                <Money amount={receipt.amount} />
              </dd>
              {receipt.paidAt ? (
                <>
                  <dt>{t('payment.paidAt')}</dt>
                  <dd>
                    <DateTime value={receipt.paidAt} />
                  </dd>
                </>
              ) : null}
            </dl>
          ) : null}
        </Alert>
      </div>
      <p className="actions">
        {dossierId ? (
          <Link className="btn btn-primary" to={`/tai-khoan/ho-so/${dossierId}`}>
            {t('payment.backToDossier')}
          </Link>
        ) : null}
        <Link className="btn btn-secondary" to="/tai-khoan/ho-so">
          {t('payment.myDossiers')}
        </Link>
      </p>
    </div>
  );
}
