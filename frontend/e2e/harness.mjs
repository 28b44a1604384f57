// What every e2e flow needs: a browser, a login as a given role, an accessibility check, an API
// client to change data behind the browser's back, and screenshots for review.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const baseUrl = process.env.KOMPAS_E2E_BASE_URL ?? 'http://127.0.0.1:8000';
export const password = process.env.KOMPAS_E2E_PASSWORD ?? 'demo-kompas-2026';
const seeded = JSON.parse(process.env.KOMPAS_E2E_USERS ?? '{}');
/** The demo login of each role, as `kompas seed-demo` printed them. */
export const users = {
  admin: 'beheer@voorbeeld.nl',
  coordinator: 'fatima@voorbeeld.nl',
  member: 'jeroen@voorbeeld.nl',
  partner: 'sanne@woonstede.nl',
  viewer: 'kijker@voorbeeld.nl',
  ...seeded,
};

export const screenshotDir = join(here, 'screenshots');

/**
 * Start Debian's Chromium once for the test file, closed after it. Returns a getter, because the
 * browser exists only once `before` has run.
 */
export function useBrowser() {
  let browser;
  before(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });
  after(async () => {
    await browser?.close();
  });
  return () => browser;
}

/** A laptop's window, the default; and a small phone's (iPhone SE), for the flows on a phone. */
export const viewports = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 375, height: 667 },
};

/**
 * A fresh page (own cookies and storage) in the given language and window size (`viewport`,
 * `{ width, height }`), failing on errors in the console.
 */
export async function newPage(browser, { language = 'nl', viewport = viewports.desktop } = {}) {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport,
    // A Dutch user's browser: "today" is the date in the Netherlands, as the API counts it.
    timezoneId: 'Europe/Amsterdam',
  });
  await context.addInitScript((lng) => localStorage.setItem('kompas.language', lng), language);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.consoleErrors = errors;
  return page;
}

/** Log in through the login page as the demo user of `role`, and wait for the home page. */
export async function login(page, role = 'admin') {
  await page.goto('/login');
  await page.getByLabel(/^E-mailadres|^Email address/).fill(users[role]);
  await page.getByLabel(/^Wachtwoord|^Password/).fill(password);
  await page.getByRole('button', { name: /^(Inloggen|Log in)$/ }).click();
  // On a phone the logout button is there but folded away in the closed menu.
  await page.getByRole('button', { name: /^(Uitloggen|Log out)$/, includeHidden: true }).waitFor({ state: 'attached' });
}

/** Wait until the page has its h1 and nothing is loading any more. */
export async function settled(page) {
  await page.locator('h1').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('.kompas-loading'));
}

/** axe's results on the page for `runOnly` (axe's option: tags or rules), with axe injected first. */
export async function runAxe(page, runOnly) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(
    // @ts-ignore axe is injected above
    (only) => window.axe.run(document, { runOnly: only }),
    runOnly,
  );
}

/** Run axe (WCAG 2.0/2.1 A and AA, and best practices) on the page; any violation fails. */
export async function checkA11y(page, name) {
  await settled(page);
  const result = await runAxe(page, { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] });
  const violations = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
  );
  assert.deepEqual(violations, [], `axe found violations on ${name}:\n${violations.join('\n')}`);
}

/** Save a full-page screenshot as e2e/screenshots/<name>.png, for review. */
export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/**
 * The API as one of the demo users: for preparing data, or for changing it behind the browser's
 * back (a concurrent edit). Every answer is `{ status, body, etag }`.
 */
export async function apiAs(role = 'admin') {
  const response = await fetch(`${baseUrl}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: users[role], password }),
    signal: AbortSignal.timeout(15_000),
  });
  assert.equal(response.status, 200, `login of ${role} through the API failed`);
  const { access_token: token } = /** @type {{ access_token: string }} */ (await response.json());
  /** @param {string} method @param {string} path @param {{ body?: unknown, etag?: string | null }} [options] */
  const call = async (method, path, { body, etag } = {}) => {
    /** @type {Record<string, string>} */
    const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (etag) headers['If-Match'] = etag;
    const answer = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await answer.text();
    return { status: answer.status, body: text ? JSON.parse(text) : null, etag: answer.headers.get('ETag') };
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, { body }),
    /** Read the record for its ETag, then change it with If-Match. */
    patch: async (path, body) => {
      const current = await call('GET', path);
      return call('PATCH', path, { body, etag: current.etag });
    },
    put: async (path, body) => {
      const current = await call('GET', path);
      return call('PUT', path, { body, etag: current.etag });
    },
  };
}

/** A name no earlier run used, so flows can create records without clashing. */
export function unique(prefix) {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}
