import { api, unwrap, withEtag, type Schemas } from '../../api';
import { usePagedList } from '../../api/list';

export type User = Schemas['UserRead'];
export type ApiToken = Schemas['ApiTokenRead'];
export type ApiTokenCreated = Schemas['ApiTokenCreated'];
export type AuditEvent = Schemas['AuditEventRead'];
export type AuditAction = Schemas['AuditAction'];
export type Scope = Schemas['Scope'];
export const ROLES: Schemas['Role'][] = ['admin', 'coordinator', 'member', 'partner', 'viewer'];
export const AUDIT_ACTIONS: AuditAction[] = ['create', 'update', 'delete'];

const PAGE_SIZE = 25;

export const adminKeys = {
  users: ['users'] as const,
  userList: (filters: UserFilters) => ['users', 'list', filters] as const,
  user: (id: string) => ['users', id] as const,
  tokens: (partnerId: string) => ['api-tokens', partnerId] as const,
  audit: (filters: AuditFilters) => ['audit-events', filters] as const,
};

export interface UserFilters {
  q?: string;
  role?: Schemas['Role'];
}

/** Users, page by page, searched and filtered by role by the API. */
export function useUsers(filters: UserFilters) {
  return usePagedList(adminKeys.userList(filters), (cursor) =>
    unwrap(
      api.GET('/users', {
        params: { query: { limit: PAGE_SIZE, cursor, sort: 'name', q: filters.q || undefined, role: filters.role } },
      }),
    ),
  );
}

export const readUser = (id: string) => withEtag(api.GET('/users/{userId}', { params: { path: { userId: id } } }));

/** A partner's API tokens, newest first. */
export function useApiTokens(partnerId: string) {
  return usePagedList(adminKeys.tokens(partnerId), (cursor) =>
    unwrap(
      api.GET('/partners/{partnerId}/api-tokens', {
        params: { path: { partnerId }, query: { limit: PAGE_SIZE, cursor, sort: '-createdAt' } },
      }),
    ),
  );
}

export const createApiToken = (partnerId: string, body: Schemas['ApiTokenCreate']) =>
  unwrap(api.POST('/partners/{partnerId}/api-tokens', { params: { path: { partnerId } }, body }));

/** Revoke a token: read its current version, then DELETE with If-Match. */
export async function revokeApiToken(partnerId: string, tokenId: string): Promise<void> {
  const path = { partnerId, apiTokenId: tokenId };
  const { etag } = await withEtag(api.GET('/partners/{partnerId}/api-tokens/{apiTokenId}', { params: { path } }));
  await withEtag(
    api.DELETE('/partners/{partnerId}/api-tokens/{apiTokenId}', { params: { path, header: { 'If-Match': etag ?? '' } } }),
  );
}

export interface AuditFilters {
  resourceType?: string;
  action?: AuditAction;
}

/** The audit trail, newest first, page by page. */
export function useAuditEvents(filters: AuditFilters) {
  return usePagedList(adminKeys.audit(filters), (cursor) =>
    unwrap(
      api.GET('/audit-events', {
        params: {
          query: {
            limit: PAGE_SIZE,
            cursor,
            sort: '-occurredAt',
            resourceType: filters.resourceType || undefined,
            action: filters.action,
          },
        },
      }),
    ),
  );
}
