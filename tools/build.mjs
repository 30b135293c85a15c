// Builds dist/: the Wasm module (cargo → wasm-bindgen → wasm-opt -Oz) and soglasie.js (the
// loader bundled with the wasm-bindgen glue by esbuild, minified). Run via `make dist`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, copyFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'node_modules', '.bin');
const pkg = join(root, 'target', 'pkg');
const dist = join(root, 'dist');

function run(cmd, args) {
  execFileSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
}

run('cargo', ['build', '--lib', '--features', 'slim', '--profile', 'wasm', '--target', 'wasm32-unknown-unknown', '--quiet']);
rmSync(pkg, { recursive: true, force: true });
run('wasm-bindgen', [
  join(root, 'target', 'wasm32-unknown-unknown', 'wasm', 'soglasie.wasm'),
  '--out-dir', pkg, '--target', 'web', '--no-typescript',
  '--remove-name-section', '--remove-producers-section', '--omit-default-module-path', // the loader passes the .wasm URL itself
]);
mkdirSync(dist, { recursive: true });
run('wasm-opt', [join(pkg, 'soglasie_bg.wasm'), '-Oz', '--converge', '--low-memory-unused', '--zero-filled-memory', '--strip-debug', '--strip-producers',
  '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue',
  '-o', join(dist, 'soglasie.wasm')]);
// The blocker's host table comes from the Rust catalog (one source of truth).
const catalogHosts = execFileSync('cargo', ['run', '--quiet', '--bin', 'soglasie', '--', 'hosts'], { cwd: root, encoding: 'utf8' }).trim();
await build({
  define: { SOGLASIE_CATALOG_HOSTS: catalogHosts },
  entryPoints: [join(root, 'www', 'soglasie.js')],
  alias: { 'soglasie-wasm': join(pkg, 'soglasie.js') },
  bundle: true,
  format: 'iife',
  minify: true,
  target: 'es2019',
  legalComments: 'none',
  outfile: join(dist, 'soglasie.js'),
});
for (const f of ['soglasie.js', 'soglasie.wasm']) {
  console.log(`dist/${f}: ${statSync(join(dist, f)).size} bytes`);
}
