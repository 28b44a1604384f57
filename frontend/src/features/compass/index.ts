import { lazyPage, type Feature } from '../../app/feature';

export const compass: Feature = {
  name: 'compass',
  nav: [{ to: '/compass', label: 'nav.compass' }],
  routes: [
    { path: 'compass', ...lazyPage(() => import('./pages/CompassPage')) },
    { path: 'compass/purpose/edit', ...lazyPage(() => import('./pages/PurposeEditPage')) },
    { path: 'compass/drivers/new', ...lazyPage(() => import('./pages/CompassRecordFormPage').then((m) => ({ default: m.DriverFormPage }))) },
    { path: 'compass/drivers/:id/edit', ...lazyPage(() => import('./pages/CompassRecordFormPage').then((m) => ({ default: m.DriverFormPage }))) },
    { path: 'compass/phases/new', ...lazyPage(() => import('./pages/CompassRecordFormPage').then((m) => ({ default: m.PhaseFormPage }))) },
    { path: 'compass/phases/:id/edit', ...lazyPage(() => import('./pages/CompassRecordFormPage').then((m) => ({ default: m.PhaseFormPage }))) },
    {
      path: 'compass/work-formats/new',
      ...lazyPage(() => import('./pages/CompassRecordFormPage').then((m) => ({ default: m.WorkFormatFormPage }))),
    },
    {
      path: 'compass/work-formats/:id/edit',
      ...lazyPage(() => import('./pages/CompassRecordFormPage').then((m) => ({ default: m.WorkFormatFormPage }))),
    },
  ],
};
