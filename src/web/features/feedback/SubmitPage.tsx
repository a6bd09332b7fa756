import './feedback.css';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { DateTime } from '../../components/DateTime.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Select } from '../../components/Select.js';
import { feedbackApi, type PublicUnit, type Tracking } from './api.js';
import { ItemForm } from './ItemForm.js';
import {
  type DraftIssue,
  draftIssues,
  draftToInput,
  EMPTY_DRAFT,
  type ItemDraft,
  serverIssues,
} from './validation.js';

/**
 * `/phan-anh` — anyone (signed in or not, anonymous allowed) sends feedback, a complaint or a
 * denunciation through the portal and gets the tracking code, which is shown and focused.
 */
export default function SubmitPage() {
  const { t, i18n } = useTranslation('feedback');
  const [draft, setDraft] = useState<ItemDraft>(EMPTY_DRAFT);
  const [unitCode, setUnitCode] = useState('');
  const [units, setUnits] = useState<PublicUnit[]>([]);
  const [issues, setIssues] = useState<DraftIssue[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Tracking | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const doneRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    feedbackApi.units().then(
      (r) => setUnits(r.units),
      () => setUnits([]),
    );
  }, []);

  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  const submit = async () => {
    const found = draftIssues(draft);
    setIssues(found);
    setError(null);
    if (found.length > 0) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setBusy(true);
    try {
      setDone(await feedbackApi.submit({ ...draftToInput(draft), unitCode: unitCode || null }));
    } catch (e) {
      setIssues(isApiError(e) ? serverIssues(e.details) : []);
      setError(isApiError(e) ? e.message : String(e));
      requestAnimationFrame(() => summaryRef.current?.focus());
    } finally {
      setBusy(false);
    }
  };

  const english = i18n.language === 'en';
  return (
    <div className="fb">
      <PageTitle title={t('submit.title')} subtitle={t('submit.subtitle')} />
      <nav className="fb-links" aria-label={t('submit.links')}>
        <Link to="/phan-anh/tra-cuu">{t('submit.track')}</Link>
        <Link to="/phan-anh/tra-loi">{t('submit.answers')}</Link>
      </nav>
      {done ? (
        <section className="fb-card fb-done" aria-labelledby="fb-done-title">
          <h2 id="fb-done-title" ref={doneRef} tabIndex={-1}>
            {t('submit.successTitle')}{' '}
            <span className="fb-code" data-testid="tracking-code">
              {done.code}
            </span>
          </h2>
          <p>{t('submit.successText')}</p>
          {done.deadlines.answerBy ? (
            <p>
              {t('submit.successDue')} <DateTime value={done.deadlines.answerBy} />
            </p>
          ) : null}
          <p className="actions">
            <Link className="btn btn-primary" to={`/phan-anh/tra-cuu/${done.code}`}>
              {t('submit.openTracking')}
            </Link>
            <button
              type="button"
              className="btn btn-secondary"
              onClick={() => {
                setDone(null);
                setDraft(EMPTY_DRAFT);
                setUnitCode('');
                setIssues([]);
              }}
            >
              {t('submit.another')}
            </button>
          </p>
        </section>
      ) : (
        <section className="fb-card">
          <ItemForm
            draft={draft}
            onChange={setDraft}
            issues={issues}
            error={error}
            busy={busy}
            submitLabel={t('form.submit')}
            onSubmit={() => void submit()}
            summaryRef={summaryRef}
            extra={
              units.length > 0 ? (
                <Select
                  label={t('form.unit')}
                  hint={t('form.unitHint')}
                  name="unitCode"
                  value={unitCode}
                  placeholder={t('form.anyUnit')}
                  options={units
                    .filter((u) => u.parentId !== null)
                    .map((u) => ({
                      value: u.code,
                      label: english && u.nameEn ? u.nameEn : u.name,
                    }))}
                  onChange={(e) => setUnitCode(e.target.value)}
                />
              ) : null
            }
          />
        </section>
      )}
    </div>
  );
}
