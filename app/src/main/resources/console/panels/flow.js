// Every route as source → processors → sink, with live counts per hop.
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
  const parts = [hop(`topic ${route.topic}`, c.read, 'read'), el('span', { class: 'arrow' }, '→')];
  for (const step of route.pipeline || []) parts.push(hop(step, undefined, 'step'), el('span', { class: 'arrow' }, '→'));
  if ((route.pipeline || []).length) parts.push(hop('passed', c.passed, 'passed'), el('span', { class: 'arrow' }, '→'));
  parts.push(hop(route.kind === 'sse' ? `SSE (${c.subscribers} open)` : route.destination, c.delivered, 'delivered'));
  if (route.kind !== 'sse') {
    parts.push(hop('failed attempts', c.failedAttempts, 'failed'), hop('dead letters', c.deadLettered, 'dead'));
  }
  return el('div', { class: 'flow', 'data-route': route.name }, el('strong', {}, route.name), ...parts);
}
