import { afterEach, describe, expect, it, vi } from 'vitest';
import { endSession, getLastEndReason, getSession, refreshSession, sessionFromAnswer, startSession } from './session';

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
});
