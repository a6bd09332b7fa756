import './portal.css';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { RequireRole } from '../../auth.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { DateTime } from '../../components/DateTime.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Skeleton } from '../../components/Skeleton.js';
import { TextField } from '../../components/TextField.js';
import { type CitizenDossier, portalApi, SIPAS_ELEMENTS, type SipasElement } from './api.js';

const LEVELS = [1, 2, 3, 4, 5] as const;
type Answers = Record<SipasElement, number | null>;
const EMPTY: Answers = { access: null, procedure: null, staff: null, result: null, feedback: null };

/**
 * `/tai-khoan/ho-so/:id/danh-gia` — rate a finished dossier on the five SIPAS elements
 * (DOMAIN §8), each a radio group of five levels in its own fieldset; once per dossier and
 * editable within the window the server allows.
 */
export default function RatingPage() {
  return (
    <RequireRole signInPath="/dang-nhap/cong-dan">
      <RatingForm />
    </RequireRole>
  );
}

function RatingForm() {
  const { t } = useTranslation('portal');
  const { id = '' } = useParams();
  const dossierId = Number(id);
  const [dossier, setDossier] = useState<CitizenDossier | null>(null);
  const [answers, setAnswers] = useState<Answers>(EMPTY);
  const [comment, setComment] = useState('');
  const [editableUntil, setEditableUntil] = useState<string | null>(null);
  const [existing, setExisting] = useState(false);
  const [missing, setMissing] = useState<SipasElement[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [thanks, setThanks] = useState(false);
  const [busy, setBusy] = useState(false);
  const thanksRef = useRef<HTMLDivElement>(null);
  const errorsRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    Promise.all([portalApi.dossier(dossierId), portalApi.rating(dossierId)]).then(
      ([loaded, { rating }]) => {
        setDossier(loaded);
        if (rating) {
          setExisting(true);
          setAnswers({
            access: rating.access,
            procedure: rating.procedure,
            staff: rating.staff,
            result: rating.result,
            feedback: rating.feedback,
          });
          setComment(rating.comment ?? '');
          setEditableUntil(rating.editableUntil ?? null);
        }
      },
      (caught: unknown) => setError(isApiError(caught) ? caught.message : String(caught)),
    );
  }, [dossierId]);

  if (error && !dossier)
    return (
      <>
        <PageTitle title={t('rating.title')} />
        <Alert tone="error" title={error} />
      </>
    );
  if (!dossier) return <Skeleton lines={6} />;

  const closed = editableUntil !== null && Date.parse(editableUntil) < Date.now();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const unanswered = SIPAS_ELEMENTS.filter((e) => e !== 'feedback' && answers[e] === null);
    setMissing(unanswered);
    if (unanswered.length > 0) {
      setTimeout(() => errorsRef.current?.focus(), 0);
      return;
    }
    setError(null);
    setBusy(true);
    try {
      const saved = await portalApi.rate(dossierId, {
        access: answers.access!,
        procedure: answers.procedure!,
        staff: answers.staff!,
        result: answers.result!,
        feedback: answers.feedback,
        comment: comment.trim() || null,
      });
      setEditableUntil(saved.editableUntil);
      setExisting(true);
      setThanks(true);
      setTimeout(() => thanksRef.current?.focus(), 0);
    } catch (caught) {
      setError(isApiError(caught) ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="portal rating">
      <p>
        <Link to={`/tai-khoan/ho-so/${dossier.id}`}>← {t('rating.back')}</Link>
      </p>
      <PageTitle title={t('rating.title')} subtitle={t('rating.subtitle')} />
      <p className="rating-dossier">
        {t('rating.dossier', { code: dossier.code ?? `#${dossier.id}` })} — {dossier.procedure.name}
      </p>
      <div ref={thanksRef} tabIndex={-1}>
        {thanks ? (
          <Alert tone="success" title={t('rating.thanks')}>
            <p>{t('rating.thanksText')}</p>
            {editableUntil ? (
              <p>
                {t('rating.editableUntil')} <DateTime value={editableUntil} />
              </p>
            ) : null}
          </Alert>
        ) : null}
      </div>
      {!dossier.can.rate ? <Alert tone="info" title={t('rating.notYet')} /> : null}
      {closed ? <Alert tone="info" title={t('rating.closed')} /> : null}
      {existing && !thanks && editableUntil && !closed ? (
        <p className="field-hint">
          {t('rating.editableUntil')} <DateTime value={editableUntil} />
        </p>
      ) : null}
      <div ref={errorsRef} tabIndex={-1}>
        {missing.length > 0 ? (
          <Alert tone="error" title={t('rating.requiredTitle')}>
            <ul>
              {missing.map((e) => (
                <li key={e}>{t(`rating.element.${e}`)}</li>
              ))}
            </ul>
          </Alert>
        ) : null}
        {error ? <Alert tone="error" title={error} /> : null}
      </div>
      {dossier.can.rate && !closed ? (
        <form className="form rating-form" onSubmit={(e) => void submit(e)} noValidate>
          {SIPAS_ELEMENTS.map((element, index) => (
            <fieldset
              key={element}
              className={`rating-group${missing.includes(element) ? ' field-invalid' : ''}`}
              aria-describedby={`hint-${element}`}
            >
              <legend>
                {index + 1}. {t(`rating.element.${element}`)}
                {element !== 'feedback' ? (
                  <span className="required" aria-hidden="true">
                    {' '}
                    *
                  </span>
                ) : null}
              </legend>
              <p className="field-hint" id={`hint-${element}`}>
                {t(`rating.hint.${element}`)}
              </p>
              <div className="rating-levels">
                {LEVELS.map((level) => (
                  <label key={level} className="rating-level">
                    <input
                      type="radio"
                      name={`rating-${element}`}
                      value={level}
                      checked={answers[element] === level}
                      required={element !== 'feedback'}
                      aria-invalid={missing.includes(element) ? true : undefined}
                      onChange={() => setAnswers((a) => ({ ...a, [element]: level }))}
                    />
                    <span>{t(`rating.level.${level}`)}</span>
                  </label>
                ))}
                {element === 'feedback' ? (
                  <label className="rating-level">
                    <input
                      type="radio"
                      name="rating-feedback"
                      value=""
                      checked={answers.feedback === null}
                      onChange={() => setAnswers((a) => ({ ...a, feedback: null }))}
                    />
                    <span>{t('rating.notApplicable')}</span>
                  </label>
                ) : null}
              </div>
            </fieldset>
          ))}
          <TextField
            label={t('rating.comment')}
            name="comment"
            multiline={4}
            maxLength={2000}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
          <Button type="submit" variant="primary" busy={busy}>
            {existing ? t('rating.update') : t('rating.submit')}
          </Button>
        </form>
      ) : null}
    </div>
  );
}
