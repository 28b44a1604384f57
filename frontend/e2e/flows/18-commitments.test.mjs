// Personal commitments ("Mijn inzet"): a member writes a private commitment, which a coordinator
// cannot see (not in the page, not through the API); the member shares it and the coordinator
// reads it; the member exports and deletes it. The page is axe-clean in Dutch and English, on a
// desktop and at 375 px.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, test } from 'node:test';
import { baseUrl, checkA11y, login, newPage, password, screenshot, settled, unique, useBrowser, users, viewports } from '../harness.mjs';

const browser = useBrowser();

/** The API as a demo user, with DELETE too: `{ status, body, etag }`. */
async function apiOf(role) {
  const response = await fetch(`${baseUrl}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: users[role], password }),
    signal: AbortSignal.timeout(15_000),
  });
  assert.equal(response.status, 200, `login of ${role} through the API failed`);
  const { access_token: token } = await response.json();
  return async (method, path, etag) => {
    const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
    if (etag) headers['If-Match'] = etag;
    const answer = await fetch(`${baseUrl}/api/v1${path}`, { method, headers, signal: AbortSignal.timeout(15_000) });
    const text = await answer.text();
    return { status: answer.status, body: text ? JSON.parse(text) : null, etag: answer.headers.get('ETag') };
  };
}

/** A run against a server of an earlier run starts from no commitment of the member either. */
async function deleteMembersCommitment() {
  const call = await apiOf('member');
  const mine = await call('GET', '/commitments/mine');
  if (mine.status === 200) assert.equal((await call('DELETE', '/commitments/mine', mine.etag)).status, 204);
}

before(deleteMembersCommitment);

async function openCommitments(page, label = 'Mijn inzet') {
  await page.getByRole('navigation', { name: /^(Hoofdmenu|Main menu)$/ }).getByRole('link', { name: label }).click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
  await settled(page);
}

test('a private commitment is the member’s alone until shared; then the coordinator reads it', async () => {
  const meaning = unique('Samenwerken betekent voor mij: de bal samen oppakken');
  const member = await newPage(browser());
  await login(member, 'member');
  await openCommitments(member);
  await member.getByText('U hebt uw inzet nog niet opgeschreven.', { exact: false }).waitFor();
  await checkA11y(member, 'commitments, none yet');

  await member.getByLabel(/^Wat samenwerken voor mij betekent/).fill(meaning);
  await member.getByLabel(/^Wat ik inbreng/).fill('Kennis van de jeugdhulp en korte lijnen met scholen.');
  await member.getByLabel(/^Wat ik van anderen nodig heb/).fill('Een vast aanspreekpunt bij Werk en Inkomen.');
  await member.getByLabel(/^Eén concrete stap die ik zet/).fill('De casustafel van maart voorbereiden.');
  const share = member.getByLabel("Delen met mijn collega's");
  assert.equal(await share.isChecked(), false, 'private unless the member shares it');
  await member.getByRole('button', { name: 'Inzet opslaan' }).click();
  await member.getByRole('status').filter({ hasText: 'Uw inzet is opgeslagen. Alleen u kunt hem lezen.' }).waitFor();
  await member.getByText('Alleen u kunt dit lezen.').waitFor();
  await checkA11y(member, 'commitments, private');
  await screenshot(member, 'commitments-private');

  // The coordinator: not in the page, and the API answers 404 for it.
  const coordinatorApi = await apiOf('coordinator');
  const memberApi = await apiOf('member');
  const mine = await memberApi('GET', '/commitments/mine');
  assert.equal(mine.status, 200);
  assert.equal(mine.body.shared, false);
  assert.equal((await coordinatorApi('GET', `/commitments/${mine.body.id}`)).status, 404);
  const coordinator = await newPage(browser());
  await login(coordinator, 'coordinator');
  await openCommitments(coordinator);
  await coordinator.getByRole('heading', { level: 2, name: "Gedeelde inzet van collega's" }).waitFor();
  await coordinator.getByRole('heading', { level: 2, name: 'In cijfers' }).waitFor();
  assert.equal(await coordinator.getByText(meaning).count(), 0, 'the coordinator does not see a private commitment');
  assert.equal(await coordinator.getByRole('heading', { level: 3, name: 'Jeroen de Vries' }).count(), 0);
  await checkA11y(coordinator, 'commitments of colleagues, coordinator');

  // The member shares it; the coordinator now reads it.
  await share.check();
  await member.getByRole('button', { name: 'Inzet opslaan' }).click();
  await member.getByRole('status').filter({ hasText: "Uw inzet is opgeslagen en gedeeld met uw collega's." }).waitFor();
  await member.getByText("Uw collega's in de organisatie kunnen dit lezen; partners niet.").waitFor();
  await coordinator.reload();
  await settled(coordinator);
  await coordinator.getByRole('heading', { level: 3, name: 'Jeroen de Vries' }).waitFor();
  await coordinator.getByText(meaning).waitFor();
  await checkA11y(coordinator, 'commitments of colleagues, one shared');
  await screenshot(coordinator, 'commitments-shared');

  // The member exports it: a JSON file with the member's own commitment.
  const [download] = await Promise.all([member.waitForEvent('download'), member.getByRole('button', { name: 'Exporteren (JSON)' }).click()]);
  assert.equal(download.suggestedFilename(), 'kompas-mijn-inzet.json');
  const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(exported.commitment.meaning, meaning);
  assert.equal(exported.authorEmail, users.member);

  // And deletes it, after confirming; the coordinator no longer sees it.
  await member.getByRole('button', { name: 'Verwijderen: Uw inzet' }).click();
  const dialog = member.getByRole('dialog', { name: 'Uw inzet verwijderen?' });
  await dialog.waitFor();
  await checkA11y(member, 'commitments, confirm delete');
  await dialog.getByRole('button', { name: 'Ja, verwijderen' }).click();
  await member.getByRole('status').filter({ hasText: 'Uw inzet is verwijderd.' }).waitFor();
  await member.getByText('U hebt uw inzet nog niet opgeschreven.', { exact: false }).waitFor();
  assert.equal((await memberApi('GET', '/commitments/mine')).status, 404);
  await coordinator.reload();
  await settled(coordinator);
  assert.equal(await coordinator.getByText(meaning).count(), 0);
  assert.deepEqual(member.consoleErrors, []);
  assert.deepEqual(coordinator.consoleErrors, []);
  await member.context().close();
  await coordinator.context().close();
});

test('the page is accessible in English and Dutch, on a phone and a desktop', async () => {
  /** @type {Array<[string, { width: number; height: number }, string]>} */
  const cases = [
    ['en', viewports.phone, 'member'],
    ['en', viewports.phone, 'coordinator'],
    ['nl', viewports.phone, 'coordinator'],
    ['en', viewports.desktop, 'coordinator'],
    ['nl', viewports.phone, 'partner'],
  ];
  for (const [language, viewport, role] of cases) {
    const name = `commitments ${language} ${viewport.width}px ${role}`;
    const page = await newPage(browser(), { language, viewport });
    await login(page, role);
    await page.goto('/commitments');
    const title = language === 'en' ? 'My commitment' : 'Mijn inzet';
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await settled(page);
    const save = page.getByRole('button', { name: language === 'en' ? 'Save commitment' : 'Inzet opslaan' });
    await save.waitFor();
    if (role === 'partner') {
      await page.getByText('Als partner ziet u alleen uw eigen inzet.', { exact: false }).waitFor();
    }
    // Nothing wider than the window at 375 px.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name}: the page is ${overflow}px wider than the window`);
    await checkA11y(page, name);
    if (viewport === viewports.phone && role === 'coordinator' && language === 'en') await screenshot(page, 'commitments-phone-en');
    assert.deepEqual(page.consoleErrors, [], name);
    await page.context().close();
  }
});
