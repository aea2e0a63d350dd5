// The web app's main journeys in headless Chromium (Debian's, driven by playwright-core), against
// a real `roster serve`. Each journey saves a screenshot. Prints what it saw as one JSON object.
// Usage: node journeys.js <base url> <admin email> <field email> <password> <group name> <screenshot dir>
const { chromium } = require('playwright-core');

async function main() {
  const [base, adminEmail, fieldEmail, password, groupName, shots] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: process.env.ROSTER_TEST_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  const seen = { consoleErrors: [] };
  const context = await browser.newContext();
  const page = await context.newPage();
  // Pages answered 400/403 on purpose log "Failed to load resource"; anything else (a CSP
  // violation, a script error) is kept.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource: the server responded with a status of 40')) {
      seen.consoleErrors.push(m.text());
    }
  });
  page.on('pageerror', (e) => seen.consoleErrors.push(String(e)));
  const shot = (name) => page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });

  // Sign in.
  await page.goto(`${base}/`);
  await shot('01-sign-in');
  await page.fill('#email', adminEmail);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(`${base}/people`), page.click('button[type=submit]')]);
  seen.afterSignIn = page.url();
  await shot('02-people');

  // Create a person: first without a group (the API's message, inline), then with one.
  await page.click('text=New person');
  await page.fill('#first_name', 'Maria');
  await page.fill('#last_name', 'Lopez');
  await page.click('button:has-text("Create")');
  seen.groupError = await page.textContent('#group_ids-error');
  await page.fill('#first_name', 'Maria');
  await page.fill('#last_name', 'Lopez');
  await page.check(`label:has-text("${groupName}") input`);
  await page.fill('#employee_number', 'E-77');
  await Promise.all([page.waitForURL(/\/people\/[0-9a-f-]+$/), page.click('button:has-text("Create")')]);
  seen.personPage = page.url();
  await shot('03-person');

  // Edit it with a bad phone: the error shows next to the field; nothing saved.
  await page.fill('#phone', '555-NOPE');
  await page.click('button:has-text("Save")');
  seen.phoneError = await page.textContent('#phone-error');
  seen.phoneInvalid = await page.getAttribute('#phone', 'aria-invalid');
  await shot('04-bad-phone');

  // Search as you type: the list follows without a page load.
  await page.goto(`${base}/people`);
  const loads = [];
  page.on('load', () => loads.push(page.url()));
  await page.fill('#q', 'lopez');
  await page.waitForFunction(() => document.querySelector('#people').textContent.includes('1 people'));
  seen.searchRows = await page.$$eval('#people tbody tr', (rows) => rows.map((r) => r.textContent));
  seen.searchUrl = page.url();
  seen.fullLoadsWhileTyping = loads.length;
  await shot('05-search');

  // Sign out.
  await Promise.all([page.waitForURL(`${base}/`), page.click('button:has-text("Sign out")')]);
  seen.signedOut = await page.isVisible('#password');

  // A person who is not an admin: their profile, and no admin page.
  await page.fill('#email', fieldEmail);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(`${base}/me`), page.click('button[type=submit]')]);
  await shot('06-profile');
  const denied = await page.goto(`${base}/people`);
  seen.nonAdminPeopleStatus = denied.status();
  await shot('07-not-admin');

  await browser.close();
  console.log(JSON.stringify(seen));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
