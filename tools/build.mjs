// Builds dist/ (run via `make dist`):
//   soglasie-app.js + soglasie.wasm   the module as a first visit needs it (the banner, the
//                                      gate), and wasm-bindgen's glue as a classic script
//   soglasie-later.wasm, …            the module's parts loaded when used (src/web/later.rs);
//                                      all split by wasm-split-cli, wasm-opt -Oz (npm's binaryen)
//   soglasie.js                       the boot: blocker and window.soglasie, with the catalog's
//                                      URL table (esbuild, minified); loads the module
//   soglasie-inline.html              the same boot as an inline snippet, with its CSP hash
//   soglasie.schema.json              the config's JSON Schema (`soglasie schema`), for editors
//   *.gz, *.br                        each file compressed (gzip -9, brotli 11), to be served
//                                      as it is measured
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

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

// The module, in parts (src/web/later.rs): what a first visit needs in soglasie.wasm, what
// only some visitors use in parts fetched when used. wasm-pack has no step between cargo and
// wasm-bindgen, where the splitter must run (it reads the linker's relocations), so these are
// wasm-pack's steps written out: cargo, then wasm-split-cli (the splitter behind Leptos's
// `#[lazy]`), then wasm-bindgen, then wasm-opt on each part. `wasm-pack test` is unaffected:
// the tests build without the `split` feature.
//
// The smallest build (nightly's panic=immediate-abort, std rebuilt: no panic messages or
// formatting reach the module; no source locations either) when a nightly toolchain with
// rust-src is there, stable otherwise. A panic traps either way, which leaves everything held
// (fail closed).
const split = join(root, 'target', 'split');
const tools = { cwd: root, stdio: 'inherit', env: { ...process.env, PATH, SOGLASIE_BUILD: buildId } };
function cargoBuild(toolchain) {
  const args = ['build', '--lib', '--target', 'wasm32-unknown-unknown', '--profile', 'wasm', '--features', 'split', '--quiet'];
  // The splitter needs the linker's relocations.
  const relocs = '-Clink-args=--emit-relocs';
  if (toolchain === 'nightly') {
    const target = join(root, 'target', 'nightly');
    execFileSync('rustup', ['run', 'nightly', 'cargo', ...args, '-Z', 'build-std=std,panic_abort'], {
      ...tools, env: { ...tools.env, RUSTFLAGS: `${relocs} -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none`, CARGO_TARGET_DIR: target },
    });
    return join(target, 'wasm32-unknown-unknown', 'wasm', 'soglasie.wasm');
  }
  execFileSync('cargo', args, { ...tools, env: { ...tools.env, RUSTFLAGS: relocs } });
  return join(root, 'target', 'wasm32-unknown-unknown', 'wasm', 'soglasie.wasm');
}
let toolchain = process.env.SOGLASIE_STABLE ? 'stable' : 'nightly';
let linked;
try {
  linked = cargoBuild(toolchain);
} catch {
  console.warn('build: no nightly toolchain with rust-src; building the module with stable (larger)');
  toolchain = 'stable';
  linked = cargoBuild(toolchain);
}
// The size check holds each build to its own ceiling (tools/size.mjs).
writeFileSync(join(root, 'target', 'soglasie-toolchain.txt'), toolchain);

rmSync(split, { recursive: true, force: true });
rmSync(pkg, { recursive: true, force: true });
execFileSync('wasm-split-cli', [linked, split, '--target', 'web', '--out-name', 'soglasie-app'], tools);
let loader = readFileSync(join(split, '__wasm_split.js'), 'utf8');
// Code that two parts share comes in a chunk of its own, which the splitter's loader fetches
// with either; it names the parts that use it: /* declaration, later */ const __chunk_4 = …
const chunkUsers = Object.fromEntries([...loader.matchAll(/\/\* ([\w, ]+) \*\/\nconst __(chunk_\d+) = /g)].map((m) => [m[2], m[1].split(', ').sort()]));
// The split-off parts, by the names dist/ gives them: split_later → soglasie-later, and a
// chunk by the parts that share it (stable across builds, unlike its number):
// chunk_4 → soglasie-shared-declaration-later.
const parts = readdirSync(split).filter((f) => f.endsWith('.wasm') && f !== 'soglasie-app.wasm').map((f) => {
  const stem = f.slice(0, -'.wasm'.length);
  if (/^chunk_/.test(stem) && !chunkUsers[stem]) throw new Error(`build: wasm-split-cli's loader changed (no users named for ${stem})`);
  const name = chunkUsers[stem] ? `soglasie-shared-${chunkUsers[stem].join('-')}` : `soglasie-${stem.replace(/^split_/, '').replace(/_/g, '-')}`;
  return { stem, name };
});
// What each part needs fetched with it: prefetching a part fetches its chunks too
// (www/fetch-part.js), so «Настроить» never waits for a chunk's round trip.
const partNeeds = {};
for (const [stem, users] of Object.entries(chunkUsers)) {
  for (const user of users) (partNeeds[`soglasie-${user}`] ||= []).push(parts.find((p) => p.stem === stem).name);
}
// --keep-lld-exports: the parts reach the main module through what the linker exported.
execFileSync('wasm-bindgen', [join(split, 'soglasie-app.wasm'), '--target', 'web', '--keep-lld-exports', '--no-demangle', '--no-typescript', '--out-dir', pkg, '--out-name', 'soglasie-app'], tools);

// The splitter's loader, pointed at fetch-part.js (names with the build, any server's type)
// and made quiet: a part that fails says so once, from Rust, in words (src/web/later.rs).
const patch = (pattern, replace, expected) => {
  const found = loader.match(pattern) || [];
  if (found.length !== expected) throw new Error(`build: wasm-split-cli's loader changed (${pattern}: ${found.length} found, ${expected} expected)`);
  loader = loader.replace(pattern, replace);
};
patch(/fetch\(new URL\("\.\/([\w-]+)\.wasm", import\.meta\.url\)\)/g, (_, stem) => `fetchPart(${JSON.stringify(parts.find((p) => p.stem === stem).name)})`, parts.length);
patch(/console\.error\(e\);/g, '', 1);
writeFileSync(join(pkg, '__wasm_split.js'), `import { fetchPart } from ${JSON.stringify(join(root, 'www', 'fetch-part.js'))};\n${loader}`);

// From nothing: a site copies dist/ as it is, so no file of an earlier build may linger.
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
// The glue, its loader and fetch-part.js as one classic script that declares `wasm_bindgen`,
// as wasm-bindgen's no-modules glue did (the boot calls it): a <script> the boot creates may
// load it under any CSP the boot runs under.
// Its exports are the glue's and fetch-part.js's prefetchPart (the boot's handle calls it).
const wasmBindgenGlue = JSON.stringify(join(pkg, 'soglasie-app.js'));
writeFileSync(join(pkg, 'entry.js'), `export * from ${wasmBindgenGlue};\nexport { default } from ${wasmBindgenGlue};\nexport { prefetchPart } from ${JSON.stringify(join(root, 'www', 'fetch-part.js'))};\n`);
const glue = (await build({
  entryPoints: [join(pkg, 'entry.js')],
  bundle: true,
  format: 'iife',
  globalName: 'wasm_bindgen',
  minify: true,
  target: 'es2020',
  legalComments: 'none',
  write: false,
  logLevel: 'error',
  // The glue's own default address of the .wasm is never used: the boot hands it one.
  define: { SOGLASIE_BUILD: JSON.stringify(buildId), SOGLASIE_PART_NEEDS: JSON.stringify(partNeeds), 'import.meta.url': 'document.baseURI' },
})).outputFiles[0].text.replace(/^var wasm_bindgen=/, 'let wasm_bindgen=');
if (!/^let wasm_bindgen=/.test(glue)) throw new Error('the glue no longer declares wasm_bindgen: see www/load-app.js');
writeFileSync(join(dist, 'soglasie-app.js'), `${COMPILE_HINT}\n${glue}`);
const WASM_OPT = ['-Oz', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals'];
const optimise = (from, to) => execFileSync('wasm-opt', [...WASM_OPT, from, '-o', to], tools);
optimise(join(pkg, 'soglasie-app_bg.wasm'), join(dist, 'soglasie.wasm'));
for (const part of parts) optimise(join(split, `${part.stem}.wasm`), join(dist, `${part.name}.wasm`));

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
// Compressed copies beside each file, as a server sends them (nginx gzip_static and
// brotli_static, Apache's rewrite rules: docs/serving.md): gzip -9
// and brotli at its best, so no server compresses on the fly, and worse.
for (const f of readdirSync(dist)) {
  const bytes = readFileSync(join(dist, f));
  writeFileSync(join(dist, `${f}.gz`), gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }));
  writeFileSync(join(dist, `${f}.br`), brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_LGWIN]: constants.BROTLI_MAX_WINDOW_BITS,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  }));
}
console.log(`build ${buildId}; dist/soglasie-inline.html: CSP hash 'sha256-${hash}'`);
for (const f of ['soglasie.js', 'soglasie-app.js', 'soglasie.wasm', ...parts.map((p) => `${p.name}.wasm`), 'soglasie-inline.html', 'soglasie.schema.json']) {
  console.log(`dist/${f}: ${statSync(join(dist, f)).size} bytes`);
}
