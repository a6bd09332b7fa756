import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../components/PageTitle.js';

/**
 * A route-registry place holder for a screen another team is building: it keeps the navigation
 * complete and says plainly that the screen is not available yet.
 */
export function comingSoon(titleKey: string): ComponentType {
  // Called once per registry entry at module load, so each place holder keeps one identity.
  // biome-ignore lint/correctness/noComponentHookFactories: see above.
  function ComingSoonPage() {
    const { t } = useTranslation();
    return (
      <>
        <PageTitle title={t(titleKey)} />
        <p className="notice">{t('common:comingSoon')}</p>
      </>
    );
  }
  return ComingSoonPage;
}
