import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkA11y, login, newPage, screenshot, useBrowser, users } from '../harness.mjs';

const browser = useBrowser();

test('a wrong password is refused with a message', async () => {
  const page = await newPage(browser());
  await page.goto('/');
  await page.waitForURL('**/login');
  await checkA11y(page, 'login');
  await screenshot(page, 'login');
  await page.getByLabel('E-mailadres').fill(users.admin);
  await page.getByLabel('Wachtwoord').fill('not-the-password');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByText('Het e-mailadres of het wachtwoord klopt niet.').waitFor();
  await checkA11y(page, 'login with error');
  await page.context().close();
});

test('empty fields are caught before anything is sent', async () => {
  const page = await newPage(browser());
  await page.goto('/login');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  assert.equal(await page.getByText('Vul dit veld in.').count(), 2);
  await page.context().close();
});

test('log in, see name and role, log out', async () => {
  const page = await newPage(browser());
  await login(page, 'coordinator');
  const user = page.locator('.kompas-user');
  await user.waitFor();
  assert.equal((await user.innerText()).trim(), 'Fatima El Amrani (coördinator)');
  assert.equal(await page.locator('html').getAttribute('lang'), 'nl');
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await page.waitForURL('**/login');
  await page.goto('/parties');
  await page.waitForURL('**/login?next=%2Fparties');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('after login the user returns to the page asked for', async () => {
  const page = await newPage(browser());
  await page.goto('/compass');
  await page.waitForURL('**/login?next=%2Fcompass');
  await page.getByLabel('E-mailadres').fill(users.viewer);
  await page.getByLabel('Wachtwoord').fill(process.env.KOMPAS_E2E_PASSWORD ?? 'demo-kompas-2026');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Kompas' }).waitFor();
  await page.context().close();
});

test('a token the API no longer accepts sends the user to login', async () => {
  const page = await newPage(browser());
  await login(page, 'admin');
  await page.evaluate(() =>
    sessionStorage.setItem('kompas.session', JSON.stringify({ accessToken: 'not-a-token', expiresAt: Date.now() + 3600_000 })),
  );
  await page.goto('/parties');
  await page.waitForURL('**/login**');
  await page.getByText('Uw sessie is verlopen. Log opnieuw in.').waitFor();
  await page.context().close();
});

test('the language switch changes texts and the lang attribute', async () => {
  const page = await newPage(browser());
  await login(page, 'admin');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('link', { name: 'Parties' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.getByRole('button', { name: 'Log out' }).waitFor();
  await checkA11y(page, 'home in English');
  await page.getByRole('button', { name: 'Nederlands' }).click();
  await page.getByRole('link', { name: 'Partijen' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'nl');
  await page.context().close();
});

test('logging out ends the session at the API: the old access token no longer works', async () => {
  const page = await newPage(browser());
  await login(page, 'member');
  const session = await page.evaluate(() => JSON.parse(sessionStorage.getItem('kompas.session') ?? 'null'));
  assert.ok(session?.accessToken && session.refreshToken);
  const me = () =>
    fetch(new URL('/api/v1/me', page.url()), { headers: { Authorization: `Bearer ${session.accessToken}` } }).then((r) => r.status);
  assert.equal(await me(), 200);
  const loggedOut = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/logout') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  const answer = await loggedOut;
  assert.ok(answer.ok(), `logout answered ${answer.status()}`);
  assert.deepEqual(JSON.parse(answer.request().postData() ?? '{}'), { refreshToken: session.refreshToken });
  await page.waitForURL('**/login');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('kompas.session')), null);
  assert.equal(await me(), 401);
  // The refresh token is revoked as well.
  const refreshed = await fetch(new URL('/api/v1/auth/token', page.url()), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: session.refreshToken }),
  });
  assert.notEqual(refreshed.status, 200);
  await page.context().close();
});
