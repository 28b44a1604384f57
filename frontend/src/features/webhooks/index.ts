import { lazyPage, type Feature } from '../../app/feature';
import { mayManageWebhooks } from './access';

/** Webhooks: messages to other systems when something happens in Kompas (admins and coordinators). */
export const webhooks: Feature = {
  name: 'webhooks',
  nav: [{ to: '/admin/webhooks', label: 'nav.webhooks', visibleTo: mayManageWebhooks }],
  routes: [
    { path: 'admin/webhooks', ...lazyPage(() => import('./pages/WebhooksPage'), { allow: mayManageWebhooks }) },
    { path: 'admin/webhooks/new', ...lazyPage(() => import('./pages/WebhookCreatePage'), { allow: mayManageWebhooks }) },
    { path: 'admin/webhooks/:id', ...lazyPage(() => import('./pages/WebhookPage'), { allow: mayManageWebhooks }) },
    { path: 'admin/webhooks/:id/edit', ...lazyPage(() => import('./pages/WebhookEditPage'), { allow: mayManageWebhooks }) },
  ],
};
