// Starts directus-mock on a free loopback port with the conformance fixture
// and resolves to its URL. DIRECTUS_MOCK_BIN overrides the binary (default
// ../target/debug/directus-mock). Each test file gets its own mock.
// DIRECTUS_URL runs the tests against that server instead (for instance a
// real Directus provisioned by `directus-conformance --keep`), which is how
// the tests' expectations were checked.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const binary = process.env.DIRECTUS_MOCK_BIN ?? path.join(root, 'target', 'debug', 'directus-mock');

/** `env` adds Directus variables to the mock's environment (a server variant). */
export async function startMock(env = {}) {
	if (process.env.DIRECTUS_URL) {
		return { url: process.env.DIRECTUS_URL, stop: () => {} };
	}
	const mock = spawn(binary, ['--host', '127.0.0.1', '--port', '0', '--fixture', path.join(root, 'fixtures', 'conformance')], {
		stdio: ['ignore', 'ignore', 'pipe'],
		env: { ...process.env, ...env },
	});
	const url = await new Promise((resolve, reject) => {
		let seen = '';
		const timer = setTimeout(() => reject(new Error(`directus-mock did not start: ${seen}`)), 30_000);
		mock.on('error', reject);
		mock.on('exit', (code) => reject(new Error(`directus-mock exited with ${code}: ${seen}`)));
		mock.stderr.on('data', (chunk) => {
			seen += chunk;
			const match = seen.match(/listening on (http:\/\/[0-9.:]+)/);
			if (match) {
				clearTimeout(timer);
				resolve(match[1]);
			}
		});
	});
	return { url, stop: () => mock.kill() };
}

/**
 * Starts one mock for the calling test file (node:test's before/after) and
 * returns a function giving its URL.
 */
export function useMock(before, after) {
	let mock;
	before(async () => {
		mock = await startMock();
	});
	after(() => mock?.stop());
	return () => mock.url;
}
