import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { apiAs, baseUrl, checkA11y, newPage, screenshot, unique, useBrowser, viewports } from '../harness.mjs';

const browser = useBrowser();
// The stand-in intranet: KOMPAS_WIDGET_ORIGINS names this origin (e2e/run.mjs).
const intranetPort = Number(process.env.KOMPAS_E2E_INTRANET_PORT ?? 0);
const kompasOrigin = new URL(baseUrl).origin;

/** The intranet's page with the snippet of docs/feeds.md: the iframe and the height listener. */
function intranetPage(widgetUrl) {
  return `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Intranet – Sociaal domein</title></head>
<body>
<h1>Sociaal domein</h1>
<iframe id="kompas-widget" src="${widgetUrl}" title="Ervaringen en successen uit Kompas"
        width="100%" height="150" loading="lazy"></iframe>
<p>Meer nieuws</p>
<script>
  window.kompasHeights = [];
  window.addEventListener("message", function (event) {
    var frame = document.getElementById("kompas-widget");
    if (!frame || event.origin !== ${JSON.stringify(kompasOrigin)}) return;
    if (event.source !== frame.contentWindow) return;
    var data = event.data;
    if (!data || data.type !== "kompas-widget-height") return;
    var height = Number(data.height);
    window.kompasHeights.push(height);
    if (height > 0 && height < 10000) frame.style.height = Math.ceil(height) + "px";
  });
</script>
</body></html>`;
}

let intranet;
let organisationId;
let successTitle;
let experienceTitle;

before(async () => {
  const api = await apiAs('coordinator');
  organisationId = (await api.get('/me')).body.organisationId;
  successTitle = unique('Widgetsucces');
  experienceTitle = unique('Widgetervaring');
  const named = await api.post('/successes', { title: successTitle, achievedOn: '2026-11-02', visibility: 'published' });
  assert.equal(named.status, 201, JSON.stringify(named.body));
  const shared = await api.post('/experiences', {
    title: experienceTitle,
    whatWasLearned: 'Samen aan tafel werkt beter dan tien mails.',
    visibility: 'published',
  });
  assert.equal(shared.status, 201, JSON.stringify(shared.body));
  const widgetUrl = `${kompasOrigin}/api/v1/widget?organisation=${organisationId}`;
  intranet = createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(intranetPage(widgetUrl));
  });
  await new Promise((resolve) => intranet.listen(intranetPort, '127.0.0.1', resolve));
});

after(async () => {
  if (intranet) await new Promise((resolve) => intranet.close(resolve));
});

test('the intranet frames the widget, which fits its frame and follows its size', { skip: !intranetPort }, async () => {
  const page = await newPage(browser());
  await page.goto(`http://127.0.0.1:${intranetPort}/`);
  const widget = page.frameLocator('#kompas-widget');
  await widget.getByRole('link', { name: successTitle }).waitFor();
  await widget.getByRole('link', { name: experienceTitle }).waitFor();
  await page.waitForFunction(() => /** @type {any} */ (window).kompasHeights.length > 0);

  /** The frame's height and the height of the widget's content, in CSS pixels. */
  const sizes = () =>
    page.evaluate(() => {
      const frame = /** @type {HTMLIFrameElement} */ (document.getElementById('kompas-widget'));
      const inner = frame.contentDocument; // null: another origin, so ask the browser's layout
      return { frame: frame.clientHeight, crossOrigin: inner === null, last: /** @type {any} */ (window).kompasHeights.at(-1) };
    });
  const wide = await sizes();
  assert.ok(wide.crossOrigin, 'the widget is another origin than the intranet');
  assert.ok(wide.last > 150, `the widget reported its height (${wide.last})`);
  assert.equal(wide.frame, Math.ceil(wide.last), 'the frame took the height it was told');
  // No scroll bar inside the frame: the content is no taller than the frame.
  const frame = page.frames().find((f) => f.url().includes('/api/v1/widget'));
  assert.ok(frame);
  const inside = await frame.evaluate(() => ({ scroll: document.documentElement.scrollHeight, view: window.innerHeight }));
  assert.ok(inside.scroll <= inside.view, `no scroll bar (${inside.scroll} > ${inside.view})`);

  // On a phone the lines wrap, the widget grows, and it says so again (ResizeObserver).
  const reported = await page.evaluate(() => /** @type {any} */ (window).kompasHeights.length);
  await page.setViewportSize(viewports.phone);
  await page.waitForFunction((n) => /** @type {any} */ (window).kompasHeights.length > n, reported);
  await page.waitForFunction(() => {
    const frame = /** @type {HTMLIFrameElement} */ (document.getElementById('kompas-widget'));
    return frame.clientHeight === Math.ceil(/** @type {any} */ (window).kompasHeights.at(-1));
  });
  const narrow = await sizes();
  assert.ok(narrow.last > wide.last, `taller on a phone (${narrow.last} > ${wide.last})`);
  await screenshot(page, 'widget-in-intranet-phone');
  assert.deepEqual(page.consoleErrors, []);

  // A link opens the record in the whole window, never inside the frame (where the web app,
  // framed by no one, could not show).
  const link = widget.getByRole('link', { name: successTitle });
  assert.equal(await link.getAttribute('target'), '_top');
  await page.context().close();
});

test('a page of another origin cannot frame the widget', { skip: !intranetPort }, async () => {
  const page = await newPage(browser());
  // localhost is not 127.0.0.1: another origin, not in KOMPAS_WIDGET_ORIGINS.
  await page.goto(`http://localhost:${intranetPort}/`);
  await page.waitForLoadState('load');
  const frame = page.frames().find((f) => f !== page.mainFrame());
  assert.ok(frame);
  const shown = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
  assert.ok(!shown.includes(successTitle), 'the browser refused to show the widget');
  assert.deepEqual(await page.evaluate(() => /** @type {any} */ (window).kompasHeights), []);
  await page.context().close();
});

for (const [language, heading] of [
  ['nl', 'Ervaringen en successen'],
  ['en', 'Experiences and successes'],
]) {
  test(`the widget on its own is accessible and fits a phone (${language})`, async () => {
    for (const viewport of [viewports.desktop, viewports.phone]) {
      const page = await newPage(browser(), { language, viewport });
      await page.goto(`/api/v1/widget?organisation=${organisationId}&lang=${language}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      assert.equal(await page.getAttribute('html', 'lang'), language);
      await checkA11y(page, `the widget (${language}, ${viewport.width} px)`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= viewport.width, `no sideways scrolling (${width} px)`);
      if (viewport === viewports.phone) await screenshot(page, `widget-${language}-phone`);
      assert.deepEqual(page.consoleErrors, []);
      await page.context().close();
    }
  });
}
