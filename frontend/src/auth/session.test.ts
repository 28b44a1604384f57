import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  endSession,
  endSessionUrl,
  getLastEndReason,
  getSession,
  lastEndedAtIdentityProvider,
  logout,
  refreshSession,
  sessionFromAnswer,
  startProviderSession,
  startSession,
} from './session';

afterEach(() => {
  endSession('logout');
  vi.unstubAllGlobals();
});

describe('session', () => {
  it('keeps the expiry of both tokens', () => {
    expect(sessionFromAnswer({ access_token: 'a', expires_in: 900, refresh_token: 'kompas_rt_x', refresh_expires_in: 3600 }, 0)).toEqual({
      accessToken: 'a',
      expiresAt: 900_000,
      refreshToken: 'kompas_rt_x',
      refreshExpiresAt: 3_600_000,
    });
    expect(sessionFromAnswer({ access_token: 'a', expires_in: 60 }, 0)).toEqual({ accessToken: 'a', expiresAt: 60_000 });
  });

  it('refreshes once for parallel callers, and uses the new tokens', async () => {
    const fetch = vi.fn().mockResolvedValue(
      new Response(JSON.stringify({ access_token: 'new', expires_in: 900, refresh_token: 'kompas_rt_2', refresh_expires_in: 3600 })),
    );
    vi.stubGlobal('fetch', fetch);
    startSession({ access_token: 'old', expires_in: 900, refresh_token: 'kompas_rt_1', refresh_expires_in: 3600 });
    const results = await Promise.all([refreshSession(), refreshSession()]);
    expect(results).toEqual([true, true]);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(String(fetch.mock.calls[0][1].body)).toBe('grant_type=refresh_token&refresh_token=kompas_rt_1');
    expect(getSession()).toMatchObject({ accessToken: 'new', refreshToken: 'kompas_rt_2' });
  });

  it('ends the session when the refresh is refused', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response('{}', { status: 400 })));
    startSession({ access_token: 'old', expires_in: 900, refresh_token: 'kompas_rt_1', refresh_expires_in: 3600 });
    expect(await refreshSession()).toBe(false);
    expect(getSession()).toBeNull();
    expect(getLastEndReason()).toBe('expired');
  });

  it('cannot refresh without a refresh token', async () => {
    startSession({ access_token: 'only', expires_in: 900 });
    expect(await refreshSession()).toBe(false);
  });

  it('logs out at the API with the refresh token, and forgets the session at once', async () => {
    const fetch = vi.fn().mockResolvedValue(new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetch);
    startSession({ access_token: 'acc', expires_in: 900, refresh_token: 'kompas_rt_9', refresh_expires_in: 3600 });
    const done = logout();
    expect(getSession()).toBeNull();
    await done;
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('/api/v1/auth/logout');
    expect(init.method).toBe('POST');
    expect(init.headers.Authorization).toBe('Bearer acc');
    expect(JSON.parse(init.body)).toEqual({ refreshToken: 'kompas_rt_9' });
    expect(getLastEndReason()).toBe('logout');
  });

  describe('from the identity provider', () => {
    const provider = {
      issuer: 'https://login.gemeente.example/realms/m',
      clientId: 'kompas-web',
      tokenEndpoint: 'https://login.gemeente.example/realms/m/token',
      endSessionEndpoint: 'https://login.gemeente.example/realms/m/logout',
      subject: 'user-1',
    };

    it('logs out at the provider, not at Kompas, which keeps no session for it', async () => {
      const fetch = vi.fn();
      const assign = vi.fn();
      vi.stubGlobal('fetch', fetch);
      vi.stubGlobal('location', { origin: 'https://kompas.example', assign });
      startProviderSession({ accessToken: 'id-token', expiresAt: Date.now() + 300_000, provider });
      await logout();
      expect(getSession()).toBeNull();
      expect(fetch).not.toHaveBeenCalled();
      const url = new URL(assign.mock.calls[0][0]);
      expect(url.origin + url.pathname).toBe(provider.endSessionEndpoint);
      expect(Object.fromEntries(url.searchParams)).toEqual({
        id_token_hint: 'id-token',
        client_id: 'kompas-web',
        post_logout_redirect_uri: 'https://kompas.example/login',
      });
    });

    it('has no end-session URL when the provider has no such endpoint', () => {
      const without = { ...provider, endSessionEndpoint: undefined };
      expect(endSessionUrl({ accessToken: 't', expiresAt: 0 }, without, 'https://kompas.example')).toBeNull();
    });

    it('cannot refresh without a refresh token, and remembers that it came from the provider', async () => {
      startProviderSession({ accessToken: 'id-token', expiresAt: Date.now() + 300_000, provider });
      expect(await refreshSession()).toBe(false);
      endSession('expired');
      expect(getLastEndReason()).toBe('expired');
      expect(lastEndedAtIdentityProvider()).toBe(true);
      startSession({ access_token: 'a', expires_in: 900 });
      endSession('expired');
      expect(lastEndedAtIdentityProvider()).toBe(false);
    });

    it('refreshes at the provider, and ends the session when the provider refuses', async () => {
      const fetch = vi.fn().mockResolvedValue(
        new Response(JSON.stringify({ error: 'invalid_grant' }), { status: 400, headers: { 'Content-Type': 'application/json' } }),
      );
      vi.stubGlobal('fetch', fetch);
      startProviderSession({ accessToken: 'id-token', expiresAt: Date.now() + 300_000, refreshToken: 'rt-1', provider });
      expect(await refreshSession()).toBe(false);
      const [request] = fetch.mock.calls[0];
      expect(request instanceof Request ? request.url : String(request)).toBe(provider.tokenEndpoint);
      expect(getSession()).toBeNull();
      expect(getLastEndReason()).toBe('expired');
    });
  });
});
