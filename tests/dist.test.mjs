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

// Served as measured: each file has gzip and brotli copies beside it that decompress to it
// exactly (a server sends those; a stale copy would send an older build).
import { readdirSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

test('every file of dist/ has .gz and .br copies of exactly its bytes', () => {
  const files = readdirSync(dist).filter((f) => !/\.(gz|br)$/.test(f));
  assert.ok(files.includes('soglasie.wasm') && files.includes('soglasie-later.wasm'), files.join(' '));
  for (const f of files) {
    const bytes = readFileSync(new URL(f, dist));
    assert.ok(gunzipSync(readFileSync(new URL(`${f}.gz`, dist))).equals(bytes), `${f}.gz`);
    assert.ok(brotliDecompressSync(readFileSync(new URL(`${f}.br`, dist))).equals(bytes), `${f}.br`);
  }
  assert.equal(readdirSync(dist).length, files.length * 3, 'no copy without its file');
});

// The config's JSON Schema (dist/soglasie.schema.json, generated from the Rust types by
// `soglasie schema`): every example config validates, and on configs whose problems are of
// shape (members, types, ids) the schema and the Rust reader (`soglasie check`) agree. Values
// that need more than a shape (an e-mail address, a URL's scheme) are `soglasie check`'s alone.
import { execFileSync, spawnSync } from 'node:child_process';
import Ajv2020 from 'ajv/dist/2020.js';

const schema = JSON.parse(read('soglasie.schema.json'));
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
const root = new URL('..', import.meta.url).pathname;
/** Whether the Rust reader accepts `config` (exit code of `soglasie check -`). */
function rustAccepts(config) {
  const r = spawnSync('cargo', ['run', '--quiet', '--bin', 'soglasie', '--', 'check', '-'], { cwd: root, input: JSON.stringify(config), encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`soglasie check: exit ${r.status}: ${r.stderr}`);
  return r.status === 0;
}
const DEMO = JSON.parse(readFileSync(new URL('../www/demo/soglasie.json', import.meta.url), 'utf8'));
const MINIMAL = {
  operator: { name: 'ООО «Клиника Пример»', address: 'г. Москва, ул. Примерная, д. 1', email: 'privacy@example.ru' },
  policy: { url: '/privacy.html', revision: '2026-11-01' },
  services: ['yandex_metrika', 'top_mail_ru', 'vk_pixel'],
};
const with_ = (patch) => ({ ...MINIMAL, ...patch });

test('the schema is built from the Rust types: members, catalog ids, no unknown members', () => {
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.equal(schema.additionalProperties, false);
  assert.deepEqual(schema.required.sort(), ['operator', 'policy']);
  const members = execFileSync('cargo', ['run', '--quiet', '--bin', 'soglasie', '--', 'schema'], { cwd: root, encoding: 'utf8' });
  assert.deepEqual(JSON.parse(members), schema, 'dist/ holds what `soglasie schema` prints');
  const catalogIds = schema.$defs.ListedServiceObject.anyOf[0].enum;
  assert.ok(catalogIds.includes('yandex_metrika') && catalogIds.includes('vk_video'), catalogIds.join());
});

test('every example config validates against the schema, and names it', () => {
  for (const [name, config] of [['www/demo/soglasie.json', DEMO], ['README: the minimal config', MINIMAL]]) {
    assert.ok(validate(config), `${name}: ${JSON.stringify(validate.errors)}`);
  }
  assert.equal(DEMO.$schema, '../../dist/soglasie.schema.json');
});

test('the schema and the Rust reader agree on valid and invalid shapes', () => {
  const cases = [
    [true, MINIMAL],
    [true, DEMO],
    [true, with_({ language: 'auto', categories: ['analytics', 'ads', { id: 'video', title: 'Видео' }], cookie: { maxAgeDays: 180, domain: 'clinic.ru' }, texts: { bannerTitle: 'Cookie' }, ui: { floatingButton: false, accent: '#0a6b4f' }, crawlers: { detect: false, extraTokens: ['UptimeBot'] }, sensitive: { paths: ['/hiv/*'], hold: ['ads', 'analytics'] } })],
    [true, with_({ services: ['jivo', { id: 'yandex_metrika', category: 'functional' }, { id: 'own', name: 'Своя', provider: 'ООО', purpose: 'Счёт', category: 'analytics', hosts: ['stat.clinic.ru'] }] })],
    [false, with_({ servises: [] })],
    [false, with_({ operator: { name: 'ООО', address: 'Москва' } })],
    [false, with_({ operator: { ...MINIMAL.operator, name: 5 } })],
    [false, with_({ operator: { ...MINIMAL.operator, phone: null } })],
    [false, with_({ policy: ['/privacy.html', '2026-11-01'] })],
    [false, with_({ language: 'de' })],
    [false, with_({ services: ['yandex_metrica'] })],
    [false, with_({ categories: ['video'] })],
    [false, with_({ cookie: { maxAgeDays: 'year' } })],
    [false, with_({ ui: { floatingButton: 'yes' } })],
    [false, with_({ sensitive: ['/hiv/*'] })],
    [false, with_({ sensitive: { path: ['/hiv/*'] } })],
    [false, with_({ texts: { acceptAll: 'Да' } })],
  ];
  for (const [valid, config] of cases) {
    const label = JSON.stringify(config).slice(0, 160);
    assert.equal(validate(config), valid, `schema on ${label}: ${JSON.stringify(validate.errors)}`);
    assert.equal(rustAccepts(config), valid, `soglasie check on ${label}`);
  }
  // A value problem: the shape is right, the value is not an e-mail address. `soglasie check`
  // says so; the schema leaves it.
  const badEmail = with_({ operator: { ...MINIMAL.operator, email: 'not an address' } });
  assert.equal(validate(badEmail), true);
  assert.equal(rustAccepts(badEmail), false);
});
