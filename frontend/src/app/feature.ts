import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import type { Role } from '../auth/permissions';

/** An entry of the main navigation. */
export interface NavItem {
  to: string;
  /** i18n key of the label. */
  label: string;
  /** Whether this role sees the entry; everyone when omitted. */
  visibleTo?: (role: Role | undefined) => boolean;
}

/**
 * A capability of the web app: its routes (inside the app shell, behind login) and its entries
 * in the navigation. A later capability adds a folder under src/features with one of these and
 * registers it in src/features/index.ts.
 */
export interface Feature {
  name: string;
  routes: RouteObject[];
  nav?: NavItem[];
}

/** A route whose page loads on first visit, so the first page stays small. */
export function lazyPage(load: () => Promise<{ default: ComponentType }>): Pick<RouteObject, 'lazy'> {
  return { lazy: async () => ({ Component: (await load()).default }) };
}
