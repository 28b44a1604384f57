import { lazyPage, type Feature } from '../../app/feature';
import { mayRun } from './rules';

export const reflection: Feature = {
  name: 'reflection',
  nav: [{ to: '/reflection', label: 'nav.reflection' }],
  routes: [
    { path: 'reflection', ...lazyPage(() => import('./pages/RoundsPage')) },
    { path: 'reflection/new', ...lazyPage(() => import('./pages/RoundFormPage'), { allow: mayRun }) },
    { path: 'reflection/trends', ...lazyPage(() => import('./pages/TrendsPage')) },
    { path: 'reflection/:id', ...lazyPage(() => import('./pages/RoundPage')) },
    { path: 'reflection/:id/edit', ...lazyPage(() => import('./pages/RoundFormPage'), { allow: mayRun }) },
    { path: 'reflection/:id/answer', ...lazyPage(() => import('./pages/AnswerPage')) },
    { path: 'reflection/:id/results', ...lazyPage(() => import('./pages/ResultsPage')) },
  ],
};
