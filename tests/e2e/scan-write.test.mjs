// `soglasie scan --write` closes the leaks no browser-side blocker can: a tracker written in
// the HTML (`<script src>`, `<iframe src>`, `<img src>`: the browser requests it before any
// script of the page runs) and the old counters' `document.write` while the page is parsed.
// Every official snippet of snippets.mjs, pasted unmodified in <head> and in <body>, is
// scanned and rewritten by the command line; then, in Chromium and Firefox ESR, the blocking
// matrix's known limits (`+1p`, `!`) are gone before consent, and the tracker still works once
// allowed. A second --write changes nothing, and each .bak is the page as it was.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { launchChromium, launchFirefox } from './browsers.mjs';
import { until } from './harness.mjs';
import { parserLoads } from './matrix-cases.mjs';
import { SNIPPETS, SNIPPET_VARIANTS, snippetPage, snippetSlug } from './snippets.mjs';
import { EXPECTED_HITS } from '../../tools/fake-trackers.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const QUIET_MS = 500;
const key = (h) => h.host + h.path;

const PAGES = [...SNIPPETS, ...SNIPPET_VARIANTS].flatMap((entry) => ['head', 'body'].map((position) => ({
  entry,
  position,
  file: `${snippetSlug(entry)}-${position}.html`,
  original: snippetPage({ id: entry.id, variant: entry.variant, position }),
  // What the matrix counts as a known limit for this snippet.
  limited: parserLoads(entry.snippet).length > 0 || entry.documentWrite,
})));

/** Runs `soglasie scan --json …` (cargo builds the command if needed); returns its report. */
function scan(...args) {
  const run = spawnSync('cargo', ['run', '--quiet', '--bin', 'soglasie', '--', 'scan', '--json', ...args], { cwd: ROOT, encoding: 'utf8' });
  assert.ok(run.status === 0 || run.status === 1, `soglasie scan failed (${run.status}): ${run.stderr}`);
  return { status: run.status, report: JSON.parse(run.stdout) };
}

const byFile = (report) => Object.fromEntries(report.files.map((f) => [f.path.split('/').pop(), f]));

let dir;
let first;
let written;
let again;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'soglasie-scan-'));
  for (const p of PAGES) writeFileSync(join(dir, p.file), p.original);
  first = scan(dir);
  written = scan('--write', dir);
  again = scan('--write', dir);
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('soglasie scan on the official snippets', () => {
  test('finds every snippet, and calls what the matrix cannot hold unstoppable', () => {
    const files = byFile(first.report);
    for (const p of PAGES) {
      const found = files[p.file]?.findings ?? [];
      assert.ok(found.some((f) => f.service.id === p.entry.id), `${p.file}: ${p.entry.id} not found in ${JSON.stringify(found)}`);
      const unstoppable = found.filter((f) => !['marked', 'held', 'noscript'].includes(f.form));
      assert.equal(unstoppable.length > 0, p.limited, `${p.file}: ${JSON.stringify(found)}`);
    }
    assert.equal(first.status, 1, 'unstoppable forms are problems');
  });

  test('--write keeps a .bak of each page it changes, and a second run changes nothing', () => {
    const files = byFile(written.report);
    for (const p of PAGES) {
      const report = files[p.file];
      const rewritten = readFileSync(join(dir, p.file), 'utf8');
      if (report.backup) {
        assert.equal(readFileSync(report.backup, 'utf8'), p.original, `${p.file}.bak`);
        assert.notEqual(rewritten, p.original);
      } else {
        assert.equal(rewritten, p.original, `${p.file} changed without a backup`);
      }
      assert.equal(report.backup !== null, report.findings.some((f) => !['marked', 'held'].includes(f.form)), p.file);
    }
    assert.equal(written.status, 0);
    for (const f of again.report.files) {
      assert.equal(f.backup, null, `${f.path} rewritten twice`);
      assert.deepEqual(f.findings.filter((x) => !['marked', 'held'].includes(x.form)), [], f.path);
    }
    assert.equal(readdirSync(dir).filter((n) => n.endsWith('.bak.2')).length, 0);
    assert.equal(again.status, 0);
  });
});

const ENGINES = [['Chromium', launchChromium], ['Firefox ESR', launchFirefox]];

describe('after --write, the blocking matrix has no known limits left', { concurrency: 2 }, () => {
  for (const [label, launcher] of ENGINES) {
    test(`in ${label}`, async (t) => {
      const browser = await launcher();
      try {
        // The matrix's limited cases, and one whose only change is its <noscript> pixel.
        const cases = PAGES.filter((p) => p.limited || (p.entry.id === 'yandex_metrika' && !p.entry.variant));
        for (const p of cases) {
          await t.test(p.file, async () => {
            const path = `/scan-write/${p.file}`;
            const v = await browser.newVisitor({ [path]: readFileSync(join(dir, p.file), 'utf8') });
            try {
              await v.open(path);
              await sleep(QUIET_MS);
              assert.deepEqual(v.hits.map(key), [], 'no request to a tracker before consent, not even the preload');
              await v.click('accept');
              const expected = EXPECTED_HITS[p.entry.id];
              const works = await until(() => expected.every((re) => v.hits.some((h) => re.test(key(h)))), 10000);
              assert.ok(works, `the tracker works once allowed: ${expected} in\n${v.hits.map(key).join('\n')}`);
              assert.equal(await v.evaluate(() => document.querySelector('h1')?.textContent.startsWith('Тест')), true, 'the page is still there');
            } finally {
              await v.close();
            }
          });
        }
      } finally {
        await browser.close();
      }
    });
  }
});
