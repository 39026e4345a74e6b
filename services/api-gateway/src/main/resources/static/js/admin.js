// The back office (ADMIN role): products and stock, orders with their payments and refunds, users (analytics: analytics.js).
import { api, explain } from './api.js';
import { pager, picture } from './shop.js';
import { field, fill, flash, h, money, show, showProblem, when } from './dom.js';

export function tabs(current) {
  return h('nav', { class: 'tabs', 'aria-label': 'Admin' }, [['products', 'Products'], ['orders', 'Orders'], ['users', 'Users'], ['analytics', 'Analytics']]
    .map(([id, label]) => h('a', { href: `#/admin/${id}`, 'aria-current': id === current ? 'page' : undefined }, label)));
}

function productForm(existing, done) {
  const form = h('form', { class: 'narrow', id: existing ? 'edit-product-form' : 'new-product-form' },
    existing ? null : field('SKU', 'sku', { required: true }),
    field('Name', 'name', { required: true, value: existing?.name }),
    field('Description', 'description', { type: 'textarea', required: true }),
    field('Category', 'category', { required: true, value: existing?.category }),
    field('Price', 'price', { type: 'number', step: '0.01', min: '0.01', required: true, value: existing?.price }),
    existing ? null : field('Stock', 'stock', { type: 'number', min: 0, step: 1, required: true, value: 0 }),
    h('button', { type: 'submit' }, existing ? 'Save' : 'Create product'),
    existing ? h('button', { type: 'button', class: 'danger', onclick: done }, 'Cancel') : null);
  if (existing) form.elements.description.value = existing.description ?? '';
  form.noValidate = true; // the API's messages are the ones shown, next to each field
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = (name) => form.elements[name]?.value.trim();
    const body = { name: v('name'), description: v('description'), category: v('category'), price: v('price') === '' ? null : Number(v('price')) };
    if (!existing) Object.assign(body, { sku: v('sku'), stock: v('stock') === '' ? null : Number(v('stock')) });
    const response = existing
      ? await api(`/api/products/${existing.id}`, { method: 'PUT', body: { ...body, sku: existing.sku } })
      : await api('/api/products', { method: 'POST', body });
    if (!response.ok) {
      showProblem(form, { ...response.problem, detail: response.status === 409 ? 'A product with this SKU exists already.' : explain(response) });
      return;
    }
    flash(existing ? 'Saved.' : `Created ${response.data.name}.`, 'success');
    done();
  });
  return form;
}

/** A product's picture and the form that replaces it: PNG, JPEG or WebP up to 2 MiB, checked and re-encoded by product-service. */
function pictureEditor(product) {
  const current = h('div', { id: 'product-picture' }, picture(product.name, 'large', product.image?.large));
  const file = h('input', { id: 'field-image', name: 'image', type: 'file', accept: 'image/png,image/jpeg,image/webp', required: true,
    'aria-describedby': 'image-hint error-image' });
  const form = h('form', { id: 'picture-form', class: 'narrow' },
    h('div', { class: 'field' }, h('label', { for: 'field-image' }, 'New picture'), file,
      h('span', { class: 'muted', id: 'image-hint' }, 'PNG, JPEG or WebP, up to 2 MiB.'),
      h('span', { class: 'field-error', id: 'error-image' })),
    h('button', { type: 'submit' }, 'Upload picture'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const chosen = file.files[0];
    if (!chosen) { showProblem(form, { errors: [{ field: 'image', message: 'Choose a file first.' }] }); return; }
    const response = await api(`/api/products/${product.id}/image`, { method: 'PUT', body: chosen });
    if (!response.ok) {
      const why = { 413: 'The file is larger than 2 MiB.', 415: 'Only PNG, JPEG and WebP pictures are accepted.' }[response.status]
        ?? (response.status === 400 ? response.problem?.detail : explain(response));
      showProblem(form, { detail: 'The picture was not changed.', errors: [{ field: 'image', message: why }] });
      return;
    }
    form.querySelectorAll('.field-error').forEach((span) => { span.textContent = ''; });
    fill(current, picture(product.name, 'large', response.data.image?.large));
    form.reset();
    flash(`New picture for ${product.name}.`, 'success');
  });
  return h('section', { class: 'panel', id: 'product-picture-panel' }, h('h2', {}, 'Picture'), current, form);
}

/** A product's stock split three ways (available to buy, held for checkouts under way, sold), from product-service. */
function inventory(product) {
  const section = h('section', { class: 'panel', id: 'product-inventory', 'aria-live': 'polite' },
    h('h2', {}, 'Stock'), h('p', { class: 'muted' }, 'Loading stock…'));
  api(`/api/products/${product.id}/inventory`).then((r) => {
    if (!r.ok) {
      fill(section, h('h2', {}, 'Stock'), h('p', { class: 'error' }, r.status === 404 ? 'This product is no longer in the catalog.' : explain(r)));
      return;
    }
    fill(section, h('h2', {}, 'Stock'),
      h('dl', { class: 'figures' },
        h('dt', {}, 'Available'), h('dd', { id: 'inventory-available' }, r.data.available),
        h('dt', {}, 'Reserved (checkouts under way)'), h('dd', { id: 'inventory-reserved' }, r.data.reserved),
        h('dt', {}, 'Sold'), h('dd', { id: 'inventory-sold' }, r.data.sold)),
      h('p', { class: 'muted' }, 'Adjust the available stock from the product list.'));
  });
  return section;
}

export async function products(query) {
  const q = query.get('q') ?? '';
  const response = await api(`/api/products?size=100&sort=newest${q ? `&q=${encodeURIComponent(q)}` : ''}`);
  const list = response.ok ? response.data.content : [];
  const rows = list.map((p) => {
    const delta = h('input', { type: 'number', step: 1, value: 0, 'aria-label': `Stock change for ${p.name}`, class: 'delta' });
    return h('tr', { dataset: { sku: p.sku } },
      h('td', {}, p.sku), h('td', {}, p.name), h('td', {}, money(p.price, p.currency)), h('td', { class: 'stock' }, p.stock),
      h('td', {}, h('form', { class: 'inline', onsubmit: async (e) => {
        e.preventDefault();
        const r = await api(`/api/products/${p.id}/stock`, { method: 'PATCH', body: { delta: Number(delta.value) } });
        if (!r.ok) flash(r.status === 409 ? 'Stock cannot go below zero.' : explain(r), 'error'); else { flash(`${p.name}: ${r.data.stock} in stock.`, 'success'); products(query); }
      } }, delta, h('button', { type: 'submit', 'aria-label': `Adjust the stock of ${p.name}` }, 'Adjust'))),
      h('td', {}, h('button', { type: 'button', 'aria-label': `Edit ${p.name}`, onclick: () => show(tabs('products'), h('h1', {}, `Edit ${p.name}`), inventory(p), pictureEditor(p), productForm(p, () => products(query))) }, 'Edit'),
        h('button', { type: 'button', class: 'danger', 'aria-label': `Delete ${p.name}`, onclick: async () => {
          if (!confirm(`Delete ${p.name}? Past orders keep their copy.`)) return;
          const r = await api(`/api/products/${p.id}`, { method: 'DELETE' });
          flash(r.ok ? `${p.name} deleted.` : explain(r), r.ok ? 'success' : 'error');
          products(query);
        } }, 'Delete')));
  });
  show(tabs('products'), h('h1', {}, 'Products'),
    response.ok ? null : h('p', { class: 'error' }, explain(response)),
    h('details', { id: 'new-product' }, h('summary', {}, 'New product'), productForm(null, () => products(query))),
    h('table', { class: 'lines', id: 'admin-products' },
      h('thead', {}, h('tr', {}, ['SKU', 'Name', 'Price', 'Stock', 'Adjust stock', ''].map((t) => h('th', {}, t)))),
      h('tbody', {}, rows)));
}

export async function orders(query) {
  const status = query.get('status') ?? '';
  const page = Number(query.get('page') ?? 0);
  const response = await api(`/api/orders?size=25&page=${page}${status ? `&status=${encodeURIComponent(status)}` : ''}`);
  const filter = h('select', { id: 'status-filter', onchange: (e) => { location.hash = `#/admin/orders${e.target.value ? `?status=${e.target.value}` : ''}`; } },
    ['', 'PENDING', 'CONFIRMED', 'REJECTED', 'CANCELLED'].map((s) => h('option', { value: s, selected: s === status }, s || 'All statuses')));
  const details = h('section', { id: 'order-details', 'aria-live': 'polite' });
  async function open(o) {
    const payments = await api(`/api/payments?orderId=${o.id}`);
    fill(details, h('h2', {}, `Order ${o.id.slice(0, 8).toUpperCase()} — ${o.status}`),
      h('p', {}, `Customer ${o.userId} · ${money(o.total, o.currency)} · ${when(o.createdAt)}${o.failureReason ? ` · ${o.failureReason}` : ''}`),
      payments.ok ? h('table', { class: 'lines' }, h('tbody', {}, payments.data.map((p) => h('tr', {},
        h('td', {}, p.id.slice(0, 8)),
        // an operation recorded whose outcome the processor has not told yet: the reconciler finishes it
        h('td', {}, p.status, p.pendingOperation ? h('span', { class: 'muted' }, ` · ${p.pendingOperation} pending`) : null),
        h('td', {}, money(p.amount, p.currency)), h('td', {}, `card ${p.cardLast4}`),
        h('td', {}, p.status === 'CAPTURED' && !p.pendingOperation ? h('button', { type: 'button', class: 'danger', onclick: async () => {
          const r = await api(`/api/payments/${p.id}/refund`, { method: 'POST' });
          flash(r.ok ? 'Refund requested: the order will be cancelled and restocked.' : explain(r), r.ok ? 'success' : 'error');
          setTimeout(() => open(o), 1000);
        } }, 'Refund') : null)))))
        : h('p', { class: 'error' }, explain(payments)));
  }
  show(tabs('orders'), h('h1', {}, 'Orders'), h('label', { for: 'status-filter' }, 'Status '), filter,
    response.ok ? h('table', { class: 'lines', id: 'admin-orders' },
      h('thead', {}, h('tr', {}, ['Order', 'Placed', 'Customer', 'Status', 'Total'].map((t) => h('th', {}, t)))),
      h('tbody', {}, response.data.content.map((o) => h('tr', {},
        h('td', {}, h('button', { type: 'button', class: 'link', onclick: () => open(o) }, o.id.slice(0, 8).toUpperCase())),
        h('td', {}, when(o.createdAt)), h('td', {}, o.userId.slice(0, 8)), h('td', {}, o.status), h('td', {}, money(o.total, o.currency))))))
      : h('p', { class: 'error' }, explain(response)),
    response.ok ? pager(response.data.page, (n) => { location.hash = `#/admin/orders?page=${n}${status ? `&status=${encodeURIComponent(status)}` : ''}`; }) : null,
    details);
}

export async function users(query) {
  const page = Number(query.get('page') ?? 0);
  const response = await api(`/api/users?size=50&page=${page}`);
  show(tabs('users'), h('h1', {}, 'Users'),
    response.ok ? h('table', { class: 'lines', id: 'admin-users' },
      h('thead', {}, h('tr', {}, ['Name', 'Email', 'Roles', 'Since'].map((t) => h('th', {}, t)))),
      h('tbody', {}, response.data.content.map((u) => h('tr', {},
        h('td', {}, u.name), h('td', {}, u.email), h('td', {}, u.roles.join(', ')), h('td', {}, when(u.createdAt))))))
      : h('p', { class: 'error' }, explain(response)),
    response.ok ? pager(response.data.page, (n) => { location.hash = `#/admin/users?page=${n}`; }) : null);
}
