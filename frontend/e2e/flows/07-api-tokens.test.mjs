import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, baseUrl, checkA11y, login, newPage, screenshot, settled, unique, useBrowser } from '../harness.mjs';

const browser = useBrowser();

/** `YYYY-MM-DD`, `days` from today in local time, as the date field shows it. */
function dateAfter(days) {
  const now = new Date();
  const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
}

const withToken = (token, path) =>
  fetch(`${baseUrl}/api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.status);

test('a coordinator makes a partner token, sees the secret once, copies it, and revokes it', async () => {
  const api = await apiAs('coordinator');
  const woonstede = (await api.get('/partners?q=Woonstede')).body.items[0];
  const page = await newPage(browser());
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  await login(page, 'coordinator');
  await page.goto(`/parties/${woonstede.id}`);
  await settled(page);
  const section = page.getByRole('region', { name: 'API-tokens' });
  await section.getByRole('button', { name: 'Nieuw API-token' }).click();

  // Nothing chosen: refused before anything is sent.
  await section.getByRole('button', { name: 'Token aanmaken' }).click();
  await page.getByRole('link', { name: 'Naam van het token: Vul dit veld in.' }).waitFor();
  await page.getByRole('link', { name: 'Rechten: Vul dit veld in.' }).waitFor();
  // The expiry defaults to 90 days, and may lie at most a year ahead.
  const expiry = section.getByLabel('Verloopt op');
  assert.equal(await expiry.inputValue(), dateAfter(90));
  await expiry.fill(dateAfter(400));
  await section.getByRole('button', { name: 'Token aanmaken' }).click();
  await page.locator('#field-expiresOn-error', { hasText: 'Kies een datum op of voor' }).waitFor();
  await expiry.fill(dateAfter(90));

  const name = unique('Planning-koppeling');
  await section.getByLabel('Naam van het token').fill(name);
  await section.getByRole('group', { name: 'Behoeften en aanbod' }).getByLabel('Lezen').check();
  await section.getByRole('group', { name: 'Behoeften en aanbod' }).getByLabel('Schrijven').check();
  await section.getByRole('group', { name: 'Partijen' }).getByLabel('Lezen').check();
  await checkA11y(page, 'token form');
  await screenshot(page, 'token-form');
  await section.getByRole('button', { name: 'Token aanmaken' }).click();

  // The secret, once, in a marked panel that takes the focus.
  const panel = page.getByRole('region', { name: `Het nieuwe token ‘${name}’` });
  await panel.waitFor();
  await panel.getByText('Het wordt niet opnieuw getoond').waitFor();
  const secret = (await panel.getByTestId('token-secret').innerText()).trim();
  assert.match(secret, /^kompas_pat_/);
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), `Het nieuwe token ‘${name}’`);
  await panel.getByRole('button', { name: 'Kopiëren' }).click();
  await panel.getByRole('status').getByText('Het token is gekopieerd.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
  await checkA11y(page, 'token secret');
  await screenshot(page, 'token-secret');

  // It works, within its scopes.
  assert.equal(await withToken(secret, '/needs'), 200);

  // Listed with its prefix and scopes, never with the secret.
  const row = section.getByRole('row', { name: new RegExp(name) });
  await row.getByText('Behoeften en aanbod (Lezen, Schrijven); Partijen (Lezen)').waitFor();
  await row.getByText('Nog niet gebruikt').waitFor();
  await panel.getByRole('button', { name: 'Ik heb het token bewaard' }).click();
  await panel.waitFor({ state: 'detached' });
  assert.equal(await page.getByText(secret).count(), 0);
  await page.reload();
  await settled(page);
  assert.equal(await page.getByText(secret).count(), 0);
  const listed = (await api.get(`/partners/${woonstede.id}/api-tokens`)).body.items.find((t) => t.name === name);
  assert.ok(secret.startsWith(listed.prefix));
  await row.getByText(`${listed.prefix}…`).waitFor();

  // Revoke: Escape cancels and returns the focus; confirming revokes at once.
  const revoke = row.getByRole('button', { name: `Intrekken: ${name}` });
  await revoke.click();
  const dialog = page.getByRole('dialog', { name: `Token ‘${name}’ intrekken?` });
  await dialog.waitFor();
  await checkA11y(page, 'revoke dialog');
  await screenshot(page, 'token-revoke-dialog');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await revoke.evaluate((el) => el === document.activeElement), true);
  assert.equal(await withToken(secret, '/needs'), 200);
  await revoke.click();
  await dialog.getByRole('button', { name: 'Ja, intrekken' }).click();
  await row.getByText(/^Ingetrokken op/).waitFor();
  await section.getByRole('status').filter({ hasText: `Token ‘${name}’ is ingetrokken` }).waitFor();
  assert.equal(await row.getByRole('button', { name: /^Intrekken/ }).count(), 0);
  assert.equal(await withToken(secret, '/needs'), 401);
  await page.context().close();
});

test('members, viewers and partners see no tokens on a partner page', async () => {
  const api = await apiAs('admin');
  const woonstede = (await api.get('/partners?q=Woonstede')).body.items[0];
  for (const role of ['member', 'partner']) {
    const page = await newPage(browser());
    await login(page, role);
    await page.goto(`/parties/${woonstede.id}`);
    await settled(page);
    assert.equal(await page.getByRole('region', { name: 'API-tokens' }).count(), 0, role);
    await page.context().close();
  }
});
