import type { Role } from '../../auth/permissions';

/** Who manages webhooks in the web app: admins and coordinators (a partner uses its API token). */
export const mayManageWebhooks = (role: Role | undefined) => role === 'admin' || role === 'coordinator';
