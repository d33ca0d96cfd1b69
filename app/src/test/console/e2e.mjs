// Drives the Sluice console in headless Chromium (Debian's /usr/bin/chromium through playwright-core).
// Usage: node e2e.mjs <base-url> <screenshot-dir>. Exits non-zero on the first failed expectation.
// ConsoleBrowserIT starts Sluice with the routes used here (c-json, c-xml, c-filtered, erp) and a
// receiver behind "erp" that fails its first two calls, so the first item ends as a dead letter.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const [base, shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
    '--no-first-run', '--disable-component-update', '--disable-sync'],
});
const step = (name) => console.log(`step: ${name}`);
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(30000);
  page.on('pageerror', (e) => { console.error(`page error: ${e.message}`); process.exitCode = 1; });
  await page.goto(`${base}/`);
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
  await page.locator('#streams').screenshot({ path: `${shots}/streams.png` });

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

  step('the flow shows counts per hop');
  const flowRow = page.locator('#flow [data-route="c-filtered"]');
  await flowRow.locator('[data-role=passed] .count').waitFor();
  await page.locator('#flow [data-route="erp"] [data-role=dead] .count').filter({ hasText: /^1$/ }).waitFor();
  await page.locator('#flow').screenshot({ path: `${shots}/flow.png` });
  step('the client streams panel says they are off in this run');
  await page.locator('#clients-status').filter({ hasText: 'Per-client streams are off' }).waitFor();
  console.log('console e2e: OK');
} finally {
  await browser.close();
}
