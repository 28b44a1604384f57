import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { apiAs, checkA11y, login, newPage, screenshot, settled, unique, useBrowser } from '../harness.mjs';

const browser = useBrowser();

/** The demo map with this title, its tasks (by position) and its parties by name. */
async function demoMap(title) {
  const api = await apiAs('admin');
  const map = (await api.get(`/role-maps?q=${encodeURIComponent(title)}`)).body.items.find((m) => m.title === title);
  assert.ok(map, `the demo map "${title}" exists`);
  const tasks = (await api.get(`/role-maps/${map.id}/tasks?limit=200`)).body.items;
  const matrix = (await api.get(`/role-maps/${map.id}/matrix`)).body;
  const parties = Object.fromEntries(matrix.parties.map((p) => [p.name, p.id]));
  return { map, tasks, parties, api };
}

/** The ETag of every view of a map: equal ETags, equal views. */
async function viewTags(api, mapId, parties) {
  const perspectives = ['agreed', ...Object.values(parties)];
  return Promise.all(perspectives.map(async (p) => (await api.get(`/role-maps/${mapId}/perspectives/${p}`)).etag));
}

/** The text of the matrix cell of a task (row header) and a party (column header). */
function cellText(page, task, party) {
  return page.evaluate(
    ([taskTitle, partyName]) => {
      const table = document.querySelector('table.kompas-matrix');
      if (!table) return null;
      const headers = Array.from(table.querySelectorAll('thead th')).map((th) => th.textContent?.trim());
      const column = headers.indexOf(partyName);
      const row = Array.from(table.querySelectorAll('tbody tr')).find((tr) => tr.querySelector('th[scope="row"]')?.textContent?.trim() === taskTitle);
      return row?.children[column]?.textContent ?? null;
    },
    [task, party],
  );
}

test('the matrix of a demo role map: axe, findings beside it, and switching between views', async () => {
  const { map } = await demoMap('Schulden en armoede');
  const page = await newPage(browser());
  await login(page, 'coordinator');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Rolkaarten', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Rolkaarten' }).waitFor();
  await checkA11y(page, 'role maps');
  await screenshot(page, 'role-maps');

  await page.getByRole('link', { name: 'Schulden en armoede' }).click();
  await page.getByRole('heading', { level: 1, name: 'Schulden en armoede' }).waitFor();
  await page.waitForURL(`**/role-maps/${map.id}`);
  const matrix = page.getByRole('table', { name: 'Afgesproken verdeling', exact: true });
  await matrix.waitFor();
  // Row and column headers, and roles as words for screen readers.
  await matrix.getByRole('columnheader', { name: 'Woonstede' }).waitFor();
  await matrix.getByRole('rowheader', { name: 'Schuldhulpverlening starten' }).waitFor();
  assert.match(await cellText(page, 'Schuldhulpverlening starten', 'Werk en Inkomen'), /Verantwoordelijk.*Eindverantwoordelijk/);
  // The findings beside the matrix, explained in Dutch; the summary with clarity and load.
  const findings = page.getByRole('region', { name: 'Bevindingen' });
  await findings.getByRole('heading', { name: 'Nazorg na schuldregeling' }).waitFor();
  await findings.getByText('Beelden verschillen').first().waitFor();
  await findings.getByText('Werk en Inkomen en Wijkteam Noord zijn het oneens over wie eigenaar is.').waitFor();
  await page.getByText(/\d+% van de taken heeft geen bevindingen/).waitFor();
  await page.getByRole('table', { name: 'Belasting per partij in de afgesproken verdeling', exact: true }).waitFor();
  await checkA11y(page, 'role map');
  await screenshot(page, 'role-map');

  // Woonstede's own view: a different grid, the same findings.
  await page.getByLabel('Beeld', { exact: true }).selectOption({ label: 'Beeld van Woonstede' });
  await page.getByRole('table', { name: 'Beeld van Woonstede', exact: true }).waitFor();
  await page.waitForURL(/view=/);
  assert.match(await cellText(page, 'Huurachterstand signaleren', 'Woonstede'), /Verantwoordelijk/);
  assert.match(await cellText(page, 'Huurachterstand signaleren', 'Werk en Inkomen'), /Eindverantwoordelijk/);
  assert.match(await cellText(page, 'Inkomen stabiliseren', 'UWV Werkbedrijf'), /geen rol/);
  await checkA11y(page, 'role map, party view');

  // In English the explanations come in English.
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('table', { name: 'View of Woonstede', exact: true }).waitFor();
  await page.getByRole('region', { name: 'Findings' }).getByText('Views differ').first().waitFor();
  await page.getByRole('button', { name: 'Nederlands' }).click();
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('a member edits his own party view with the keyboard only, saves it, and the analysis follows', async () => {
  const { map, tasks, parties } = await demoMap('Overgang 18-/18+');
  const jeugd = parties['Jeugd en Onderwijs'];
  const handover = tasks.find((task) => task.title === 'Warme overdracht naar volwassenenzorg');
  // Start from the demo's view of Jeugd en Onderwijs, whatever ran before.
  const member = await apiAs('member');
  const reset = await member.put(`/role-maps/${map.id}/perspectives/${jeugd}`, {
    assignments: [
      { taskId: handover.id, partyId: parties['Zorg en Welzijn'], role: 'accountable' },
      { taskId: tasks[2].id, partyId: parties['Werk en Inkomen'], role: 'accountable' },
      { taskId: tasks[3].id, partyId: jeugd, role: 'accountable' },
    ],
  });
  assert.equal(reset.status, 200);
  const before = (await member.get(`/role-maps/${map.id}/analysis`)).body;
  const kindsOf = (analysis) => analysis.tasks.find((t) => t.taskId === handover.id).findings.map((f) => f.kind);
  assert.deepEqual(kindsOf(before), ['ball-elsewhere', 'views-disagree']);

  const page = await newPage(browser());
  await login(page, 'member');
  await page.goto(`/role-maps/${map.id}`);
  await settled(page);
  await page.getByRole('region', { name: 'Bevindingen' }).getByRole('heading', { name: handover.title }).waitFor();
  // The member may not touch the agreed view, and is pointed at his own.
  assert.equal(await page.getByRole('button', { name: /^Bewerken/ }).count(), 0);
  const own = page.getByRole('link', { name: 'Naar het beeld van Jeugd en Onderwijs' });
  await own.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('table', { name: 'Beeld van Jeugd en Onderwijs', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Bewerken: Beeld van Jeugd en Onderwijs' }).focus();
  await page.keyboard.press('Enter');

  // Editing lands in the grid, on the first role of the first task.
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent);
  await page.waitForFunction(() => document.activeElement?.classList.contains('kompas-raci-toggle'));
  assert.equal(await focused(), 'Taak Toekomstplan vanaf 16,5 jaar, partij GGD Regio Voorbeeld: Verantwoordelijk');
  await checkA11y(page, 'role map, editing');
  // Columns: GGD, Jeugd en Onderwijs, ROC, Werk en Inkomen, Zorg en Welzijn; four roles each.
  await page.keyboard.press('ArrowDown');
  for (let i = 0; i < 5; i += 1) await page.keyboard.press('ArrowRight');
  assert.equal(await focused(), `Taak ${handover.title}, partij Jeugd en Onderwijs: Eindverantwoordelijk`);
  await page.keyboard.press('Space');
  for (let i = 0; i < 12; i += 1) await page.keyboard.press('ArrowRight');
  assert.equal(await focused(), `Taak ${handover.title}, partij Zorg en Welzijn: Eindverantwoordelijk`);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-pressed')), 'true');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-pressed')), 'false');
  await page.getByText('2 wijzigingen, nog niet opgeslagen').waitFor();
  await screenshot(page, 'role-map-editing');
  // One tab stop for the grid: Tab leaves it for the save button.
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'Beeld opslaan');
  await page.keyboard.press('Enter');

  await page.getByText('Het beeld is opgeslagen. De analyse is bijgewerkt.').waitFor();
  assert.match(await cellText(page, handover.title, 'Jeugd en Onderwijs'), /Eindverantwoordelijk/);
  assert.match(await cellText(page, handover.title, 'Zorg en Welzijn'), /geen rol/);
  // The task is clear now: gone from the findings, "Helder" in the matrix.
  await page.getByRole('region', { name: 'Bevindingen' }).getByRole('heading', { name: handover.title }).waitFor({ state: 'detached' });
  await page.getByRole('row', { name: new RegExp(handover.title) }).getByText('Helder', { exact: true }).waitFor();
  assert.deepEqual(kindsOf((await member.get(`/role-maps/${map.id}/analysis`)).body), []);
  const saved = (await member.get(`/role-maps/${map.id}/perspectives/${jeugd}`)).body.assignments;
  assert.deepEqual(
    saved.filter((a) => a.taskId === handover.id).map((a) => [a.partyId, a.role]),
    [[jeugd, 'accountable']],
  );
  await checkA11y(page, 'role map, saved');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('a view saved by someone else meanwhile meets a 412, and reloading keeps the roles the user set', async () => {
  const { map, tasks, parties, api: admin } = await demoMap('Overgang 18-/18+');
  // Start from the demo's agreed view, whatever ran before.
  const reset = await admin.put(`/role-maps/${map.id}/perspectives/agreed`, {
    assignments: [{ taskId: tasks[0].id, partyId: parties['Jeugd en Onderwijs'], role: 'accountable' }],
  });
  assert.equal(reset.status, 200);
  const page = await newPage(browser());
  await login(page, 'coordinator');
  await page.goto(`/role-maps/${map.id}`);
  await settled(page);
  await page.getByRole('button', { name: 'Bewerken: Afgesproken verdeling' }).click();
  await page.getByRole('button', { name: `Taak ${tasks[3].title}, partij ROC Voorbeeld: Verantwoordelijk` }).click();
  // A colleague saves the agreed view behind the browser's back.
  const current = (await admin.get(`/role-maps/${map.id}/perspectives/agreed`)).body.assignments;
  const theirs = await admin.put(`/role-maps/${map.id}/perspectives/agreed`, {
    assignments: [...current, { taskId: tasks[2].id, partyId: parties['Werk en Inkomen'], role: 'accountable' }],
  });
  assert.equal(theirs.status, 200);
  await page.getByRole('button', { name: 'Beeld opslaan' }).click();
  await page.getByRole('heading', { name: 'Iemand anders heeft dit intussen gewijzigd' }).waitFor();
  await checkA11y(page, 'role map, conflict');
  await page.getByRole('button', { name: 'Nieuwste versie laden' }).click();
  await page.getByText(/De nieuwste versie is geladen/).waitFor();
  const mine = page.getByRole('button', { name: `Taak ${tasks[3].title}, partij ROC Voorbeeld: Verantwoordelijk` });
  assert.equal(await mine.getAttribute('aria-pressed'), 'true');
  const their = page.getByRole('button', { name: `Taak ${tasks[2].title}, partij Werk en Inkomen: Eindverantwoordelijk` });
  assert.equal(await their.getAttribute('aria-pressed'), 'true');
  await page.getByRole('button', { name: 'Beeld opslaan' }).click();
  await page.getByText('Het beeld is opgeslagen. De analyse is bijgewerkt.').waitFor();
  const agreed = (await admin.get(`/role-maps/${map.id}/perspectives/agreed`)).body.assignments;
  assert.ok(agreed.some((a) => a.taskId === tasks[3].id && a.partyId === parties['ROC Voorbeeld'] && a.role === 'responsible'));
  assert.ok(agreed.some((a) => a.taskId === tasks[2].id && a.partyId === parties['Werk en Inkomen'] && a.role === 'accountable'));
  await page.context().close();
});

test('a coordinator takes a snapshot and compares it with an earlier one', async () => {
  const { map } = await demoMap('Schulden en armoede');
  const page = await newPage(browser());
  await login(page, 'coordinator');
  await page.goto(`/role-maps/${map.id}`);
  await settled(page);
  await page.getByRole('link', { name: 'Momentopnamen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Momentopnamen van Schulden en armoede' }).waitFor();
  await settled(page);
  const label = unique('Partnertafel');
  await page.getByLabel('Naam van de momentopname').fill(label);
  await page.getByRole('button', { name: 'Momentopname maken' }).click();
  await page.getByText(`Momentopname ‘${label}’ is gemaakt.`).waitFor();
  await page.getByRole('rowheader', { name: label }).waitFor();

  await page.getByLabel('Van', { exact: true }).selectOption({ label: 'Voor de partnertafel' });
  await page.getByLabel('Tot', { exact: true }).selectOption({ label });
  await page.getByRole('button', { name: 'Vergelijken' }).click();
  await page.getByRole('heading', { name: `Van ‘Voor de partnertafel’ tot ‘${label}’` }).waitFor();
  await page.getByText(/^Helderheid van \d+% naar \d+%$/).waitFor();
  const resolved = page.getByRole('region', { name: /^Opgelost \(\d+\)$/ });
  await resolved.waitFor();
  const comparison = (await (await apiAs('coordinator')).get(`/role-maps/${map.id}/snapshots?limit=200`)).body.items;
  assert.ok(comparison.some((s) => s.label === label));
  assert.ok((await resolved.getByRole('listitem').count()) > 0, 'the partner table resolved findings');
  await page.getByRole('region', { name: /^Nieuw \(\d+\)$/ }).waitFor();
  await checkA11y(page, 'snapshots compared');
  await screenshot(page, 'role-map-snapshots');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('CSV: the export downloads, and an import with bad rows names each line and changes nothing', async () => {
  const { map, api, parties } = await demoMap('Schulden en armoede');
  const tagsBefore = await viewTags(api, map.id, parties);
  const page = await newPage(browser());
  await login(page, 'coordinator');
  await page.goto(`/role-maps/${map.id}/csv`);
  await settled(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV downloaden' }).click()]);
  assert.equal(download.suggestedFilename(), `rolkaart-${map.id}.csv`);
  const exported = readFileSync(await download.path(), 'utf8');
  // RFC 4180: records end in CRLF.
  assert.ok(exported.includes('\r\n'), 'CSV records end in CRLF');
  const lines = exported.trim().split('\r\n');
  assert.equal(lines[0], 'taskId,task,cluster,party,role,perspective');
  assert.ok(lines.length > 10);
  await page.getByText(`Het bestand rolkaart-${map.id}.csv is gedownload.`).waitFor();

  const taskId = lines[1].split(',')[0];
  const bad = [lines[0], `${taskId},x,y,Woonstede,X,agreed`, `${taskId},x,y,Gemeente Nergens,R,agreed`, lines[1]].join('\r\n');
  await page.getByLabel('CSV-bestand').setInputFiles({ name: 'ingevuld.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await page.getByRole('button', { name: 'Importeren' }).click();
  const alert = page.getByRole('alert');
  await alert.getByRole('heading', { name: 'Het bestand heeft 2 problemen' }).waitFor();
  await alert.getByText(/Er is niets geïmporteerd of gewijzigd/).waitFor();
  await alert.getByText('Regel 2 (rol):').waitFor();
  await alert.getByText('Regel 3 (partij):').waitFor();
  await checkA11y(page, 'csv import refused');
  await screenshot(page, 'role-map-csv');
  // Nothing changed: every view has the ETag it had before.
  assert.deepEqual(await viewTags(api, map.id, parties), tagsBefore, 'nothing changed');

  // The export itself imports again without a change: the round trip is lossless.
  await page.getByLabel('CSV-bestand').setInputFiles({ name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from(exported) });
  await page.getByRole('button', { name: 'Importeren' }).click();
  await page.getByText(/^Geïmporteerd: \d+ rollen in \d+ beelden, 0 nieuwe taken\.$/).waitFor();
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('a viewer sees the matrix but no edit controls, and no way to import or take snapshots', async () => {
  const { map } = await demoMap('Schulden en armoede');
  const page = await newPage(browser());
  await login(page, 'viewer');
  await page.goto(`/role-maps/${map.id}`);
  await settled(page);
  await page.getByRole('table', { name: 'Afgesproken verdeling', exact: true }).waitFor();
  await page.getByText('U kunt dit beeld alleen bekijken.').waitFor();
  for (const name of [/^Bewerken/, 'Beeld opslaan']) assert.equal(await page.getByRole('button', { name }).count(), 0);
  for (const name of ['Rolkaart wijzigen', 'Taken beheren']) assert.equal(await page.getByRole('link', { name }).count(), 0);
  assert.equal(await page.locator('.kompas-raci-toggle').count(), 0);
  await page.getByLabel('Beeld', { exact: true }).selectOption({ label: 'Beeld van Zorg en Welzijn' });
  await page.getByRole('table', { name: 'Beeld van Zorg en Welzijn', exact: true }).waitFor();
  assert.equal(await page.getByRole('button', { name: /^Bewerken/ }).count(), 0);
  await checkA11y(page, 'role map as viewer');

  await page.goto(`/role-maps/${map.id}/snapshots`);
  await settled(page);
  await page.getByRole('rowheader', { name: 'Voor de partnertafel' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Momentopname maken' }).count(), 0);
  await page.goto(`/role-maps/${map.id}/csv`);
  await settled(page);
  await page.getByRole('button', { name: 'CSV downloaden' }).waitFor();
  assert.equal(await page.getByLabel('CSV-bestand').count(), 0);
  for (const path of ['/role-maps/new', `/role-maps/${map.id}/edit`, `/role-maps/${map.id}/tasks`]) {
    await page.goto(path);
    await page.getByRole('heading', { level: 1, name: 'Geen toegang' }).waitFor();
  }
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('a coordinator creates a role map with its parties and tasks, reorders and deletes them', async () => {
  const page = await newPage(browser());
  await login(page, 'coordinator');
  await page.goto('/role-maps');
  await settled(page);
  await page.getByRole('link', { name: 'Nieuwe rolkaart' }).click();
  await page.getByRole('heading', { level: 1, name: 'Nieuwe rolkaart' }).waitFor();
  await settled(page);
  const title = unique('Rolkaart Wonen');
  await page.getByLabel('Titel').fill(title);
  await page.getByLabel(/^Thema/).fill('Wonen');
  await page.getByLabel('Woonstede').check();
  await page.getByLabel('Werk en Inkomen').check();
  await checkA11y(page, 'role map new');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await page.getByText('Deze rolkaart heeft nog geen taken.').waitFor();

  await page.getByRole('link', { name: 'Taken beheren' }).click();
  await page.getByRole('heading', { level: 1, name: `Taken van ${title}` }).waitFor();
  for (const [task, cluster] of [['Signaleren', 'Vroeg erbij'], ['Huisbezoek', 'Vroeg erbij'], ['Nazorg', '']]) {
    await page.getByRole('link', { name: 'Nieuwe taak' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nieuwe taak' }).waitFor();
    await page.getByLabel('Taak', { exact: true }).fill(task);
    await page.getByLabel(/^Cluster/).fill(cluster);
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByRole('rowheader', { name: task }).waitFor();
  }
  await page.getByRole('button', { name: 'Omhoog: Huisbezoek' }).click();
  await page.getByText('‘Huisbezoek’ staat nu op plaats 1.').waitFor();
  const order = async () => page.getByRole('rowheader').allTextContents();
  assert.deepEqual(await order(), ['Huisbezoek', 'Signaleren', 'Nazorg']);
  await checkA11y(page, 'role map tasks');
  await screenshot(page, 'role-map-tasks');

  await page.getByRole('link', { name: 'Wijzigen: Nazorg' }).click();
  await page.getByRole('heading', { level: 1, name: 'Taak wijzigen' }).waitFor();
  await settled(page);
  await page.getByRole('button', { name: 'Verwijderen: Nazorg' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Ja, verwijderen' }).click();
  await page.getByRole('heading', { level: 1, name: `Taken van ${title}` }).waitFor();
  await page.getByRole('rowheader', { name: 'Nazorg' }).waitFor({ state: 'detached' });

  await page.getByRole('link', { name: 'Terug naar de rolkaart' }).click();
  const matrix = page.getByRole('table', { name: 'Afgesproken verdeling', exact: true });
  await matrix.getByRole('rowheader', { name: 'Huisbezoek' }).waitFor();
  await matrix.getByRole('columnheader', { name: 'Woonstede' }).waitFor();
  // Nobody has said anything yet: every task is unclear.
  await page.getByText('0% van de taken heeft geen bevindingen').waitFor();

  await page.getByRole('link', { name: 'Rolkaart wijzigen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Rolkaart wijzigen' }).waitFor();
  await settled(page);
  assert.equal(await page.getByLabel('Woonstede').isChecked(), true);
  await page.getByRole('button', { name: `Verwijderen: ${title}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Ja, verwijderen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Rolkaarten' }).waitFor();
  await settled(page);
  assert.equal(await page.getByRole('link', { name: title }).count(), 0);
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});
