import './portal.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { RequireRole } from '../../auth.js';
import { Alert } from '../../components/Alert.js';
import { DateTime } from '../../components/DateTime.js';
import { EmptyState } from '../../components/EmptyState.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Pagination } from '../../components/Pagination.js';
import { Skeleton } from '../../components/Skeleton.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { type CitizenNotification, type MyDossierItem, portalApi, statusTone } from './api.js';
import { feeState } from './fees.js';

const PAGE_SIZE = 10;
const FINISHED = new Set(['result_ready', 'returned', 'not_accepted', 'stopped']);

/** `/tai-khoan/ho-so` — the signed-in applicant's dossiers, newest first, and recent messages. */
export default function MyDossiersPage() {
  return (
    <RequireRole signInPath="/dang-nhap/cong-dan">
      <MyDossiers />
    </RequireRole>
  );
}

function MyDossiers() {
  const { t } = useTranslation('portal');
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('trang')) || 1);
  const [data, setData] = useState<{ total: number; items: MyDossierItem[] } | null>(null);
  const [notes, setNotes] = useState<CitizenNotification[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setData(null);
    portalApi.mine(page, PAGE_SIZE).then(
      (result) => live && setData(result),
      (caught: unknown) => live && setError(isApiError(caught) ? caught.message : String(caught)),
    );
    return () => {
      live = false;
    };
  }, [page]);

  useEffect(() => {
    portalApi.notifications().then(
      (result) => setNotes(result.items.slice(0, 5)),
      () => setNotes([]),
    );
  }, []);

  return (
    <div className="portal">
      <PageTitle title={t('mine.title')} subtitle={t('mine.subtitle')} />
      <p>
        <Link to="/thu-tuc" className="btn btn-primary">
          {t('mine.newApplication')}
        </Link>
      </p>
      {error ? <Alert tone="error" title={error} /> : null}
      {!data && !error ? <Skeleton lines={5} /> : null}
      {data && data.items.length === 0 ? (
        <EmptyState
          title={t('mine.empty')}
          action={
            <Link to="/thu-tuc" className="btn btn-secondary">
              {t('mine.newApplication')}
            </Link>
          }
        >
          {t('mine.emptyText')}
        </EmptyState>
      ) : null}
      {data && data.items.length > 0 ? (
        <>
          <ul className="dossier-cards" aria-label={t('mine.listLabel')}>
            {data.items.map((item) => (
              <li key={item.id} className="dossier-card">
                <h2 className="dossier-card-title">
                  <Link to={`/tai-khoan/ho-so/${item.id}`}>{item.procedureName}</Link>
                </h2>
                <p className="dossier-card-code">{item.code ?? t('mine.noCode')}</p>
                <p className="dossier-card-badges">
                  <StatusBadge tone={statusTone(item.status)}>
                    {t(`status.${item.status}`)}
                  </StatusBadge>{' '}
                  {item.status === 'reception_supplement' ||
                  item.status === 'awaiting_supplement' ? (
                    <StatusBadge tone="warning">{t('mine.needsSupplement')}</StatusBadge>
                  ) : null}{' '}
                  {feeState({
                    status: item.status,
                    feeAmount: item.feeAmount,
                    paid: item.paidOnline,
                  }) === 'unpaid' ? (
                    <StatusBadge tone="warning">{t('mine.needsPayment')}</StatusBadge>
                  ) : null}{' '}
                  {FINISHED.has(item.status) ? (
                    <StatusBadge tone={item.rated ? 'success' : 'info'}>
                      {item.rated ? t('mine.rated') : t('mine.canRate')}
                    </StatusBadge>
                  ) : null}
                </p>
                <dl className="dossier-card-dates">
                  <div>
                    <dt>{item.receivedAt ? t('mine.received') : t('mine.created')}</dt>
                    <dd>
                      <DateTime value={item.receivedAt ?? item.createdAt} dateOnly />
                    </dd>
                  </div>
                  {item.dueAt && !item.finishedAt ? (
                    <div>
                      <dt>{t('mine.due')}</dt>
                      <dd>
                        <DateTime value={item.dueAt} />
                      </dd>
                    </div>
                  ) : null}
                  {item.finishedAt ? (
                    <div>
                      <dt>{t('mine.finished')}</dt>
                      <dd>
                        <DateTime value={item.finishedAt} dateOnly />
                      </dd>
                    </div>
                  ) : null}
                </dl>
                <p className="dossier-card-unit">{item.unitName}</p>
              </li>
            ))}
          </ul>
          <Pagination
            page={page}
            pageSize={PAGE_SIZE}
            total={data.total}
            onPageChange={(next) => setParams({ trang: String(next) })}
          />
        </>
      ) : null}
      <section aria-labelledby="recent-notes" className="portal-section">
        <h2 id="recent-notes">{t('mine.notificationsTitle')}</h2>
        {notes === null ? <Skeleton lines={2} /> : null}
        {notes && notes.length === 0 ? <p>{t('mine.noNotifications')}</p> : null}
        {notes && notes.length > 0 ? (
          <ul className="notification-list">
            {notes.map((note) => (
              <li key={note.id}>
                <p className="notification-title">
                  {note.dossierId ? (
                    <Link to={`/tai-khoan/ho-so/${note.dossierId}`}>{note.title}</Link>
                  ) : (
                    note.title
                  )}
                </p>
                <p>{note.body}</p>
                <p className="field-hint">
                  <DateTime value={note.createdAt} />
                </p>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </div>
  );
}
