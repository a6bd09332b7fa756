import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router-dom';
import { Skeleton } from '../components/Skeleton.js';
import { SiteFooter } from './SiteFooter.js';
import { SiteHeader } from './SiteHeader.js';
import { SkipLink, useFocusOnNavigate } from './SkipLink.js';

/** The public portal: skip link, banner with navigation, main content, footer. */
export function PublicLayout() {
  const { t } = useTranslation();
  const mainRef = useFocusOnNavigate();
  return (
    <div className="app">
      <SkipLink />
      <SiteHeader />
      <main id="main" ref={mainRef} tabIndex={-1} className="main container">
        <Suspense fallback={<Skeleton lines={4} label={t('common:loading')} />}>
          <Outlet />
        </Suspense>
      </main>
      <SiteFooter />
    </div>
  );
}
