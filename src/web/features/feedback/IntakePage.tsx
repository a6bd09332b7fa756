import './feedback.css';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { useAuth } from '../../auth.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Select } from '../../components/Select.js';
import { feedbackApi, INTAKE_CHANNELS, type StaffUnit, type Tracking } from './api.js';
import { ItemForm, type SummaryItem } from './ItemForm.js';
import { coveredUnits } from './units.js';
import {
  type DraftIssue,
  draftIssues,
  draftToInput,
  EMPTY_DRAFT,
  type ItemDraft,
  serverIssues,
} from './validation.js';

const CHANNEL_ID = 'fb-intake-channel';
const UNIT_ID = 'fb-intake-unit';

/**
 * `/quan-tri/phan-anh/tiep-nhan` — a staff member records an item received by hotline, e-mail,
 * social media or in person, for one of the units they cover, and reads the tracking code out to
 * the submitter.
 */
export default function IntakePage() {
  const { t, i18n } = useTranslation('feedback');
  const { user } = useAuth();
  const [draft, setDraft] = useState<ItemDraft>(EMPTY_DRAFT);
  const [channel, setChannel] = useState('');
  const [unitId, setUnitId] = useState('');
  const [units, setUnits] = useState<StaffUnit[]>([]);
  const [issues, setIssues] = useState<DraftIssue[]>([]);
  const [extra, setExtra] = useState<SummaryItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Tracking | null>(null);
  const [doneId, setDoneId] = useState<number | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const doneRef = useRef<HTMLHeadingElement>(null);

  const ownUnit = user?.roles.find((r) => r.unitId !== null)?.unitId ?? null;
  useEffect(() => {
    feedbackApi.staffUnits().then(
      (r) =>
        setUnits(
          coveredUnits(
            r.units.filter((u) => !u.former),
            user?.roles ?? [],
          ),
        ),
      () => setUnits([]),
    );
  }, [user]);
  useEffect(() => {
    if (ownUnit !== null && unitId === '') setUnitId(String(ownUnit));
  }, [ownUnit, unitId]);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  const submit = async () => {
    const found = draftIssues(draft);
    const more: SummaryItem[] = [];
    if (!channel) more.push({ target: CHANNEL_ID, text: t('form.errors.channel') });
    if (!unitId) more.push({ target: UNIT_ID, text: t('form.errors.unit') });
    setIssues(found);
    setExtra(more);
    setError(null);
    if (found.length > 0 || more.length > 0) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setBusy(true);
    try {
      const input = draftToInput(draft);
      const taken = await feedbackApi.takeIn({
        ...input,
        channel: channel as (typeof INTAKE_CHANNELS)[number],
        unitId: Number(unitId),
      });
      setDoneId(taken.id);
      setDone(taken);
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
      <PageTitle title={t('intake.title')} subtitle={t('intake.subtitle')} />
      <p>
        <Link to="/quan-tri/phan-anh">{t('detail.back')}</Link>
      </p>
      {done ? (
        <section className="fb-card fb-done" aria-labelledby="fb-intake-done">
          <h2 id="fb-intake-done" ref={doneRef} tabIndex={-1}>
            {t('intake.success')}{' '}
            <span className="fb-code" data-testid="tracking-code">
              {done.code}
            </span>
          </h2>
          <p>{t('intake.successHint')}</p>
          <p className="actions">
            <Link
              className="btn btn-primary"
              to={doneId !== null ? `/quan-tri/phan-anh/${doneId}` : '/quan-tri/phan-anh'}
            >
              {t('intake.open')}
            </Link>
            <button
              type="button"
              className="btn btn-secondary"
              onClick={() => {
                setDone(null);
                setDraft(EMPTY_DRAFT);
                setChannel('');
                setIssues([]);
                setExtra([]);
              }}
            >
              {t('intake.another')}
            </button>
          </p>
        </section>
      ) : (
        <section className="fb-card">
          <ItemForm
            draft={draft}
            onChange={setDraft}
            issues={issues}
            extraSummary={extra}
            error={error}
            busy={busy}
            submitLabel={t('intake.submit')}
            onSubmit={() => void submit()}
            summaryRef={summaryRef}
            extra={
              <div className="fb-grid">
                <Select
                  id={CHANNEL_ID}
                  label={t('intake.channel')}
                  required
                  name="channel"
                  value={channel}
                  placeholder={t('form.choose')}
                  options={INTAKE_CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
                  onChange={(e) => setChannel(e.target.value)}
                  error={
                    extra.some((x) => x.target === CHANNEL_ID) ? t('form.errors.channel') : null
                  }
                />
                <Select
                  id={UNIT_ID}
                  label={t('intake.unit')}
                  required
                  name="unitId"
                  value={unitId}
                  placeholder={t('form.choose')}
                  options={units.map((u) => ({
                    value: String(u.id),
                    label: english && u.nameEn ? u.nameEn : u.name,
                  }))}
                  onChange={(e) => setUnitId(e.target.value)}
                  error={extra.some((x) => x.target === UNIT_ID) ? t('form.errors.unit') : null}
                />
              </div>
            }
          />
        </section>
      )}
    </div>
  );
}
