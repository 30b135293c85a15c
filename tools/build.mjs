// Builds dist/ (run via `make dist`):
//   soglasie-app.js + soglasie.wasm   the module: `wasm-pack build --target no-modules`
//                                      (wasm-bindgen's glue as a classic script, which a
//                                      non-parser-inserted <script> may load under any CSP the
//                                      boot runs under; wasm-opt -Oz from npm's binaryen)
//   soglasie.js                       the boot: blocker and window.soglasie, with the catalog's
//                                      URL table (esbuild, minified); loads the module
//   soglasie-inline.html              the same boot as an inline snippet, with its CSP hash
//   soglasie.schema.json              the config's JSON Schema (`soglasie schema`), for editors
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Nearly every function of the boot and the glue runs on every page view, so their first line
// asks V8 (Chrome 136+, explicit compile hints) to compile the whole script at once, off the
// main thread while it streams in, instead of each function on the main thread at its first
// call; other engines read a comment.
const COMPILE_HINT = '//# allFunctionsCalledOnLoad';
const dist = join(root, 'dist');
const pkg = join(root, 'target', 'pkg');
const home = process.env.HOME || '/root';
// wasm-pack finds wasm-opt (npm's binaryen) and the wasm-bindgen CLI (cargo install) on PATH.
const PATH = [join(root, 'node_modules', '.bin'), join(home, '.cargo', 'bin'), process.env.PATH].join(':');

// The build id: a digest of every source the module and the boot are made of. The boot
// carries it, the module is compiled with it (SOGLASIE_BUILD, src/web/mod.rs) and refuses
// another boot's; the glue and the .wasm are asked for with it (`?v=`), so a cache never
// mixes builds.
function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? sources(path) : [path];
  }).sort();
}
const digest = createHash('sha256');
for (const file of [join(root, 'Cargo.toml'), join(root, 'Cargo.lock'), ...sources(join(root, 'src')), ...sources(join(root, 'www')).filter((f) => f.endsWith('.js'))]) {
  digest.update(file.slice(root.length)).update('\0').update(readFileSync(file)).update('\0');
}
const buildId = digest.digest('hex').slice(0, 10);

// The module: the smallest build (nightly's panic=immediate-abort, std rebuilt: no panic
// messages or formatting reach the module; no source locations either) when a nightly
// toolchain with rust-src is there, stable otherwise. A panic traps either way, which leaves
// everything held (fail closed).
function wasmPack(toolchain) {
  const args = ['build', '--target', 'no-modules', '--out-dir', pkg, '--out-name', 'soglasie-app', '--no-typescript', '--no-pack', '--profile', 'wasm'];
  const env = { ...process.env, PATH, SOGLASIE_BUILD: buildId };
  if (toolchain === 'nightly') {
    execFileSync('rustup', ['run', 'nightly', 'wasm-pack', 'build', '.', ...args.slice(1), '-Z', 'build-std=std,panic_abort'], {
      cwd: root, stdio: 'inherit', env: { ...env, RUSTFLAGS: '-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none', CARGO_TARGET_DIR: join(root, 'target', 'nightly') },
    });
  } else {
    execFileSync('wasm-pack', args, { cwd: root, stdio: 'inherit', env });
  }
}
rmSync(pkg, { recursive: true, force: true });
let toolchain = process.env.SOGLASIE_STABLE ? 'stable' : 'nightly';
try {
  wasmPack(toolchain);
} catch {
  console.warn('build: no nightly toolchain with rust-src; building the module with stable (larger)');
  toolchain = 'stable';
  wasmPack(toolchain);
}
// The size check holds each build to its own ceiling (tools/size.mjs).
writeFileSync(join(root, 'target', 'soglasie-toolchain.txt'), toolchain);

// From nothing: a site copies dist/ as it is, so no file of an earlier build may linger.
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
// The glue as wasm-bindgen writes it, minified (a classic script: its one global,
// `wasm_bindgen`, keeps its name).
const glue = readFileSync(join(pkg, 'soglasie-app.js'), 'utf8');
const minifiedGlue = (await transform(glue, { minify: true, target: 'es2020', legalComments: 'none' })).code;
if (!/\blet wasm_bindgen\b/.test(minifiedGlue)) throw new Error('the glue no longer declares wasm_bindgen: see www/load-app.js');
writeFileSync(join(dist, 'soglasie-app.js'), `${COMPILE_HINT}\n${minifiedGlue}`);
copyFileSync(join(pkg, 'soglasie-app_bg.wasm'), join(dist, 'soglasie.wasm'));

// The blocker's host table comes from the Rust catalog (one source).
const catalogHosts = execFileSync('cargo', ['run', '--quiet', '--bin', 'soglasie', '--', 'hosts'], { cwd: root, encoding: 'utf8' }).trim();
// The config's JSON Schema, from the Rust types: editors complete and check configs with it.
const schema = execFileSync('cargo', ['run', '--quiet', '--bin', 'soglasie', '--', 'schema'], { cwd: root, encoding: 'utf8' });
writeFileSync(join(dist, 'soglasie.schema.json'), schema);
const bundle = (entry, extra = {}) => build({
  define: { SOGLASIE_CATALOG_HOSTS: catalogHosts, SOGLASIE_BUILD: JSON.stringify(buildId) },
  entryPoints: [join(root, 'www', entry)],
  bundle: true,
  format: 'iife',
  minify: true,
  target: 'es2020',
  legalComments: 'none',
  ...extra,
});
const eager = { banner: { js: COMPILE_HINT } };
await bundle('soglasie.js', { outfile: join(dist, 'soglasie.js'), ...eager });
const inline = (await bundle('inline.js', { write: false, ...eager })).outputFiles[0].text.trim();
if (inline.includes('</')) throw new Error('the inline snippet must not contain "</"');
const hash = createHash('sha256').update(inline).digest('base64');
writeFileSync(join(dist, 'soglasie-inline.html'), `<!-- soglasie, inline form: the first script in <head>. Edit the two attributes, never the code.
     Content-Security-Policy: script-src 'sha256-${hash}' (this exact code) or a nonce attribute. -->
<script data-soglasie-app="/soglasie/soglasie-app.js" data-config="/soglasie.json">${inline}</script>
`);
console.log(`build ${buildId}; dist/soglasie-inline.html: CSP hash 'sha256-${hash}'`);
for (const f of ['soglasie.js', 'soglasie-app.js', 'soglasie.wasm', 'soglasie-inline.html', 'soglasie.schema.json']) {
  console.log(`dist/${f}: ${statSync(join(dist, f)).size} bytes`);
}
