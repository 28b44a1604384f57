import { lazyPage, type Feature } from '../../app/feature';

/**
 * The interim results at a glance (charts, each with its data as a table) and the progress report
 * of a period, as a printable page and a PDF. The chart library loads with the dashboard page only.
 */
export const dashboard: Feature = {
  name: 'dashboard',
  nav: [{ to: '/dashboard', label: 'nav.dashboard' }],
  routes: [
    { path: 'dashboard', ...lazyPage(() => import('./pages/DashboardPage')) },
    { path: 'reports/progress', ...lazyPage(() => import('./pages/ReportPage')) },
  ],
};
