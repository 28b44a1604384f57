// The dashboard and the progress report: a coordinator sees the demo's figures as charts, each
// with its table; axe passes in Dutch and English and on a phone; the printable report opens and
// the PDF downloads.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { apiAs, checkA11y, login, newPage, screenshot, settled, useBrowser, viewports } from '../harness.mjs';

const browser = useBrowser();

test('a coordinator reads the demo figures as charts and as tables', async () => {
  const coordinator = await apiAs('coordinator');
  const { status, body: figures } = await coordinator.get('/dashboard');
  assert.equal(status, 200);
  assert.ok(figures.agenda.total > 0, 'the demo has agenda items');

  const page = await newPage(browser());
  await login(page, 'coordinator');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Dashboard' }).click();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await settled(page);
  await page.getByText(`${figures.agenda.total} agendapunten.`).waitFor();

  // A drawn chart for every figure with data, hidden from assistive technology…
  const charts = page.locator('.kompas-chart-canvas svg');
  await charts.first().waitFor();
  assert.ok((await charts.count()) >= 5, 'charts for agenda, ball, role maps, successes, participation');
  // …and its figures as a table, opened with the keyboard.
  const byStatus = page.getByRole('figure', { name: 'Agendapunten per status' });
  await byStatus.getByText('Toon als tabel').focus();
  await page.keyboard.press('Enter');
  const table = byStatus.getByRole('table', { name: 'Agendapunten per status' });
  await table.waitFor();
  for (const { status: name, count } of figures.agenda.byStatus) {
    if (count === 0) continue;
    const label = { idea: 'Idee', planned: 'Gepland', 'in-progress': 'Bezig', done: 'Klaar', dropped: 'Geschrapt' }[name];
    await table.getByRole('row', { name: `${label} ${count}` }).waitFor();
  }
  const clarity = page.getByRole('figure', { name: 'Helderheid per rolkaart door de tijd' });
  await clarity.getByText('Toon als tabel').click();
  const firstMap = figures.roleMaps[0];
  await clarity.getByRole('table').getByRole('rowheader', { name: firstMap.title }).first().waitFor();
  await checkA11y(page, 'dashboard');
  await screenshot(page, 'dashboard');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('the dashboard in English and on a phone is axe-clean', async () => {
  const page = await newPage(browser(), { language: 'en', viewport: viewports.phone });
  await login(page, 'partner');
  await page.goto('/dashboard');
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await settled(page);
  await page.getByRole('heading', { level: 2, name: 'Who has the ball?' }).waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= viewports.phone.width, `no sideways scrolling at 375 px (${width})`);
  await checkA11y(page, 'dashboard (en, phone, partner)');
  await screenshot(page, 'dashboard-phone');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('a coordinator opens the printable report and downloads the PDF', async () => {
  const page = await newPage(browser());
  await login(page, 'coordinator');
  await page.goto('/dashboard');
  await page.getByRole('link', { name: 'Voortgangsrapportage maken' }).click();
  await page.getByRole('heading', { level: 1, name: 'Voortgangsrapportage' }).waitFor();
  await settled(page);
  await checkA11y(page, 'report page');

  // The end before the start: said beside the field, nothing fetched.
  await page.getByLabel('Van', { exact: true }).fill('2026-06-01');
  await page.getByLabel('Tot en met', { exact: true }).fill('2026-01-01');
  await page.getByRole('button', { name: 'PDF downloaden' }).click();
  await page.getByText('Kies een einddatum op of na de begindatum.').waitFor();
  await page.getByLabel('Van', { exact: true }).fill('2025-01-01');
  await page.getByLabel('Tot en met', { exact: true }).fill('2027-12-31');

  const [popup] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: 'Afdrukbare versie openen' }).click()]);
  await popup.getByRole('heading', { level: 1, name: 'Voortgangsrapportage' }).waitFor();
  await popup.getByRole('heading', { level: 2, name: 'Bedoeling en drijfveren' }).waitFor();
  assert.equal(await popup.locator('html').getAttribute('lang'), 'nl');
  // Its stylesheet loaded (Kompas serves it; the page has no inline style).
  await popup.waitForFunction(() => {
    const heading = document.querySelector('h1');
    return heading !== null && getComputedStyle(heading).color === 'rgb(11, 61, 107)';
  });
  await popup.close();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PDF downloaden' }).click()]);
  assert.match(download.suggestedFilename(), /^kompas-voortgang-2025-01-01-2027-12-31\.pdf$/);
  const content = await readFile(await download.path());
  assert.equal(content.subarray(0, 5).toString('latin1'), '%PDF-');
  await page.getByRole('status').filter({ hasText: 'De PDF is gedownload.' }).waitFor();
  await checkA11y(page, 'report page after download');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});
