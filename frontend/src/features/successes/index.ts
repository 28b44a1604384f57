import { lazyPage, type Feature } from '../../app/feature';

export const successes: Feature = {
  name: 'successes',
  nav: [{ to: '/successes', label: 'nav.successes' }],
  routes: [
    { path: 'successes', ...lazyPage(() => import('./pages/SuccessesPage')) },
    // A partner names only successes that list its own party; the API decides.
    { path: 'successes/new', ...lazyPage(() => import('./pages/SuccessFormPage'), { allow: (role) => role !== undefined && role !== 'viewer' }) },
    { path: 'successes/:id', ...lazyPage(() => import('./pages/SuccessPage')) },
    { path: 'successes/:id/edit', ...lazyPage(() => import('./pages/SuccessFormPage'), { allow: (role) => role !== undefined && role !== 'viewer' }) },
  ],
};
