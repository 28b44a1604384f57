/**
 * The session: the access token (and, where the API issues one, a refresh token), kept in
 * sessionStorage so a reload keeps the user logged in and closing the tab ends it. Before the
 * access token expires it is refreshed (OAuth 2.0 refresh-token grant); when that is not possible
 * the session ends and listeners (the app) send the user to the login page.
 *
 * A session can also come from the municipality's identity provider (OIDC, see ./oidc.ts): then
 * the access token is the provider's ID token, a refresh goes to the provider (when it gave a
 * refresh token), and logout ends the session at the provider too.
 */
import type { ProviderSession, Session } from './types';

const STORAGE_KEY = 'kompas.session';
const TOKEN_URL = '/api/v1/auth/token';
const LOGOUT_URL = '/api/v1/auth/logout';
// Refresh this long before the access token expires.
const REFRESH_MARGIN_MS = 60_000;

/** The token endpoint's answer (OAuth 2.0 names); the refresh fields only where the API has them. */
export interface TokenAnswer {
  access_token: string;
  expires_in: number;
  refresh_token?: string;
  refresh_expires_in?: number;
}

type Listener = (session: Session | null, reason: EndReason | null) => void;
export type EndReason = 'logout' | 'expired';

const listeners = new Set<Listener>();
let current: Session | null = read();
let lastEndReason: EndReason | null = null;
let lastEndedAtProvider = false;
let timer: ReturnType<typeof setTimeout> | undefined;
let refreshing: Promise<boolean> | null = null;

function usable(session: Session, now = Date.now()): boolean {
  // A provider may not say how long its refresh token lasts: then it is tried, and refused if it is over.
  const refreshUntil = session.refreshExpiresAt ?? (session.provider ? Infinity : 0);
  return session.expiresAt > now || (session.refreshToken !== undefined && refreshUntil > now);
}

function read(): Session | null {
  try {
    const raw = globalThis.sessionStorage?.getItem(STORAGE_KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    if (usable(session)) return session;
    // An expired provider session after a reload: the login page goes back through the provider,
    // once (it is forgotten here, so a reload after a failed attempt does not try again).
    if (session.provider) {
      [lastEndReason, lastEndedAtProvider] = ['expired', true];
      globalThis.sessionStorage?.removeItem(STORAGE_KEY);
    }
    return null;
  } catch {
    return null;
  }
}

/** The session as it is now; pure, so React can read it while rendering. */
export function getSession(): Session | null {
  return current;
}

/** Why the last session ended; the login page says so when it expired. */
export function getLastEndReason(): EndReason | null {
  return lastEndReason;
}

/** Whether the last session that ended came from the identity provider (to log in again there). */
export function lastEndedAtIdentityProvider(): boolean {
  return lastEndReason !== null && lastEndedAtProvider;
}

export function sessionFromAnswer(answer: TokenAnswer, now = Date.now()): Session {
  return {
    accessToken: answer.access_token,
    expiresAt: now + answer.expires_in * 1000,
    ...(answer.refresh_token
      ? { refreshToken: answer.refresh_token, refreshExpiresAt: now + (answer.refresh_expires_in ?? 0) * 1000 }
      : {}),
  };
}

function store(session: Session): void {
  current = session;
  globalThis.sessionStorage?.setItem(STORAGE_KEY, JSON.stringify(session));
  schedule();
  listeners.forEach((listener) => listener(current, null));
}

export function startSession(answer: TokenAnswer): Session {
  lastEndReason = null;
  store(sessionFromAnswer(answer));
  return current!;
}

/** Start a session with the identity provider's tokens (made by ./oidc.ts). */
export function startProviderSession(session: Session & { provider: ProviderSession }): Session {
  lastEndReason = null;
  store(session);
  return current!;
}

export function endSession(reason: EndReason): void {
  const hadSession = current !== null;
  if (hadSession) [lastEndReason, lastEndedAtProvider] = [reason, current!.provider !== undefined];
  current = null;
  clearTimeout(timer);
  globalThis.sessionStorage?.removeItem(STORAGE_KEY);
  if (hadSession) listeners.forEach((listener) => listener(null, reason));
}

/**
 * Log out: forget the session, then tell the API (so the tokens stop working at once) — or, for
 * a session of the identity provider, send the browser to the provider's end-session endpoint.
 */
export async function logout(): Promise<void> {
  const session = current;
  endSession('logout');
  if (!session) return;
  if (session.provider) {
    // Kompas keeps no session for a provider's token; the provider ends its own, and comes back.
    const url = endSessionUrl(session, session.provider, globalThis.location?.origin ?? '');
    if (url) globalThis.location.assign(url);
    return;
  }
  try {
    await fetch(LOGOUT_URL, {
      method: 'POST',
      headers: { Authorization: `Bearer ${session.accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(session.refreshToken ? { refreshToken: session.refreshToken } : {}),
    });
  } catch {
    // The session is gone here either way; the token expires by itself.
  }
}

/** Where to end the session at the provider (RP-initiated logout), if it has such an endpoint. */
export function endSessionUrl(session: Session, provider: ProviderSession, origin: string): string | null {
  if (!provider.endSessionEndpoint) return null;
  const url = new URL(provider.endSessionEndpoint);
  url.searchParams.set('id_token_hint', session.accessToken);
  url.searchParams.set('client_id', provider.clientId);
  url.searchParams.set('post_logout_redirect_uri', `${origin}/login`);
  return url.href;
}

/**
 * Exchange the refresh token for new tokens. One exchange at a time: a refresh token works once,
 * so parallel callers share the same attempt. Answers whether the session goes on.
 */
export function refreshSession(): Promise<boolean> {
  const session = current;
  if (!session?.refreshToken) return Promise.resolve(false);
  refreshing ??= (async () => {
    try {
      if (session.provider) {
        // Loaded only when a provider session needs it, so the first page stays small.
        const { refreshAtProvider } = await import('./oidc');
        const renewed = await refreshAtProvider(session, session.provider);
        if (current === session) store(renewed);
        return current !== null;
      }
      const response = await fetch(TOKEN_URL, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: session.refreshToken! }),
      });
      if (!response.ok) throw new Error(`refresh answered ${response.status}`);
      if (current === session) store(sessionFromAnswer((await response.json()) as TokenAnswer));
      return current !== null;
    } catch {
      if (current === session) endSession('expired');
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

// Refresh shortly before the access token expires; without a refresh token, end at expiry.
function schedule(): void {
  clearTimeout(timer);
  if (!current) return;
  const now = Date.now();
  let at = current.refreshToken ? current.expiresAt - REFRESH_MARGIN_MS : current.expiresAt;
  // A provider's ID token may live shorter than the margin: refresh at half its remaining time then.
  if (current.provider && current.refreshToken) at = Math.max(at, now + (current.expiresAt - now) / 2);
  const delay = Math.min(Math.max(at - now, 0), 2 ** 31 - 1);
  timer = setTimeout(() => {
    if (current?.refreshToken) void refreshSession();
    else endSession('expired');
  }, delay);
}
schedule();

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
