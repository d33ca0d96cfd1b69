// Scenario S3, commerce: organizations, customers and orders as the latest-value tables hold them, each order
// with its organization and customer as the enriched orders_created stream joined them, and every
// notification with a replay button for the failed ones; small forms create an organization, a customer and
// an order through the same API as curl.
//
// The S3 endpoints exist only when commerce is on (sluice.commerce.enabled; the notifications also need
// sluice.notifications.enabled): a list endpoint answers 404 only then, so a 404 is how the panel knows.
// It refreshes by polling while it is on screen: short requests that hold no connection, so the streams
// elsewhere in the console keep the browser's six connections per host; off screen it asks nothing.
import { el, postJson } from '../api.js';

const REFRESH_MS = 3000;
/** Rows a table shows at most; the lists are whole tables, which a long demo may grow. */
const SHOWN = 200;

export default {
  id: 'commerce',
  title: 'Commerce',
  async mount(section) {
    const status = el('p', { class: 'meta', id: 'commerce-status' });
    section.append(status);
    const probe = await answer('/api/organizations');
    if (probe.status === 404) {
      status.className = 'notice';
      status.dataset.state = 'off';
      status.textContent = 'S3 commerce is off: run Sluice with SLUICE_COMMERCE_ENABLED=true '
        + '(and SLUICE_NOTIFICATIONS_ENABLED=true for the e-mail notifications).';
      return;
    }
    status.dataset.state = 'on';

    const organizations = table('organizations', ['name', 'id']);
    const customers = table('customers', ['name', 'last name', 'e-mail', 'id']);
    const orders = table('orders', ['po', 'state', 'organization', 'customer', 'date', 'deliver', 'id']);
    const notifications = table('notifications', ['at', 'rule', 'event', 'about', 'recipient', 'status', 'attempts', 'last error', '']);
    const notificationsNote = el('p', { class: 'meta', id: 'notifications-status' });
    const replayed = el('p', { class: 'meta', id: 'notifications-replayed', role: 'status' });
    const forms = createForms(() => refresh());

    section.append(
      el('div', { class: 'grid commerce' },
        el('div', { class: 'card' }, el('h3', {}, 'Organizations'), organizations.node),
        el('div', { class: 'card' }, el('h3', {}, 'Customers'), customers.node),
        forms.node),
      el('div', { class: 'card wide' }, el('h3', {}, 'Orders'),
        el('p', { class: 'meta' }, 'the order as its table holds it now; organization and customer as the enriched '
          + 'orders_created stream joined them when the order was created'), orders.node),
      el('div', { class: 'card wide' }, el('h3', {}, 'Notifications'), notificationsNote, notifications.node, replayed));

    async function refresh() {
      const [orgs, custs, ords, enriched, notes] = await Promise.all(['/api/organizations', '/api/customers',
        '/api/orders', '/api/orders-created', '/api/notifications?limit=' + SHOWN].map(answer));
      if (!orgs.ok) {
        status.textContent = `Sluice answers ${orgs.status || 'nothing'}; trying again.`;
        return;
      }
      status.textContent = `Refreshed every ${REFRESH_MS / 1000} s while this panel is on screen · `
        + `organizations: ${orgs.body.length} · customers: ${custs.ok ? custs.body.length : '?'} · `
        + `orders: ${ords.ok ? ords.body.length : '?'}`;
      const orgName = new Map(orgs.body.map((o) => [o.id, o.name]));
      const custName = new Map((custs.body || []).map((c) => [c.id, `${c.name} ${c.lastName}`]));
      forms.choices(orgs.body, custs.body || []);

      organizations.show(orgs.body, (o) => [o.name, idCell(o.id)]);
      customers.show(custs.body || [], (c) => [c.name, c.lastName, c.email, idCell(c.id)]);
      const joined = new Map((enriched.body || []).map((e) => [e.id, e]));
      orders.show(ords.body || [], (o) => {
        const e = joined.get(o.id);
        return [o.po, o.state,
          e ? e.organization?.name : el('span', { class: 'meta', title: orgName.get(o.organizationId) }, 'enriching…'),
          e ? `${e.customer?.name ?? ''} ${e.customer?.lastName ?? ''} <${e.customer?.email ?? ''}>`
            : el('span', { class: 'meta', title: custName.get(o.customerId) }, 'enriching…'),
          o.date, o.deliverDate ?? '', idCell(o.id)];
      });

      if (notes.status === 404) {
        notificationsNote.textContent = 'Notifications are off (SLUICE_NOTIFICATIONS_ENABLED=true and a rule send e-mail).';
        notifications.show([], () => []);
        return;
      }
      notificationsNote.textContent = notes.ok && notes.body.length === 0 ? 'None yet: a rule sends on its event type.' : '';
      notifications.show(notes.body || [], (n) => [
        n.at ? new Date(n.at).toLocaleTimeString() : '',
        n.rule,
        el('span', {}, el('span', { class: 'type' }, n.eventType), ' ', idCell(n.eventId)),
        idCell(n.entityId),
        n.recipient,
        el('span', { class: n.status === 'sent' ? 'ok' : 'bad', 'data-role': 'status' }, n.status),
        el('span', { 'data-role': 'attempts' }, String(n.attempts)),
        el('span', { class: 'bad' }, n.lastError ?? ''),
        n.status === 'failed' ? replayButton(n) : '',
      ]);
    }

    function replayButton(n) {
      const button = el('button', { type: 'button', 'data-role': 'replay' }, 'Replay');
      button.addEventListener('click', async () => {
        button.disabled = true;
        const response = await postJson(`/api/notifications/${encodeURIComponent(n.id)}/replay`);
        replayed.textContent = response.ok
          ? `Replayed ${n.id}: ${response.body.status} after ${response.body.attempts} attempt(s)`
            + (response.body.lastError ? ` (${response.body.lastError})` : '')
          : `Replay of ${n.id}: ${response.status} ${response.body?.detail ?? ''}`;
        refresh();
      });
      return button;
    }

    let timer = null;
    new IntersectionObserver((entries) => {
      const visible = entries[entries.length - 1].isIntersecting;
      section.dataset.live = String(visible);
      if (visible && timer === null) {
        refresh();
        timer = setInterval(refresh, REFRESH_MS);
      } else if (!visible && timer !== null) {
        clearInterval(timer);
        timer = null;
      }
    }).observe(section);
  },
};

/** {ok, status, body}: status 0 when Sluice does not answer. */
async function answer(path) {
  try {
    const response = await fetch(path, { headers: { Accept: 'application/json' } });
    const body = response.ok ? await response.json() : null;
    return { ok: response.ok, status: response.status, body };
  } catch {
    return { ok: false, status: 0, body: null };
  }
}

/** A table whose rows are replaced only when the data changed (a button mid-click stays where it is). */
function table(role, headers) {
  const body = el('tbody');
  const more = el('p', { class: 'meta' });
  let shown = null;
  return {
    node: el('div', {}, el('table', { 'data-role': role },
      el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', {}, h)))), body), more),
    show(items, cells) {
      const json = JSON.stringify(items);
      if (json === shown) return;
      shown = json;
      body.replaceChildren(...items.slice(0, SHOWN).map((item) =>
        el('tr', { 'data-id': item.id }, ...cells(item).map((c) => el('td', {}, c)))));
      more.textContent = items.length > SHOWN ? `the first ${SHOWN} of ${items.length}` : '';
    },
  };
}

/** An id, shortened on screen (the whole id is its title and is copied as a whole). */
function idCell(id) {
  return el('code', { class: 'id', title: id }, id && id.length > 12 ? `${id.slice(0, 8)}…` : id ?? '');
}

/** The forms to create an organization, a customer and an order; errors appear next to their fields. */
function createForms(created) {
  const result = el('p', { class: 'meta', id: 'commerce-created', role: 'status' });
  const organization = form('organization', 'organizations', [['name', 'SuperCompany']]);
  const customer = form('customer', 'customers', [['name', 'John'], ['lastName', 'Do'], ['email', 'jdo@example.com']]);
  const organizationId = el('select', { name: 'organizationId' });
  const customerId = el('select', { name: 'customerId' });
  const order = form('order', 'orders', [['po', 'po001'], ['organizationId', organizationId], ['customerId', customerId],
    ['date', () => new Date().toISOString().replace(/\.\d+Z$/, 'Z')], ['deliverDate', '']]);

  function form(singular, plural, fields) {
    const inputs = {};
    const errors = {};
    const node = el('form', { id: `new-${singular}`, class: 'compact' },
      el('div', { class: 'form-title' }, singular[0].toUpperCase() + singular.slice(1)));
    for (const [name, value] of fields) {
      const input = value instanceof Node ? value
        : el('input', { name, value: typeof value === 'function' ? value() : value, size: 22 });
      if (typeof value === 'function') input.dataset.fresh = 'true';
      inputs[name] = input;
      errors[name] = el('span', { class: 'error', 'data-error-for': name });
      node.append(el('label', {}, el('span', { class: 'name' }, name), input, errors[name]));
    }
    node.append(el('button', { type: 'submit', class: 'primary', id: `create-${singular}` }, `Create ${singular}`));
    node.addEventListener('submit', async (event) => {
      event.preventDefault();
      const body = {};
      for (const [name, input] of Object.entries(inputs)) {
        if (input.value.trim() !== '') body[name] = input.value.trim();
        errors[name].textContent = '';
        input.classList.remove('invalid');
      }
      const response = await postJson(`/api/${plural}`, JSON.stringify(body));
      if (response.ok) {
        result.textContent = `Created ${singular} ${response.body.id}`;
        for (const input of Object.values(inputs)) {
          if (input.dataset.fresh) input.value = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
        }
        created();
        return;
      }
      const p = response.body || {};
      result.textContent = `${response.status} ${p.title || ''}: ${p.detail || ''}`;
      for (const e of p.errors || []) {
        const name = e.pointer.split('/').pop();
        if (errors[name]) {
          errors[name].textContent = e.detail;
          inputs[name].classList.add('invalid');
        }
      }
    });
    return node;
  }

  /** The order form's choices, keeping what was chosen. */
  function choices(orgs, custs) {
    fill(organizationId, orgs.map((o) => [o.id, o.name]));
    fill(customerId, custs.map((c) => [c.id, `${c.name} ${c.lastName}`]));
  }

  function fill(select, options) {
    const chosen = select.value;
    const json = JSON.stringify(options);
    if (select.dataset.options === json) return;
    select.dataset.options = json;
    select.replaceChildren(...options.map(([id, label]) => el('option', { value: id }, `${label} (${id.slice(0, 8)})`)));
    if (options.some(([id]) => id === chosen)) select.value = chosen;
  }

  return {
    node: el('div', { class: 'card' }, el('h3', {}, 'Create'), organization, customer, order, result),
    choices,
  };
}
