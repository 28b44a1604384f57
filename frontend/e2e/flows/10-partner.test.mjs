import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, checkA11y, login, newPage, screenshot, settled, unique, useBrowser } from '../harness.mjs';

const browser = useBrowser();

test('a partner sees only the needs shared with partners or involving Woonstede', async () => {
  const admin = await apiAs('admin');
  const jeugd = (await admin.get('/departments?q=Jeugd')).body.items[0];
  const zorg = (await admin.get('/departments?q=Zorg')).body.items[0];
  const internal = unique('Interne afstemming jeugdhulp');
  const shared = unique('Gedeelde wachtlijstaanpak');
  const made = [
    await admin.post('/needs', { partyId: jeugd.id, kind: 'need', title: internal, counterpartPartyId: zorg.id, visibility: 'organisation' }),
    await admin.post('/needs', { partyId: jeugd.id, kind: 'need', title: shared, counterpartPartyId: zorg.id, visibility: 'partners' }),
  ];
  assert.deepEqual(made.map((m) => m.status), [201, 201]);
  const internalId = made[0].body.id;

  // Inside the municipality both are listed, each with its visibility.
  const coordinator = await newPage(browser());
  await login(coordinator, 'coordinator');
  await coordinator.goto(`/parties/${jeugd.id}`);
  await settled(coordinator);
  const internalItem = coordinator.getByRole('listitem').filter({ has: coordinator.getByRole('heading', { name: `Behoefte: ${internal}` }) });
  await internalItem.getByText('Binnen de gemeente').waitFor();
  const sharedItem = coordinator.getByRole('listitem').filter({ has: coordinator.getByRole('heading', { name: `Behoefte: ${shared}` }) });
  await sharedItem.getByText('Gedeeld met alle partners').waitFor();
  await coordinator.context().close();

  const page = await newPage(browser());
  await login(page, 'partner');
  await page.goto(`/parties/${jeugd.id}`);
  await settled(page);
  await page.getByRole('heading', { name: `Behoefte: ${shared}` }).waitFor();
  assert.equal(await page.getByRole('heading', { name: `Behoefte: ${internal}` }).count(), 0);
  await checkA11y(page, 'party as partner');
  await screenshot(page, 'party-as-partner');
  // The API agrees: the partner cannot read it directly either.
  const partner = await apiAs('partner');
  assert.equal((await partner.get(`/needs/${internalId}`)).status, 404);

  // A coordinator shares it with partners (visibility is editable): now the partner sees it.
  const editor = await newPage(browser());
  await login(editor, 'coordinator');
  await editor.goto(`/parties/needs/${internalId}/edit`);
  await settled(editor);
  assert.equal(await editor.getByLabel('Zichtbaarheid').inputValue(), 'organisation');
  await editor.getByLabel('Zichtbaarheid').selectOption('partners');
  await editor.getByRole('button', { name: 'Opslaan' }).click();
  await editor.getByRole('heading', { level: 1, name: jeugd.name }).waitFor();
  await editor.context().close();
  await page.reload();
  await settled(page);
  await page.getByRole('heading', { name: `Behoefte: ${internal}` }).waitFor();
  await page.context().close();
});

test('a partner sees no administration or audit trail, not even by URL', async () => {
  const page = await newPage(browser());
  await login(page, 'partner');
  const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
  await nav.getByRole('link', { name: 'Partijen' }).waitFor();
  assert.equal(await nav.getByRole('link', { name: 'Beheer' }).count(), 0);
  assert.equal(await nav.getByRole('link', { name: 'Audittrail' }).count(), 0);
  for (const path of ['/admin/users', '/admin/users/new', '/admin/audit']) {
    await page.goto(path);
    await page.getByRole('heading', { level: 1, name: 'Geen toegang' }).waitFor();
    assert.equal(await page.getByRole('table').count(), 0, path);
  }
  await checkA11y(page, 'not allowed');
  await screenshot(page, 'not-allowed');
  // The API refuses as well.
  const partner = await apiAs('partner');
  assert.equal((await partner.get('/audit-events')).status, 403);
  assert.equal((await partner.get('/users')).status, 403);
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});
