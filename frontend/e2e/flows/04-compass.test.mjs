import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, checkA11y, login, newPage, screenshot, settled, unique, useBrowser } from '../harness.mjs';

const browser = useBrowser();

test('edit the shared purpose', async () => {
  const page = await newPage(browser());
  await login(page, 'coordinator');
  await page.getByRole('link', { name: 'Kompas', exact: true }).click();
  await settled(page);
  await page.getByRole('link', { name: 'Bedoeling wijzigen' }).click();
  await settled(page);
  const statement = unique('Samen zorgen we dat elke inwoner op tijd hulp krijgt');
  await page.getByLabel('Bedoeling').fill(statement);
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.waitForURL('**/compass');
  await page.getByText(statement).waitFor();
  await page.getByRole('link', { name: 'Start', exact: true }).click();
  await page.getByText(statement).waitFor();
  await page.context().close();
});

test('create, edit and reorder drivers', async () => {
  const page = await newPage(browser());
  await login(page, 'admin');
  await page.goto('/compass');
  await settled(page);
  await page.getByRole('link', { name: 'Nieuwe drijfveer' }).click();
  await settled(page);
  const title = unique('Ruimte voor professionals');
  await page.getByLabel('Titel').fill(title);
  await page.getByLabel('Omschrijving').fill('Professionals mogen afwijken als de inwoner daarmee geholpen is.');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.waitForURL('**/compass');
  const drivers = page.getByRole('region', { name: 'Drijfveren' });
  await drivers.getByRole('heading', { name: title }).waitFor();

  // A new driver goes last; moving it up puts it one place higher.
  const titles = async () => drivers.getByRole('heading', { level: 3 }).allInnerTexts();
  const before = await titles();
  assert.equal(before.at(-1), title);
  await drivers.getByRole('button', { name: `Omhoog: ${title}` }).click();
  await page.getByText(`${title} staat nu op plaats ${before.length - 1}.`).waitFor();
  const after = await titles();
  assert.equal(after.at(-2), title);

  await drivers.getByRole('link', { name: `Wijzigen: ${title}` }).click();
  await settled(page);
  await page.getByLabel('Titel').fill(`${title} (gewijzigd)`);
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await drivers.getByRole('heading', { name: `${title} (gewijzigd)` }).waitFor();
  await checkA11y(page, 'compass after changes');
  await screenshot(page, 'compass-after-changes');

  const api = await apiAs('admin');
  const listed = await api.get('/drivers?sort=position');
  assert.equal(listed.body.items.at(-2).title, `${title} (gewijzigd)`);
  await page.context().close();
});

test('create a phase and a work format', async () => {
  const page = await newPage(browser());
  await login(page, 'coordinator');
  await page.goto('/compass/phases/new');
  await settled(page);
  const phase = unique('Verduurzamen');
  await page.getByLabel('Naam').fill(phase);
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('region', { name: 'Fasen' }).getByRole('heading', { name: phase }).waitFor();
  await page.goto('/compass/work-formats/new');
  await settled(page);
  const format = unique('Casustafel');
  await page.getByLabel('Naam').fill(format);
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('region', { name: 'Werkvormen' }).getByRole('heading', { name: format }).waitFor();
  await page.context().close();
});
