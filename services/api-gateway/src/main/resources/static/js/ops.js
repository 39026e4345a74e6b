// The operations console (ADMIN): services and instances live, checkout funnel and outcomes, orders per second and
// p95 checkout time as small charts, sagas and money in flight, circuit breakers, outbox backlog, dead letters, the
// payments reconciliation report, a link to the trace UI.
import { api, explain } from './api.js';
import { fill, h, show, when } from './dom.js';

const POLL_MS = 5000;
const WINDOW_MS = 10 * 60 * 1000;
// the report reads the processor's ledger once per payment checked: far less often than the metrics
const RECONCILIATION_POLL_MS = 30000;

/** Sums samples by name and a label filter. */
function sum(samples, name, filter = {}) {
  return samples.filter((s) => s.name === name && Object.entries(filter).every(([k, v]) => s.labels[k] === v))
    .reduce((total, s) => total + s.value, 0);
}

/**
 * The largest value of a gauge over every instance, or null when no instance reports it. For gauges counted from a
 * database the instances of a service share: each reports the same figure, so a sum would multiply it.
 */
function peak(samples, name) {
  const values = samples.filter((s) => s.name === name).map((s) => s.value);
  return values.length ? Math.max(...values) : null;
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

/** "42 s", "3 min", "2 h 5 min": how long from one instant to another. */
function age(fromIso, toIso) {
  const seconds = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000));
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 120 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The central configuration an instance runs (config/ through the config server), or a dash when it does not say. */
function configVersion(samples, instance) {
  return samples.find((s) => s.name === 'emporium_config_info' && s.instance === instance)?.labels.version ?? '—';
}

/** A figure that should be 0: shown in red while it is not; a dash when no instance reports it. */
function watched(id, value) {
  return h('dd', { id, class: value === null ? 'muted' : value > 0 ? 'state-down' : 'state-up' }, value === null ? '—' : value);
}

/** Active and overdue sagas, payment intents without an outcome, stale reservations, what the reconciler finished. */
function sagasPanel(samples) {
  const active = peak(samples, 'emporium_sagas_active');
  const reconciled = samples.filter((s) => s.name === 'emporium_payments_reconciled_total' && s.value > 0);
  const finished = new Map();
  reconciled.forEach((s) => {
    const key = `${s.labels.intent} ${s.labels.outcome}`;
    finished.set(key, (finished.get(key) ?? 0) + s.value);
  });
  return h('section', { class: 'panel', id: 'ops-sagas' }, h('h2', {}, 'Sagas and money in flight'),
    h('dl', { class: 'figures' },
      h('dt', {}, 'Checkout sagas active'), h('dd', { id: 'ops-sagas-active' }, active === null ? '—' : active),
      h('dt', {}, 'Sagas past their deadline'), watched('ops-sagas-overdue', peak(samples, 'emporium_sagas_overdue')),
      h('dt', {}, 'Payment intents pending'), watched('ops-intents-pending', peak(samples, 'emporium_payments_intents_pending')),
      h('dt', {}, 'Stock reservations held over 15 min'), watched('ops-stale-reservations', peak(samples, 'emporium_stock_reservations_stale')),
      h('dt', {}, 'Finished by the reconciler since start'), h('dd', { id: 'ops-reconciled' }, finished.size === 0 ? 'none'
        : [...finished].map(([key, n]) => `${key} ${n}`).join(', '))),
    h('p', { class: 'muted' }, 'Past their deadline, pending and held figures fall back to 0 on their own; one that stays above 0 for '
      + 'minutes has a runbook entry (docs/runbook.md: Sagas overdue, Payment intents pending, Stale stock reservations).'));
}

function ledgerText(ledger) {
  return (ledger ?? []).length === 0 ? 'nothing at the processor'
    : ledger.map((e) => [e.type, e.outcome, e.amount ?? ''].filter((part) => part !== '').join(' ')).join(', ');
}

/** The report's body: what was compared, intents still pending with their age, discrepancies with their problem. */
function reconciliationReport(report, stale) {
  const pending = report.pendingIntents ?? [];
  const discrepancies = report.discrepancies ?? [];
  return [
    h('p', { id: 'reconciliation-checked', class: stale ? 'muted' : null },
      `Checked ${report.checked} payment${report.checked === 1 ? '' : 's'} changed in the last 24 h against the processor's ledger`
        + ` · ${when(report.checkedAt)}${stale ? ' (last report that could be read)' : ''}`),
    discrepancies.length === 0
      ? h('p', { id: 'reconciliation-agree', class: 'state-up' }, report.checked === 0
        ? 'Nothing to compare: no payment changed in the last 24 h.'
        : `All payments agree with the processor (${report.checked} checked).`)
      : h('table', { class: 'lines', id: 'reconciliation-discrepancies' },
        h('caption', { class: 'error' }, `${discrepancies.length} discrepanc${discrepancies.length === 1 ? 'y' : 'ies'}: each needs a person`),
        h('thead', {}, h('tr', {}, ['Order', 'Status here', 'Problem', 'Processor ledger'].map((t) => h('th', {}, t)))),
        h('tbody', {}, discrepancies.map((d) => h('tr', {},
          h('td', {}, h('code', {}, d.orderId)), h('td', {}, d.status), h('td', {}, d.problem), h('td', {}, ledgerText(d.ledger)))))),
    h('h3', {}, 'Intents pending'),
    pending.length === 0 ? h('p', { id: 'reconciliation-pending' }, 'None: every operation sent to the processor has its outcome recorded.')
      : h('ul', { id: 'reconciliation-pending' }, pending.map((i) => h('li', {},
        `${i.intent} for order `, h('code', {}, i.orderId), ` — pending for ${age(i.since, report.checkedAt)}`))),
  ];
}

/** The payments reconciliation panel; refreshed on its own, slower clock. Answers its clean-up. */
function reconciliationPanel() {
  const body = h('div', { id: 'reconciliation-body' }, h('p', { class: 'muted' }, 'Comparing payments with the processor…'));
  const again = h('button', { type: 'button', id: 'reconciliation-again' }, 'Check again');
  const panel = h('section', { class: 'panel', id: 'ops-reconciliation' }, h('h2', {}, 'Payments reconciliation'), body, again);
  let last = null; // the last report read, shown (marked) while the processor cannot be reached
  let timer;
  let stopped = false;
  async function refresh() {
    clearTimeout(timer);
    again.disabled = true;
    const response = await api('/api/payments/reconciliation');
    if (stopped) return;
    again.disabled = false;
    if (response.ok) {
      last = response.data;
      fill(body, reconciliationReport(last, false));
    } else {
      const why = response.status === 503
        ? 'The card processor\'s ledger cannot be read right now, so payments cannot be compared. Pending intents are '
          + 'retried by the reconciler meanwhile.'
        : explain(response);
      fill(body, h('p', { class: 'error', id: 'reconciliation-unavailable' }, `${why} Next try in ${RECONCILIATION_POLL_MS / 1000} s.`),
        last ? reconciliationReport(last, true) : null);
    }
    timer = setTimeout(refresh, RECONCILIATION_POLL_MS);
  }
  again.addEventListener('click', refresh);
  refresh();
  return { panel, stop: () => { stopped = true; clearTimeout(timer); } };
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
  const updated = h('p', { class: 'muted', id: 'ops-updated' });
  // outside the area redrawn every few seconds: its button keeps focus, its report its own pace
  const reconciliation = reconciliationPanel();
  show(h('h1', {}, 'Operations'), area, reconciliation.panel, updated);
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
        h('table', { class: 'lines', id: 'ops-health' },
          h('thead', {}, h('tr', {}, h('th', {}, 'Service'), h('th', {}, 'Instance'), h('th', {}, 'Health'), h('th', {}, 'Config version'))),
          h('tbody', {}, services.flatMap((service) => service.instances.length
            ? service.instances.map((instance) => h('tr', {}, h('td', {}, service.name), h('td', {}, instance.id),
              h('td', { class: `state-${instance.status.toLowerCase()}` }, instance.status),
              h('td', { class: 'config-version' }, configVersion(last, instance.id))))
            : [h('tr', {}, h('td', {}, service.name), h('td', {}, '—'), h('td', { class: 'state-down' }, 'DOWN'), h('td', {}, '—'))])))),
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
      sagasPanel(last),
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
        metrics.data.traceUi ? h('p', {}, h('a', { href: metrics.data.traceUi, target: '_blank', rel: 'noopener' }, 'Open the trace UI')) : null));
    updated.textContent = `Updated ${new Date(now).toLocaleTimeString()} · every ${POLL_MS / 1000} s · figures from every instance's metrics`
      + ` · reconciliation every ${RECONCILIATION_POLL_MS / 1000} s`;
    timer = setTimeout(tick, POLL_MS);
  }
  await tick();
  return () => { stopped = true; clearTimeout(timer); reconciliation.stop(); };
}
