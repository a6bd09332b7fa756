import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAuth } from '../auth.js';
import { PageTitle } from '../components/PageTitle.js';
import { MyResults } from '../features/scorecards/MyResults.js';
import { navigationFor } from '../routes.js';

/**
 * The back office's start page: who you are, your roles and units, your screens, and your own
 * results (for the staff who work dossiers).
 */
export default function OfficeHomePage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const roles = user?.roles.map((grant) => grant.role) ?? [];
  const screens = navigationFor('office', roles).filter((route) => route.path !== '/quan-tri');
  return (
    <>
      <PageTitle title={t('office:welcome', { name: user?.name ?? '' })} />
      <section aria-labelledby="my-roles">
        <h2 id="my-roles">{t('office:myRoles')}</h2>
        <ul className="role-list">
          {user?.roles.map((grant) => (
            <li key={`${grant.role}-${grant.unitId}`}>
              <strong>{t(`roles:${grant.role}`)}</strong>
              {grant.unitName ? ` — ${grant.unitName}` : ''}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="my-screens">
        <h2 id="my-screens">{t('office:myScreens')}</h2>
        <ul className="quick-links">
          {screens.map((route) => (
            <li key={route.path}>
              <Link className="quick-link" to={route.path}>
                <span className="quick-link-title">{t(route.navKey!)}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <MyResults />
    </>
  );
}
