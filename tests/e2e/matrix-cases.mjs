// The cases of the blocking matrix: a page, its trackers' category, and the requests that
// show the tracker works once allowed.
export const CASES = [
  {
    name: 'Метрика, marked up (demo home)',
    path: '/',
    category: 'analytics',
    expect: [/^mc\.yandex\.ru\/metrika\/tag\.js/, /^mc\.yandex\.ru\/watch\/44444444\?page-url=/],
  },
  {
    name: 'VK pixel + Top@Mail.ru, marked up',
    path: '/services.html',
    category: 'ads',
    expect: [/^vk\.com\/rtrg\?p=VK-RTRG-000000-DEMO/, /^top-fwz1\.mail\.ru\/counter\?id=3333333;e=pageView/],
  },
  {
    name: 'Метрика snippet, not marked up',
    path: '/fixtures/unmarked.html',
    category: 'analytics',
    expect: [/^mc\.yandex\.ru\/metrika\/tag\.js/, /^mc\.yandex\.ru\/watch\/44444444\?page-url=/, /^mc\.yandex\.ru\/watch\/44444444\?beacon=1/],
  },
  {
    name: 'beacons, fetch, XHR, innerHTML (ads)',
    path: '/fixtures/unmarked.html',
    category: 'ads',
    expect: [/^vk\.com\/rtrg\?p=VK-RTRG-image/, /^vk\.com\/rtrg\?p=VK-RTRG-innerHTML/, /^top-fwz1\.mail\.ru\/counter\?id=1;fetch=1/, /^top-fwz1\.mail\.ru\/counter\?id=1;xhr=1/],
  },
];
