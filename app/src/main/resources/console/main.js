// The console is a list of panels; each panel is one module exporting {id, title, mount(section)}.
// Later scenarios add a module here.
import producer from './panels/producer.js';
import streams from './panels/streams.js';
import deliveries from './panels/deliveries.js';
import flow from './panels/flow.js';
import clients from './panels/clients.js';
import analytics from './panels/analytics.js';
import commerce from './panels/commerce.js';
import mail from './panels/mail.js';
import { el } from './api.js';
import { access } from './access.js';

const panels = [producer, streams, deliveries, flow, clients, analytics, commerce, mail];

const nav = document.getElementById('nav');
const main = document.getElementById('panels');
// with access control on and nobody signed in, the login form stands alone: every panel would be refused
if (await access(document.querySelector('header'))) {
  for (const panel of panels) {
    const section = el('section', { class: 'panel', id: panel.id }, el('h2', {}, panel.title));
    main.append(section);
    nav.append(el('a', { href: `#${panel.id}` }, panel.title));
    panel.mount(section);
  }
}
