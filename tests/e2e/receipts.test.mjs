// Receipts of consent, end to end: the browser module posts one per decision to the real
// soglasie-server (SQLite in a temporary folder), in Chromium, Firefox ESR and WebKit, and the
// server's `GET /v1/receipts/{id}` — what the demo's «Ваши согласия» reads — gives them back.
// A receipt has the consent id, the policy hash, the categories, the kind of decision and
// where it was made (no query string; only the origin on a page about an illness). When the
// server cannot be reached, the receipt waits in localStorage and goes from a later page.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ENGINES } from './browsers.mjs';
import { until } from './harness.mjs';
import { buildServer, freePort, frontDoor, startServer as start } from './receipts-server.mjs';

const DEMO = JSON.parse(readFileSync(new URL('../../www/demo/soglasie.json', import.meta.url), 'utf8'));
const VERSION = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

let dir;
before(() => {
  buildServer();
  dir = mkdtempSync(join(tmpdir(), 'soglasie-receipts-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** The server on `port`, its database `name` in the temporary folder. */
const startServer = (port, name, origin) => start({ port, database: join(dir, name), origin });

/** The routes of a visitor whose pages (tests/e2e/fixtures/receipts*.html) post receipts to
 * `endpoint`. */
function routes(endpoint) {
  const config = { operator: DEMO.operator, policy: DEMO.policy, services: DEMO.services, receipts: { endpoint } };
  return { '/receipts-config.json': { contentType: 'application/json; charset=utf-8', body: JSON.stringify(config) } };
}

/** Polls the server until `id` has `n` receipts; returns them (newest first). */
async function receipts(server, id, n) {
  let list = [];
  for (let i = 0; i < 200 && list.length < n; i++) {
    list = await server.receiptsOf(id);
    if (list.length < n) await sleep(50);
  }
  return list;
}

const queued = (v) => v.evaluate(() => JSON.parse(localStorage.getItem('soglasie.receipts') ?? '[]'));

/** The queue once it is empty, or after 5 s: the page takes a receipt off it when the answer
 * reaches it, a moment after the server has stored it. */
async function drained(v) {
  for (let i = 0; i < 100 && (await queued(v)).length > 0; i++) await sleep(50);
  return queued(v);
}

describe('receipts', { concurrency: ENGINES.length }, () => {
  for (const [label, launcher] of ENGINES) {
    test(`in ${label}`, async (t) => {
      const browser = await launcher();
      const origin = new URL(browser.url).origin;
      const server = await startServer(await freePort(), `${label}.db`, origin);
      try {
        await t.test('every decision and the withdrawal leave a receipt the server gives back', async () => {
          const v = await browser.newVisitor(routes(server.endpoint), { passOrigins: [server.url] });
          try {
            await v.open('/fixtures/receipts.html?utm_source=yandex#top');
            assert.equal(await v.evaluate(() => window.soglasie.consent().decided), false);
            await v.click('accept');
            const { id, policy } = await v.evaluate(() => window.soglasie.consent());
            assert.equal((await receipts(server, id, 1)).length, 1);
            await v.evaluate(() => window.soglasie.accept(['analytics']));
            await receipts(server, id, 2);
            await v.evaluate(() => window.soglasie.decline());
            await receipts(server, id, 3);
            await v.evaluate(() => window.soglasie.reset());
            const kept = await receipts(server, id, 4);
            assert.deepEqual(kept.map((r) => [r.kind, r.categories]).reverse(), [
              ['accept_all', ['necessary', 'functional', 'analytics', 'ads']],
              ['custom', ['necessary', 'analytics']],
              ['decline', ['necessary']],
              ['withdraw', ['necessary']],
            ]);
            for (const r of kept) {
              assert.equal(r.id, id);
              assert.equal(r.policy, policy);
              assert.equal(r.origin, origin);
              assert.equal(r.path, '/fixtures/receipts.html', 'no query string, no fragment');
              assert.equal(r.version, VERSION);
              assert.equal(r.renewal, false);
              assert.match(r.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
            }
            assert.deepEqual(await drained(v), [], 'nothing left waiting once the server has them');
          } finally {
            await v.close();
          }
        });

        await t.test('a decision made as the page goes away still reaches the server', async () => {
          // The click and the navigation in one task: the decision's work, waiting for a
          // paint that never comes, is done as the page leaves — its receipt by beacon, for
          // the next page runs no soglasie.
          const elsewhere = { '/elsewhere.html': '<!doctype html><title>elsewhere</title><p>no soglasie here' };
          const v = await browser.newVisitor({ ...routes(server.endpoint), ...elsewhere }, { passOrigins: [server.url] });
          try {
            await v.open('/fixtures/receipts.html');
            const id = await v.evaluate(() => {
              document.querySelector('[data-soglasie="banner"]').shadowRoot.querySelector('[data-action="decline"]').click();
              const { id } = window.soglasie.consent();
              location.href = '/elsewhere.html';
              return id;
            });
            const kept = await receipts(server, id, 1);
            assert.deepEqual(kept.map((r) => [r.kind, r.categories]), [['decline', ['necessary']]]);
          } finally {
            await v.close();
          }
        });

        await t.test("on the site's own origin the server's answer makes the cookie last the consent's lifetime", async () => {
          // Safari caps a cookie written by script to 7 days, not one from Set-Cookie.
          const port = await freePort();
          const door = await frontDoor(browser.url, `http://127.0.0.1:${port}`);
          const own = await startServer(port, `${label}-own.db`, door.url);
          const v = await browser.newVisitor(routes('/soglasie/v1/receipts'), { passOrigins: [door.url] });
          try {
            await v.open(`${door.url}/fixtures/receipts.html`);
            await v.click('accept');
            const { id } = await v.evaluate(() => window.soglasie.consent());
            assert.equal((await receipts(own, id, 1)).length, 1);
            await until(() => door.setCookies.length > 0, 5000);
            const [line] = door.setCookies;
            const value = await v.evaluate(() => document.cookie.match(/(?:^|; )soglasie=([^;]*)/)?.[1]);
            const match = /^soglasie=([^;]+); Max-Age=(\d+); Path=\/; SameSite=Lax$/.exec(line ?? '');
            assert.ok(match, `the answer's Set-Cookie: ${line}`);
            assert.equal(match[1], value, 'the value the module wrote');
            const year = 365 * 86400;
            assert.ok(Number(match[2]) > year - 60 && Number(match[2]) <= year, match[2]);
            // Withdrawn, the cookie is gone and the withdrawal's answer brings nothing back.
            await v.evaluate(() => window.soglasie.reset());
            await receipts(own, id, 2);
            assert.equal(door.setCookies.length, 1);
            assert.equal(await v.evaluate(() => document.cookie.includes('soglasie=')), false);
          } finally {
            await v.close();
            await door.close();
            await own.stop();
          }
        });

        await t.test('a page about an illness sends only its origin', async () => {
          const v = await browser.newVisitor(routes(server.endpoint), { passOrigins: [server.url] });
          try {
            await v.open('/fixtures/receipts-sensitive.html');
            await v.click('decline');
            const { id } = await v.evaluate(() => window.soglasie.consent());
            const [r] = await receipts(server, id, 1);
            assert.deepEqual([r.kind, r.origin, r.path], ['decline', origin, null]);
          } finally {
            await v.close();
          }
        });

        await t.test('with the server down, the receipt waits and goes from a later page', async () => {
          const port = await freePort();
          const endpoint = `http://127.0.0.1:${port}/v1/receipts`;
          const v = await browser.newVisitor(routes(endpoint), { passOrigins: [`http://127.0.0.1:${port}`] });
          let later;
          try {
            await v.open('/fixtures/receipts.html');
            await v.click('accept');
            const { id } = await v.evaluate(() => window.soglasie.consent());
            // The post fails (nothing listens); the receipt stays queued.
            let waiting = [];
            for (let i = 0; i < 100 && waiting.length === 0; i++) {
              waiting = await queued(v);
              await sleep(50);
            }
            await sleep(500);
            waiting = await queued(v);
            assert.equal(waiting.length, 1);
            assert.equal(JSON.parse(waiting[0]).id, id);
            later = await startServer(port, `${label}-later.db`, origin);
            await v.open('/fixtures/receipts-sensitive.html');
            const [r] = await receipts(later, id, 1);
            assert.equal(r.kind, 'accept_all');
            assert.deepEqual(await drained(v), [], 'settled once the server answered');
          } finally {
            await v.close();
            await later?.stop();
          }
        });
      } finally {
        await server.stop();
        await browser.close();
      }
    });
  }
});
