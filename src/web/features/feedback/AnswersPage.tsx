import './feedback.css';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { DateTime } from '../../components/DateTime.js';
import { EmptyState } from '../../components/EmptyState.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Pagination } from '../../components/Pagination.js';
import { Skeleton } from '../../components/Skeleton.js';
import { TextField } from '../../components/TextField.js';
import { feedbackApi, type Paged, type PublicAnswer } from './api.js';

const PAGE_SIZE = 10;

/**
 * `/phan-anh/tra-loi` — published answers to feedback (never complaints or denunciations), the
 * question with its personal data masked by the server, newest first, searchable by subject.
 */
export default function AnswersPage() {
  const { t } = useTranslation('feedback');
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [list, setList] = useState<Paged<PublicAnswer> | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setList(null);
    setError(null);
    feedbackApi.answers(page, PAGE_SIZE, search || undefined).then(
      (r) => live && setList(r),
      (e: unknown) => live && setError(isApiError(e) ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [page, search]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setPage(1);
    setSearch(q.trim());
  };

  return (
    <div className="fb">
      <PageTitle title={t('answers.title')} subtitle={t('answers.subtitle')} />
      <p className="fb-links">
        <Link to="/phan-anh">{t('submit.title')}</Link>
        <Link to="/phan-anh/tra-cuu">{t('submit.track')}</Link>
      </p>
      <form className="fb-card fb-search" onSubmit={submit}>
        <TextField
          label={t('answers.search')}
          name="q"
          type="search"
          maxLength={200}
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <Button type="submit" variant="primary">
          {t('answers.searchSubmit')}
        </Button>
      </form>
      <p className="visually-hidden" aria-live="polite">
        {list ? t('answers.count', { count: list.total }) : ''}
      </p>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {list === null && !error ? <Skeleton lines={4} /> : null}
      {list && list.items.length === 0 ? <EmptyState title={t('answers.empty')} /> : null}
      {list && list.items.length > 0 ? (
        <>
          <p>{t('answers.count', { count: list.total })}</p>
          <ul className="fb-answers">
            {list.items.map((a) => (
              <li key={a.id}>
                <article className="fb-card" aria-labelledby={`answer-${a.id}`}>
                  <h2 id={`answer-${a.id}`} className="fb-text">
                    {a.subject}
                  </h2>
                  <p className="field-hint">
                    {t('answers.received')} <DateTime value={a.receivedAt} dateOnly /> ·{' '}
                    {t('answers.published')} <DateTime value={a.publishedAt} dateOnly />
                    {a.relatedProcedureCode
                      ? ` · ${t('answers.procedure')} ${a.relatedProcedureCode}`
                      : ''}
                  </p>
                  <h3>{t('answers.question')}</h3>
                  <p className="fb-text">{a.question}</p>
                  <h3>
                    {t('answers.answer')} — {a.unit}
                  </h3>
                  <p className="fb-text fb-answer">{a.answer}</p>
                  <p className="field-hint">
                    {t('answers.ratings')}: {t('track.likes', { count: a.ratings.likes })} ·{' '}
                    {t('track.dislikes', { count: a.ratings.dislikes })}
                  </p>
                </article>
              </li>
            ))}
          </ul>
          {list.total > PAGE_SIZE ? (
            <Pagination
              page={page}
              pageSize={PAGE_SIZE}
              total={list.total}
              onPageChange={setPage}
            />
          ) : null}
        </>
      ) : null}
    </div>
  );
}
