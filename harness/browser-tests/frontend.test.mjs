// A web app as a frontend team writes one, in a real headless Chromium: a page
// served from a second loopback origin loads @directus/sdk, logs in with a
// session cookie across origins (CORS with credentials), reads items with an
// image field, and shows the image through /assets with a transformation; the
// page checks the decoded image's size.
//
// The API is the mock, started here with CORS for the page's origin, or
// DIRECTUS_URL: a server that allows the origin http://127.0.0.1:5174 with
// credentials (the harness' `cors` variant; .ci/run starts a real Directus so),
// whose admin is admin@example.com / admin-password with the static token
// admin-static-token. CHROMIUM: the browser (default /usr/bin/chromium).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { png } from '../../scripts/png.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const sdkDist = path.join(here, 'node_modules/@directus/sdk/dist');
const work = mkdtempSync(path.join(tmpdir(), 'frontend-browser-'));
const token = 'admin-static-token';
const collection = 'browser_gallery';

let api;
let page;
let context;
let stopMock = () => {};
let site;

/** An admin request from Node (setup and cleanup, not under test). */
async function admin(method, url, body) {
  const json = body !== undefined && !(body instanceof FormData);
  const res = await fetch(`${api}${url}`, {
    method,
    // FormData sets its own multipart content type, with the boundary.
    headers: { Authorization: `Bearer ${token}`, ...(json ? { 'Content-Type': 'application/json' } : {}) },
    body: json ? JSON.stringify(body) : body,
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${url} -> ${res.status}: ${text}`);
  return text ? JSON.parse(text).data : null;
}

/** Starts directus-mock with CORS for `origin`; resolves to its URL. */
function startMock(origin) {
  const bin = process.env.DIRECTUS_MOCK_BIN ?? path.join(repo, 'target/debug/directus-mock');
  const mock = spawn(bin, ['--host', '127.0.0.1', '--port', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, CORS_ENABLED: 'true', CORS_ORIGIN: origin },
  });
  stopMock = () => mock.kill();
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`directus-mock did not start: ${seen}`)), 30_000);
    mock.on('error', reject);
    mock.stderr.on('data', (chunk) => {
      seen += chunk;
      const match = seen.match(/listening on (http:\/\/[0-9.:]+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
}

/** The page's origin: index.html and the SDK's ES modules, nothing else. */
async function serveSite(port) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    try {
      if (url.pathname === '/') {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end(await readFile(path.join(here, 'frontend.html')));
      } else if (url.pathname.startsWith('/sdk/') && !url.pathname.includes('..')) {
        const body = await readFile(path.join(sdkDist, url.pathname.slice('/sdk/'.length)));
        res.writeHead(200, { 'Content-Type': 'text/javascript' });
        res.end(body);
      } else {
        res.writeHead(404).end();
      }
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

before(async () => {
  // A real server allows only the cors variant's origins, so the page takes that port there.
  site = await serveSite(process.env.DIRECTUS_URL ? 5174 : 0);
  api = process.env.DIRECTUS_URL ?? (await startMock(site.origin));
  await admin('POST', '/collections', {
    collection,
    meta: {},
    schema: {},
    fields: [
      { field: 'id', type: 'integer', meta: { hidden: true }, schema: { is_primary_key: true, has_auto_increment: true } },
      { field: 'title', type: 'string', meta: {}, schema: {} },
    ],
  });
  await admin('POST', `/fields/${collection}`, {
    field: 'image', type: 'uuid', meta: { interface: 'file-image', special: ['file'] }, schema: {},
  });
  await admin('POST', '/relations', {
    collection, field: 'image', related_collection: 'directus_files', meta: { sort_field: null }, schema: { on_delete: 'SET NULL' },
  });
  const form = new FormData();
  form.append('title', 'Landscape');
  form.append('file', new Blob([png(120, 60)], { type: 'image/png' }), 'landscape.png');
  const file = await admin('POST', '/files', form);
  await admin('POST', `/items/${collection}`, { title: 'First post', image: file.id });
  context = await chromium.launchPersistentContext(path.join(work, 'profile'), {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  page = await context.newPage();
  await page.goto(`${site.origin}/`);
  await page.waitForFunction(() => typeof window.showGallery === 'function');
});

after(async () => {
  await context?.close();
  if (api) {
    const files = await admin('GET', '/files?fields=id&filter[filename_download][_eq]=landscape.png');
    for (const f of files ?? []) await admin('DELETE', `/files/${f.id}`);
    await admin('DELETE', `/collections/${collection}`);
  }
  stopMock();
  site?.server.close();
  rmSync(work, { recursive: true, force: true });
});

/** The page's own fetch (cross-origin from the page), without the SDK. */
const pageFetch = (url, init) =>
  page.evaluate(async ([u, i]) => {
    try {
      const res = await fetch(u, i);
      return { status: res.status, body: await res.text() };
    } catch (e) {
      return { error: String(e) };
    }
  }, [url, init]);

test('without logging in the page reads nothing: the API answers it, and says FORBIDDEN', async () => {
  const res = await pageFetch(`${api}/items/${collection}`, { credentials: 'include' });
  assert.equal(res.status, 403, JSON.stringify(res));
});

test('the SDK logs in with a session cookie across origins, reads the items and shows the transformed image', async () => {
  const shown = await page.evaluate(([url, coll]) => window.showGallery(url, coll), [api, collection]);
  assert.deepEqual(shown.items, [{ title: 'First post', image: { width: 120, height: 60, type: 'image/png' } }]);
  // The <img> loaded /assets/<id>?width=40&height=40&fit=cover with the session cookie
  // and the browser decoded it: its natural size is the transformation's.
  assert.deepEqual(shown.image, { naturalWidth: 40, naturalHeight: 40, decoded: true });
  assert.equal(shown.cookieSent, true);
  // The session cookie lives on the API's host: the page's own fetch now carries it.
  const me = await pageFetch(`${api}/users/me?fields=email`, { credentials: 'include' });
  assert.equal(me.status, 200, JSON.stringify(me));
  assert.equal(JSON.parse(me.body).data.email, 'admin@example.com');
});
