// Reflection rounds: a person answers the open demo round on a phone (axe in Dutch and English,
// answering twice explained), a coordinator reads the results of a closed round where a party
// below the minimum group shows "too few answers", the trends, and runs a round of their own
// (defaults shown while a draft, opened, an early release refused and explained, closed).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { apiAs, checkA11y, login, newPage, screenshot, settled, unique, useBrowser, viewports } from '../harness.mjs';

const browser = useBrowser();

const TOO_FEW_NL = 'Te weinig antwoorden om te tonen';
const TOO_FEW_EN = 'Too few answers to show';

/** The demo's rounds and parties, found by name through the API (the demo may still be seeding when a flow starts elsewhere). */
let openRound;
let closedRound;
let woonstede;
before(async () => {
  const coordinator = await apiAs('coordinator');
  const rounds = (await coordinator.get('/reflection-rounds?limit=50')).body.items;
  const open = rounds.find((round) => round.title === 'Reflectie winter' && round.status === 'open');
  const closed = rounds.find((round) => round.title === 'Reflectie najaar' && round.status === 'closed');
  woonstede = (await coordinator.get('/partners?q=Woonstede')).body.items[0];
  assert.ok(open && closed && woonstede, 'the demo has an open round, the closed "Reflectie najaar" and Woonstede');
  // The list carries a summary (its counts); the round itself its statements and questions.
  openRound = (await coordinator.get(`/reflection-rounds/${open.id}`)).body;
  closedRound = (await coordinator.get(`/reflection-rounds/${closed.id}`)).body;
  assert.equal(openRound.statements.length, open.statementCount);
  assert.equal(closedRound.statements.length, closed.statementCount);
});

/** No sideways scrolling: the page fits the window. */
async function fitsWidth(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
}

test('a person answers the open round on a phone: one statement a fieldset, named radios, thanks, and once only', async () => {
  const member = await apiAs('member');
  const before = (await member.get(`/reflection-rounds/${openRound.id}`)).body;
  assert.equal(before.mayAnswer, true, 'the member may answer the open demo round');
  assert.equal(before.answered, false);

  // English first: the answer page, axe-clean, before anything is answered.
  const english = await newPage(browser(), { language: 'en', viewport: viewports.phone });
  await login(english, 'member');
  await english.goto(`/reflection/${openRound.id}/answer`);
  await english.getByRole('heading', { level: 1, name: openRound.title }).waitFor();
  await settled(english);
  await english.getByRole('heading', { name: 'Anonymous: what happens to your answer' }).waitFor();
  await english.getByRole('group', { name: /^1\. / }).getByRole('radio', { name: '1 strongly disagree' }).waitFor();
  await english.getByRole('group', { name: /^1\. / }).getByRole('radio', { name: '5 strongly agree' }).waitFor();
  await checkA11y(english, 'answer page in English on a phone');
  assert.ok(await fitsWidth(english), 'the English answer page fits 375 px');
  assert.deepEqual(english.consoleErrors, []);
  await english.context().close();

  // Dutch: from the list, where the open round offers "Nu invullen".
  const page = await newPage(browser(), { viewport: viewports.phone });
  await login(page, 'member');
  await page.goto('/reflection');
  await page.getByRole('heading', { level: 1, name: 'Reflectie' }).waitFor();
  await settled(page);
  await checkA11y(page, 'rounds list on a phone');
  await page.getByRole('link', { name: `Nu invullen: ${openRound.title}` }).click();
  await page.getByRole('heading', { level: 1, name: openRound.title }).waitFor();
  await settled(page);
  await page.getByRole('heading', { name: 'Anoniem: wat er met uw antwoord gebeurt' }).waitFor();
  await page.getByText('Niets verbindt die twee').waitFor();
  await checkA11y(page, 'answer page in Dutch on a phone');
  assert.ok(await fitsWidth(page), 'the answer page fits 375 px');
  await screenshot(page, 'reflection-answer-phone');

  // Every statement is a fieldset (group) named by its legend, with five named radios in boxes a thumb can hit.
  const statements = page.locator('fieldset.kompas-rating');
  const count = await statements.count();
  assert.equal(count, openRound.statements.length);
  for (const box of await page.locator('.kompas-rating__option').all()) {
    const size = await box.boundingBox();
    assert.ok(size && size.height >= 44 && size.width >= 44, `a rating box is at least 44 px square: ${JSON.stringify(size)}`);
  }

  // Sending with nothing chosen names each statement, and sends nothing.
  await page.getByRole('button', { name: 'Antwoord versturen' }).click();
  await page.getByRole('heading', { name: 'Controleer het formulier' }).waitFor();
  assert.equal(await page.getByRole('link', { name: /Stelling \d+: Kies een cijfer van 1 tot 5\./ }).count(), count);
  await checkA11y(page, 'answer page with errors');
  assert.equal((await member.get(`/reflection-rounds/${openRound.id}`)).body.answered, false);

  // With the keyboard: into the first group, arrows move the choice as in any radio group.
  const first = statements.first().getByRole('radio', { name: '1 helemaal oneens' });
  await first.focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.ok(await statements.first().getByRole('radio', { name: '3 neutraal' }).isChecked(), 'arrow keys choose within the group');
  // The rest by touch.
  for (let index = 1; index < count; index += 1) {
    await statements.nth(index).getByText('4', { exact: true }).click();
    assert.ok(await statements.nth(index).getByRole('radio', { name: '4 eens' }).isChecked());
  }
  await page.getByText(`${count} van ${count} stellingen beantwoord.`).waitFor();
  const question = openRound.questions[0];
  await page.getByLabel(question.textNl).fill('De partnertafel werkt goed.');
  await page.getByRole('button', { name: 'Antwoord versturen' }).click();
  await page.getByRole('heading', { name: 'Dank u wel!' }).waitFor();
  await checkA11y(page, 'thank-you on a phone');
  await screenshot(page, 'reflection-thanks-phone');
  const after = (await member.get(`/reflection-rounds/${openRound.id}`)).body;
  assert.equal(after.answered, true);
  assert.equal(after.responseRate.answered, before.responseRate.answered + 1);

  // Answering twice is explained, not an error page; the list says it is answered.
  await page.goto(`/reflection/${openRound.id}/answer`);
  await page.getByRole('heading', { name: 'U heeft deze ronde al ingevuld' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Antwoord versturen' }).count(), 0);
  await checkA11y(page, 'answered twice');
  await page.goto('/reflection');
  await settled(page);
  assert.equal(await page.getByRole('link', { name: `Nu invullen: ${openRound.title}` }).count(), 0);
  // And the API refuses a second answer in any case.
  const again = await member.post(`/reflection-rounds/${openRound.id}/answers`, {
    ratings: openRound.statements.map((s) => ({ statementKey: s.key, rating: 3 })),
  });
  assert.equal(again.status, 409);
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('a coordinator reads the results of a closed round: a party below k shows "too few answers", with why', async () => {
  const results = (await (await apiAs('coordinator')).get(`/reflection-rounds/${closedRound.id}/results`)).body;
  const woonstedeGroup = results.parties.find((group) => group.partyId === woonstede.id);
  assert.ok(woonstedeGroup?.suppressed, 'the demo has Woonstede below k');

  const page = await newPage(browser());
  await login(page, 'coordinator');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Reflectie' }).click();
  await page.getByRole('heading', { level: 1, name: 'Reflectie' }).waitFor();
  await page.getByRole('link', { name: `Resultaten: ${closedRound.title}` }).click();
  await page.getByRole('heading', { level: 1, name: `Resultaten: ${closedRound.title}` }).waitFor();
  await settled(page);

  // Everyone together: a table with a mean and the distribution of every statement.
  const overall = page.getByRole('table', { name: /^Iedereen samen/ });
  await overall.waitFor();
  assert.equal(await overall.getByRole('row').count(), closedRound.statements.length + 1);
  await overall.getByRole('columnheader', { name: 'Gemiddelde' }).waitFor();

  // Woonstede: no figures, and the reason (anonymity, the minimum group k).
  const section = page.locator('.kompas-result-group').filter({ has: page.getByRole('heading', { level: 3, name: woonstede.name }) });
  await section.getByText(TOO_FEW_NL).waitFor();
  await section.getByText(`Minder dan ${results.minGroup} mensen uit deze groep antwoordden.`).waitFor();
  assert.equal(await section.getByRole('table').count(), 0, 'no figures for Woonstede');
  await checkA11y(page, 'results of a closed round');
  await screenshot(page, 'reflection-results');

  // The trends show the same party suppressed, and the change elsewhere.
  await page.getByRole('link', { name: 'Trends' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Trends van de reflectie' }).waitFor();
  await settled(page);
  const woonstedeTrend = page.getByRole('region', { name: `Gemiddelde per stelling en ronde: ${woonstede.name}` });
  await woonstedeTrend.getByText(TOO_FEW_NL).first().waitFor();
  await page.getByText(/sinds vorige ronde/).first().waitFor();
  await checkA11y(page, 'trends');
  await screenshot(page, 'reflection-trends');
  await page.getByLabel('Partij').selectOption({ label: woonstede.name });
  await page.getByRole('heading', { level: 2, name: woonstede.name }).waitFor();
  await settled(page);
  assert.equal(await page.getByRole('heading', { level: 2 }).count(), 2, 'everyone together and the party asked for');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();

  // In English too, at phone width.
  const english = await newPage(browser(), { language: 'en', viewport: viewports.phone });
  await login(english, 'coordinator');
  await english.goto(`/reflection/${closedRound.id}/results`);
  await english.getByRole('heading', { level: 1, name: `Results: ${closedRound.title}` }).waitFor();
  await settled(english);
  await english.locator('.kompas-result-group').filter({ has: english.getByRole('heading', { level: 3, name: woonstede.name }) }).getByText(TOO_FEW_EN).waitFor();
  await checkA11y(english, 'results in English on a phone');
  assert.ok(await fitsWidth(english), 'the results page fits 375 px (wide tables scroll inside their region)');
  await english.context().close();
});

test('a coordinator runs a round: the defaults to edit while a draft, opened and extended, an early release refused and explained, closed', async () => {
  const title = unique('Reflectie e2e');
  const page = await newPage(browser());
  await login(page, 'coordinator');
  await page.goto('/reflection');
  await settled(page);
  await page.getByRole('link', { name: 'Nieuwe ronde' }).click();
  await page.getByRole('heading', { level: 1, name: 'Nieuwe reflectieronde' }).waitFor();
  await settled(page);
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('heading', { name: 'Controleer het formulier' }).waitFor();
  await checkA11y(page, 'new round with errors');
  await page.getByLabel('Titel').fill(title);
  await page.getByRole('checkbox', { name: woonstede.name }).check();
  await page.getByRole('button', { name: 'Opslaan' }).click();

  // A draft with the default statements, which stay editable until it opens.
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await settled(page);
  await page.getByText('Concept', { exact: true }).waitFor();
  const defaults = await page.locator('section[aria-labelledby="statements-heading"] li').allTextContents();
  assert.ok(defaults.length >= 6, `the default statements are shown: ${defaults.join(' | ')}`);
  await page.getByRole('link', { name: 'Wijzigen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Reflectieronde wijzigen' }).waitFor();
  await settled(page);
  const firstStatement = page.locator('#field-statements-0-textNl');
  assert.equal(await firstStatement.inputValue(), defaults[0]);
  await page.getByRole('button', { name: 'Stelling toevoegen' }).click();
  await page.locator(`#field-statements-${defaults.length}-textNl`).fill('We vieren samen wat lukt.');
  await page.locator(`#field-statements-${defaults.length}-textEn`).fill('We celebrate together what works.');
  await checkA11y(page, 'editing a draft round');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await page.getByText('We vieren samen wat lukt.').waitFor();

  // Open it; release early is refused (nobody answered) and the dialog says why.
  await page.getByRole('button', { name: 'Ronde openen' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Openen' }).click();
  await page.getByText('Open', { exact: true }).waitFor();

  // An open round keeps its statements, but its last day may move: extended by a week.
  await page.getByRole('link', { name: 'Wijzigen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Reflectieronde wijzigen' }).waitFor();
  await settled(page);
  await page.getByText('De ronde is geopend: partijen, stellingen, vragen en de eerste dag liggen vast.').waitFor();
  assert.equal(await page.locator('#field-statements-0-textNl').count(), 0, 'statements are fixed once open');
  const closesOn = page.getByLabel('Laatste dag');
  const extended = new Date(`${await closesOn.inputValue()}T12:00:00Z`);
  extended.setUTCDate(extended.getUTCDate() + 7);
  const extendedOn = extended.toISOString().slice(0, 10);
  await closesOn.fill(extendedOn);
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await settled(page);
  const coordinator = await apiAs('coordinator');
  const mine = (await coordinator.get('/reflection-rounds?limit=50')).body.items.find((round) => round.title === title);
  assert.equal(mine.closesOn, extendedOn);

  await page.getByRole('button', { name: 'Resultaten nu vrijgeven' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Vrijgeven' }).click();
  await dialog.getByText(/Vroeg vrijgeven kan pas als ten minste 5 mensen hebben geantwoord/).waitFor();
  await checkA11y(page, 'early release refused');
  await screenshot(page, 'reflection-release-refused');
  await dialog.getByRole('button', { name: 'Annuleren' }).click();

  // Close it early: no answers are taken any more, and the results page says too few for everyone.
  await page.getByRole('button', { name: 'Nu sluiten' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Sluiten' }).click();
  await page.getByText('Gesloten', { exact: true }).waitFor();
  await page.getByRole('link', { name: 'Resultaten' }).click();
  await page.getByRole('heading', { level: 1, name: `Resultaten: ${title}` }).waitFor();
  await settled(page);
  assert.ok((await page.getByText(TOO_FEW_NL).count()) >= 2, 'everyone together and Woonstede are too few');
  await checkA11y(page, 'results of an empty round');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});
