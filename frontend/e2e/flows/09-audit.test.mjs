import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, checkA11y, login, newPage, screenshot, settled, unique, useBrowser } from '../harness.mjs';

const browser = useBrowser();

test('a coordinator reads the audit trail: newest first, changes from → to, filters, more pages', async () => {
  const api = await apiAs('admin');
  const department = (await api.post('/departments', { name: unique('Afdeling Audit'), description: 'Eerst' })).body;
  const need = await api.post('/needs', { partyId: department.id, kind: 'offer', title: unique('Sportbuurtcoach') });
  assert.equal(need.status, 201);
  // More than a page of events (25), whatever ran before.
  for (let i = 1; i <= 26; i += 1) {
    const step = await api.patch(`/departments/${department.id}`, { name: `${department.name} (${i})` });
    assert.equal(step.status, 200);
  }
  const changed = await api.patch(`/departments/${department.id}`, { description: 'Daarna' });
  assert.equal(changed.status, 200);

  const page = await newPage(browser());
  await login(page, 'coordinator');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Audittrail' }).click();
  await page.waitForURL('**/admin/audit');
  await settled(page);
  const rows = page.getByRole('table').getByRole('row');
  // Newest first.
  const times = await page.locator('table tbody time').evaluateAll((els) => els.map((el) => el.getAttribute('datetime')));
  assert.deepEqual(times, [...times].sort().reverse());
  // The change just made: by whom, what, and each changed field from → to.
  const first = rows.filter({ hasText: 'Daarna' }).first();
  await first.getByRole('cell', { name: 'Gewijzigd', exact: true }).waitFor();
  await first.getByRole('cell', { name: 'Partij', exact: true }).waitFor();
  await first.getByRole('cell', { name: 'Bea Beheer', exact: true }).waitFor();
  assert.match(await first.innerText(), /omschrijving:\s*(van\s+)?Eerst\s*→\s*(naar\s+)?Daarna/);
  await checkA11y(page, 'audit');
  await screenshot(page, 'audit');

  // Its record links to the page of the department.
  await first.getByRole('link', { name: /^Gegeven .* openen$/ }).click();
  await page.getByRole('heading', { level: 1, name: `${department.name} (26)` }).waitFor();
  await page.goBack();
  await settled(page);

  // More than one page of events: "Meer laden" adds the next page with the cursor.
  const before = await rows.count();
  assert.equal(before, 26, 'a page of 25 events and the header row');
  await page.getByRole('button', { name: 'Meer laden' }).click();
  await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length > 25);
  const ids = await page.locator('table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.textContent));
  assert.equal(new Set(ids).size, ids.length, 'no event twice');

  // Filters by kind of record and action, in the URL.
  await page.getByLabel('Soort gegeven').selectOption('needs');
  await page.waitForURL('**/admin/audit?resourceType=needs');
  await settled(page);
  const kinds = await page.locator('table tbody tr td:nth-child(4)').allInnerTexts();
  assert.ok(kinds.length > 0);
  assert.deepEqual([...new Set(kinds)], ['Behoefte of aanbod']);
  await page.getByLabel('Handeling').selectOption('create');
  await page.waitForURL('**/admin/audit?resourceType=needs&action=create');
  await settled(page);
  const actions = await page.locator('table tbody tr td:nth-child(3)').allInnerTexts();
  assert.deepEqual([...new Set(actions)], ['Aangemaakt']);
  await checkA11y(page, 'audit filtered');
  await page.context().close();
});

test('the audit trail in English passes axe too', async () => {
  const page = await newPage(browser(), { language: 'en' });
  await login(page, 'admin');
  await page.goto('/admin/audit');
  await page.getByRole('heading', { level: 1, name: 'Audit trail' }).waitFor();
  await checkA11y(page, 'audit (en)');
  await screenshot(page, 'audit-en');
  await page.context().close();
});
