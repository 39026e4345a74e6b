// The storefront: catalog, product, cart, account, checkout, orders and the notifications inbox.
import { api, explain, login, register, stream } from './api.js';
import * as cart from './cart.js';
import { field, fill, flash, h, money, show, showProblem, when } from './dom.js';

const TEST_CARDS = [
  ['4242424242424242', 'approved'],
  ['4000000000000002', 'declined (card_declined)'],
  ['4000000000009995', 'declined (insufficient_funds)'],
  ['4000000000000119', 'processor errors: retried, then declined'],
];
/** What each notification is about, in words; a type this page does not know yet is shown as it comes. */
const NOTIFICATION_TYPES = {
  WELCOME: 'Welcome',
  ORDER_CONFIRMED: 'Order confirmed',
  ORDER_REJECTED: 'Order rejected',
  ORDER_CANCELLED: 'Order cancelled',
  PAYMENT_REFUNDED: 'Refund',
};
const REASONS = {
  OUT_OF_STOCK: 'Some items sold out before we could reserve them. Nothing was charged.',
  PAYMENT_DECLINED: 'Your card was declined. Nothing was charged.',
  TIMEOUT: 'The order could not be completed in time. Nothing was charged; please try again.',
};

export async function catalog(query) {
  const state = {
    q: query.get('q') ?? '', category: query.get('category') ?? '', minPrice: query.get('minPrice') ?? '',
    maxPrice: query.get('maxPrice') ?? '', sort: query.get('sort') ?? 'name', page: Number(query.get('page') ?? 0),
  };
  const results = h('div', { id: 'results', tabindex: '-1' }, h('p', { class: 'muted' }, 'Loading products…'));
  const count = h('p', { id: 'result-count', class: 'muted', role: 'status' });
  const categories = await api('/api/products/categories');
  const search = h('input', { id: 'search', type: 'search', name: 'q', value: state.q, placeholder: 'Search products', autocomplete: 'off' });
  const category = h('select', { id: 'category', name: 'category' }, h('option', { value: '' }, 'All categories'),
    (categories.data ?? []).map((c) => h('option', { value: c.name, selected: c.name === state.category }, `${c.name} (${c.productCount})`)));
  const min = h('input', { id: 'min-price', type: 'number', min: 0, step: '0.01', value: state.minPrice, inputmode: 'decimal' });
  const max = h('input', { id: 'max-price', type: 'number', min: 0, step: '0.01', value: state.maxPrice, inputmode: 'decimal' });
  const sort = h('select', { id: 'sort' }, [['name', 'Name'], ['price', 'Price: low to high'], ['-price', 'Price: high to low'], ['newest', 'Newest']]
    .map(([value, label]) => h('option', { value, selected: value === state.sort }, label)));

  let timer;
  let generation = 0;
  async function load() {
    const mine = ++generation;
    const params = new URLSearchParams({ page: state.page, size: 12, sort: state.sort });
    for (const key of ['q', 'category', 'minPrice', 'maxPrice']) if (state[key] !== '') params.set(key, state[key]);
    const response = await api(`/api/products?${params}`);
    if (mine !== generation) return; // a newer search is on its way
    if (!response.ok) {
      fill(results, h('p', { class: 'error' }, explain(response)));
      return;
    }
    const { content, page } = response.data;
    count.textContent = `${page.totalElements} product${page.totalElements === 1 ? '' : 's'}`;
    fill(results,
      content.length === 0
        ? h('p', { class: 'empty' }, 'No products match. Try another search or clear the filters.')
        : h('ul', { class: 'grid' }, content.map(productCard)),
      pager(page, (n) => { state.page = n; load().then(() => results.focus()); }));
  }
  function changed() {
    state.q = search.value.trim(); state.category = category.value; state.minPrice = min.value; state.maxPrice = max.value;
    state.sort = sort.value; state.page = 0;
    clearTimeout(timer);
    timer = setTimeout(load, 250); // search as you type, without a request per keystroke
  }
  [search, min, max].forEach((input) => input.addEventListener('input', changed));
  [category, sort].forEach((select) => select.addEventListener('change', changed));

  show(h('h1', {}, 'Shop'),
    h('form', { class: 'filters', role: 'search', onsubmit: (e) => { e.preventDefault(); changed(); } },
      [['Search', search], ['Category', category], ['Min price', min], ['Max price', max], ['Sort', sort]]
        .map(([label, control]) => h('div', { class: 'control' }, h('label', { for: control.id }, label), control))),
    count, results);
  await load();
  return () => clearTimeout(timer);
}

/**
 * A product's picture at a size (thumb, large), or a neutral placeholder when it has none. Its text alternative is
 * the product's name; beside the name itself (grid, cart) it is decorative and says nothing.
 */
export function picture(name, size, url, { decorative = false } = {}) {
  const box = { width: size === 'thumb' ? 240 : 600, height: size === 'thumb' ? 180 : 450 };
  if (url) return h('img', { class: `picture picture-${size}`, src: url, alt: decorative ? '' : name, loading: 'lazy', decoding: 'async', ...box });
  return decorative
    ? h('div', { class: `picture picture-${size} placeholder`, 'aria-hidden': 'true' })
    : h('div', { class: `picture picture-${size} placeholder`, role: 'img', 'aria-label': `${name}: no picture yet` });
}

function productCard(product) {
  return h('li', { class: 'card product', dataset: { sku: product.sku } },
    h('a', { href: `#/products/${product.id}`, tabindex: '-1', 'aria-hidden': 'true' }, picture(product.name, 'thumb', product.image?.thumb, { decorative: true })),
    h('h2', {}, h('a', { href: `#/products/${product.id}` }, product.name)),
    h('p', { class: 'muted' }, product.category),
    h('p', { class: 'price' }, money(product.price, product.currency)),
    product.stock > 0
      ? h('button', { type: 'button', class: 'add', 'aria-label': `Add ${product.name} to cart`, onclick: () => addToCart(product) }, 'Add to cart')
      : h('p', { class: 'out' }, 'Out of stock'));
}

function addToCart(product) {
  cart.add(product);
  flash(`${product.name} is in your cart.`, 'success');
}

export function pager(page, go) {
  if (page.totalPages <= 1) return null;
  return h('nav', { class: 'pager', 'aria-label': 'Pages' },
    h('button', { type: 'button', disabled: page.number === 0, onclick: () => go(page.number - 1) }, 'Previous'),
    h('span', {}, `Page ${page.number + 1} of ${page.totalPages}`),
    h('button', { type: 'button', disabled: page.number + 1 >= page.totalPages, onclick: () => go(page.number + 1) }, 'Next'));
}

export async function product(id) {
  const response = await api(`/api/products/${encodeURIComponent(id)}`);
  if (!response.ok) {
    show(h('h1', {}, 'Product'), h('p', { class: 'error' }, response.status === 404 ? 'This product is no longer in the catalog.' : explain(response)));
    return;
  }
  const p = response.data;
  const quantity = h('input', { id: 'quantity', type: 'number', min: 1, max: Math.max(1, Math.min(100, p.stock)), step: 1, value: 1, required: true });
  show(h('article', { class: 'product-page' },
    picture(p.name, 'large', p.image?.large),
    h('h1', {}, p.name), h('p', { class: 'muted' }, `${p.category} · SKU ${p.sku}`),
    h('p', {}, p.description), h('p', { class: 'price' }, money(p.price, p.currency)),
    h('p', {}, p.stock > 0 ? `${p.stock} in stock` : 'Out of stock'),
    p.stock > 0 ? h('form', { onsubmit: (e) => { e.preventDefault(); cart.add(p, Number(quantity.value)); flash(`${p.name} is in your cart.`, 'success'); } },
      h('label', { for: 'quantity' }, 'Quantity'), quantity, h('button', { type: 'submit', class: 'add' }, 'Add to cart')) : null,
    h('p', {}, h('a', { href: '#/' }, '← Back to the shop'))));
}

export function cartPage() {
  const lines = cart.items();
  if (lines.length === 0) {
    show(h('h1', {}, 'Cart'), h('p', { class: 'empty' }, 'Your cart is empty. ', h('a', { href: '#/' }, 'Browse the shop.')));
    return;
  }
  show(h('h1', {}, 'Cart'),
    h('table', { class: 'lines' }, h('thead', {}, h('tr', {}, h('th', {}, 'Product'), h('th', {}, 'Price'), h('th', {}, 'Quantity'), h('th', {}, 'Total'))),
      h('tbody', {}, lines.map((line) => h('tr', {},
        h('td', { class: 'with-picture' }, picture(line.name, 'thumb', line.image, { decorative: true }), line.name), h('td', {}, money(line.price, line.currency)),
        h('td', {}, h('label', { class: 'visually-hidden', for: `qty-${line.productId}` }, `Quantity of ${line.name}`),
          h('input', { id: `qty-${line.productId}`, type: 'number', min: 0, max: 100, step: 1, value: line.quantity,
            onchange: (e) => {
              cart.setQuantity(line.productId, e.target.value);
              const now = cart.items().find((l) => l.productId === line.productId);
              if (!now) { cartPage(); return; } // removed: the table changes shape
              e.target.value = now.quantity;
              document.getElementById(`line-total-${line.productId}`).textContent = money(now.price * now.quantity, now.currency);
              document.getElementById('cart-total').textContent = `Total: ${money(cart.total())}`;
            } })),
        h('td', { id: `line-total-${line.productId}` }, money(line.price * line.quantity, line.currency)))))),
    h('p', { class: 'total', id: 'cart-total', role: 'status' }, `Total: ${money(cart.total())}`),
    h('p', {}, h('a', { class: 'button', href: '#/checkout', id: 'to-checkout' }, 'Checkout')));
}

export function loginPage() {
  const form = h('form', { id: 'login-form', class: 'narrow' },
    field('Email', 'email', { type: 'email', required: true, autocomplete: 'username' }),
    field('Password', 'password', { type: 'password', required: true, autocomplete: 'current-password' }),
    h('button', { type: 'submit' }, 'Log in'),
    h('p', {}, 'New here? ', h('a', { href: '#/register' }, 'Create an account')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const response = await login(form.elements.email.value.trim(), form.elements.password.value);
    if (!response.ok) {
      showProblem(form, { ...response.problem, detail: response.status === 401 ? 'Email or password is wrong.' : explain(response) });
      return;
    }
    flash('Welcome back!', 'success');
    location.hash = sessionStorage.getItem('emporium.after-login') ?? '#/';
    sessionStorage.removeItem('emporium.after-login');
  });
  show(h('h1', {}, 'Log in'), form);
}

export function registerPage() {
  const form = h('form', { id: 'register-form', class: 'narrow' },
    field('Name', 'name', { required: true, autocomplete: 'name' }),
    field('Email', 'email', { type: 'email', required: true, autocomplete: 'email' }),
    field('Password (8 characters or more)', 'password', { type: 'password', required: true, minlength: 8, autocomplete: 'new-password' }),
    h('button', { type: 'submit' }, 'Create account'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const email = form.elements.email.value.trim();
    const password = form.elements.password.value;
    const created = await register(form.elements.name.value.trim(), email, password);
    if (!created.ok) {
      showProblem(form, created.status === 409 ? { detail: 'An account with this email exists already. Log in instead.' }
        : { ...created.problem, detail: explain(created) });
      return;
    }
    const loggedIn = await login(email, password);
    if (!loggedIn.ok) {
      flash(`Your account is ready, but logging in failed: ${explain(loggedIn)}`, 'error');
      location.hash = '#/login';
      return;
    }
    flash(`Welcome, ${created.data.name}! Your account is ready.`, 'success');
    location.hash = sessionStorage.getItem('emporium.after-login') ?? '#/';
    sessionStorage.removeItem('emporium.after-login');
  });
  show(h('h1', {}, 'Create an account'), form);
}

export function checkout() {
  const lines = cart.items();
  if (lines.length === 0) {
    show(h('h1', {}, 'Checkout'), h('p', { class: 'empty' }, 'Your cart is empty. ', h('a', { href: '#/' }, 'Browse the shop.')));
    return;
  }
  const form = h('form', { id: 'checkout-form', class: 'narrow' },
    h('fieldset', {}, h('legend', {}, 'Shipping address'),
      field('Full name', 'name', { required: true, autocomplete: 'name' }),
      field('Address', 'line1', { required: true, autocomplete: 'address-line1' }),
      field('City', 'city', { required: true, autocomplete: 'address-level2' }),
      field('Postal code', 'postalCode', { required: true, autocomplete: 'postal-code' }),
      field('Country (2 letters, e.g. US)', 'country', { required: true, maxlength: 2, autocomplete: 'country', value: 'US' })),
    h('fieldset', {}, h('legend', {}, 'Payment'),
      field('Card number', 'cardNumber', { required: true, inputmode: 'numeric', autocomplete: 'cc-number' }),
      h('details', { open: true }, h('summary', {}, 'Test cards'),
        h('ul', { class: 'test-cards' }, TEST_CARDS.map(([number, outcome]) => h('li', {}, h('code', {}, number), ` ${outcome}`))))),
    h('p', { class: 'total' }, `Total: ${money(cart.total())}`),
    h('button', { type: 'submit', id: 'place-order' }, 'Place order'));
  const key = crypto.randomUUID(); // the same key on every retry of this checkout: never two orders
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = form.querySelector('#place-order');
    button.disabled = true;
    button.textContent = 'Placing your order…';
    const v = (name) => form.elements[name].value.trim();
    const response = await api('/api/orders', {
      method: 'POST', headers: { 'Idempotency-Key': key },
      body: {
        items: cart.items().map((l) => ({ productId: l.productId, quantity: l.quantity })),
        payment: { cardNumber: v('cardNumber').replaceAll(' ', '') },
        shippingAddress: { name: v('name'), line1: v('line1'), city: v('city'), postalCode: v('postalCode'), country: v('country').toUpperCase() },
      },
    });
    button.disabled = false;
    button.textContent = 'Place order';
    if (!response.ok) {
      showProblem(form, { ...response.problem, detail: response.status === 422 && !response.problem?.errors
        ? `${response.problem?.detail ?? ''} Please review your cart.`.trim() : explain(response) });
      return;
    }
    cart.clear();
    location.hash = `#/orders/${response.data.id}`;
  });
  show(h('h1', {}, 'Checkout'), form);
}

const DEGRADED = { payments: 'Payment details', notifications: 'Messages about this order' };

/** An order's payments and the messages sent about it; a source that did not answer is said to be unavailable. */
function related({ payments, notifications, degraded }) {
  return [
    h('section', { class: 'panel', id: 'order-payments', 'aria-labelledby': 'order-payments-title' },
      h('h2', { id: 'order-payments-title' }, 'Payment'),
      degraded.includes('payments') ? h('p', { class: 'muted' }, `${DEGRADED.payments} are unavailable right now.`)
        : payments.length === 0 ? h('p', { class: 'muted' }, 'No payment yet.')
          : h('ul', {}, payments.map((p) => h('li', {}, `${p.status} · ${money(p.amount, p.currency)} · card ending ${p.cardLast4}`)))),
    h('section', { class: 'panel', id: 'order-notifications', 'aria-labelledby': 'order-notifications-title' },
      h('h2', { id: 'order-notifications-title' }, 'Messages'),
      degraded.includes('notifications') ? h('p', { class: 'muted' }, `${DEGRADED.notifications} are unavailable right now.`)
        : notifications.length === 0 ? h('p', { class: 'muted' }, 'No message yet.')
          : h('ul', {}, notifications.map((n) => h('li', { dataset: { type: n.type } },
            `${NOTIFICATION_TYPES[n.type] ?? n.type} · ${n.channel} to ${n.recipient} · ${n.status}`)))),
  ];
}

export async function order(id) {
  let timer;
  let stopped = false;
  const following = new AbortController();
  const view = h('div', { id: 'order-view' });
  const extras = h('div', { id: 'order-related' });
  const live = h('p', { class: 'visually-hidden', role: 'status', id: 'order-live' });
  show(live, view, extras); // focus moves once; later updates change this view only when the status changes
  let order = null; // the whole order, as last fetched; the stream's events update its progress
  let shown = null;
  let cancelling = false;
  const settled = (status) => (cancelling ? status === 'CANCELLED' : ['CONFIRMED', 'REJECTED', 'CANCELLED'].includes(status));

  function paint(o) {
    if (o.status === 'CANCELLED') cancelling = false;
    if (o.status === shown) return;
    shown = o.status;
    live.textContent = `Order status: ${o.status}`;
    document.title = `Order ${o.id.slice(0, 8).toUpperCase()}: ${o.status} · Emporium`;
    fill(view, h('h1', {}, `Order ${o.id.slice(0, 8).toUpperCase()}`),
      h('p', { class: `status status-${o.status.toLowerCase()}`, id: 'order-status' }, o.status),
      o.status === 'PENDING' ? h('p', { class: 'muted' }, 'We are reserving your items and charging your card…') : null,
      o.status === 'REJECTED' ? h('p', { class: 'error', id: 'failure' }, REASONS[o.failureReason] ?? o.failureReason) : null,
      h('ol', { class: 'timeline', id: 'timeline' }, o.history.map((step) =>
        h('li', {}, h('strong', {}, step.status), ` ${when(step.at)}`, step.reason ? ` — ${step.reason}` : ''))),
      h('table', { class: 'lines' }, h('caption', { class: 'visually-hidden' }, 'Items'), h('tbody', {}, o.items.map((item) => h('tr', {},
        h('td', {}, item.name), h('td', {}, `× ${item.quantity}`), h('td', {}, money(item.lineTotal, o.currency)))))),
      h('p', { class: 'total' }, `Total: ${money(o.total, o.currency)} · card ending ${o.cardLast4 ?? '····'}`),
      o.status === 'CONFIRMED' ? h('button', { type: 'button', id: 'cancel', onclick: () => cancel(o.id) }, 'Cancel order') : null,
      h('p', {}, h('a', { href: '#/orders' }, 'All your orders')));
  }
  /** The order with its payments and notifications, composed by the gateway (GET /api/orders/{id}/details). */
  async function load() {
    const response = await api(`/api/orders/${encodeURIComponent(id)}/details`);
    if (stopped) return false;
    if (!response.ok) {
      fill(view, h('h1', {}, 'Order'), h('p', { class: 'error' }, response.status === 404 ? 'No such order.' : explain(response)));
      return false;
    }
    order = response.data.order;
    paint(order);
    fill(extras, related(response.data));
    return true;
  }
  /** Payments and notifications change after the status does (capture, emails): asked again once it settles. */
  async function refreshRelated() {
    const response = await api(`/api/orders/${encodeURIComponent(id)}/details`);
    if (!stopped && response.ok) fill(extras, related(response.data));
  }
  /** Live: the order's events as they happen (Server-Sent Events); if the stream cannot be had, asking every second. */
  async function follow() {
    view.dataset.live = 'stream';
    try {
      await stream(`/api/orders/${encodeURIComponent(id)}/events`, ({ data }) => {
        const before = order.status;
        order = { ...order, ...JSON.parse(data) };
        paint(order);
        if (order.status !== before) refreshRelated();
      }, following.signal);
      // the server ends a stream after a terminal status, or after a while (then it is opened again)
      if (!stopped && !['REJECTED', 'CANCELLED'].includes(order.status)) follow();
    } catch {
      if (stopped) return;
      view.dataset.live = 'polling';
      poll();
    }
  }
  async function poll() {
    if (!await load() || settled(order.status)) return;
    timer = setTimeout(poll, 1000);
  }
  async function cancel(orderId) {
    const response = await api(`/api/orders/${orderId}/cancel`, { method: 'POST' });
    if (!response.ok) {
      flash(response.status === 409 ? 'This order can no longer be cancelled.' : explain(response), 'error');
      return;
    }
    flash('Cancelling: your payment is refunded and the items go back on the shelf.', 'success');
    cancelling = true;
    if (view.dataset.live === 'polling') { clearTimeout(timer); poll(); } // a stream brings CANCELLED by itself
  }
  if (await load()) follow();
  return () => { stopped = true; following.abort(); clearTimeout(timer); };
}

export async function orders(query) {
  const page = Number(query.get('page') ?? 0);
  const response = await api(`/api/orders?page=${page}&size=20`);
  if (!response.ok) {
    show(h('h1', {}, 'Your orders'), h('p', { class: 'error' }, explain(response)));
    return;
  }
  const { content } = response.data;
  show(h('h1', {}, 'Your orders'),
    content.length === 0 ? h('p', { class: 'empty' }, 'No orders yet. ', h('a', { href: '#/' }, 'Start shopping.'))
      : h('table', { class: 'lines', id: 'order-history' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Order'), h('th', {}, 'Placed'), h('th', {}, 'Status'), h('th', {}, 'Total'))),
        h('tbody', {}, content.map((o) => h('tr', {},
          h('td', {}, h('a', { href: `#/orders/${o.id}` }, o.id.slice(0, 8).toUpperCase())), h('td', {}, when(o.createdAt)),
          h('td', {}, o.status), h('td', {}, money(o.total, o.currency)))))),
    pager(response.data.page, (n) => { location.hash = `#/orders?page=${n}`; }));
}

export async function notifications(query) {
  const response = await api(`/api/notifications?size=50&page=${Number(query.get('page') ?? 0)}`);
  if (!response.ok) {
    show(h('h1', {}, 'Inbox'), h('p', { class: 'error' }, explain(response)));
    return;
  }
  const { content } = response.data;
  show(h('h1', {}, 'Inbox'),
    content.length === 0 ? h('p', { class: 'empty' }, 'Nothing here yet.')
      : h('ul', { class: 'inbox', id: 'inbox' }, content.map((n) => h('li', { class: 'card', dataset: { type: n.type } },
        h('span', { class: `kind kind-${String(n.type).toLowerCase().replaceAll('_', '-')}` }, NOTIFICATION_TYPES[n.type] ?? n.type), ' ',
        h('strong', {}, n.subject), h('p', { class: 'muted' }, `${n.channel} to ${n.recipient} · ${n.status} · ${when(n.createdAt)}`)))),
    pager(response.data.page, (n) => { location.hash = `#/notifications?page=${n}`; }));
}
