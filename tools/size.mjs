// Size check: what each kind of visit downloads from dist/, gzip -9 and brotli (the .gz and
// .br copies the build writes, as a server sends them), each with its status:
//   first visit        every file fetched before the banner shows: the boot, the module's glue,
//                      the module's first part
//   second part        the part loaded when used (src/web/later.rs) with the code it shares
//                      with the declaration: fetched when the page is idle, or at «Настроить» —
//                      which should open the dialog within 500 ms
//   declaration        fetched only by a page with data-soglasie="declaration" (the policy's
//                      cookie section), with the code it shares with the second part
//   diagnostics        fetched only for a config whose shape is wrong
//   returning visitor  before its trackers are released: the first visit's files (nothing,
//                      from the HTTP cache, when the site serves them as docs/serving.md says)
// Fails when dist/ is incomplete, or the first visit is over its regression ceiling.
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

// ../shared/DESIGN.md: on Lighthouse's mobile profile every 10 KB costs ~55 ms before the
// banner; the budget puts the banner before tarteaucitron's, the target before Klaro's.
const BUDGET = 96 * 1024;
const TARGET = 64 * 1024;
// What the mobile profile (1.6 Mbit/s, 150 ms a round trip) carries in the 350 ms left of the
// 500 ms in which «Настроить» should open the dialog when the part is not there yet.
const SECOND_PART_BUDGET = 64 * 1024;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const toolchainFile = join(root, 'target', 'soglasie-toolchain.txt');
const toolchain = existsSync(toolchainFile) ? readFileSync(toolchainFile, 'utf8').trim() : 'nightly';
// The budget is not met (docs/size.md). Until it is, the check fails above a ceiling a few per
// cent over what each build measured on 2026-12-06, with the module in parts.
const CEILING = toolchain === 'stable' ? 145_000 : 128_000;
const dist = join(root, 'dist');
const FIRST_VISIT = ['soglasie.js', 'soglasie-app.js', 'soglasie.wasm'];
// A part with the chunks it shares with others (tools/build.mjs names them by their users).
const SHARED = 'soglasie-shared-declaration-later.wasm';
const groups = [
  ['first visit', FIRST_VISIT],
  ['second part', ['soglasie-later.wasm', SHARED]],
  ['declaration', ['soglasie-declaration.wasm', SHARED]],
  ['diagnostics', ['soglasie-diagnostics.wasm']],
];

function size(file) {
  const path = join(dist, file);
  for (const p of [path, `${path}.gz`, `${path}.br`]) {
    if (!existsSync(p)) {
      console.error(`size: dist/${p.slice(dist.length + 1)} is missing; run make dist`);
      process.exit(1);
    }
  }
  return { raw: readFileSync(path).length, gzip: readFileSync(`${path}.gz`).length, brotli: readFileSync(`${path}.br`).length };
}

const pad = (n, w) => String(n).padStart(w);
const totals = {};
console.log(`from dist/ (${toolchain} build)                     raw   gzip -9    brotli`);
for (const [name, files] of groups) {
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const f of files) {
    const s = size(f);
    for (const k of Object.keys(total)) total[k] += s[k];
    console.log(`  ${f.padEnd(40)} ${pad(s.raw, 7)} ${pad(s.gzip, 9)} ${pad(s.brotli, 9)}`);
  }
  totals[name] = total;
  console.log(`  ${('= ' + name).padEnd(40)} ${pad(total.raw, 7)} ${pad(total.gzip, 9)} ${pad(total.brotli, 9)}`);
}

const status = (bytes, limit) => (bytes <= limit ? 'met' : `NOT MET, ${bytes - limit} B over`);
const first = totals['first visit'].gzip;
const second = totals['second part'].gzip;
console.log(`first visit: ${first} B gzip (${totals['first visit'].brotli} B brotli); budget ${BUDGET} B: ${status(first, BUDGET)}; target ${TARGET} B: ${status(first, TARGET)}`);
console.log(`second part: ${second} B gzip; within 500 ms of «Настроить» on the mobile profile (${SECOND_PART_BUDGET} B): ${status(second, SECOND_PART_BUDGET)}`);
console.log(`declaration: ${totals.declaration.gzip} B gzip, only on a page with data-soglasie="declaration"`);
console.log(`diagnostics: ${totals.diagnostics.gzip} B gzip, only for a config whose shape is wrong`);
console.log(`returning visitor: ${first} B gzip before its trackers are released (budget ${BUDGET} B: ${status(first, BUDGET)}), or 0 B from the HTTP cache; the second part follows when idle`);
if (first > CEILING) {
  console.error(`size: first-visit download is ${first} B gzip, over the ${CEILING} B regression ceiling`);
  process.exit(1);
}
