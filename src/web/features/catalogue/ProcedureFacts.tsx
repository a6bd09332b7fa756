import { useTranslation } from 'react-i18next';
import { DateTime, Money } from '../../components/DateTime.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import type { PublicProcedure } from './api.js';
import { cutPercent, formatLimit, onlineTone } from './format.js';

/**
 * The content of a procedure as an applicant reads it (public page and back-office view):
 * time promised against time set by law, channels, documents, fees, result and legal basis.
 */
export function ProcedureFacts({ procedure: p }: { procedure: PublicProcedure }) {
  const { t, i18n } = useTranslation('catalogue');
  const cut = cutPercent(p.legalLimit, p.promisedLimit);
  return (
    <div className="catalogue-detail">
      <section aria-labelledby="proc-general">
        <h2 id="proc-general" className="visually-hidden">
          {t('detail.code')}
        </h2>
        <dl className="catalogue-facts-grid">
          <dt>{t('detail.field')}</dt>
          <dd>{p.field?.name ?? p.field?.code ?? '—'}</dd>
          <dt>{t('detail.level')}</dt>
          <dd>{t(`levels.${p.level}`)}</dd>
          <dt>{t('detail.agency')}</dt>
          <dd>
            {p.agency
              ? i18n.language === 'en' && p.agency.nameEn
                ? p.agency.nameEn
                : p.agency.name
              : t('detail.agencyByLevel')}
          </dd>
          <dt>{t('detail.applicants')}</dt>
          <dd>{p.applicantKinds.map((k) => t(`applicants.${k}`)).join(', ')}</dd>
        </dl>
      </section>

      <section aria-labelledby="proc-time">
        <h2 id="proc-time">{t('detail.time')}</h2>
        <dl className="catalogue-facts-grid">
          <dt>{t('detail.promisedTime')}</dt>
          <dd>
            <strong>{formatLimit(t, p.promisedLimit, p.limitUnit, i18n.language)}</strong>
            {cut !== null ? <> ({t('detail.cut', { percent: cut })})</> : null}
          </dd>
          <dt>{t('detail.legalTime')}</dt>
          <dd>{formatLimit(t, p.legalLimit, p.limitUnit, i18n.language)}</dd>
        </dl>
      </section>

      <section aria-labelledby="proc-channels">
        <h2 id="proc-channels">{t('detail.channels')}</h2>
        <p>
          <StatusBadge tone={onlineTone(p.onlineLevel)}>{t(`online.${p.onlineLevel}`)}</StatusBadge>
        </p>
        <ul>
          <li>{t('detail.inPerson')}</li>
          {p.onlineLevel !== 'none' ? <li>{t('detail.online')}</li> : null}
          {p.postalIn ? <li>{t('detail.postIn')}</li> : null}
          {p.postalOut ? <li>{t('detail.postOut')}</li> : null}
          {p.boundaryFree ? <li>{t('detail.boundaryFree')}</li> : null}
          {p.populationDb ? <li>{t('detail.populationDb')}</li> : null}
        </ul>
      </section>

      <section aria-labelledby="proc-components">
        <h2 id="proc-components">{t('detail.components')}</h2>
        <table className="catalogue-table">
          <caption className="visually-hidden">{t('detail.componentsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('detail.componentName')}</th>
              <th scope="col" className="num">
                {t('detail.copies')}
              </th>
              <th scope="col">{t('detail.requiredColumn')}</th>
              <th scope="col">{t('detail.digitise')}</th>
            </tr>
          </thead>
          <tbody>
            {p.components.map((c) => (
              <tr key={c.code}>
                <th scope="row">{c.name}</th>
                <td className="num">{c.copies}</td>
                <td>{c.required ? t('detail.required') : t('detail.optional')}</td>
                <td>{c.mustDigitise ? t('detail.mustDigitise') : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="proc-fees">
        <h2 id="proc-fees">{t('detail.fees')}</h2>
        {p.fees.length === 0 ? (
          <p>{t('detail.noFees')}</p>
        ) : (
          <table className="catalogue-table">
            <caption className="visually-hidden">{t('detail.feesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('detail.feeName')}</th>
                <th scope="col" className="num">
                  {t('detail.amount')}
                </th>
              </tr>
            </thead>
            <tbody>
              {p.fees.map((f, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: fee names may repeat; the order is the identity
                <tr key={i}>
                  <th scope="row">{f.name}</th>
                  <td className="num">
                    <Money amount={f.amount} />
                  </td>
                </tr>
              ))}
            </tbody>
            {p.fees.length > 1 ? (
              <tfoot>
                <tr>
                  <th scope="row">{t('detail.feeTotal')}</th>
                  <td className="num">
                    <Money amount={p.feeTotal} />
                  </td>
                </tr>
              </tfoot>
            ) : null}
          </table>
        )}
      </section>

      <section aria-labelledby="proc-result">
        <h2 id="proc-result">{t('detail.result')}</h2>
        <dl className="catalogue-facts-grid">
          {p.resultName ? (
            <>
              <dt>{t('detail.result')}</dt>
              <dd>{p.resultName}</dd>
            </>
          ) : null}
          <dt>{t('detail.resultType')}</dt>
          <dd>{t(`resultTypes.${p.resultType}`)}</dd>
          <dt>{t('detail.certification')}</dt>
          <dd>{p.certification ? t('detail.yes') : t('detail.no')}</dd>
        </dl>
      </section>

      {p.legalBasis ? (
        <section aria-labelledby="proc-legal">
          <h2 id="proc-legal">{t('detail.legalBasis')}</h2>
          <ul>
            {p.legalBasis.split('\n').map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          {p.legalEffectiveOn ? (
            <p>
              {t('detail.legalEffectiveOn')}: <DateTime value={p.legalEffectiveOn} dateOnly />
            </p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
