import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, checkA11y, login, newPage, password, screenshot, settled, unique, useBrowser } from '../harness.mjs';

const browser = useBrowser();

test('an admin filters users by role and searches them', async () => {
  const page = await newPage(browser());
  await login(page, 'admin');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Beheer', exact: true }).click();
  await settled(page);
  await page.getByLabel('Rol', { exact: true }).selectOption('partner');
  await page.waitForURL('**/admin/users?role=partner');
  await settled(page);
  const table = page.getByRole('table');
  await table.getByRole('cell', { name: 'Sanne Bakker', exact: true }).waitFor();
  assert.equal(await table.getByRole('cell', { name: 'Fatima El Amrani', exact: true }).count(), 0);
  // The party of each user is shown.
  await table.getByRole('cell', { name: 'Woonstede', exact: true }).first().waitFor();

  await page.getByLabel('Rol', { exact: true }).selectOption('');
  await page.getByLabel('Zoeken op naam of e-mailadres').fill('fatima');
  await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
  await page.waitForURL('**/admin/users?q=fatima');
  await table.getByRole('cell', { name: 'Fatima El Amrani', exact: true }).waitFor();
  // The unfiltered list (Fatima is in it too) shows until the filtered one arrives: wait for that.
  await page.waitForFunction(() => document.querySelectorAll('main table tr').length === 2);
  assert.equal(await table.getByRole('row').count(), 2);
  await checkA11y(page, 'users filtered');
  await screenshot(page, 'admin-users-filtered');
  await page.context().close();
});

test('an admin changes a user: name, role, party, and deactivates and reactivates them', async () => {
  const api = await apiAs('admin');
  const email = `${unique('gebruiker').replace(/\W+/g, '-')}@voorbeeld.nl`;
  const created = await api.post('/users', { email, name: 'Nina Bos', role: 'member', password });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const user = created.body;
  const zorg = (await api.get('/departments?q=Zorg')).body.items[0];

  const page = await newPage(browser());
  await login(page, 'admin');
  await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  await settled(page);
  await page.getByRole('link', { name: 'Wijzigen: Nina Bos' }).click();
  await page.getByRole('heading', { level: 1, name: 'Gebruiker wijzigen' }).waitFor();
  await settled(page);
  await checkA11y(page, 'user edit');
  await screenshot(page, 'user-edit');
  await page.getByLabel('Naam').fill('Nina Bos-de Wit');
  await page.getByLabel('Rol', { exact: true }).selectOption('viewer');
  await page.getByLabel(/^Partij/).selectOption(zorg.id);
  await page.getByLabel('Actief: mag inloggen').uncheck();
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.waitForURL('**/admin/users');
  await settled(page);
  // The demo has more users than one page holds: find Nina again.
  await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  await settled(page);
  const row = page.getByRole('row', { name: /Nina Bos-de Wit/ });
  await row.getByText('Niet actief').waitFor();
  await row.getByRole('cell', { name: 'meelezer', exact: true }).waitFor();
  let saved = (await api.get(`/users/${user.id}`)).body;
  assert.deepEqual([saved.name, saved.role, saved.partyId, saved.isActive], ['Nina Bos-de Wit', 'viewer', zorg.id, false]);

  // A deactivated user cannot log in.
  const refused = await fetch(new URL('/api/v1/auth/token', page.url()), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: email, password }),
  });
  assert.notEqual(refused.status, 200);

  await row.getByRole('link', { name: 'Wijzigen: Nina Bos-de Wit' }).click();
  await settled(page);
  await page.getByLabel('Actief: mag inloggen').check();
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.waitForURL('**/admin/users');
  await settled(page);
  await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  await page.getByRole('row', { name: /Nina Bos-de Wit/ }).getByText('Actief', { exact: true }).waitFor();
  saved = (await api.get(`/users/${user.id}`)).body;
  assert.equal(saved.isActive, true);
  await page.context().close();
});

test('an admin cannot demote themself: the API says so next to the role', async () => {
  const api = await apiAs('admin');
  const me = (await api.get('/me')).body;
  const page = await newPage(browser());
  await login(page, 'admin');
  await page.goto(`/admin/users/${me.id}/edit`);
  await settled(page);
  await page.getByLabel('Rol', { exact: true }).selectOption('coordinator');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  const message = 'U kunt uw eigen beheerrechten niet afnemen. Vraag dit aan een andere beheerder.';
  await page.locator('#field-role-error', { hasText: message }).waitFor();
  assert.equal(await page.getByLabel('Rol', { exact: true }).getAttribute('aria-invalid'), 'true');
  await page.getByRole('link', { name: `Rol: ${message}` }).waitFor();
  await checkA11y(page, 'user edit self-lockout');
  await screenshot(page, 'user-edit-self-lockout');
  assert.equal((await api.get(`/users/${me.id}`)).body.role, 'admin');
  await page.context().close();
});

test('only admins see user administration', async () => {
  const page = await newPage(browser());
  await login(page, 'coordinator');
  const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
  await nav.getByRole('link', { name: 'Audittrail' }).waitFor();
  assert.equal(await nav.getByRole('link', { name: 'Beheer' }).count(), 0);
  await page.goto('/admin/users');
  await page.getByRole('heading', { level: 1, name: 'Geen toegang' }).waitFor();
  assert.equal(await page.getByRole('table').count(), 0);
  await page.context().close();
});
