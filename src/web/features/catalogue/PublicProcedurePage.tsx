import './catalogue.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { Alert } from '../../components/Alert.js';
import { DateTime } from '../../components/DateTime.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Skeleton } from '../../components/Skeleton.js';
import { catalogueApi, type PublicProcedure } from './api.js';
import { ProcedureFacts } from './ProcedureFacts.js';

/** One procedure for the public: documents, fees, promised and legal time, channels, legal basis. */
export default function PublicProcedurePage() {
  const { code = '' } = useParams();
  const { t, i18n } = useTranslation('catalogue');
  const [procedure, setProcedure] = useState<PublicProcedure | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setProcedure(null);
    setError(null);
    catalogueApi.publicGet(code).then(setProcedure, (e: unknown) => {
      setError(
        isApiError(e) && e.code === 'not_found'
          ? t('public.notFound')
          : isApiError(e)
            ? e.message
            : String(e),
      );
    });
  }, [code, t]);

  return (
    <div className="catalogue">
      <p>
        <Link to="/thu-tuc">← {t('public.back')}</Link>
      </p>
      {error ? (
        <>
          <PageTitle title={t('public.title')} />
          <Alert tone="error">{error}</Alert>
        </>
      ) : null}
      {!procedure && !error ? <Skeleton lines={8} /> : null}
      {procedure ? (
        <>
          <PageTitle
            title={i18n.language === 'en' && procedure.nameEn ? procedure.nameEn : procedure.name}
            subtitle={procedure.code}
          />
          {procedure.onlineLevel !== 'none' ? (
            <p>
              <Link
                className="btn btn-primary"
                to={`/nop-ho-so/${encodeURIComponent(procedure.code)}`}
              >
                {t('portal:applyOnline')}
              </Link>
            </p>
          ) : null}
          <ProcedureFacts procedure={procedure} />
          {procedure.announcedOn || procedure.publishedOn ? (
            <p className="catalogue-dates">
              {procedure.announcedOn ? (
                <span>
                  {t('detail.announcedOn')}: <DateTime value={procedure.announcedOn} dateOnly />
                </span>
              ) : null}
              {procedure.publishedOn ? (
                <span>
                  {t('detail.publishedOn')}: <DateTime value={procedure.publishedOn} dateOnly />
                </span>
              ) : null}
            </p>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
