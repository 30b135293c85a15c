// soglasie-preferences.js — the preferences dialog's markup, words and styles, imported by
// the app only when a visitor opens «Настроить» (a first visit carries none of it). Rust
// decides what the dialog shows and hands over a record of it (src/core/markup.rs,
// `preferences`); this file only writes that out as HTML, every text escaped, in the words
// of the build (src/core/wording.rs, generated from the Rust texts and catalog). Built by
// tools/build.mjs into dist/soglasie-preferences.js, an ES module.
import { escapeHtml as esc } from './escape.js';

/* global SOGLASIE_WORDING SOGLASIE_PREFERENCES_CSS -- injected at build time */

/** The dialog's rules, added to the sheet the banner's start (www/preferences.css). */
export var css = SOGLASIE_PREFERENCES_CSS;

/**
 * @param record  what Rust wrote for the dialog (see src/core/markup.rs, `preferences`)
 * @returns the dialog's HTML
 */
export function render(record) {
  var words = SOGLASIE_WORDING;
  var en = record.lang === 'en' ? 1 : 0;

  // The site's own text, else the built-in one.
  function text(key) {
    return esc(Object.prototype.hasOwnProperty.call(record.texts, key) ? record.texts[key] : words.texts[key][en]);
  }

  function category(c) {
    var id = c[0];
    var builtin = words.categories[id];
    var title = c[1] !== null ? c[1] : builtin ? builtin[en] : id;
    var description = c[2] !== null ? c[2] : builtin ? builtin[2 + en] : '';
    var services = record.services.filter(function (s) { return s[0] === id; });
    return '<li class="cat"><div class="cat-head"><label><input type="checkbox" role="switch" name="category" id="c-' + id + '" value="' + id + '"' +
      (description ? ' aria-describedby="d-' + id + '"' : '') +
      (c[3] === 2 ? ' checked disabled' : c[3] ? ' checked' : '') +
      '><span>' + esc(title) + '</span></label>' +
      (c[3] === 2 ? '<span class="always">' + text('alwaysOn') + '</span>' : '') + '</div>' +
      (description ? '<p class="desc" id="d-' + id + '">' + esc(description) + '</p>' : '') +
      (services.length ? '<ul class="services">' + services.map(service).join('') + '</ul>' : '') + '</li>';
  }

  function service(s) {
    var catalog = s[1] !== null ? words.services[s[1]] : [s[2], '', '', ''];
    var name = s[3] !== null ? s[3] : catalog[0];
    var provider = s[4] !== null ? s[4] : catalog[1];
    // A rewritten purpose has no reviewed English twin: it is shown as written.
    var purpose = s[5] !== null ? s[5] : catalog[2 + en];
    return '<li><b>' + esc(name) + '</b>' + (provider ? ' — ' + esc(provider) : '') + (purpose ? '. ' + esc(purpose) : '') +
      (s[7].length ? ' <span class="cookies">Cookie: ' + s[7].map(cookie).join(', ') + '</span>' : '') +
      (s[6] ? ' <strong class="abroad">' + text('abroad') + '</strong>' : '') + '</li>';
  }

  // `_ym_uid@1y` → «_ym_uid (1 год)»: the lifetime in words, in the right plural form.
  function cookie(spec) {
    var at = spec.indexOf('@');
    if (at < 0) return esc(spec);
    var life = spec.slice(at + 1);
    var n = parseInt(life, 10);
    var unit = 'mhdy'.indexOf(life.slice(-1));
    var lived = life === 'session'
      ? words.lifetimes[2 + en]
      : n + '\u00a0' + words.lifetimes[en].split(' ')[unit * 3 + plural(n, en)];
    return esc(spec.slice(0, at)) + ' (' + esc(lived) + ')';
  }

  var op = record.operator;
  return '<dialog class="prefs" aria-modal="true" aria-labelledby="sp-title" aria-describedby="sp-text" lang="' + (en ? 'en' : 'ru') + '">' +
    '<div class="head"><h2 id="sp-title">' + text('preferencesTitle') + '</h2><button type="button" class="close" data-action="close" aria-label="' + text('close') + '">×</button></div>' +
    '<div class="body"><p id="sp-text">' + text('preferencesText') + ' <a href="' + esc(record.policy) + '">' + text('policyLink') + '</a></p>' +
    '<ul class="cats">' + record.categories.map(category).join('') + '</ul>' +
    // Who the operator is and how else to withdraw (152-ФЗ ст. 9: consent names the operator).
    '<p class="operator">' + text('dataCollected') + ' ' + esc(op[2]) + '. ' + text('operator') + ': ' + esc(op[0]) +
    (op[3] !== null ? ', ИНН\u00a0' + esc(op[3]) : '') + (op[4] !== null ? ', ОГРН\u00a0' + esc(op[4]) : '') + ', ' + esc(op[1]) + '.</p></div>' +
    // Accept and decline as on the banner: rejecting is exactly as easy as accepting.
    '<div class="actions"><button type="button" data-action="accept">' + words.buttons[en] + '</button><button type="button" data-action="decline">' + words.buttons[2 + en] +
    '</button><button type="button" data-action="save">' + text('save') + '</button></div></dialog>';
}

/** Index into `[one, few, many]`: Russian has three forms (1 год, 2 года, 5 лет, 21 год). */
export function plural(n, en) {
  if (en) return n === 1 ? 0 : 1;
  var last = n % 10;
  var tens = n % 100;
  return last === 1 && tens !== 11 ? 0 : last >= 2 && last <= 4 && (tens < 12 || tens > 14) ? 1 : 2;
}
