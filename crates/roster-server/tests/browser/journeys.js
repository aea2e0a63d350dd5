// The web app's main journeys in headless Chromium (Debian's, driven by playwright-core), against
// a real `roster serve`. Each journey saves a screenshot. Prints what it saw as one JSON object.
// Usage: node journeys.js main <base url> <admin email> <field email> <password> <group name> <screenshot dir>
//        node journeys.js invite <base url> <admin email> <password> <screenshot dir>
//        node journeys.js accept <base url> <invitation link> <email> <new password> <screenshot dir>
//        node journeys.js import <base url> <admin email> <password> <screenshot dir>
const fs = require('fs');
const { chromium } = require('playwright-core');

async function main() {
  const mode = process.argv[2];
  if (mode === 'invite') return invite(...process.argv.slice(3));
  if (mode === 'accept') return accept(...process.argv.slice(3));
  if (mode === 'import') return importExport(...process.argv.slice(3));
  const [base, adminEmail, fieldEmail, password, groupName, shots] = process.argv.slice(3);
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

// Signs an admin in at `/`, landing on the people list.
async function signInAsAdmin(page, base, email, password) {
  await page.goto(`${base}/`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(`${base}/people`), page.click('button[type=submit]')]);
}

async function launch(shots) {
  const browser = await chromium.launch({
    executablePath: process.env.ROSTER_TEST_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const shot = (name) => page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
  return { browser, page, errors, shot };
}

// An admin makes a group and a tag on their pages, a person in that group with that tag, and
// enables the person's login by invitation.
async function invite(base, adminEmail, password, shots) {
  const { browser, page, errors, shot } = await launch(shots);
  const seen = {};
  await signInAsAdmin(page, base, adminEmail, password);
  await page.click('nav >> text=Groups');
  await page.fill('#name', 'Night Crew');
  await page.fill('#timezone', 'America/Chicago');
  await Promise.all([page.waitForURL(/\/groups\/[0-9a-f-]+$/), page.click('button:has-text("Create")')]);
  await page.click('nav >> text=Tags');
  await page.fill('#name', 'OSHA 30');
  await page.check('input[name=require_expr_date]');
  await page.fill('#expr_days_warning', '14');
  await Promise.all([page.waitForURL(/\/tags\/[0-9a-f-]+$/), page.click('button:has-text("Create")')]);
  await shot('08-tag');
  await page.goto(`${base}/people/new`);
  await page.fill('#first_name', 'Maria');
  await page.fill('#last_name', 'Lopez');
  await page.fill('#email', 'maria@example.com');
  await page.check('label:has-text("Night Crew") input');
  await page.check('label:has-text("OSHA 30") input[name=tag_ids]');
  await page.fill('input[type=date]', '2027-05-01');
  await Promise.all([page.waitForURL(/\/people\/[0-9a-f-]+$/), page.click('button:has-text("Create")')]);
  await page.selectOption('#permission_level_id', { label: 'Field Worker' });
  await Promise.all([page.waitForLoadState(), page.click('button:has-text("Enable the login")')]);
  seen.invited = await page.isVisible('text=Send the invitation again');
  await shot('09-invited');
  seen.errors = errors;
  await browser.close();
  console.log(JSON.stringify(seen));
}

// The invited person follows the link, sets a password, and signs in to their profile.
async function accept(base, link, email, password, shots) {
  const { browser, page, errors, shot } = await launch(shots);
  const seen = {};
  await page.goto(link);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('text=Your password is set');
  await shot('10-password-set');
  await page.goto(`${base}/`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(`${base}/me`), page.click('button[type=submit]')]);
  seen.profile = await page.textContent('main');
  await shot('11-signed-in');
  seen.errors = errors;
  await browser.close();
  console.log(JSON.stringify(seen));
}

// An admin imports a CSV with one bad row: the preview marks it before anything is written,
// the progress bar runs to the end, the report says what became of each row. Then the list,
// filtered by a search, is exported.
async function importExport(base, adminEmail, password, shots) {
  const { browser, page, errors, shot } = await launch(shots);
  const seen = {};
  await signInAsAdmin(page, base, adminEmail, password);
  await page.click('text=Import (CSV)');
  const rows = ['First name,Last name,Email,Employee number,Groups'];
  for (let i = 0; i < 300; i++) rows.push(`Imported,Worker${i},worker${i}@example.com,IMP-${i},Field Crew`);
  rows.push('Bad,Row,not-an-email,IMP-BAD,Field Crew');
  await page.setInputFiles('#file', { name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n') + '\n') });
  await Promise.all([page.waitForURL(`${base}/people/import/preview`), page.click('button:has-text("Preview")')]);
  seen.previewSummary = await page.textContent('#import-summary');
  seen.previewProblem = await page.textContent('#import-rows tr.refused');
  await shot('12-import-preview');
  await Promise.all([page.waitForURL(/\/people\/import\/[0-9a-f-]+$/), page.click('button:has-text("Import")')]);
  seen.progressShown = await page.isVisible('progress');
  await page.waitForSelector('#import-done', { timeout: 60000 });
  seen.done = await page.textContent('#import-done');
  await shot('13-import-done');
  const [report] = await Promise.all([page.waitForEvent('download'), page.click('#import-report')]);
  seen.report = fs.readFileSync(await report.path(), 'utf8');
  await page.goto(`${base}/people`);
  await page.fill('#q', 'worker29');
  await page.waitForFunction(() => document.querySelector('#people').textContent.includes('11 people'));
  const [exported] = await Promise.all([page.waitForEvent('download'), page.click('text=Export this list (CSV)')]);
  seen.exported = fs.readFileSync(await exported.path(), 'utf8');
  await shot('14-export');
  seen.errors = errors;
  await browser.close();
  console.log(JSON.stringify(seen));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
