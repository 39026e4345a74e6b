// Router and navigation: #/... pages, rendered from the public API only.
import { flash, show, h } from './dom.js';
import { isAdmin, isLoggedIn, logout, onSessionChange, restore } from './api.js';
import * as cart from './cart.js';
import * as shop from './shop.js';
import * as admin from './admin.js';
import * as ops from './ops.js';

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
  [/^#\/ops$/, ops.page, 'admin'],
];

let leave = null; // the current page's clean-up (stops polling)

async function route() {
  leave?.();
  leave = null;
  const hash = location.hash || '#/';
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
    flash('', '');
    show(h('h1', {}, 'Not allowed'), h('p', { class: 'error', id: 'forbidden' }, 'This page is for administrators only.'),
      h('p', {}, h('a', { href: '#/' }, 'Back to the shop')));
    return;
  }
  const params = pattern.exec(hash.split('?')[0]).slice(1);
  const query = new URLSearchParams(hash.split('?')[1] ?? '');
  leave = await page(...params, query);
}

function updateNavigation() {
  const user = isLoggedIn();
  document.querySelectorAll('[data-when]').forEach((element) => {
    const when = element.dataset.when;
    element.hidden = when === 'anonymous' ? user : when === 'user' ? !user : !isAdmin();
  });
  document.getElementById('cart-count').textContent = String(cart.count());
}

window.addEventListener('hashchange', () => { flash(''); route(); });
onSessionChange(updateNavigation);
cart.onChange(updateNavigation);
document.getElementById('logout').addEventListener('click', async () => {
  await logout();
  flash('You are logged out.');
  location.hash = '#/';
});

await restore();
updateNavigation();
route();
