import { useTranslation } from 'react-i18next';

export function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <div className="container footer-inner">
        <div>
          <p className="footer-title">{t('common:footerOwner')}</p>
          <p>{t('common:footerCopyright')}</p>
        </div>
        <p className="footer-note">{t('common:footerNote')}</p>
      </div>
    </footer>
  );
}
