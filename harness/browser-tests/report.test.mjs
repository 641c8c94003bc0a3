// The HTML report as a person sees it, in a real headless Chromium (Debian's
// package; playwright-core drives it and never downloads a browser of its own).
//
// The reports come from runs of harness/tests/data/report against the embedded
// mock: a pass, a failure with a JSON diff, an expected failure with its reason,
// and a scenario not run for a capability; a second run (another mock profile,
// only the server scenarios) makes the second column of a matrix page.
//
// CONFORMANCE_BIN: the harness binary (default: target/debug/directus-conformance);
// CHROMIUM: the browser (default /usr/bin/chromium); SCREENSHOT_DIR: where to
// keep screenshots of the pages (CI keeps them under reports/).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const bin = process.env.CONFORMANCE_BIN ?? path.join(repo, 'target/debug/directus-conformance');
const data = path.join(repo, 'harness/tests/data/report');
const work = mkdtempSync(path.join(tmpdir(), 'report-browser-'));
const file = (name) => path.join(work, name);
const screenshots = process.env.SCREENSHOT_DIR;

let context;

/** Runs the harness; the exit code must be the one given. */
function conformance(args, status) {
  const run = spawnSync(bin, args, { encoding: 'utf8', cwd: repo });
  assert.equal(run.status, status, `directus-conformance ${args.join(' ')}\n${run.stderr}`);
}

before(async () => {
  conformance(['--features', data, '--expectations', path.join(data, 'expectations.toml'),
    '--json', file('one.json'), '--html', file('one.html'), '--quiet'], 1);
  conformance(['--features', data, '--tags', '@SRV-PING', '--mock-profile', 'directus-12',
    '--json', file('two.json'), '--quiet'], 0);
  conformance(['report', file('one.json'), file('two.json'), '--html', file('matrix.html')], 0);
  context = await chromium.launchPersistentContext(file('profile'), {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
});

after(async () => {
  await context?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Opens a page and records every URL it asks for. */
async function open(name) {
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file(name)).href);
  return { page, requests };
}

async function keep(page, name) {
  if (!screenshots) return;
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, name), fullPage: true });
}

test('the page loads nothing from outside', async () => {
  const { page, requests } = await open('one.html');
  assert.deepEqual(requests.filter((u) => !u.startsWith('file://')), []);
  await page.close();
});

test('the summary shows each area with its counts and a bar', async () => {
  const { page } = await open('one.html');
  const items = page.locator('tr.area-row[data-area="items"]');
  assert.equal(await items.locator('th').innerText(), 'Items');
  const counts = await items.locator('.counts').innerText();
  assert.match(counts, /^1 \/ 3 passed · 1 failing · 1 expected$/);
  assert.ok((await items.locator('.seg.failed').boundingBox()).width > 0, 'a red part of the bar');
  const server = await page.locator('tr.area-row[data-area="server"] .counts').innerText();
  assert.match(server, /^1 \/ 2 passed · 1 not run$/);
  const all = await page.locator('tr.area-row[data-area="(all)"] .counts').innerText();
  assert.match(all, /^2 \/ 5 passed · 1 failing · 1 expected · 1 not run$/);
  assert.equal(await page.locator('#failures h2').innerText(), 'Failures (1)');
  const target = await page.locator('.target').first().innerText();
  assert.match(target, /Implementation\s+directus-mock/);
  assert.match(target, /Expectations\s+harness\/tests\/data\/report\/expectations.toml/);
  await page.close();
});

test("a failure opens on its step and requests, and its diff expands on click", async () => {
  const { page } = await open('one.html');
  const failure = page.locator('details.scenario', { hasText: 'The report shows a failure with its JSON diff' });
  const evidence = failure.locator('.evidence');
  assert.equal(await evidence.isVisible(), false, 'closed until clicked');
  await failure.locator('summary').first().click();
  assert.equal(await evidence.isVisible(), true);
  assert.equal(await failure.locator('pre.step').innerText(), 'Then the response is exactly:');
  const request = failure.locator('details.exchange').last();
  assert.match(await request.locator('summary').innerText(), /admin: GET \/items\/tags\/1\?fields=name → 200/);
  assert.match(await request.locator('pre.response-body').innerText(), /"name": "news"/);

  const diff = failure.locator('details.diff');
  const lines = diff.locator('.diff-lines');
  assert.equal(await lines.isVisible(), false, 'the diff is folded');
  assert.match(await diff.locator('summary').innerText(), /JSON diff: .*at data.name: expected "not news", got "news"/);
  await diff.locator('summary').click();
  assert.equal(await lines.isVisible(), true, 'the diff unfolds on click');
  assert.equal((await lines.locator('.del').innerText()).trim(), '-     "name": "not news"');
  assert.equal((await lines.locator('.ins').innerText()).trim(), '+     "name": "news"');
  await keep(page, 'report-failure.png');
  await page.close();
});

test('expected failures show their reason, scenarios not run their capability', async () => {
  const { page } = await open('one.html');
  const expected = await page.locator('#expected').innerText();
  assert.match(expected, /The report shows an expected failure with its reason/);
  assert.match(expected, /200, not 418/);
  assert.match(expected, /no server brews coffee/);
  const notRun = await page.locator('#not-run tbody tr').innerText();
  assert.match(notRun, /smtp\s+1 scenario$/);
  await page.close();
});

test('the status filter hides what a person unticks', async () => {
  const { page } = await open('one.html');
  const passing = page.locator('.scenario', { hasText: 'The report shows a passing ping' });
  const failing = page.locator('.scenario', { hasText: 'The report shows a failure with its JSON diff' });
  await page.locator('details.area[data-area="server"] > summary').click();
  assert.equal(await passing.isVisible(), true);
  await page.locator('.filters input[value="passed"]').uncheck();
  assert.equal(await passing.isVisible(), false);
  assert.equal(await failing.isVisible(), true);
  await page.locator('#search').fill('QUERY-FIELDS');
  assert.equal(await failing.isVisible(), true, 'found by its catalog ID');
  assert.equal(await page.locator('.scenario:not(.hidden)').count(), 1);
  await page.close();
});

test('several reports side by side, one column per target', async () => {
  const { page, requests } = await open('matrix.html');
  assert.deepEqual(requests.filter((u) => !u.startsWith('file://')), []);
  const heads = await page.locator('table.areas thead th').allInnerTexts();
  assert.equal(heads.length, 3);
  assert.match(heads[1], /seed profile/);
  assert.match(heads[2], /directus-12 profile/);
  const server = await page.locator('tr.area-row[data-area="server"] .counts').allInnerTexts();
  assert.deepEqual(server, ['1 / 2 passed · 1 not run', '1 / 2 passed · 1 not run']);
  const row = page.locator('.scenario', { hasText: 'The report shows a failure with its JSON diff' });
  const cells = await row.locator('.cell').allInnerTexts();
  assert.equal(cells.length, 2);
  assert.match(cells[0], /^failed/);
  assert.equal(cells[1], 'not in this report');
  await keep(page, 'report-matrix.png');
  await page.close();
});
