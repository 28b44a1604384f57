import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, checkA11y, login, newPage, screenshot, settled, unique, useBrowser } from '../harness.mjs';

const browser = useBrowser();

test('a concurrent edit meets a 412, and reloading keeps what the user typed', async () => {
  const api = await apiAs('admin');
  const created = await api.post('/departments', { name: unique('Afdeling Sport'), description: 'Oorspronkelijk' });
  assert.equal(created.status, 201);
  const department = created.body;

  const page = await newPage(browser());
  await login(page, 'coordinator');
  await page.goto(`/parties/departments/${department.id}/edit`);
  await settled(page);
  const myName = `${department.name} en Bewegen`;
  await page.getByLabel('Naam').fill(myName);

  // Meanwhile a colleague changes the description through the API.
  const theirs = await api.patch(`/departments/${department.id}`, { description: 'Gewijzigd door een collega' });
  assert.equal(theirs.status, 200);

  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('heading', { name: 'Iemand anders heeft dit intussen gewijzigd' }).waitFor();
  assert.equal(await page.getByLabel('Naam').inputValue(), myName, 'what the user typed is still there');
  await checkA11y(page, 'conflict');
  await screenshot(page, 'conflict');

  await page.getByRole('button', { name: 'Nieuwste versie laden' }).click();
  await page.getByText('De nieuwste versie is geladen.').waitFor();
  assert.equal(await page.getByLabel('Naam').inputValue(), myName);
  assert.equal(await page.getByLabel('Omschrijving').inputValue(), 'Gewijzigd door een collega');

  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('heading', { level: 1, name: myName }).waitFor();
  const saved = await api.get(`/departments/${department.id}`);
  assert.equal(saved.body.name, myName);
  assert.equal(saved.body.description, 'Gewijzigd door een collega');
  await page.context().close();
});

test('when both change the same field, the other version is shown beside the user text', async () => {
  const api = await apiAs('admin');
  const page = await newPage(browser());
  await login(page, 'admin');
  await page.goto('/compass/purpose/edit');
  await settled(page);
  const mine = unique('Mijn toelichting');
  const colleagues = unique('Toelichting van een collega');
  await page.getByLabel('Toelichting').fill(mine);
  const theirs = await api.put('/purpose', {
    statement: (await api.get('/purpose')).body.statement,
    explanation: colleagues,
  });
  assert.equal(theirs.status, 200);
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('button', { name: 'Nieuwste versie laden' }).click();
  await page.getByText('Bij 1 veld verschilt uw tekst').waitFor();
  await page.getByText(colleagues).waitFor();
  assert.equal(await page.getByLabel('Toelichting').inputValue(), mine);
  await checkA11y(page, 'purpose after conflict');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.waitForURL('**/compass');
  assert.equal((await api.get('/purpose')).body.explanation, mine);
  await page.context().close();
});
