// WebKit for the end-to-end tests: Debian's WebKitGTK (MiniBrowser) driven by WebKitWebDriver
// over W3C WebDriver, under xvfb (WebKitGTK has no true headless mode). WebDriver classic has
// no request interception, so each visitor's MiniBrowser sends every request through a proxy of
// its own that does what the other engines' interception does (harness.mjs `answer`): the site
// and the test's servers pass, tracker hosts get the local fake and are logged, the rest is
// refused. HTTPS goes through CONNECT to a TLS server with a throwaway certificate, which
// `acceptInsecureCerts` lets the session take. The page's console is not reachable this way
// (WebKitWebDriver has no BiDi): `consoleLines` stays empty, and the engine-wide tests check
// console lines in the other engines only.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { answer } from './harness.mjs';
import { freePort } from './receipts-server.mjs';

/** Debian's MiniBrowser: /usr/lib/<arch>/webkit2gtk-4.x/MiniBrowser. */
export const MINIBROWSER = readdirSync('/usr/lib', { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => ['4.1', '4.0'].map((v) => `/usr/lib/${d.name}/webkit2gtk-${v}/MiniBrowser`))
  .find((path) => existsSync(path));

/** WebDriver's codes for the keys the tests press (as Playwright names them). */
const KEYS = { Tab: '\uE004', Enter: '\uE007', Shift: '\uE008', Escape: '\uE00C', Space: ' ' };

/** A self-signed certificate for the proxy's TLS side (any host: the session accepts it). */
function certificate(dir) {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
    '-days', '2', '-subj', '/CN=soglasie fake trackers'], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`openssl: ${made.stderr}`);
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

/** Answers one proxied request as `decide(url, referer)` says: `{pass}`, `{fulfill}` or abort. */
function respond(request, response, url, decide) {
  const a = decide(url, request.headers.referer ?? null);
  if (a.fulfill) {
    const { status = 200, contentType, body = '', headers = {} } = a.fulfill;
    response.writeHead(status, { ...headers, ...(contentType ? { 'content-type': contentType } : {}) });
    return response.end(body);
  }
  if (!a.pass) return response.destroy();
  const target = new URL(url);
  const headers = { ...request.headers, host: target.host };
  delete headers['proxy-connection'];
  const upstream = http.request(target, { method: request.method, headers }, (answered) => {
    response.writeHead(answered.statusCode, answered.headers);
    answered.pipe(response);
  });
  upstream.on('error', () => response.destroy());
  request.pipe(upstream);
}

/** A forward proxy for one visitor; `decide(url, referer)` as in `respond`. */
async function startProxy(tls, decide) {
  const secure = https.createServer(tls, (request, response) =>
    respond(request, response, `https://${request.headers.host}${request.url}`, decide));
  const proxy = http.createServer((request, response) => respond(request, response, request.url, decide));
  // A tunnel is no longer the proxy's connection to close: kept to be ended with it.
  const tunnels = new Set();
  proxy.on('connect', (request, socket) => {
    tunnels.add(socket);
    socket.on('close', () => tunnels.delete(socket));
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    secure.emit('connection', socket);
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${proxy.address().port}`,
    close: () => new Promise((resolve) => {
      proxy.closeAllConnections();
      secure.closeAllConnections();
      for (const socket of tunnels) socket.destroy();
      proxy.close(() => resolve());
    }),
  };
}

/** A WebDriver session's commands (W3C WebDriver over HTTP). */
function session(base, id) {
  const command = async (method, path, body) => {
    const r = await fetch(`${base}/session/${id}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const { value } = await r.json();
    if (!r.ok) throw new Error(`WebDriver ${method} ${path}: ${value?.error}: ${value?.message}`);
    return value;
  };
  /** Runs `fn(arg)` in the page (awaiting a promise it returns) and gives back its value. */
  const evaluate = async (fn, arg) => {
    const script = `const done = arguments[arguments.length - 1];
      Promise.resolve().then(() => (${fn})(arguments[0]))
        .then((value) => done(value === undefined ? { undefined: true } : { value }), (e) => done({ error: String(e && e.stack || e) }));`;
    const result = await command('POST', '/execute/async', { script, args: [arg === undefined ? null : arg] });
    if (result?.error) throw new Error(`in the page: ${result.error}`);
    // As the other drivers give it: undefined and null stay apart.
    return result.undefined ? undefined : result.value;
  };
  return { command, evaluate };
}

/** Starts WebKitWebDriver (one per visitor: it drives one session at a time) under its own
 * xvfb display; resolves with its address and a way to stop it. */
async function startDriver() {
  const port = await freePort();
  const driver = spawn('xvfb-run', ['-a', 'WebKitWebDriver', `--port=${port}`], { detached: true, stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  const stop = () => {
    try {
      process.kill(-driver.pid, 'SIGTERM');
    } catch { /* gone already */ }
  };
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/status`)).ok) return { base, stop };
    } catch { /* not up yet */ }
    await sleep(100);
  }
  stop();
  throw new Error('WebKitWebDriver did not start (apt webkit2gtk-driver xvfb: tools/setup.sh)');
}

/** WebKit on `site` (browsers.mjs `launchWebKit` starts it); `close()` stops both. */
export async function webkitOn(site) {
  const origin = new URL(site.url).origin;
  const dir = mkdtempSync(join(tmpdir(), 'soglasie-webkit-'));
  const tls = certificate(dir);
  return {
    name: 'webkit',
    url: site.url,
    async newVisitor(extraRoutes = {}, { passOrigins = [] } = {}) {
      const hits = [];
      const requested = [];
      const proxy = await startProxy(tls, (url, referer) => {
        requested.push(url);
        return answer(url, [origin, ...passOrigins], extraRoutes, hits, { referer });
      });
      const driver = await startDriver();
      const created = await fetch(`${driver.base}/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          capabilities: {
            alwaysMatch: {
              acceptInsecureCerts: true,
              'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation', `--proxy=${proxy.url}`] },
            },
          },
        }),
      }).then((r) => r.json());
      const id = created.value?.sessionId;
      if (!id) {
        driver.stop();
        await proxy.close();
        throw new Error(`WebKitWebDriver: no session: ${JSON.stringify(created.value)}`);
      }
      const { command, evaluate } = session(driver.base, id);
      const ready = () => evaluate(() => window.soglasie.ready.then(() => null));
      // The other engines' pages are 1280×720.
      await command('POST', '/window/rect', { width: 1280, height: 720 });
      /** Clicks the element `find()` (run in the page) returns, as a pointer would. WebDriver
       * scrolls it to the bottom edge, under a banner: it is centred first. */
      const clickFound = async (find, arg) => {
        const script = `const found = (${find})(arguments[0]);
          found?.scrollIntoView({ block: 'center' });
          return found;`;
        const element = await command('POST', '/execute/sync', { script, args: [arg] });
        if (!element) throw new Error(`nothing to click: ${JSON.stringify(arg)}`);
        await command('POST', `/element/${Object.values(element)[0]}/click`, {});
      };
      return {
        hits,
        requested,
        consoleLines: [],
        async open(path) {
          await command('POST', '/url', { url: new URL(path, site.url).href });
          await ready();
        },
        evaluate,
        click: (action, part = 'banner') => clickFound(([part, action]) => {
          const host = document.querySelector(`[data-soglasie="${part}"]`);
          return (host?.shadowRoot ?? host)?.querySelector(`button[data-action="${action}"]`) ?? null;
        }, [part, action]),
        clickOn: (selector) => clickFound((s) => document.querySelector(s), selector),
        async follow(selector) {
          const before = await command('GET', '/url');
          await clickFound((s) => document.querySelector(s), selector);
          for (let i = 0; i < 100 && (await command('GET', '/url')) === before; i++) await sleep(50);
          await ready();
        },
        async press(key) {
          const [main, ...held] = key.split('+').reverse();
          const codes = held.reverse().map((k) => KEYS[k]);
          const actions = [
            ...codes.map((value) => ({ type: 'keyDown', value })),
            { type: 'keyDown', value: KEYS[main] }, { type: 'keyUp', value: KEYS[main] },
            ...codes.reverse().map((value) => ({ type: 'keyUp', value })),
          ];
          await command('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
        },
        wait: (ms) => sleep(ms),
        async close() {
          await command('DELETE', '', undefined).catch(() => {});
          driver.stop();
          await proxy.close();
        },
      };
    },
    async close() {
      await site.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
