// Stops or starts RabbitMQ from the Aspire dashboard as an operator would (the resource's Stop/Start button), against a
// running `./build.sh run`: node tools/scenarios/broker-from-dashboard.mjs Stop|Start [resource-source-text]
// Writes made while it is stopped must all reach the read models once it is started (docs/reliability.md).
import { chromium } from 'playwright-core';

const action = process.argv[2];
const source = process.argv[3] ?? 'rabbitmq-server';
if (action !== 'Stop' && action !== 'Start') {
  console.error('usage: broker-from-dashboard.mjs Stop|Start [resource-source-text]');
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
await page.goto('http://localhost:18888/');
const row = page.getByRole('row').filter({ has: page.getByText(source) });
await row.waitFor({ timeout: 20000 });
await row.getByRole('button', { name: `${action} resource`, exact: true }).click();
let state = '';
for (let i = 0; i < 60; i++) {
  state = (await row.innerText()).split('\n').slice(0, 2).join(' ');
  if (action === 'Stop' ? /Exited|Finished|Stopped/.test(state) : i > 2 && /Running/.test(state)) break;
  await page.waitForTimeout(1000);
}
console.log(state);
await browser.close();
