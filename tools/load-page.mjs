// A heavy page for load tests: 5,000 elements and 200 marked-up trackers (inline scripts that
// record their order, and every tenth one an external script), served by tests and the bench.
export function loadPage() {
  const parts = [];
  for (let i = 0; i < 5000; i++) {
    parts.push(`<div class="row"><span>Строка ${i}</span></div>`);
    if (i % 25 === 0) {
      const n = i / 25;
      parts.push(n % 10 === 9
        ? `<script type="text/plain" data-category="analytics" src="/fixtures/order.js?n=${n}"></script>`
        : `<script type="text/plain" data-category="analytics">(window.order = window.order || []).push(${n})</script>`);
    }
  }
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Load</title>
<script type="application/json" id="soglasie-config">{"operator": {"name": "ООО «Тест»", "address": "г. Москва", "email": "privacy@example.ru"}, "policy": {"url": "/privacy.html", "revision": "1"}}</script>
<script src="/soglasie/soglasie.js"></script></head><body><h1>Load</h1>${parts.join('\n')}</body></html>`;
}
