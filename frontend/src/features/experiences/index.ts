import { lazyPage, type Feature } from '../../app/feature';

const sharer = (role: string | undefined) => role !== undefined && role !== 'viewer';

/** The experience backpack (rugzak met ervaringen): lessons learned, shared and published. */
export const experiences: Feature = {
  name: 'experiences',
  nav: [{ to: '/experiences', label: 'nav.experiences' }],
  routes: [
    { path: 'experiences', ...lazyPage(() => import('./pages/ExperiencesPage')) },
    // A partner shares only experiences that involve its own party; the API decides.
    { path: 'experiences/new', ...lazyPage(() => import('./pages/ExperienceFormPage'), { allow: sharer }) },
    { path: 'experiences/:id', ...lazyPage(() => import('./pages/ExperiencePage')) },
    { path: 'experiences/:id/edit', ...lazyPage(() => import('./pages/ExperienceFormPage'), { allow: sharer }) },
  ],
};
