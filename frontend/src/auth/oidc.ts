/**
 * Login through the municipality's identity provider: the OpenID Connect authorization code flow
 * with PKCE (S256), state and nonce, as a public client, done by the browser with oauth4webapi.
 * The provider's ID token then is the Bearer token for the Kompas API, which checks it again
 * (signature, issuer, audience = our client id, expiry) and finds the user by e-mail address.
 * See docs/oidc.md and docs/decisions/0005-oidc-in-the-browser.md.
 *
 * Loaded only when the provider is configured (the login page imports it on demand), so the
 * first page of the app stays small.
 */
import * as oauth from 'oauth4webapi';
import type { ProviderSession, Session } from './types';

/** What GET /auth/config tells about the provider. */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  scopes: string;
}

/** A login that went to the provider and has not come back: kept in sessionStorage by its state. */
export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  issuer: string;
  clientId: string;
  /** Where to go in the app afterwards. */
  next: string;
  /** A silent attempt (prompt=none) after the session expired. */
  silent: boolean;
  createdAt: number;
}

/** Why a login through the provider failed; each has a text in both languages (oidc.errors.*). */
export type FailureKind =
  | 'state' // the answer belongs to no login this tab started (tampered, replayed, or too old)
  | 'denied' // the user cancelled or refused at the provider (error=access_denied)
  | 'loginRequired' // a silent attempt found no session at the provider
  | 'noAccount' // the provider knows the user, Kompas does not (401 from the API)
  | 'provider' // the provider answered an error, or something that does not hold up
  | 'network'; // the provider or Kompas cannot be reached

export class OidcFailure extends Error {
  readonly kind: FailureKind;
  readonly next: string;

  constructor(kind: FailureKind, message: string, next = '/') {
    super(message);
    this.name = 'OidcFailure';
    this.kind = kind;
    this.next = next;
  }
}

const PENDING_KEY = 'kompas.oidc.pending';
// Logins that went to the provider and may still come back; older ones are dropped.
const MAX_PENDING = 5;
const PENDING_TTL_MS = 30 * 60_000;
const ME_URL = '/api/v1/me';
export const CALLBACK_PATH = '/login/callback';

// --- the logins on their way (sessionStorage: this tab only) ------------------------------------

function readPending(): PendingLogin[] {
  try {
    const raw = globalThis.sessionStorage?.getItem(PENDING_KEY);
    const list = raw ? (JSON.parse(raw) as PendingLogin[]) : [];
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

function writePending(list: PendingLogin[]): void {
  if (list.length === 0) globalThis.sessionStorage?.removeItem(PENDING_KEY);
  else globalThis.sessionStorage?.setItem(PENDING_KEY, JSON.stringify(list));
}

export function savePending(pending: PendingLogin, now = Date.now()): void {
  const kept = readPending().filter((p) => now - p.createdAt < PENDING_TTL_MS && p.state !== pending.state);
  writePending([...kept, pending].slice(-MAX_PENDING));
}

/** The login this state belongs to, removed so that an answer is used at most once. */
export function takePending(state: string | null, now = Date.now()): PendingLogin | null {
  if (!state) return null;
  const list = readPending();
  const found = list.find((p) => p.state === state) ?? null;
  writePending(list.filter((p) => p !== found && now - p.createdAt < PENDING_TTL_MS));
  return found && now - found.createdAt < PENDING_TTL_MS ? found : null;
}

// --- talking to the provider ---------------------------------------------------------------------

/** Plain http only for a provider on this machine (development and the e2e tests' mock). */
export function allowsHttp(issuer: string): boolean {
  const url = new URL(issuer);
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

function httpOptions(issuer: string) {
  return { [oauth.allowInsecureRequests]: allowsHttp(issuer) };
}

/** The provider's metadata from its discovery document, whose `issuer` must be the configured one. */
export async function discover(issuer: string): Promise<oauth.AuthorizationServer> {
  const expected = new URL(issuer);
  let response: Response;
  try {
    response = await oauth.discoveryRequest(expected, { algorithm: 'oidc', ...httpOptions(issuer) });
  } catch (error) {
    throw new OidcFailure('network', `the provider's discovery document cannot be read: ${String(error)}`);
  }
  try {
    return await oauth.processDiscoveryResponse(expected, response);
  } catch (error) {
    throw new OidcFailure('provider', `the provider's discovery document is not usable: ${String(error)}`);
  }
}

/** The authorization request (RFC 6749 4.1.1 with PKCE and OIDC's nonce) as a URL. */
export function authorizationUrl(
  as: oauth.AuthorizationServer,
  config: OidcConfig,
  pending: PendingLogin,
  codeChallenge: string,
): string {
  if (!as.authorization_endpoint) throw new OidcFailure('provider', 'the provider has no authorization endpoint');
  const url = new URL(as.authorization_endpoint);
  const params = {
    client_id: config.clientId,
    redirect_uri: pending.redirectUri,
    response_type: 'code',
    scope: config.scopes,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: codeChallenge,
    code_challenge_method: 'S256',
    ...(pending.silent ? { prompt: 'none' } : {}),
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.href;
}

/**
 * Prepare a login at the provider: a fresh state, nonce and PKCE verifier, kept in this tab, and
 * the URL to send the browser to. `origin` is the app's (the callback is `${origin}/login/callback`).
 */
export async function prepareLogin(
  config: OidcConfig,
  { next = '/', silent = false, origin = globalThis.location.origin }: { next?: string; silent?: boolean; origin?: string } = {},
): Promise<string> {
  const as = await discover(config.issuer);
  const pending: PendingLogin = {
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    codeVerifier: oauth.generateRandomCodeVerifier(),
    redirectUri: `${origin}${CALLBACK_PATH}`,
    issuer: config.issuer,
    clientId: config.clientId,
    next,
    silent,
    createdAt: Date.now(),
  };
  const url = authorizationUrl(as, config, pending, await oauth.calculatePKCECodeChallenge(pending.codeVerifier));
  savePending(pending);
  return url;
}

/** The session for a token answer of the provider: the ID token is the API's Bearer token. */
export function sessionFromProvider(
  result: oauth.TokenEndpointResponse,
  claims: oauth.IDToken,
  provider: ProviderSession,
  now = Date.now(),
): Session & { provider: ProviderSession } {
  if (!result.id_token) throw new OidcFailure('provider', 'the provider answered without an ID token');
  return {
    accessToken: result.id_token,
    // The API checks the ID token's own expiry, not that of the provider's access token.
    expiresAt: claims.exp * 1000,
    ...(result.refresh_token
      ? {
          refreshToken: result.refresh_token,
          ...(typeof result.refresh_expires_in === 'number'
            ? { refreshExpiresAt: now + result.refresh_expires_in * 1000 }
            : {}),
        }
      : {}),
    provider,
  };
}

function failureOf(error: unknown, pending: PendingLogin): OidcFailure {
  if (error instanceof OidcFailure) return new OidcFailure(error.kind, error.message, pending.next);
  if (error instanceof oauth.AuthorizationResponseError) {
    const silentMiss = ['login_required', 'interaction_required', 'consent_required', 'account_selection_required'];
    const kind = error.error === 'access_denied' ? 'denied' : pending.silent && silentMiss.includes(error.error) ? 'loginRequired' : 'provider';
    return new OidcFailure(kind, `the provider answered ${error.error}: ${error.error_description ?? ''}`, pending.next);
  }
  if (error instanceof TypeError) return new OidcFailure('network', String(error), pending.next);
  return new OidcFailure('provider', String(error), pending.next);
}

/** Ask Kompas who the token belongs to: it is refused (401) when Kompas has no such user. */
async function checkWithKompas(idToken: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(ME_URL, { headers: { Authorization: `Bearer ${idToken}`, Accept: 'application/json' } });
  } catch (error) {
    throw new OidcFailure('network', `Kompas cannot be reached: ${String(error)}`);
  }
  if (response.status === 401 || response.status === 403) {
    const problem = (await response.json().catch(() => null)) as { detail?: string } | null;
    throw new OidcFailure('noAccount', problem?.detail ?? `Kompas answered ${response.status}`);
  }
  if (!response.ok) throw new OidcFailure('network', `Kompas answered ${response.status}`);
}

/**
 * Complete a login when the provider sends the browser back to `url` (the callback): check the
 * state, exchange the code with the PKCE verifier, validate the ID token (issuer, audience,
 * expiry, nonce) and check that Kompas knows the user. Throws an OidcFailure otherwise.
 */
export async function completeLogin(url: URL): Promise<{ session: Session & { provider: ProviderSession }; next: string }> {
  const pending = takePending(url.searchParams.get('state'));
  if (!pending) throw new OidcFailure('state', 'the answer belongs to no login started in this tab');
  try {
    const as = await discover(pending.issuer);
    const client: oauth.Client = { client_id: pending.clientId };
    const params = oauth.validateAuthResponse(as, client, url, pending.state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.None(),
      params,
      pending.redirectUri,
      pending.codeVerifier,
      httpOptions(pending.issuer),
    );
    const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: pending.nonce,
      requireIdToken: true,
    });
    const claims = oauth.getValidatedIdTokenClaims(result);
    if (!claims) throw new OidcFailure('provider', 'the provider answered without an ID token');
    const session = sessionFromProvider(result, claims, {
      issuer: pending.issuer,
      clientId: pending.clientId,
      tokenEndpoint: as.token_endpoint!,
      ...(as.end_session_endpoint ? { endSessionEndpoint: as.end_session_endpoint } : {}),
      subject: claims.sub,
    });
    await checkWithKompas(session.accessToken);
    return { session, next: pending.next };
  } catch (error) {
    throw failureOf(error, pending);
  }
}

/** A new session from the provider's refresh token; throws when the provider refuses it. */
export async function refreshAtProvider(session: Session, provider: ProviderSession): Promise<Session> {
  if (!session.refreshToken) throw new OidcFailure('provider', 'no refresh token');
  const as: oauth.AuthorizationServer = { issuer: provider.issuer, token_endpoint: provider.tokenEndpoint };
  const client: oauth.Client = { client_id: provider.clientId };
  const response = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), session.refreshToken, httpOptions(provider.issuer));
  const result = await oauth.processRefreshTokenResponse(as, client, response);
  const claims = oauth.getValidatedIdTokenClaims(result);
  // The API needs an ID token; a refresh without one cannot carry the session on.
  if (!claims) throw new OidcFailure('provider', 'the refresh answer has no ID token');
  // OpenID Connect Core 12.2: a refreshed ID token is about the same person.
  if (claims.sub !== provider.subject) throw new OidcFailure('provider', 'the refreshed ID token names another subject');
  const renewed = sessionFromProvider(result, claims, provider);
  // Without a new refresh token the old one goes on (the provider does not rotate them).
  return renewed.refreshToken ? renewed : { ...renewed, refreshToken: session.refreshToken, refreshExpiresAt: session.refreshExpiresAt };
}
