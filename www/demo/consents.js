// «Ваши согласия» on the demo's privacy page: the visitor's receipts as soglasie-server keeps
// them (GET /v1/receipts/{consent id}), in a table they can print. This page lives in a frame
// of /privacy.html: the server is the one the site's config sends receipts to
// (`receipts.endpoint` of the config that page's soglasie tag names), and the consent id is
// that page's window.soglasie.consent().id (the same cookie).
'use strict';

const DECISIONS = {
  accept_all: 'Приняты все',
  decline: 'Отказ',
  custom: 'Выбор категорий',
  withdraw: 'Отзыв согласия',
};
const CATEGORIES = {
  necessary: 'Необходимые',
  functional: 'Функциональные',
  analytics: 'Аналитические',
  ads: 'Рекламные',
};
const PLURAL = new Intl.PluralRules('ru-RU');
const DECISION_COUNT = { one: 'решение', few: 'решения', many: 'решений', other: 'решения' };
// A decision's receipt reaches the server a moment after the click.
const AFTER_A_DECISION_MS = 1500;

const status = document.getElementById('consents-status');
const table = document.getElementById('consents-table');
const rows = table.querySelector('tbody');
const actions = document.getElementById('consents-actions');

/** Keeps the frame as tall as this page's content, so the table is read and printed whole. */
function fitFrame() {
  const frame = window.frameElement;
  if (frame) frame.style.height = `${Math.ceil(document.body.getBoundingClientRect().height)}px`;
}

function say(text, withTable = false) {
  status.textContent = text;
  table.hidden = !withTable;
  actions.hidden = !withTable;
  fitFrame();
}

function cell(tag, content, scope) {
  const el = document.createElement(tag);
  if (scope) el.scope = scope;
  if (content instanceof Node) el.append(content);
  else el.textContent = content;
  return el;
}

function when(at) {
  const time = document.createElement('time');
  time.dateTime = at;
  time.textContent = new Date(at).toLocaleString('ru-RU', { dateStyle: 'long', timeStyle: 'medium' });
  return time;
}

function row(receipt) {
  const tr = document.createElement('tr');
  let decision = DECISIONS[receipt.kind] || receipt.kind;
  if (receipt.renewal) decision += ' (после обновления политики)';
  const categories = receipt.categories.map((id) => CATEGORIES[id] || id).join(', ');
  const hash = document.createElement('code');
  hash.textContent = receipt.policy;
  tr.append(cell('th', when(receipt.at), 'row'), cell('td', decision), cell('td', categories), cell('td', hash));
  return tr;
}

/** The receipts endpoint of the config the parent page's soglasie tag names, or null. */
async function receiptsEndpoint() {
  const tag = window.parent.document.querySelector('script[data-config]');
  if (!tag) return null;
  try {
    const config = await (await fetch(tag.dataset.config, { cache: 'no-store' })).json();
    return config.receipts ? new URL(config.receipts.endpoint, window.parent.location.href).href : null;
  } catch {
    return null;
  }
}

async function show() {
  const soglasie = window.parent !== window && window.parent.soglasie;
  if (!soglasie) {
    say('Эта таблица показывается на странице «Политика конфиденциальности», раздел «Ваши согласия».');
    return;
  }
  const endpoint = await receiptsEndpoint();
  if (!endpoint) {
    say('Этот сайт не отправляет ваши решения на сервер клиники (в конфигурации нет receipts), поэтому показать их здесь нельзя.');
    return;
  }
  const server = new URL(endpoint).origin;
  await soglasie.ready;
  const { id } = soglasie.consent();
  if (!id) {
    say('В этом браузере сейчас нет вашего решения о cookie: вы его ещё не приняли или отозвали. Показать нечего.');
    return;
  }
  let receipts;
  try {
    const response = await fetch(`${endpoint}/${encodeURIComponent(id)}`, { credentials: 'omit', cache: 'no-store' });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      say(`Сервер согласий ответил ошибкой ${response.status}${body.error ? `: ${body.error}` : ''}. Попробуйте позже.`);
      return;
    }
    receipts = await response.json();
  } catch {
    say(`Сервер согласий (${server}) недоступен, поэтому показать ваши решения сейчас нельзя. Попробуйте позже.`);
    return;
  }
  if (receipts.length === 0) {
    say('Сервер клиники пока не получил ни одного вашего решения. Если вы только что сделали выбор, обновите страницу через несколько секунд.');
    return;
  }
  rows.replaceChildren(...receipts.map(row));
  const n = receipts.length;
  say(`Номер вашего согласия: ${id}. Сервер клиники хранит ${n} ${DECISION_COUNT[PLURAL.select(n)]}.`, true);
}

document.getElementById('consents-print').addEventListener('click', () => window.print());
new ResizeObserver(fitFrame).observe(document.body);
if (window.parent !== window) {
  // A new decision on the page (or withdrawal): read again once its receipt has arrived.
  window.parent.document.addEventListener('soglasie:change', () => setTimeout(show, AFTER_A_DECISION_MS));
}
show();
