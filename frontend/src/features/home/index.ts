import { lazyPage, type Feature } from '../../app/feature';

export const home: Feature = {
  name: 'home',
  nav: [{ to: '/', label: 'nav.home' }],
  routes: [{ index: true, ...lazyPage(() => import('./pages/HomePage')) }],
};
