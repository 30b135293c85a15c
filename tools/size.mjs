// Size check: prints the gzip size of everything a first visit downloads from dist/ and
// fails above the budget. The dialog's CSS is inside the Wasm, so these are all of it.
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync, constants } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUDGET = 60 * 1024; // issue 2; the performance issue tightens this to 16 KB
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const files = ['soglasie.js', 'soglasie.wasm'];

let total = 0;
console.log('first visit, from dist/        raw     gzip -9');
for (const f of files) {
  const path = join(dist, f);
  if (!existsSync(path)) {
    console.error(`size: dist/${f} is missing; run make dist`);
    process.exit(1);
  }
  const raw = readFileSync(path);
  const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION }).length;
  total += gz;
  console.log(`  ${f.padEnd(26)} ${String(raw.length).padStart(7)} ${String(gz).padStart(9)}`);
}
console.log(`  ${'total'.padEnd(26)} ${''.padStart(7)} ${String(total).padStart(9)}  (budget ${BUDGET})`);
if (total > BUDGET) {
  console.error(`size: first-visit download is ${total} B gzip, over the ${BUDGET} B budget`);
  process.exit(1);
}
