// The preferences dialog as a visitor gets it: the shipped module's record
// (dist/soglasie.wasm, through www/wasm.js) rendered by the shipped renderer
// (dist/soglasie-preferences.js), in Node. `make wasm-test` (after `make dist`). The dialog's
// behaviour in a browser (focus, keyboard, axe-core) is in tests/e2e/dialog.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, jsonFields } from '../www/wasm.js';

const root = new URL('..', import.meta.url);
const bytes = readFileSync(new URL('dist/soglasie.wasm', root));
const renderer = await import(new URL('dist/soglasie-preferences.js', root));
const HOSTS = JSON.parse(execFileSync('cargo', ['run', '--quiet', '--bin', 'soglasie', '--', 'hosts'], { cwd: root, encoding: 'utf8' }));
const DEMO = JSON.parse(readFileSync(new URL('www/demo/soglasie.json', root), 'utf8'));

/** The dialog's HTML for `config` after `actions`, as the app would put it on the page. */
async function dialog(config, { lang = 'ru', actions = [] } = {}) {
  const { instance } = await WebAssembly.instantiate(bytes, {});
  const call = connect(instance.exports);
  call(0, ['', '1795512600', lang, 'Mozilla/5.0', '1', '0', 'www.clinic.ru', HOSTS, ...jsonFields(config, [])]);
  const act = (name, arg = '') => call(3, [name, arg, '', '1795512600', 'ab'.repeat(16), '']).split('\0');
  for (const [name, arg] of actions) act(name, arg);
  assert.deepEqual(act('preferences'), ['P'], 'the renderer is asked for first');
  const opened = call(7, ['1']).split('\0');
  assert.equal(opened[0].slice(0, 2), 'Rp');
  return renderer.render(JSON.parse(opened[0].slice(2)));
}

test('every category and service, in the words of the catalog, with nothing ticked but the necessary', async () => {
  const html = await dialog({ ...DEMO, services: ['yandex_metrika', 'google_analytics', 'vk_pixel'] });
  for (const title of ['Необходимые', 'Функциональные', 'Аналитические', 'Рекламные']) assert.ok(html.includes(`<span>${title}</span>`), title);
  assert.ok(html.includes('<b>Яндекс Метрика</b> — ООО «Яндекс». Статистика посещений'));
  assert.ok(html.includes('Cookie: _ym_uid (1\u00a0год), _ym_d (1\u00a0год), _ym_isad (2\u00a0дня), _ym_visorc (30\u00a0минут), _ym_*'));
  assert.ok(html.includes('_ga (2\u00a0года)'));
  assert.equal(html.match(/ checked/g).length, 1, 'only necessary is ticked');
  assert.ok(html.includes('value="necessary" aria-describedby="d-necessary" checked disabled><span>Необходимые</span></label><span class="always">Всегда включены</span>'));
  assert.equal(html.match(/class="abroad"/g).length, 1, 'Google only');
  for (const label of ['>Принять все<', '>Отклонить<', '>Сохранить выбор<']) assert.equal(html.split(label).length, 2, label);
  assert.ok(html.includes('aria-label="Закрыть"'));
  assert.ok(html.includes('<a href="/privacy.html">Политика обработки персональных данных</a>'));
  assert.ok(html.includes(`Оператор персональных данных: ${DEMO.operator.name}, ${DEMO.operator.address}.`));
  assert.ok(html.startsWith('<dialog class="prefs" aria-modal="true" aria-labelledby="sp-title" aria-describedby="sp-text" lang="ru">'));
});

test("an earlier choice is ticked, and the site's own words and services are shown as written", async () => {
  const html = await dialog({
    ...DEMO,
    operator: { ...DEMO.operator, inn: '7700000000', ogrn: '1027700000000' },
    categories: ['analytics', 'ads', { id: 'chat', title: 'Чат', description: 'Онлайн-консультант' }],
    services: ['yandex_metrika', { id: 'crm', name: 'CRM', provider: 'ООО «CRM»', purpose: 'Заявки', category: 'chat', cookies: ['crm_id@session', 'crm_*'] }],
    texts: { save: 'Готово' },
  }, { actions: [['accept', 'analytics\nchat']] });
  assert.ok(html.includes('value="analytics" aria-describedby="d-analytics" checked>'));
  assert.ok(html.includes('value="ads" aria-describedby="d-ads">'));
  assert.ok(html.includes('value="chat" aria-describedby="d-chat" checked><span>Чат</span>'));
  assert.ok(html.includes('<p class="desc" id="d-chat">Онлайн-консультант</p><ul class="services"><li><b>CRM</b> — ООО «CRM». Заявки <span class="cookies">Cookie: crm_id (до закрытия браузера), crm_*</span></li></ul>'));
  assert.ok(html.includes('>Готово</button>'));
  assert.ok(html.includes(', ИНН\u00a07700000000, ОГРН\u00a01027700000000, '));
});

test('hostile config texts come out as inert text', async () => {
  const evil = '<img src=x onerror="alert(1)">';
  const html = await dialog({
    ...DEMO,
    texts: { preferencesTitle: evil, policyLink: '"><script>' },
    services: [{ id: 'crm', name: evil, provider: '"quoted"', purpose: "it's <b>", category: 'functional', cookies: ['a<b'] }],
  });
  assert.ok(!/<img|<script|onerror="/.test(html), html);
  assert.ok(html.includes('&#60;img src=x onerror=&#34;alert(1)&#34;&#62;'));
  assert.ok(html.includes('&#34;quoted&#34;') && html.includes('it&#39;s &#60;b&#62;'));
});

test('in English: the catalog and the dialog in English, a rewritten purpose as written', async () => {
  const html = await dialog({ ...DEMO, language: 'en', services: ['yandex_metrika', { id: 'google_analytics', purpose: 'Статистика' }] });
  assert.ok(html.includes('lang="en"'));
  assert.ok(html.includes('<span>Analytics</span>') && html.includes('>Accept all<') && html.includes('>Reject all<') && html.includes('>Save my choice<'));
  // A service's name is one in both languages; its purpose has an English twin.
  assert.ok(html.includes('<b>Яндекс Метрика</b> — ООО «Яндекс». Visit statistics'));
  assert.ok(html.includes('. Статистика'));
  assert.ok(html.includes('_ym_uid (1\u00a0year)') && html.includes('_ym_isad (2\u00a0days)'));
});

test('cookie lifetimes in good Russian and English', () => {
  const ru = [[1, 0], [2, 1], [5, 2], [21, 0], [12, 2], [22, 1], [30, 2], [111, 2], [11, 2], [14, 2], [104, 1]];
  for (const [n, form] of ru) assert.equal(renderer.plural(n, 0), form, String(n));
  assert.equal(renderer.plural(1, 1), 0);
  assert.equal(renderer.plural(2, 1), 1);
  assert.equal(renderer.plural(0, 1), 1);
});
