// The portal per role in Chromium, tried from outside against a running `./build.sh run`: a reader, a registrar (a rename
// decided now for January, a correction dated today after it, an empty name, two tabs on one form, a form that is not theirs)
// and kommunstyrelsen's secretariat. From the repository root:
//   (cd tools/scenarios && npm ci --silent) && node tools/scenarios/portal-roles.mjs
// Debian's chromium (/usr/bin/chromium); portal on 5070, gateway on 5080. Prints one line per check and "N ok, N failed";
// exits non-zero when a check fails. Renames Sickla skola and gives it its name back at the end.
import { chromium } from 'playwright-core';
import fs from 'node:fs';

const repo = process.argv[2] ?? '.';
const portal = 'http://localhost:5070';
const gateway = 'http://localhost:5080';
const users = Object.fromEntries(fs.readFileSync(`${repo}/.local/identity/demo-users.txt`, 'utf8').split('\n')
  .filter(l => l && !l.startsWith('#')).map(l => l.split('\t')).map(([u, r, p]) => [r, { u, p }]));
let ok = 0, failed = 0;
const check = (what, cond, detail = '') => { if (cond) { ok++; console.log(`ok   ${what}`); } else { failed++; console.log(`FAIL ${what} ${detail}`); } };
const today = new Date().toISOString().slice(0, 10);
const ahead = '2027-01-01';
const run = Math.random().toString(36).slice(2, 6);

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const api = async (path) => (await fetch(gateway + path)).json();
const unitId = (await api('/api/units?q=' + encodeURIComponent('Sickla skola')))['items'][0]['id'];

async function signIn(role) {
  const context = await browser.newContext({ baseURL: portal, locale: 'sv-SE' });
  const page = await context.newPage();
  await page.goto('/logga-in');
  await page.getByLabel('Användarnamn').fill(users[role].u);
  await page.getByLabel('Lösenord').fill(users[role].p);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('heading', { name: 'Arbetsyta' }).waitFor({ timeout: 30000 });
  return { context, page };
}

// A reader, not signed in.
{
  const page = await browser.newPage({ baseURL: portal, locale: 'sv-SE' });
  let t = Date.now();
  await page.goto(`/enheter/${unitId}`);
  check('reader: a unit page', (await page.getByRole('heading', { level: 1 }).textContent()).includes('Sickla'), `${Date.now() - t} ms`);
  check('reader: no rename link', await page.getByRole('link', { name: /Byt namn/ }).count() === 0);
  const form = await page.goto(`/enheter/${unitId}/byt-namn`);
  check('reader: a form sends to sign in', page.url().includes('logga-in') || page.url().includes('connect'), page.url());
  await page.goto('/sok?q=alta');
  check('reader: search folds å/ä', (await page.content()).includes('Älta skola'));
  await page.goto('/enheter/not-a-guid');
  check('reader: junk id is a Swedish page', (await page.content()).includes('finns inte') || (await page.content()).includes('Sidan'), page.url());
  await page.close();
}

// A registrar: a rename decided now for January, then a correction dated today, from the same page.
const registrar = await signIn('registrar');
{
  const page = registrar.page;
  const before = (await api(`/api/units/${unitId}`))['name'];
  const rename = async (name, from) => {
    await page.getByLabel('Nytt namn').fill(name);
    await page.getByLabel('Gäller från').fill(from);
    await page.getByLabel('Skäl').fill('Omorganisation');
    await page.getByRole('button', { name: 'Spara' }).click();
    return page.getByRole('status').or(page.getByRole('alert')).first().textContent({ timeout: 30000 });
  };
  await page.goto(`/enheter/${unitId}/byt-namn`);
  const first = await rename(`Sickla skola och fritidshem ${run}`, ahead);
  check('registrar: rename for January saved', first.includes('Namnet är ändrat'), first);
  check('registrar: correction dated today saved after it', (await rename(`Sickla skolan ${run}`, today)).includes('Namnet är ändrat'));
  const now = (await api(`/api/units/${unitId}`))['name'];
  const then = (await api(`/api/units/${unitId}?asOf=2027-01-02`))['name'];
  check('register: today the correction, in January the rename', now === `Sickla skolan ${run}` && then === `Sickla skola och fritidshem ${run}`, `${now} / ${then}`);
  await page.goto(`/enheter/${unitId}?dag=2027-01-02`);
  check('portal: the unit page on a January date shows the rename',
    (await page.getByRole('heading', { level: 1 }).textContent()).includes('fritidshem'));

  // An empty name: told at the field in Swedish, nothing saved.
  await page.goto(`/enheter/${unitId}/byt-namn`);
  await page.getByLabel('Nytt namn').fill('   ');
  await page.getByLabel('Skäl').fill('Test');
  await page.getByRole('button', { name: 'Spara' }).click();
  await page.waitForTimeout(1500);
  const text = await page.locator('main').innerText();
  // The heading is Swedish; the field's message is the service's, in English (not yet in Swedish words: noted 2026-12-04).
  check('registrar: an empty name is told at the form', text.includes('Rätta uppgifterna som är markerade'), text.slice(0, 600));
  check('register: nothing saved by it', (await api(`/api/units/${unitId}`))['name'] === `Sickla skolan ${run}`);

  // Two tabs on one form: the second save is told about the first and overwrites nothing.
  const a = await registrar.context.newPage(), b = await registrar.context.newPage();
  await a.goto(`/enheter/${unitId}/byt-namn`); await b.goto(`/enheter/${unitId}/byt-namn`);
  for (const [p, n] of [[a, `Sickla skola A ${run}`], [b, `Sickla skola B ${run}`]]) {
    await p.getByLabel('Nytt namn').fill(n); await p.getByLabel('Gäller från').fill(today); await p.getByLabel('Skäl').fill('Två flikar');
  }
  await a.getByRole('button', { name: 'Spara' }).click();
  await a.getByRole('status').waitFor({ timeout: 30000 });
  await b.getByRole('button', { name: 'Spara' }).click();
  const told = await b.getByRole('alert').first().textContent({ timeout: 30000 }).catch(() => '');
  check('registrar: a save after another tab\'s is told', told.length > 0, told);
  check('register: the second tab overwrote nothing', (await api(`/api/units/${unitId}`))['name'] === `Sickla skola A ${run}`);
  console.log(`     (told: ${told.trim().slice(0, 160)})`);

  // A registrar is not offered the mandate form.
  const m = await page.goto('/mandat/nytt');
  check('registrar: the mandate form is not theirs', m.status() === 403 || page.url().includes('ingen-behorighet') || (await page.content()).includes('behörighet'), `${m.status()} ${page.url()}`);
  await page.goto(`/enheter/${unitId}/byt-namn`);
  await page.getByLabel('Nytt namn').fill(before); await page.getByLabel('Gäller från').fill(today); await page.getByLabel('Skäl').fill('Tillbaka');
  await page.getByRole('button', { name: 'Spara' }).click();
  await page.getByRole('status').waitFor({ timeout: 30000 });
}

// Kommunstyrelsen's secretariat: the mandate form is theirs.
{
  const { page } = await signIn('ks-secretariat');
  const m = await page.goto('/mandat/nytt');
  check('secretariat: the mandate form opens', m.status() === 200 && (await page.getByRole('heading', { level: 1 }).textContent()).length > 0,
    `${m.status()}`);
}

await browser.close();
console.log(`${ok} ok, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
