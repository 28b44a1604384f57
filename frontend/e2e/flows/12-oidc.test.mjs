// Login through the municipality's identity provider (OpenID Connect, code flow with PKCE) against
// the mock provider e2e/idp.mjs that run.mjs starts: a demo user gets in with her role, an unknown
// e-mail address and a tampered state are refused clearly, refresh and silent re-login keep the
// session going, logout ends it at the provider too.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { baseUrl, checkA11y, newPage, screenshot, useBrowser, users } from '../harness.mjs';

const browser = useBrowser();
const issuer = process.env.KOMPAS_E2E_IDP_ISSUER;
const OIDC_BUTTON = /^(Inloggen via de gemeente|Log in with your organisation)$/;

async function provider(settings) {
  const response = await fetch(`${issuer}/_mock/settings`, { method: 'POST', body: JSON.stringify(settings) });
  assert.equal(response.status, 200);
}

async function providerLog() {
  return (await fetch(`${issuer}/_mock/log`)).json();
}

/** From the login page through the provider's form as `email`; the app is then where it sends us. */
async function loginAtProvider(page, email, { from = '/login' } = {}) {
  await page.goto(from);
  await page.getByRole('link', { name: OIDC_BUTTON }).click();
  await page.waitForURL(`${issuer}/**`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByRole('button', { name: 'Doorgaan' }).click();
}

before(async () => {
  if (!issuer) return;
  await provider({ refreshTokens: true, idTokenSeconds: 300 });
});

const skip = issuer ? false : 'the mock identity provider runs only when run.mjs starts the API';

test('the login page offers the provider beside the password form, accessibly', { skip }, async () => {
  const config = await (await fetch(`${baseUrl}/api/v1/auth/config`)).json();
  assert.deepEqual(config, { password: true, oidc: { issuer, clientId: 'kompas-web', scopes: 'openid email profile' } });
  const page = await newPage(browser());
  await page.goto('/login');
  const link = page.getByRole('link', { name: 'Inloggen via de gemeente' });
  await link.waitFor();
  const href = new URL(await link.getAttribute('href'));
  assert.equal(href.origin + href.pathname, `${issuer}/protocol/openid-connect/auth`);
  assert.equal(href.searchParams.get('code_challenge_method'), 'S256');
  assert.equal(href.searchParams.get('client_id'), 'kompas-web');
  assert.equal(href.searchParams.get('redirect_uri'), `${baseUrl}/login/callback`);
  for (const name of ['state', 'nonce', 'code_challenge']) assert.ok(href.searchParams.get(name), name);
  // The password login is still there and still the only "Inloggen" button.
  await page.getByRole('button', { name: 'Inloggen', exact: true }).waitFor();
  await checkA11y(page, 'login with the identity provider');
  await screenshot(page, 'login-oidc');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('link', { name: 'Log in with your organisation' }).waitFor();
  await checkA11y(page, 'login with the identity provider in English');
  await page.context().close();
});

test('a demo coordinator logs in through the provider and sees her name and role', { skip }, async () => {
  const page = await newPage(browser());
  await loginAtProvider(page, users.coordinator, { from: '/compass' });
  // Back at the page she asked for, with the provider's ID token as the session's token.
  const user = page.locator('.kompas-user');
  await user.waitFor({ timeout: 20_000 });
  await page.waitForURL(`${baseUrl}/compass`);
  assert.equal((await user.innerText()).trim(), 'Fatima El Amrani (coördinator)');
  const session = await page.evaluate(() => JSON.parse(sessionStorage.getItem('kompas.session') ?? 'null'));
  assert.equal(session.provider.issuer, issuer);
  assert.equal(JSON.parse(Buffer.from(session.accessToken.split('.')[1], 'base64url').toString()).aud, 'kompas-web');
  // The token works for the API, and nothing is left of the login on its way.
  assert.equal(await page.evaluate(() => sessionStorage.getItem('kompas.oidc.pending')), null);
  await page.getByRole('link', { name: 'Partijen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Partijen' }).waitFor();
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('an e-mail address Kompas does not know is refused with a clear message', { skip }, async () => {
  const page = await newPage(browser());
  await loginAtProvider(page, 'onbekend@voorbeeld.nl');
  await page.waitForURL('**/login/callback**');
  await page.getByText('Kompas heeft geen actief account voor uw e-mailadres').waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('kompas.session')), null);
  await checkA11y(page, 'oidc login refused');
  await screenshot(page, 'login-oidc-no-account');
  await page.getByRole('link', { name: 'Terug naar inloggen' }).click();
  await page.waitForURL('**/login');
  await page.context().close();
});

test('a declined login at the provider says so', { skip }, async () => {
  const page = await newPage(browser(), { language: 'en' });
  await page.goto('/login');
  await page.getByRole('link', { name: 'Log in with your organisation' }).click();
  await page.waitForURL(`${issuer}/**`);
  await page.getByRole('button', { name: 'Weigeren' }).click();
  await page.getByText('You cancelled or declined the login').waitFor();
  await page.context().close();
});

test('a tampered state is refused and the code is never exchanged', { skip }, async () => {
  const page = await newPage(browser());
  await page.goto('/login');
  const href = await page.getByRole('link', { name: OIDC_BUTTON }).getAttribute('href');
  const tampered = new URL(href);
  tampered.searchParams.set('state', 'forged-by-someone-else');
  const before = (await providerLog()).length;
  await page.goto(tampered.href);
  await page.waitForURL(`${issuer}/**`);
  await page.getByLabel('E-mailadres').fill(users.coordinator);
  await page.getByRole('button', { name: 'Doorgaan' }).click();
  await page.waitForURL('**/login/callback**');
  await page.getByText('hoort niet bij een inlogpoging in dit venster').waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('kompas.session')), null);
  // Refused before the token endpoint was asked.
  assert.equal((await providerLog()).length, before);
  await page.context().close();
});

test('the session is refreshed at the provider before the ID token expires', { skip }, async () => {
  const page = await newPage(browser());
  await loginAtProvider(page, users.member);
  await page.locator('.kompas-user').waitFor();
  const first = await page.evaluate(() => JSON.parse(sessionStorage.getItem('kompas.session') ?? 'null'));
  assert.ok(first.refreshToken);
  // Pretend the ID token expires in a few seconds; after a reload the refresh is due at once.
  await page.evaluate((session) => sessionStorage.setItem('kompas.session', JSON.stringify({ ...session, expiresAt: Date.now() + 5_000 })), first);
  await page.reload();
  await page.waitForFunction((old) => JSON.parse(sessionStorage.getItem('kompas.session') ?? '{}').refreshToken !== old, first.refreshToken);
  const log = await providerLog();
  assert.equal(log.at(-1).grant, 'refresh_token');
  await page.getByRole('link', { name: 'Partijen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Partijen' }).waitFor();
  await page.context().close();
});

test('without a refresh token an expired session goes silently back through the provider', { skip }, async () => {
  await provider({ refreshTokens: false });
  try {
    const page = await newPage(browser());
    await loginAtProvider(page, users.viewer);
    await page.locator('.kompas-user').waitFor();
    await page.goto('/parties');
    await page.getByRole('heading', { level: 1, name: 'Partijen' }).waitFor();
    const first = await page.evaluate(() => JSON.parse(sessionStorage.getItem('kompas.session') ?? 'null'));
    assert.equal(first.refreshToken, undefined);
    // The ID token expires in a moment: the app ends the session and logs in again at the
    // provider without asking (its session is still there), back on the same page.
    await page.evaluate((session) => sessionStorage.setItem('kompas.session', JSON.stringify({ ...session, expiresAt: Date.now() + 1500 })), first);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Partijen' }).waitFor();
    await page.waitForFunction((old) => {
      const now = JSON.parse(sessionStorage.getItem('kompas.session') ?? 'null');
      return now && now.accessToken !== old;
    }, first.accessToken, { timeout: 15_000 });
    await page.waitForURL(`${baseUrl}/parties`);
    await page.getByRole('heading', { level: 1, name: 'Partijen' }).waitFor();
    await page.context().close();
  } finally {
    await provider({ refreshTokens: true });
  }
});

test('logout ends the session in Kompas and at the provider', { skip }, async () => {
  const page = await newPage(browser());
  await loginAtProvider(page, users.coordinator);
  await page.locator('.kompas-user').waitFor();
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await page.waitForURL(`${baseUrl}/login`);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('kompas.session')), null);
  assert.deepEqual((await providerLog()).at(-1), { logout: true, idTokenHint: true });
  // The provider forgot her too: the next login asks who she is again.
  await page.getByRole('link', { name: OIDC_BUTTON }).click();
  await page.getByLabel('E-mailadres').waitFor();
  await page.context().close();
});

test('the password login keeps working beside the provider', { skip }, async () => {
  const page = await newPage(browser());
  await page.goto('/login');
  await page.getByRole('link', { name: OIDC_BUTTON }).waitFor();
  await page.getByLabel('E-mailadres').fill(users.admin);
  await page.getByLabel('Wachtwoord').fill(process.env.KOMPAS_E2E_PASSWORD ?? 'demo-kompas-2026');
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
  const session = await page.evaluate(() => JSON.parse(sessionStorage.getItem('kompas.session') ?? 'null'));
  assert.equal(session.provider, undefined);
  assert.match(session.refreshToken, /^kompas_rt_/);
  await page.context().close();
});
