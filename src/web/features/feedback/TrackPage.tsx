import './feedback.css';
import {
  type FormEvent,
  type RefObject,
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { DateTime } from '../../components/DateTime.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Skeleton } from '../../components/Skeleton.js';
import { TextField } from '../../components/TextField.js';
import { feedbackApi, hasReply, type Tracking, type TrackingWithRatings } from './api.js';
import { DeadlineFacts, isPast, StateBadge } from './FeedbackBits.js';

/**
 * `/phan-anh/tra-cuu[/:code]` — the holder of a tracking code follows the item: state, unit,
 * deadlines and the reply (no personal data: the API gives none); once there is a reply, rates
 * it (like/dislike, can be changed) and may complain again, which opens a new item.
 */
export default function TrackPage() {
  const { t } = useTranslation('feedback');
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const [input, setInput] = useState(code);
  const [inputError, setInputError] = useState<string | null>(null);
  const [item, setItem] = useState<TrackingWithRatings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Focus goes to the result after a look-up only: an answer given on the page keeps it there.
  const lookedUp = useRef(false);

  const load = useCallback(async () => {
    if (!code) return;
    setLoading(true);
    setError(null);
    try {
      setItem(await feedbackApi.track(code));
      lookedUp.current = true;
    } catch (e) {
      setItem(null);
      setError(
        isApiError(e) && e.code === 'not_found'
          ? t('track.notFound')
          : isApiError(e)
            ? e.message
            : String(e),
      );
    } finally {
      setLoading(false);
    }
  }, [code, t]);

  useEffect(() => {
    setInput(code);
    void load();
  }, [code, load]);

  useEffect(() => {
    // A look-up moved the page: take the user to its result.
    if (item && lookedUp.current) {
      lookedUp.current = false;
      headingRef.current?.focus();
    }
  }, [item]);

  const search = (event: FormEvent) => {
    event.preventDefault();
    const wanted = input.trim().toUpperCase();
    if (!wanted) {
      setInputError(t('track.code'));
      return;
    }
    setInputError(null);
    navigate(`/phan-anh/tra-cuu/${encodeURIComponent(wanted)}`);
  };

  return (
    <div className="fb">
      <PageTitle title={t('track.title')} subtitle={t('track.subtitle')} />
      <form className="fb-card fb-search" onSubmit={search} noValidate>
        <TextField
          label={t('track.code')}
          hint={t('track.codeHint')}
          name="code"
          autoComplete="off"
          spellCheck={false}
          maxLength={40}
          value={input}
          onChange={(e) => setInput(e.target.value)}
          error={inputError}
        />
        <Button type="submit" variant="primary">
          {t('track.search')}
        </Button>
      </form>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {loading && !item ? <Skeleton lines={4} /> : null}
      {item ? <TrackedItem item={item} headingRef={headingRef} onChange={setItem} /> : null}
      <p className="fb-links">
        <Link to="/phan-anh">{t('submit.title')}</Link>
        <Link to="/phan-anh/tra-loi">{t('submit.answers')}</Link>
      </p>
    </div>
  );
}

function TrackedItem({
  item,
  headingRef,
  onChange,
}: {
  item: TrackingWithRatings;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onChange: (item: TrackingWithRatings) => void;
}) {
  const { t } = useTranslation('feedback');
  const ids = useId();
  const replied = hasReply(item.state);
  const [supplied, setSupplied] = useState(false);
  const suppliedRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The form is gone with the request: keep the keyboard user on the confirmation.
    if (supplied) suppliedRef.current?.focus();
  }, [supplied]);
  return (
    <>
      <section className="fb-card" aria-labelledby={`${ids}-title`}>
        <h2 id={`${ids}-title`} ref={headingRef} tabIndex={-1}>
          {t('track.resultTitle', { code: item.code })}
        </h2>
        <dl className="facts">
          <dt>{t('track.state')}</dt>
          <dd data-testid="feedback-state">
            <StateBadge state={item.state} />
          </dd>
          <dt>{t('track.kind')}</dt>
          <dd>{t(`kind.${item.kind}`)}</dd>
          <dt>{t('track.subject')}</dt>
          <dd className="fb-text">{item.subject}</dd>
          <dt>{t('track.unit')}</dt>
          <dd>{item.unit}</dd>
          <dt>{t('track.channel')}</dt>
          <dd>{t(`channel.${item.channel}`)}</dd>
          <dt>{t('track.received')}</dt>
          <dd>
            <DateTime value={item.receivedAt} />
          </dd>
        </dl>
      </section>
      {item.infoRequest ? (
        <SupplyInfo
          item={item}
          request={item.infoRequest}
          onChange={(updated) => {
            setSupplied(true);
            onChange(updated);
          }}
        />
      ) : null}
      <div className="fb-status" ref={suppliedRef} tabIndex={-1}>
        {supplied ? <Alert tone="success">{t('track.infoSent')}</Alert> : null}
      </div>
      <section className="fb-card" aria-labelledby={`${ids}-deadlines`}>
        <h2 id={`${ids}-deadlines`}>{t('deadline.title')}</h2>
        <DeadlineFacts deadlines={item.deadlines} dueAt={item.dueAt} overdue={isPast(item.dueAt)} />
      </section>
      <section className="fb-card" aria-labelledby={`${ids}-reply`}>
        <h2 id={`${ids}-reply`}>
          {item.state === 'rejected' ? t('track.rejection') : t('track.reply')}
        </h2>
        {item.reply ? (
          <>
            <p
              className={`fb-text fb-answer${item.state === 'rejected' ? ' fb-answer-rejected' : ''}`}
              data-testid="feedback-reply"
            >
              {item.reply}
            </p>
            <dl className="facts">
              {item.repliedAt ? (
                <>
                  <dt>{t('track.repliedAt')}</dt>
                  <dd>
                    <DateTime value={item.repliedAt} />
                  </dd>
                </>
              ) : null}
              {item.publishedAt ? (
                <>
                  <dt>{t('track.publishedAt')}</dt>
                  <dd>
                    <DateTime value={item.publishedAt} />
                  </dd>
                </>
              ) : null}
            </dl>
          </>
        ) : (
          <p>{t('track.noReply')}</p>
        )}
      </section>
      {replied ? <RateReply item={item} /> : null}
      {replied ? <ComplainAgain item={item} /> : null}
    </>
  );
}

function RateReply({ item }: { item: TrackingWithRatings }) {
  const { t } = useTranslation('feedback');
  const ids = useId();
  // The look-up answers the code holder's own rating: the button shows pressed after a reload.
  const [mine, setMine] = useState<'like' | 'dislike' | null>(item.rating);
  const [ratings, setRatings] = useState(item.ratings);
  const [thanked, setThanked] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => setRatings(item.ratings), [item.ratings]);
  useEffect(() => setMine(item.rating), [item.rating]);

  const rate = async (value: 'like' | 'dislike') => {
    setBusy(true);
    setError(null);
    try {
      const result = await feedbackApi.rate(item.code, value);
      setMine(result.value);
      setRatings(result.ratings);
      setThanked(true);
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="fb-card" aria-labelledby={`${ids}-rate`}>
      <h2 id={`${ids}-rate`}>{t('track.rateTitle')}</h2>
      <div className="fb-rate actions">
        <Button
          variant={mine === 'like' ? 'primary' : 'secondary'}
          aria-pressed={mine === 'like'}
          busy={busy}
          onClick={() => void rate('like')}
        >
          <span aria-hidden="true">👍</span> {t('track.like')}
        </Button>
        <Button
          variant={mine === 'dislike' ? 'primary' : 'secondary'}
          aria-pressed={mine === 'dislike'}
          busy={busy}
          onClick={() => void rate('dislike')}
        >
          <span aria-hidden="true">👎</span> {t('track.dislike')}
        </Button>
      </div>
      <p className="field-hint" data-testid="feedback-ratings">
        {t('track.likes', { count: ratings.likes })} ·{' '}
        {t('track.dislikes', { count: ratings.dislikes })}
      </p>
      <div role="status" className="fb-status">
        {thanked ? <Alert tone="success">{t('track.rated')}</Alert> : null}
      </div>
      {error ? <Alert tone="error">{error}</Alert> : null}
    </section>
  );
}

/**
 * While the unit waits for information: what it asked, and a form to answer online (the same
 * step as staff recording it; the item goes back to processing and its answer clock restarts).
 */
function SupplyInfo({
  item,
  request,
  onChange,
}: {
  item: TrackingWithRatings;
  request: { note: string | null; requestedAt: string };
  onChange: (item: TrackingWithRatings) => void;
}) {
  const { t } = useTranslation('feedback');
  const ids = useId();
  return (
    <section className="fb-card" aria-labelledby={`${ids}-info`} data-testid="feedback-info">
      <h2 id={`${ids}-info`}>{t('track.infoTitle')}</h2>
      <dl className="facts">
        <dt>{t('track.infoAsked')}</dt>
        <dd className="fb-text" data-testid="feedback-info-note">
          {request.note ?? t('track.infoNoNote')}
        </dd>
        <dt>{t('track.infoAskedAt')}</dt>
        <dd>
          <DateTime value={request.requestedAt} />
        </dd>
      </dl>
      <TextSendForm
        prefix="track.info"
        name="information"
        maxLength={5000}
        send={async (text) => onChange(await feedbackApi.supplyInfo(item.code, text))}
      />
    </section>
  );
}

function ComplainAgain({ item }: { item: TrackingWithRatings }) {
  const { t } = useTranslation('feedback');
  const ids = useId();
  const [created, setCreated] = useState<Tracking | null>(null);
  const doneRef = useRef<HTMLDivElement>(null);

  return (
    <section className="fb-card" aria-labelledby={`${ids}-complain`}>
      <h2 id={`${ids}-complain`}>{t('track.complainTitle')}</h2>
      <div ref={doneRef} tabIndex={-1}>
        {created ? (
          <Alert tone="success" title={t('track.complained')}>
            <p>
              <Link to={`/phan-anh/tra-cuu/${created.code}`} className="fb-code">
                {created.code}
              </Link>
            </p>
          </Alert>
        ) : null}
      </div>
      {created ? null : (
        <TextSendForm
          prefix="track.complain"
          name="complaint"
          maxLength={10000}
          send={async (text) => {
            setCreated(await feedbackApi.complain(item.code, text));
            requestAnimationFrame(() => doneRef.current?.focus());
          }}
        />
      )}
    </section>
  );
}

/**
 * One required text sent by the code holder (an answer to a request, a new complaint): the
 * texts come from `<prefix>Hint`, `Content`, `Required` and `Submit`; an empty text is refused
 * in place with focus on the field, a refusal from the server is shown above it.
 */
function TextSendForm({
  prefix,
  name,
  maxLength,
  send,
}: {
  prefix: 'track.info' | 'track.complain';
  name: string;
  maxLength: number;
  send: (text: string) => Promise<void>;
}) {
  const { t } = useTranslation('feedback');
  const [content, setContent] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldRef = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!content.trim()) {
      setFieldError(t(`${prefix}Required`));
      fieldRef.current?.focus();
      return;
    }
    setFieldError(null);
    setError(null);
    setBusy(true);
    try {
      await send(content.trim());
      setContent('');
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="fb-form">
      <p className="field-hint">{t(`${prefix}Hint`)}</p>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <TextField
        ref={fieldRef}
        label={t(`${prefix}Content`)}
        name={name}
        multiline={4}
        required
        maxLength={maxLength}
        value={content}
        onChange={(e) => setContent(e.target.value)}
        error={fieldError}
      />
      <p className="actions">
        <Button type="submit" busy={busy}>
          {t(`${prefix}Submit`)}
        </Button>
      </p>
    </form>
  );
}
