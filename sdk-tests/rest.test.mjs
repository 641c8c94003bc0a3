// The official @directus/sdk's REST client against directus-mock: the
// commands a frontend uses every day, with the query objects the SDK turns
// into URL parameters (nested fields, M2A scopes, deep, aggregate). Tests that
// write clean up after themselves, so they also run against a real Directus
// provisioned with the fixture (DIRECTUS_URL, see mock.mjs).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import {
	aggregate,
	authentication,
	createDirectus,
	createItem,
	createItems,
	deleteItem,
	deleteItems,
	isDirectusError,
	readFieldsByCollection,
	readItem,
	readItems,
	readMe,
	refresh,
	rest,
	serverPing,
	staticToken,
	updateItem,
	utilitySort,
} from '@directus/sdk';

import { useMock } from './mock.mjs';

const mockUrl = useMock(before, after);

const admin = () => createDirectus(mockUrl()).with(staticToken('admin-static-token')).with(rest());
const anonymous = () => createDirectus(mockUrl()).with(rest());

/** The error the SDK throws, or fails the test when the call succeeds. */
async function rejection(promise) {
	try {
		await promise;
	} catch (error) {
		return error;
	}
	assert.fail('the request succeeded');
}

test('reads items with a filter, a sort, a limit and a nested M2O field', async () => {
	const rows = await admin().request(
		readItems('articles', {
			fields: ['id', 'title', { author: ['name'] }],
			filter: { status: { _eq: 'published' }, views: { _gt: 5 } },
			sort: ['-views'],
			limit: 2,
		}),
	);
	assert.deepEqual(rows, [
		{ id: 5, title: 'Hello Again', author: { name: 'Cleo' } },
		{ id: 1, title: 'Hello World', author: { name: 'Ann' } },
	]);
});

test('reads one item with its M2M relation through the junction', async () => {
	const item = await admin().request(readItem('articles', 1, { fields: ['title', { tags: [{ tags_id: ['name'] }] }] }));
	assert.deepEqual(item, { title: 'Hello World', tags: [{ tags_id: { name: 'news' } }, { tags_id: { name: 'tech' } }] });
});

test('scopes many-to-any fields per collection', async () => {
	const page = await admin().request(
		readItem('pages', 1, {
			fields: [{ sections: ['collection', { item: { headings: ['title'], paragraphs: ['body'] } }] }],
			deep: { sections: { _sort: ['sort'] } },
		}),
	);
	assert.deepEqual(page.sections, [
		{ collection: 'headings', item: { title: 'Welcome' } },
		{ collection: 'paragraphs', item: { body: 'Lorem ipsum' } },
		{ collection: 'headings', item: { title: 'Details' } },
	]);
});

test('limits nested O2M rows with deep', async () => {
	const article = await admin().request(
		readItem('articles', 1, { fields: ['id', { comments: ['id'] }], deep: { comments: { _sort: ['id'], _limit: 1 } } }),
	);
	assert.deepEqual(article, { id: 1, comments: [{ id: 1 }] });
});

test('aggregates with groupBy', async () => {
	const groups = await admin().request(
		aggregate('articles', { aggregate: { count: '*' }, groupBy: ['status'], query: { sort: ['status'] } }),
	);
	assert.deepEqual(groups, [
		{ status: 'archived', count: 1 },
		{ status: 'draft', count: 2 },
		{ status: 'published', count: 3 },
	]);
});

test('searches across text fields', async () => {
	const rows = await admin().request(readItems('articles', { search: 'hello', fields: ['id'], sort: ['id'] }));
	assert.deepEqual(
		rows.map((r) => r.id),
		[1, 2, 5],
	);
});

test('creates with a nested M2M write, updates and deletes, and the reads agree', async () => {
	const client = admin();
	const created = await client.request(
		createItem(
			'articles',
			{ title: 'Written by the SDK', status: 'draft', tags: [{ tags_id: { name: 'sdk-made' } }] },
			{ fields: ['id', 'title', { tags: [{ tags_id: ['id', 'name'] }] }] },
		),
	);
	assert.equal(created.title, 'Written by the SDK');
	assert.equal(created.tags[0].tags_id.name, 'sdk-made');
	const tagId = created.tags[0].tags_id.id;
	try {
		const updated = await client.request(updateItem('articles', created.id, { views: 3 }, { fields: ['id', 'views'] }));
		assert.deepEqual(updated, { id: created.id, views: 3 });
	} finally {
		await client.request(deleteItem('articles', created.id));
		await client.request(deleteItem('tags', tagId));
	}
	const error = await rejection(client.request(readItem('articles', created.id)));
	assert.ok(isDirectusError(error));
	assert.equal(error.errors[0].extensions.code, 'FORBIDDEN');
	assert.equal(error.response.status, 403);
});

test('creates and deletes several items at once', async () => {
	const client = admin();
	const rows = await client.request(createItems('tags', [{ name: 'sdk-a' }, { name: 'sdk-b' }], { fields: ['id', 'name'] }));
	assert.deepEqual(
		rows.map((r) => r.name),
		['sdk-a', 'sdk-b'],
	);
	await client.request(deleteItems('tags', rows.map((r) => r.id)));
	const left = await client.request(readItems('tags', { filter: { name: { _starts_with: 'sdk-' } } }));
	assert.deepEqual(left, []);
});

test('reorders items with utilitySort and restores them', async () => {
	const client = admin();
	const before = await client.request(readItems('comments', { fields: ['id', 'sort'], sort: ['id'] }));
	try {
		await client.request(utilitySort('comments', 5, 2));
		const after = await client.request(readItems('comments', { fields: ['id'], filter: { article: { _eq: 1 } } }));
		// comments sort by their sort field by default
		assert.deepEqual(
			after.map((r) => r.id),
			[1, 2, 5],
		);
	} finally {
		for (const { id, sort } of before) await client.request(updateItem('comments', id, { sort }));
	}
});

test('bad queries and missing collections reject with Directus errors', async () => {
	const bad = await rejection(admin().request(readItems('articles', { filter: { views: { _nope: 1 } } })));
	assert.equal(bad.errors[0].extensions.code, 'INVALID_QUERY');
	assert.equal(bad.response.status, 400);
	const missing = await rejection(admin().request(readItems('no_such_collection')));
	assert.equal(missing.errors[0].extensions.code, 'FORBIDDEN');
	const anon = await rejection(anonymous().request(readItems('articles')));
	assert.equal(anon.errors[0].extensions.code, 'FORBIDDEN');
});

test('logs in, refreshes and logs out with the json authentication mode', async () => {
	const client = createDirectus(mockUrl()).with(authentication('json')).with(rest());
	const login = await client.login({ email: 'admin@example.com', password: 'admin-password' });
	assert.equal(typeof login.access_token, 'string');
	assert.equal(typeof login.refresh_token, 'string');
	const me = await client.request(readMe({ fields: ['email'] }));
	assert.deepEqual(me, { email: 'admin@example.com' });
	const refreshed = await client.refresh();
	assert.notEqual(refreshed.refresh_token, login.refresh_token);
	await client.logout();
	// The rotated refresh token died with the session.
	const error = await rejection(anonymous().request(refresh({ mode: 'json', refresh_token: refreshed.refresh_token })));
	assert.equal(error.errors[0].extensions.code, 'INVALID_CREDENTIALS');
});

test('reads the schema the way the Data Studio does', async () => {
	const fields = await admin().request(readFieldsByCollection('articles'));
	const tags = fields.find((f) => f.field === 'tags');
	assert.equal(tags.type, 'alias');
	assert.deepEqual(tags.meta.special, ['m2m']);
	assert.equal(await admin().request(serverPing()), 'pong');
});
