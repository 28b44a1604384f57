import { lazyPage, type Feature } from '../../app/feature';

export const parties: Feature = {
  name: 'parties',
  nav: [{ to: '/parties', label: 'nav.parties' }],
  routes: [
    { path: 'parties', ...lazyPage(() => import('./pages/PartiesPage')) },
    { path: 'parties/:id', ...lazyPage(() => import('./pages/PartyPage')) },
    { path: 'parties/departments/new', ...lazyPage(() => import('./pages/DepartmentFormPage')) },
    { path: 'parties/departments/:id/edit', ...lazyPage(() => import('./pages/DepartmentFormPage')) },
    { path: 'parties/partners/new', ...lazyPage(() => import('./pages/PartnerFormPage')) },
    { path: 'parties/partners/:id/edit', ...lazyPage(() => import('./pages/PartnerFormPage')) },
    { path: 'parties/people/new', ...lazyPage(() => import('./pages/PersonFormPage')) },
    { path: 'parties/people/:id/edit', ...lazyPage(() => import('./pages/PersonFormPage')) },
    { path: 'parties/needs/new', ...lazyPage(() => import('./pages/NeedFormPage')) },
    { path: 'parties/needs/:id/edit', ...lazyPage(() => import('./pages/NeedFormPage')) },
  ],
};
