import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';

/** The first focusable element: jumps over the banner and navigation to the main content. */
export function SkipLink() {
  const { t } = useTranslation('a11y');
  return (
    <a className="skip-link" href="#main">
      {t('skipToContent')}
    </a>
  );
}

/**
 * After a client-side navigation, moves focus to <main> so keyboard and screen-reader users
 * start at the new content (not on the first page load, which starts at the top as usual).
 */
export function useFocusOnNavigate() {
  const ref = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const previous = useRef(pathname);
  useEffect(() => {
    // Compared with the last path (not a first-run flag) so React's double effects in
    // development do not steal focus on the first load.
    if (previous.current === pathname) return;
    previous.current = pathname;
    ref.current?.focus({ preventScroll: false });
    window.scrollTo({ top: 0 });
  }, [pathname]);
  return ref;
}
