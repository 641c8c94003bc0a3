// directus-mock's JavaScript API: start the mock (the binary of the
// platform's optional dependency, as esbuild and biome ship theirs) on a free
// loopback port with its control API on, and drive it between tests.
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');

/** The binary: DIRECTUS_MOCK_BINARY, or the one of this platform's package. */
function binaryPath() {
  if (process.env.DIRECTUS_MOCK_BINARY) return process.env.DIRECTUS_MOCK_BINARY;
  const pkg = `@directus-mock/${process.platform}-${process.arch}`;
  try {
    return require.resolve(`${pkg}/bin/directus-mock`);
  } catch {
    throw new Error(
      `directus-mock: no binary for ${process.platform}-${process.arch} (the optional dependency ${pkg} ` +
        'is not installed; was it skipped with --no-optional?). Set DIRECTUS_MOCK_BINARY to a directus-mock ' +
        'binary, e.g. one built with `cargo install --path mock-server`.',
    );
  }
}

/** Reads the control API's answer; a Directus error envelope becomes an Error with `status` and `code`. */
async function answer(response, what) {
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const first = body?.errors?.[0];
    const err = new Error(`${what}: ${response.status} ${first?.extensions?.code ?? ''} ${first?.message ?? text}`.trim());
    err.status = response.status;
    err.code = first?.extensions?.code;
    throw err;
  }
  return body?.data;
}

/**
 * Starts a mock. `fixture`: a fixture directory (`directus-mock pull` writes one);
 * `env`: Directus' and the mock's variables (ADMIN_TOKEN, DIRECTUS_MOCK_NOW, ...);
 * `port`: 0 (default) picks a free one, so parallel workers never clash;
 * `args`: more flags. Resolves once the fixture is loaded and the port listens.
 */
async function startDirectusMock({ fixture, env = {}, port = 0, args = [], timeoutMs = 30000 } = {}) {
  const flags = ['--host', '127.0.0.1', '--port', String(port), '--control'];
  if (fixture) flags.push('--fixture', path.resolve(fixture));
  const child = spawn(binaryPath(), [...flags, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`directus-mock did not start within ${timeoutMs} ms:\n${log}`));
    }, timeoutMs);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const found = /listening on (http:\/\/\S+)/.exec(log);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`directus-mock exited (${code}) before it listened:\n${log}`));
    });
  });
  // Keep reading stderr so the pipe never fills and blocks the mock.
  child.stderr.resume();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const control = (method, route, body) =>
    fetch(`${url}/__mock${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then((r) => answer(r, `${method} /__mock${route}`));
  const name = (n) => encodeURIComponent(n);
  return {
    url,
    adminToken: env.ADMIN_TOKEN ?? process.env.ADMIN_TOKEN ?? 'admin-static-token',
    process: child,
    /** Back to the fixture; empties the journal and the faults; start-up clock and ids. */
    reset: () => control('POST', '/reset'),
    /** Saves the current data as `name`. */
    snapshot: (n) => control('PUT', `/states/${name(n)}`),
    /** Puts the data saved as `name` back. */
    restore: (n) => control('POST', `/states/${name(n)}/restore`),
    /** The requests answered, oldest first; `filter`: { method, path, status, limit }. */
    journal: (filter = {}) => control('GET', `/journal?${new URLSearchParams(filter)}`),
    clearJournal: () => control('DELETE', '/journal'),
    /** Adds a fault rule: { method, path, status, code, message, times, delay_ms }. */
    fault: (rule) => control('POST', '/faults', rule),
    clearFaults: () => control('DELETE', '/faults'),
    /** Sets the clock (an ISO date or Date); `frozen: false` lets it run on from there. */
    setClock: (now, { frozen = true } = {}) =>
      control('PUT', '/clock', { now: now instanceof Date ? now.toISOString() : now, frozen }),
    advanceClock: (seconds) => control('POST', '/clock/advance', { seconds }),
    /** Draws uuids and tokens from `seed` (null: random again). */
    seedIds: (seed) => control('PUT', '/ids', { seed }),
    /** Stops the mock (SIGTERM, so `--export-on-exit` writes its state). */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

module.exports = { startDirectusMock, binaryPath };
