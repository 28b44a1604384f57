// Joint work beyond the agenda: a question made and changed in the form whose ball a partner
// accepts, a success named in the form that a partner endorses (and withdraws), a meeting with
// outcomes, the search in the header, a driver's chain, and the form page the four share (an
// edit that meets a 412, a delete).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { apiAs, checkA11y, login, newPage, screenshot, settled, unique, useBrowser } from '../harness.mjs';

const browser = useBrowser();

let jeugd;
let woonstede;
before(async () => {
  const admin = await apiAs('admin');
  jeugd = (await admin.get('/departments?q=Jeugd')).body.items[0];
  woonstede = (await admin.get('/partners?q=Woonstede')).body.items[0];
  assert.ok(jeugd && woonstede, 'the demo data has Jeugd en Onderwijs and Woonstede');
});

const pad = (n) => String(n).padStart(2, '0');
const localDate = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

test('a coordinator makes and changes a question with participants, and a partner accepts its ball', async () => {
  const title = unique('Waarom vinden jongeren de schuldhulp niet');
  const page = await newPage(browser());
  await login(page, 'coordinator');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Vraagstukken' }).click();
  await page.getByRole('heading', { level: 1, name: 'Vraagstukken' }).waitFor();
  await page.getByRole('link', { name: 'Nieuw vraagstuk' }).click();
  await page.getByRole('heading', { level: 1, name: 'Nieuw vraagstuk' }).waitFor();
  await settled(page);

  // Nothing filled in: the summary names what is missing.
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('heading', { name: 'Controleer het formulier' }).waitFor();
  assert.equal(await page.getByLabel('Vraagstuk', { exact: true }).getAttribute('aria-invalid'), 'true');
  await checkA11y(page, 'question form with errors');

  await page.getByLabel('Vraagstuk', { exact: true }).fill(title);
  await page.getByLabel('Waarom het ertoe doet').fill('Jongeren met schulden melden zich pas als de deurwaarder komt.');
  await page.getByLabel('Trekker').selectOption({ label: jeugd.name });
  await page.getByRole('button', { name: 'Partij toevoegen' }).click();
  await page.getByLabel('Partij 1', { exact: true }).selectOption({ label: woonstede.name });
  await page.getByLabel('Rol van partij 1').selectOption('taking-part');
  await screenshot(page, 'question-form');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await settled(page);
  await page.getByRole('table', { name: 'Deelnemende partijen' }).getByRole('row', { name: `${woonstede.name} Meedoen` }).waitFor();

  // Change it: the form opens with what was saved.
  await page.getByRole('link', { name: 'Wijzigen', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Vraagstuk wijzigen' }).waitFor();
  await settled(page);
  assert.equal(await page.getByLabel('Vraagstuk', { exact: true }).inputValue(), title);
  await page.getByLabel('Waarom het ertoe doet').fill('Jongeren met schulden melden zich te laat; de corporatie ziet het eerder.');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await page.getByText('de corporatie ziet het eerder').waitFor();

  // A status step: only the allowed ones are offered; answering asks for findings.
  const options = await page.getByLabel('Nieuwe status').locator('option').allTextContents();
  assert.deepEqual(options, ['Maak een keuze', 'In onderzoek', 'Gesloten']);
  await page.getByLabel('Nieuwe status').selectOption('investigating');
  await page.getByRole('button', { name: 'Status wijzigen' }).click();
  await page.getByRole('status').filter({ hasText: 'De status is nu ‘In onderzoek’.' }).waitFor();
  await page.getByLabel('Nieuwe status').selectOption('answered');
  await page.getByRole('button', { name: 'Status wijzigen' }).click();
  await page.getByText('Vul de bevindingen in').first().waitFor();

  // The ball to Woonstede.
  await page.getByLabel('Overdragen aan').selectOption({ label: woonstede.name });
  await page.getByLabel('Toelichting').fill('Jullie zien de achterstand als eerste.');
  await page.getByRole('button', { name: 'Bal overdragen' }).click();
  await page.getByRole('status').filter({ hasText: `De bal is overgedragen aan ${woonstede.name}` }).waitFor();
  await page.getByRole('table', { name: 'Overdrachten' }).getByText('Wacht op antwoord').waitFor();
  await checkA11y(page, 'question handed over');
  await screenshot(page, 'question-detail');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();

  const partner = await newPage(browser());
  await login(partner, 'partner');
  await partner.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Vraagstukken' }).click();
  await partner.getByRole('heading', { level: 1, name: 'Vraagstukken' }).waitFor();
  await partner.getByLabel('Zoeken', { exact: true }).fill(title);
  await partner.getByRole('button', { name: 'Zoeken', exact: true }).click();
  await partner.getByRole('link', { name: title }).click();
  await partner.getByRole('heading', { level: 1, name: title }).waitFor();
  await settled(partner);
  await partner.getByRole('button', { name: `Accepteren: ${title}` }).click();
  await partner.getByRole('status').filter({ hasText: `U hebt ‘${title}’ geaccepteerd` }).waitFor();
  await partner.getByText(`Bal ligt bij ${woonstede.name}`).first().waitFor();
  await partner.getByRole('table', { name: 'Overdrachten' }).getByText('Geaccepteerd').waitFor();
  assert.deepEqual(partner.consoleErrors, []);
  await partner.context().close();
});

test('a member names a success in the form, a partner endorses it and withdraws the endorsement', async () => {
  const title = unique('Vijftien jongeren eerder bij de schuldhulp');
  const page = await newPage(browser());
  await login(page, 'member');
  await page.goto('/successes');
  await page.getByRole('link', { name: 'Nieuw succes' }).click();
  await page.getByRole('heading', { level: 1, name: 'Een gedeeld succes noemen' }).waitFor();
  await settled(page);
  // Not in the future, as the API says.
  const tomorrow = new Date(Date.now() + 86_400_000);
  await page.getByLabel('Titel').fill(title);
  await page.getByLabel('Bereikt op').fill(localDate(tomorrow));
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('heading', { name: 'Controleer het formulier' }).waitFor();
  assert.equal(await page.getByLabel('Bereikt op').getAttribute('aria-invalid'), 'true');
  await page.getByLabel('Bereikt op').fill(localDate(new Date()));
  await page.getByLabel(/^Bewijs/).fill('15 jongeren in drie maanden');
  await page.getByLabel('Link naar het bewijs').fill('https://example.org/rapportage');
  const parties = page.getByRole('group', { name: /Betrokken partijen/ });
  await parties.getByLabel(jeugd.name, { exact: true }).check();
  await parties.getByLabel(woonstede.name, { exact: true }).check();
  await checkA11y(page, 'success form');
  await screenshot(page, 'success-form');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await settled(page);
  const success = (await (await apiAs('member')).get(`/successes?q=${encodeURIComponent(title)}`)).body.items[0];
  assert.ok(success, 'the success was saved');
  await page.context().close();

  const partner = await newPage(browser());
  await login(partner, 'partner');
  await partner.goto(`/successes/${success.id}`);
  await partner.getByRole('heading', { level: 1, name: title }).waitFor();
  await settled(partner);
  await partner.getByLabel('Toelichting').fill('Onze huurconsulenten verwezen door.');
  await partner.getByRole('button', { name: 'Onderschrijven' }).click();
  await partner.getByRole('status').filter({ hasText: 'Uw partij onderschrijft dit succes nu.' }).waitFor();
  await partner.getByText(/Onze huurconsulenten verwezen door\./).waitFor();
  await checkA11y(partner, 'success endorsed');
  await partner.getByRole('button', { name: 'Onderschrijving intrekken' }).click();
  const dialog = partner.getByRole('dialog', { name: `Onderschrijving van ${woonstede.name} intrekken?` });
  await dialog.getByRole('button', { name: 'Onderschrijving intrekken' }).click();
  await partner.getByRole('status').filter({ hasText: `De onderschrijving van ${woonstede.name} is ingetrokken.` }).waitFor();
  await partner.getByText('Nog door geen partij onderschreven.').waitFor();
  assert.deepEqual(partner.consoleErrors, []);
  await partner.context().close();
});

test('a coordinator plans a meeting with outcomes, in local time, and finds it on the list', async () => {
  const coordinator = await apiAs('coordinator');
  const item = (await coordinator.post('/agenda-items', { title: unique('Gezamenlijk spreekuur'), leadPartyId: jeugd.id, status: 'planned' })).body;
  const title = unique('Partnertafel jongeren en schulden');
  const page = await newPage(browser());
  await login(page, 'coordinator');
  await page.goto('/meetings');
  await page.getByRole('heading', { level: 1, name: 'Bijeenkomsten' }).waitFor();
  await page.getByRole('link', { name: 'Nieuwe bijeenkomst' }).click();
  await page.getByRole('heading', { level: 1, name: 'Nieuwe bijeenkomst' }).waitFor();
  await settled(page);
  await page.getByLabel('Titel').fill(title);
  await page.getByLabel('Begint op').fill('2031-05-06T14:00');
  await page.getByLabel('Eindigt op').fill('2031-05-06T13:00');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByText('Het einde moet na het begin liggen.').first().waitFor();
  await page.getByLabel('Eindigt op').fill('2031-05-06T16:30');
  await page.getByLabel('Locatie').fill('Stadskantoor, zaal 2');
  await page.getByRole('group', { name: /^Partijen/ }).getByLabel(woonstede.name, { exact: true }).check();
  await page.getByLabel(/^Uitkomsten/).fill('Woonstede meldt voortaan bij de eerste achterstand.');
  await page.getByRole('group', { name: /Agendapunten die eruit voortkwamen/ }).getByLabel(item.title, { exact: true }).check();
  await checkA11y(page, 'meeting form');
  await screenshot(page, 'meeting-form');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await settled(page);
  await page.getByRole('link', { name: item.title }).waitFor();
  await checkA11y(page, 'meeting');
  await screenshot(page, 'meeting-detail');

  // Sent as RFC 3339 with the browser's offset: the moment the user chose.
  const saved = (await coordinator.get(`/meetings?q=${encodeURIComponent(title)}`)).body.items[0];
  const shown = await page.evaluate((iso) => {
    const d = new Date(iso);
    return `${d.getHours()}:${String(d.getMinutes()).padStart(2, '0')}`;
  }, saved.startsAt);
  assert.equal(shown, '14:00');

  await page.getByRole('link', { name: 'Terug naar de bijeenkomsten' }).click();
  await page.getByLabel('Wanneer').selectOption('upcoming');
  await page.waitForURL(/when=upcoming/);
  await page.getByRole('link', { name: title }).waitFor();
  await page.getByLabel('Wanneer').selectOption('past');
  await page.waitForURL(/when=past/);
  await page.getByRole('link', { name: title }).waitFor({ state: 'detached' });
  await page.getByRole('region', { name: 'Abonneren op de agenda' }).getByText(`/api/v1/calendar?organisation=`).or(page.getByLabel('Adres van de openbare agenda (iCalendar)')).first().waitFor();
  const url = await page.getByLabel('Adres van de openbare agenda (iCalendar)').inputValue();
  assert.match(url, /\/api\/v1\/calendar\?organisation=[0-9a-f-]{36}$/);
  await checkA11y(page, 'meetings with filters and calendar');
  await screenshot(page, 'meetings-calendar');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('the header search finds a question, and a driver shows its chain', async () => {
  const coordinator = await apiAs('coordinator');
  const driver = (await coordinator.get('/drivers?limit=1')).body.items[0];
  assert.ok(driver, 'the demo data has drivers');
  const word = `Zoekproef${Date.now().toString(36)}`;
  const question = (await coordinator.post('/questions', { title: `${word} bij de keten`, leadPartyId: jeugd.id, driverIds: [driver.id] })).body;
  assert.ok(question.id, JSON.stringify(question));

  const page = await newPage(browser());
  await login(page, 'coordinator');
  const search = page.getByRole('search', { name: 'Zoeken in Kompas' });
  await search.getByLabel('Zoeken in Kompas').fill(word);
  await search.getByRole('button', { name: 'Zoek' }).click();
  await page.getByRole('heading', { level: 1, name: 'Zoeken' }).waitFor();
  const result = page.getByRole('list', { name: `Resultaten voor ‘${word}’` }).getByRole('listitem').filter({ hasText: question.title });
  await result.getByText('Vraagstuk', { exact: true }).waitFor();
  await checkA11y(page, 'search');
  await screenshot(page, 'search');
  await result.getByRole('link', { name: question.title }).click();
  await page.getByRole('heading', { level: 1, name: question.title }).waitFor();
  await settled(page);

  // From the question's driver to the chain, and from the compass too.
  await page.getByRole('link', { name: driver.title }).click();
  await page.getByRole('heading', { level: 1, name: `De keten van ‘${driver.title}’` }).waitFor();
  await settled(page);
  await page.getByRole('region', { name: /^Vraagstukken/ }).getByRole('link', { name: question.title }).waitFor();
  await checkA11y(page, 'driver chain');
  await screenshot(page, 'driver-chain');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Kompas' }).click();
  await page.getByRole('link', { name: driver.title }).first().click();
  await page.getByRole('heading', { level: 1, name: `De keten van ‘${driver.title}’` }).waitFor();
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('the shared form page: an edit read afresh meets a 412 and keeps what was typed, and a delete leads back to the list', async () => {
  const coordinator = await apiAs('coordinator');
  const created = await coordinator.post('/agenda-items', { title: unique('Gedeeld formulier'), leadPartyId: jeugd.id, description: 'Oorspronkelijk' });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const item = created.body;

  const page = await newPage(browser());
  await login(page, 'coordinator');
  await page.goto(`/agenda/${item.id}/edit`);
  await page.getByRole('heading', { level: 1, name: 'Agendapunt wijzigen' }).waitFor();
  await settled(page);
  const mine = `${item.title} (bijgewerkt)`;
  await page.getByLabel('Titel').fill(mine);
  // Meanwhile someone else changes the description, and the save meets a 412.
  assert.equal((await coordinator.patch(`/agenda-items/${item.id}`, { description: 'Gewijzigd door een collega' })).status, 200);
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('button', { name: 'Nieuwste versie laden' }).click();
  await page.getByText('De nieuwste versie is geladen.').waitFor();
  assert.equal(await page.getByLabel('Titel').inputValue(), mine);
  assert.equal(await page.getByLabel('Omschrijving').inputValue(), 'Gewijzigd door een collega');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('heading', { level: 1, name: mine }).waitFor();
  await page.waitForURL((url) => url.pathname === `/agenda/${item.id}`);

  // Delete from the edit page, with the version the form holds (the latest after the reload).
  await page.goto(`/agenda/${item.id}/edit`);
  await settled(page);
  await page.getByRole('button', { name: `Verwijderen: ${mine}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Ja, verwijderen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Toekomstagenda' }).waitFor();
  await page.waitForURL((url) => url.pathname === '/agenda');
  assert.equal((await coordinator.get(`/agenda-items/${item.id}`)).status, 404);
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});
