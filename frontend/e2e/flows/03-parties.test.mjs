import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, checkA11y, login, newPage, screenshot, settled, unique, useBrowser } from '../harness.mjs';

const browser = useBrowser();

test('create and edit a department, with client-side validation first', async () => {
  const page = await newPage(browser());
  await login(page, 'coordinator');
  await page.getByRole('link', { name: 'Partijen', exact: true }).click();
  await page.getByRole('link', { name: 'Nieuwe afdeling' }).click();
  await settled(page);

  // An empty name is refused before anything is sent; the summary links to the field.
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('heading', { name: 'Controleer het formulier' }).waitFor();
  await page.getByRole('link', { name: 'Naam: Vul dit veld in.' }).waitFor();
  assert.equal(await page.getByLabel('Naam').getAttribute('aria-invalid'), 'true');
  await checkA11y(page, 'department form with errors');
  await screenshot(page, 'department-errors');

  const name = unique('Afdeling Schuldhulp');
  await page.getByLabel('Naam').fill(name);
  await page.getByLabel('Omschrijving').fill('Schuldhulpverlening en armoedebeleid.');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await page.getByText('Schuldhulpverlening en armoedebeleid.').waitFor();

  await page.getByRole('link', { name: 'Afdeling wijzigen' }).click();
  await settled(page);
  await page.getByLabel('Omschrijving').fill('Schuldhulp, armoede en bewindvoering.');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByText('Schuldhulp, armoede en bewindvoering.').waitFor();

  // The new department is found by the search.
  await page.goto(`/parties?q=${encodeURIComponent(name)}`);
  await settled(page);
  await page.getByRole('table').getByRole('link', { name }).waitFor();
  assert.equal(await page.getByRole('table').getByRole('row').count(), 2);
  await page.context().close();
});

test('a name already in use comes back from the API next to the field', async () => {
  const page = await newPage(browser());
  await login(page, 'admin');
  await page.goto('/parties/departments/new');
  await settled(page);
  await page.getByLabel('Naam').fill('Werk en Inkomen');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByText('Deze naam is al in gebruik.').first().waitFor();
  assert.equal(await page.getByLabel('Naam').getAttribute('aria-invalid'), 'true');
  await page.context().close();
});

test('create and edit a partner with contacts', async () => {
  const page = await newPage(browser());
  await login(page, 'admin');
  await page.goto('/parties');
  await page.getByRole('link', { name: 'Nieuwe partner' }).click();
  await settled(page);
  const name = unique('Stichting Thuisadministratie');
  await page.getByLabel('Naam', { exact: true }).fill(name);
  await page.getByLabel('Soort organisatie').selectOption('care-provider');
  await page.getByLabel('Website').fill('https://www.thuisadministratie.example');
  await page.getByRole('button', { name: 'Contactpersoon toevoegen' }).click();
  const contact = page.getByRole('group', { name: 'Contactpersoon 1' });
  await contact.getByLabel('Naam').fill('Priya Ramdin');
  await contact.getByLabel('Rol').fill('Coördinator vrijwilligers');
  await contact.getByLabel('E-mailadres').fill('geen-adres');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  // The contact's e-mail address is checked per item.
  await page.getByRole('link', { name: /Contactpersoon 1: E-mailadres: Vul een e-mailadres in/ }).waitFor();
  await contact.getByLabel('E-mailadres').fill('priya@thuisadministratie.example');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await page.getByRole('cell', { name: 'Priya Ramdin', exact: true }).waitFor();
  await page.getByText('Zorgaanbieder').waitFor();
  await checkA11y(page, 'new partner');

  await page.getByRole('link', { name: 'Partner wijzigen' }).click();
  await settled(page);
  await page.getByRole('button', { name: 'Contactpersoon toevoegen' }).click();
  const second = page.getByRole('group', { name: 'Contactpersoon 2' });
  await second.getByLabel('Naam').fill('Tom de Boer');
  await second.getByLabel('Telefoonnummer').fill('030 123 45 67');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('cell', { name: 'Tom de Boer', exact: true }).waitFor();
  await page.getByRole('cell', { name: '030 123 45 67' }).waitFor();

  const api = await apiAs('admin');
  const found = await api.get(`/partners?q=${encodeURIComponent(name)}`);
  assert.equal(found.body.items[0].contacts.length, 2);
  await page.context().close();
});

test('a member adds a need of their own party, and changes its status', async () => {
  const member = await apiAs('member');
  const me = (await member.get('/me')).body;
  const party = (await member.get(`/parties/${me.partyId}`)).body;
  const title = unique('Vroegsignalering huurachterstand');

  const page = await newPage(browser());
  await login(page, 'member');
  await page.goto(`/parties/${party.id}`);
  await settled(page);
  await page.getByRole('link', { name: 'Behoefte of aanbod toevoegen' }).click();
  await settled(page);
  assert.equal(await page.getByLabel('Partij', { exact: true }).inputValue(), party.id);
  await page.getByLabel('Soort', { exact: true }).selectOption('need');
  await page.getByLabel('Titel').fill(title);
  await page.getByLabel('Omschrijving').fill('Wij willen signalen van achterstand binnen twee weken.');
  await page.getByLabel('Gevraagd aan of aangeboden aan').selectOption({ label: 'Woonstede' });
  await page.getByLabel('Zichtbaarheid').selectOption('partners');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('heading', { level: 1, name: party.name }).waitFor();
  await page.getByRole('heading', { name: `Behoefte: ${title}` }).waitFor();

  await page.getByRole('link', { name: `Wijzigen: ${title}` }).click();
  await settled(page);
  await page.getByLabel('Status').selectOption('being-met');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('heading', { name: `Behoefte: ${title}` }).waitFor();
  const saved = (await member.get(`/needs?partyId=${party.id}&q=${encodeURIComponent(title)}`)).body.items[0];
  assert.equal(saved.status, 'being-met');
  assert.equal(saved.visibility, 'partners');
  await checkA11y(page, 'party with need');
  await screenshot(page, 'party-with-need');
  await page.context().close();
});

test('a coordinator adds a person to a department', async () => {
  const api = await apiAs('admin');
  const department = (await api.post('/departments', { name: unique('Afdeling Wijkzaken') })).body;
  const page = await newPage(browser());
  await login(page, 'coordinator');
  await page.goto(`/parties/${department.id}`);
  await settled(page);
  await page.getByRole('link', { name: 'Persoon toevoegen' }).click();
  await settled(page);
  await page.getByLabel('Naam').fill('Noor Jansen');
  await page.getByLabel('Functie').fill('Wijkcoach');
  await page.getByLabel('E-mailadres').fill('noor@voorbeeld.nl');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('cell', { name: 'Noor Jansen', exact: true }).waitFor();
  await page.getByRole('link', { name: 'Wijzigen: Noor Jansen' }).click();
  await settled(page);
  await page.getByLabel('Telefoonnummer').fill('06 1234 5678');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('cell', { name: '06 1234 5678', exact: true }).waitFor();
  await page.context().close();
});
