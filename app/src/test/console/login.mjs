// The console with access control on, in headless Chromium: nothing but the login form until an API key
// signs in; a wrong key is refused with the server's reason; the session is an HttpOnly cookie the page
// cannot read; the panels then load with the key's rights; logging out brings the form back.
// Usage: node login.mjs <base-url> <screenshot-dir> <admin api key>. ConsoleBrowserIT runs it.
import { launch, step } from './browser.mjs';
import { mkdirSync } from 'node:fs';

const [base, shots, key] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(30000);
  page.on('pageerror', (e) => { console.error(`page error: ${e.message}`); process.exitCode = 1; });
  await page.goto(`${base}/`);

  step('signed out: the login form and no panel');
  await page.locator('#access[data-state=on] #login').waitFor();
  if (await page.locator('section.panel').count() !== 0) throw new Error('panels mounted before signing in');
  await page.screenshot({ path: `${shots}/login.png`, clip: { x: 0, y: 0, width: 1400, height: 160 } });

  step('a wrong key is refused with the reason');
  await page.fill('#api-key', 'not-a-key-0123456789abcdef');
  await page.locator('#login button[type=submit]').click();
  await page.locator('#login-error').filter({ hasText: 'not known' }).waitFor();

  step('the right key signs in; the session cookie is HttpOnly');
  await page.fill('#api-key', key);
  await Promise.all([page.waitForNavigation(), page.locator('#login button[type=submit]').click()]);
  await page.locator('#access[data-state=on]').filter({ hasText: 'Signed in as ops (admin)' }).waitFor();
  const visible = await page.evaluate(() => document.cookie);
  if (visible.includes('sluice_token')) throw new Error(`the page can read the session: ${visible}`);
  if (await page.locator('#api-key').count() !== 0) throw new Error('the key field stayed');

  step('the panels load with the key\'s rights: the flow lists the routes');
  await page.locator('#flow [data-route]').first().waitFor();

  step('logging out brings the login form back');
  await Promise.all([page.waitForNavigation(), page.locator('#logout').click()]);
  await page.locator('#access[data-state=on] #login').waitFor();
  console.log('console login e2e: OK');
} finally {
  await browser.close();
}
