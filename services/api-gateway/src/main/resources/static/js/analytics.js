// Sales analytics (ADMIN), from analytics-service: orders and revenue over time, the checkout funnel, top products,
// sign-ups and what is out of stock, for the last 24 hours (hourly) or the last 7 or 30 days (daily, UTC days).
// The charts are SVG built with the DOM (the page's Content-Security-Policy allows no inline style or script): each is
// an image with a text summary, and its figures are in a table screen readers read.
import { api, explain } from './api.js';
import { tabs } from './admin.js';
import { fill, h, money, show } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const RANGES = {
  '24h': { label: 'Last 24 hours', interval: 'hour', buckets: 24 },
  '7d': { label: 'Last 7 days', interval: 'day', buckets: 7 },
  '30d': { label: 'Last 30 days', interval: 'day', buckets: 30 },
};
const DEFAULT_RANGE = '7d';
const REASONS = [['OUT_OF_STOCK', 'out of stock'], ['PAYMENT_DECLINED', 'payment declined'], ['TIMEOUT', 'timed out']];

/** An SVG element; its children may be elements or text. */
function s(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined && value !== null) element.setAttribute(name, String(value));
  for (const child of children.flat()) if (child !== null && child !== undefined) element.append(child);
  return element;
}

/** from/to on whole UTC hours or days, the current one included: the buckets line up with analytics-service's. */
function period(range) {
  const { interval, buckets } = RANGES[range];
  const step = interval === 'hour' ? HOUR_MS : DAY_MS;
  const to = Math.floor(Date.now() / step) * step + step;
  const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
  return { from: iso(to - buckets * step), to: iso(to), interval };
}

/** What to tell the admin when a call failed: the API's own words, or what the status means when it has none. */
function problemText(response) {
  if ([0, 401, 403, 429].includes(response.status)) return explain(response);
  return response.problem?.detail ?? response.problem?.title ?? explain(response);
}

const count = (n) => new Intl.NumberFormat('en-US').format(Number(n ?? 0));
const percent = (ratio) => new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(Number(ratio ?? 0));
const compactMoney = (amount, currency) => new Intl.NumberFormat('en-US', { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(amount);

/** A bucket's start for axis and table: "14:00" for hours (local time), "Mon, Nov 30" for days (UTC). */
function bucketLabel(iso, interval, long = false) {
  const at = new Date(iso);
  if (interval === 'hour') {
    return at.toLocaleString('en-US', long ? { weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  }
  return at.toLocaleDateString('en-US', long ? { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' } : { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** The axis' top: a round number at or above max; for counts an even one, so the middle line is a whole number too. */
function roundUp(max, whole) {
  if (!(max > 0)) return whole ? 2 : 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  const top = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((m) => m * magnitude).find((v) => v >= max * (1 - 1e-9));
  return whole ? Math.max(2, Math.ceil(top / 2) * 2) : top;
}

/** A figure: its image (with its summary as the accessible name), a caption, and its figures in a table for screen readers. */
function figure(id, summary, svg, caption, table) {
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', summary); // the bars' and points' own <title>s are tooltips for the mouse
  svg.setAttribute('id', id);
  svg.setAttribute('class', `chart-svg ${svg.getAttribute('class') ?? ''}`.trim());
  return h('figure', { class: 'chart' }, svg, caption ? h('figcaption', {}, caption) : null,
    h('div', { class: 'visually-hidden' }, table));
}

function dataTable(caption, headings, rows) {
  return h('table', {}, h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headings.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.map(([first, ...rest]) => h('tr', {}, h('th', { scope: 'row' }, first), rest.map((v) => h('td', {}, v))))));
}

// the drawing's own units: scaled to the width of its column (the CSS caps it so the text stays readable)
const WIDTH = 480;
const HEIGHT = 220;
const PLOT = { left: 56, right: 10, top: 12, bottom: 28 };

/** Axes shared by the time charts: horizontal grid lines with their values, bucket labels below (about eight). */
function timeAxes(buckets, interval, top, format) {
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const y = (v) => PLOT.top + plotHeight - (v / top) * plotHeight;
  const slot = plotWidth / buckets.length;
  const x = (i) => PLOT.left + slot * i + slot / 2;
  const every = Math.ceil(buckets.length / 8);
  const grid = [0, top / 2, top].map((v) => s('g', { class: 'gridline' },
    s('line', { x1: PLOT.left, x2: WIDTH - PLOT.right, y1: y(v), y2: y(v) }),
    format(v) === null ? null : s('text', { x: PLOT.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, format(v))));
  const labels = buckets.map((b, i) => (i % every === 0
    ? s('text', { class: 'tick', x: x(i), y: HEIGHT - 8, 'text-anchor': 'middle' }, bucketLabel(b.start, interval)) : null));
  return { x, y, slot, elements: [...grid, ...labels] };
}

function revenueChart(buckets, interval, currency) {
  const total = buckets.reduce((sum, b) => sum + Number(b.revenue ?? 0), 0);
  const top = roundUp(Math.max(...buckets.map((b) => Number(b.revenue ?? 0))), false);
  const axes = timeAxes(buckets, interval, top, (v) => compactMoney(v, currency));
  const bars = buckets.filter((b) => Number(b.revenue) > 0).map((b) => {
    const i = buckets.indexOf(b);
    const y = axes.y(Number(b.revenue));
    return s('rect', { class: 'bar', x: axes.x(i) - axes.slot * 0.35, y, width: axes.slot * 0.7, height: Math.max(1, axes.y(0) - y) },
      s('title', {}, `${bucketLabel(b.start, interval, true)}: ${money(b.revenue, currency)}`));
  });
  const best = buckets.reduce((a, b) => (Number(b.revenue) > Number(a.revenue) ? b : a), buckets[0]);
  const summary = `Revenue per ${interval}: ${money(total, currency)} in total`
    + (total > 0 ? `, highest ${money(best.revenue, currency)} (${bucketLabel(best.start, interval, true)})` : '');
  return figure('analytics-revenue-chart', summary, s('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}` }, axes.elements, bars), null,
    dataTable(`Revenue per ${interval}`, [interval === 'hour' ? 'Hour' : 'Day (UTC)', 'Revenue', 'Units'],
      buckets.map((b) => [bucketLabel(b.start, interval, true), money(b.revenue ?? 0, currency), count(b.units)])));
}

function ordersChart(buckets, interval) {
  const top = roundUp(Math.max(...buckets.flatMap((b) => [b.placed ?? 0, b.confirmed ?? 0])), true);
  const axes = timeAxes(buckets, interval, top, (v) => (Number.isInteger(v) ? count(v) : null));
  const series = (key) => [
    s('polyline', { class: `line line-${key}`, points: buckets.map((b, i) => `${axes.x(i).toFixed(1)},${axes.y(b[key] ?? 0).toFixed(1)}`).join(' ') }),
    ...buckets.map((b, i) => s('circle', { class: `dot dot-${key}`, cx: axes.x(i), cy: axes.y(b[key] ?? 0), r: 3.5 },
      s('title', {}, `${bucketLabel(b.start, interval, true)}: ${count(b[key])} ${key}`))),
  ];
  const placed = buckets.reduce((sum, b) => sum + (b.placed ?? 0), 0);
  const confirmed = buckets.reduce((sum, b) => sum + (b.confirmed ?? 0), 0);
  const summary = `Orders per ${interval}: ${count(placed)} placed (solid line), ${count(confirmed)} confirmed (dashed line)`;
  const legend = h('span', { class: 'legend' },
    h('span', { class: 'key key-placed' }), ' Placed ', h('span', { class: 'key key-confirmed' }), ' Confirmed');
  return figure('analytics-orders-chart', summary, s('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}` }, axes.elements, series('placed'), series('confirmed')), legend,
    dataTable(`Orders per ${interval}`, [interval === 'hour' ? 'Hour' : 'Day (UTC)', 'Placed', 'Confirmed', 'Rejected', 'Cancelled'],
      buckets.map((b) => [bucketLabel(b.start, interval, true), count(b.placed), count(b.confirmed),
        count(REASONS.reduce((sum, [reason]) => sum + (b.rejected?.[reason] ?? 0), 0)), count(b.cancelled)])));
}

/** Placed → confirmed / rejected (by reason) / cancelled, as horizontal bars with their counts and share of placed. */
function funnelChart(funnel) {
  const placed = funnel.placed ?? 0;
  const stages = [
    ['Placed', placed, 'placed'],
    ['Confirmed', funnel.confirmed ?? 0, 'confirmed'],
    ...REASONS.map(([reason, words]) => [`Rejected: ${words}`, funnel.rejected?.[reason] ?? 0, 'rejected']),
    ['Cancelled', funnel.cancelled ?? 0, 'cancelled'],
  ];
  const share = (n) => (placed > 0 ? n / placed : 0);
  // each stage: its name and figures on a line, its bar under them, over a track that stands for everything placed
  const row = 42;
  const rows = stages.map(([label, n, kind], i) => s('g', {},
    s('text', { x: 0, y: i * row + 14 }, label),
    s('text', { class: 'value', x: WIDTH, y: i * row + 14, 'text-anchor': 'end' }, `${count(n)} (${percent(share(n))})`),
    s('rect', { class: 'track', x: 0, y: i * row + 20, height: 14, width: WIDTH }),
    n > 0 ? s('rect', { class: `bar bar-${kind}`, x: 0, y: i * row + 20, height: 14, width: Math.max(2, share(n) * WIDTH) }) : null));
  const summary = `Checkout funnel: ${stages.map(([label, n]) => `${label} ${count(n)} (${percent(share(n))})`).join(', ')}`;
  return figure('analytics-funnel-chart', summary, s('svg', { viewBox: `0 0 ${WIDTH} ${stages.length * row}`, class: 'funnel' }, rows), null,
    dataTable('Checkout funnel', ['Stage', 'Orders', 'Share of placed'], stages.map(([label, n]) => [label, count(n), percent(share(n))])));
}

/** Top products as a table; the bar beside each figure is decoration, the figure is the text. */
function topTable(id, caption, products, by, currency) {
  if (products.length === 0) return h('p', { class: 'empty', id }, 'No sales in this period.');
  const value = (p) => Number(by === 'units' ? p.units : p.revenue) || 0;
  const max = Math.max(...products.map(value), 1);
  const bar = (p) => s('svg', { class: 'minibar', viewBox: '0 0 100 10', preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' },
    s('rect', { x: 0, y: 0, height: 10, width: (value(p) / max) * 100 }));
  return h('table', { class: 'lines', id }, h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ['#', 'Product', 'Units', 'Revenue'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, products.map((p, i) => h('tr', { dataset: { sku: p.sku } },
      h('td', {}, i + 1),
      h('th', { scope: 'row' }, p.name, h('br'), h('span', { class: 'muted' }, p.sku)),
      h('td', { class: 'number' }, count(p.units), by === 'units' ? bar(p) : null),
      h('td', { class: 'number' }, money(p.revenue ?? 0, currency), by === 'revenue' ? bar(p) : null)))));
}

/** New accounts per day; the days without any are left out (30 rows of zeros say little). */
function signupsTable(days) {
  const total = days.reduce((sum, d) => sum + (d.count ?? 0), 0);
  if (total === 0) return h('p', { class: 'empty', id: 'analytics-signups' }, 'No sign-ups in this period.');
  return h('table', { class: 'lines', id: 'analytics-signups' },
    h('caption', {}, `${count(total)} new account${total === 1 ? '' : 's'}${days.some((d) => !d.count) ? ' (days without any left out)' : ''}`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Day (UTC)'), h('th', { scope: 'col' }, 'Sign-ups'))),
    h('tbody', {}, days.filter((d) => d.count > 0).map((d) => h('tr', {}, h('td', {}, bucketLabel(`${d.day}T00:00:00Z`, 'day', true)), h('td', { class: 'number' }, count(d.count))))));
}

function outOfStockTable(products) {
  if (products.length === 0) return h('p', { class: 'empty', id: 'analytics-out-of-stock' }, 'Every product is in stock.');
  return h('table', { class: 'lines', id: 'analytics-out-of-stock' },
    h('caption', {}, `${count(products.length)} product${products.length === 1 ? '' : 's'} to restock`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'SKU'), h('th', { scope: 'col' }, 'Name'))),
    h('tbody', {}, products.map((p) => h('tr', { dataset: { sku: p.sku } }, h('td', {}, p.sku), h('td', {}, p.name)))));
}

/** A panel with its heading: the content when the call answered, its error otherwise. */
function panel(id, title, response, content) {
  return h('section', { class: 'panel', id }, h('h2', {}, title),
    response.ok ? content() : h('p', { class: 'error' }, problemText(response)));
}

function render(range, answers) {
  const { interval, label } = RANGES[range];
  const { sales, funnel, byUnits, byRevenue, signups, outOfStock } = answers;
  const all = Object.values(answers);
  if (all.every((r) => !r.ok)) {
    // nothing answered: one message, not six (analytics-service down, or not an admin)
    return [h('p', { class: 'error', id: 'analytics-error' }, problemText(all[0]))];
  }
  const buckets = sales.ok ? sales.data : [];
  const currency = buckets.find((b) => b.currency)?.currency ?? 'USD';
  const revenue = buckets.reduce((sum, b) => sum + Number(b.revenue ?? 0), 0);
  const quiet = funnel.ok && sales.ok && (funnel.data.placed ?? 0) === 0 && buckets.every((b) => !b.placed && !Number(b.revenue));
  return [
    h('section', { class: 'panel', id: 'analytics-summary', 'aria-labelledby': 'analytics-summary-heading' },
      h('h2', { id: 'analytics-summary-heading' }, `Summary — ${label.toLowerCase()}`),
      h('dl', { class: 'stats' },
        h('div', {}, h('dt', {}, 'Orders placed'), h('dd', { id: 'analytics-placed' }, funnel.ok ? count(funnel.data.placed) : '—')),
        h('div', {}, h('dt', {}, 'Confirmed'), h('dd', { id: 'analytics-confirmed' }, funnel.ok ? count(funnel.data.confirmed) : '—')),
        h('div', {}, h('dt', {}, 'Revenue'), h('dd', { id: 'analytics-revenue' }, sales.ok ? money(revenue, currency) : '—')),
        h('div', {}, h('dt', {}, 'Confirmation rate'), h('dd', { id: 'analytics-rate' }, funnel.ok && funnel.data.placed > 0 ? percent(funnel.data.confirmationRate) : '—'))),
      quiet ? h('p', { class: 'empty', id: 'analytics-empty' }, `No orders in the ${label.toLowerCase()}. The charts fill in as customers check out.`) : null),
    quiet ? null : h('div', { class: 'columns charts' },
      panel('analytics-revenue-panel', 'Revenue', sales, () => revenueChart(buckets, interval, currency)),
      panel('analytics-orders-panel', 'Orders', sales, () => ordersChart(buckets, interval))),
    quiet ? null : panel('analytics-funnel', 'Checkout funnel', funnel, () => funnelChart(funnel.data)),
    quiet ? null : h('section', { class: 'panel', id: 'analytics-top' }, h('h2', {}, 'Top products'),
      h('div', { class: 'columns' },
        h('div', {}, h('h3', {}, 'By units sold'),
          byUnits.ok ? topTable('analytics-top-units', 'Top 10 products by units sold', byUnits.data, 'units', currency) : h('p', { class: 'error' }, problemText(byUnits))),
        h('div', {}, h('h3', {}, 'By revenue'),
          byRevenue.ok ? topTable('analytics-top-revenue', 'Top 10 products by revenue', byRevenue.data, 'revenue', currency) : h('p', { class: 'error' }, problemText(byRevenue))))),
    h('div', { class: 'columns' },
      panel('analytics-signups-panel', 'Sign-ups', signups, () => signupsTable(signups.data)),
      panel('analytics-stock-panel', 'Out of stock', outOfStock, () => outOfStockTable(outOfStock.data))),
  ];
}

export async function page(query) {
  const range = RANGES[query.get('range')] ? query.get('range') : DEFAULT_RANGE;
  const picker = h('select', { id: 'analytics-range', onchange: (e) => { location.hash = `#/admin/analytics?range=${e.target.value}`; } },
    Object.entries(RANGES).map(([value, r]) => h('option', { value, selected: value === range }, r.label)));
  // aria-disabled rather than disabled while loading: a disabled button would drop the keyboard focus
  const again = h('button', { type: 'button', id: 'analytics-refresh' }, 'Refresh');
  const area = h('div', { id: 'analytics' });
  const updated = h('p', { class: 'muted', id: 'analytics-updated', role: 'status' });
  show(tabs('analytics'), h('h1', {}, 'Analytics'),
    h('div', { class: 'filters toolbar' },
      h('div', { class: 'control' }, h('label', { for: 'analytics-range' }, 'Period'), picker),
      h('div', { class: 'control' }, again)),
    updated, area);
  let stopped = false;
  let loading = false;

  async function load() {
    if (loading) return;
    loading = true;
    again.setAttribute('aria-disabled', 'true');
    area.setAttribute('aria-busy', 'true');
    updated.textContent = 'Loading figures…';
    const { from, to, interval } = period(range);
    const get = (path, params) => api(`/api/analytics/${path}?${new URLSearchParams(params)}`);
    const [sales, funnel, byUnits, byRevenue, signups, outOfStock] = await Promise.all([
      get('sales', { from, to, interval }),
      get('funnel', { from, to }),
      get('top-products', { from, to, by: 'units', limit: 10 }),
      get('top-products', { from, to, by: 'revenue', limit: 10 }),
      get('signups', { from, to }),
      api('/api/analytics/out-of-stock'),
    ]);
    if (stopped) return;
    const answers = { sales, funnel, byUnits, byRevenue, signups, outOfStock };
    fill(area, render(range, answers));
    area.setAttribute('aria-busy', 'false');
    again.removeAttribute('aria-disabled');
    loading = false;
    updated.textContent = `${RANGES[range].label}${interval === 'day' ? ' (UTC days)' : ''} · `
      + `${Object.values(answers).some((r) => r.ok) ? 'updated' : 'could not be read'} at ${new Date().toLocaleTimeString()}`;
  }
  again.addEventListener('click', load);
  await load();
  return () => { stopped = true; };
}
