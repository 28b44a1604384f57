import { lazyPage, type Feature } from '../../app/feature';
import { can } from '../../auth/permissions';

export const roleMaps: Feature = {
  name: 'roleMaps',
  nav: [{ to: '/role-maps', label: 'nav.roleMaps' }],
  routes: [
    { path: 'role-maps', ...lazyPage(() => import('./pages/RoleMapsPage')) },
    { path: 'role-maps/new', ...lazyPage(() => import('./pages/RoleMapFormPage'), { allow: can.edit }) },
    { path: 'role-maps/:id', ...lazyPage(() => import('./pages/RoleMapPage')) },
    { path: 'role-maps/:id/edit', ...lazyPage(() => import('./pages/RoleMapFormPage'), { allow: can.edit }) },
    { path: 'role-maps/:id/tasks', ...lazyPage(() => import('./pages/TasksPage'), { allow: can.edit }) },
    { path: 'role-maps/:id/tasks/new', ...lazyPage(() => import('./pages/TaskFormPage'), { allow: can.edit }) },
    { path: 'role-maps/:id/tasks/:taskId/edit', ...lazyPage(() => import('./pages/TaskFormPage'), { allow: can.edit }) },
    { path: 'role-maps/:id/snapshots', ...lazyPage(() => import('./pages/SnapshotsPage')) },
    { path: 'role-maps/:id/csv', ...lazyPage(() => import('./pages/CsvPage')) },
  ],
};
