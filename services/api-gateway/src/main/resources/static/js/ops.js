// The operations console (ADMIN): services and instances live, checkout funnel and outcomes, orders per second and
// p95 checkout time as small charts, circuit breakers, outbox backlog, dead letters, a link to the trace UI.
import { api, explain } from './api.js';
import { fill, h, show } from './dom.js';

const POLL_MS = 5000;
const WINDOW_MS = 10 * 60 * 1000;

/** Sums samples by name and a label filter. */
function sum(samples, name, filter = {}) {
  return samples.filter((s) => s.name === name && Object.entries(filter).every(([k, v]) => s.labels[k] === v))
    .reduce((total, s) => total + s.value, 0);
}

function groupBy(samples, name, label) {
  const groups = new Map();
  samples.filter((s) => s.name === name).forEach((s) => groups.set(s.labels[label], (groups.get(s.labels[label]) ?? 0) + s.value));
  return groups;
}

/** p95 from the change of a cumulative histogram between two snapshots. */
function p95(first, last) {
  const buckets = (samples) => groupBy(samples.filter((s) => s.labels.outcome === 'confirmed'), 'emporium_checkout_duration_seconds_bucket', 'le');
  const a = buckets(first);
  const b = buckets(last);
  const bounds = [...b.keys()].map((le) => [le, le === '+Inf' ? Infinity : Number(le)]).sort((x, y) => x[1] - y[1]);
  const count = (b.get('+Inf') ?? 0) - (a.get('+Inf') ?? 0);
  if (count <= 0) return null;
  const target = count * 0.95;
  for (const [le, bound] of bounds) if ((b.get(le) ?? 0) - (a.get(le) ?? 0) >= target) return bound;
  return null;
}

function sparkline(points, label, format) {
  const width = 320;
  const height = 60;
  const values = points.map((p) => p.value).filter((v) => v !== null && Number.isFinite(v));
  const max = Math.max(...values, 0) || 1;
  const t0 = points[0]?.at ?? 0;
  const span = Math.max(1, (points.at(-1)?.at ?? 1) - t0);
  const path = points.filter((p) => p.value !== null && Number.isFinite(p.value))
    .map((p) => `${(((p.at - t0) / span) * width).toFixed(1)},${(height - (p.value / max) * (height - 4) - 2).toFixed(1)}`).join(' ');
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'spark');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${label}: latest ${values.length ? format(values.at(-1)) : 'no data'}`);
  const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
  line.setAttribute('points', path);
  svg.append(line);
  return h('figure', { class: 'chart' }, svg, h('figcaption', {}, `${label}: ${values.length ? format(values.at(-1)) : '—'} (max ${format(max)})`));
}

export async function page() {
  const history = []; // {at, samples}
  // not a live region: the whole console is redrawn every few seconds; the health heading says UP or DOWN
  const area = h('div', { id: 'ops' }, h('p', { class: 'muted' }, 'Collecting…'));
  show(h('h1', {}, 'Operations'), area);
  let timer;
  let stopped = false;

  async function tick() {
    const [health, metrics] = await Promise.all([api('/api/health'), api('/api/ops/metrics')]);
    if (stopped) return;
    if (!metrics.ok) {
      fill(area, h('p', { class: 'error' }, explain(metrics)));
      timer = setTimeout(tick, POLL_MS);
      return;
    }
    const now = Date.now();
    history.push({ at: now, samples: metrics.data.samples });
    while (history.length > 2 && now - history[0].at > WINDOW_MS) history.shift();
    const first = history[0].samples;
    const last = history.at(-1).samples;
    const delta = (name, filter) => sum(last, name, filter) - sum(first, name, filter);

    const rates = history.slice(1).map((snapshot, i) => ({
      at: snapshot.at,
      value: (sum(snapshot.samples, 'emporium_orders_placed_total') - sum(history[i].samples, 'emporium_orders_placed_total'))
        / ((snapshot.at - history[i].at) / 1000),
    }));
    const latencies = history.slice(1).map((snapshot, i) => ({ at: snapshot.at, value: p95(history[Math.max(0, i - 11)].samples, snapshot.samples) }));
    const rejected = new Map([...groupBy(last.filter((s) => s.labels.outcome === 'rejected'), 'emporium_orders_completed_total', 'reason')]
      .map(([reason, value]) => [reason, value - (groupBy(first.filter((s) => s.labels.outcome === 'rejected'), 'emporium_orders_completed_total', 'reason').get(reason) ?? 0)]));
    const minutes = Math.max(1, Math.round((history.at(-1).at - history[0].at) / 60000));
    const breakers = last.filter((s) => s.name === 'resilience4j_circuitbreaker_state' && s.value === 1);
    const platform = health.data ?? health.problem; // 503 while a service is down, with the same body
    const services = platform?.services ?? [];

    fill(area,
      h('section', { class: 'panel' }, h('h2', {}, `Services — ${platform?.status ?? 'unknown'}`),
        h('table', { class: 'lines', id: 'ops-health' }, h('tbody', {}, services.flatMap((service) => service.instances.length
          ? service.instances.map((instance) => h('tr', {}, h('td', {}, service.name), h('td', {}, instance.id),
            h('td', { class: `state-${instance.status.toLowerCase()}` }, instance.status)))
          : [h('tr', {}, h('td', {}, service.name), h('td', {}, '—'), h('td', { class: 'state-down' }, 'DOWN'))])))),
      h('section', { class: 'panel', id: 'ops-funnel' }, h('h2', {}, `Checkout, last ${history.length > 1 ? `${minutes} min` : 'moments'}`),
        h('dl', { class: 'figures' },
          h('dt', {}, 'Placed'), h('dd', {}, delta('emporium_orders_placed_total')),
          h('dt', {}, 'Confirmed'), h('dd', {}, delta('emporium_orders_completed_total', { outcome: 'confirmed' })),
          h('dt', {}, 'Rejected'), h('dd', {}, delta('emporium_orders_completed_total', { outcome: 'rejected' }),
            [...rejected].filter(([, n]) => n > 0).map(([reason, n]) => h('span', { class: 'muted' }, ` ${reason} ${n}`))),
          h('dt', {}, 'Cancelled'), h('dd', {}, delta('emporium_orders_completed_total', { outcome: 'cancelled' })),
          h('dt', {}, 'Since start: placed / confirmed'), h('dd', { id: 'ops-since-start' }, `${sum(last, 'emporium_orders_placed_total')} / ${sum(last, 'emporium_orders_completed_total', { outcome: 'confirmed' })}`)),
        sparkline(rates, 'Orders per second', (v) => v.toFixed(2)),
        sparkline(latencies, 'p95 placed → confirmed (s, last minute)', (v) => (v === Infinity ? '> max' : `${v}`))),
      h('section', { class: 'panel', id: 'ops-resilience' }, h('h2', {}, 'Resilience'),
        h('h3', {}, 'Circuit breakers'),
        h('ul', {}, breakers.length === 0 ? h('li', {}, 'none reporting')
          : breakers.map((b) => h('li', { class: `state-${b.labels.state}` }, `${b.service} → ${b.labels.name}: ${b.labels.state.toUpperCase()}`))),
        h('h3', {}, 'Outbox'),
        h('ul', {}, [...new Set(last.filter((s) => s.name === 'emporium_outbox_pending').map((s) => s.service))].map((service) =>
          h('li', {}, `${service}: ${sum(last.filter((s) => s.service === service), 'emporium_outbox_pending')} waiting, oldest `
            + `${Math.max(0, ...last.filter((s) => s.service === service && s.name === 'emporium_outbox_oldest_age_seconds').map((s) => s.value)).toFixed(0)} s`))),
        h('h3', {}, 'Dead letters'),
        (() => {
          const letters = groupBy(last, 'emporium_kafka_dead_letters_total', 'topic');
          return letters.size === 0 ? h('p', { id: 'dead-letters' }, 'None.')
            : h('ul', { id: 'dead-letters' }, [...letters].map(([topic, n]) => h('li', {}, `${topic}: ${n} — inspect and replay with `,
              h('code', {}, `java -jar platform/launcher/target/launcher.jar dead-letters list ${topic}.DLT`))));
        })(),
        metrics.data.traceUi ? h('p', {}, h('a', { href: metrics.data.traceUi, target: '_blank', rel: 'noopener' }, 'Open the trace UI')) : null),
      h('p', { class: 'muted' }, `Updated ${new Date(now).toLocaleTimeString()} · every ${POLL_MS / 1000} s · figures from every instance's metrics`));
    timer = setTimeout(tick, POLL_MS);
  }
  await tick();
  return () => { stopped = true; clearTimeout(timer); };
}
