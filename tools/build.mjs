// Builds dist/: the Wasm module (cargo → wasm-opt -Oz), soglasie.js (the boot: blocker and
// window.soglasie, with the catalog's URL table) and soglasie-app.js (the app: gate, effects,
// dialog DOM with the minified banner CSS), bundled and minified by esbuild; what loads only
// when a visitor opens the preferences dialog: soglasie-preferences.js (an ES module: its
// renderer, words and styles); and what loads only when a config has a problem:
// soglasie-check.wasm (the module that names them). Run via `make dist`. There is no wasm-bindgen:
// the module's whole interface is three functions (src/wasm.rs).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'node_modules', '.bin');
const dist = join(root, 'dist');

function run(cmd, args) {
  execFileSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
}

// The module is built with panic=immediate-abort (nightly, core and alloc rebuilt from
// source): no panic messages or formatting code reach it, ~0.4 KB gzip less. A panic traps
// either way (fail closed). Stable is the fallback when nightly or rust-src is missing.
// `features`: slim for soglasie.wasm; slim,diagnostics for soglasie-check.wasm (src/wasm.rs).
function buildModule(features) {
  const args = ['build', '--lib', '--features', features, '--profile', 'wasm', '--target', 'wasm32-unknown-unknown', '--quiet'];
  try {
    execFileSync('cargo', ['+nightly', ...args, '-Z', 'build-std=core,alloc', '--target-dir', join(root, 'target', 'nightly')], {
      cwd: root, stdio: 'inherit', env: { ...process.env, RUSTFLAGS: '-Zunstable-options -Cpanic=immediate-abort' },
    });
    return join(root, 'target', 'nightly', 'wasm32-unknown-unknown', 'wasm', 'soglasie.wasm');
  } catch {
    console.warn('build: no nightly toolchain with rust-src; building with stable (the module is ~0.4 KB gzip larger)');
    run('cargo', args);
    return join(root, 'target', 'wasm32-unknown-unknown', 'wasm', 'soglasie.wasm');
  }
}

// From nothing: a site copies dist/ as it is, so no file of an earlier build may linger.
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
// The module every page loads, and the one that names a config's problems (fetched only
// then). --flatten --rereloop first: binaryen rebuilds the control flow from scratch, which
// -Oz then packs ~0.2 KB gzip tighter than it packs LLVM's.
for (const [features, file] of [['slim', 'soglasie.wasm'], ['slim,diagnostics', 'soglasie-check.wasm']]) {
  run('wasm-opt', [buildModule(features),
    '--flatten', '--rereloop', '-Oz', '-Oz', '--converge', '--low-memory-unused', '--zero-filled-memory', '--strip-debug', '--strip-producers', '--strip-target-features',
    '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals',
    '-o', join(dist, file)]);
}
// The blocker's host table and the dialog's wording come from the Rust data (one source).
const cli = (command) => execFileSync('cargo', ['run', '--quiet', '--bin', 'soglasie', '--', command], { cwd: root, encoding: 'utf8' }).trim();
const catalogHosts = cli('hosts');
const minifiedCss = async (name) => (await transform(readFileSync(join(root, 'www', name), 'utf8'), { loader: 'css', minify: true })).code.trim();
const css = await minifiedCss('dialog.css');
// What the preferences' renderer brings: the dialog's words and styles.
const wording = cli('wording');
const preferencesCss = await minifiedCss('preferences.css');
// The boot and the app check that they are of one build (a cache may hold an older app); the
// lazily loaded files are asked for with the build id, so it covers them too.
const loaderSources = readdirSync(join(root, 'www')).filter((f) => f.endsWith('.js')).sort().map((f) => readFileSync(join(root, 'www', f), 'utf8'));
const buildId = createHash('sha256').update(readFileSync(join(dist, 'soglasie.wasm'))).update(readFileSync(join(dist, 'soglasie-check.wasm')))
  .update(catalogHosts).update(css).update([wording, preferencesCss, ...loaderSources].join('\0'))
  .digest('hex').slice(0, 10);
const bundle = (entry, extra = {}) => build({
  define: {
    SOGLASIE_CATALOG_HOSTS: catalogHosts, SOGLASIE_CSS: JSON.stringify(css), SOGLASIE_BUILD: JSON.stringify(buildId),
    SOGLASIE_WORDING: wording, SOGLASIE_PREFERENCES_CSS: JSON.stringify(preferencesCss),
  },
  entryPoints: [join(root, 'www', entry)],
  bundle: true,
  format: 'iife',
  minify: true,
  target: 'es2019',
  legalComments: 'none',
  ...extra,
});
// The classic tag and the inline form run the same boot; both then load the same app.
// Nearly every function of the boot and the app runs on every page view, so their first line
// asks V8 (Chrome 136+, explicit compile hints) to compile the whole script at once (off the
// main thread while a file streams in) instead of each function on the main thread at its first
// call: script time 7–39 % less in three same-run benchmarks (README), for 29 bytes; other
// engines read a comment.
const eager = { banner: { js: '//# allFunctionsCalledOnLoad' } };
await bundle('soglasie.js', { outfile: join(dist, 'soglasie.js'), ...eager });
await bundle('app-entry.js', { outfile: join(dist, 'soglasie-app.js'), ...eager });
// An ES module is always read as UTF-8, so its Russian needs no \\u escapes; the classic
// scripts keep them (a site served in windows-1251 would misread them otherwise).
await bundle('preferences.js', { outfile: join(dist, 'soglasie-preferences.js'), format: 'esm', charset: 'utf8' });
const inline = (await bundle('inline.js', { write: false, ...eager })).outputFiles[0].text.trim();
if (inline.includes('</')) throw new Error('the inline snippet must not contain "</"');
const hash = createHash('sha256').update(inline).digest('base64');
writeFileSync(join(dist, 'soglasie-inline.html'), `<!-- soglasie, inline form: the first script in <head>. Edit the two attributes, never the code.
     Content-Security-Policy: script-src 'sha256-${hash}' (this exact code) or a nonce attribute. -->
<script data-soglasie-app="/soglasie/soglasie-app.js" data-config="/soglasie.json">${inline}</script>
`);
console.log(`dist/soglasie-inline.html: CSP hash 'sha256-${hash}'`);
for (const f of ['soglasie.js', 'soglasie.wasm', 'soglasie-app.js', 'soglasie-inline.html', 'soglasie-preferences.js', 'soglasie-check.wasm']) {
  console.log(`dist/${f}: ${statSync(join(dist, f)).size} bytes`);
}
