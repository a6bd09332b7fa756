import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router-dom';
import { RequireRole, STAFF_ROLES, useAuth, userHasRole } from '../auth.js';
import { Skeleton } from '../components/Skeleton.js';
import { navigationFor } from '../routes.js';
import { SiteFooter } from './SiteFooter.js';
import { SiteHeader } from './SiteHeader.js';
import { SkipLink, useFocusOnNavigate } from './SkipLink.js';

/** The back office (/quan-tri): staff only; a side navigation filtered by the user's roles. */
export function OfficeLayout() {
  const { t } = useTranslation();
  const mainRef = useFocusOnNavigate();
  const { user } = useAuth();
  const isStaff = userHasRole(user, STAFF_ROLES);
  return (
    <div className="app">
      <SkipLink />
      <SiteHeader />
      {isStaff ? (
        <div className="container office">
          <OfficeNav />
          <main id="main" ref={mainRef} tabIndex={-1} className="main office-main">
            <Suspense fallback={<Skeleton lines={4} label={t('common:loading')} />}>
              <Outlet />
            </Suspense>
          </main>
        </div>
      ) : (
        <main id="main" ref={mainRef} tabIndex={-1} className="main container">
          {/* Redirects anonymous visitors to sign in; tells citizens they have no access. */}
          <RequireRole roles={STAFF_ROLES}>{null}</RequireRole>
        </main>
      )}
      <SiteFooter />
    </div>
  );
}

/**
 * The side menu; on a phone a button opens it (with a dozen screens for the reform office, the
 * links laid out across a 360 px screen pushed the page's own content below the fold).
 */
function OfficeNav() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [open, setOpen] = useState(false);
  const roles = user?.roles.map((grant) => grant.role) ?? [];
  return (
    <nav className="sidenav" aria-label={t('nav:office.label')}>
      <button
        type="button"
        className="sidenav-toggle"
        aria-expanded={open}
        aria-controls="sidenav-list"
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true">☰</span> {t('nav:office.menu')}
      </button>
      <ul id="sidenav-list" className={open ? 'open' : ''}>
        {navigationFor('office', roles).map((route) => (
          <li key={route.path}>
            <NavLink
              to={route.path}
              end={route.path === '/quan-tri'}
              onClick={() => setOpen(false)}
            >
              {t(route.navKey!)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
