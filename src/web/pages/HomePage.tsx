import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { LinkCards } from '../components/LinkCards.js';
import { PageTitle } from '../components/PageTitle.js';

const QUICK_LINKS = [
  { to: '/thu-tuc', key: 'catalogue', icon: 'M4 4h16v4H4zM4 10h16v4H4zM4 16h10v4H4z' },
  { to: '/tra-cuu', key: 'lookup', icon: 'M10 3a7 7 0 1 1 0 14a7 7 0 0 1 0-14zM15 15l6 6' },
  { to: '/dang-nhap/cong-dan', key: 'apply', icon: 'M6 3h9l4 4v14H6zM9 12h7M9 16h7' },
  { to: '/cong-khai', key: 'transparency', icon: 'M4 20V10M10 20V4M16 20v-7M22 20H2' },
] as const;

/** The portal's front page: search the procedures, and the four things people come for. */
export default function HomePage() {
  const { t } = useTranslation('home');
  const navigate = useNavigate();
  const [query, setQuery] = useState('');

  const search = (event: FormEvent) => {
    event.preventDefault();
    const text = query.trim();
    navigate(text ? `/thu-tuc?q=${encodeURIComponent(text)}` : '/thu-tuc');
  };

  return (
    <>
      <section className="hero">
        <PageTitle title={t('title')} subtitle={t('subtitle')} />
        <search>
          <form className="search" onSubmit={search}>
            <label htmlFor="home-search" className="visually-hidden">
              {t('searchLabel')}
            </label>
            <input
              id="home-search"
              type="search"
              value={query}
              onChange={(event) => setQuery(event.target.value)}
              placeholder={t('searchPlaceholder')}
              autoComplete="off"
            />
            <button type="submit" className="btn btn-primary">
              {t('searchButton')}
            </button>
          </form>
        </search>
      </section>
      <section aria-labelledby="quick-title">
        <h2 id="quick-title">{t('quickTitle')}</h2>
        <LinkCards
          cards={QUICK_LINKS.map((link) => ({
            to: link.to,
            icon: link.icon,
            title: t(`quick.${link.key}.title`),
            text: t(`quick.${link.key}.text`),
          }))}
        />
      </section>
    </>
  );
}
