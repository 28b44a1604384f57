import { createElement, type ComponentType } from 'react';
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

/**
 * A route whose page loads on first visit, so the first page stays small. With `allow`, a role it
 * refuses gets the "no access" page instead (the API refuses it as well; this only says so
 * clearly, without loading the page).
 */
export function lazyPage(
  load: () => Promise<{ default: ComponentType }>,
  { allow }: { allow?: (role: Role | undefined) => boolean } = {},
): Pick<RouteObject, 'lazy'> {
  return {
    lazy: async () => {
      if (!allow) return { Component: (await load()).default };
      // The guard loads with the page, so the first page stays as small as it was.
      const [{ default: Page }, { RequireRole }] = await Promise.all([load(), import('../auth/RequireRole')]);
      return { Component: () => createElement(RequireRole, { allow, children: createElement(Page) }) };
    },
  };
}
