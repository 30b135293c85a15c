// Safari's Intelligent Tracking Prevention caps a cookie written by script to 7 days; one a
// server sets in `Set-Cookie` keeps its lifetime. Proven in WebKit (Debian's MiniBrowser, under
// xvfb) with ITP on — outside WebDriver, which turns ITP off — reading the cookie's expiry from
// MiniBrowser's cookie file: on the site alone the choice's cookie lives 7 days; with
// soglasie-server on the site's own origin (the front door), its answer to the receipt makes it
// live the consent's 365 days.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSite } from './browsers.mjs';
import { buildServer, freePort, frontDoor, startServer } from './receipts-server.mjs';
import { MINIBROWSER } from './webkit.mjs';

const DAY = 86400;

let dir;
let site;
before(async () => {
  buildServer();
  dir = mkdtempSync(join(tmpdir(), 'soglasie-itp-'));
  site = await startSite();
});
after(async () => {
  await site?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The `soglasie` cookie in MiniBrowser's cookie file (libsoup's moz_cookies table): its value
 * and the seconds it has left, or null. */
function stored(cookiesFile) {
  if (!existsSync(cookiesFile)) return null;
  const read = spawnSync('python3', ['-c', `
import json, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
row = db.execute("select value, expiry from moz_cookies where name = 'soglasie'").fetchone()
print(json.dumps(row and {"value": row[0], "left": row[1] - time.time()}))
`, cookiesFile], { encoding: 'utf8' });
  return read.status === 0 ? JSON.parse(read.stdout) : null;
}

/** Opens `url` in MiniBrowser with ITP on and a fresh cookie file; returns the cookie once
 * `done(cookie)` holds (or after 30 s). */
async function visit(url, done) {
  const cookiesFile = join(dir, `cookies-${Math.random().toString(36).slice(2)}.sqlite`);
  const browser = spawn('xvfb-run', ['-a', MINIBROWSER, '--enable-itp', `--cookies-file=${cookiesFile}`, url], {
    detached: true,
    stdio: 'ignore',
  });
  try {
    let cookie = null;
    for (let i = 0; i < 300 && !(cookie && done(cookie)); i++) {
      await sleep(100);
      cookie = stored(cookiesFile);
    }
    return cookie;
  } finally {
    try {
      process.kill(-browser.pid, 'SIGTERM');
    } catch { /* gone already */ }
  }
}

test('in WebKit with ITP on, a cookie written by script lives 7 days; the same-origin server makes it last the consent', async (t) => {
  assert.ok(MINIBROWSER, 'WebKit\'s MiniBrowser (apt libwebkit2gtk-4.1-0, installed by tools/setup.sh)');
  const alone = await visit(`${site.url}/fixtures/itp.html`, () => true);
  assert.ok(alone, 'the module wrote the cookie');
  t.diagnostic(`written by script: expires in ${(alone.left / DAY).toFixed(3)} days`);
  assert.ok(alone.left > 7 * DAY - 120 && alone.left <= 7 * DAY, `capped to 7 days: ${alone.left / DAY} days`);

  const port = await freePort();
  const door = await frontDoor(site.url, `http://127.0.0.1:${port}`);
  const server = await startServer({ port, database: join(dir, 'receipts.db'), origin: door.url });
  try {
    const lasting = await visit(`${door.url}/fixtures/itp.html`, (c) => c.left > 30 * DAY);
    assert.equal(door.setCookies.length, 1, 'the server answered the receipt with the cookie');
    t.diagnostic(`set by the server: expires in ${(lasting.left / DAY).toFixed(3)} days`);
    assert.ok(lasting.left > 365 * DAY - 120 && lasting.left <= 365 * DAY, `the consent's lifetime: ${lasting.left / DAY} days`);
    assert.equal(door.setCookies[0].split(';')[0], `soglasie=${lasting.value}`);
  } finally {
    await door.close();
    await server.stop();
  }
});
