// The cases of the blocking matrix: a page, its trackers' category, and the requests that
// show the tracker works once allowed. Every official snippet of snippets.mjs (SNIPPETS and
// SNIPPET_VARIANTS) is a case twice, pasted unmodified in <head> and in <body> of a page that
// has only the soglasie tag and an inline config listing that one service; the requests a
// working tracker makes come from EXPECTED_HITS, next to the fake that answers them.
import { SNIPPETS, SNIPPET_VARIANTS, snippetPage, snippetSlug } from './snippets.mjs';
import { EXPECTED_HITS } from '../../tools/fake-trackers.mjs';

/**
 * The URLs (as the hit log writes them: host + path?query) that the HTML parser itself asks
 * for: src of <script>, <img> and <iframe> written in the markup. The browser's preload scanner
 * requests these before any script of the page runs, so no blocker can stop the request, only
 * keep the script from running (README, «What cannot be caught»). Markup inside script text
 * (document.write strings) and <noscript> (inert while scripts run) is not the parser's.
 */
export function parserLoads(html) {
  const markup = html
    .replace(/<noscript\b[\s\S]*?<\/noscript>/gi, '')
    .replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/gi, '$1');
  return [...markup.matchAll(/<(?:script|img|iframe)\b[^>]*?\ssrc\s*=\s*(["'])(.*?)\1/gi)]
    .map((m) => m[2])
    .filter((src) => !src.startsWith('data:'))
    .map((src) => {
      const u = new URL(src, 'http://page.invalid/'); // protocol-relative: the page's scheme
      return u.hostname + u.pathname + u.search;
    });
}

/** What the trackers of the other categories send: none of it may come with only `category` allowed. */
function hitsOfOtherCategories(category) {
  return SNIPPETS.filter((s) => s.category !== category).flatMap((s) => EXPECTED_HITS[s.id]);
}

function snippetCases(entry) {
  const label = entry.variant ? `${entry.id} (${entry.variant})` : entry.id;
  return ['head', 'body'].map((position) => {
    const path = `/fixtures/snippet-${snippetSlug(entry)}-${position}.html`;
    return {
      name: `${label} in <${position}>`,
      path,
      category: entry.category,
      expect: EXPECTED_HITS[entry.id],
      preloads: parserLoads(entry.snippet),
      // A known limit, asserted as such (the matrix fails if it changes either way): markup
      // written with document.write during parsing loads before anything can intervene.
      leaksBeforeConsent: entry.documentWrite ? 'document.write' : undefined,
      // The page carries this one service: in «others» nothing at all may reach a tracker.
      alone: true,
      routes: { [path]: snippetPage({ id: entry.id, variant: entry.variant, position, services: [entry.id] }) },
    };
  });
}

export const CASES = [
  {
    name: 'demo home, marked up (analytics)',
    path: '/',
    category: 'analytics',
    expect: EXPECTED_HITS.yandex_metrika,
  },
  {
    name: 'demo services, marked up (ads)',
    path: '/services.html',
    category: 'ads',
    expect: [...EXPECTED_HITS.top_mail_ru, ...EXPECTED_HITS.vk_pixel],
  },
  {
    // What the fixture's own script sends (not a vendor snippet, so not in EXPECTED_HITS).
    name: 'beacons, fetch, XHR, innerHTML (ads)',
    path: '/fixtures/unmarked.html',
    category: 'ads',
    expect: [/^vk\.com\/rtrg\?p=VK-RTRG-image/, /^vk\.com\/rtrg\?p=VK-RTRG-innerHTML/, /^top-fwz1\.mail\.ru\/counter\?id=1;fetch=1/, /^top-fwz1\.mail\.ru\/counter\?id=1;xhr=1/],
  },
  ...[...SNIPPETS, ...SNIPPET_VARIANTS].flatMap(snippetCases),
].map((c) => ({ preloads: [], alone: false, foreign: hitsOfOtherCategories(c.category), ...c }));

for (const c of CASES) {
  if (!c.expect?.length) throw new Error(`matrix case ${c.name}: no expected hits`);
}
