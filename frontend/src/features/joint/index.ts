import { lazyPage, type Feature } from '../../app/feature';

/** What the joint work shares: the search across it (its box is in the header) and a driver's chain. */
export const joint: Feature = {
  name: 'joint',
  routes: [
    { path: 'search', ...lazyPage(() => import('./pages/SearchPage')) },
    { path: 'drivers/:id', ...lazyPage(() => import('./pages/DriverChainPage')) },
  ],
};
