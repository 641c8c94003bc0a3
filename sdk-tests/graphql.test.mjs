// The official @directus/sdk's GraphQL client against directus-mock, on
// /graphql and /graphql/system (the mock is started by mock.mjs).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { authentication, createDirectus, graphql, rest, readItems, staticToken } from '@directus/sdk';

import { useMock } from './mock.mjs';

const mockUrl = useMock(before, after);

const admin = () => createDirectus(mockUrl()).with(staticToken('admin-static-token')).with(graphql()).with(rest());

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
	const id = Number(created.create_tags_item.id);
	try {
		const rows = await client.request(readItems('tags', { filter: { name: { _eq: 'from-sdk' } }, fields: ['id'] }));
		assert.deepEqual(rows, [{ id }]);
	} finally {
		await client.query(`mutation { delete_tags_item(id: ${id}) { id } }`);
	}
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
	const anonymous = createDirectus(mockUrl()).with(graphql());
	const data = await anonymous.query(
		`mutation { auth_login(email: "admin@example.com", password: "admin-password") { access_token } }`,
		undefined,
		'system',
	);
	const client = createDirectus(mockUrl()).with(authentication('json')).with(graphql());
	await client.setToken(data.auth_login.access_token);
	const me = await client.query(`{ users_me { email } }`, undefined, 'system');
	assert.deepEqual(me, { users_me: { email: 'admin@example.com' } });
});
