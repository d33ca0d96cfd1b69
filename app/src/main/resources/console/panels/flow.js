// Every route as source → processors → outputs, with live counts per hop. A fan-out or fallback route
// lists each output with its role (fan-out, fallback-0 = primary, fallback-1 = next, ...). A route whose
// consumer waits for its broker or source says so, and why, under its row.
import { el, every, getJson } from '../api.js';

export default {
  id: 'flow',
  title: 'Flow',
  mount(section) {
    const list = el('div', { id: 'flow-routes' });
    section.append(list);
    every(2000, async () => {
      try {
        const routes = await getJson('/api/routes');
        list.replaceChildren(...routes.map(row));
      } catch {
        list.replaceChildren(el('p', { class: 'notice' }, 'Sluice does not answer.'));
      }
    });
  },
};

function hop(label, count, role) {
  return el('span', { class: 'hop', 'data-role': role }, label,
    count === undefined ? null : el('span', { class: 'count' }, count));
}

function row(route) {
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
    parts.push(hop(route.kind === 'sse' ? `SSE (${c.subscribers} open)` : route.destination, c.delivered, 'delivered'));
  }
  if (route.kind !== 'sse') {
    parts.push(hop('failed attempts', c.failedAttempts, 'failed'), hop('dead letters', c.deadLettered, 'dead'));
  }
  const state = route.state || {};
  const waiting = state.status === 'waiting'
    ? el('div', { class: 'waiting', role: 'status' },
      `waiting since ${new Date(state.since).toLocaleTimeString()}: ${state.detail || 'its broker or source'}`)
    : null;
  return el('div', { class: 'flow', 'data-route': route.name, 'data-state': state.status || 'running' },
    el('strong', {}, route.name), ...parts, waiting);
}
