import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, checkA11y, login, newPage, screenshot, settled, unique, useBrowser } from '../harness.mjs';

const browser = useBrowser();

/** On an edit page: open the delete dialog, confirm, and return the dialog. */
async function confirmDelete(page, name) {
  await page.getByRole('button', { name: `Verwijderen: ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `‘${name}’ verwijderen?` });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Ja, verwijderen' }).click();
  return dialog;
}

test('a department still referred to is not deleted, and the dialog says why', async () => {
  const api = await apiAs('admin');
  const department = (await api.post('/departments', { name: unique('Afdeling Sport') })).body;
  const person = (await api.post('/people', { name: 'Bram Kok', partyId: department.id })).body;

  const page = await newPage(browser());
  await login(page, 'coordinator');
  await page.goto(`/parties/departments/${department.id}/edit`);
  await settled(page);
  const button = page.getByRole('button', { name: `Verwijderen: ${department.name}` });
  await button.click();
  const dialog = page.getByRole('dialog', { name: `‘${department.name}’ verwijderen?` });
  await dialog.waitFor();
  // The focus moves into the dialog, to the safe choice.
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Annuleren');
  await checkA11y(page, 'delete dialog');
  await screenshot(page, 'delete-dialog');
  await dialog.getByRole('button', { name: 'Ja, verwijderen' }).click();
  await dialog.getByRole('alert').getByText('Verwijderen kan niet: er verwijst nog iets naar.').waitFor();
  await dialog.getByText(/still referred to by 1 people/).waitFor();
  await checkA11y(page, 'delete refused');
  await screenshot(page, 'delete-refused');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await button.evaluate((el) => el === document.activeElement), true, 'focus returns to the button');
  assert.equal((await api.get(`/departments/${department.id}`)).status, 200);

  // Delete the person first, then the department.
  await page.goto(`/parties/people/${person.id}/edit`);
  await settled(page);
  await confirmDelete(page, 'Bram Kok');
  await page.getByRole('heading', { level: 1, name: department.name }).waitFor();
  await page.getByText('Er zijn nog geen mensen bij deze partij.').waitFor();
  assert.equal((await api.get(`/people/${person.id}`)).status, 404);

  await page.goto(`/parties/departments/${department.id}/edit`);
  await settled(page);
  await confirmDelete(page, department.name);
  await page.waitForURL('**/parties');
  assert.equal((await api.get(`/departments/${department.id}`)).status, 404);
  await page.context().close();
});

test('a delete after someone else changed the record meets a 412', async () => {
  const api = await apiAs('admin');
  const department = (await api.post('/departments', { name: unique('Afdeling Cultuur') })).body;
  const page = await newPage(browser());
  await login(page, 'admin');
  await page.goto(`/parties/departments/${department.id}/edit`);
  await settled(page);
  await api.patch(`/departments/${department.id}`, { description: 'Intussen gewijzigd' });
  const dialog = await confirmDelete(page, department.name);
  await dialog.getByText('Iemand anders heeft dit intussen gewijzigd.', { exact: false }).waitFor();
  assert.equal((await api.get(`/departments/${department.id}`)).status, 200);
  await page.context().close();
});

test('partners, needs, drivers, phases and work formats are deleted from their edit pages', async () => {
  const api = await apiAs('admin');
  const partner = (await api.post('/partners', { name: unique('Stichting Buurtwerk'), organisationType: 'other' })).body;
  const jeugd = (await api.get('/departments?q=Jeugd')).body.items[0];
  const need = (await api.post('/needs', { partyId: jeugd.id, kind: 'need', title: unique('Mentoren gezocht') })).body;
  const driver = (await api.post('/drivers', { title: unique('Tijdelijke drijfveer') })).body;
  const phase = (await api.post('/phases', { name: unique('Tijdelijke fase') })).body;
  const format = (await api.post('/work-formats', { name: unique('Tijdelijke werkvorm') })).body;

  const page = await newPage(browser());
  await login(page, 'coordinator');
  const cases = [
    [`/parties/partners/${partner.id}/edit`, partner.name, '**/parties', `/partners/${partner.id}`],
    [`/parties/needs/${need.id}/edit`, need.title, `**/parties/${jeugd.id}`, `/needs/${need.id}`],
    [`/compass/drivers/${driver.id}/edit`, driver.title, '**/compass', `/drivers/${driver.id}`],
    [`/compass/phases/${phase.id}/edit`, phase.name, '**/compass', `/phases/${phase.id}`],
    [`/compass/work-formats/${format.id}/edit`, format.name, '**/compass', `/work-formats/${format.id}`],
  ];
  for (const [path, name, after, apiPath] of cases) {
    await page.goto(path);
    await settled(page);
    await confirmDelete(page, name);
    await page.waitForURL(after);
    await settled(page);
    assert.equal(await page.getByText(name, { exact: true }).count(), 0, `${name} is gone from the page`);
    assert.equal((await api.get(apiPath)).status, 404, `${apiPath} is deleted`);
  }
  await page.context().close();
});
