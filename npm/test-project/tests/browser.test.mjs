// A page in headless Chromium (Debian's, driven by playwright-core) reads
// through the mock, and sees an injected fault the way a frontend would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { useMock } from './mock.mjs';

const m = useMock();
let browser;
let page;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  page = await browser.newPage();
});

afterAll(async () => browser?.close());

const load = (token) =>
  page.evaluate(async (token) => {
    const r = await fetch('/items/authors?fields=name&sort=id', { headers: { authorization: `Bearer ${token}` } });
    const body = await r.json();
    return { status: r.status, names: body.data?.map((a) => a.name), code: body.errors?.[0]?.extensions?.code };
  }, token);

describe('a browser against the mock', () => {
  it('reads the fixture, then sees a fault', async () => {
    // Same origin as the API: the page is the mock's own health document.
    await page.goto(`${m.mock.url}/server/health`);
    const ok = await load(m.mock.adminToken);
    expect(ok.status).toBe(200);
    expect(ok.names.length).toBeGreaterThan(0);
    await m.mock.fault({ path: '/items/authors', status: 500 });
    expect(await load(m.mock.adminToken)).toMatchObject({ status: 500, code: 'INTERNAL_SERVER_ERROR' });
    const [entry] = await m.mock.journal({ status: 500 });
    expect(entry.fault).toBeTypeOf('number');
  });
});
