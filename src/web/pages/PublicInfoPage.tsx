import { useTranslation } from 'react-i18next';
import { LinkCards } from '../components/LinkCards.js';
import { PageTitle } from '../components/PageTitle.js';

/** What the province publishes, one card each (the main menu has one entry for all of them). */
export const PUBLIC_INFO_PAGES = [
  { to: '/cong-khai', key: 'results', icon: 'M4 20V10M10 20V4M16 20v-7M22 20H2' },
  {
    to: '/chi-so-cchc',
    key: 'annual',
    icon: 'M12 3l2.6 5.3 5.9.9-4.3 4.1 1 5.8L12 16.3 6.8 19l1-5.8-4.3-4.1 5.9-.9z',
  },
  {
    to: '/duong-day-nong',
    key: 'hotlines',
    icon: 'M5 3h4l2 5-2.5 1.5a11 11 0 0 0 6 6L16 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 5a2 2 0 0 1 2-2z',
  },
  { to: '/lich-tiep-cong-dan', key: 'reception', icon: 'M4 5h16v16H4zM4 10h16M9 3v4M15 3v4' },
  { to: '/phan-anh/tra-loi', key: 'answers', icon: 'M4 4h16v12H8l-4 4zM8 9h8M8 12h5' },
] as const;

/** `/thong-tin-cong-khai` — results, indices, hotlines, reception schedule, published answers. */
export default function PublicInfoPage() {
  const { t } = useTranslation('home');
  return (
    <>
      <PageTitle title={t('publicInfo.title')} subtitle={t('publicInfo.subtitle')} />
      <LinkCards
        cards={PUBLIC_INFO_PAGES.map((page) => ({
          to: page.to,
          icon: page.icon,
          title: t(`publicInfo.${page.key}.title`),
          text: t(`publicInfo.${page.key}.text`),
        }))}
      />
    </>
  );
}
