// Scenario S5: per-client streams. Says plainly whether tokens are checked.
import { el, getJson, postJson } from '../api.js';

export default {
  id: 'clients',
  title: 'Client streams',
  async mount(section) {
    let info;
    try {
      info = await getJson('/api/clients');
    } catch {
      section.append(el('p', { class: 'notice', id: 'clients-status' },
        'Per-client streams are off (set SLUICE_CLIENTS_ENABLED=true; they need Redis).'));
      return;
    }
    const status = info.authEnabled
      ? el('p', { id: 'clients-status' }, 'Authorization is on: each client reads only its own stream with a token '
          + '(bearer header, or the sluice_token cookie set by your login page).')
      : el('p', { id: 'clients-status', class: 'error' },
          'Authorization is OFF (sluice.clients.auth-enabled=false): anyone can read any client\'s stream. Local demo only.');
    const client = el('select', { id: 'client-id' }, ...info.demoClients.map((id) => el('option', { value: id }, id)));
    const log = el('pre', { id: 'client-events' });
    let source = null;
    const connect = el('button', {}, 'Connect');
    connect.addEventListener('click', () => {
      if (source) source.close();
      log.textContent = '';
      source = new EventSource(`/api/clients/${encodeURIComponent(client.value)}/events`, { withCredentials: true });
      source.addEventListener('notification_created', (e) => {
        log.textContent = `id: ${e.lastEventId}\n${e.data}\n\n` + log.textContent.slice(0, 20000);
      });
      source.addEventListener('error', () => { log.textContent = '(disconnected; the browser retries)\n' + log.textContent; });
    });
    const generate = el('button', {}, 'Generate 5 demo events per client');
    generate.addEventListener('click', () => postJson('/api/clients/demo-events?count=5'));
    section.append(status, el('div', {}, client, ' ', connect, ' ', generate), log);
  },
};
