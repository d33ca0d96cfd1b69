// One live viewer per SSE channel declared in configuration (from /api/channels): every event of any type,
// with its type and id next to it.
import { el, getJson } from '../api.js';
import { openEventStream } from '../sse.js';

export default {
  id: 'streams',
  title: 'Live streams',
  async mount(section) {
    const grid = el('div', { class: 'grid' });
    section.append(grid);
    const channels = await getJson('/api/channels');
    if (channels.length === 0) grid.append(el('p', { class: 'notice' }, 'No SSE routes are declared.'));
    for (const channel of channels) grid.append(viewer(channel));
  },
};

/** Entries a viewer keeps on screen; older ones are dropped (a long run would otherwise grow without bound). */
const KEPT = 200;

function viewer(channel) {
  let stream = null;
  let count = 0;
  let lastId = null;
  const counter = el('span', { class: 'count', 'data-role': 'count' }, '0');
  const last = el('span', { 'data-role': 'last-id' }, '–');
  const status = el('span', { class: 'meta', 'data-role': 'status' }, 'stopped');
  const log = el('div', { class: 'events', 'data-role': 'events' });
  const start = el('button', { 'data-role': 'start' }, 'Start');
  const stop = el('button', { 'data-role': 'stop' }, 'Stop');

  start.addEventListener('click', () => {
    if (stream) return;
    status.textContent = 'connecting…';
    // every event whatever its type (sse.js says why not EventSource); a restart hands over the last id it
    // rendered, so the stream resumes without a gap
    stream = openEventStream(`/${encodeURIComponent(channel.name)}/stream`, {
      lastEventId: lastId,
      onOpen: ({ resumedFrom }) => { status.textContent = resumedFrom ? `resumed after ${resumedFrom}` : 'live (from now)'; },
      onEvent: render,
      onRetrying: (reason) => { status.textContent = `reconnecting… (${reason})`; },
      onFailed: (reason) => { status.textContent = `stopped: ${reason}`; stream = null; },
    });
  });
  stop.addEventListener('click', () => {
    if (stream) stream.close();
    stream = null;
    status.textContent = 'stopped';
  });

  function render(event) {
    count += 1;
    lastId = event.id;
    counter.textContent = String(count);
    last.textContent = lastId;
    log.prepend(el('div', { class: 'event', 'data-type': event.type },
      el('div', { class: 'head' }, el('span', { class: 'type', 'data-role': 'type' }, event.type), ' ',
        el('span', { class: 'meta' }, `id ${event.id}`)),
      el('pre', {}, pretty(event.data))));
    while (log.childElementCount > KEPT) log.lastElementChild.remove();
  }

  return el('div', { class: 'card', 'data-channel': channel.name },
    el('h3', {}, channel.name),
    el('div', { class: 'meta' }, `${channel.topic}` + (channel.pipeline && channel.pipeline.length ? ` → ${channel.pipeline.join(' → ')}` : '')),
    el('div', {}, start, ' ', stop, ' ', status),
    el('div', {}, 'events: ', counter, ' · last id: ', last),
    log);
}

function pretty(data) {
  const text = data.trim();
  if (text.startsWith('{') || text.startsWith('[')) {
    try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return text; }
  }
  if (text.startsWith('<')) return prettyXml(text);
  return text;
}

function prettyXml(text) {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) return text;
  const lines = [];
  (function walk(node, depth) {
    const pad = '  '.repeat(depth);
    const elements = [...node.childNodes].filter((c) => c.nodeType === 1);
    if (elements.length === 0) {
      lines.push(`${pad}<${node.nodeName}>${escape(node.textContent)}</${node.nodeName}>`);
      return;
    }
    lines.push(`${pad}<${node.nodeName}>`);
    elements.forEach((c) => walk(c, depth + 1));
    lines.push(`${pad}</${node.nodeName}>`);
  })(doc.documentElement, 0);
  return lines.join('\n');
}

function escape(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
