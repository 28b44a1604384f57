import { lazyPage, type Feature } from '../../app/feature';
import { mayCreate } from '../joint/rules';

export const questions: Feature = {
  name: 'questions',
  nav: [{ to: '/questions', label: 'nav.questions' }],
  routes: [
    { path: 'questions', ...lazyPage(() => import('./pages/QuestionsPage')) },
    {
      path: 'questions/new',
      ...lazyPage(() => import('./pages/QuestionFormPage'), { allow: (role) => mayCreate(role ? { role } : undefined) }),
    },
    { path: 'questions/:id', ...lazyPage(() => import('./pages/QuestionPage')) },
    // Partners may change what their party leads, holds the ball of or takes part in; the API decides per question.
    { path: 'questions/:id/edit', ...lazyPage(() => import('./pages/QuestionFormPage'), { allow: (role) => role !== 'viewer' }) },
  ],
};
