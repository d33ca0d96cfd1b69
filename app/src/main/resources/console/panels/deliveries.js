// Per webhook route: recent attempts (status, latency, attempt, next retry) and dead letters with replay.
// The cards sit two or three to a row on a desktop screen; long keys, errors and reasons wrap inside their
// cells within a bounded width (style.css, "Deliveries"), so each table fits its card, whatever the routes'
// names, keys and errors.
import { el, every, getJson, postJson } from '../api.js';

export default {
  id: 'deliveries',
  title: 'Deliveries',
  async mount(section) {
    const grid = el('div', { class: 'grid deliveries' });
    section.append(grid);
    const routes = (await getJson('/api/routes')).filter((r) => r.kind !== 'sse');
    if (routes.length === 0) grid.append(el('p', { class: 'notice' }, 'No webhook routes are declared.'));
    for (const route of routes) grid.append(card(route));
  },
};

function card(route) {
  const attempts = el('tbody');
  const letters = el('tbody');
  const report = el('div', { class: 'meta', 'data-role': 'replay-report' });
  const replay = el('button', { 'data-role': 'replay' }, 'Replay dead letters');
  replay.addEventListener('click', async () => {
    const response = await postJson(`/api/dead-letters/${encodeURIComponent(route.name)}/replay`);
    const r = response.body || {};
    report.textContent = response.ok
      ? `replayed ${r.replayed}, remaining ${r.remaining}${r.stoppedBecause ? ` (${r.stoppedBecause})` : ''}`
      : `${response.status} ${r.detail || ''}`;
    refresh();
  });

  async function refresh() {
    const [recent, dead] = await Promise.all([
      getJson(`/api/routes/${encodeURIComponent(route.name)}/attempts?limit=20`),
      getJson(`/api/dead-letters/${encodeURIComponent(route.name)}?limit=20`),
    ]);
    attempts.replaceChildren(...(recent.length ? [] : [empty(7, 'no delivery attempt yet')]), ...recent.map((a) => el('tr', { 'data-role': 'attempt' },
      el('td', {}, new Date(a.at).toLocaleTimeString()),
      el('td', { class: 'wrap' }, el('span', { class: 'key' }, a.key ?? '')),
      el('td', { class: 'wrap' }, a.output === 'to' ? '' : a.output),
      el('td', {}, a.attempt === 0 ? 'replay' : `#${a.attempt}`),
      el('td', { class: `wrap ${a.delivered ? 'ok' : 'bad'}` }, a.status
        ? el('span', { class: 'detail' }, `${a.status}`)
        // an error reads "Class: context: cause"; the cell shows the cause, the whole text is its tooltip
        : el('span', { class: 'detail', title: a.detail }, String(a.detail || '').split(': ').pop())),
      el('td', {}, `${a.latencyMillis} ms`),
      el('td', { class: 'wrap' }, a.nextRetryMillis ? `retry ${new Date(a.nextRetryMillis).toLocaleTimeString()}` : ''))));
    letters.replaceChildren(...(dead.length ? [] : [empty(4, 'none')]), ...dead.map((d) => el('tr', { 'data-role': 'dead-letter' },
      el('td', {}, d.position), el('td', { class: 'wrap' }, el('span', { class: 'key' }, d.key ?? '')), el('td', {}, d.attempts),
      el('td', { class: 'wrap reason bad' }, d.reason))));
  }
  every(2000, () => refresh().catch(() => {}));

  return el('div', { class: 'card', 'data-route': route.name },
    el('h3', {}, route.name),
    el('div', { class: 'meta' }, `${route.topic} → ${route.destination}${route.group ? ` · group ${route.group}` : ''}`),
    el('table', {}, el('thead', {}, el('tr', {}, ...['time', 'key', 'output', 'attempt', 'status', 'latency', 'next'].map((h) => el('th', {}, h)))), attempts),
    el('h3', {}, 'Dead letters'),
    el('table', {}, el('thead', {}, el('tr', {}, ...['position', 'key', 'attempts', 'reason'].map((h) => el('th', {}, h)))), letters),
    el('div', {}, replay, ' ', report));
}

/** The row of a table with nothing to show, saying so. */
function empty(columns, text) {
  return el('tr', { 'data-role': 'empty' }, el('td', { class: 'meta', colspan: String(columns) }, text));
}
