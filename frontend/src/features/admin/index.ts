import { lazyPage, type Feature } from '../../app/feature';
import { can } from '../../auth/permissions';

export const admin: Feature = {
  name: 'admin',
  nav: [{ to: '/admin/users', label: 'nav.admin', visibleTo: can.administer }],
  routes: [
    { path: 'admin/users', ...lazyPage(() => import('./pages/UsersPage')) },
    { path: 'admin/users/new', ...lazyPage(() => import('./pages/UserCreatePage')) },
  ],
};
