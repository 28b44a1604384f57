// The joint future agenda: list and detail, creating an item, handing the ball to a partner who
// accepts it on the home page, a declined handoff with its reason, status steps and the stalled filter.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { apiAs, checkA11y, login, newPage, screenshot, settled, unique, useBrowser } from '../harness.mjs';

const browser = useBrowser();

/** Parties picked by name from the API, so the flows do not depend on ids. */
let jeugd;
let woonstede;
before(async () => {
  const admin = await apiAs('admin');
  jeugd = (await admin.get('/departments?q=Jeugd')).body.items[0];
  woonstede = (await admin.get('/partners?q=Woonstede')).body.items[0];
  assert.ok(jeugd && woonstede, 'the demo data has Jeugd en Onderwijs and Woonstede');
});

/** An agenda item led by Jeugd en Onderwijs (where the member works), created through the API. */
async function itemOfJeugd(title, extra = {}) {
  const coordinator = await apiAs('coordinator');
  const created = await coordinator.post('/agenda-items', { title, leadPartyId: jeugd.id, status: 'planned', horizon: '2027', ...extra });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body;
}

test('a coordinator puts an item on the agenda, with validation as the API does it', async () => {
  const title = unique('Schuldhulp aan de voordeur');
  const page = await newPage(browser());
  await login(page, 'coordinator');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Agenda' }).click();
  await page.getByRole('heading', { level: 1, name: 'Toekomstagenda' }).waitFor();
  await page.getByRole('link', { name: 'Nieuw agendapunt' }).click();
  await page.getByRole('heading', { level: 1, name: 'Nieuw agendapunt' }).waitFor();
  await settled(page);

  // Wrong input is named next to its field and in the summary, before anything is sent.
  await page.getByLabel('Horizon').fill('volgend jaar');
  await page.getByLabel('Voortgang in procenten').fill('120');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('heading', { name: 'Controleer het formulier' }).waitFor();
  await page.getByText('Vul een jaar in (2027) of een kwartaal (2027-Q2).').first().waitFor();
  await page.getByText('Vul een heel getal in van 0 tot en met 100.').first().waitFor();
  assert.equal(await page.getByLabel('Titel').getAttribute('aria-invalid'), 'true');
  await checkA11y(page, 'agenda form with errors');

  await page.getByLabel('Titel').fill(title);
  await page.getByLabel('Omschrijving').fill('Een schuldhulpverlener gaat mee op huisbezoek bij dreigende huisuitzetting.');
  await page.getByLabel('Trekker').selectOption({ label: jeugd.name });
  await page.getByLabel('Begint als').selectOption('planned');
  await page.getByLabel('Horizon').fill('2027-Q1');
  await page.getByLabel('Voortgang in procenten').fill('10');
  await page.getByRole('button', { name: 'Partij toevoegen' }).click();
  await page.getByLabel('Partij 1', { exact: true }).selectOption({ label: woonstede.name });
  await page.getByLabel('Rol van partij 1').selectOption('taking-part');
  await screenshot(page, 'agenda-form');
  await page.getByRole('button', { name: 'Opslaan' }).click();

  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await settled(page);
  await page.getByText(`Bal ligt bij ${jeugd.name}`).first().waitFor();
  const participants = page.getByRole('table', { name: 'Deelnemende partijen' });
  await participants.getByRole('row', { name: `${woonstede.name} Meedoen` }).waitFor();
  await page.getByRole('table', { name: 'Statusgeschiedenis' }).getByText('Begonnen als Gepland').waitFor();
  await checkA11y(page, 'agenda item');
  await screenshot(page, 'agenda-item');

  // Only the allowed next steps are offered; dropping needs a reason.
  const options = await page.getByLabel('Nieuwe status').locator('option').allTextContents();
  assert.deepEqual(options, ['Maak een keuze', 'Bezig', 'Idee', 'Geschrapt']);
  await page.getByLabel('Nieuwe status').selectOption('dropped');
  await page.getByRole('button', { name: 'Status wijzigen' }).click();
  await page.getByText('Geef een reden waarom het agendapunt wordt geschrapt.').waitFor();
  await page.getByLabel('Nieuwe status').selectOption('in-progress');
  await page.getByRole('button', { name: 'Status wijzigen' }).click();
  await page.getByRole('status').filter({ hasText: 'De status is nu ‘Bezig’.' }).waitFor();
  await page.getByRole('table', { name: 'Statusgeschiedenis' }).getByText('Gepland → Bezig').waitFor();

  // The list finds it by search, labelled with status and ball.
  await page.getByRole('link', { name: 'Terug naar de toekomstagenda' }).click();
  await page.getByRole('heading', { level: 1, name: 'Toekomstagenda' }).waitFor();
  await page.getByRole('searchbox', { name: 'Zoeken' }).or(page.getByLabel('Zoeken', { exact: true })).first().fill(title);
  await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
  await page.waitForURL(/q=/);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: title }) });
  await row.getByText('Bezig').waitFor();
  await row.getByText(`Bal ligt bij ${jeugd.name}`).waitFor();
  assert.equal(await page.getByRole('row').count(), 2, 'the header and the one item found');
  await checkA11y(page, 'agenda list');
  await screenshot(page, 'agenda-list');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('a member of the ball-holding department hands the ball to a partner, who accepts it on the home page', async () => {
  const item = await itemOfJeugd(unique('Wijkteam en corporatie samen bij huurachterstand'));

  const member = await newPage(browser());
  await login(member, 'member');
  await member.goto(`/agenda/${item.id}`);
  await settled(member);
  await member.getByLabel('Overdragen aan').selectOption({ label: woonstede.name });
  await member.getByLabel('Toelichting').fill('Jullie zien de huurachterstand het eerst.');
  await member.getByRole('button', { name: 'Bal overdragen' }).click();
  await member.getByRole('status').filter({ hasText: `De bal is overgedragen aan ${woonstede.name}` }).waitFor();
  await member.getByText(`Overgedragen aan ${woonstede.name} (nog niet geaccepteerd)`).first().waitFor();
  await member.getByRole('table', { name: 'Overdrachten' }).getByText('Wacht op antwoord').waitFor();
  // The ball stays where it is until the partner accepts; the form to hand over is gone meanwhile.
  assert.equal(await member.getByRole('button', { name: 'Bal overdragen' }).count(), 0);
  await checkA11y(member, 'agenda item handed over');
  await member.context().close();

  const partner = await newPage(browser());
  await login(partner, 'partner');
  await settled(partner);
  const panel = partner.getByRole('region', { name: 'Waar ligt de bal?' });
  const entry = panel.getByRole('listitem').filter({ has: partner.getByRole('link', { name: item.title }) });
  await entry.getByText('Jullie zien de huurachterstand het eerst.').waitFor();
  await checkA11y(partner, 'home with the ball panel');
  await screenshot(partner, 'home-ball-panel');
  await entry.getByRole('button', { name: `Accepteren: ${item.title}` }).click();
  await panel.getByRole('status').filter({ hasText: `U hebt ‘${item.title}’ geaccepteerd` }).waitFor();
  await panel.getByRole('link', { name: item.title }).waitFor({ state: 'detached' });

  const api = await apiAs('partner');
  const after = await api.get(`/agenda-items/${item.id}`);
  assert.equal(after.body.ballHolderId, woonstede.id);
  assert.equal(after.body.pendingHandoff, null);
  await partner.goto(`/agenda/${item.id}`);
  await settled(partner);
  await partner.getByText(`Bal ligt bij ${woonstede.name}`).first().waitFor();
  await partner.getByRole('table', { name: 'Overdrachten' }).getByText('Geaccepteerd').waitFor();
  assert.deepEqual(partner.consoleErrors, []);
  await partner.context().close();
});

test('a partner declines a handoff, and must say why', async () => {
  // Woonstede watches along, so it still sees the item after declining the ball.
  const item = await itemOfJeugd(unique('Schoolverzuim en woonsituatie'), { participants: [{ partyId: woonstede.id, level: 'watching' }] });
  const member = await apiAs('member');
  const handoff = await member.post(`/agenda-items/${item.id}/handoffs`, { toPartyId: woonstede.id, note: 'Kunnen jullie dit trekken?' });
  assert.equal(handoff.status, 201, JSON.stringify(handoff.body));

  const page = await newPage(browser());
  await login(page, 'partner');
  await page.goto(`/agenda/${item.id}`);
  await settled(page);
  await page.getByRole('button', { name: `Weigeren: ${item.title}` }).click();
  const dialog = page.getByRole('dialog', { name: `Overdracht van ‘${item.title}’ weigeren` });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Weigeren' }).click();
  await dialog.getByText('Geef een reden voor het weigeren.').waitFor();
  await checkA11y(page, 'decline dialog');
  await screenshot(page, 'agenda-decline');
  await dialog.getByLabel('Reden').fill('Dit hoort bij Werk en Inkomen.');
  await dialog.getByRole('button', { name: 'Weigeren' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('status').filter({ hasText: `U hebt de overdracht van ‘${item.title}’ geweigerd.` }).waitFor();
  const history = page.getByRole('table', { name: 'Overdrachten' });
  await history.getByText('Geweigerd').waitFor();
  await history.getByText(/Dit hoort bij Werk en Inkomen\./).waitFor();

  const after = await member.get(`/agenda-items/${item.id}`);
  assert.equal(after.body.ballHolderId, jeugd.id, 'the ball stays with Jeugd en Onderwijs');
  assert.equal(after.body.pendingHandoff, null);
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('the stalled filter lists only what lies still, and lives in the URL', async () => {
  const fresh = await itemOfJeugd(unique('Vers agendapunt'));
  const page = await newPage(browser());
  await login(page, 'coordinator');
  await page.goto('/agenda');
  await settled(page);
  // The box shows the URL's state, which changes a moment after the click: click, then wait for
  // the URL and the box (check() would look at the box at once and may see it unchanged).
  const stalledOnly = page.getByLabel('Alleen wat stilligt');
  await stalledOnly.click();
  await page.waitForURL(/stalled=true/);
  await page.waitForFunction(() => document.querySelector('input[name="stalled"]:checked') !== null);
  await settled(page);
  // Just created, so not stalled.
  assert.equal(await page.getByRole('link', { name: fresh.title }).count(), 0);
  const rows = page.getByRole('row');
  const count = await rows.count();
  if (count === 0) {
    await page.getByText('Geen agendapunten gevonden met deze filters.').waitFor();
  } else {
    // Every item listed says so in words, not by colour alone.
    for (let index = 1; index < count; index += 1) await rows.nth(index).getByText('Ligt stil').waitFor();
  }
  const api = await apiAs('coordinator');
  const stalled = (await api.get('/agenda-items?stalled=true&limit=200')).body.items;
  assert.equal(Math.max(count - 1, 0), Math.min(stalled.length, 25));
  await checkA11y(page, 'agenda stalled filter');
  await screenshot(page, 'agenda-stalled');

  // The URL carries the filter: a reload or a shared link shows the same.
  await page.reload();
  await settled(page);
  assert.equal(await page.getByLabel('Alleen wat stilligt').isChecked(), true);
  await page.context().close();
});

test('a partner contributes to a joint question, and the chain links question and agenda item both ways', async () => {
  const coordinator = await apiAs('coordinator');
  const created = await coordinator.post('/questions', {
    title: unique('Waarom haken jongeren af bij 18'),
    rationale: 'Bij de overgang naar volwassenheid vallen jongeren tussen wal en schip.',
    leadPartyId: jeugd.id,
    participants: [{ partyId: woonstede.id, level: 'thinking-along' }],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const question = created.body;
  const item = await itemOfJeugd(unique('Warme overdracht bij 18 jaar'), {
    questionIds: [question.id],
    participants: [{ partyId: woonstede.id, level: 'taking-part' }],
  });

  const page = await newPage(browser());
  await login(page, 'partner');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Vraagstukken' }).click();
  await page.getByRole('heading', { level: 1, name: 'Vraagstukken' }).waitFor();
  await page.getByLabel('Zoeken', { exact: true }).fill(question.title);
  await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
  await page.getByRole('link', { name: question.title }).waitFor();
  await checkA11y(page, 'questions list');
  await screenshot(page, 'questions-list');
  await page.getByRole('link', { name: question.title }).click();
  await page.getByRole('heading', { level: 1, name: question.title }).waitFor();
  await settled(page);
  await page.getByRole('link', { name: item.title }).waitFor();

  // Without text the API's rule is shown first; then the contribution is added for Woonstede.
  await page.getByRole('button', { name: 'Bijdrage toevoegen' }).click();
  await page.getByText('Vul dit veld in.').waitFor();
  await page.getByLabel('Soort bijdrage').selectOption('observation');
  await page.getByLabel('Bijdrage', { exact: true }).fill('In onze wijken zien we dat jongeren bij 18 hun huurtoeslag niet aanvragen.');
  await page.getByRole('button', { name: 'Bijdrage toevoegen' }).click();
  await page.getByRole('status').filter({ hasText: 'Uw bijdrage is toegevoegd.' }).waitFor();
  const contributions = page.getByRole('list', { name: 'Bijdragen' });
  await contributions.getByRole('listitem').filter({ hasText: `${woonstede.name} · Waarneming` }).waitFor();
  await checkA11y(page, 'question');
  await screenshot(page, 'question');

  // From the agenda item back to the question it came from.
  await page.getByRole('link', { name: item.title }).click();
  await page.getByRole('heading', { level: 1, name: item.title }).waitFor();
  await settled(page);
  await page.getByRole('link', { name: question.title }).waitFor();
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('a named party endorses a shared success, reached from the agenda item it came from', async () => {
  const item = await itemOfJeugd(unique('Huisbezoek bij eerste huurachterstand'), { participants: [{ partyId: woonstede.id, level: 'taking-part' }] });
  const coordinator = await apiAs('coordinator');
  const created = await coordinator.post('/successes', {
    title: unique('Twaalf huisuitzettingen voorkomen'),
    description: 'Door samen op huisbezoek te gaan bij de eerste achterstand.',
    achievedOn: '2026-01-15',
    evidence: '12 van de 14 huishoudens bleven wonen',
    partyIds: [jeugd.id, woonstede.id],
    agendaItemIds: [item.id],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const success = created.body;

  const page = await newPage(browser());
  await login(page, 'partner');
  await page.goto(`/agenda/${item.id}`);
  await settled(page);
  await page.getByRole('link', { name: success.title }).click();
  await page.getByRole('heading', { level: 1, name: success.title }).waitFor();
  await settled(page);
  await page.getByText('Nog door geen partij onderschreven.').waitFor();
  await page.getByLabel('Toelichting').fill('Onze wijkconsulenten zagen het verschil.');
  await page.getByRole('button', { name: 'Onderschrijven' }).click();
  await page.getByRole('status').filter({ hasText: 'Uw partij onderschrijft dit succes nu.' }).waitFor();
  await page.getByText(/Onze wijkconsulenten zagen het verschil\./).waitFor();
  // Once: the form is gone after endorsing.
  await page.getByRole('button', { name: 'Onderschrijven' }).waitFor({ state: 'detached' });
  await checkA11y(page, 'success');
  await screenshot(page, 'success');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Successen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Gedeelde successen' }).waitFor();
  await page.getByRole('link', { name: success.title }).waitFor();
  await checkA11y(page, 'successes list');
  await screenshot(page, 'successes-list');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('meetings are listed by date, with what came out of them', async () => {
  const item = await itemOfJeugd(unique('Vaste partnertafel schulden'));
  const coordinator = await apiAs('coordinator');
  const formats = (await coordinator.get('/work-formats?limit=200')).body.items;
  const created = await coordinator.post('/meetings', {
    title: unique('Partnertafel schulden en armoede'),
    agenda: 'De rolverdeling bij vroegsignalering.',
    location: 'Stadskantoor, zaal 3',
    startsAt: '2030-03-05T13:00:00Z',
    endsAt: '2030-03-05T15:00:00Z',
    workFormatId: formats[0]?.id ?? null,
    partyIds: [jeugd.id, woonstede.id],
    agendaItemIds: [item.id],
    outcomeNotes: 'Jeugd en Onderwijs trekt; Woonstede denkt mee.',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const meeting = created.body;

  const page = await newPage(browser());
  await login(page, 'coordinator');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Bijeenkomsten' }).click();
  await page.getByRole('heading', { level: 1, name: 'Bijeenkomsten' }).waitFor();
  await page.getByLabel('Sorteren op').selectOption('-startsAt');
  await page.waitForURL(/sort=-startsAt/);
  const entry = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: meeting.title }) });
  await entry.getByText('Jeugd en Onderwijs trekt; Woonstede denkt mee.').waitFor();
  await checkA11y(page, 'meetings');
  await screenshot(page, 'meetings');
  await entry.getByRole('link', { name: item.title }).click();
  await page.getByRole('heading', { level: 1, name: item.title }).waitFor();
  await settled(page);
  // And back: the agenda item names the meeting it came out of.
  await page.getByText(meeting.title).waitFor();
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});
