// The npm package (`npm pack`, after `make dist`): what it holds, and that a project installing
// it gets working types for `window.soglasie` and its events (`tsc --noEmit`), in a scratch
// project outside the repo, offline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

test('npm pack holds dist/, the schema and the types — and nothing else of the repo', () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
  const [pack] = JSON.parse(out);
  assert.equal(pack.filename, `soglasie-${version}.tgz`);
  const files = pack.files.map((f) => f.path).sort();
  // Each file of dist/ with its gzip and brotli copies (tools/build.mjs).
  const dist = ['soglasie-app.js', 'soglasie-declaration.wasm', 'soglasie-diagnostics.wasm', 'soglasie-inline.html', 'soglasie-later.wasm', 'soglasie-shared-declaration-later.wasm', 'soglasie.js', 'soglasie.schema.json', 'soglasie.wasm']
    .flatMap((f) => [`dist/${f}`, `dist/${f}.br`, `dist/${f}.gz`]);
  assert.deepEqual(files, ['README.md', ...dist, 'package.json', 'types/soglasie.d.ts'].sort());
});

test('installed into a project, the package gives it dist/ and types that catch misuse', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'soglasie-consumer-'));
  try {
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', scratch], { cwd: root, stdio: 'ignore' });
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'clinic-site', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', `./soglasie-${version}.tgz`], { cwd: scratch, stdio: 'ignore' });
    for (const file of ['soglasie.js', 'soglasie-app.js', 'soglasie.wasm', 'soglasie-later.wasm', 'soglasie-declaration.wasm', 'soglasie-shared-declaration-later.wasm', 'soglasie-diagnostics.wasm', 'soglasie.schema.json']) {
      assert.ok(existsSync(join(scratch, 'node_modules', 'soglasie', 'dist', file)), file);
    }
    const check = (code) => {
      writeFileSync(join(scratch, 'site.ts'), code);
      return spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'es2020', '--lib', 'es2020,dom', '--module', 'nodenext', '--moduleResolution', 'nodenext', 'site.ts'], { cwd: scratch, encoding: 'utf8' });
    };
    const good = check(`import type { SoglasieConsent } from 'soglasie';
await window.soglasie.ready;
const now: SoglasieConsent = window.soglasie.consent();
if (!now.categories.includes('analytics') && !now.sensitive) window.soglasie.accept(['analytics']);
window.soglasie.accept('all');
document.addEventListener('soglasie:change', (event) => {
  const id: string | null = event.detail.id;
  console.log(id, event.detail.at, event.detail.policy);
});
export {};
`);
    assert.equal(good.status, 0, good.stdout + good.stderr);
    // The types are real: misuse does not compile.
    for (const [bad, error, why] of [
      ["import 'soglasie'; window.soglasie.accept(5); export {};", 'TS2345', 'accept takes "all" or ids'],
      ["import 'soglasie'; const d: boolean = window.soglasie.consent().at; export {};", 'TS2322', 'at is a string or null'],
      ["import 'soglasie'; document.addEventListener('soglasie:change', (e) => e.detail.nope); export {};", 'TS2339', 'the event detail is consent()'],
    ]) {
      const r = check(bad);
      assert.notEqual(r.status, 0, `${why}: compiled`);
      assert.match(r.stdout, new RegExp(`error ${error}`), `${why}: ${r.stdout}`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
