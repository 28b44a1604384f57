// The experience backpack: a member shares an experience in the form (shared with the partners),
// a coordinator publishes it, and it appears in the anonymous Atom feed of the intranet; it was
// not there before. A partner is offered no way to publish. The list works in English on a phone.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { apiAs, baseUrl, checkA11y, login, newPage, screenshot, settled, unique, useBrowser, viewports } from '../harness.mjs';

const browser = useBrowser();

let organisationId;
let jeugd;
let woonstede;
before(async () => {
  const admin = await apiAs('admin');
  organisationId = (await admin.get('/me')).body.organisationId;
  jeugd = (await admin.get('/departments?q=Jeugd')).body.items[0];
  woonstede = (await admin.get('/partners?q=Woonstede')).body.items[0];
  assert.ok(organisationId && jeugd && woonstede, 'the demo data has an organisation, Jeugd en Onderwijs and Woonstede');
});

/** The published experiences of the demo organisation as Atom, read as the intranet does: no token. */
async function atomFeed() {
  const response = await fetch(`${baseUrl}/api/v1/feeds/experiences/atom?organisation=${organisationId}`, {
    signal: AbortSignal.timeout(15_000),
  });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^application\/atom\+xml/);
  return response.text();
}

const escapeXml = (text) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

test('a member shares an experience, a coordinator publishes it, and it appears in the feed', async () => {
  const title = unique('Samen op huisbezoek bij jongeren');
  const page = await newPage(browser());
  await login(page, 'member');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Ervaringen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Ervaringsrugzak' }).waitFor();
  await checkA11y(page, 'experience list');
  await page.getByRole('link', { name: 'Ervaring delen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Een ervaring delen' }).waitFor();
  await settled(page);

  // Nothing filled in: the summary names what is missing; too many tags are refused before sending.
  await page.getByLabel(/^Labels/).fill(Array.from({ length: 21 }, (_, i) => `label${i}`).join(', '));
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('heading', { name: 'Controleer het formulier' }).waitFor();
  assert.equal(await page.getByLabel('Titel').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel(/^Labels/).getAttribute('aria-invalid'), 'true');
  await checkA11y(page, 'experience form with errors');

  await page.getByLabel('Titel').fill(title);
  await page.getByLabel(/^De situatie/).fill('Jongeren met een huurachterstand deden de deur niet open.');
  await page.getByLabel(/^Wat we deden/).fill('De jongerencoach en de wijkconsulent gingen samen langs.');
  await page.getByLabel(/^Wat we leerden/).fill('Een bekend gezicht opent de deur.');
  await page.getByLabel(/^Tip voor anderen/).fill('Ga met z’n tweeën, zonder map met formulieren.');
  await page.getByLabel(/^Labels/).fill(' Huisbezoek, jeugd, HUISBEZOEK ');
  await page.getByLabel(/^Fase/).selectOption({ label: 'Samen doen' });
  await page.getByLabel(/^Zichtbaarheid/).selectOption('partners');
  const parties = page.getByRole('group', { name: /Betrokken partijen/ });
  await parties.getByLabel(woonstede.name, { exact: true }).check();
  await page.getByRole('group', { name: /^Agendapunten/ }).getByLabel('Gezamenlijk huisbezoek bij schulden', { exact: true }).check();
  await checkA11y(page, 'experience form');
  await screenshot(page, 'experience-form');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await settled(page);
  await page.getByText('Een bekend gezicht opent de deur.').waitFor();
  await page.getByRole('link', { name: 'huisbezoek', exact: true }).waitFor();
  await page.getByRole('link', { name: 'jeugd', exact: true }).waitFor();
  await page.getByRole('link', { name: 'Gezamenlijk huisbezoek bij schulden' }).waitFor();
  await page.getByText('Met partners gedeeld').first().waitFor();
  await checkA11y(page, 'experience detail');
  const url = new URL(page.url());
  const id = url.pathname.split('/').pop();
  assert.ok(!(await atomFeed()).includes(escapeXml(title)), 'shared with partners: not in the feed');

  // A tag leads to the other experiences with it.
  await page.getByRole('link', { name: 'huisbezoek', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Ervaringsrugzak' }).waitFor();
  await page.getByRole('link', { name: title }).waitFor();
  assert.equal(await page.getByLabel('Label', { exact: true }).inputValue(), 'huisbezoek');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();

  // The coordinator publishes it from its page.
  const coordinator = await newPage(browser());
  await login(coordinator, 'coordinator');
  await coordinator.goto('/experiences?visibility=partners');
  await coordinator.getByRole('link', { name: title }).click();
  await coordinator.getByRole('heading', { level: 1, name: title }).waitFor();
  await settled(coordinator);
  await coordinator.getByRole('button', { name: 'Publiceren op het intranet' }).click();
  await coordinator.getByRole('status').filter({ hasText: 'De ervaring is gepubliceerd op het intranet.' }).waitFor();
  await coordinator.getByRole('button', { name: 'Terugnemen van het intranet' }).waitFor();
  await coordinator.getByText('Gepubliceerd', { exact: true }).first().waitFor();
  await checkA11y(coordinator, 'published experience');
  await screenshot(coordinator, 'experience-published');
  assert.deepEqual(coordinator.consoleErrors, []);
  await coordinator.context().close();

  const feed = await atomFeed();
  assert.ok(feed.includes(escapeXml(title)), 'published: in the feed');
  assert.ok(feed.includes(`/experiences/${id}`), 'the entry links to the experience page');
  assert.ok(!feed.includes('Jeroen'), 'the feed names no person');
});

test('a partner shares with the partners at most, and the list reads well in English on a phone', async () => {
  const page = await newPage(browser(), { language: 'en', viewport: viewports.phone });
  await login(page, 'partner');
  await page.goto('/experiences');
  await page.getByRole('heading', { level: 1, name: 'Experience backpack' }).waitFor();
  await settled(page);
  await page.getByRole('link', { name: 'Samen op huisbezoek bij een huurachterstand' }).waitFor();
  await checkA11y(page, 'experience list, English, phone');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `no sideways scrolling at 375 px (the page is ${width} px wide)`);
  await screenshot(page, 'experiences-phone-en');

  await page.getByRole('link', { name: 'Share an experience' }).click();
  await page.getByRole('heading', { level: 1, name: 'Share an experience' }).waitFor();
  await settled(page);
  const options = await page.getByLabel(/^Visibility/).locator('option').allTextContents();
  assert.equal(options.length, 2, `a partner is offered organisation and partners only: ${options.join(', ')}`);
  // Its own party is ticked already.
  assert.ok(await page.getByRole('group', { name: /Parties involved/ }).getByLabel(woonstede.name, { exact: true }).isChecked());
  await checkA11y(page, 'experience form, English, phone');
  const title = unique('What we learned at the door');
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await settled(page);
  // Its author changes it, but no publish button is offered to a partner.
  await page.getByRole('link', { name: 'Change', exact: true }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Publish on the intranet' }).count(), 0);
  await checkA11y(page, 'experience detail, English, phone');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});
