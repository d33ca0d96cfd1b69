// Scenario S5: per-client streams. Says plainly whether tokens are checked. In the demo environment the
// dev login (POST /api/dev/login, loopback only) gives the browser the HttpOnly cookie for a demo client;
// elsewhere the cookie comes from your own login page.
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
        'Per-client streams are off (environment s5, or SLUICE_CLIENTS_ENABLED=true; they need Redis).'));
      return;
    }
    const status = info.authEnabled
      ? el('p', { id: 'clients-status' }, 'Authorization is on: each client reads only its own stream with a token '
          + '(bearer header, or the sluice_token cookie set by a login page; in the demo, Connect logs in first).')
      : el('p', { id: 'clients-status', class: 'error' },
          'Authorization is OFF (sluice.clients.auth-enabled=false): anyone can read any client\'s stream. Local demo only.');
    const client = el('select', { id: 'client-id' }, ...info.demoClients.map((id) => el('option', { value: id }, id)));
    const login = el('span', { class: 'meta', id: 'client-login' }, '');
    const log = el('pre', { id: 'client-events' });
    let source = null;
    const connect = el('button', { id: 'client-connect' }, 'Connect');
    connect.addEventListener('click', async () => {
      if (source) source.close();
      source = null;
      log.textContent = '';
      if (info.authEnabled) {
        // the demo's dev login sets the cookie; 404 means there is none here (not the demo, or not loopback)
        const answer = await postJson(`/api/dev/login?clientId=${encodeURIComponent(client.value)}`);
        if (answer.ok) {
          login.textContent = `logged in as ${answer.body.clientId} until ${new Date(answer.body.expiresAt).toLocaleTimeString()} (dev login)`;
        } else if (answer.status === 404) {
          login.textContent = 'no dev login here: the sluice_token cookie must come from your login page';
        } else {
          login.textContent = `dev login refused: ${answer.body?.detail || answer.status}`;
          return;
        }
      }
      source = new EventSource(`/api/clients/${encodeURIComponent(client.value)}/events`, { withCredentials: true });
      const render = (e) => {
        log.textContent = `id: ${e.lastEventId}  type: ${e.type}\n${e.data}\n\n` + log.textContent.slice(0, 20000);
      };
      source.addEventListener('notification_created', render);
      source.onmessage = render;
      source.addEventListener('error', () => { log.textContent = '(disconnected; the browser retries)\n' + log.textContent; });
    });
    const generate = el('button', {}, 'Generate 5 demo events per client');
    generate.addEventListener('click', () => postJson('/api/clients/demo-events?count=5'));
    section.append(status, el('div', {}, client, ' ', connect, ' ', generate, ' ', login), log);
  },
};
