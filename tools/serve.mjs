// serve.mjs — a small static server for the demo clinic site and the tests, plus the fake
// tracker server (tools/fake-trackers.mjs). Node built-ins only.
//
//   node tools/serve.mjs          (what `make demo` runs)
//     PORT=8080 TRACKER_PORT=8081 by default; the site's tracker URLs (https://mc.yandex.ru/…)
//     are rewritten to the fake tracker server, whose hits are printed as they happen. The
//     receipts server (target/release/soglasie-server, built by `make demo`) runs beside them
//     on 127.0.0.1:8787 with target/demo-receipts.db,
//     for the site's two addresses, and stops with them; the served /soglasie.json gets its
//     `receipts.endpoint`.
//
//   import { startServers } from './tools/serve.mjs'   (tests: bind port 0, log off)
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, extname, isAbsolute, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rewriteTrackerUrls, startFakeTrackerServer } from './fake-trackers.mjs';

/** The repository root (this file lives in <root>/tools/). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const DEFAULT_ROOTS = Object.freeze({ '/soglasie/': 'dist', '/': 'www/demo' });

export const CONTENT_TYPES = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.gif': 'image/gif',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
});

const NOT_FOUND = `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Страница не найдена</title>
</head>
<body>
<h1>404 — страница не найдена</h1>
<p>Такой страницы нет. <a href="/">На главную</a></p>
</body>
</html>
`;

function normaliseRoots(roots) {
  return Object.entries(roots)
    .map(([prefix, dir]) => {
      let p = String(prefix);
      if (!p.startsWith('/')) p = `/${p}`;
      if (!p.endsWith('/')) p = `${p}/`;
      const abs = isAbsolute(String(dir)) ? resolve(String(dir)) : resolve(REPO_ROOT, String(dir));
      return { prefix: p, dir: abs };
    })
    .sort((a, b) => b.prefix.length - a.prefix.length);
}

function within(dir, file) {
  return file === dir || file.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

// Maps a request path to a file, or null. Decodes percent-escapes once and refuses anything
// that could leave the root: `..` segments (raw or %2e%2e), backslashes, NUL, and symlinks
// pointing outside.
async function locate(roots, rawPath) {
  let path;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  if (path.split('/').some((seg) => seg === '..' || seg === '.')) return null;
  const hit = roots.find((r) => path.startsWith(r.prefix) || `${path}/` === r.prefix);
  if (!hit) return null;
  const rest = path.slice(hit.prefix.length);
  const file = resolve(hit.dir, `.${sep}${rest}`);
  if (!within(hit.dir, file)) return null;
  let st;
  try {
    st = await stat(file);
  } catch {
    return null;
  }
  if (st.isDirectory()) {
    if (!path.endsWith('/')) return { redirect: `${path}/` };
    return locateFile(hit.dir, join(file, 'index.html'));
  }
  return locateFile(hit.dir, file);
}

async function locateFile(dir, file) {
  try {
    const [realDir, realFile] = await Promise.all([realpath(dir), realpath(file)]);
    if (!within(realDir, realFile)) return null;
    const st = await stat(realFile);
    return st.isFile() ? { file: realFile } : null;
  } catch {
    return null;
  }
}

/** The .br or .gz copy beside `file` that `acceptEncoding` allows (brotli first), or null. */
async function compressedCopy(file, acceptEncoding = '') {
  const accepted = acceptEncoding.split(',').map((e) => e.trim().split(';')[0]);
  for (const [encoding, suffix] of [['br', '.br'], ['gzip', '.gz']]) {
    if (!accepted.includes(encoding)) continue;
    try {
      return { encoding, body: await readFile(file + suffix) };
    } catch {
      // no such copy: try the next, or send the file itself
    }
  }
  return null;
}

function listen(server, port, host) {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok(server.address().port);
    });
  });
}

function shownHost(host) {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Starts the static site server and the fake tracker server.
 * @param {object} [options]
 * @param {number} [options.port=0] site port (0 = any free port)
 * @param {number} [options.trackerPort=0] fake tracker server port
 * @param {string} [options.host='127.0.0.1']
 * @param {Record<string,string>} [options.roots] URL prefix → directory (relative to the repo
 *   root or absolute); longest prefix wins. Default {'/soglasie/': 'dist', '/': 'www/demo'}.
 * @param {boolean} [options.rewriteTrackers=false] rewrite https://<tracker host>/ in HTML and
 *   JSON responses to the fake tracker server
 * @param {Record<string,string>} [options.headers={}] extra headers on every HTML response
 * @param {object} [options.configExtras] members added to the served /soglasie.json (the demo's
 *   receipts endpoint, which only `make demo` has a server for)
 * @param {boolean} [options.precompressed=false] send a file's .br or .gz copy beside it, when
 *   the browser takes that encoding (as nginx's brotli_static/gzip_static do: `make demo`)
 * @param {boolean} [options.log=false] print tracker hits
 * @returns {Promise<{url: string, trackerUrl: string, port: number, trackerPort: number,
 *   hits: {time: string, host: string, path: string}[], close: () => Promise<void>}>}
 */
export async function startServers({
  port = 0,
  trackerPort = 0,
  host = '127.0.0.1',
  roots = DEFAULT_ROOTS,
  rewriteTrackers = false,
  headers = {},
  configExtras = null,
  precompressed = false,
  log = false,
} = {}) {
  const table = normaliseRoots(roots);
  const trackers = await startFakeTrackerServer({ port: trackerPort, host, log });
  const trackerUrl = trackers.url;

  const server = createServer(async (req, res) => {
    const base = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
    const send = (status, type, body, extra = {}) => {
      const isHtml = type.startsWith('text/html');
      res.writeHead(status, {
        ...base,
        ...(isHtml ? headers : {}),
        ...extra,
        'Content-Type': type,
        'Content-Length': Buffer.byteLength(body),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(405, 'text/plain; charset=utf-8', 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
        return;
      }
      const raw = (req.url || '/').split('?')[0].split('#')[0];
      const found = raw.startsWith('/') ? await locate(table, raw) : null;
      if (found && found.redirect) {
        const query = (req.url || '').includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
        send(301, 'text/plain; charset=utf-8', 'Moved\n', { Location: found.redirect + query });
        return;
      }
      if (!found) {
        send(404, CONTENT_TYPES['.html'], NOT_FOUND);
        return;
      }
      const ext = extname(found.file).toLowerCase();
      const type = CONTENT_TYPES[ext] || 'application/octet-stream';
      let body = await readFile(found.file);
      if (configExtras && raw === '/soglasie.json') {
        body = Buffer.from(JSON.stringify({ ...JSON.parse(body.toString('utf8')), ...configExtras }, null, 2), 'utf8');
      }
      if (rewriteTrackers && (ext === '.html' || ext === '.htm' || ext === '.json')) {
        body = Buffer.from(rewriteTrackerUrls(body.toString('utf8'), trackerUrl), 'utf8');
      }
      const copy = precompressed && await compressedCopy(found.file, req.headers['accept-encoding']);
      if (copy) {
        send(200, type, copy.body, { 'Content-Encoding': copy.encoding, Vary: 'Accept-Encoding' });
        return;
      }
      send(200, type, body);
    } catch (e) {
      if (!res.headersSent) send(500, 'text/plain; charset=utf-8', `Internal error: ${e && e.message}\n`);
      else res.destroy();
    }
  });

  let sitePort;
  try {
    sitePort = await listen(server, port, host);
  } catch (e) {
    await trackers.close();
    throw e;
  }
  const url = `http://${shownHost(host)}:${sitePort}`;
  return {
    url,
    trackerUrl,
    port: sitePort,
    trackerPort: trackers.port,
    hits: trackers.hits,
    close: async () => {
      await Promise.all([
        new Promise((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
        trackers.close(),
      ]);
    },
  };
}

function portFromEnv(name, fallback) {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`Ошибка: ${name}=${v} — не номер порта / Error: ${name}=${v} is not a port number`);
    process.exit(2);
  }
  return n;
}

/** The receipts server's port (the served config's receipts.endpoint names it). */
const RECEIPTS_PORT = 8787;

/**
 * Starts soglasie-server on SQLite for the demo (the privacy page's «Ваши согласия» reads
 * it), allowing the site's two addresses. Resolves to the child process, or null when the
 * binary is missing or the server stops at once (the site runs anyway, and says so).
 */
async function startReceiptsServer(port, sitePort) {
  const binary = join(REPO_ROOT, 'target', 'release', 'soglasie-server');
  if (!existsSync(binary)) {
    console.warn('Внимание: нет target/release/soglasie-server — согласия не сохраняются (make demo его собирает) / Warning: no receipts server, run `cargo build --release -p soglasie-server`');
    return null;
  }
  const args = [
    '--listen', `127.0.0.1:${port}`,
    '--database', `sqlite://${join(REPO_ROOT, 'target', 'demo-receipts.db')}`,
    '--origin', `http://127.0.0.1:${sitePort}`,
    '--origin', `http://localhost:${sitePort}`,
  ];
  // Its own errors (a busy port, say) are one line on stderr: shown as they are.
  const child = spawn(binary, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, RUST_LOG: process.env.RUST_LOG || 'warn' } });
  const exited = new Promise((done) => child.once('exit', () => done(true)));
  const early = await Promise.race([exited, new Promise((done) => setTimeout(() => done(false), 500))]);
  if (early) {
    console.warn('Внимание: сервер согласий не запустился, см. строку выше / Warning: the receipts server did not start, see the line above');
    return null;
  }
  return child;
}

function stopChild(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

async function main() {
  const port = portFromEnv('PORT', 8080);
  const trackerPort = portFromEnv('TRACKER_PORT', 8081);
  const host = process.env.HOST || '127.0.0.1';
  if (!existsSync(join(REPO_ROOT, 'dist', 'soglasie.js'))) {
    console.warn('Внимание: нет dist/soglasie.js — сначала выполните `make dist` / Warning: dist/soglasie.js is missing, run `make dist` first');
  }
  let s;
  try {
    // The demo's config posts receipts to the server started below (www/demo/soglasie.json
    // itself has none: the tests serve it without a receipts server).
    const configExtras = { receipts: { endpoint: `http://127.0.0.1:${RECEIPTS_PORT}/v1/receipts` } };
    s = await startServers({ port, trackerPort, host, rewriteTrackers: true, configExtras, precompressed: true, log: true });
  } catch (e) {
    if (e && e.code === 'EADDRINUSE') {
      const which = e.port === trackerPort ? 'TRACKER_PORT' : 'PORT';
      console.error(`Ошибка: порт ${e.port} уже занят, задайте другой через ${which}=… / Error: port ${e.port} is already in use, choose another with ${which}=…`);
    } else {
      console.error(`Ошибка запуска / Cannot start: ${e && e.message}`);
    }
    process.exit(1);
  }
  const receipts = await startReceiptsServer(RECEIPTS_PORT, s.port);
  console.log(
    [
      '',
      `  Демо-сайт клиники / Demo clinic site:   ${s.url}/`,
      `  Фальшивые трекеры / Fake trackers:      ${s.trackerUrl}/`,
      ...(receipts ? [`  Сервер согласий / Receipts server:      http://127.0.0.1:${RECEIPTS_PORT}/ (target/demo-receipts.db)`] : []),
      '  Обращения к трекерам печатаются ниже — до согласия их быть не должно.',
      '  Tracker hits are printed below — there should be none before consent.',
      '  Остановить / Stop: Ctrl+C',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(0);
    stopping = true;
    console.log('\nОстановлено / Stopped.');
    Promise.all([s.close(), stopChild(receipts)]).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

const invoked = process.argv[1] && (() => {
  try {
    return pathToFileURL(resolve(process.argv[1])).href === import.meta.url;
  } catch {
    return false;
  }
})();
if (invoked) main();
