// Webhooks: the demo admin subscribes a stand-in receiver (a node http server this flow starts on
// 127.0.0.1) to an event, sees the secret once, sends a test message and watches it arrive as
// "Bezorgd"; the receiver got a signed CloudEvent (Standard Webhooks headers, checked with the
// secret). The list works on a phone. Then the person's own data: a member downloads "Mijn
// gegevens", and the admin erases a person, who stays in the list as "Voormalig lid".
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { apiAs, checkA11y, login, newPage, screenshot, settled, unique, useBrowser, viewports } from '../harness.mjs';

const browser = useBrowser();

/** @type {{ headers: import('node:http').IncomingHttpHeaders, body: string }[]} */
const received = [];
/** @type {import('node:http').Server} */
let receiver;
let receiverUrl = '';

before(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(200, { 'Content-Type': 'text/plain' });
      response.end('ontvangen');
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (receiver.address());
  receiverUrl = `http://127.0.0.1:${address.port}/kompas-hook`;
});

after(async () => {
  await new Promise((resolve) => receiver.close(() => resolve(undefined)));
});

/** Standard Webhooks: `v1,` + base64 HMAC-SHA256 of "{id}.{timestamp}.{body}" keyed with the decoded secret. */
function expectedSignature(secret, id, timestamp, body) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

test('an admin subscribes a receiver, sees the secret once, and a test message arrives signed', async () => {
  const description = unique('Planningssysteem');
  const page = await newPage(browser());
  await login(page, 'admin');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Webhooks' }).click();
  await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
  await checkA11y(page, 'webhook list');
  await page.getByRole('link', { name: 'Nieuwe webhook' }).click();
  await page.getByRole('heading', { level: 1, name: 'Nieuwe webhook' }).waitFor();
  await settled(page);

  // Nothing chosen: the form says what is missing before anything is sent.
  await page.getByRole('button', { name: 'Webhook aanmaken' }).click();
  await page.getByRole('heading', { name: 'Controleer het formulier' }).waitFor();
  assert.equal(await page.getByLabel(/^Adres \(URL\)/).getAttribute('aria-invalid'), 'true');

  await page.getByLabel(/^Adres \(URL\)/).fill(receiverUrl);
  await page.getByLabel(/^Omschrijving/).fill(description);
  await page.getByRole('group', { name: 'Agendapunten' }).getByLabel('Aangemaakt', { exact: true }).check();
  await page.getByRole('group', { name: 'Vragen' }).getByLabel('Status gewijzigd', { exact: true }).check();
  await checkA11y(page, 'webhook form');
  await page.getByRole('button', { name: 'Webhook aanmaken' }).click();

  // The secret, once, with the warning; its heading has the focus.
  await page.getByText('Bewaar dit geheim nu: het wordt niet meer getoond.').waitFor();
  const secret = (await page.getByTestId('webhook-secret').textContent()) ?? '';
  assert.match(secret, /^whsec_[A-Za-z0-9+/=]{40,}$/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'webhook-secret-heading');
  await checkA11y(page, 'webhook secret');
  await page.getByRole('button', { name: 'Naar de webhook' }).click();
  await page.getByRole('heading', { level: 1, name: description }).waitFor();
  await settled(page);
  assert.equal(await page.getByText(secret).count(), 0, 'the secret is not shown again');
  await page.getByText('Agendapunten: Aangemaakt').waitFor();
  await page.getByText('Nog geen bezorgingen.').waitFor();
  await checkA11y(page, 'webhook detail');

  // A test message: queued, then (the worker in `kompas serve` sends it) delivered.
  await page.getByRole('button', { name: 'Testbericht sturen' }).click();
  await page.getByRole('status').filter({ hasText: 'Het testbericht staat klaar' }).waitFor();
  const delivery = page.getByTestId('webhook-delivery').filter({ hasText: 'Webhook: Testbericht' });
  // The page looks again by itself while a delivery is pending; give the worker 30 s.
  await delivery.filter({ hasText: 'Bezorgd' }).waitFor({ timeout: 30_000 });
  await delivery.getByText('Pogingen tonen (1)').click();
  await delivery.locator('pre').filter({ hasText: 'ontvangen' }).waitFor();
  await checkA11y(page, 'webhook deliveries with an attempt open');
  await screenshot(page, 'webhook-detail');

  const tests = received.filter((r) => r.body.includes('nl.kompas.webhook.test.v1'));
  assert.equal(tests.length, 1, 'the receiver got the test message once');
  const [{ headers, body }] = tests;
  assert.match(String(headers['content-type']), /^application\/cloudevents\+json/);
  const id = String(headers['webhook-id']);
  const timestamp = String(headers['webhook-timestamp']);
  assert.ok(id && /^\d+$/.test(timestamp), 'webhook-id and webhook-timestamp are there');
  assert.ok(Math.abs(Date.now() / 1000 - Number(timestamp)) < 300, 'the timestamp is now');
  assert.ok(
    String(headers['webhook-signature']).split(' ').includes(expectedSignature(secret, id, timestamp, body)),
    'the signature checks out with the secret shown once',
  );
  const event = JSON.parse(body);
  assert.equal(event.specversion, '1.0');
  assert.equal(event.type, 'nl.kompas.webhook.test.v1');
  assert.match(event.source, /^urn:nl:kompas:organisation:/);
  assert.ok(event.id && event.time, 'a CloudEvent has an id and a time');

  // Turned off and on again: the status says so in words.
  await page.getByRole('button', { name: 'Uitzetten' }).click();
  await page.getByRole('status').filter({ hasText: 'De webhook staat uit.' }).waitFor();
  await page.getByText('Uitgezet', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Weer aanzetten' }).click();
  await page.getByRole('status').filter({ hasText: 'De webhook staat weer aan.' }).waitFor();
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();

  // On a phone, in English: the list reads without sideways scrolling.
  const phone = await newPage(browser(), { language: 'en', viewport: viewports.phone });
  await login(phone, 'admin');
  await phone.goto('/admin/webhooks');
  await phone.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
  await settled(phone);
  await phone.getByRole('link', { name: receiverUrl }).first().waitFor();
  await checkA11y(phone, 'webhook list, English, phone');
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `no sideways scrolling at 375 px (the page is ${width} px wide)`);
  await phone.getByRole('link', { name: receiverUrl }).first().click();
  await phone.getByRole('heading', { level: 2, name: 'Deliveries' }).waitFor();
  await settled(phone);
  await phone.getByTestId('webhook-delivery').filter({ hasText: 'Delivered' }).first().waitFor();
  await checkA11y(phone, 'webhook detail, English, phone');
  const detailWidth = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(detailWidth <= 375, `no sideways scrolling at 375 px (the detail page is ${detailWidth} px wide)`);
  await screenshot(phone, 'webhook-detail-phone-en');
  await phone.context().close();
});

test('a member downloads their own data, and an admin erases a person who stays as "Voormalig lid"', async () => {
  const page = await newPage(browser());
  await login(page, 'member');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Mijn inzet' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mijn inzet' }).waitFor();
  await settled(page);
  await page.getByText(/AVG artikel 15/).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Mijn gegevens downloaden' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^kompas-mijn-gegevens-\d{8}\.json$/);
  const data = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(data.profile.email, 'jeroen@voorbeeld.nl');
  await page.getByRole('status').filter({ hasText: 'Uw gegevens zijn gedownload' }).waitFor();
  await checkA11y(page, 'my commitment with my data');
  await page.context().close();

  // A person to erase, made through the API.
  const admin = await apiAs('admin');
  const name = unique('Te Wissen');
  const email = `wissen.${Date.now().toString(36)}@voorbeeld.nl`;
  const created = await admin.post('/users', { email, name, role: 'member', password: 'een-lang-wachtwoord-2026' });
  assert.equal(created.status, 201);

  const adminPage = await newPage(browser());
  await login(adminPage, 'admin');
  await adminPage.goto(`/admin/users?q=${encodeURIComponent(name)}`);
  await adminPage.getByRole('heading', { level: 1 }).waitFor();
  await settled(adminPage);
  await adminPage.getByRole('button', { name: `Persoon wissen: ${name}` }).click();
  const dialog = adminPage.getByRole('dialog', { name: `${name} wissen?` });
  await dialog.getByText("Wat iemand voor de organisatie schreef blijft staan onder 'Voormalig lid'", { exact: false }).waitFor();
  await checkA11y(adminPage, 'erase dialog');
  await dialog.getByRole('button', { name: 'Definitief wissen' }).click();
  await adminPage.getByRole('status').filter({ hasText: `${name} is gewist.` }).waitFor();
  const erased = (await admin.get(`/users/${created.body.id}`)).body;
  assert.equal(erased.name, 'Voormalig lid');
  assert.equal(erased.isActive, false);
  // The list is read again: the search for the old name finds nobody now.
  await adminPage.goto('/admin/users?q=Voormalig');
  await settled(adminPage);
  await adminPage.getByRole('row').filter({ hasText: 'Voormalig lid' }).filter({ hasText: 'Gewist' }).first().waitFor();
  assert.deepEqual(adminPage.consoleErrors, []);
  await adminPage.context().close();
});
