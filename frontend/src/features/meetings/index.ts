import { lazyPage, type Feature } from '../../app/feature';

export const meetings: Feature = {
  name: 'meetings',
  nav: [{ to: '/meetings', label: 'nav.meetings' }],
  routes: [{ path: 'meetings', ...lazyPage(() => import('./pages/MeetingsPage')) }],
};
