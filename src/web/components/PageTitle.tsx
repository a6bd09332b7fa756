import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The page's visible <h1> and `document.title` ("<title> – Một Cửa"), so screen-reader users
 * hear where a navigation took them. `subtitle` renders as a lead paragraph.
 */
export function PageTitle({ title, subtitle }: { title: string; subtitle?: string }) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} – ${t('common:appName')}`;
  }, [title, t]);
  return (
    <header className="page-title">
      <h1>{title}</h1>
      {subtitle ? <p className="lead">{subtitle}</p> : null}
    </header>
  );
}
