import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseUrl, login, newPage, settled, useBrowser } from '../harness.mjs';

const browser = useBrowser();

// The municipality's identity provider is the one other origin the web app may call (its login).
const allowed = new Set([new URL(baseUrl).origin]);
if (process.env.KOMPAS_E2E_IDP_ISSUER) allowed.add(new URL(process.env.KOMPAS_E2E_IDP_ISSUER).origin);

/** Records every request to another origin (and refuses it: this network has no internet) and
 *  every Content-Security-Policy violation the page reports. */
async function offline(page) {
  const outside = [];
  const violations = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (allowed.has(new URL(url).origin)) return route.continue();
    outside.push(url);
    return route.abort();
  });
  await page.exposeFunction('reportViolation', (text) => violations.push(text));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (event) =>
      /** @type {any} */ (window).reportViolation(`${event.violatedDirective} ${event.blockedURI}`),
    ),
  );
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/.test(message.text())) violations.push(message.text());
  });
  return { outside, violations };
}

test('the API docs work without internet, under a policy of only its own origin', async () => {
  const page = await newPage(browser());
  const seen = await offline(page);
  await page.goto('/api/v1/docs');
  // Swagger UI rendered the spec: the title and an operation of it.
  await page.getByRole('heading', { name: /Kompas/ }).first().waitFor();
  await page.locator('.opblock').first().waitFor();
  assert.ok((await page.locator('.opblock').count()) > 50, 'every operation is listed');
  assert.deepEqual(seen.outside, [], 'no request left the server');
  assert.deepEqual(seen.violations, [], 'no Content-Security-Policy violation');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('the web app works without internet, under a policy of only its own origin', async () => {
  const page = await newPage(browser());
  const seen = await offline(page);
  await login(page, 'coordinator');
  for (const path of ['/', '/agenda', '/compass', '/parties']) {
    await page.goto(path);
    await settled(page);
  }
  assert.deepEqual(seen.outside, [], 'no request left the server');
  assert.deepEqual(seen.violations, [], 'no Content-Security-Policy violation');
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});
