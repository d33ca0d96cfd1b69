// One live viewer per SSE channel declared in configuration (from /api/channels).
import { el, getJson } from '../api.js';

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

function viewer(channel) {
  let source = null;
  let count = 0;
  let lastId = null;
  const counter = el('span', { class: 'count', 'data-role': 'count' }, '0');
  const last = el('span', { 'data-role': 'last-id' }, '–');
  const status = el('span', { class: 'meta', 'data-role': 'status' }, 'stopped');
  const log = el('pre', { 'data-role': 'events' });
  const start = el('button', { 'data-role': 'start' }, 'Start');
  const stop = el('button', { 'data-role': 'stop' }, 'Stop');

  start.addEventListener('click', () => {
    if (source) return;
    // a restart hands over the last id it rendered, so the stream resumes without a gap
    const url = `/${encodeURIComponent(channel.name)}/stream` + (lastId ? `?lastEventId=${encodeURIComponent(lastId)}` : '');
    source = new EventSource(url);
    const resumedFrom = lastId;
    status.textContent = 'connecting…';
    source.addEventListener('open', () => {
      status.textContent = resumedFrom ? `resumed after ${resumedFrom}` : 'live (from now)';
    });
    source.addEventListener('error', () => { status.textContent = 'reconnecting…'; });
    // SSE delivers a typed event only to listeners of that type: listen for the types Sluice produces
    for (const type of ['master_data_item_published', 'amqp_message_received', 'notification_created']) {
      source.addEventListener(type, render);
    }
    source.onmessage = render;
  });
  stop.addEventListener('click', () => {
    if (source) source.close();
    source = null;
    status.textContent = 'stopped';
  });

  function render(event) {
    count += 1;
    lastId = event.lastEventId;
    counter.textContent = String(count);
    last.textContent = lastId;
    const block = `id: ${event.lastEventId}\n${pretty(event.data)}\n`;
    log.textContent = block + '\n' + log.textContent.slice(0, 20000);
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
