import { lazyPage, type Feature } from '../../app/feature';
import { mayCreate } from './rules';

export const agenda: Feature = {
  name: 'agenda',
  nav: [{ to: '/agenda', label: 'nav.agenda' }],
  routes: [
    { path: 'agenda', ...lazyPage(() => import('./pages/AgendaPage')) },
    {
      path: 'agenda/new',
      ...lazyPage(() => import('./pages/AgendaItemFormPage'), { allow: (role) => mayCreate(role ? { role } : undefined) }),
    },
    { path: 'agenda/:id', ...lazyPage(() => import('./pages/AgendaItemPage')) },
    // Partners may change what their party leads or takes part in; the API decides per item.
    { path: 'agenda/:id/edit', ...lazyPage(() => import('./pages/AgendaItemFormPage'), { allow: (role) => role !== 'viewer' }) },
  ],
};
