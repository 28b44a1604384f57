import createClient, { type Middleware } from 'openapi-fetch';
import { endSession, getSession, refreshSession } from '../auth/session';
import { ApiError, isProblem } from './problem';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

/** The one client of the Kompas API; paths are relative to `/api/v1`, the same origin as the app. */
export const api = createClient<paths>({ baseUrl: '/api/v1' });

const auth: Middleware = {
  onRequest({ request }) {
    const session = getSession();
    if (session) request.headers.set('Authorization', `Bearer ${session.accessToken}`);
    return request;
  },
  async onResponse({ request, response }) {
    if (response.status !== 401 || request.url.endsWith('/auth/token')) return response;
    // The access token expired (a laptop that slept past the refresh): refresh once, and repeat
    // a request without a body with the new token. Otherwise the session ends: to the login page.
    const session = getSession();
    if (!session) return response;
    // Sent with the current token: try a refresh. Sent with an older one: it was renewed meanwhile.
    const renewed =
      request.headers.get('Authorization') === `Bearer ${session.accessToken}` ? await refreshSession() : true;
    const now = getSession();
    if (renewed && now) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return response;
      const retry = new Request(request);
      retry.headers.set('Authorization', `Bearer ${now.accessToken}`);
      return fetch(retry);
    }
    // Without a refresh token nothing can renew it (a failed refresh has ended the session already).
    if (!session.refreshToken) endSession('expired');
    return response;
  },
};
api.use(auth);

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The body of a success, or an ApiError with the problem details; used by every query. */
export async function unwrap<T>(request: Promise<FetchResult<T>>): Promise<T> {
  const { data } = await withEtag(request);
  return data;
}

/** Like `unwrap`, and also the `ETag` of the answer, which an edit sends back as `If-Match`. */
export async function withEtag<T>(request: Promise<FetchResult<T>>): Promise<{ data: T; etag: string | null }> {
  const { data, error, response } = await request;
  const etag = response.headers.get('ETag');
  if (!response.ok || error !== undefined) {
    throw new ApiError(response.status, isProblem(error) ? error : null, etag);
  }
  return { data: data as T, etag };
}
