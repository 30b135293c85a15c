// What the build writes into dist/ beyond the code itself. `make wasm-test` (after `make dist`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const dist = new URL('../dist/', import.meta.url);
const read = (file) => readFileSync(new URL(file, dist), 'utf8');
const HINT = '//# allFunctionsCalledOnLoad';

// V8 reads the hint only on a script's first line: a minifier, or a banner of another tool
// above it, would silently give every page view its main-thread compilation back.
test('the boot (the tag and the inline form) and the app ask V8 to compile them whole', () => {
  for (const file of ['soglasie.js', 'soglasie-app.js']) assert.equal(read(file).split('\n')[0], HINT, file);
  const inline = read('soglasie-inline.html').match(/<script data-soglasie-app="[^"]*" data-config="[^"]*">([^]*?)<\/script>/);
  assert.ok(inline, 'the inline form\'s tag');
  assert.equal(inline[1].split('\n')[0], HINT);
});
