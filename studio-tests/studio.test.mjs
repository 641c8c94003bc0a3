// The real Directus Data Studio, unchanged, against the mock: what a frontend
// developer does with it, in a real headless Chromium (Debian's package;
// playwright-core drives it and never downloads a browser of its own).
// Every change made through the app is checked through the API.
//
// STUDIO_TARGET: a server already serving /admin with the conformance fixture
// (for example a real Directus 12.4 the harness has loaded); unset, the test
// starts target/debug/directus-mock --studio with fixtures/conformance.
// DIRECTUS_APP_DIR: the installed @directus/app (default: the one of the real
// Directus install, ~/.cache/real-directus-12.4.0/node_modules/@directus/app).
// MOCK_BIN, CHROMIUM, SCREENSHOT_DIR (CI keeps the screenshots under reports/).

import { after, afterEach, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { png } from '../scripts/png.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const email = process.env.ADMIN_EMAIL ?? 'admin@example.com';
const password = process.env.ADMIN_PASSWORD ?? 'admin-password';
const token = process.env.ADMIN_TOKEN ?? 'admin-static-token';
const screenshots = process.env.SCREENSHOT_DIR;
const run = Date.now().toString(36);

let base = process.env.STUDIO_TARGET;
let mock;
let browser;
let page;
/** Every API answer of 400 or more and every console error the app saw in the current test. */
let trouble = [];

/** A free loopback port. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** One API call as the admin; returns the parsed `data`. */
async function api(method, url, body) {
  const response = await fetch(base + url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${url} -> ${response.status}: ${text}`);
  return text ? JSON.parse(text).data : null;
}

async function shot(name) {
  if (screenshots) await page.screenshot({ path: path.join(screenshots, `studio-${name}.png`) });
}

/** Waits for the app to leave its loading state at a path under /admin. */
async function open(route) {
  await page.goto(`${base}/admin/${route}`);
  await page.waitForLoadState('networkidle');
}

before(async () => {
  if (screenshots) mkdirSync(screenshots, { recursive: true });
  if (!base) {
    const port = await freePort();
    const bin = process.env.MOCK_BIN ?? path.join(repo, 'target/debug/directus-mock');
    const app = process.env.DIRECTUS_APP_DIR
      ?? path.join(homedir(), '.cache/real-directus-12.4.0/node_modules/@directus/app');
    mock = spawn(bin, ['--port', String(port), '--fixture', path.join(repo, 'fixtures/conformance'),
      '--studio', '--studio-dir', app], { stdio: ['ignore', 'ignore', 'inherit'] });
    base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/server/ping`)).ok) break;
      } catch { /* not yet listening */ }
      assert.ok(i < 100, 'the mock did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // The app opens the page the user last saw after sign-in: start from the content module
  // on a server an earlier run has used.
  await api('PATCH', '/users/me', { last_page: null });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => trouble.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') trouble.push(`console error: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.url().startsWith(base)) {
      trouble.push(`${r.request().method()} ${r.url().slice(base.length)} -> ${r.status()}`);
    }
  });
  // ERR_ABORTED is the app cancelling a request itself (a navigation), not a server's answer.
  page.on('requestfailed', (r) => {
    if (r.url().startsWith(base) && r.failure()?.errorText !== 'net::ERR_ABORTED') trouble.push(`${r.method()} ${r.url().slice(base.length)} failed: ${r.failure()?.errorText}`);
  });
});

// What a real Directus 12.4 answers with an error status in these flows too: the app
// tries to refresh a session before anyone has signed in (400, no refresh token).
const expectedTrouble = ['POST /auth/refresh -> 400'];

beforeEach(() => { trouble = []; });
// Every API answer of 400 or more the real server does not give fails the test, and so
// does an uncaught error in the page; console errors are printed for the log.
afterEach(() => {
  if (trouble.length) console.log(`# seen in the browser:\n#   ${trouble.join('\n#   ')}`);
  const failing = trouble.filter((t) => !t.startsWith('console error:') && !expectedTrouble.includes(t));
  assert.deepEqual(failing, [], 'the app met errors a real Directus 12.4 does not give');
});

after(async () => {
  await browser?.close();
  mock?.kill();
});

test('/ redirects to the app, which loads with its base href and caching headers', async () => {
  const root = await fetch(`${base}/`, { redirect: 'manual' });
  assert.equal(root.status, 302);
  assert.equal(root.headers.get('location'), './admin');
  const index = await fetch(`${base}/admin/content/anything`);
  assert.equal(index.status, 200);
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  const html = await index.text();
  assert.match(html, /<base href="\/admin\/" \/>/);
  const asset = html.match(/src="\.?\/?(assets\/[^"]+\.js)"/);
  assert.ok(asset, 'index.html names its entry script');
  const script = await fetch(`${base}/admin/${asset[1]}`);
  assert.equal(script.status, 200);
  assert.equal(script.headers.get('cache-control'), 'max-age=31536000, immutable');
  assert.match(script.headers.get('content-type'), /javascript/);
});

test('sign in, answer the first-login licence dialog, see the collections', async () => {
  await page.goto(`${base}/admin`);
  await page.waitForSelector('input[type=email]');
  await shot('login');
  await page.fill('input[type=email]', email);
  await page.fill('input[type=password]', password);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/admin\/content/);
  const licence = page.getByText('Have a license key?');
  await licence.waitFor({ timeout: 15000 });
  await shot('licence-dialog');
  await page.getByRole('button', { name: 'Skip' }).click();
  await licence.waitFor({ state: 'hidden' });
  const nav = page.locator('.module-nav, nav').first();
  for (const name of ['Articles', 'Pages', 'Authors']) {
    await nav.getByText(name, { exact: true }).first().waitFor();
  }
});

test('each module opens', async () => {
  const modules = [['content', 'Articles'], ['users', 'All Users'], ['files', 'File Library'],
    ['insights', 'Insights'], ['settings/data-model', 'Data Model'], ['activity', 'Activity']];
  for (const [route, text] of modules) {
    await open(route);
    await page.getByText(text).first().waitFor({ timeout: 15000 });
    assert.equal(await page.getByText('Unexpected Error').count(), 0, route);
    await shot(`module-${route.replace('/', '-')}`);
  }
});

test('list a collection', async () => {
  const articles = await api('GET', '/items/articles?fields=title&sort=id');
  await open('content/articles');
  for (const { title } of articles.slice(0, 3)) {
    await page.getByText(title, { exact: true }).first().waitFor({ timeout: 15000 });
  }
  await shot('articles');
});

test('open an item, edit, save, and the API returns the new value', async () => {
  const [first] = await api('GET', '/items/articles?fields=id,title&sort=id&limit=1');
  await open(`content/articles/${first.id}`);
  const title = page.locator('[data-field="title"] input');
  await title.waitFor();
  assert.equal(await title.inputValue(), first.title);
  const changed = `${first.title} (edited in the Studio ${run})`;
  await title.fill(changed);
  await page.keyboard.press('Control+s');
  await page.getByText('Item Updated').first().waitFor({ timeout: 15000 });
  await shot('article-saved');
  const after = await api('GET', `/items/articles/${first.id}?fields=title`);
  assert.equal(after.title, changed);
  await api('PATCH', `/items/articles/${first.id}`, { title: first.title });
});

test('open an item with a many-to-any field', async () => {
  const [first] = await api('GET', '/items/pages?fields=id,title&sort=id&limit=1');
  await open(`content/pages/${first.id}`);
  const title = page.locator('[data-field="title"] input');
  await title.waitFor();
  assert.equal(await title.inputValue(), first.title);
  await page.locator('[data-field="sections"]').waitFor();
  await shot('page-m2a');
});

test('create a collection in the data model editor', async () => {
  const collection = `studio_${run}`;
  await open('settings/data-model/+');
  // 12.4's second first-login dialog, shown in the settings module.
  const owner = page.getByText('You have not set a project owner.');
  await owner.waitFor({ timeout: 15000 });
  await shot('project-owner-dialog');
  await page.getByRole('button', { name: 'Remind Later' }).click();
  await owner.waitFor({ state: 'hidden' });
  await page.getByPlaceholder('A unique table name...').fill(collection);
  await shot('new-collection');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: /Finish|Save/ }).last().click();
  await page.waitForURL(new RegExp(`/settings/data-model/${collection}`), { timeout: 20000 });
  await page.waitForLoadState('networkidle');
  await shot('data-model-result');
  const created = await api('GET', `/collections/${collection}`);
  assert.equal(created.collection, collection);
  const id = await api('GET', `/fields/${collection}/id`);
  assert.equal(id.schema.is_primary_key, true);
  await api('DELETE', `/collections/${collection}`);
});

test('the users module: open a user, edit a name, save', async () => {
  const me = await api('GET', '/users/me?fields=id,first_name');
  await open(`users/${me.id}`);
  const first = page.locator('[data-field="first_name"] input');
  await first.waitFor({ timeout: 30000 });
  assert.equal(await first.inputValue(), me.first_name ?? '');
  const changed = `Studio ${run}`;
  await first.fill(changed);
  await page.keyboard.press('Control+s');
  let saved;
  for (let i = 0; i < 60; i++) {
    saved = await api('GET', `/users/${me.id}?fields=first_name`);
    if (saved.first_name === changed) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal(saved.first_name, changed);
  await shot('user-saved');
  await api('PATCH', `/users/${me.id}`, { first_name: me.first_name });
});

test('the access policies page lists every policy', async () => {
  // The list asks for deep[users][_aggregate][count]=user grouped by policy.
  const policies = await api('GET', '/policies?fields=name&sort=name');
  await open('settings/policies');
  for (const { name } of policies.filter((p) => !p.name.startsWith('$t:'))) {
    await page.getByText(name, { exact: true }).first().waitFor({ timeout: 15000 });
  }
  await shot('policies');
});

test('an item with an image field shows the image, through a thumbnail transform', async () => {
  const field = `studio_image_${run}`;
  const form = new FormData();
  form.append('title', `Studio ${run}`);
  form.append('file', new Blob([png(120, 80)], { type: 'image/png' }), `studio-${run}.png`);
  const uploaded = await fetch(`${base}/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  assert.equal(uploaded.status, 200, await uploaded.clone().text());
  const file = (await uploaded.json()).data;
  await api('POST', '/fields/articles', { field, type: 'uuid', meta: { interface: 'file-image', special: ['file'] }, schema: {} });
  await api('POST', '/relations', { collection: 'articles', field, related_collection: 'directus_files', schema: { on_delete: 'SET NULL' } });
  const [first] = await api('GET', '/items/articles?fields=id&sort=id&limit=1');
  await api('PATCH', `/items/articles/${first.id}`, { [field]: file.id });
  const assets = [];
  const seen = (r) => { if (r.url().includes(`/assets/${file.id}`)) assets.push(r); };
  page.on('response', seen);
  try {
    await open(`content/articles/${first.id}`);
    // The field sits below the fold; its interface shows a placeholder until the lazy image
    // in view has loaded the asset.
    await page.locator(`[data-field="${field}"]`).scrollIntoViewIfNeeded();
    const img = page.locator(`[data-field="${field}"] img[src*="/assets/${file.id}"]`).first();
    await img.waitFor({ timeout: 15000 });
    await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle(), { timeout: 15000 });
    await shot('image-field');
    assert.ok(assets.length > 0, 'the app asked for the image');
    for (const r of assets) assert.equal(r.status(), 200, r.url());
    // The form's thumbnail is a transformed asset (a preset key or width/height).
    assert.ok(assets.some((r) => /[?&](key|width|height)=/.test(r.url())), assets.map((r) => r.url()).join(' '));
  } finally {
    page.off('response', seen);
    await api('DELETE', `/fields/articles/${field}`);
    await api('DELETE', `/files/${file.id}`);
  }
});

test('create a field in the data model editor; the API has it', async () => {
  const field = `studio_field_${run}`;
  await open('settings/data-model/articles');
  await page.getByRole('link', { name: 'Create Field' }).click();
  await page.getByRole('button', { name: 'Input', exact: true }).click();
  await page.getByPlaceholder('A unique column name...').fill(field);
  await shot('new-field');
  await page.locator('#dialog-outlet').getByRole('button', { name: 'Save', exact: true }).click();
  let created;
  for (let i = 0; i < 60 && !created; i++) {
    created = (await api('GET', '/fields/articles')).find((f) => f.field === field);
    if (!created) await new Promise((r) => setTimeout(r, 250));
  }
  await shot('field-created');
  assert.ok(created, `the API lists ${field}`);
  assert.equal(created.type, 'string');
  assert.equal(created.meta.interface, 'input');
  assert.equal(created.schema.data_type.toLowerCase().includes('char'), true, created.schema.data_type);
  await api('DELETE', `/fields/articles/${field}`);
});

test('the content layout: a filter, paging, sorting by a column, search; the rows match the API', async () => {
  const me = await api('GET', '/users/me?fields=id');
  const filter = { status: { _neq: 'archived' } };
  const mine = `/presets?filter[user][_eq]=${me.id}&filter[collection][_eq]=articles&filter[bookmark][_null]=true&fields=id`;
  for (const p of await api('GET', mine)) await api('DELETE', `/presets/${p.id}`);
  // The user's own layout preset, as the app saves it: two rows a page, sorted by title, filtered.
  const preset = await api('POST', '/presets', { collection: 'articles', user: me.id, layout: 'tabular',
    layout_query: { tabular: { limit: 2, sort: ['title'], fields: ['title', 'status'] } }, filter });
  const rows = async (query) => (await api('GET', `/items/articles?fields=title&limit=2&filter=${encodeURIComponent(JSON.stringify(filter))}&${query}`)).map((a) => a.title);
  const shown = async (expected, what) => {
    let titles;
    for (let i = 0; i < 60; i++) {
      titles = await page.locator('main table tbody tr td:nth-child(2)').allInnerTexts();
      if (JSON.stringify(titles.map((t) => t.trim())) === JSON.stringify(expected)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.deepEqual(titles, expected, what);
  };
  try {
    await open('content/articles');
    await shown(await rows('sort=title&page=1'), 'page 1, sorted by title, filtered');
    const count = (await api('GET', `/items/articles?aggregate[count]=*&filter=${encodeURIComponent(JSON.stringify(filter))}`))[0].count;
    await page.getByText(`1-2 of ${count} Filtered Items`).waitFor();
    await page.locator('main').getByRole('button', { name: '2', exact: true }).click();
    await shown(await rows('sort=title&page=2'), 'page 2');
    await page.getByRole('button', { name: /^Title/ }).click();
    await page.getByText('Sort Descending').click();
    await shot('content-sorted');
    await shown(await rows('sort=-title&page=1'), 'sorted by title, descending');
    await page.getByRole('button', { name: 'search', exact: true }).click();
    await page.getByRole('searchbox', { name: 'Search Items...' }).fill('hello');
    await shown(await rows('sort=-title&page=1&search=hello'), 'searched');
    await shot('content-searched');
  } finally {
    for (const p of await api('GET', mine)) await api('DELETE', `/presets/${p.id}`);
    assert.ok(preset.id);
  }
});

test('an item\'s revisions and comments side panels; a comment posted in the app is read through the API', async () => {
  const [item] = await api('GET', '/items/articles?fields=id,views&sort=id&limit=1&offset=1');
  // Two edits through the API, so the item has revisions on either server (the mock loads
  // its fixture without any, a real server provisioned through the API has a create).
  await api('PATCH', `/items/articles/${item.id}`, { views: (item.views ?? 0) + 1 });
  await api('PATCH', `/items/articles/${item.id}`, { views: item.views });
  const filter = `filter[collection][_eq]=articles&filter[item][_eq]=${item.id}`;
  const revisions = await api('GET', `/revisions?${filter}&filter[version][_null]=true&aggregate[count]=id`);
  const comment = `Studio comment ${run}`;
  await open(`content/articles/${item.id}`);
  // The Revisions heading carries the count the API gives.
  const heading = page.getByRole('button', { name: /Revisions chevron_left$/ });
  await heading.waitFor();
  assert.match(await heading.innerText(), new RegExp(`^${revisions[0].count.id}\\b`));
  await heading.click();
  await page.getByRole('region', { name: /Revisions/ }).getByRole('button', { name: /^Updated / }).first().waitFor();
  await shot('revisions');
  await page.getByRole('button', { name: /Comments chevron_left$/ }).click();
  await page.getByPlaceholder('Leave a comment...').fill(comment);
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  await page.getByRole('region', { name: /Comments/ }).getByText(comment).first().waitFor();
  await shot('comment');
  // Leave the item before the comment is deleted through the API: the panel refreshes
  // its list and count after a post, and a list read after the delete against a count
  // read before it is the app's own race (a page error on either server).
  await open('content/articles');
  const [posted] = await api('GET', `/comments?${filter}&filter[comment][_eq]=${encodeURIComponent(comment)}&fields=id,comment,user_created`);
  assert.ok(posted, 'the API lists the comment');
  const me = await api('GET', '/users/me?fields=id');
  assert.equal(posted.user_created, me.id);
  await api('DELETE', `/comments/${posted.id}`);
});
