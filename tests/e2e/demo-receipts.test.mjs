// The demo as `make demo` runs it: the served /soglasie.json posts receipts to soglasie-server,
// and the privacy page's «Ваши согласия» shows the visitor's decisions from it, in a table.
// (The server is the debug build on a free port here; the page finds it through the config.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServers } from '../../tools/serve.mjs';
import { CHROMIUM_ARGS } from './harness.mjs';
import { buildServer, freePort, startServer } from './receipts-server.mjs';

test('make demo: decisions reach the receipts server and «Ваши согласия» lists them', async () => {
  buildServer();
  const dir = mkdtempSync(join(tmpdir(), 'soglasie-demo-receipts-'));
  const port = await freePort();
  const server = `http://127.0.0.1:${port}`;
  const site = await startServers({ port: 0, trackerPort: 0, rewriteTrackers: true, configExtras: { receipts: { endpoint: `${server}/v1/receipts` } } });
  const receipts = await startServer({ port, database: join(dir, 'demo.db'), origin: new URL(site.url).origin, rateLimit: null });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const config = await (await fetch(`${site.url}/soglasie.json`)).json();
    assert.deepEqual(config.receipts, { endpoint: `${server}/v1/receipts` });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site.url}/`);
    await page.locator('[data-soglasie="banner"]').getByRole('button', { name: 'Принять все' }).click();
    await page.goto(`${site.url}/privacy.html`);
    const frame = page.frameLocator('iframe.consents-frame');
    const rows = frame.locator('#consents-table tbody tr');
    await rows.first().waitFor({ timeout: 10000 });
    assert.equal(await rows.count(), 1);
    const { id, policy } = await page.evaluate(() => window.soglasie.consent());
    assert.match(await frame.locator('#consents-status').textContent(), new RegExp(`Номер вашего согласия: ${id}`));
    assert.match(await rows.first().textContent(), /Приняты все.*Необходимые, Функциональные, Аналитические, Рекламные/);
    assert.equal(await rows.first().locator('code').textContent(), policy);
    // A decision on the page itself: the table reads again once its receipt has arrived.
    await page.evaluate(() => window.soglasie.decline());
    await frame.locator('#consents-table tbody tr:nth-child(2)').waitFor({ timeout: 10000 });
    assert.match(await rows.first().textContent(), /Отказ/);
  } finally {
    await browser.close();
    await receipts.stop();
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
