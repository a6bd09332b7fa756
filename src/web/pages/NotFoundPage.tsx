import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { PageTitle } from '../components/PageTitle.js';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle title={t('common:notFoundTitle')} subtitle={t('common:notFoundText')} />
      <p>
        <Link to="/">{t('common:backHome')}</Link>
      </p>
    </>
  );
}
