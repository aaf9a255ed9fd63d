// Visits pages of Prefect's UI in headless Chromium and reports what each page asked of the API.
//
//   node visit.mjs PLAN.json
//
// PLAN.json (written by UiBrowserTest): {"base": "http://127.0.0.1:PORT", "chromium": "/usr/bin/chromium",
//   "out": "DIR", "settleMs": N, "drawMs": N, "pages": [{"ui": "v1"|"v2", "name": "...", "path": "/...",
//   "waitFor": "CSS selector of a part drawn late, optional"}]}
// Writes DIR/report.json: per page, every API call (method, path, status), the console errors, the
// uncaught page errors, whether the page shows an error card (and its text), whether the waitFor part
// appeared, and DIR/<ui>-<name>.png.
// Exits 0 when it could visit every page (the test judges the report), 1 when the browser failed.
import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
mkdirSync(plan.out, { recursive: true });

// Flags that work on a closed network (no background connections to Google's hosts).
const browser = await chromium.launch({
  executablePath: plan.chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  timeout: plan.launchTimeoutMs,
});

// What a page shows when it failed: V2's error boundary card and load failures, V1's error states.
const ERROR_TEXTS = ['Something went wrong', 'Failed to load', 'Not Found', 'Error loading', 'An error occurred'];

const report = { pages: [] };
try {
  for (const ui of ['v1', 'v2']) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    await context.addCookies([{ name: 'prefect_ui_version', value: ui, url: plan.base }]);
    for (const spec of plan.pages.filter((p) => p.ui === ui)) {
      const page = await context.newPage();
      const entry = { ui, name: spec.name, path: spec.path, calls: [], consoleErrors: [], externalErrors: [], pageErrors: [],
        errorCard: null, millis: 0 };
      const started = Date.now();
      page.on('response', (response) => {
        const url = new URL(response.url());
        if (url.origin === plan.base && url.pathname.startsWith('/api/')) {
          const call = { method: response.request().method(), path: url.pathname, status: response.status() };
          if (response.status() >= 400) {
            call.body = (response.request().postData() ?? '').slice(0, 300);
          }
          entry.calls.push(call);
        }
      });
      page.on('requestfailed', (request) => {
        const url = new URL(request.url());
        if (url.origin === plan.base && url.pathname.startsWith('/api/')) {
          entry.calls.push({ method: request.method(), path: url.pathname, status: 0, failure: request.failure()?.errorText });
        }
      });
      page.on('console', (message) => {
        if (message.type() === 'error') {
          // What the closed network refuses (fonts and the like from other hosts) is kept apart, and
          // so is the analytics library's own report of its refused requests to amplitude.com.
          const source = message.location()?.url ?? '';
          const external = (source.startsWith('http') && !source.startsWith(plan.base))
              || message.text().startsWith('Amplitude Logger [Error]: Failed to fetch');
          (external ? entry.externalErrors : entry.consoleErrors).push(message.text().slice(0, 300) + (source ? ' (' + source + ')' : ''));
        }
      });
      page.on('pageerror', (error) => entry.pageErrors.push(String(error).slice(0, 500)));
      try {
        await page.goto(plan.base + spec.path, { waitUntil: 'load', timeout: plan.pageTimeoutMs });
        // The UIs load data after the page's own load; wait until the network has been quiet, bounded
        // (some pages poll, so the network may never stay quiet for long).
        await page.waitForLoadState('networkidle', { timeout: plan.settleMs }).catch(() => {});
        await page.waitForTimeout(plan.quietMs);
        if (spec.waitFor) {
          // A part drawn after its data arrives, from a chunk loaded on demand (the run graph's canvas):
          // the network may be idle before it exists. Wait for it (bounded), then let it draw.
          entry.waitedFor = spec.waitFor;
          entry.found = await page.waitForSelector(spec.waitFor, { state: 'visible', timeout: plan.pageTimeoutMs })
            .then(() => true, () => false);
          if (entry.found) {
            await page.waitForLoadState('networkidle', { timeout: plan.settleMs }).catch(() => {});
            await page.waitForTimeout(plan.drawMs);
          }
        }
        const body = await page.locator('body').innerText({ timeout: plan.pageTimeoutMs });
        entry.errorCard = ERROR_TEXTS.find((text) => body.includes(text)) ?? null;
        entry.title = await page.title();
        await page.screenshot({ path: join(plan.out, `${ui}-${spec.name}.png`), fullPage: false });
        // A card that came up while the screenshot was taken (V2 shows it once a query's retries give up).
        const after = await page.locator('body').innerText({ timeout: plan.pageTimeoutMs });
        entry.errorCard ??= ERROR_TEXTS.find((text) => after.includes(text)) ?? null;
      } catch (error) {
        entry.pageErrors.push('visit failed: ' + String(error).slice(0, 300));
      }
      entry.millis = Date.now() - started;
      report.pages.push(entry);
      await page.close();
    }
    await context.close();
  }
} finally {
  await browser.close();
}
writeFileSync(join(plan.out, 'report.json'), JSON.stringify(report, null, 1));
