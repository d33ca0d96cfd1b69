// Drives the Sluice console in headless Chromium (Debian's /usr/bin/chromium through playwright-core).
// Usage: node e2e.mjs <base-url> <screenshot-dir> <cdc>. Exits non-zero on the first failed expectation.
// ConsoleBrowserIT starts Sluice with the routes used here (c-json, c-xml, c-filtered, erp) and a
// receiver behind "erp" that fails its first two calls, so the first item ends as a dead letter; with
// the bookstore's views (environment "s4") on topics of its own for the analytics panel; with
// S3 commerce on topics of its own, an SSE route "orders-created" on its enriched orders, a
// notification rule "console-order" whose recipient is no address, so that its notifications fail, and
// an invoice notification rule whose mail the built-in mail catcher takes (the Mail panel); and with two
// postgres-cdc routes, described by <cdc> as JSON: {route, tables, snapshotRows} reads tables of a database
// of the run's own whose rows are its snapshot, and POST changeUrl makes changesMade changes there (once);
// waitingRoute reads a database that is not there, and waits.
import { launch, step } from './browser.mjs';
import { mkdirSync, readFileSync } from 'node:fs';

const [base, shots, cdcArgument] = process.argv.slice(2);
const cdc = JSON.parse(cdcArgument);
mkdirSync(shots, { recursive: true });
const browser = await launch();
async function openConsole() {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(30000);
  page.on('pageerror', (e) => { console.error(`page error: ${e.message}`); process.exitCode = 1; });
  await page.goto(`${base}/`);
  return page;
}
try {
  const page = await openConsole();
  step('no credentials configured: the banner says access control is off and where Sluice listens');
  await page.locator('#access[data-state=off]').filter({ hasText: 'Access control is off' })
    .filter({ hasText: '127.0.0.1' }).waitFor();
  const card = (name) => page.locator(`[data-channel="${name}"]`);
  const count = (name) => card(name).locator('[data-role=count]');

  step('start the three streams');
  for (const name of ['c-json', 'c-xml', 'c-filtered']) {
    await card(name).locator('[data-role=start]').click();
    await card(name).locator('[data-role=status]').filter({ hasText: 'live' }).waitFor();
  }

  step('send an item from the form');
  await page.fill('#item-form input[name=itemId]', 'e2e-1');
  await page.fill('#item-form input[name=category]', 'Electronics');
  await page.click('#send-item');
  await page.locator('#receipt').filter({ hasText: 'e2e-1' }).waitFor();

  step('see it in the JSON, XML and filtered panels');
  await card('c-json').locator('pre').filter({ hasText: '"itemId": "e2e-1"' }).waitFor();
  await card('c-xml').locator('pre').filter({ hasText: '<itemId>e2e-1</itemId>' }).waitFor();
  await card('c-filtered').locator('pre').filter({ hasText: 'e2e-1' }).waitFor();

  step('a batch as JSON text: the filtered panel keeps only electronics');
  await page.fill('#raw-json', JSON.stringify([{ itemId: 'e2e-2', name: 'Cable', category: 'Accessories', price: 3 }]));
  await page.click('#send-raw');
  await page.locator('#receipt').filter({ hasText: 'e2e-2' }).waitFor();
  await count('c-json').filter({ hasText: /^2$/ }).waitFor();
  await count('c-xml').filter({ hasText: /^2$/ }).waitFor();
  await page.waitForTimeout(500);
  if ((await count('c-filtered').textContent()) !== '1') throw new Error('the filtered panel showed an accessory');

  step('errors appear next to the fields that were wrong');
  await page.fill('#item-form input[name=name]', '');
  await page.fill('#item-form input[name=price]', '-5');
  await page.click('#send-item');
  await page.locator('[data-error-for=name]').filter({ hasText: 'is required' }).waitFor();
  await page.locator('[data-error-for=price]').filter({ hasText: 'greater than or equal to 0' }).waitFor();
  await page.locator('#producer').screenshot({ path: `${shots}/producer.png` });

  step('stop and restart a stream: it resumes without a gap');
  const lastId = await card('c-json').locator('[data-role=last-id]').textContent();
  await card('c-json').locator('[data-role=stop]').click();
  await page.fill('#raw-json', JSON.stringify({ itemId: 'e2e-3', name: 'While stopped', category: 'Electronics' }));
  await page.click('#send-raw');
  await page.locator('#receipt').filter({ hasText: 'e2e-3' }).waitFor();
  await card('c-json').locator('[data-role=start]').click();
  await card('c-json').locator('[data-role=status]').filter({ hasText: `resumed after ${lastId}` }).waitFor();
  await count('c-json').filter({ hasText: /^3$/ }).waitFor();
  await card('c-json').locator('pre').filter({ hasText: '"itemId": "e2e-3"' }).waitFor();

  step('an ERP delivery row, a dead letter, and its replay');
  const erp = page.locator('[data-route="erp"]');
  await erp.locator('[data-role=attempt] td.ok').first().waitFor();
  await erp.locator('[data-role=dead-letter]').filter({ hasText: 'e2e-1' }).waitFor();
  await page.locator('#deliveries').screenshot({ path: `${shots}/deliveries.png` });
  await erp.locator('[data-role=replay]').click();
  await erp.locator('[data-role=replay-report]').filter({ hasText: 'replayed 1, remaining 0' }).waitFor();
  await erp.locator('[data-role=dead-letter]').first().waitFor({ state: 'detached' });
  await erp.locator('[data-role=empty]').filter({ hasText: /^none$/ }).waitFor(); // an empty table says so

  step('the flow shows counts per hop');
  const flowRow = page.locator('#flow [data-route="c-filtered"]');
  await flowRow.locator('[data-role=passed] .count').waitFor();
  await page.locator('#flow [data-route="erp"] [data-role=dead] .count').filter({ hasText: /^1$/ }).waitFor();
  step('the client streams panel says they are off in this run');
  await page.locator('#clients-status').filter({ hasText: 'Per-client streams are off' }).waitFor();

  // A browser opens six connections to one host; the streams started above hold three and the analytics
  // panel needs five: a fresh page, as a user who opens the console for the charts.
  await page.close();
  // also on a page of its own: scrolling through the flow may bring the analytics panel on screen
  const routesPage = await openConsole();
  await routesAtRunTime(routesPage);
  await routesPage.close();
  await cdcStatus();
  // issue 15 part 4 (console fixes seen as a user), each on a page of its own
  await vendoredParserIsTheNpmRelease();
  const anyTypePage = await openConsole();
  await streamsOfAnyType(anyTypePage);
  await anyTypePage.close();
  await streamReconnects();
  await deliveriesLayout();
  const commercePage = await openConsole();
  await commercePanel(commercePage);
  await commercePage.close();
  await analytics(await openConsole());
  await mailPanel(await openConsole());
  console.log('console e2e: OK');
} finally {
  await browser.close();
}

/**
 * Routes made at run time from the Flow panel: a route written as YAML with a mistake shows the error on its
 * line, the corrected one runs, pauses, resumes, is edited at its version and deleted; routes of configuration
 * show no buttons. The new webhook goes to the receiver of the configured "erp" route, on the same topic.
 */
async function routesAtRunTime(page) {
  const routes = await (await fetch(`${base}/api/routes`)).json();
  const erp = routes.find((r) => r.name === 'erp');
  const flow = page.locator('#flow');
  const yaml = (option) => `name: e2e-hook
from: ${erp.topic}
group: e2e-hook-${Date.now()}
to: webhook
options:
  url: ${erp.destination.replace(/^webhook /, '')}
  ${option}: 2s
`;
  step('routes at run time: a mistake is shown with its line');
  await flow.locator('#route-yaml').fill(yaml('timout'));
  await flow.locator('#route-save').click();
  await flow.locator('#route-errors li[data-pointer="/options/timout"][data-line="7"]')
    .filter({ hasText: 'did you mean timeout?' }).waitFor();
  await flow.locator('#route-status').filter({ hasText: '400' }).waitFor();

  step('routes at run time: the corrected route runs, listed as made over the API');
  await flow.locator('#route-yaml').fill(yaml('timeout'));
  await flow.locator('#route-save').click();
  await flow.locator('#route-status').filter({ hasText: 'Created e2e-hook, version 1' }).waitFor();
  if (await flow.locator('#route-errors li').count() !== 0) throw new Error('errors stayed after a good save');
  const row = flow.locator('[data-route="e2e-hook"]');
  await row.locator('[data-role=declared]').filter({ hasText: 'api v1' }).waitFor();
  await flow.locator('[data-route="c-json"] [data-role=declared]').filter({ hasText: 'configuration' }).waitFor();
  if (await flow.locator('[data-route="c-json"] button').count() !== 0) throw new Error('a configured route has buttons');

  step('routes at run time: pause, then resume');
  await row.locator('[data-role=pause]').click();
  await flow.locator('[data-route="e2e-hook"][data-state=paused]').waitFor();
  await row.locator('.state-paused').waitFor();
  await flow.locator('#route-new').click();
  await flow.locator('#route-yaml').fill(yaml('timout').replace('e2e-hook', 'e2e-other'));
  await flow.locator('#route-save').click();
  await flow.locator('#route-errors li[data-line="7"]').waitFor();
  await flow.screenshot({ path: `${shots}/flow.png` });
  await flow.locator('[data-route="e2e-hook"] [data-role=resume]').click();
  await flow.locator('[data-route="e2e-hook"][data-state=running]').waitFor();
  await row.locator('[data-role=declared]').filter({ hasText: 'api v3' }).waitFor();

  step('routes at run time: edit at the current version, then delete');
  await row.locator('[data-role=edit]').click();
  await flow.locator('#route-editor-title').filter({ hasText: 'Edit route e2e-hook (version 3)' }).waitFor();
  const loaded = await flow.locator('#route-yaml').inputValue();
  if (!loaded.startsWith('name: "e2e-hook"\n') || !loaded.includes('timeout: "2s"')) throw new Error(`loaded: ${loaded}`);
  await flow.locator('#route-yaml').fill(loaded.replace('timeout: "2s"', 'timeout: 3s'));
  await flow.locator('#route-save').click();
  await flow.locator('#route-status').filter({ hasText: 'Saved e2e-hook, version 4' }).waitFor();
  await row.locator('[data-role=declared]').filter({ hasText: 'api v4' }).waitFor();
  await row.locator('[data-role=delete]').click();
  await row.waitFor({ state: 'detached' });
  const after = await (await fetch(`${base}/api/routes/e2e-hook`)).status;
  if (after !== 404) throw new Error(`the deleted route answers ${after}`);
}

/**
 * The analytics panel: the simulator started from its form with a fixed seed and start time, then every chart
 * and figure must show what the view API answers (the test reads the charts through Chart.js in the page and
 * the views with its own requests), bounded as the panel promises.
 */
async function analytics(page) {
  const panel = page.locator('#analytics');
  step('analytics: the panel goes live when it is on screen');
  await panel.locator('#simulator-form').scrollIntoViewIfNeeded();
  await panel.locator('#analytics-status[data-live=true]').filter({ hasText: 'Live: 5 view streams open' }).waitFor();

  step('analytics: a bad start time is refused next to its field');
  const field = (name) => panel.locator(`#simulator-form input[name=${name}]`);
  await field('startTime').fill('yesterday');
  await page.click('#simulator-start');
  await panel.locator('[data-error-for=startTime]').filter({ hasText: 'RFC 3339' }).waitFor();

  step('analytics: start the simulator with seed 7, 3000 events, as fast as possible');
  await field('seed').fill('7');
  await field('events').fill('3000');
  await field('rate').fill('0');
  await field('startTime').fill('2026-01-01T00:00:00Z');
  await page.click('#simulator-start');
  await panel.locator('#simulator-state[data-state=stopped]').filter({ hasText: 'seed 7' }).waitFor();
  await panel.locator('#simulator-counts td[data-topic=payment]').waitFor();

  await chartsAgree(page);
  await figuresAgree(page);
  await panel.screenshot({ path: `${shots}/analytics.png`, style: 'header { position: static !important; }' });

  step('analytics: off screen the streams pause; back on screen they resume after the last row they showed');
  await page.evaluate(() => window.scrollTo(0, 0));
  await panel.locator('#analytics-status[data-live=false]').waitFor({ state: 'attached' });
  const before = await chart(page, 'payments-per-5s');
  // fill() and click() would scroll the form into view: set the fields and submit from script instead
  for (const [name, value] of [['seed', '8'], ['events', '1500'], ['startTime', '2026-01-01T01:00:00Z']]) {
    await field(name).evaluate((input, v) => { input.value = v; }, value);
  }
  await field('seed').evaluate((input) => input.form.requestSubmit());
  if (await page.evaluate(() => document.querySelector('#analytics-status').dataset.live) !== 'false') {
    throw new Error('the panel went on screen while the test set the simulator fields');
  }
  await panel.locator('#simulator-state[data-state=stopped]').filter({ hasText: 'seed 8' }).waitFor({ state: 'attached' });
  await eventually('the new run in payments-per-5s', async () => {
    const answer = await view('payments-per-5s');
    return answer && answer.rows.some((r) => r.windowStart >= '2026-01-01T01:00:00Z') ? null : 'not there yet';
  });
  await page.waitForTimeout(1000); // what an open stream would have delivered by now
  if (JSON.stringify(await chart(page, 'payments-per-5s')) !== JSON.stringify(before)) {
    throw new Error('the payments chart changed while the panel was off screen');
  }
  await panel.locator('#simulator-form').scrollIntoViewIfNeeded();
  await panel.locator('#analytics-status[data-live=true]').waitFor();
  await chartsAgree(page);
  await figuresAgree(page);

  step('analytics: a run until stopped, stopped from the panel');
  await field('events').fill('');
  await field('rate').fill('20');
  await field('startTime').fill('');
  await page.click('#simulator-start');
  await panel.locator('#simulator-state[data-state=running]').waitFor();
  await page.click('#simulator-stop');
  await panel.locator('#simulator-state[data-state=stopped]').waitFor();
  const status = await (await fetch(`${base}/api/simulator`)).json();
  if (status.running) throw new Error(`the simulator still runs after Stop: ${JSON.stringify(status)}`);
}

/** Every chart shows what its view answers, bounded as the panel promises. */
async function chartsAgree(page) {
  step('analytics: payments per 5 s, the last 60 windows, as the view answers');
  await same(page, 'payments-per-5s', (rows) => {
    const last = byWindow(rows).slice(-60);
    if (last.length < 60) return `only ${last.length} windows with payments: the run is too short to test the bound`;
    return { labels: last.map((w) => w.start), values: [last.map((w) => w.rows[0].total)] };
  });
  step('analytics: page views per category, the last 60 windows, one dataset per category');
  await same(page, 'pageviews-categories', (rows) => {
    const last = byWindow(rows).slice(-60);
    const categories = [...new Set(last.flatMap((w) => w.rows.map((r) => r.key)))].sort();
    return {
      labels: last.map((w) => w.start),
      datasets: categories,
      values: categories.map((c) => last.map((w) => w.rows.find((r) => r.key === c)?.views ?? 0)),
    };
  });
  step('analytics: the top 5 books of the latest hour');
  await same(page, 'top-books-by-revenue', (rows) => {
    const windows = byWindow(rows);
    if (windows.length === 0) return 'the view has no rows yet';
    const latest = windows.at(-1).rows[0];
    return { labels: latest.top5.map((b) => b.key), values: [latest.top5.map((b) => b.score)] };
  });
  step('analytics: purchases per city, the last 3 windows');
  await same(page, 'purchases-per-city', (rows) => {
    const last = byWindow(rows).slice(-3);
    const cities = [...new Set(last.flatMap((w) => w.rows.map((r) => r.key)))].sort();
    return { labels: cities, values: last.map((w) => cities.map((c) => w.rows.find((r) => r.key === c)?.purchases ?? 0)) };
  });
}

/** The shipping and outstanding figures show the coded views' summaries. */
async function figuresAgree(page) {
  step('analytics: shipping and outstanding figures equal the coded views\' summaries');
  const euros = new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR' });
  await eventually('the figures', async () => {
    const [shippingView, outstandingView] = [await view('shipping-times'), await view('outstanding-payments')];
    if (shippingView === null || outstandingView === null) return 'the views are not queryable yet';
    const [shipping, outstanding] = [shippingView.summary, outstandingView.summary];
    const want = {
      delivered: shipping.delivered, avgMs: shipping.avgMs, p50Ms: shipping.p50Ms, maxMs: shipping.maxMs,
      lost: shipping.lost, count: outstanding.count, totalAmount: outstanding.totalAmount,
      amountText: euros.format(outstanding.totalAmount / 100),
    };
    const shown = await page.evaluate(() => {
      const figures = {};
      for (const node of document.querySelectorAll('#analytics [data-figure]')) {
        figures[node.dataset.figure] = node.dataset.value === '' ? null : Number(node.dataset.value);
      }
      figures.amountText = document.querySelector('#analytics [data-figure=totalAmount] .value').textContent;
      return figures;
    });
    if (!(want.delivered > 0 && want.count > 0)) return `the summaries are still empty: ${JSON.stringify(want)}`;
    return JSON.stringify(shown) === JSON.stringify(want) ? null : `shown ${JSON.stringify(shown)}, API ${JSON.stringify(want)}`;
  });
}

/**
 * A view's rows and summary (pull query), fetched by the test itself; null while the views restore (503).
 * The JSON leaves out an empty list of rows and a missing summary.
 */
async function view(name) {
  const response = await fetch(`${base}/api/views/${name}?limit=10000`);
  const text = await response.text();
  if (response.status === 503) return null;
  if (!response.ok) throw new Error(`GET /api/views/${name}: ${response.status} ${text}`);
  const body = JSON.parse(text);
  return { rows: body.rows ?? [], summary: body.summary ?? {} };
}

/** A windowed view's rows grouped by window, oldest first. */
function byWindow(rows) {
  const windows = new Map();
  for (const row of rows) {
    if (!windows.has(row.windowStart)) windows.set(row.windowStart, { start: row.windowStart, rows: [] });
    windows.get(row.windowStart).rows.push(row);
  }
  return [...windows.values()].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

/** What the chart of view {@code name} shows, read through Chart.js in the page. */
function chart(page, name) {
  return page.evaluate((v) => {
    const c = Chart.getChart(document.querySelector(`#analytics [data-view="${v}"] canvas`));
    return { labels: c.data.labels, datasets: c.data.datasets.map((d) => d.label), values: c.data.datasets.map((d) => d.data) };
  }, name);
}

/**
 * Waits until the chart of {@code name} shows what {@code expect} makes of the view's rows: its labels, its
 * datasets' labels (when given) and their values. The views settle a moment after the simulator stops, and
 * the page follows them, so both are read again until they agree.
 */
async function same(page, name, expect) {
  await eventually(`the ${name} chart`, async () => {
    const answer = await view(name);
    if (answer === null) return 'the views are not queryable yet';
    const want = expect(answer.rows);
    if (typeof want === 'string') return want;
    const shown = await chart(page, name);
    if (!want.datasets) delete shown.datasets;
    if (want.labels.length === 0) return 'the view has no rows yet';
    return JSON.stringify(shown) === JSON.stringify(want) ? null
      : `the chart shows ${JSON.stringify(shown).slice(0, 600)}\nthe view answers ${JSON.stringify(want).slice(0, 600)}`;
  });
}

/** Runs {@code check} until it answers null (agreement), at most about a minute; else fails with its last answer. */
async function eventually(what, check) {
  let difference;
  for (let i = 0; i < 120; i++) {
    difference = await check();
    if (difference === null) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what} never agreed with the view API: ${difference}`);
}

// ---- issue 15 part 4: console fixes seen as a user (streams of any type, deliveries layout, commerce) ----

/**
 * The SSE parser the console loads (console/vendor/eventsource-parser, no WebJar of it exists) is byte for
 * byte the npm release that package.json pins, so upgrading it means bumping the pin and copying the files.
 */
async function vendoredParserIsTheNpmRelease() {
  step('the vendored eventsource-parser is the pinned npm release');
  const dist = new URL('./node_modules/eventsource-parser/dist/', import.meta.url);
  for (const file of ['index.js', 'parse.js', 'errors.js', 'stream.js']) {
    const response = await fetch(`${base}/console/vendor/eventsource-parser/${file}`);
    if (!response.ok) throw new Error(`GET /console/vendor/eventsource-parser/${file}: ${response.status}`);
    const served = await response.text();
    if (served !== readFileSync(new URL(file, dist), 'utf8')) {
      throw new Error(`vendor/eventsource-parser/${file} differs from the npm package's dist/${file}`);
    }
  }
}

/**
 * The Live streams viewers show events of every type: a CloudEvent of a type nobody declared, published
 * with POST /api/topics/{topic}/events to the topic of c-json, shows with its type next to it, as do the
 * items of the producer form.
 */
async function streamsOfAnyType(page) {
  const card = page.locator('[data-channel="c-json"]');
  const channels = await (await fetch(`${base}/api/channels`)).json();
  const topic = channels.find((c) => c.name === 'c-json').topic;
  step('streams of any type: start the viewers, publish a com.example.custom CloudEvent to their topic');
  for (const name of ['c-json', 'c-xml', 'c-filtered']) {
    await page.locator(`[data-channel="${name}"] [data-role=start]`).click();
    await page.locator(`[data-channel="${name}"] [data-role=status]`).filter({ hasText: 'live' }).waitFor();
  }
  const response = await fetch(`${base}/api/topics/${encodeURIComponent(topic)}/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/cloudevents+json' },
    body: JSON.stringify({ specversion: '1.0', id: `custom-${Date.now()}`, source: '/e2e', type: 'com.example.custom',
      data: { note: 'a type nobody declared' } }),
  });
  if (!response.ok) throw new Error(`publishing the custom event: ${response.status} ${await response.text()}`);
  const custom = card.locator('.event[data-type="com.example.custom"]');
  await custom.locator('[data-role=type]').filter({ hasText: /^com\.example\.custom$/ }).waitFor();
  await custom.locator('pre').filter({ hasText: '"note": "a type nobody declared"' }).waitFor();

  step('streams of any type: an item of the producer shows with its own type');
  await page.fill('#raw-json', JSON.stringify({ itemId: 'e2e-typed', name: 'Typed', category: 'Electronics' }));
  await page.click('#send-raw');
  const item = card.locator('.event').filter({ hasText: '"itemId": "e2e-typed"' });
  await item.waitFor();
  const type = await item.getAttribute('data-type');
  if (!type || type === 'com.example.custom' || type === 'message') throw new Error(`the item shows the type ${type}`);
  if (await card.locator('[data-role=count]').textContent() !== '2') throw new Error('c-json did not count exactly 2');
  await page.locator('[data-channel="c-xml"] .event[data-type="com.example.custom"]').waitFor();
  await page.locator('[data-channel="c-filtered"] .event').filter({ hasText: 'e2e-typed' }).waitFor();
  await page.locator('#streams').screenshot({ path: `${shots}/streams.png` });
}

/**
 * A viewer reconnects as EventSource did: when the server ends the stream (its route replaced at run
 * time) it reconnects with Last-Event-ID and goes on after the last event it showed, without a repeat;
 * when the route is gone (404) it stops and says why.
 */
async function streamReconnects() {
  const channels = await (await fetch(`${base}/api/channels`)).json();
  const topic = channels.find((c) => c.name === 'c-json').topic;
  const publish = async (note) => {
    const response = await fetch(`${base}/api/topics/${encodeURIComponent(topic)}/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/cloudevents+json' },
      body: JSON.stringify({ specversion: '1.0', source: '/e2e', type: 'com.example.reconnect', data: { note } }),
    });
    if (!response.ok) throw new Error(`publishing ${note}: ${response.status} ${await response.text()}`);
  };
  const route = (method, path, body) => fetch(`${base}/api/routes${path}`, {
    method, headers: { 'Content-Type': 'application/json', 'If-Match': '*' }, body: body && JSON.stringify(body) });
  step('stream reconnects: an SSE route made at run time, watched from a page');
  const created = await route('POST', '', { name: 'e2e-sse', from: topic, to: 'sse' });
  if (created.status !== 201) throw new Error(`creating e2e-sse: ${created.status} ${await created.text()}`);
  const page = await openConsole();
  const card = page.locator('[data-channel="e2e-sse"]');
  await card.locator('[data-role=start]').click();
  await card.locator('[data-role=status]').filter({ hasText: 'live (from now)' }).waitFor();
  await publish('before the replacement');
  await card.locator('pre').filter({ hasText: 'before the replacement' }).waitFor();
  const lastId = await card.locator('[data-role=last-id]').textContent();

  step('stream reconnects: replacing the route ends the stream; the viewer resumes after its last id');
  // a changed definition (an unchanged one is left running, connections and all)
  const replaced = await route('PUT', '/e2e-sse', { from: topic, pipeline: [{ filter: '$exists(note)' }], to: 'sse' });
  if (replaced.status !== 200) throw new Error(`replacing e2e-sse: ${replaced.status} ${await replaced.text()}`);
  await card.locator('[data-role=status]').filter({ hasText: `resumed after ${lastId}` }).waitFor();
  await publish('after the replacement');
  await card.locator('pre').filter({ hasText: 'after the replacement' }).waitFor();
  if (await card.locator('[data-role=count]').textContent() !== '2') throw new Error('an event came twice or not at all');

  step('stream reconnects: a deleted route is not reconnected to');
  const deleted = await route('DELETE', '/e2e-sse');
  if (deleted.status !== 204) throw new Error(`deleting e2e-sse: ${deleted.status}`);
  await card.locator('[data-role=status]').filter({ hasText: 'stopped: 404' }).waitFor();
  await page.close();
}

/**
 * The Flow panel shows a CDC route's source under its row: after the snapshot its phase (streaming), the
 * snapshot done with its rows, the changes; after the changes the page asks the test to make, the count
 * grown by them, the last change relative to now with its ISO time as tooltip, the lag, the slot,
 * publication and tables, all as /api/routes gives them. A CDC route whose database is not there shows
 * phase waiting, and why only once, in the row's waiting note. A route reading Sluice's log has no such
 * line. At 1280, 1400 and 1920 px every row and status line lies within the panel and no two fields overlap.
 */
async function cdcStatus() {
  const sourceOf = async (name) => {
    const routes = await (await fetch(`${base}/api/routes`)).json();
    const route = routes.find((r) => r.name === name);
    if (!route) throw new Error(`no route ${name} in /api/routes`);
    return route;
  };
  const page = await openConsole();
  const flow = page.locator('#flow');
  const status = flow.locator(`.cdc-status[data-route="${cdc.route}"]`);
  const field = (name) => status.locator(`[data-field="${name}"]`);
  const value = (name) => field(name).locator('.value');

  step('cdc: after the snapshot the Flow panel shows phase streaming, snapshot done, its rows and changes');
  await flow.locator(`.cdc-status[data-route="${cdc.route}"][data-phase=streaming][data-snapshot=done]`).waitFor();
  await value('phase').filter({ hasText: /^streaming$/ }).waitFor();
  await value('snapshot').filter({ hasText: /^done$/ }).waitFor();
  await value('snapshotRows').filter({ hasText: new RegExp(`^${cdc.snapshotRows}$`) }).waitFor();
  await value('changes').filter({ hasText: new RegExp(`^${cdc.snapshotRows}$`) }).waitFor();
  let source = (await sourceOf(cdc.route)).sourceStatus;
  if (source.snapshotRows !== cdc.snapshotRows || source.changes !== cdc.snapshotRows) {
    throw new Error(`/api/routes says ${JSON.stringify(source)}`);
  }
  if (await flow.locator(`.flow[data-route="${cdc.route}"] .cdc-status`).count() !== 1) throw new Error('not one status line');

  step('cdc: an insert and an update in the database: the changes count grows by them');
  const made = await fetch(cdc.changeUrl, { method: 'POST' });
  if (made.status !== 204) throw new Error(`making the changes: ${made.status}`);
  const total = cdc.snapshotRows + cdc.changesMade;
  await value('changes').filter({ hasText: new RegExp(`^${total}$`) }).waitFor();
  source = (await sourceOf(cdc.route)).sourceStatus;
  if (source.changes !== total || source.phase !== 'streaming' || source.snapshot !== 'done') {
    throw new Error(`/api/routes says ${JSON.stringify(source)}, ${total} changes expected`);
  }

  step('cdc: last change relative to now with its ISO time as tooltip; lag, slot, publication and tables as the API says');
  // the page refreshes every 2 s: wait for the refresh that shows the state the API gave after the changes
  const lastChange = status.locator(`[data-field=lastChange][data-value="${source.lastChange}"]`);
  await lastChange.waitFor();
  if (!(await lastChange.getAttribute('title')).includes(source.lastChange)) throw new Error('the ISO time is not the tooltip');
  const ago = await lastChange.locator('.value').textContent();
  if (!/^(just now|\d+ s ago|\d+ min ago)$/.test(ago)) throw new Error(`last change shows "${ago}"`);
  const lag = await value('lag').textContent();
  const ms = source.lagMillis;
  const lagWanted = ms < 1000 ? `${ms} ms` : ms < 60000 ? `${(ms / 1000).toFixed(1)} s`
    : `${Math.floor(Math.round(ms / 1000) / 60)} min ${Math.round(ms / 1000) % 60} s`;
  if (typeof ms !== 'number' || lag !== lagWanted) throw new Error(`lag shows "${lag}", the API ${ms} ms`);
  for (const [name, want] of [['slot', source.slot], ['publication', source.publication],
    ['tables', source.tables.split(',').join(', ')]]) {
    const shown = await value(name).textContent();
    if (!want || shown !== want) throw new Error(`${name} shows "${shown}", the API "${want}"`);
  }
  if (source.tables !== cdc.tables) throw new Error(`the route reads ${source.tables}`);

  step('cdc: a source whose database is not there: phase waiting, and why once, in the row\'s waiting note');
  const waitingRow = flow.locator(`.flow[data-route="${cdc.waitingRoute}"][data-state=waiting]`);
  await waitingRow.locator(`.cdc-status[data-phase=waiting] [data-field=phase] .value`).filter({ hasText: /^waiting$/ }).waitFor();
  // the reason is the API's (the route's state and its source say the same), in the note and nowhere else
  await eventually('the waiting reason', async () => {
    const waiting = await sourceOf(cdc.waitingRoute);
    const reason = waiting.state.detail;
    if (!reason || waiting.sourceStatus.waitingFor !== reason) return `/api/routes says ${JSON.stringify(waiting)}`;
    const note = await waitingRow.locator('.waiting.state-waiting').textContent();
    const rowText = await waitingRow.textContent();
    const times = rowText.split(reason).length - 1;
    return note.endsWith(`: ${reason}`) && times === 1 ? null : `the note says "${note}"; the reason shows ${times} times in the row`;
  });
  if (await flow.locator('.flow[data-route="c-json"] .cdc-status').count() !== 0) throw new Error('c-json has a status line');

  for (const width of [1400, 1280, 1920]) {
    step(`cdc: at ${width}x900 the rows and status lines lie within the Flow panel and no two fields overlap`);
    await page.setViewportSize({ width, height: 900 });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const problems = await flowRowsFit(page);
    if (problems.length) throw new Error(`at ${width} px:\n${problems.join('\n')}`);
    await page.locator('#flow-routes').screenshot({ path: `${shots}/flow-cdc-${width}.png`, style: 'header { position: static !important; }' });
  }
  await page.close();
}

/**
 * What is wrong with the layout of the Flow panel's rows: a row, or a status line, that reaches out of the panel
 * (or its row), a panel wider than its content box, two fields of a status line that overlap. Empty when right.
 */
function flowRowsFit(page) {
  return page.evaluate(() => {
    const slack = 0.5;
    const box = (node) => node.getBoundingClientRect();
    const panel = document.querySelector('#flow');
    const p = box(panel);
    const problems = [];
    const within = (inner, outer) => inner.left >= outer.left - slack && inner.right <= outer.right + slack
      && inner.top >= outer.top - slack && inner.bottom <= outer.bottom + slack;
    if (panel.scrollWidth > panel.clientWidth + 1) problems.push(`#flow: content ${panel.scrollWidth} px wide in ${panel.clientWidth} px`);
    const lines = document.querySelectorAll('#flow .cdc-status');
    if (lines.length < 2) problems.push(`only ${lines.length} status line(s)`);
    for (const row of document.querySelectorAll('#flow .flow')) {
      const r = box(row);
      if (!within(r, p)) problems.push(`${row.dataset.route}: the row [${r.left},${r.right}] leaves the panel [${p.left},${p.right}]`);
      for (const line of row.querySelectorAll('.cdc-status')) {
        const l = box(line);
        if (!within(l, r)) problems.push(`${row.dataset.route}: its status line [${l.left},${l.right}]x[${l.top},${l.bottom}] leaves the row`);
        const fields = [...line.querySelectorAll('.field')].map((f) => [f.dataset.field, box(f)]);
        fields.forEach(([name, f], i) => {
          if (!within(f, l)) problems.push(`${row.dataset.route}: ${name} leaves its status line`);
          for (const [other, o] of fields.slice(i + 1)) {
            const overlapX = Math.min(f.right, o.right) - Math.max(f.left, o.left);
            const overlapY = Math.min(f.bottom, o.bottom) - Math.max(f.top, o.top);
            if (overlapX > slack && overlapY > slack) problems.push(`${row.dataset.route}: ${name} overlaps ${other}`);
          }
        });
      }
    }
    return problems;
  });
}

/**
 * The Deliveries cards contain their tables and do not overlap, at 1280, 1400 and 1920 px: three more
 * webhook routes with long names to a port where nothing listens, fed events with long keys without
 * spaces, so that every table has long errors, keys and reasons to fit.
 */
async function deliveriesLayout() {
  const routes = await (await fetch(`${base}/api/routes`)).json();
  const topic = routes.find((r) => r.name === 'erp').topic;
  const names = [1, 2, 3].map((i) => `e2e-layout-a-rather-long-route-name-${i}`);
  step('deliveries layout: three webhook routes to a port where nothing listens');
  for (const name of names) {
    const created = await fetch(`${base}/api/routes`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name, from: topic, group: `${name}-${Date.now()}`, to: 'webhook',
        options: { url: 'http://127.0.0.1:1/nothing-listens-here/with/a/long/path/to/wrap', timeout: '2s' },
        retry: { 'base-delay': '20ms', 'max-delay': '50ms', 'max-attempts': 2 } }),
    });
    if (created.status !== 201) throw new Error(`creating ${name}: ${created.status} ${await created.text()}`);
  }
  // a route at run time delivers from the moment its consumer joined: publish until each has a dead letter
  const key = 'customer-0f8c2b1e4d7a4c559a577f0e1f3b2a11-0f8c2b1e4d7a4c559a577f0e1f3b2a11-no-spaces';
  await eventually('a dead letter on each layout route', async () => {
    const body = JSON.stringify({ specversion: '1.0', source: '/e2e/layout', type: 'com.example.layout',
      partitionkey: key, data: { note: 'layout' } });
    await fetch(`${base}/api/topics/${encodeURIComponent(topic)}/events`,
      { method: 'POST', headers: { 'Content-Type': 'application/cloudevents+json' }, body });
    for (const name of names) {
      const dead = await (await fetch(`${base}/api/dead-letters/${name}?limit=1`)).json();
      if (dead.length === 0) return `${name} has no dead letter yet`;
    }
    return null;
  });

  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(30000);
  page.on('pageerror', (e) => { console.error(`page error: ${e.message}`); process.exitCode = 1; });
  await page.goto(`${base}/`);
  for (const name of names) {
    await page.locator(`#deliveries [data-route="${name}"] [data-role=dead-letter]`).first().waitFor();
  }
  for (const width of [1400, 1280, 1920]) {
    step(`deliveries layout: at ${width}x900 every table lies within its card and no two cards overlap`);
    await page.setViewportSize({ width, height: 900 });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const problems = await cardsContainTheirTables(page, '#deliveries');
    if (problems.length) throw new Error(`at ${width} px:\n${problems.join('\n')}`);
    await page.locator('#deliveries').screenshot({ path: `${shots}/deliveries-${width}.png`, style: 'header { position: static !important; }' });
  }
  await page.close();
  for (const name of names) {
    const deleted = await fetch(`${base}/api/routes/${name}`, { method: 'DELETE', headers: { 'If-Match': '*' } });
    if (deleted.status !== 204) throw new Error(`deleting ${name}: ${deleted.status}`);
  }
}

/**
 * What is wrong with the layout of the cards in {@code panel}: a table (or any content) that reaches out of
 * its card, or two cards that overlap. Empty when the layout is right.
 */
function cardsContainTheirTables(page, panel) {
  return page.evaluate((selector) => {
    const slack = 0.5;
    const box = (node) => node.getBoundingClientRect();
    const cards = [...document.querySelectorAll(`${selector} .card`)];
    const problems = [];
    if (cards.length < 2) problems.push(`only ${cards.length} card(s): nothing to compare`);
    cards.forEach((card, i) => {
      const c = box(card);
      const name = card.dataset.route || card.querySelector('h3')?.textContent || `card ${i}`;
      for (const table of card.querySelectorAll('table')) {
        const t = box(table);
        if (t.left < c.left - slack || t.right > c.right + slack || t.top < c.top - slack || t.bottom > c.bottom + slack) {
          problems.push(`${name}: a table [${t.left},${t.right}]x[${t.top},${t.bottom}] leaves its card [${c.left},${c.right}]x[${c.top},${c.bottom}]`);
        }
      }
      if (card.scrollWidth > card.clientWidth + 1) problems.push(`${name}: content ${card.scrollWidth} px wide in ${card.clientWidth} px`);
      cards.slice(i + 1).forEach((other, j) => {
        const o = box(other);
        const overlapX = Math.min(c.right, o.right) - Math.max(c.left, o.left);
        const overlapY = Math.min(c.bottom, o.bottom) - Math.max(c.top, o.top);
        if (overlapX > slack && overlapY > slack) problems.push(`${name} overlaps card ${i + j + 1}`);
      });
    });
    return problems;
  }, panel);
}

/**
 * The Commerce panel (S3): what is created over the API is listed (the order with the names the enrichment
 * joined), the order_created event shows in the orders-created stream with its type, a failed notification
 * is replayed from its button, and the form shows a bad e-mail next to its field.
 */
async function commercePanel(page) {
  const post = async (path, body) => {
    const response = await fetch(`${base}${path}`,
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (response.status !== 201) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  step('commerce: watch the orders-created stream');
  const stream = page.locator('[data-channel="orders-created"]');
  await stream.locator('[data-role=start]').click();
  await stream.locator('[data-role=status]').filter({ hasText: 'live' }).waitFor();

  step('commerce: create an organization, a customer and an order over the API');
  const org = await post('/api/organizations', { name: 'Console Org' });
  const customer = await post('/api/customers', { name: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' });
  const order = await post('/api/orders', { po: 'po-e2e', organizationId: org.id, customerId: customer.id,
    date: '2026-01-01T10:00:00Z' });

  step('commerce: the stream shows the enriched order as an order_created event');
  await stream.locator('.event[data-type="order_created"]').filter({ hasText: order.id }).waitFor();
  await stream.locator('[data-role=stop]').click();

  step('commerce: the panel lists them, the order with the names it was enriched with');
  const panel = page.locator('#commerce');
  await panel.locator('#commerce-status[data-state=on]').waitFor({ state: 'attached' });
  await panel.scrollIntoViewIfNeeded();
  await panel.locator('#commerce-status').filter({ hasText: 'Refreshed every 3 s' }).waitFor();
  await panel.locator(`[data-role=organizations] tr[data-id="${org.id}"]`).filter({ hasText: 'Console Org' }).waitFor();
  await panel.locator(`[data-role=customers] tr[data-id="${customer.id}"]`)
    .filter({ hasText: 'Lovelace' }).filter({ hasText: 'ada@example.com' }).waitFor();
  const row = panel.locator(`[data-role=orders] tr[data-id="${order.id}"]`);
  await row.filter({ hasText: 'po-e2e' }).filter({ hasText: 'pending' }).filter({ hasText: 'Console Org' })
    .filter({ hasText: 'Ada Lovelace <ada@example.com>' }).waitFor();

  step('commerce: the order\'s notification failed (no address); its replay fails once more');
  const note = panel.locator('[data-role=notifications] tr').filter({ hasText: 'console-order' })
    .filter({ hasText: `order_created` }).filter({ hasText: order.id.slice(0, 8) });
  await note.locator('[data-role=status]').filter({ hasText: /^failed$/ }).waitFor();
  await note.filter({ hasText: 'not a valid address' }).waitFor();
  await note.locator('[data-role=attempts]').filter({ hasText: /^1$/ }).waitFor();
  await note.locator('[data-role=replay]').click();
  await panel.locator('#notifications-replayed').filter({ hasText: 'failed after 2 attempt(s)' }).waitFor();
  await note.locator('[data-role=attempts]').filter({ hasText: /^2$/ }).waitFor();

  step('commerce: the form shows a bad e-mail next to its field, then creates the customer');
  const form = panel.locator('#new-customer');
  await form.locator('input[name=name]').fill('Grace');
  await form.locator('input[name=lastName]').fill('Hopper');
  await form.locator('input[name=email]').fill('not-an-address');
  await form.locator('#create-customer').click();
  await form.locator('[data-error-for=email]').filter({ hasText: /./ }).waitFor();
  await form.locator('input[name=email]').fill('grace@example.com');
  await form.locator('#create-customer').click();
  await panel.locator('[data-role=customers] tr').filter({ hasText: 'Hopper' }).waitFor();
  if (await form.locator('[data-error-for=email]').textContent() !== '') throw new Error('the e-mail error stayed');
  await page.waitForTimeout(300); // the customer's option in the order form comes with the same refresh
  await panel.screenshot({ path: `${shots}/commerce.png`, style: 'header { position: static !important; }' });

  step('commerce: the cards contain their tables at 1400 px');
  const problems = await cardsContainTheirTables(page, '#commerce');
  if (problems.length) throw new Error(problems.join('\n'));
}

/**
 * The Mail panel (S3): an invoice made over the commerce API sends its notification to the built-in mail catcher;
 * the panel lists it (recipient, subject), opens it to its text, agrees with GET /api/mail, and Clear empties the
 * catcher. Runs on a page of its own.
 */
async function mailPanel(page) {
  const panel = page.locator('#mail');
  const api = async (path, body) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${text}`);
    return JSON.parse(text);
  };
  step('mail: the panel says where mail goes and that nothing was caught yet');
  await panel.scrollIntoViewIfNeeded();
  await panel.locator('#mail-status[data-state=on]').filter({ hasText: /built-in catcher at 127\.0\.0\.1:\d+/ }).waitFor();
  await panel.locator('#mail-list td').filter({ hasText: 'No mail caught yet.' }).waitFor();

  step('mail: an invoice made over the API is listed with its recipient and subject');
  const org = await api('/api/organizations', { name: 'E2E Shop' });
  const customer = await api('/api/customers', { name: 'Ada', lastName: 'Lovelace', email: 'ada@e2e.example' });
  const order = await api('/api/orders', { po: 'po-e2e', organizationId: org.id, customerId: customer.id,
    date: '2026-01-01T10:00:00Z' });
  await api('/api/invoices', { orderId: order.id, amount: 120.5, currency: 'EUR', dueDate: '2026-02-01' });
  const row = panel.locator('tr.mail-row').filter({ hasText: 'Invoice from E2E Shop' });
  await row.locator('[data-role=to]').filter({ hasText: 'ada@e2e.example' }).waitFor();
  const caught = await (await fetch(`${base}/api/mail`)).json();
  if (caught.messages.length !== 1 || caught.messages[0].subject !== 'Invoice from E2E Shop') {
    throw new Error(`GET /api/mail: ${JSON.stringify(caught)}`);
  }
  if (await row.getAttribute('data-mail') !== caught.messages[0].id) throw new Error('the row is not the API\'s message');

  step('mail: a click opens the message to its text');
  await row.click();
  await panel.locator(`[data-mail-detail="${caught.messages[0].id}"] [data-role=text]`)
    .filter({ hasText: 'Hello Ada Lovelace, your invoice of 120.5 EUR for order po-e2e is due on 2026-02-01.' }).waitFor();
  await panel.screenshot({ path: `${shots}/mail.png`, style: 'header { position: static !important; }' });

  step('mail: Clear empties the catcher');
  await panel.locator('#mail-clear').click();
  await panel.locator('#mail-list td').filter({ hasText: 'No mail caught yet.' }).waitFor();
  const after = await (await fetch(`${base}/api/mail`)).json();
  if (after.messages.length !== 0) throw new Error(`the catcher still holds ${JSON.stringify(after.messages)}`);
  await page.close();
}
