// Scenario S3: the mail the built-in catcher took (GET /api/mail), newest first; a row opens to its text, HTML
// source and headers. Refreshes every 2 s while on screen. When the catcher is off, says why and where mail goes.
import { el, getJson, send } from '../api.js';

export default {
  id: 'mail',
  title: 'Mail',
  mount(section) {
    const status = el('p', { id: 'mail-status', class: 'notice' }, 'Loading…');
    const count = el('span', { id: 'mail-count', class: 'meta' });
    const clear = el('button', { id: 'mail-clear' }, 'Clear');
    const rows = el('tbody');
    const table = el('table', { id: 'mail-list' },
      el('thead', {}, el('tr', {}, ...['time', 'from', 'to', 'subject'].map((h) => el('th', {}, h)))), rows);
    const box = el('div', { hidden: '' }, el('div', { class: 'mail-bar' }, clear, ' ', count), table);
    section.append(status, box);

    const open = new Set(); // ids of the messages shown opened, kept across refreshes
    let shown = '';

    async function refresh() {
      let caught;
      try {
        caught = await getJson('/api/mail');
      } catch (problem) {
        status.className = 'notice';
        status.dataset.state = 'off';
        status.textContent = problem.status === 404 && problem.detail ? problem.detail
          : `Cannot read the caught mail: ${problem.status ?? ''} ${problem.title ?? problem.message ?? ''}`;
        box.hidden = true;
        return;
      }
      status.className = '';
      status.dataset.state = 'on';
      status.textContent = `Mail goes to the built-in catcher at ${caught.host}:${caught.port} (SMTP, this machine `
        + `only); it keeps the newest ${caught.capacity} messages. Set SMTP_HOST to send to a real server.`;
      box.hidden = false;
      count.textContent = caught.messages.length === 1 ? '1 message' : `${caught.messages.length} messages`;
      const fingerprint = JSON.stringify(caught.messages.map((m) => m.id)) + [...open].join();
      if (fingerprint === shown) return; // nothing new: leave the rows (and any selection in them) alone
      shown = fingerprint;
      rows.replaceChildren(...(caught.messages.length === 0
        ? [el('tr', {}, el('td', { colspan: 4, class: 'notice' }, 'No mail caught yet.'))]
        : caught.messages.flatMap((mail) => row(mail))));
    }

    function row(mail) {
      const summary = el('tr', { class: 'mail-row', 'data-mail': mail.id, 'aria-expanded': String(open.has(mail.id)) },
        el('td', {}, new Date(mail.receivedAt).toLocaleTimeString()),
        el('td', {}, mail.from ?? ''),
        el('td', { 'data-role': 'to' }, (mail.to ?? []).join(', ')),
        el('td', { 'data-role': 'subject' }, mail.subject ?? '(no subject)'));
      summary.addEventListener('click', () => {
        if (open.has(mail.id)) open.delete(mail.id);
        else open.add(mail.id);
        refresh();
      });
      if (!open.has(mail.id)) return [summary];
      const headers = Object.entries(mail.headers ?? {}).map(([name, value]) => `${name}: ${value}`).join('\n');
      return [summary, el('tr', { class: 'mail-detail', 'data-mail-detail': mail.id },
        el('td', { colspan: 4 },
          el('pre', { 'data-role': 'text' }, mail.text ?? '(no plain-text part)'),
          mail.html ? el('details', {}, el('summary', {}, 'HTML source'), el('pre', { 'data-role': 'html' }, mail.html)) : null,
          el('details', {}, el('summary', {}, 'Headers'), el('pre', { 'data-role': 'headers' }, headers))))];
    }

    clear.addEventListener('click', async () => {
      const response = await send('DELETE', '/api/mail');
      if (!response.ok) status.textContent = `${response.status} ${response.body?.detail ?? ''}`;
      open.clear();
      refresh();
    });

    // refreshed while at least a little of the panel is on screen, and once right away
    let timer = null;
    refresh();
    new IntersectionObserver((entries) => {
      const visible = entries[entries.length - 1].isIntersecting;
      section.dataset.live = String(visible);
      if (visible && timer === null) {
        refresh();
        timer = setInterval(refresh, 2000);
      } else if (!visible && timer !== null) {
        clearInterval(timer);
        timer = null;
      }
    }).observe(section);
  },
};
