import { lazyPage, type Feature } from '../../app/feature';
import { can } from '../../auth/permissions';

export const admin: Feature = {
  name: 'admin',
  nav: [
    { to: '/admin/users', label: 'nav.admin', visibleTo: can.administer },
    { to: '/admin/audit', label: 'nav.audit', visibleTo: can.readAudit },
  ],
  routes: [
    { path: 'admin/users', ...lazyPage(() => import('./pages/UsersPage'), { allow: can.administer }) },
    { path: 'admin/users/new', ...lazyPage(() => import('./pages/UserCreatePage'), { allow: can.administer }) },
    { path: 'admin/users/:id/edit', ...lazyPage(() => import('./pages/UserEditPage'), { allow: can.administer }) },
    { path: 'admin/audit', ...lazyPage(() => import('./pages/AuditPage'), { allow: can.readAudit }) },
  ],
};
