// The webmaster's guides (docs/guides/) hold what they show, in Chromium and Firefox ESR. The
// code comes from the guides themselves, so docs and tests cannot drift: fenced blocks whose
// info string carries `test=<name>` (```html test=static-head), and the WordPress plugin file
// as it ships (docs/wordpress/soglasie/). Where a guide's code is PHP it is run by the real
// `php` (tools/setup.sh installs php-cli), with the few CMS calls it makes stubbed below.
// Each guide's page is then loaded as a first-time visitor: no request reaches any tracker
// host, no tracker cookie is set, every marked-up element is held; after «Принять все» each
// tracker makes the requests that show it runs (EXPECTED_HITS of tools/fake-trackers.mjs).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { launchChromium, launchFirefox } from './browsers.mjs';
import { until } from './harness.mjs';
import { SNIPPETS } from './snippets.mjs';
import { EXPECTED_HITS } from '../../tools/fake-trackers.mjs';

const ROOT = new URL('../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, ROOT), 'utf8');

/** The block of `guide` (docs/guides/<guide>.md) tagged `test=<name>`: exactly one must exist. */
function block(guide, name) {
  const text = read(`docs/guides/${guide}.md`);
  const found = [...text.matchAll(/^```[\w-]+ test=([\w-]+)\n([\s\S]*?)^```$/gm)].filter((m) => m[1] === name);
  assert.equal(found.length, 1, `docs/guides/${guide}.md: one block tagged test=${name}`);
  return found[0][2];
}

// dist/ served under another path (where a guide puts it), with extra headers if asked.
const DIST_TYPES = { 'soglasie.js': 'text/javascript; charset=utf-8', 'soglasie-app.js': 'text/javascript; charset=utf-8', 'soglasie.wasm': 'application/wasm' };
function distAt(prefix, headers = {}) {
  return Object.fromEntries(Object.entries(DIST_TYPES).map(([file, contentType]) =>
    [prefix + file, { contentType, headers, body: readFileSync(new URL(`dist/${file}`, ROOT)) }]));
}
const reEscape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const json = (text) => ({ contentType: 'application/json; charset=utf-8', body: text });
const key = (h) => h.host + h.path;
const UNMARKED = (id) => SNIPPETS.find((s) => s.id === id).snippet;

// ---- PHP: the guides' PHP run for real, the CMS around it reduced to what they call ----

const TMP = mkdtempSync(join(tmpdir(), 'soglasie-guides-'));
after(() => rmSync(TMP, { recursive: true, force: true }));
function file(name, text) {
  const path = join(TMP, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** Runs `php script args…`; any warning or notice fails the test, as does a non-zero exit.
 * short_open_tag: 1C-Bitrix requires it (its templates use `<?` and `<?=`). */
function php(script, ...args) {
  const r = spawnSync('php', ['-d', 'short_open_tag=1', '-d', 'display_errors=stderr', '-d', 'error_reporting=-1', script, ...args], { encoding: 'utf8' });
  if (r.error) throw new Error(`php could not run (${r.error.message}); tools/setup.sh installs php-cli`);
  assert.equal(r.stderr, '', `php ${script}: nothing on stderr`);
  assert.equal(r.status, 0, `php ${script} exits 0`);
  return r.stdout;
}

// 1C-Bitrix's prolog, reduced to what the guide's header.php and footer.php use. In Bitrix,
// ShowHead() leaves a mark that the kernel fills in when the page is done, with the meta tags,
// styles and head strings that modules and components added (Asset::addString); printing them
// at once puts them at the same place. Here a module has added the official Top@Mail.ru counter,
// not marked up: the tag before ShowHead() must still hold it.
const BITRIX_PROLOG = file('bitrix/prolog.php', String.raw`<?php
define('B_PROLOG_INCLUDED', true);
define('LANGUAGE_ID', 'ru');
define('LANG_CHARSET', 'UTF-8');
final class CMainStub {
    private $head = [];
    public function AddHeadString($s) { $this->head[] = $s; }
    public function ShowHead() {
        echo "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\" />\n";
        foreach ($this->head as $s) echo $s, "\n";
    }
    public function ShowTitle() { echo 'Клиника «Пример»'; }
    public function ShowPanel() {} // the admin toolbar: only for signed-in editors
}
$APPLICATION = new CMainStub();
$APPLICATION->AddHeadString(file_get_contents($argv[3]));
include $argv[1];
echo "<main><h1>Клиника «Пример»</h1><p>Запись на приём: +7 495 000-00-00</p></main>\n";
include $argv[2];
`);

// WordPress, reduced to the functions the plugin and the guide's functions.php snippets call,
// each giving what WordPress gives for the values they pass (esc_url: an http(s) URL of plain
// characters comes back with & and ' as entities). The theme prints wp_head in <head> and
// wp_footer before </body>, like every theme. Another plugin, loaded first, prints the
// official Top@Mail.ru counter unmarked on wp_head at the default priority 10.
const WP_SITE = file('wp/site.php', String.raw`<?php
define('ABSPATH', __DIR__ . '/');
define('SITE', $argv[1]);
$wp_filter = [];
function add_action($hook, $callback, $priority = 10, $accepted_args = 1) {
    $GLOBALS['wp_filter'][$hook][$priority][] = $callback;
    return true;
}
function do_action($hook) {
    $byPriority = $GLOBALS['wp_filter'][$hook] ?? [];
    ksort($byPriority);
    foreach ($byPriority as $callbacks) foreach ($callbacks as $callback) $callback();
}
function apply_filters($hook, $value) { return $value; } // no filter is added here
function plugin_dir_path($file) { return dirname($file) . '/'; }
function plugins_url($path, $plugin) { return SITE . '/wp-content/plugins/' . basename(dirname($plugin)) . '/' . ltrim($path, '/'); }
function get_stylesheet_directory_uri() { return SITE . '/wp-content/themes/klinika-child'; }
function add_query_arg($key, $value, $url) { return $url . (strpos($url, '?') === false ? '?' : '&') . $key . '=' . rawurlencode($value); }
function esc_url($url) { return str_replace(['&', "'"], ['&#038;', '&#039;'], $url); }
$other = $argv[2];
add_action('wp_head', function () use ($other) { echo file_get_contents($other), "\n"; });
foreach (array_slice($argv, 3) as $code) include $code;
?><!doctype html>
<html lang="ru-RU">
<head>
<meta charset="UTF-8">
<?php do_action('wp_head'); ?>
<title>Клиника «Пример»</title>
</head>
<body>
<main><h1>Клиника «Пример»</h1><p>Запись на приём: +7 495 000-00-00</p></main>
<?php do_action('wp_footer'); ?>
</body>
</html>
`);
const TOP_MAIL_RU = file('top-mail-ru.html', UNMARKED('top_mail_ru'));
// A functions.php snippet is PHP code without the file's opening tag.
const phpSnippet = (name, code) => file(`wp/${name}.php`, `<?php\n${code}`);
// The plugin as installed: its folder with dist/ copied in (the guide's step 2).
const PLUGIN_DIR = join(TMP, 'wp/wp-content/plugins/soglasie');
cpSync(new URL('docs/wordpress/soglasie/', ROOT), PLUGIN_DIR, { recursive: true });
cpSync(new URL('dist/', ROOT), join(PLUGIN_DIR, 'dist'), { recursive: true });

/** A page around a guide's head code (which goes first in <head>, after the charset) and body code. */
const SHELL = (head, body = '') => `<!DOCTYPE html>
<html lang="ru">
<head>
${head.includes('<meta charset') ? '' : '<meta charset="utf-8">\n'}${head}
<title>Клиника «Пример»</title>
</head>
<body>
<main><h1>Клиника «Пример»</h1><p>Запись на приём: +7 495 000-00-00</p></main>
${body}
</body>
</html>`;

// ---- what every guide must show ----

/** Opens `path` as a first-time visitor: nothing reaches a tracker host, no cookie but
 * soglasie's, every marked-up element held. */
async function firstVisit(v, path) {
  await v.open(path);
  await sleep(600);
  assert.deepEqual(v.hits.map(key), [], 'no request to any tracker host before a decision');
  assert.deepEqual(await v.evaluate(() => document.cookie.split(';').map((c) => c.trim().split('=')[0]).filter((n) => n && n !== 'soglasie')), [], 'no tracker cookie');
  const states = await v.evaluate(() => [...document.querySelectorAll('[data-category]')].map((e) => e.dataset.soglasieState));
  assert.ok(states.length > 0 && states.every((s) => s === 'held'), `marked-up elements held: ${states}`);
}

/** Waits until every request EXPECTED_HITS lists for each service has arrived. */
async function arrived(v, services) {
  const missing = () => services.flatMap((id) => EXPECTED_HITS[id].filter((p) => !v.hits.some((h) => p.test(key(h)))).map((p) => `${id} ${p}`));
  assert.ok(await until(() => missing().length === 0, 10000), `still missing after consent: ${missing().join(', ')}\nseen: ${v.hits.map(key).join('\n')}`);
}

/** Polls the asynchronous `done` until it holds or `ms` pass; says whether it held. */
async function poll(done, ms = 10000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await done()) return true;
    if (Date.now() > end) return false;
    await sleep(50);
  }
}

const ENGINES = [['Chromium', launchChromium], ['Firefox ESR', launchFirefox]];

describe('the webmaster guides', { concurrency: 2 }, () => {
  for (const [label, launcher] of ENGINES) {
    describe(label, () => {
      let browser;
      before(async () => { browser = await launcher(); });
      after(async () => { await browser?.close(); });

      test('static.md: the tag, the config and the marked-up counters', async () => {
        const page = SHELL(block('static', 'static-head'), block('static', 'static-body'));
        const v = await browser.newVisitor({ '/static/': page, '/soglasie.json': json(block('static', 'static-config')) });
        try {
          await firstVisit(v, '/static/');
          await v.click('accept');
          await arrived(v, ['yandex_metrika', 'top_mail_ru', 'vk_pixel', 'yandex_maps']);
          assert.ok(await v.evaluate(() => document.cookie.includes('_ym_uid')), 'Метрика set its cookie after consent');
        } finally {
          await v.close();
        }
      });

      test('bitrix.md: header.php runs the tag before ShowHead(), the counter in footer.php waits, the composite-cached page serves everyone', async () => {
        const header = block('bitrix', 'bitrix-header');
        assert.match(header, /<script src="\/local\/soglasie\/soglasie\.js"[^>]*data-skip-moving="true"[^>]*><\/script>\s*<\?\$APPLICATION->ShowHead\(\);\?>/, 'the tag, kept from being moved, right before ShowHead()');
        const page = php(BITRIX_PROLOG, file('bitrix/header.php', header), file('bitrix/footer.php', block('bitrix', 'bitrix-footer')), TOP_MAIL_RU);
        assert.ok(page.indexOf('/local/soglasie/soglasie.js') < page.indexOf('top-fwz1.mail.ru'), 'the tag comes before what a module adds');
        assert.doesNotMatch(page, /<\?/, 'no PHP left in the page');
        // The composite cache gives every visitor these same bytes.
        const routes = { '/': page, '/local/soglasie/soglasie.json': json(block('bitrix', 'bitrix-config')), ...distAt('/local/soglasie/') };
        const v = await browser.newVisitor(routes);
        try {
          await firstVisit(v, '/');
          await v.click('accept');
          await arrived(v, ['yandex_metrika', 'top_mail_ru']);
          const before = v.hits.length;
          await v.open('/'); // the same cached HTML, now with the consent cookie
          assert.equal(await v.evaluate(() => document.querySelectorAll('[data-soglasie="banner"]').length), 0, 'no banner for a visitor who decided');
          assert.ok(await until(() => v.hits.slice(before).some((h) => EXPECTED_HITS.yandex_metrika[1].test(key(h))), 10000), 'the counter runs at once on the next page');
        } finally {
          await v.close();
        }
      });

      test('tilda.md: the head code with soglasie from the clinic\'s server (CORS), Метрика and Google Analytics marked up', async () => {
        const head = block('tilda', 'tilda-head');
        const src = head.match(/<script src="(https:\/\/[^"]+\/soglasie\.js)"><\/script>/)[1];
        const cdn = new URL('./', src);
        assert.notEqual(cdn.origin, new URL(browser.url).origin, 'soglasie comes from another origin than the page, as on Tilda');
        const routes = { '/tilda/': SHELL(head), ...distAt(cdn.pathname, { 'Access-Control-Allow-Origin': '*' }) };
        const v = await browser.newVisitor(routes);
        try {
          await firstVisit(v, '/tilda/');
          await v.click('accept');
          await arrived(v, ['yandex_metrika', 'google_analytics']);
        } finally {
          await v.close();
        }
      });

      // Playwright's route.fulfill adds Access-Control-Allow-Origin to every cross-origin answer
      // that lacks it (microsoft/playwright#12929), so only Firefox (puppeteer) shows the refusal.
      if (label !== 'Chromium') test('tilda.md: served without CORS, soglasie cannot start and nothing runs, even when asked to', async () => {
        const head = block('tilda', 'tilda-head');
        const cdn = new URL('./', head.match(/<script src="(https:\/\/[^"]+\/soglasie\.js)"><\/script>/)[1]);
        const v = await browser.newVisitor({ '/tilda/': SHELL(head), ...distAt(cdn.pathname) });
        try {
          await v.open('/tilda/');
          await v.evaluate(() => window.soglasie.accept('all'));
          await sleep(1000);
          assert.deepEqual(v.hits.map(key), [], 'fails closed');
          assert.equal(await v.evaluate(() => window.soglasie.consent().decided), false);
        } finally {
          await v.close();
        }
      });

      for (const route of ['plugin', 'theme']) {
        test(`wordpress.md: the ${route === 'plugin' ? 'plugin (docs/wordpress/soglasie/soglasie.php)' : 'theme\'s functions.php'} prints the tag first on wp_head; the marked-up counter waits`, async () => {
          const code = route === 'plugin' ? join(PLUGIN_DIR, 'soglasie.php') : phpSnippet('theme', block('wordpress', 'wp-theme'));
          const page = php(WP_SITE, browser.url.replace(/\/$/, ''), TOP_MAIL_RU, code, phpSnippet('counter', block('wordpress', 'wp-counter')));
          const base = route === 'plugin' ? '/wp-content/plugins/soglasie/' : '/wp-content/themes/klinika-child/soglasie/';
          const site = browser.url.replace(/\/$/, '');
          const src = route === 'plugin' ? `${site}${base}dist/soglasie.js?ver=` : `${site}${base}soglasie.js`;
          const tag = new RegExp(`<script data-cfasync="false" src="${reEscape(src)}${route === 'plugin' ? '\\d+' : ''}" data-config="${reEscape(`${site}${base}soglasie.json`)}"></script>`);
          assert.match(page, tag, 'the tag as the guide shows it');
          assert.ok(page.search(tag) < page.indexOf('top-fwz1.mail.ru'), 'priority 1: before the other plugin\'s counter');
          const routes = {
            '/': page,
            [`${base}soglasie.json`]: json(read('docs/wordpress/soglasie/soglasie.json')),
            ...distAt(route === 'plugin' ? `${base}dist/` : base),
          };
          const v = await browser.newVisitor(routes);
          try {
            await firstVisit(v, '/');
            await v.click('accept');
            await arrived(v, ['yandex_metrika', 'top_mail_ru']);
          } finally {
            await v.close();
          }
        });
      }

      test('gtm.md: the container waits; after consent gtm.js loads and dataLayer carries soglasie_consent, on the decision and on the next page', async () => {
        const page = SHELL(block('gtm', 'gtm-head'));
        const v = await browser.newVisitor({ '/gtm/': page, '/soglasie.json': json(block('gtm', 'gtm-config')) });
        const events = () => v.evaluate(() => (window.dataLayer || []).filter((e) => e && typeof e.event === 'string')
          .map((e) => (e.event === 'soglasie_consent' ? `${e.event} ${e.soglasie_categories.join(' ')}` : e.event)));
        try {
          await firstVisit(v, '/gtm/');
          assert.deepEqual(await events(), [], 'before a decision: neither the container\'s gtm.js event nor soglasie_consent');
          await v.click('accept');
          await arrived(v, ['google_tag_manager']);
          const categories = (await v.evaluate(() => window.soglasie.consent().categories)).join(' ');
          assert.ok(categories.includes('analytics') && categories.includes('ads'), categories);
          assert.ok(await poll(async () => (await events()).includes(`soglasie_consent ${categories}`)), `dataLayer: ${await events()}`);
          // The container saw the event: a Custom Event trigger on it can fire.
          assert.ok(await poll(() => v.evaluate(() => window.google_tag_manager?.['GTM-XXXXXXX']?.events.includes('soglasie_consent'))), 'the container saw soglasie_consent');
          assert.deepEqual(v.hits.filter((h) => h.path.startsWith('/ns.html')), [], 'no noscript iframe');

          const before = v.hits.length;
          await v.open('/gtm/');
          assert.ok(await until(() => v.hits.slice(before).some((h) => EXPECTED_HITS.google_tag_manager[0].test(key(h))), 10000), 'the container loads at once on the next page');
          assert.deepEqual((await events()).filter((e) => e.startsWith('soglasie_consent')), [`soglasie_consent ${categories}`], 'told once, when soglasie is ready');
        } finally {
          await v.close();
        }
      });
    });
  }
});
