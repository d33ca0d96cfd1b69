// Every route as source → processors → outputs, with live counts per hop. A fan-out or fallback route
// lists each output with its role (fan-out, fallback-0 = primary, fallback-1 = next, ...). A route whose
// consumer waits for its broker or source says so, and why, under its row; so does one that is paused, or
// whose stored definition does not run here. A route with a source of its own (postgres-cdc) has a status
// line under its row: its phase, the snapshot, the changes since start, when the database committed the
// last one, the lag, and its slot, publication and tables; why it waits is the row's waiting note.
//
// Routes made at run time (/api/routes) are edited here as YAML, the way they are written in configuration:
// the server parses and checks the text with the same code as configuration, and each error it answers is
// shown under the editor with the line its pointer leads to. Routes of configuration are read-only.
import { el, every, getJson, send } from '../api.js';

const TEMPLATE = `name: my-webhook
from: master-data-items
group: my-webhook
to: webhook
options:
  url: http://localhost:8001/erp/json/receive
`;

export default {
  id: 'flow',
  title: 'Flow',
  mount(section) {
    const list = el('div', { id: 'flow-routes' });
    const editor = routeEditor(() => refresh());
    section.append(editor.node, list);
    async function refresh() {
      try {
        const routes = await getJson('/api/routes');
        list.replaceChildren(...routes.map((route) => row(route, editor, refresh)));
      } catch {
        list.replaceChildren(el('p', { class: 'notice' }, 'Sluice does not answer.'));
      }
    }
    every(2000, refresh);
  },
};

/** The YAML editor: a new route, or a route made at run time opened with its version (ETag). */
function routeEditor(changed) {
  const text = el('textarea', { id: 'route-yaml', rows: 9, cols: 70, spellcheck: 'false', 'aria-label': 'route as YAML' });
  const title = el('h3', { id: 'route-editor-title' });
  const save = el('button', { id: 'route-save', class: 'primary', type: 'button' });
  const fresh = el('button', { id: 'route-new', type: 'button' }, 'New route');
  const status = el('p', { id: 'route-status', class: 'meta', role: 'status' });
  const errors = el('ul', { id: 'route-errors', class: 'lint' });
  let editing = null; // {name, etag} of the route being edited; null for a new one

  function open(route) {
    editing = route;
    title.textContent = route ? `Edit route ${route.name} (version ${route.version})` : 'New route (YAML, as in configuration)';
    save.textContent = route ? 'Save' : 'Create';
    errors.replaceChildren();
    text.classList.remove('invalid');
  }

  fresh.addEventListener('click', () => {
    text.value = TEMPLATE;
    status.textContent = '';
    open(null);
  });
  save.addEventListener('click', async () => {
    const response = editing
      ? await send('PUT', `/api/routes/${encodeURIComponent(editing.name)}`, { yaml: text.value, ifMatch: editing.etag })
      : await send('POST', '/api/routes', { yaml: text.value });
    if (response.ok) {
      status.textContent = `${editing ? 'Saved' : 'Created'} ${response.body.name}, version ${response.body.version}: running now.`;
      open({ name: response.body.name, version: response.body.version, etag: response.etag });
      changed();
      return;
    }
    showProblem(response);
  });

  function showProblem(response) {
    const p = response.body || {};
    status.textContent = `${response.status} ${p.title || ''}: ${p.detail || ''}`;
    text.classList.add('invalid');
    const items = (p.errors || []).map((e) => {
      const line = lineOf(text.value, e.pointer);
      return el('li', { 'data-pointer': e.pointer, 'data-line': line || '' },
        el('code', {}, line ? `line ${line}` : e.pointer), ' ', e.detail);
    });
    if (response.status === 412) items.push(el('li', {}, 'Someone changed this route meanwhile: open it again to see their version.'));
    errors.replaceChildren(...items);
  }

  text.value = TEMPLATE;
  open(null);
  return {
    node: el('div', { class: 'card route-editor', id: 'route-editor' }, title, text,
      el('div', { class: 'buttons' }, save, fresh), status, errors),
    /** Loads a route made at run time into the editor, as YAML with its ETag. */
    async edit(name) {
      const response = await send('GET', `/api/routes/${encodeURIComponent(name)}`, { accept: 'application/yaml' });
      if (!response.ok) {
        showProblem(response);
        return;
      }
      text.value = response.body;
      status.textContent = '';
      open({ name, version: response.etag.split('-')[0], etag: response.etag });
      text.scrollIntoView({ block: 'center' });
    },
    showProblem,
  };
}

/**
 * The line (1-based) a JSON Pointer leads to in block-style YAML, as the server writes routes and as they are
 * usually written: each key segment is the next line with that key, each index the n-th "- " item of the next
 * list. A key that is not there (a missing option) gives the line of its parent; null when nothing matches.
 */
export function lineOf(yaml, pointer) {
  const lines = yaml.split('\n');
  let at = -1;
  for (const raw of (pointer || '').split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    let next = -1;
    if (/^\d+$/.test(segment)) {
      let seen = -1;
      let dash = null;
      for (let i = at + 1; i < lines.length && next < 0; i++) {
        const item = lines[i].match(/^(\s*)- /);
        if (!item) continue;
        dash = dash === null ? item[1].length : dash;
        if (item[1].length === dash && ++seen === Number(segment)) next = i;
      }
      if (next < 0) break;
      at = next - 1; // the item's own key sits on its dash line
      continue;
    }
    const key = new RegExp(`^\\s*(- )?["']?${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`);
    for (let i = at + 1; i < lines.length && next < 0; i++) if (key.test(lines[i])) next = i;
    if (next < 0) break;
    at = next;
  }
  return at >= 0 ? at + 1 : null;
}

function hop(label, count, role) {
  return el('span', { class: 'hop', 'data-role': role }, label,
    count === undefined ? null : el('span', { class: 'count' }, count));
}

function row(route, editor, refresh) {
  const c = route.counts;
  const origin = route.source && route.source !== route.topic ? route.source : `topic ${route.topic}`;
  const parts = [hop(origin, c.read, 'read'), el('span', { class: 'arrow' }, '→')];
  for (const step of route.pipeline || []) parts.push(hop(step, undefined, 'step'), el('span', { class: 'arrow' }, '→'));
  if ((route.pipeline || []).length) parts.push(hop('passed', c.passed, 'passed'), el('span', { class: 'arrow' }, '→'));
  const outputs = route.outputs || [];
  if (outputs.length > 1) {
    parts.push(el('span', { class: 'outputs' }, ...outputs.map((o) => el('span', { class: 'output', 'data-role': o.role },
      hop(`${o.role}: ${o.label}`, o.delivered, 'delivered'),
      o.failedAttempts ? hop('failed', o.failedAttempts, 'failed') : null))));
    parts.push(hop('delivered', c.delivered, 'delivered'));
  } else {
    parts.push(hop(route.kind === 'sse' ? `SSE (${c.subscribers} open)` : route.destination || '?', c.delivered, 'delivered'));
  }
  if (route.kind !== 'sse') {
    parts.push(hop('failed attempts', c.failedAttempts, 'failed'), hop('dead letters', c.deadLettered, 'dead'));
  }
  const state = route.state || {};
  const source = route.sourceStatus || {};
  // a source that says it waits, on a route not (yet) marked so, gets the same note: the reason has one place
  const status = source.waitingFor && (!state.status || state.status === 'running') ? 'waiting' : state.status;
  const since = state.since ? new Date(state.since).toLocaleTimeString() : '';
  const notes = {
    waiting: `waiting${since ? ` since ${since}` : ''}: ${state.detail || source.waitingFor || 'its broker or source'}`,
    // paused on purpose, or by Sluice with the reason (its webhook answered 410 Gone)
    paused: `paused since ${since}: ${state.detail || 'its consumer group keeps its position'}`,
    failed: `does not run here: ${state.detail || ''}`,
  };
  const note = notes[status]
    ? el('div', { class: `waiting state-${status}`, role: 'status' }, notes[status]) : null;
  return el('div', { class: 'flow', 'data-route': route.name, 'data-state': status || 'running' },
    el('strong', {}, route.name), declared(route), ...parts, actions(route, editor, refresh),
    sourceLine(route.name, source), note);
}

/**
 * The status line of a route's own source (a CDC source), or null for a route that reads Sluice's log (its
 * sourceStatus is {} or left out). Each field carries its raw value in data-value; the last change is shown relative to
 * now, with the time the database committed it as its tooltip. The reason a source waits is not repeated
 * here: the row's waiting note gives it.
 */
function sourceLine(name, s) {
  if (!s || Object.keys(s).length === 0) return null;
  const field = (key, label, value, shown = value, title = undefined) => el('span',
    { class: 'field', 'data-field': key, 'data-value': value, title },
    el('span', { class: 'label' }, label), el('span', { class: 'value' }, shown));
  const fields = [];
  if (s.error !== undefined) fields.push(field('error', 'status unavailable:', s.error));
  if (s.phase) fields.push(field('phase', 'phase', s.phase));
  if (s.snapshot) fields.push(field('snapshot', 'snapshot', s.snapshot));
  if (s.snapshot || s.snapshotRows) fields.push(field('snapshotRows', 'snapshot rows', s.snapshotRows ?? 0));
  if (s.changes !== undefined) {
    fields.push(field('changes', 'changes', s.changes, s.changes, 'changes handed on since start, snapshot rows included'));
  }
  if (s.phase) {
    fields.push(s.lastChange
      ? field('lastChange', 'last change', s.lastChange, ago(s.lastChange), `committed ${s.lastChange}`)
      : field('lastChange', 'last change', '', 'none yet'));
  }
  if (s.lagMillis !== undefined) {
    fields.push(field('lag', 'lag', s.lagMillis, duration(s.lagMillis),
      'from the commit in the database to the change handed to the route'));
  }
  if (s.slot) fields.push(field('slot', 'slot', s.slot));
  if (s.publication) fields.push(field('publication', 'publication', s.publication));
  if (s.tables) fields.push(field('tables', 'tables', s.tables, String(s.tables).split(',').join(', ')));
  for (const f of fields) if (['slot', 'publication', 'tables', 'error'].includes(f.dataset.field)) f.classList.add('name');
  return el('div', { class: 'cdc-status', 'data-route': name, 'data-phase': s.phase || '', 'data-snapshot': s.snapshot || '',
    role: 'group', 'aria-label': `source of ${name}` }, ...fields);
}

/** How long ago an ISO time was, as "3 s ago", "4 min ago", "2 h ago" or "5 d ago". */
export function ago(iso, now = Date.now()) {
  const seconds = Math.floor((now - Date.parse(iso)) / 1000);
  if (Number.isNaN(seconds)) return iso;
  if (seconds < 1) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

/** A lag in milliseconds as "120 ms", "3.4 s" or "2 min 5 s". */
export function duration(ms) {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** Where the route is declared: configuration (read-only) or the API, with its version. */
function declared(route) {
  return route.declaredIn === 'api'
    ? el('span', { class: 'badge api', 'data-role': 'declared', title: 'made at run time' }, `api v${route.version}`)
    : el('span', { class: 'badge', 'data-role': 'declared', title: 'declared in configuration: read-only here' }, 'configuration');
}

function actions(route, editor, refresh) {
  const name = encodeURIComponent(route.name);
  const act = (role, label, run) => el('button', {
    type: 'button', 'data-role': role,
    onclick: async () => {
      const response = await run();
      if (!response.ok) editor.showProblem(response);
      refresh();
    },
  }, label);
  if (route.declaredIn !== 'api') {
    // a route of configuration is read-only, but Sluice pauses one whose receiver answered 410 Gone: resume it here
    return route.state && route.state.status === 'paused'
      ? el('span', { class: 'actions' }, act('resume', 'Resume', () => send('POST', `/api/routes/${name}/resume`)))
      : null;
  }
  const buttons = [el('button', { type: 'button', 'data-role': 'edit', onclick: () => editor.edit(route.name) }, 'Edit')];
  if (route.kind !== 'sse') {
    buttons.push(route.state && route.state.status === 'paused'
      ? act('resume', 'Resume', () => send('POST', `/api/routes/${name}/resume`))
      : act('pause', 'Pause', () => send('POST', `/api/routes/${name}/pause`)));
  }
  buttons.push(act('delete', 'Delete', async () => {
    // deletes the version shown: read its ETag first, so that a change made meanwhile is not deleted unseen
    const current = await send('GET', `/api/routes/${name}`);
    return current.ok ? send('DELETE', `/api/routes/${name}`, { ifMatch: current.etag }) : current;
  }));
  return el('span', { class: 'actions' }, ...buttons);
}
