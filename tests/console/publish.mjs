// Real-browser test of the Airlock console: signs in, changes a tool's tier in the register
// editor, publishes, and saves screenshots of the dashboard, the register and the publish
// result. Driven by server/tests/browser.rs; runnable by hand against any server:
//
//   node tests/console/publish.mjs URL ADMIN PASSWORD SCREENSHOT_DIR [TOOL_ID] [TIER]
//
// Uses the system Chromium (/usr/bin/chromium, or $CHROMIUM). Exits non-zero with a message
// on any failure; on success prints `PUBLISHED <version>` on stdout.

import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const [url, admin, password, shots, toolId = 'deepseek', tier = '2'] = process.argv.slice(2);
if (!url || !admin || !password || !shots) {
  console.error('usage: node publish.mjs URL ADMIN PASSWORD SCREENSHOT_DIR [TOOL_ID] [TIER]');
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`publish.mjs: FAILED: no Chromium at ${executablePath} (apt-get install -y chromium, or set CHROMIUM)`);
  process.exit(1);
}
mkdirSync(shots, { recursive: true });
const userDataDir = mkdtempSync(path.join(tmpdir(), 'airlock-chromium-'));
const problems = [];
let context;
let step = 'starting Chromium';

async function shot(page, name, fullPage = true) {
  const file = path.join(shots, name);
  await page.screenshot({ path: file, fullPage });
  console.error(`publish.mjs: saved ${file}`);
}

try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport: { width: 1360, height: 900 },
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20000);
  // The console must work under its Content-Security-Policy without script errors.
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`browser console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });

  step = 'signing in';
  await page.goto(`${url}/console/login`);
  await page.fill('input[name="name"]', admin);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForURL(`${url}/console/`), page.click('button[type="submit"]')]);
  const h1 = (await page.textContent('main h1'))?.trim();
  if (h1 !== 'Overview') throw new Error(`expected the Overview page after signing in, got "${h1}"`);
  await page.waitForSelector('svg[aria-label^="Incidents per day"]');
  await shot(page, 'dashboard.png');

  step = `changing the tier of ${toolId} to ${tier}`;
  await page.goto(`${url}/console/tools`);
  const form = page.locator(`form[data-tool="${toolId}"]`);
  if ((await form.count()) !== 1) throw new Error(`tool ${toolId} is not in the register editor`);
  await form.locator('select[name="tier"]').selectOption(tier);
  await Promise.all([page.waitForURL(/\/console\/tools\?saved=\d+/), form.locator('button[type="submit"]').click()]);
  const shown = (await page.locator(`#tool-${toolId} .tag`).first().textContent())?.trim();
  if (shown !== tier) throw new Error(`the register shows tier ${shown} for ${toolId} after saving, not ${tier}`);
  // The register is long: show the saved notice and the changed row.
  await page.evaluate((id) => document.getElementById(`tool-${id}`)?.scrollIntoView({ block: 'center' }), toolId);
  await shot(page, 'register.png', false);

  step = 'publishing';
  await page.goto(`${url}/console/policy`);
  await Promise.all([page.waitForSelector('#bundle-version'), page.click('#publish button[type="submit"]')]);
  const version = (await page.textContent('#bundle-version'))?.trim();
  if (!/^\d+$/.test(version ?? '')) throw new Error(`no bundle version on the publish result page: "${version}"`);
  await shot(page, 'publish.png');

  if (problems.length) throw new Error(problems.join('\n'));
  console.log(`PUBLISHED ${version}`);
} catch (e) {
  console.error(`publish.mjs: FAILED while ${step}: ${e?.message ?? e}`);
  process.exitCode = 1;
} finally {
  if (context) await context.close().catch(() => {});
  rmSync(userDataDir, { recursive: true, force: true });
}
