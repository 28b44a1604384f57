import { lazyPage, type Feature } from '../../app/feature';
import type { Role } from '../../auth/permissions';
import { mayCreate } from '../joint/rules';

const allow = { allow: (role: Role | undefined) => mayCreate(role ? { role } : undefined) };

export const meetings: Feature = {
  name: 'meetings',
  nav: [{ to: '/meetings', label: 'nav.meetings' }],
  routes: [
    { path: 'meetings', ...lazyPage(() => import('./pages/MeetingsPage')) },
    { path: 'meetings/new', ...lazyPage(() => import('./pages/MeetingFormPage'), allow) },
    { path: 'meetings/:id', ...lazyPage(() => import('./pages/MeetingPage')) },
    { path: 'meetings/:id/edit', ...lazyPage(() => import('./pages/MeetingFormPage'), allow) },
  ],
};
