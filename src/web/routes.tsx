import { type ComponentType, lazy } from 'react';
import type { Role } from './auth.js';

/**
 * THE route registry. Each screen is one entry; a team adds its screen with one import-free
 * line here (the element is lazy, so its code loads only when visited):
 *
 *   { path: '/quan-tri/ho-so', element: lazy(() => import('./features/dossiers/QueuePage.js')),
 *     area: 'office', roles: ['counter_officer', 'specialist', 'leader'], navKey: 'nav:office.dossiers' },
 *
 * - `path`: absolute. Public screens use Vietnamese slugs (`/thu-tuc`); back-office screens live
 *   under `/quan-tri/`. Nested paths (`/quan-tri/ho-so/:id`) are separate entries.
 * - `area`: 'public' renders in the portal layout for everyone; 'office' renders in the back
 *   office, only for a signed-in user holding one of `roles` (any staff role when omitted).
 * - `roles`: who may open it; also filters the navigation. The server still checks every request.
 * - `navKey`: an i18n key (`namespace:key`) — when present the screen gets a navigation link
 *   (`navAlso`: other screens that menu entry stands for, shown as current on them)
 *   (public: the main menu; office: the side menu), in the order of this array.
 */
export type Area = 'public' | 'office';

export interface AppRoute {
  path: string;
  element: ComponentType;
  area: Area;
  roles?: Role[];
  navKey?: string;
  /** Other paths (and those under them) whose screens show this menu entry as the current one. */
  navAlso?: string[];
}

const OFFICE_ALL: Role[] = [
  'counter_officer',
  'specialist',
  'leader',
  'reform_office',
  'administrator',
];

/** Who reads feedback (src/modules/feedback FEEDBACK_READ_ROLES): not the administrator. */
const FEEDBACK_ROLES: Role[] = ['counter_officer', 'specialist', 'leader', 'reform_office'];

/** Who reads the governance registers (src/modules/registers REGISTER_READ_ROLES). */
const REGISTER_ROLES: Role[] = ['specialist', 'leader', 'reform_office'];

export const ROUTES: AppRoute[] = [
  // Public portal
  {
    path: '/',
    element: lazy(() => import('./pages/HomePage.js')),
    area: 'public',
    navKey: 'nav:home',
  },
  {
    path: '/thu-tuc',
    element: lazy(() => import('./features/catalogue/PublicCataloguePage.js')),
    area: 'public',
    navKey: 'nav:catalogue',
  },
  {
    path: '/thu-tuc/:code',
    element: lazy(() => import('./features/catalogue/PublicProcedurePage.js')),
    area: 'public',
  },
  {
    path: '/tra-cuu',
    element: lazy(() => import('./pages/LookupPage.js')),
    area: 'public',
    navKey: 'nav:lookup',
  },
  {
    path: '/cong-khai',
    element: lazy(() => import('./features/indices/TransparencyPage.js')),
    area: 'public',
  },
  // Citizen portal (src/web/features/portal): apply, my dossiers, rating, payment result
  {
    path: '/nop-ho-so/:procedureCode',
    element: lazy(() => import('./features/portal/ApplyPage.js')),
    area: 'public',
  },
  {
    path: '/tai-khoan/ho-so',
    element: lazy(() => import('./features/portal/MyDossiersPage.js')),
    area: 'public',
    navKey: 'portal:nav.myDossiers',
  },
  {
    path: '/tai-khoan/ho-so/:id',
    element: lazy(() => import('./features/portal/MyDossierPage.js')),
    area: 'public',
  },
  {
    path: '/tai-khoan/ho-so/:id/danh-gia',
    element: lazy(() => import('./features/portal/RatingPage.js')),
    area: 'public',
  },
  {
    path: '/thanh-toan/ket-qua',
    element: lazy(() => import('./features/portal/PaymentResultPage.js')),
    area: 'public',
  },
  // Feedback and petitions (src/web/features/feedback): send, track by code, published answers
  {
    path: '/phan-anh',
    element: lazy(() => import('./features/feedback/SubmitPage.js')),
    area: 'public',
    navKey: 'feedback:nav.public',
  },
  {
    path: '/phan-anh/tra-cuu',
    element: lazy(() => import('./features/feedback/TrackPage.js')),
    area: 'public',
  },
  {
    path: '/phan-anh/tra-cuu/:code',
    element: lazy(() => import('./features/feedback/TrackPage.js')),
    area: 'public',
  },
  {
    path: '/phan-anh/tra-loi',
    element: lazy(() => import('./features/feedback/AnswersPage.js')),
    area: 'public',
  },
  // Annual PAR index (src/web/features/annual): published results, no sign-in
  {
    path: '/chi-so-cchc',
    element: lazy(() => import('./features/annual/PublicResultsPage.js')),
    area: 'public',
  },
  // Public information (src/web/features/publicinfo): hotlines, citizen-reception schedule
  {
    path: '/duong-day-nong',
    element: lazy(() => import('./features/publicinfo/PublicHotlinesPage.js')),
    area: 'public',
  },
  {
    path: '/lich-tiep-cong-dan',
    element: lazy(() => import('./features/publicinfo/PublicReceptionPage.js')),
    area: 'public',
  },
  // What the province publishes: one menu entry, a page of links (src/web/pages/PublicInfoPage)
  {
    path: '/thong-tin-cong-khai',
    element: lazy(() => import('./pages/PublicInfoPage.js')),
    area: 'public',
    navKey: 'nav:publicInfo',
    navAlso: [
      '/cong-khai',
      '/chi-so-cchc',
      '/duong-day-nong',
      '/lich-tiep-cong-dan',
      '/phan-anh/tra-loi',
    ],
  },
  { path: '/dang-nhap', element: lazy(() => import('./pages/StaffSignInPage.js')), area: 'public' },
  {
    path: '/dang-nhap/cong-dan',
    element: lazy(() => import('./pages/CitizenSignInPage.js')),
    area: 'public',
  },

  // Back office (/quan-tri)
  {
    path: '/quan-tri',
    element: lazy(() => import('./pages/OfficeHomePage.js')),
    area: 'office',
    roles: OFFICE_ALL,
    navKey: 'nav:office.home',
  },
  {
    path: '/quan-tri/ho-so',
    element: lazy(() => import('./features/dossiers/QueuePage.js')),
    area: 'office',
    roles: ['counter_officer', 'specialist', 'leader'],
    navKey: 'nav:office.dossiers',
  },
  {
    path: '/quan-tri/ho-so/tiep-nhan',
    element: lazy(() => import('./features/dossiers/ReceptionPage.js')),
    area: 'office',
    roles: ['counter_officer'],
    navKey: 'dossiers:nav.reception',
  },
  {
    path: '/quan-tri/ho-so/so-theo-doi',
    element: lazy(() => import('./features/dossiers/RegisterPage.js')),
    area: 'office',
    roles: ['counter_officer', 'specialist', 'leader', 'reform_office'],
    navKey: 'dossiers:nav.register',
  },
  {
    path: '/quan-tri/ho-so/:id',
    element: lazy(() => import('./features/dossiers/DossierPage.js')),
    area: 'office',
    roles: ['counter_officer', 'specialist', 'leader', 'reform_office'],
  },
  {
    path: '/quan-tri/phan-anh',
    element: lazy(() => import('./features/feedback/ListPage.js')),
    area: 'office',
    roles: FEEDBACK_ROLES,
    navKey: 'feedback:nav.office',
  },
  {
    path: '/quan-tri/phan-anh/tiep-nhan',
    element: lazy(() => import('./features/feedback/IntakePage.js')),
    area: 'office',
    roles: FEEDBACK_ROLES,
    navKey: 'feedback:nav.intake',
  },
  {
    path: '/quan-tri/phan-anh/:id',
    element: lazy(() => import('./features/feedback/DetailPage.js')),
    area: 'office',
    roles: FEEDBACK_ROLES,
  },
  {
    path: '/quan-tri/thu-tuc',
    element: lazy(() => import('./features/catalogue/OfficeCataloguePage.js')),
    area: 'office',
    roles: OFFICE_ALL,
    navKey: 'nav:office.catalogue',
  },
  {
    path: '/quan-tri/thu-tuc/moi',
    element: lazy(() => import('./features/catalogue/ProcedureEditPage.js')),
    area: 'office',
    roles: ['administrator', 'reform_office'],
  },
  {
    path: '/quan-tri/thu-tuc/:code',
    element: lazy(() => import('./features/catalogue/ProcedureEditPage.js')),
    area: 'office',
    roles: OFFICE_ALL,
  },
  {
    path: '/quan-tri/lich',
    element: lazy(() => import('./features/calendar/CalendarPage.js')),
    area: 'office',
    roles: OFFICE_ALL,
    navKey: 'nav:office.calendar',
  },
  {
    path: '/quan-tri/don-vi',
    element: lazy(() => import('./features/org/UnitsPage.js')),
    area: 'office',
    roles: OFFICE_ALL,
    navKey: 'nav:office.units',
  },
  {
    path: '/quan-tri/don-vi/:id',
    element: lazy(() => import('./features/org/UnitPage.js')),
    area: 'office',
    roles: OFFICE_ALL,
  },
  // User administration (src/web/features/users): accounts and role grants, administrators only
  {
    path: '/quan-tri/nguoi-dung',
    element: lazy(() => import('./features/users/UsersPage.js')),
    area: 'office',
    roles: ['administrator'],
    navKey: 'nav:office.users',
  },
  {
    path: '/quan-tri/nguoi-dung/moi',
    element: lazy(() => import('./features/users/CreateUserPage.js')),
    area: 'office',
    roles: ['administrator'],
  },
  {
    path: '/quan-tri/nguoi-dung/:id',
    element: lazy(() => import('./features/users/UserPage.js')),
    area: 'office',
    roles: ['administrator'],
  },
  {
    path: '/quan-tri/chi-so',
    element: lazy(() => import('./features/indices/LeaderDashboardPage.js')),
    area: 'office',
    roles: ['leader', 'reform_office', 'administrator'],
    navKey: 'nav:office.index',
  },
  // Staff scorecards (src/web/features/scorecards): what each officer did in a period
  {
    path: '/quan-tri/bang-diem-can-bo',
    element: lazy(() => import('./features/scorecards/StaffScorecardsPage.js')),
    area: 'office',
    roles: ['leader', 'reform_office'],
    navKey: 'nav:office.scorecards',
  },
  // Annual PAR index (src/web/features/annual): the cycle, self-assessment, a unit's result
  {
    path: '/quan-tri/chi-so-cchc',
    element: lazy(() => import('./features/annual/CyclePage.js')),
    area: 'office',
    roles: ['leader', 'specialist', 'reform_office'],
    navKey: 'annual:nav.office',
  },
  {
    path: '/quan-tri/chi-so-cchc/ben-ngoai',
    element: lazy(() => import('./features/annual/ExternalPage.js')),
    area: 'office',
    roles: ['leader', 'specialist', 'reform_office'],
  },
  {
    path: '/quan-tri/chi-so-cchc/:year/xep-hang',
    element: lazy(() => import('./features/annual/RankingPage.js')),
    area: 'office',
    roles: ['leader', 'specialist', 'reform_office'],
  },
  {
    path: '/quan-tri/chi-so-cchc/:year/:unitCode',
    element: lazy(() => import('./features/annual/AssessmentPage.js')),
    area: 'office',
    roles: ['leader', 'specialist', 'reform_office'],
  },
  {
    path: '/quan-tri/chi-so-cchc/:year/:unitCode/ket-qua',
    element: lazy(() => import('./features/annual/UnitResultPage.js')),
    area: 'office',
    roles: ['leader', 'specialist', 'reform_office'],
  },
  // Public information (src/web/features/publicinfo): PUBLICINFO_MANAGE_ROLES
  {
    path: '/quan-tri/duong-day-nong',
    element: lazy(() => import('./features/publicinfo/OfficeHotlinesPage.js')),
    area: 'office',
    roles: ['reform_office', 'administrator', 'leader'],
    navKey: 'publicinfo:nav.officeHotlines',
  },
  {
    path: '/quan-tri/lich-tiep-cong-dan',
    element: lazy(() => import('./features/publicinfo/OfficeReceptionPage.js')),
    area: 'office',
    roles: ['reform_office', 'administrator', 'leader'],
    navKey: 'publicinfo:nav.officeReception',
  },
  // Governance registers (src/web/features/registers): initiatives, inspections, remediation plans
  {
    path: '/quan-tri/so-theo-doi',
    element: lazy(() => import('./features/registers/InitiativesPage.js')),
    area: 'office',
    roles: REGISTER_ROLES,
    navKey: 'registers:nav.entry',
  },
  {
    path: '/quan-tri/so-theo-doi/sang-kien/moi',
    element: lazy(() => import('./features/registers/InitiativeFormPage.js')),
    area: 'office',
    roles: REGISTER_ROLES,
  },
  {
    path: '/quan-tri/so-theo-doi/sang-kien/:id',
    element: lazy(() => import('./features/registers/InitiativePage.js')),
    area: 'office',
    roles: REGISTER_ROLES,
  },
  {
    path: '/quan-tri/so-theo-doi/thanh-tra',
    element: lazy(() => import('./features/registers/InspectionsPage.js')),
    area: 'office',
    roles: REGISTER_ROLES,
  },
  {
    path: '/quan-tri/so-theo-doi/thanh-tra/moi',
    element: lazy(() => import('./features/registers/InspectionFormPage.js')),
    area: 'office',
    roles: ['reform_office'],
  },
  {
    path: '/quan-tri/so-theo-doi/thanh-tra/:id',
    element: lazy(() => import('./features/registers/InspectionPage.js')),
    area: 'office',
    roles: REGISTER_ROLES,
  },
  {
    path: '/quan-tri/so-theo-doi/ke-hoach',
    element: lazy(() => import('./features/registers/PlansPage.js')),
    area: 'office',
    roles: REGISTER_ROLES,
  },
  {
    path: '/quan-tri/so-theo-doi/ke-hoach/moi',
    element: lazy(() => import('./features/registers/PlanFormPage.js')),
    area: 'office',
    roles: ['reform_office'],
  },
  {
    path: '/quan-tri/so-theo-doi/ke-hoach/:id',
    element: lazy(() => import('./features/registers/PlanPage.js')),
    area: 'office',
    roles: REGISTER_ROLES,
  },
  {
    path: '/quan-tri/so-theo-doi/bien-che',
    element: lazy(() => import('./features/registers/HeadcountPage.js')),
    area: 'office',
    roles: REGISTER_ROLES,
  },
  {
    path: '/quan-tri/so-theo-doi/qua-han',
    element: lazy(() => import('./features/registers/OverduePage.js')),
    area: 'office',
    roles: REGISTER_ROLES,
  },
  {
    path: '/quan-tri/hop-thu-di',
    element: lazy(() => import('./features/outbox/OutboxPage.js')),
    area: 'office',
    roles: ['administrator'],
    navKey: 'nav:office.outbox',
  },
];

/** The routes of one area that get a navigation link, for a user with `roles`. */
export function navigationFor(area: Area, roles: readonly Role[] | null): AppRoute[] {
  return ROUTES.filter((route) => {
    if (route.area !== area || !route.navKey) return false;
    if (area === 'public') return true;
    const allowed = route.roles ?? OFFICE_ALL;
    return roles !== null && roles.some((role) => allowed.includes(role));
  });
}
