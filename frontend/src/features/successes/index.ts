import { lazyPage, type Feature } from '../../app/feature';

export const successes: Feature = {
  name: 'successes',
  nav: [{ to: '/successes', label: 'nav.successes' }],
  routes: [
    { path: 'successes', ...lazyPage(() => import('./pages/SuccessesPage')) },
    { path: 'successes/:id', ...lazyPage(() => import('./pages/SuccessPage')) },
  ],
};
