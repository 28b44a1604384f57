import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, baseUrl, checkA11y, login, newPage, runAxe, screenshot, settled, useBrowser, viewports } from '../harness.mjs';

const browser = useBrowser();

/** The Utrecht brand red (#cc0000) that the footer used to show. */
const UTRECHT_RED = 'rgb(204, 0, 0)';

async function demoMapId() {
  const api = await apiAs('admin');
  const maps = (await api.get(`/role-maps?q=${encodeURIComponent('Schulden en armoede')}`)).body.items;
  const map = maps.find((m) => m.title === 'Schulden en armoede');
  assert.ok(map, 'the demo role map exists');
  return map.id;
}

/** Tab from where the focus is until it reaches `locator` (at most `max` presses). */
async function tabTo(page, locator, max = 10) {
  for (let i = 0; i < max; i += 1) {
    if (await locator.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail('Tab did not reach the element');
}

/** The menu button, and the navigation it folds away (hidden from everyone while closed). */
function menu(page) {
  return {
    button: page.getByRole('button', { name: 'Menu' }),
    nav: page.locator('nav.kompas-nav'),
  };
}

test('on a phone a page starts with its heading, and the menu opens and closes with the keyboard', async () => {
  const mapId = await demoMapId();
  const page = await newPage(browser(), { viewport: viewports.phone });
  await login(page, 'coordinator');

  for (const [path, name] of [
    ['/', 'home'],
    ['/agenda', 'agenda'],
    [`/role-maps/${mapId}`, 'role map'],
  ]) {
    await page.goto(path);
    await settled(page);
    const { button, nav } = menu(page);

    // The header is one line (name and menu button); the page's h1 is on the first screen.
    const heading = await page.locator('main h1').boundingBox();
    assert.ok(heading && heading.y >= 0 && heading.y + heading.height <= viewports.phone.height, `the h1 of ${name} is on the first screen: ${JSON.stringify(heading)}`);
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.equal(await button.getAttribute('aria-controls'), 'kompas-menu');
    assert.ok(await nav.isHidden(), 'the navigation is folded away');
    await checkA11y(page, `${name} on a phone, menu closed`);
    await screenshot(page, `phone-${name.replace(' ', '-')}`);

    // Keyboard: Tab to the button (past the skip link), which shows its focus; Enter opens.
    await tabTo(page, button);
    const outline = await button.evaluate((element) => getComputedStyle(element).outlineStyle);
    assert.notEqual(outline, 'none', 'the focused menu button shows its focus');
    await page.keyboard.press('Enter');
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    await nav.waitFor({ state: 'visible' });
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Start', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
    await checkA11y(page, `${name} on a phone, menu open`);
    if (path === '/') await screenshot(page, 'phone-menu-open');

    // Escape, from inside the menu, closes it and puts the focus back on the button.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Escape');
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    await nav.waitFor({ state: 'hidden' });
    assert.ok(await button.evaluate((element) => element === document.activeElement), 'the focus is back on the menu button');

    // Space opens it as well, and the button closes it again.
    await page.keyboard.press('Space');
    await nav.waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await nav.waitFor({ state: 'hidden' });
  }

  // A link in the menu leads to its page, and the menu is closed there.
  const { button, nav } = menu(page);
  await button.focus();
  await page.keyboard.press('Enter');
  const link = page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Vraagstukken', exact: true });
  await tabTo(page, link, 20);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === '/questions');
  await page.getByRole('heading', { level: 1, name: 'Vraagstukken' }).waitFor();
  assert.equal(await button.getAttribute('aria-expanded'), 'false');
  assert.ok(await nav.isHidden());
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('a wide screen shows the navigation as before, without the menu button', async () => {
  const page = await newPage(browser());
  await login(page, 'coordinator');
  await settled(page);
  assert.ok(await menu(page).button.isHidden());
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Agenda', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
  // The navigation bar reaches the window's edges without a horizontal scrollbar.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth));
  await page.context().close();
});

test('the default theme is neutral: the footer is not the Utrecht red, and the colours pass the contrast check', async () => {
  const mapId = await demoMapId();
  // The theme is a file next to the built app, served as it is (an operator may replace it).
  const theme = await fetch(`${baseUrl}/theme.css`);
  assert.equal(theme.status, 200);
  assert.match(theme.headers.get('content-type') ?? '', /^text\/css/);

  for (const viewport of [viewports.desktop, viewports.phone]) {
    const page = await newPage(browser(), { viewport });
    await login(page, 'coordinator');
    for (const path of ['/', '/agenda', `/role-maps/${mapId}`, '/agenda/new']) {
      await page.goto(path);
      await settled(page);
      const footer = await page.locator('footer').evaluate((element) => {
        const style = getComputedStyle(element);
        return { color: style.backgroundColor, image: style.backgroundImage };
      });
      assert.notEqual(footer.color, UTRECHT_RED, `the footer of ${path} is not the Utrecht red`);
      assert.equal(footer.image, 'none', 'no red stripes over it either');
      const [r, g, b] = footer.color.match(/\d+/g).map(Number);
      assert.ok(Math.max(r, g, b) - Math.min(r, g, b) <= 16, `the footer is a neutral grey: ${footer.color}`);

      const contrast = await runAxe(page, { type: 'rule', values: ['color-contrast'] });
      const failing = contrast.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`));
      assert.deepEqual(failing, [], `colour contrast on ${path} (${viewport.width}px)`);
      assert.ok(contrast.passes.length > 0, 'the contrast check looked at the text');
    }
    await page.context().close();
  }
});

test("a municipality's own theme.css replaces the default's colours", async () => {
  const page = await newPage(browser());
  // What an operator does by replacing theme.css next to the built app, done here in the browser.
  await page.route('**/theme.css', (route) =>
    route.fulfill({
      contentType: 'text/css',
      body: ':root { --utrecht-page-footer-background-color: rgb(0, 90, 50); --utrecht-page-footer-color: #fff; --kompas-nav-background-color: rgb(0, 90, 50); }',
    }),
  );
  await login(page, 'coordinator');
  await settled(page);
  assert.equal(await page.locator('footer').evaluate((element) => getComputedStyle(element).backgroundColor), 'rgb(0, 90, 50)');
  assert.equal(await page.locator('nav.kompas-nav').evaluate((element) => getComputedStyle(element).backgroundColor), 'rgb(0, 90, 50)');
  // A token the theme leaves out keeps the value of the bundled base tokens.
  const base = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--utrecht-button-primary-action-background-color'));
  assert.notEqual(base.trim(), '');
  await page.context().close();
});
