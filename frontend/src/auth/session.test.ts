import { afterEach, describe, expect, it, vi } from 'vitest';
import { endSession, getLastEndReason, getSession, logout, refreshSession, sessionFromAnswer, startSession } from './session';

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
});
