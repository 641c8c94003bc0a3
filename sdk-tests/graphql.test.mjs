// The official @directus/sdk's GraphQL client against directus-mock, on
// /graphql and /graphql/system. The test starts the mock itself on a free
// loopback port with the conformance fixture (DIRECTUS_MOCK_BIN overrides
// the binary, default ../target/debug/directus-mock).
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

import { authentication, createDirectus, graphql, rest, readItems, staticToken } from '@directus/sdk';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const binary = process.env.DIRECTUS_MOCK_BIN ?? path.join(root, 'target', 'debug', 'directus-mock');
let mock;
let url;

before(async () => {
	mock = spawn(binary, ['--host', '127.0.0.1', '--port', '0', '--fixture', path.join(root, 'fixtures', 'conformance')], {
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	url = await new Promise((resolve, reject) => {
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
});

after(() => mock?.kill());

const admin = () => createDirectus(url).with(staticToken('admin-static-token')).with(graphql()).with(rest());

test('queries user data on /graphql, with variables and nested relations', async () => {
	const data = await admin().query(
		`query One($id: ID!) { articles_by_id(id: $id) { id title author { name } tags { tags_id { name } } } }`,
		{ id: 1 },
	);
	assert.deepEqual(data, {
		articles_by_id: {
			id: '1',
			title: 'Hello World',
			author: { name: 'Ann' },
			tags: [{ tags_id: { name: 'news' } }, { tags_id: { name: 'tech' } }],
		},
	});
});

test('queries system data on /graphql/system', async () => {
	const data = await admin().query(`{ users_me { email } server_ping }`, undefined, 'system');
	assert.deepEqual(data, { users_me: { email: 'admin@example.com' }, server_ping: 'pong' });
});

test('selects many-to-any items with inline fragments', async () => {
	const data = await admin().query(
		`{ pages_by_id(id: 1) { sections { item { __typename ... on headings { title } ... on paragraphs { body } } } } }`,
	);
	assert.deepEqual(data.pages_by_id.sections, [
		{ item: { __typename: 'headings', title: 'Welcome' } },
		{ item: { __typename: 'paragraphs', body: 'Lorem ipsum' } },
		{ item: { __typename: 'headings', title: 'Details' } },
	]);
});

test('a mutation over GraphQL is read back over REST', async () => {
	const client = admin();
	const created = await client.query(`mutation { create_tags_item(data: { name: "from-sdk" }) { id name } }`);
	assert.equal(created.create_tags_item.name, 'from-sdk');
	const rows = await client.request(readItems('tags', { filter: { name: { _eq: 'from-sdk' } }, fields: ['id'] }));
	assert.deepEqual(rows, [{ id: Number(created.create_tags_item.id) }]);
});

test('errors reach the caller with their Directus code', async () => {
	await assert.rejects(admin().query(`{ articles_by_id(id: 999) { id } }`), (err) => {
		assert.equal(err.errors[0].extensions.code, 'FORBIDDEN');
		return true;
	});
	await assert.rejects(admin().query(`{ articles { nope } }`), (err) => {
		assert.equal(err.errors[0].extensions.code, 'GRAPHQL_VALIDATION');
		return true;
	});
});

test('logs in with auth_login and uses the token', async () => {
	const anonymous = createDirectus(url).with(graphql());
	const data = await anonymous.query(
		`mutation { auth_login(email: "admin@example.com", password: "admin-password") { access_token } }`,
		undefined,
		'system',
	);
	const client = createDirectus(url).with(authentication('json')).with(graphql());
	await client.setToken(data.auth_login.access_token);
	const me = await client.query(`{ users_me { email } }`, undefined, 'system');
	assert.deepEqual(me, { users_me: { email: 'admin@example.com' } });
});
