import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, checkA11y, login, newPage, screenshot, settled, useBrowser } from '../harness.mjs';

const browser = useBrowser();

test('every page of the navigation, and the forms behind it, pass axe', async () => {
  const api = await apiAs('admin');
  const departments = await api.get('/departments?limit=1');
  const partners = await api.get('/partners?limit=1');
  const needs = await api.get('/needs?limit=1');
  const drivers = await api.get('/drivers?limit=1');
  const department = departments.body.items[0];
  const partner = partners.body.items[0];

  const page = await newPage(browser());
  await login(page, 'admin');

  const navigation = [
    ['Start', '/', 'home'],
    ['Partijen', '/parties', 'parties'],
    ['Kompas', '/compass', 'compass'],
    ['Beheer', '/admin/users', 'admin-users'],
    ['Audittrail', '/admin/audit', 'admin-audit'],
  ];
  for (const [label, path, name] of navigation) {
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: label, exact: true }).click();
    await page.waitForURL((url) => url.pathname === path);
    // The current page is marked for assistive technology, not only by colour.
    await page.locator('nav a[aria-current="page"]', { hasText: label }).waitFor();
    await checkA11y(page, name);
    await screenshot(page, name);
  }

  const more = [
    [`/parties/${department.id}`, 'department'],
    [`/parties/${partner.id}`, 'partner'],
    ['/parties/departments/new', 'department-new'],
    [`/parties/partners/${partner.id}/edit`, 'partner-edit'],
    ['/parties/people/new', 'person-new'],
    [`/parties/needs/${needs.body.items[0]?.id}/edit`, 'need-edit'],
    ['/compass/purpose/edit', 'purpose-edit'],
    [`/compass/drivers/${drivers.body.items[0]?.id}/edit`, 'driver-edit'],
    ['/compass/phases/new', 'phase-new'],
    ['/compass/work-formats/new', 'work-format-new'],
    ['/admin/users/new', 'user-new'],
    [`/admin/users/${(await api.get('/me')).body.id}/edit`, 'user-edit-self'],
    [`/parties/people/${(await api.get('/people?limit=1')).body.items[0]?.id}/edit`, 'person-edit'],
    [`/compass/phases/${(await api.get('/phases?limit=1')).body.items[0]?.id}/edit`, 'phase-edit'],
    ['/does-not-exist', 'not-found'],
  ];
  for (const [path, name] of more) {
    await page.goto(path);
    await checkA11y(page, name);
    await screenshot(page, name);
  }
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('the same pages in English pass axe too', async () => {
  const page = await newPage(browser(), { language: 'en' });
  await login(page, 'admin');
  for (const path of ['/', '/parties', '/compass', '/admin/users', `/parties/${(await (await apiAs('admin')).get('/partners?q=Woonstede')).body.items[0].id}`]) {
    await page.goto(path);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await checkA11y(page, `${path} (en)`);
  }
  await screenshot(page, 'admin-users-en');
  await page.context().close();
});

test('a viewer reads but sees no edit actions, and no administration', async () => {
  const page = await newPage(browser());
  await login(page, 'viewer');
  assert.equal(await page.getByRole('link', { name: 'Beheer' }).count(), 0);
  await page.goto('/compass');
  await settled(page);
  assert.equal(await page.getByRole('link', { name: 'Bedoeling wijzigen' }).count(), 0);
  assert.equal(await page.getByRole('link', { name: 'Nieuwe drijfveer' }).count(), 0);
  await page.goto('/parties');
  await settled(page);
  assert.equal(await page.getByRole('link', { name: 'Nieuwe afdeling' }).count(), 0);
  assert.equal(await page.getByRole('link', { name: 'Audittrail' }).count(), 0);
  await page.goto('/admin/audit');
  await page.getByRole('heading', { level: 1, name: 'Geen toegang' }).waitFor();
  await page.context().close();
});

test('a member records needs of their own party only, and changes no parties', async () => {
  const member = await apiAs('member');
  const me = (await member.get('/me')).body;
  const other = (await member.get('/partners?limit=1')).body.items[0];
  const page = await newPage(browser());
  await login(page, 'member');
  await page.goto(`/parties/${me.partyId}`);
  await settled(page);
  await page.getByRole('link', { name: 'Behoefte of aanbod toevoegen' }).waitFor();
  assert.equal(await page.getByRole('link', { name: /^(Afdeling|Partner) wijzigen$/ }).count(), 0);
  await page.goto(`/parties/${other.id}`);
  await settled(page);
  assert.equal(await page.getByRole('link', { name: 'Behoefte of aanbod toevoegen' }).count(), 0);
  await page.context().close();
});
