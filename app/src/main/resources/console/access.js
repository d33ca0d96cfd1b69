// Access control as the console sees it (GET /api/access): a banner when it is off (loopback only), who is
// signed in when it is on, and the login form when nobody is. The login exchanges an API key for an
// HttpOnly session cookie (POST /api/login), so the page holds no key once it is signed in.
import { el, getJson } from './api.js';

/** Shows the banner or the login; resolves to true when the panels may be mounted. */
export async function access(header) {
  let info;
  try {
    info = await getJson('/api/access');
  } catch {
    return true; // an older server without access control
  }
  const bar = el('div', { id: 'access', 'data-state': info.accessControl });
  header.after(bar);
  if (info.accessControl === 'off') {
    bar.classList.add('open');
    bar.append(`Access control is off: no credentials are configured, so anyone on this machine can use every `
      + `endpoint (Sluice listens on ${info.listensOn} only). Configure sluice.security.api-keys to turn it on.`);
    return true;
  }
  if (info.caller) {
    const out = el('button', { id: 'logout' }, 'Log out');
    out.addEventListener('click', async () => {
      await fetch('/api/login', { method: 'DELETE' });
      location.reload();
    });
    bar.append(`Signed in as ${info.caller} (${info.scopes.join(', ') || 'no scopes'}) `, out);
    return true;
  }
  const key = el('input', { type: 'password', id: 'api-key', autocomplete: 'off', placeholder: 'API key', size: 40 });
  const error = el('span', { class: 'error', id: 'login-error' });
  const form = el('form', { id: 'login' }, 'Access control is on: sign in with an API key ', key, ' ',
    el('button', { type: 'submit' }, 'Sign in'), ' ', error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const response = await fetch('/api/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ apiKey: key.value }),
    });
    key.value = '';
    if (response.ok) {
      location.reload();
    } else {
      const problem = await response.json().catch(() => ({}));
      error.textContent = problem.detail || `refused (${response.status})`;
    }
  });
  bar.append(form);
  return false;
}
