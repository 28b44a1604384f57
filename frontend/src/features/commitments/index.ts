import { lazyPage, type Feature } from '../../app/feature';

/** Personal commitments (persoonlijk instappen): my own, private until I share it. */
export const commitments: Feature = {
  name: 'commitments',
  nav: [{ to: '/commitments', label: 'nav.commitments' }],
  routes: [{ path: 'commitments', ...lazyPage(() => import('./pages/CommitmentsPage')) }],
};
