// Producer form: one master data item field by field, or any JSON (an item or a batch) as text.
import { el, postJson } from '../api.js';

const FIELDS = [
  ['itemId', 'text', '12345'], ['name', 'text', 'Widget A'], ['category', 'text', 'Electronics'],
  ['price', 'number', '29.99'], ['description', 'text', 'A high-quality widget'], ['status', 'text', 'active'],
  ['lastUpdated', 'text', new Date().toISOString().replace(/\.\d+Z$/, 'Z')],
];
const BATCH = [
  { itemId: '123', name: 'Item A', category: 'Electronics', price: 29.99 },
  { itemId: '456', name: 'Item B', category: 'Accessories', price: 19.99 },
  { itemId: '789', name: 'Item C', category: 'Electronics', price: 49.99 },
];

export default {
  id: 'producer',
  title: 'Producer',
  mount(section) {
    const inputs = {};
    const errors = {};
    const form = el('form', { id: 'item-form' });
    for (const [name, type, example] of FIELDS) {
      inputs[name] = el('input', { name, type, value: example, step: type === 'number' ? 'any' : undefined, size: 32 });
      errors[name] = el('span', { class: 'error', 'data-error-for': name });
      form.append(el('label', {}, el('span', { class: 'name' }, name), inputs[name], errors[name]));
    }
    const sendItem = el('button', { class: 'primary', type: 'submit', id: 'send-item' }, 'Send item');
    form.append(sendItem);

    const raw = el('textarea', { id: 'raw-json', rows: 7, cols: 80 }, JSON.stringify(BATCH, null, 2));
    const sendRaw = el('button', { type: 'button', id: 'send-raw' }, 'Send JSON');
    const answer = el('div', { id: 'producer-answer' });

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const item = {};
      for (const [name, type] of FIELDS) {
        const value = inputs[name].value.trim();
        if (value !== '') item[name] = type === 'number' ? Number(value) : value;
      }
      show(await postJson('/streams-master-data/producer', JSON.stringify(item)), false);
    });
    sendRaw.addEventListener('click', async () => {
      show(await postJson('/streams-master-data/producer', raw.value), true);
    });

    function show(response, fromText) {
      for (const name of Object.keys(inputs)) {
        errors[name].textContent = '';
        inputs[name].classList.remove('invalid');
      }
      raw.classList.remove('invalid');
      answer.replaceChildren();
      if (response.ok) {
        const rows = response.body.items.map((i) => el('tr', {}, el('td', {}, i.itemId), el('td', {}, i.position),
          el('td', { class: 'meta' }, i.eventId)));
        answer.append(el('p', { class: 'ok' }, `Accepted ${response.body.count} item(s) on ${response.body.topic}`),
          el('table', { id: 'receipt' }, el('tr', {}, el('th', {}, 'itemId'), el('th', {}, 'position'), el('th', {}, 'event id')), rows));
        return;
      }
      const p = response.body || {};
      answer.append(el('p', { class: 'error', id: 'problem-title' }, `${response.status} ${p.title || ''}: ${p.detail || ''}`));
      const list = el('ul', { id: 'problem-errors' });
      for (const e of p.errors || []) {
        const field = e.pointer.split('/').pop();
        if (!fromText && inputs[field]) {
          errors[field].textContent = e.detail;
          inputs[field].classList.add('invalid');
        } else if (fromText) {
          raw.classList.add('invalid');
        }
        list.append(el('li', {}, el('code', {}, e.pointer), ' ', e.detail));
      }
      answer.append(list);
    }

    section.append(el('div', { class: 'grid' },
      el('div', { class: 'card' }, el('h3', {}, 'One item'), form),
      el('div', { class: 'card' }, el('h3', {}, 'Any JSON: an item or a batch'), raw, el('div', {}, sendRaw))),
    answer);
  },
};
