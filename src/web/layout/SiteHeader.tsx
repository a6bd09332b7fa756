import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, useLocation, useNavigate } from 'react-router-dom';
import { STAFF_ROLES, useAuth, userHasRole } from '../auth.js';
import { navigationFor } from '../routes.js';
import { DisplaySettings } from './DisplaySettings.js';
import { Emblem } from './Emblem.js';

/** Whether `path` is one of `prefixes` or under one. */
function underAny(path: string, prefixes: readonly string[] | undefined): boolean {
  return (prefixes ?? []).some((p) => path === p || path.startsWith(`${p}/`));
}

/** Banner (tool bar, emblem and province name, account) and the public main navigation. */
export function SiteHeader() {
  const { t } = useTranslation();
  const { user, signOut } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const isStaff = userHasRole(user, STAFF_ROLES);

  return (
    <header className="site-header">
      <div className="topbar">
        <div className="container topbar-inner">
          <DisplaySettings />
          <div className="account">
            {user ? (
              <>
                <span className="account-name">{user.name}</span>
                {isStaff ? (
                  <Link to="/quan-tri" className="topbar-link">
                    {t('nav:office.home')}
                  </Link>
                ) : null}
                <button
                  type="button"
                  className="tool"
                  onClick={() => {
                    // Leave the back office first: once the user is gone it would redirect to sign-in.
                    navigate('/');
                    void signOut();
                  }}
                >
                  {t('auth:signOut')}
                </button>
              </>
            ) : (
              <>
                <Link to="/dang-nhap/cong-dan" className="topbar-link">
                  {t('auth:citizenSignIn')}
                </Link>
                <Link to="/dang-nhap" className="topbar-link">
                  {t('auth:staffSignIn')}
                </Link>
              </>
            )}
          </div>
        </div>
      </div>
      <div className="brand">
        <div className="container brand-inner">
          <Link to="/" className="brand-link">
            <Emblem />
            <span className="brand-text">
              <span className="brand-portal">{t('common:portalName')}</span>
              <span className="brand-province">{t('common:province')}</span>
            </span>
          </Link>
        </div>
      </div>
      <nav className="mainnav" aria-label={t('nav:main')}>
        <div className="container">
          <button
            type="button"
            className="menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="mainnav-list"
            onClick={() => setMenuOpen((open) => !open)}
          >
            <span aria-hidden="true">☰</span> {t('nav:menu')}
          </button>
          <ul id="mainnav-list" className={menuOpen ? 'open' : ''}>
            {navigationFor('public', null).map((route) => (
              <li key={route.path}>
                <NavLink
                  to={route.path}
                  end={route.path === '/'}
                  className={({ isActive }) =>
                    isActive || underAny(location.pathname, route.navAlso) ? 'active' : ''
                  }
                  onClick={() => setMenuOpen(false)}
                >
                  {t(route.navKey!)}
                </NavLink>
              </li>
            ))}
          </ul>
        </div>
      </nav>
    </header>
  );
}
