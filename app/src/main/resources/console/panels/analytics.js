// Scenario S4, bookstore analytics: the declared views as live charts, the shipping and outstanding-payment
// figures, and the simulator that feeds them. Charts are Chart.js, served from its WebJar (index.html loads
// the bundle, which defines window.Chart).
//
// Each chart follows one view's stream of changed rows (GET /api/views/{name}/stream, replayed from the
// earliest change the first time) and keeps only the newest windows, so a long run uses bounded memory.
// A browser opens at most six HTTP/1.1 connections to one host, and every other request of the console
// waits while six are taken: so the panel holds its streams only while it is on screen, and when it comes
// back each stream resumes right after the last change it rendered (no gap, no second replay).
import { el, every, getJson, postJson } from '../api.js';

/** Windows a time chart keeps (60 × 5 s of payments, 60 × 30 s of page views). */
const WINDOWS_KEPT = 60;
/** Half-hour windows of purchases per city shown side by side. */
const CITY_WINDOWS_KEPT = 3;
/** The figures are pull queries: at most one per view per this many milliseconds, however fast rows change. */
const FIGURES_EVERY_MS = 1000;
/** Charts redraw at most this often while a replay or a fast run pours rows in. */
const REDRAW_EVERY_MS = 250;
const VIEWS = ['pageviews-categories', 'payments-per-5s', 'top-books-by-revenue', 'purchases-per-city',
  'shipping-times', 'outstanding-payments'];
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f',
  '#bab0ac'];
const CITY_SHADES = ['#c6dbef', '#6baed6', '#08519c']; // oldest to newest window

// The bookstore's amounts are cents of no stated currency; the console shows them as euros.
const money = new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR' });
const whole = new Intl.NumberFormat('en');

/** Cents as currency with two decimals, e.g. 123456 → €1,234.56. */
function currency(cents) {
  return money.format(cents / 100);
}

export default {
  id: 'analytics',
  title: 'Analytics',
  async mount(section) {
    const Chart = window.Chart;
    if (!Chart) {
      section.append(el('p', { class: 'notice' }, 'The chart library did not load (webjars/chart.js).'));
      return;
    }
    let declared;
    try {
      declared = new Set((await getJson('/api/views')).map((v) => v.name));
    } catch {
      declared = new Set();
    }
    const missing = VIEWS.filter((name) => !declared.has(name));
    if (missing.length) {
      section.append(el('p', { class: 'notice', id: 'analytics-status' }, `The bookstore views are not declared `
        + `(${missing.join(', ')}): run Sluice with the "bookstore" environment (application-bookstore.yml).`));
      return;
    }

    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily; // the console's font
    Chart.defaults.plugins.legend.labels.boxWidth = 12;
    const live = el('p', { class: 'meta', id: 'analytics-status' });
    const shipping = shippingFigures();
    const outstanding = outstandingFigures();
    const simulator = simulatorCard(() => { shipping.refresh(); outstanding.refresh(); });
    const categories = categoriesChart(Chart);
    const payments = paymentsChart(Chart);
    const topBooks = topBooksChart(Chart);
    const cities = citiesChart(Chart);

    section.append(live,
      el('div', { class: 'analytics-top' }, simulator.card,
        el('div', { class: 'card' },
          el('h3', {}, 'Shipping times'),
          el('p', { class: 'meta' }, 'parcels from underway to delivered, in simulated time; lost: never delivered'),
          shipping.node,
          el('h3', {}, 'Outstanding payments'),
          el('p', { class: 'meta' }, 'orders placed and not paid yet'),
          outstanding.node)),
      el('div', { class: 'charts' }, categories.card, payments.card, topBooks.card, cities.card));

    // A placed order (purchases-per-city) or a payment (payments-per-5s) is what changes the outstanding
    // payments, so their streams trigger its refresh; shipping times have a stream of their own.
    const streams = [
      new ViewStream('pageviews-categories', true, categories.put),
      new ViewStream('payments-per-5s', true, (row) => { payments.put(row); outstanding.refresh(); }),
      new ViewStream('top-books-by-revenue', true, topBooks.put),
      new ViewStream('purchases-per-city', true, (row) => { cities.put(row); outstanding.refresh(); }),
      new ViewStream('shipping-times', false, shipping.refresh, shipping.refresh),
    ];
    // "on screen": a fifth of the panel at least, so a glimpse while scrolling past opens nothing
    new IntersectionObserver((entries) => {
      const visible = entries[entries.length - 1].intersectionRatio >= 0.2;
      for (const stream of streams) {
        if (visible) stream.open();
        else stream.close();
      }
      live.dataset.live = String(visible);
      live.textContent = visible
        ? `Live: ${streams.length} view streams open (a browser opens six connections to a host: if the console `
          + 'stalls, stop the live streams above). Amounts in euros; times are window starts in UTC.'
        : 'Streams paused while this panel is off screen; they resume where they stopped.';
      if (visible) outstanding.refresh();
    }, { threshold: [0, 0.2] }).observe(section);
  },
};

/** One view's changed rows as Server-Sent Events; reopened right after the last row it handed over. */
class ViewStream {
  constructor(view, replay, onRow, onOpen) {
    this.view = view;
    this.replay = replay;
    this.onRow = onRow;
    this.onOpen = onOpen;
    this.lastId = null;
    this.source = null;
  }

  open() {
    if (this.source) return;
    let query = '';
    if (this.lastId) query = `?lastEventId=${encodeURIComponent(this.lastId)}`;
    else if (this.replay) query = '?from=earliest';
    this.source = new EventSource(`/api/views/${encodeURIComponent(this.view)}/stream${query}`);
    this.source.addEventListener('sluice.view.row', (event) => {
      this.lastId = event.lastEventId;
      this.onRow(JSON.parse(event.data));
    });
    if (this.onOpen) this.source.addEventListener('open', this.onOpen);
  }

  close() {
    if (this.source) this.source.close();
    this.source = null;
  }
}

/** A windowed view's rows by window start, at most {@code kept} windows (the newest). */
class Windows {
  constructor(kept) {
    this.kept = kept;
    this.byStart = new Map();
  }

  /**
   * The value of window {@code start}, made by {@code create} if it is new. A late window older than all
   * those kept gets a value too, to fill as usual, but is not kept.
   */
  at(start, create) {
    let value = this.byStart.get(start);
    if (value === undefined) {
      value = create();
      this.byStart.set(start, value);
      if (this.byStart.size > this.kept) this.byStart.delete(this.starts()[0]);
    }
    return value;
  }

  /** Window starts, oldest first. */
  starts() {
    return [...this.byStart.keys()].sort((a, b) => Date.parse(a) - Date.parse(b));
  }
}

/** Runs {@code task} at most once per {@code ms}; calls in between run it once more when the pause ends. */
function throttle(ms, task) {
  let pausing = false;
  let again = false;
  return function run() {
    if (pausing) {
      again = true;
      return;
    }
    pausing = true;
    Promise.resolve().then(task).catch(() => {}).finally(() => setTimeout(() => {
      pausing = false;
      if (again) {
        again = false;
        run();
      }
    }, ms));
  };
}

/** "HH:MM:SS" (UTC) of an ISO instant. */
function clock(iso) {
  return new Date(iso).toISOString().slice(11, 19);
}

function span(start, end) {
  return `${clock(start).slice(0, 5)}–${clock(end).slice(0, 5)} UTC`;
}

function chartCard(view, title, note) {
  const canvas = el('canvas', { role: 'img', 'aria-label': title });
  const caption = el('div', { class: 'meta', 'data-role': 'caption' }, note);
  const card = el('div', { class: 'card chart', 'data-view': view }, el('h3', {}, title), caption,
    el('div', { class: 'chart-box' }, canvas));
  return { card, canvas, caption };
}

/** Options every chart shares: it fills its box, and does not animate (rows arrive all the time). */
function baseOptions(extra) {
  return { responsive: true, maintainAspectRatio: false, animation: false, ...extra };
}

/** Category labels are ISO window starts; the axis shows their clock time. */
function timeAxis(extra = {}) {
  return {
    ticks: { maxRotation: 0, autoSkipPadding: 12, callback(value) { return clock(this.getLabelForValue(value)); } },
    title: { display: true, text: 'window start (UTC)' },
    ...extra,
  };
}

function categoriesChart(Chart) {
  const { card, canvas } = chartCard('pageviews-categories', 'Page views per category',
    `per 30 s window, the last ${WINDOWS_KEPT} windows`);
  const windows = new Windows(WINDOWS_KEPT); // start → Map(category → views)
  const chart = new Chart(canvas, {
    type: 'bar',
    data: { labels: [], datasets: [] },
    options: baseOptions({
      scales: { x: timeAxis({ stacked: true }), y: { stacked: true, beginAtZero: true, title: { display: true, text: 'views' } } },
      plugins: {
        legend: { position: 'right' },
        tooltip: { callbacks: { title: (items) => clock(items[0].label) } },
      },
    }),
  });
  const redraw = throttle(REDRAW_EVERY_MS, () => {
    const starts = windows.starts();
    const categories = [...new Set(starts.flatMap((start) => [...windows.byStart.get(start).keys()]))].sort();
    chart.data.labels = starts;
    chart.data.datasets = categories.map((category, i) => ({
      label: category,
      data: starts.map((start) => windows.byStart.get(start).get(category) ?? 0),
      backgroundColor: PALETTE[i % PALETTE.length],
    }));
    chart.update();
  });
  return {
    card,
    put(row) {
      windows.at(row.windowStart, () => new Map()).set(row.key, row.views);
      redraw();
    },
  };
}

function paymentsChart(Chart) {
  const { card, canvas } = chartCard('payments-per-5s', 'Payments per 5 s',
    `total paid per 5 s window, the last ${WINDOWS_KEPT} windows with payments`);
  const windows = new Windows(WINDOWS_KEPT); // start → {total, payments}
  const chart = new Chart(canvas, {
    type: 'line',
    data: { labels: [], datasets: [{ label: 'total', data: [], borderColor: PALETTE[0], backgroundColor: '#4e79a733', fill: true, pointRadius: 2, tension: 0.2 }] },
    options: baseOptions({
      scales: { x: timeAxis(), y: { beginAtZero: true, ticks: { callback: (cents) => currency(cents) } } },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => clock(items[0].label),
            label: (item) => `${currency(item.parsed.y)} in ${windows.byStart.get(item.label)?.payments} payment(s)`,
          },
        },
      },
    }),
  });
  const redraw = throttle(REDRAW_EVERY_MS, () => {
    const starts = windows.starts();
    chart.data.labels = starts;
    chart.data.datasets[0].data = starts.map((start) => windows.byStart.get(start).total);
    chart.update();
  });
  return {
    card,
    put(row) {
      Object.assign(windows.at(row.windowStart, () => ({})), { total: row.total, payments: row.payments });
      redraw();
    },
  };
}

function topBooksChart(Chart) {
  const { card, canvas, caption } = chartCard('top-books-by-revenue', 'Top 5 books by revenue', 'the latest hour');
  let latest = null; // the newest window's row
  const chart = new Chart(canvas, {
    type: 'bar',
    data: { labels: [], datasets: [{ label: 'revenue', data: [], backgroundColor: PALETTE[4] }] },
    options: baseOptions({
      indexAxis: 'y',
      scales: {
        x: { beginAtZero: true, grace: '5%', ticks: { maxRotation: 0, autoSkipPadding: 16, callback: (cents) => currency(cents) } },
        // each book with its revenue under its title
        y: {
          ticks: {
            autoSkip: false,
            callback(value, index) { return [this.getLabelForValue(value), currency(this.chart.data.datasets[0].data[index])]; },
          },
        },
      },
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: (item) => currency(item.parsed.x) } } },
    }),
  });
  const redraw = throttle(REDRAW_EVERY_MS, () => {
    chart.data.labels = latest.top5.map((book) => book.key);
    chart.data.datasets[0].data = latest.top5.map((book) => book.score);
    caption.textContent = `revenue from book prices in orders placed ${span(latest.windowStart, latest.windowEnd)}`;
    chart.update();
  });
  return {
    card,
    put(row) {
      if (latest && Date.parse(row.windowStart) < Date.parse(latest.windowStart)) return;
      latest = row;
      redraw();
    },
  };
}

function citiesChart(Chart) {
  const { card, canvas } = chartCard('purchases-per-city', 'Purchases per city',
    `orders placed per 30 min window, the last ${CITY_WINDOWS_KEPT} windows`);
  const windows = new Windows(CITY_WINDOWS_KEPT); // start → {end, byCity: Map(city → purchases)}
  const chart = new Chart(canvas, {
    type: 'bar',
    data: { labels: [], datasets: [] },
    options: baseOptions({
      scales: { x: { ticks: { autoSkip: false } }, y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'purchases' } } },
    }),
  });
  const redraw = throttle(REDRAW_EVERY_MS, () => {
    const starts = windows.starts();
    const cities = [...new Set(starts.flatMap((start) => [...windows.byStart.get(start).byCity.keys()]))].sort();
    chart.data.labels = cities;
    chart.data.datasets = starts.map((start, i) => {
      const w = windows.byStart.get(start);
      return {
        label: span(start, w.end),
        data: cities.map((city) => w.byCity.get(city) ?? 0),
        backgroundColor: CITY_SHADES[CITY_SHADES.length - starts.length + i],
      };
    });
    chart.update();
  });
  return {
    card,
    put(row) {
      windows.at(row.windowStart, () => ({ end: row.windowEnd, byCity: new Map() })).byCity.set(row.key, row.purchases);
      redraw();
    },
  };
}

/** A labelled number (a wide one takes two tiles); {@code data-value} holds it unformatted (for tests and copy-paste). */
function figure(name, label, wide = false) {
  const value = el('span', { class: 'value' }, '–');
  const node = el('div', { class: wide ? 'figure wide' : 'figure', 'data-figure': name },
    el('span', { class: 'label' }, label), value);
  return {
    node,
    show(raw, text) {
      node.dataset.value = raw === null || raw === undefined ? '' : String(raw);
      value.textContent = raw === null || raw === undefined ? '–' : text;
    },
  };
}

/** Milliseconds of simulated time as seconds, minutes or hours, whichever reads best. */
function duration(ms) {
  const size = Math.abs(ms);
  if (size < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  if (size < 7_200_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** Delivered, average, median, longest and lost parcels, from the coded view's summary. */
function shippingFigures() {
  const figures = {
    delivered: figure('delivered', 'delivered'), avgMs: figure('avgMs', 'average'), p50Ms: figure('p50Ms', 'median'),
    maxMs: figure('maxMs', 'longest'), lost: figure('lost', 'lost'),
  };
  const refresh = throttle(FIGURES_EVERY_MS, async () => {
    const s = (await getJson('/api/views/shipping-times?limit=1')).summary || {};
    figures.delivered.show(s.delivered, whole.format(s.delivered));
    for (const name of ['avgMs', 'p50Ms', 'maxMs']) figures[name].show(s[name], duration(s[name]));
    figures.lost.show(s.lost, whole.format(s.lost));
  });
  refresh();
  return {
    node: el('div', { class: 'figures', 'data-view': 'shipping-times' }, ...Object.values(figures).map((f) => f.node)),
    refresh,
  };
}

/** Orders placed and not yet paid: how many, and their total. */
function outstandingFigures() {
  const count = figure('count', 'orders unpaid');
  const amount = figure('totalAmount', 'amount due', true);
  const refresh = throttle(FIGURES_EVERY_MS, async () => {
    const s = (await getJson('/api/views/outstanding-payments?limit=1')).summary || {};
    count.show(s.count, whole.format(s.count));
    amount.show(s.totalAmount, currency(s.totalAmount));
  });
  refresh();
  return { node: el('div', { class: 'figures', 'data-view': 'outstanding-payments' }, count.node, amount.node), refresh };
}

const SIMULATOR_FIELDS = [
  // name, label, default, placeholder, hint
  ['seed', 'seed', '42', '', 'the same seed and start time give the same events'],
  ['events', 'events', '10000', '', 'empty: until stopped'],
  ['rate', 'rate', '200', '', 'events per second; 0: as fast as the log takes them'],
  ['startTime', 'start time', '', '2026-01-01T00:00:00Z', 'of the simulated clock; empty: now'],
];

/** The simulator's topics in the order its events flow; any other after them. */
const TOPICS = ['book', 'customer', 'interaction', 'purchase', 'payment', 'shipping'];
function topicOrder(topic) {
  const i = TOPICS.indexOf(topic);
  return i < 0 ? TOPICS.length : i;
}

/** The simulator's settings, start and stop, and its state (polled). {@code onFinished} runs when a run ends. */
function simulatorCard(onFinished) {
  const inputs = {};
  const errors = {};
  const form = el('form', { id: 'simulator-form' });
  for (const [name, label, value, placeholder, hint] of SIMULATOR_FIELDS) {
    const time = name === 'startTime';
    inputs[name] = el('input', { name, value, placeholder, type: time ? 'text' : 'number', size: time ? 20 : undefined,
      class: time ? undefined : 'short', step: name === 'rate' ? 'any' : '1' });
    errors[name] = el('span', { class: 'error', 'data-error-for': name });
    form.append(el('label', {}, el('span', { class: 'name' }, label), inputs[name], ' ', el('span', { class: 'meta' }, hint),
      errors[name]));
  }
  const start = el('button', { class: 'primary', type: 'submit', id: 'simulator-start' }, 'Start');
  const stop = el('button', { type: 'button', id: 'simulator-stop' }, 'Stop');
  const answer = el('span', { class: 'error', id: 'simulator-answer' });
  form.append(el('div', {}, start, ' ', stop, ' ', answer));
  const state = el('div', { id: 'simulator-state', 'data-state': 'unknown' }, '–');
  const counts = el('table', { class: 'counts', id: 'simulator-counts' });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const settings = {};
    for (const [name] of SIMULATOR_FIELDS) {
      const value = inputs[name].value.trim();
      if (value !== '') settings[name] = name === 'startTime' ? value : Number(value);
    }
    showAnswer(await postJson('/api/simulator/start', JSON.stringify(settings)));
    poll();
  });
  stop.addEventListener('click', async () => {
    showAnswer(await postJson('/api/simulator/stop'));
    poll();
  });

  function showAnswer(response) {
    answer.textContent = '';
    for (const name of Object.keys(inputs)) errors[name].textContent = '';
    if (response.ok) return;
    const problem = response.body || {};
    answer.textContent = `${response.status} ${problem.detail || problem.title || ''}`;
    for (const e of problem.errors || []) {
      const field = e.pointer.split('/').pop();
      if (errors[field]) errors[field].textContent = e.detail;
    }
  }

  let wasRunning = false;
  async function poll() {
    let status;
    try {
      status = await getJson('/api/simulator');
    } catch {
      state.dataset.state = 'unknown';
      state.textContent = 'The simulator is off (sluice.bookstore.enabled=false) or Sluice does not answer.';
      return;
    }
    state.dataset.state = status.running ? 'running' : 'stopped';
    const at = status.simulatedTime ? ` · simulated time ${status.simulatedTime.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}` : '';
    state.replaceChildren(el('span', {},
      el('strong', { class: status.running ? 'ok' : '' }, status.running ? 'running' : 'stopped'),
      status.seed === undefined ? '' : ` · seed ${status.seed}`, at,
      status.error ? el('span', { class: 'error' }, status.error) : null));
    const topics = Object.entries(status.counts || {}).sort(([a], [b]) => topicOrder(a) - topicOrder(b));
    counts.replaceChildren(el('tr', {}, el('th', {}, 'events'), ...topics.map(([topic]) => el('th', { class: 'num' }, topic))),
      el('tr', {}, el('td', {}, 'written'), ...topics.map(([topic, n]) => el('td', { class: 'num', 'data-topic': topic },
        whole.format(n)))));
    if (wasRunning && !status.running) onFinished();
    wasRunning = status.running;
  }
  every(2000, poll);

  const card = el('div', { class: 'card', id: 'simulator' }, el('h3', {}, 'Bookstore simulator'), form, state, counts);
  return { card };
}
