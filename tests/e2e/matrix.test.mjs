// The blocking matrix: every case × browser (Chromium, Firefox ESR, WebKit) × scenario, counted in
// requests to tracker hosts, asserted, and printed as a table at the end of the run.
//   before    first visit, no decision            → 0 requests
//   decline   «Отклонить», then reload             → 0 requests
//   others    only the other categories allowed   → 0 requests to this case's trackers
//   own       only this case's category allowed   → its expected requests (after a reload),
//                                                   none of the other categories' trackers
//   all       «Принять все»                        → its expected requests
// Two kinds of request are counted apart, because they are known limits (README, «What
// cannot be caught»), asserted as such so that the matrix fails if they change:
//   preload   a <script src> written in the HTML is requested by the browser's preload
//             scanner before any script runs; it must not run (no report, no cookie);
//   leak      a case with `leaksBeforeConsent` (document.write during parsing) reaches its
//             tracker before a decision; it must still do so, and nothing else may.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { ENGINES } from './browsers.mjs';
import { CASES } from './matrix-cases.mjs';
import { until } from './harness.mjs';

const SCENARIOS = ['before', 'decline', 'others', 'own', 'all'];
const OPTIONAL = ['functional', 'analytics', 'ads'];
// A scenario that must see nothing has seen nothing once no request came for this long
// (the fake answers at once, so a tracker that got through shows up within a few ms).
const QUIET_MS = 500;
const EXPECT_TIMEOUT_MS = 10000; // only a failing case waits this long
const table = [];

after(() => {
  // The browsers run at once: print in case order, then by browser.
  table.sort((a, b) => a.index - b.index || a.browser.localeCompare(b.browser));
  const widths = [42, 9, 15, ...SCENARIOS.map(() => 8)];
  const row = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join(' ').trimEnd();
  console.log('\n' + row(['case', 'browser', 'known limit', ...SCENARIOS]));
  for (const r of table) console.log(row([r.case, r.browser, r.limit, ...SCENARIOS.map((s) => r[s] ?? '—')]));
  console.log([
    '(requests to tracker hosts seen in each scenario; +Np: N more made by the preload scanner for a',
    ' <script src> written in the HTML, which is held from running; N!: requests that leak before',
    ' consent, a known limit; —: not observed)\n',
  ].join('\n'));
});

const key = (h) => h.host + h.path;
const seen = (hits, patterns) => patterns.every((p) => hits.some((h) => p.test(key(h))));

/** Waits until no tracker request has come for QUIET_MS. */
async function quiet(v) {
  let n = -1;
  while (n !== v.hits.length) {
    n = v.hits.length;
    await sleep(QUIET_MS);
  }
}

/** Cookie names and localStorage keys of the page, except soglasie's own choice and its
 * consent record. */
const traces = (v) => v.evaluate(() => [
  ...document.cookie.split(';').map((c) => c.split('=')[0].trim()).filter((n) => n && n !== 'soglasie'),
  ...Object.keys(localStorage).filter((k) => k !== 'soglasie.record').map((k) => 'localStorage.' + k),
]);

async function visit(browser, c, fn) {
  const v = await browser.newVisitor(c.routes || {});
  try {
    return await fn(v);
  } finally {
    await v.close();
  }
}

/** Runs the three visits that make up the five scenarios (in parallel: they share nothing). */
async function observe(browser, c) {
  const [first, decline, chosen] = await Promise.all([
    // «Принять все» after a first look: `before` is what came until the click, `all` the page.
    visit(browser, c, async (v) => {
      await v.open(c.path);
      await quiet(v);
      const before = { hits: [...v.hits], traces: await traces(v) };
      await v.click('accept');
      await until(() => seen(v.hits, c.expect), EXPECT_TIMEOUT_MS);
      return { before, all: { hits: [...v.hits] } };
    }),
    visit(browser, c, async (v) => {
      await v.open(c.path);
      await quiet(v);
      await v.click('decline');
      await quiet(v);
      await v.open(c.path);
      await quiet(v);
      return { hits: [...v.hits], traces: await traces(v) };
    }),
    // The other categories, then only this one: each as a returning visitor (after a reload).
    visit(browser, c, async (v) => {
      await v.open(c.path);
      await v.evaluate((list) => window.soglasie.accept(list), OPTIONAL.filter((x) => x !== c.category));
      await v.open(c.path);
      await quiet(v);
      const others = { hits: [...v.hits], traces: await traces(v) };
      await v.evaluate((list) => window.soglasie.accept(list), [c.category]);
      // Marked-up elements are released on the open page (auto-blocked loads of a category
      // that was not allowed were dropped): let that finish, so only the reload is counted.
      await quiet(v);
      const from = v.hits.length;
      await v.open(c.path);
      await until(() => seen(v.hits.slice(from), c.expect), EXPECT_TIMEOUT_MS);
      return { others, own: { hits: v.hits.slice(from) } };
    }),
  ]);
  return { before: first.before, decline, others: chosen.others, own: chosen.own, all: first.all };
}

/** Splits a scenario's requests into preload requests and the rest. */
function split(c, hits) {
  const preload = hits.filter((h) => c.preloads.includes(key(h)));
  return { preload, rest: hits.filter((h) => !c.preloads.includes(key(h))) };
}

// Nothing of this case may run: before a decision, after «Отклонить», and with only the other
// categories allowed on a page that carries nothing else.
const nothingAllowed = (c, name) => name === 'before' || name === 'decline' || (name === 'others' && c.alone);

/** The table cell: requests seen, apart from preload requests; `!` marks a known leak. */
function cell(c, name, { hits }) {
  const { preload, rest } = split(c, hits);
  return `${rest.length}${nothingAllowed(c, name) && c.leaksBeforeConsent ? '!' : ''}${preload.length ? `+${preload.length}p` : ''}`;
}

function check(c, name, { hits, traces }) {
  const { preload, rest } = split(c, hits);
  const list = (xs) => xs.map(key);
  const own = (h) => c.expect.some((p) => p.test(key(h)));
  if (nothingAllowed(c, name)) {
    if (c.leaksBeforeConsent) {
      assert.ok(rest.length > 0, `the known limit (${c.leaksBeforeConsent}) no longer leaks: update the case and the README`);
      assert.deepEqual(list(rest.filter((h) => !own(h))), [], 'requests beyond the known leak');
    } else {
      assert.deepEqual(list(rest), []);
    }
    assert.deepEqual(traces, [], 'cookies or storage of a tracker that should not have run');
    // The documented limit itself: one request per <script src> in the HTML, on a first visit.
    if (name === 'before') assert.deepEqual(list(preload), c.preloads, 'preload requests changed: update the README');
  } else if (name === 'others') {
    assert.deepEqual(list(rest.filter(own)), []);
  } else {
    for (const p of c.expect) assert.ok(hits.some((h) => p.test(key(h))), `${p} not seen in\n${list(hits).join('\n')}`);
    if (name === 'own') assert.deepEqual(list(hits.filter((h) => c.foreign.some((p) => p.test(key(h))))), [], 'trackers of the other categories');
  }
}

// The browsers share nothing, and most of a case is waiting: run them side by side.
describe('blocking matrix', { concurrency: ENGINES.length }, () => {
  for (const [label, launcher] of ENGINES) {
    test(`in ${label}`, async (t) => {
      const browser = await launcher();
      try {
        for (const [index, c] of CASES.entries()) {
          const r = { index, case: c.name, browser: browser.name, limit: c.leaksBeforeConsent || (c.preloads.length ? 'preload' : '') };
          table.push(r);
          await t.test(c.name, async (t) => {
            const observed = await observe(browser, c);
            for (const name of SCENARIOS) {
              r[name] = cell(c, name, observed[name]);
              await t.test(name, () => check(c, name, observed[name]));
            }
          });
        }
      } finally {
        await browser.close();
      }
    });
  }
});
