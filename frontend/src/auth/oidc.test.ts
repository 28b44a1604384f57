import { generateKeyPair, SignJWT } from 'jose';
import { calculatePKCECodeChallenge } from 'oauth4webapi';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  allowsHttp,
  completeLogin,
  OidcFailure,
  prepareLogin,
  refreshAtProvider,
  savePending,
  takePending,
  type OidcConfig,
  type PendingLogin,
} from './oidc';

const ISSUER = 'https://login.gemeente.example/realms/medewerkers';
const ORIGIN = 'https://kompas.gemeente.example';
const CONFIG: OidcConfig = { issuer: ISSUER, clientId: 'kompas-web', scopes: 'openid email profile' };
const METADATA = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/auth`,
  token_endpoint: `${ISSUER}/token`,
  jwks_uri: `${ISSUER}/certs`,
  end_session_endpoint: `${ISSUER}/logout`,
};

class MemoryStorage {
  private items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

let privateKey: CryptoKey;

beforeAll(async () => {
  ({ privateKey } = await generateKeyPair('RS256', { modulusLength: 2048 }));
});

beforeEach(() => {
  vi.stubGlobal('sessionStorage', new MemoryStorage());
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function idToken(claims: Record<string, unknown> = {}) {
  return new SignJWT({ email: 'fatima@voorbeeld.nl', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(ISSUER)
    .setAudience('kompas-web')
    .setSubject('user-1')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(privateKey);
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** A provider and Kompas behind fetch: answers by URL, and remembers every request. */
function fakeNetwork({
  token = async () => json({ access_token: 'at', token_type: 'Bearer', expires_in: 300 }),
  me = () => json({ id: 'u1' }),
}: {
  token?: (body: URLSearchParams) => Promise<Response>;
  me?: () => Response;
} = {}) {
  const calls: { url: string; init?: RequestInit }[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    calls.push({ url, init });
    if (url === `${ISSUER}/.well-known/openid-configuration`) return json(METADATA);
    if (url === `${ISSUER}/token`) return token(new URLSearchParams(String(init?.body)));
    if (url === '/api/v1/me') return me();
    return new Response('not found', { status: 404 });
  });
  vi.stubGlobal('fetch', fetch);
  return calls;
}

function pending(overrides: Partial<PendingLogin> = {}): PendingLogin {
  return {
    state: 'state-1',
    nonce: 'nonce-1',
    codeVerifier: 'v'.repeat(43),
    redirectUri: `${ORIGIN}/login/callback`,
    issuer: ISSUER,
    clientId: 'kompas-web',
    next: '/compass',
    silent: false,
    createdAt: Date.now(),
    ...overrides,
  };
}

const callback = (params: Record<string, string>) => new URL(`${ORIGIN}/login/callback?${new URLSearchParams(params)}`);

describe('logins on their way', () => {
  it('are found once by their state', () => {
    savePending(pending());
    expect(takePending('state-1')?.next).toBe('/compass');
    expect(takePending('state-1')).toBeNull();
    expect(takePending(null)).toBeNull();
    expect(takePending('another')).toBeNull();
  });

  it('expire after half an hour, and only the last five are kept', () => {
    savePending(pending({ createdAt: Date.now() - 31 * 60_000 }));
    expect(takePending('state-1')).toBeNull();
    for (let i = 0; i < 7; i++) savePending(pending({ state: `s${i}` }));
    expect(takePending('s0')).toBeNull();
    expect(takePending('s1')).toBeNull();
    expect(takePending('s6')).not.toBeNull();
  });
});

describe('the authorization request', () => {
  it('asks for a code with PKCE S256, state and nonce, and keeps them in this tab', async () => {
    fakeNetwork();
    const href = new URL(await prepareLogin(CONFIG, { next: '/parties', origin: ORIGIN }));
    expect(href.origin + href.pathname).toBe(`${ISSUER}/auth`);
    const params = Object.fromEntries(href.searchParams);
    expect(params).toMatchObject({
      client_id: 'kompas-web',
      redirect_uri: `${ORIGIN}/login/callback`,
      response_type: 'code',
      scope: 'openid email profile',
      code_challenge_method: 'S256',
    });
    expect(params.prompt).toBeUndefined();
    const kept = takePending(params.state);
    expect(kept).toMatchObject({ nonce: params.nonce, next: '/parties', silent: false });
    expect(await calculatePKCECodeChallenge(kept!.codeVerifier)).toBe(params.code_challenge);
  });

  it('asks for no interaction when it logs in again silently', async () => {
    fakeNetwork();
    const href = new URL(await prepareLogin(CONFIG, { silent: true, origin: ORIGIN }));
    expect(href.searchParams.get('prompt')).toBe('none');
  });

  it('refuses a discovery document of another issuer', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json({ ...METADATA, issuer: 'https://evil.example' })));
    await expect(prepareLogin(CONFIG, { origin: ORIGIN })).rejects.toMatchObject({ kind: 'provider' });
  });

  it('allows plain http only for a provider on this machine', () => {
    expect(allowsHttp('http://127.0.0.1:9000/realms/kompas')).toBe(true);
    expect(allowsHttp('http://localhost:9000')).toBe(true);
    expect(allowsHttp('http://login.gemeente.example')).toBe(false);
    expect(allowsHttp(ISSUER)).toBe(false);
  });
});

describe('the callback', () => {
  it('exchanges the code with the verifier and makes the ID token the session token', async () => {
    const token = await idToken({ nonce: 'nonce-1' });
    let sent: URLSearchParams | undefined;
    const calls = fakeNetwork({
      token: async (body) => {
        sent = body;
        return json({ access_token: 'at', token_type: 'Bearer', expires_in: 300, id_token: token, refresh_token: 'rt-1' });
      },
    });
    savePending(pending());
    const { session, next } = await completeLogin(callback({ code: 'code-1', state: 'state-1' }));
    expect(next).toBe('/compass');
    expect(Object.fromEntries(sent!)).toMatchObject({
      grant_type: 'authorization_code',
      code: 'code-1',
      code_verifier: 'v'.repeat(43),
      redirect_uri: `${ORIGIN}/login/callback`,
      client_id: 'kompas-web',
    });
    expect(session.accessToken).toBe(token);
    expect(session.refreshToken).toBe('rt-1');
    expect(session.expiresAt).toBeGreaterThan(Date.now() + 4 * 60_000);
    expect(session.provider).toEqual({
      issuer: ISSUER,
      clientId: 'kompas-web',
      tokenEndpoint: `${ISSUER}/token`,
      endSessionEndpoint: `${ISSUER}/logout`,
      subject: 'user-1',
    });
    // Kompas was asked with the ID token as Bearer.
    const me = calls.find((call) => call.url === '/api/v1/me');
    expect((me!.init!.headers as Record<string, string>).Authorization).toBe(`Bearer ${token}`);
  });

  it('refuses an answer whose state belongs to no login of this tab, before any exchange', async () => {
    const calls = fakeNetwork();
    savePending(pending());
    const failure = await completeLogin(callback({ code: 'code-1', state: 'forged' })).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(OidcFailure);
    expect((failure as OidcFailure).kind).toBe('state');
    expect(calls).toEqual([]);
  });

  it('refuses the same answer twice', async () => {
    const token = await idToken({ nonce: 'nonce-1' });
    fakeNetwork({ token: async () => json({ access_token: 'at', token_type: 'Bearer', expires_in: 300, id_token: token }) });
    savePending(pending());
    await completeLogin(callback({ code: 'code-1', state: 'state-1' }));
    await expect(completeLogin(callback({ code: 'code-1', state: 'state-1' }))).rejects.toMatchObject({ kind: 'state' });
  });

  it('says when the user declined at the provider', async () => {
    fakeNetwork();
    savePending(pending());
    await expect(completeLogin(callback({ error: 'access_denied', state: 'state-1' }))).rejects.toMatchObject({
      kind: 'denied',
      next: '/compass',
    });
  });

  it('tells a silent attempt that found no session at the provider apart', async () => {
    fakeNetwork();
    savePending(pending({ silent: true }));
    await expect(completeLogin(callback({ error: 'login_required', state: 'state-1' }))).rejects.toMatchObject({
      kind: 'loginRequired',
    });
  });

  it('refuses an ID token with another nonce', async () => {
    const token = await idToken({ nonce: 'replayed' });
    fakeNetwork({ token: async () => json({ access_token: 'at', token_type: 'Bearer', expires_in: 300, id_token: token }) });
    savePending(pending());
    await expect(completeLogin(callback({ code: 'c', state: 'state-1' }))).rejects.toMatchObject({ kind: 'provider' });
  });

  it('refuses an ID token for another client', async () => {
    const token = await new SignJWT({ nonce: 'nonce-1' })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(ISSUER)
      .setAudience('another-app')
      .setSubject('user-1')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    fakeNetwork({ token: async () => json({ access_token: 'at', token_type: 'Bearer', expires_in: 300, id_token: token }) });
    savePending(pending());
    await expect(completeLogin(callback({ code: 'c', state: 'state-1' }))).rejects.toMatchObject({ kind: 'provider' });
  });

  it('says so when Kompas does not know the user (401)', async () => {
    const token = await idToken({ nonce: 'nonce-1' });
    fakeNetwork({
      token: async () => json({ access_token: 'at', token_type: 'Bearer', expires_in: 300, id_token: token }),
      me: () => json({ status: 401, detail: 'There is no Kompas account for this e-mail address.' }, 401),
    });
    savePending(pending());
    await expect(completeLogin(callback({ code: 'c', state: 'state-1' }))).rejects.toMatchObject({ kind: 'noAccount' });
  });

  it("reports a refused code exchange as the provider's error", async () => {
    fakeNetwork({ token: async () => json({ error: 'invalid_grant' }, 400) });
    savePending(pending());
    await expect(completeLogin(callback({ code: 'c', state: 'state-1' }))).rejects.toMatchObject({ kind: 'provider' });
  });
});

describe('refresh at the provider', () => {
  const provider = { issuer: ISSUER, clientId: 'kompas-web', tokenEndpoint: `${ISSUER}/token`, subject: 'user-1' };

  it('renews the session with the new ID token and keeps a refresh token that was not rotated', async () => {
    const token = await idToken();
    let sent: URLSearchParams | undefined;
    fakeNetwork({
      token: async (body) => {
        sent = body;
        return json({ access_token: 'at2', token_type: 'Bearer', expires_in: 300, id_token: token });
      },
    });
    const renewed = await refreshAtProvider({ accessToken: 'old', expiresAt: 0, refreshToken: 'rt-1', provider }, provider);
    expect(Object.fromEntries(sent!)).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'rt-1', client_id: 'kompas-web' });
    expect(renewed).toMatchObject({ accessToken: token, refreshToken: 'rt-1', provider });
  });

  it('refuses an ID token about someone else', async () => {
    const token = await idToken();
    fakeNetwork({ token: async () => json({ access_token: 'a', token_type: 'Bearer', expires_in: 300, id_token: token }) });
    const other = { ...provider, subject: 'user-2' };
    await expect(refreshAtProvider({ accessToken: 'old', expiresAt: 0, refreshToken: 'rt', provider: other }, other)).rejects.toThrow(
      /another subject/,
    );
  });

  it('cannot go on without an ID token', async () => {
    fakeNetwork({ token: async () => json({ access_token: 'a', token_type: 'Bearer', expires_in: 300 }) });
    await expect(refreshAtProvider({ accessToken: 'old', expiresAt: 0, refreshToken: 'rt', provider }, provider)).rejects.toThrow(
      /no ID token/,
    );
  });
});
