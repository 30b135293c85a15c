// soglasie-server for the end-to-end tests (receipts.test.mjs, demo-receipts.test.mjs): the
// debug binary, built if needed, on a free loopback port with SQLite in a folder the caller
// owns; the front door that puts it on the site's origin. Node built-ins only.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = new URL('../..', import.meta.url).pathname;
const BINARY = join(ROOT, 'target', 'debug', 'soglasie-server');

/** Builds the server (a no-op when it is up to date). */
export function buildServer() {
  const build = spawnSync('cargo', ['build', '--quiet', '-p', 'soglasie-server'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
}

/** A loopback port nothing listens on now. */
export function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts soglasie-server on `port` with the SQLite file `database`, allowing `origin`;
 * resolves once it answers /healthz. The browser and a test's polling share one address, so
 * the per-address rate limit (the server's own tests cover it) is off unless `rateLimit` says
 * otherwise (`null`: the server's default, as `make demo` runs it). */
export async function startServer({ port, database, origin, rateLimit = 0 }) {
  const args = ['--listen', `127.0.0.1:${port}`, '--database', `sqlite://${database}`, '--origin', origin];
  if (rateLimit !== null) args.push('--rate-limit', String(rateLimit));
  const child = spawn(BINARY, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch { /* not up yet */ }
    if (child.exitCode !== null) throw new Error(`soglasie-server exited: ${stderr}`);
    await sleep(50);
  }
  return {
    url,
    endpoint: `${url}/v1/receipts`,
    async receiptsOf(id) {
      const r = await fetch(`${url}/v1/receipts/${id}`);
      assert.equal(r.status, 200);
      return r.json();
    },
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGTERM');
    }),
  };
}

/** The site and soglasie-server on one origin, as a clinic's web server puts them (docs/serving.md): `/soglasie/v1/…` goes to `server` as `/v1/…`, everything else to `site`. Records
 * each `Set-Cookie` the server answers with. */
export async function frontDoor(site, server) {
  const setCookies = [];
  const front = http.createServer((request, response) => {
    const toServer = request.url.startsWith('/soglasie/v1/');
    const target = new URL(toServer ? request.url.slice('/soglasie'.length) : request.url, toServer ? server : site);
    const upstream = http.request(target, { method: request.method, headers: { ...request.headers, host: target.host } }, (answer) => {
      if (toServer) setCookies.push(...(answer.headers['set-cookie'] ?? []));
      response.writeHead(answer.statusCode, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => response.writeHead(502).end());
    request.pipe(upstream);
  });
  await new Promise((resolve) => front.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${front.address().port}`,
    setCookies,
    close: () => new Promise((resolve) => {
      front.closeAllConnections();
      front.close(resolve);
    }),
  };
}
