import './i18n.js';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, type RouteObject, RouterProvider } from 'react-router-dom';
import { AuthProvider, RequireRole } from './auth.js';
import { ToastProvider } from './components/Toast.js';
import { OfficeLayout } from './layout/OfficeLayout.js';
import { PublicLayout } from './layout/PublicLayout.js';
import NotFoundPage from './pages/NotFoundPage.js';
import { applyPreferences, loadPreferences } from './preferences.js';
import { type AppRoute, ROUTES } from './routes.js';

function toRouteObject(route: AppRoute): RouteObject {
  const Element = route.element;
  return {
    path: route.path,
    element:
      route.area === 'office' ? (
        <RequireRole roles={route.roles}>
          <Element />
        </RequireRole>
      ) : (
        <Element />
      ),
  };
}

const router = createBrowserRouter([
  {
    path: '/quan-tri',
    element: <OfficeLayout />,
    children: [
      ...ROUTES.filter((route) => route.area === 'office').map(toRouteObject),
      { path: '*', element: <NotFoundPage /> },
    ],
  },
  {
    element: <PublicLayout />,
    children: [
      ...ROUTES.filter((route) => route.area === 'public').map(toRouteObject),
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

applyPreferences(loadPreferences());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AuthProvider>
      <ToastProvider>
        <RouterProvider router={router} />
      </ToastProvider>
    </AuthProvider>
  </StrictMode>,
);
