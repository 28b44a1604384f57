import { lazyPage, type Feature } from '../../app/feature';

export const questions: Feature = {
  name: 'questions',
  nav: [{ to: '/questions', label: 'nav.questions' }],
  routes: [
    { path: 'questions', ...lazyPage(() => import('./pages/QuestionsPage')) },
    { path: 'questions/:id', ...lazyPage(() => import('./pages/QuestionPage')) },
  ],
};
