// The shipped module, dist/soglasie.wasm, through the loader's own interface code
// (www/wasm.js), in Node's WebAssembly engine: the same answers as the native core, no
// imports, no crash on hostile requests. `make wasm-test` (after `make dist`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, jsonFields } from '../www/wasm.js';

const root = new URL('..', import.meta.url);
const bytes = readFileSync(new URL('dist/soglasie.wasm', root));
const configPath = new URL('www/demo/soglasie.json', root);
const CONFIG = readFileSync(configPath, 'utf8');
const NOW = '1795512600';

async function instance() {
  const { instance } = await WebAssembly.instantiate(bytes, {});
  return connect(instance.exports);
}

// What the boot hands the module at start: the catalog's URL patterns, from the same source.
const HOSTS = JSON.parse(execFileSync('cargo', ['run', '--quiet', '--bin', 'soglasie', '--', 'hosts'], { cwd: root, encoding: 'utf8' }));

const records = (effects) => (effects ? effects.split('\0') : []);
// The config as the app hands it over: read by JSON.parse, written as fields by www/wasm.js.
const start = (call, config, cookie = '', hosts = HOSTS) =>
  call(0, [cookie, NOW, 'ru', 'Mozilla/5.0', '1', '0', 'www.clinic.ru', hosts].concat(config === null ? [] : jsonFields(JSON.parse(config), [])));
const act = (call, action, arg = '', cookie = '') => call(3, [action, arg, cookie, NOW, 'ab'.repeat(16), '_ym_uid\nsite']);

test('the modules need nothing from the page: no imports', () => {
  for (const file of [bytes, readFileSync(new URL('dist/soglasie-check.wasm', root))]) {
    assert.deepEqual(WebAssembly.Module.imports(new WebAssembly.Module(file)), []);
    const exports = WebAssembly.Module.exports(new WebAssembly.Module(file)).filter((e) => e.kind !== 'global');
    assert.deepEqual(exports.map((e) => e.name).sort(), ['alloc', 'memory', 'out_len', 'run']);
  }
});

test('the policy hash in the module is the command-line tool\'s', async () => {
  const call = await instance();
  start(call, CONFIG);
  const cli = execFileSync('cargo', ['run', '--quiet', '--', 'hash', configPath.pathname], { cwd: root, encoding: 'utf8' }).trim();
  assert.equal(JSON.parse(call(4, [])).policy, cli);
});

test('a first visit: banner, held trackers, then accept writes the cookie and releases', async () => {
  const call = await instance();
  const first = records(start(call, CONFIG));
  assert.equal(first.length, 1);
  assert.match(first[0], /^Rb<section class="banner" role="region"/);
  for (const label of ['Принять все', 'Отклонить', 'Настроить']) assert.ok(first[0].includes(`>${label}<`), label);
  assert.equal(call(2, ['necessary']), 'r');
  assert.equal(call(2, ['analytics']), 'h');
  assert.equal(call(1, ['mc.yandex.ru', '/metrika/tag.js']), '2');
  assert.equal(call(1, ['example.org', '/app.js']), '0');

  const accepted = records(act(call, 'all'));
  assert.deepEqual(accepted.map((r) => r.charAt(0) === 'R' || r.charAt(0) === 'H' ? r.slice(0, 2) : r.charAt(0)), ['C', 'Hb', 'Ro', 'G', 'X']);
  assert.match(accepted[0], /^Csoglasie=1\.[\w-]{16}\.1795512600\.[\w-]{22}\.functional\+analytics\+ads; Max-Age=31536000; Path=\/; SameSite=Lax$/);
  const consent = JSON.parse(accepted[4].slice(1));
  assert.deepEqual(consent.categories, ['necessary', 'functional', 'analytics', 'ads']);
  assert.equal(consent.at, '2026-11-24T09:30:00Z');
  assert.equal(call(2, ['analytics']), 'r');
  assert.equal(call(1, ['mc.yandex.ru', '/metrika/tag.js']), '1');
  assert.equal(call(5, []), accepted[0].slice('Csoglasie='.length).split(';')[0]);
});

test('a returning visitor is recognised from the cookie, and reset withdraws', async () => {
  const first = await instance();
  start(first, CONFIG);
  act(first, 'accept', 'analytics');
  const cookie = `soglasie=${first(5, [])}; _ym_uid=1`;
  const call = await instance();
  assert.deepEqual(records(start(call, CONFIG, cookie)).map((r) => r.slice(0, 2)), ['Ro']);
  assert.equal(call(2, ['analytics']), 'r');
  assert.equal(call(2, ['ads']), 'h');
  const reset = records(act(call, 'reset', '', cookie));
  assert.equal(reset[0], 'Csoglasie=; Max-Age=0; Path=/; SameSite=Lax');
  assert.ok(reset.includes('C_ym_uid=; Max-Age=0; Path=/; Domain=clinic.ru'));
  assert.ok(reset.includes('S_ym_uid'));
  assert.ok(!reset.some((r) => r.includes('site')));
  assert.equal(JSON.parse(call(4, [])).decided, false);
});

test('a broken or missing config fails closed; the problems are left to soglasie-check.wasm', async () => {
  const call = await instance();
  assert.deepEqual(records(start(call, '{"operator": 1, "servises": []}')), ['K']);
  assert.equal(call(2, ['necessary']), 'r');
  assert.equal(call(2, ['analytics']), 'h');
  assert.equal(call(1, ['mc.yandex.ru', '/watch/1']), '2');
  assert.equal(act(call, 'all'), '');
  const none = await instance();
  assert.equal(start(none, null), '');
  assert.deepEqual(JSON.parse(none(4, [])), { decided: false, categories: ['necessary'], policy: '', at: null, id: null });
});

test("soglasie-check.wasm names a config's problems as the CLI does; the page's module accepts exactly what it accepts", async () => {
  const { instance: checker } = await WebAssembly.instantiate(readFileSync(new URL('dist/soglasie-check.wasm', root)), {});
  const check = connect(checker.exports);
  const broken = JSON.stringify({
    operator: { name: ' ', address: 1, email: 'nobody' }, policy: { url: 'javascript:x' }, servises: [], language: 'de',
    categories: ['necessary', 'Ads!', { id: 'own' }], services: ['yandex_metrica', { id: 'x', hosts: ['https://x.ru'] }], cookie: { maxAgeDays: 0, domain: '-' }, ui: { accent: 'red' },
  });
  const lines = records(check(0, jsonFields(JSON.parse(broken), []))).map((r) => r.slice(1));
  const cli = spawnSync('cargo', ['run', '--quiet', '--', 'check', '-'], { cwd: root, input: broken, encoding: 'utf8' });
  assert.equal(cli.status, 1);
  assert.ok(lines.length >= 10, lines.join('\n'));
  assert.deepEqual(lines, cli.stderr.trim().split('\n'));
  // One problem at a time, and none: where the page's module says 'K', the checker names it.
  const valid = JSON.parse(CONFIG);
  const variants = [valid, { ...valid, servises: [] }, { ...valid, language: 'de' }, { ...valid, services: ['yandex_metrica'] },
    { ...valid, cookie: { maxAgeDays: 3651 } }, { ...valid, ui: { accent: '#12' } }, { ...valid, categories: ['ads', 'ads'] }];
  for (const config of variants) {
    const call = await instance();
    const problems = records(check(0, jsonFields(config, [])));
    assert.equal(records(start(call, JSON.stringify(config))).includes('K'), problems.length > 0, JSON.stringify(config));
    assert.ok(problems.every((r) => r.startsWith('Esoglasie: config')), problems.join('\n'));
  }
});

test('before start, and with hostile requests, the module holds and does not trap', async () => {
  const call = await instance();
  assert.equal(call(1, ['mc.yandex.ru', '/metrika/tag.js']), '2');
  assert.equal(call(3, ['all']), '');
  for (const op of [0, 1, 2, 3, 4, 5, 6, 7, 99]) call(op, ['\0'.repeat(50), 'x'.repeat(100000), '\uFFFF\uD800']);
  assert.equal(call(1, ['mc.yandex.ru', '/metrika/tag.js']), '2');
  assert.notEqual(start(call, CONFIG), '');
  assert.equal(start(call, '{}'), '', 'a second start is ignored: one session per page');
  assert.equal(call(1, ['mc.yandex.ru', '/metrika/tag.js']), '2');
  // A NUL in a config text cannot break the records apart.
  const fresh = await instance();
  const nul = CONFIG.replace('"services"', '"texts": {"bannerTitle": "A\\u0000Rb<img src=x>"}, "services"');
  const out = records(start(fresh, nul));
  assert.equal(out.length, 1);
  assert.ok(out[0].includes('A\uFFFDRb&lt;img src=x&gt;'));
});

test('a config nested too deeply: refused, named by the checker, and no stack overflows on the way', async () => {
  const { instance: checker } = await WebAssembly.instantiate(readFileSync(new URL('dist/soglasie-check.wasm', root)), {});
  let deep = {};
  for (let i = 0; i < 100000; i++) deep = { x: deep };
  const config = { ...JSON.parse(CONFIG), ui: deep };
  const fields = jsonFields(config, []);
  assert.ok(fields.includes('!') && fields.length < 200, 'the walk stops where the module stops reading');
  const call = await instance();
  assert.deepEqual(records(call(0, ['', NOW, 'ru', 'Mozilla/5.0', '1', '0', 'www.clinic.ru', HOSTS, ...fields])), ['K']);
  assert.deepEqual(records(connect(checker.exports)(0, fields)), ['Esoglasie: config: invalid JSON: nested too deeply']);
});

test('patterns of another build: one console line, nothing released, every tracker held', async () => {
  const call = await instance();
  const other = HOSTS.replace('mc.yandex.ru', 'mc.yandex.rv');
  assert.deepEqual(records(start(call, CONFIG, '', other)), ['Esoglasie: soglasie.wasm is of another build than soglasie.js; nothing optional will run']);
  assert.equal(call(1, ['mc.yandex.ru', '/metrika/tag.js']), '2');
  assert.equal(call(1, ['top-fwz1.mail.ru', '/js/code.js']), '2');
  for (const category of ['necessary', 'analytics']) assert.notEqual(call(2, [category]).charAt(0), 'r', category);
  assert.equal(act(call, 'all'), '');
  assert.equal(JSON.parse(call(4, [])).decided, false);
});
