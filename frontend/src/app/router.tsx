import { createBrowserRouter } from 'react-router';
import { RequireAuth } from '../auth/RequireAuth';
import { AppShell } from '../components/AppShell';
import { features } from '../features';
import LoginPage from '../features/auth/pages/LoginPage';
import NotFoundPage from './NotFoundPage';

const nav = features.flatMap((feature) => feature.nav ?? []);

export const router = createBrowserRouter([
  { path: '/login', Component: LoginPage },
  { path: '/login/callback', lazy: async () => ({ Component: (await import('../features/auth/pages/LoginCallbackPage')).default }) },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppShell nav={nav} />
      </RequireAuth>
    ),
    children: [...features.flatMap((feature) => feature.routes), { path: '*', Component: NotFoundPage }],
  },
]);
