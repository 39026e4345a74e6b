// Router and navigation: #/... pages, rendered from the public API only.
import { flash, h, navigated, show } from './dom.js';
import { isAdmin, isLoggedIn, logout, onSessionChange, restore } from './api.js';
import * as cart from './cart.js';
import * as shop from './shop.js';
import * as admin from './admin.js';
import * as ops from './ops.js';
import * as analytics from './analytics.js';

const routes = [
  [/^#?\/?$/, shop.catalog],
  [/^#\/products\/([\w-]+)$/, shop.product],
  [/^#\/cart$/, shop.cartPage],
  [/^#\/login$/, shop.loginPage],
  [/^#\/register$/, shop.registerPage],
  [/^#\/checkout$/, shop.checkout, 'user'],
  [/^#\/orders$/, shop.orders, 'user'],
  [/^#\/orders\/([\w-]+)$/, shop.order, 'user'],
  [/^#\/notifications$/, shop.notifications, 'user'],
  [/^#\/admin\/products$/, admin.products, 'admin'],
  [/^#\/admin\/orders$/, admin.orders, 'admin'],
  [/^#\/admin\/users$/, admin.users, 'admin'],
  [/^#\/admin\/analytics$/, analytics.page, 'admin'],
  [/^#\/ops$/, ops.page, 'admin'],
];

let leave = null; // the current page's clean-up (stops polling)
let current = 0; // the navigation in progress; a page that finishes loading after the next one started is dropped

async function route() {
  const main = document.getElementById('main');
  if (location.hash && !location.hash.startsWith('#/') && main.dataset.page) return; // the skip link is not a page
  const hash = location.hash.startsWith('#/') ? location.hash : '#/';
  leave?.();
  leave = null;
  const mine = ++current;
  navigated();
  markCurrentLink(hash);
  const [pattern, page, needs] = routes.find(([p]) => p.test(hash.split('?')[0])) ?? [];
  if (!page) {
    show(h('h1', {}, 'Not found'), h('p', {}, h('a', { href: '#/' }, 'Back to the shop')));
    return;
  }
  if (needs && !isLoggedIn()) {
    sessionStorage.setItem('emporium.after-login', hash);
    flash('Please log in first.', 'info');
    location.hash = '#/login';
    return;
  }
  if (needs === 'admin' && !isAdmin()) {
    show(h('h1', {}, 'Not allowed'), h('p', { class: 'error', id: 'forbidden' }, 'This page is for administrators only.'),
      h('p', {}, h('a', { href: '#/' }, 'Back to the shop')));
    return;
  }
  const params = pattern.exec(hash.split('?')[0]).slice(1);
  const query = new URLSearchParams(hash.split('?')[1] ?? '');
  main.dataset.page = hash;
  const cleanUp = await page(...params, query);
  if (mine === current) leave = cleanUp;
  else cleanUp?.(); // the user moved on while this page loaded
}

function markCurrentLink(hash) {
  const section = hash.split('?')[0].split('/').slice(0, 3).join('/');
  document.querySelectorAll('nav[aria-label="Main"] a').forEach((link) => {
    const target = link.getAttribute('href');
    const active = target === '#/' ? hash.split('?')[0] === '#/' : section.startsWith(target) || target.startsWith(section + '/');
    if (active) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  });
}

function updateNavigation() {
  const user = isLoggedIn();
  document.querySelectorAll('[data-when]').forEach((element) => {
    const when = element.dataset.when;
    element.hidden = when === 'anonymous' ? user : when === 'user' ? !user : !isAdmin();
  });
  document.getElementById('cart-count').textContent = String(cart.count());
}

window.addEventListener('hashchange', route);
onSessionChange(updateNavigation);
cart.onChange(updateNavigation);
document.getElementById('logout').addEventListener('click', async () => {
  await logout();
  flash('You are logged out.');
  location.hash = '#/';
});

updateNavigation();
await restore();
updateNavigation();
route();
