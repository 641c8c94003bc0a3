// The official @directus/sdk's realtime() client against directus-mock with
// WEBSOCKETS_ENABLED=true: subscribe, hear the creates, updates and deletes of
// REST writes shaped by the subscription's query, and `items` messages over
// the socket. DIRECTUS_URL points it at a server of the `websockets` variant
// instead (.ci/run: the real Directus 12.4 of that variant, provisioned with
// the fixture). Not a `*.test.mjs`: `npm test` runs against servers without
// realtime; `npm run test:realtime` runs this file (a global WebSocket: Node
// 22, or Node 20 with --experimental-websocket, which the script passes).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { createDirectus, createItem, deleteItem, realtime, rest, staticToken, updateItem } from '@directus/sdk';

import { startMock } from './mock.mjs';

let server;
before(async () => {
	server = await startMock({ WEBSOCKETS_ENABLED: 'true' });
});
after(() => server?.stop());

const client = () =>
	createDirectus(server.url)
		.with(staticToken('admin-static-token'))
		.with(rest())
		.with(realtime({ authMode: 'handshake', reconnect: false, heartbeat: true }));

/** Resolves with `promise`, or fails after `ms` milliseconds. */
async function within(promise, what, ms = 5000) {
	let timer;
	const late = new Promise((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
	});
	try {
		return await Promise.race([promise, late]);
	} finally {
		clearTimeout(timer);
	}
}

/**
 * The next message of a subscription. The SDK's generator listens only while
 * a `next()` is pending, so a test asks for the event before the write that
 * causes it (the event may arrive before the write's HTTP response).
 */
async function next(subscription) {
	const { value, done } = await within(subscription.next(), 'the subscription');
	assert.equal(done, false, 'the subscription ended');
	return value;
}

test('a subscription starts with its query\'s items and hears REST creates, updates and deletes', async () => {
	const c = client();
	await c.connect();
	try {
		const { subscription, unsubscribe } = await c.subscribe('tags', {
			query: { fields: ['id', 'name'], sort: ['id'] },
			uid: 'sdk-tags',
		});
		const init = await next(subscription);
		assert.equal(init.event, 'init');
		assert.deepEqual(
			init.data.map((t) => t.name).slice(0, 3),
			['news', 'tech', 'life'],
		);
		let event = next(subscription);
		const created = await c.request(createItem('tags', { name: 'sdk live' }));
		assert.deepEqual(await event, {
			type: 'subscription',
			event: 'create',
			uid: 'sdk-tags',
			data: [{ id: created.id, name: 'sdk live' }],
		});
		event = next(subscription);
		await c.request(updateItem('tags', created.id, { name: 'sdk changed' }));
		assert.deepEqual(await event, {
			type: 'subscription',
			event: 'update',
			uid: 'sdk-tags',
			data: [{ id: created.id, name: 'sdk changed' }],
		});
		event = next(subscription);
		await c.request(deleteItem('tags', created.id));
		assert.deepEqual(await event, {
			type: 'subscription',
			event: 'delete',
			uid: 'sdk-tags',
			data: [String(created.id)],
		});
		unsubscribe();
	} finally {
		c.disconnect();
	}
});

test('a subscription to one event hears only that event', async () => {
	const c = client();
	await c.connect();
	try {
		const { subscription, unsubscribe } = await c.subscribe('tags', { event: 'delete', uid: 'sdk-deletes' });
		const init = await next(subscription);
		assert.deepEqual(init, { type: 'subscription', event: 'init', uid: 'sdk-deletes' });
		const event = next(subscription);
		const created = await c.request(createItem('tags', { name: 'sdk short-lived' }));
		await c.request(deleteItem('tags', created.id));
		assert.deepEqual(await event, {
			type: 'subscription',
			event: 'delete',
			uid: 'sdk-deletes',
			data: [String(created.id)],
		});
		unsubscribe();
	} finally {
		c.disconnect();
	}
});

test('items messages create, read and delete over the socket', async () => {
	const c = client();
	await c.connect();
	const answers = [];
	let wake = () => {};
	const stop = c.onWebSocket('message', (message) => {
		if (message.type === 'items') {
			answers.push(message);
			wake();
		}
	});
	/** Sends an items message and waits for the answer with its uid. */
	async function items(message) {
		c.sendMessage({ type: 'items', collection: 'tags', ...message });
		return within(
			new Promise((resolve) => {
				const look = () => {
					const found = answers.find((a) => a.uid === message.uid);
					if (found) resolve(found);
				};
				wake = look;
				look();
			}),
			`the answer to ${message.uid}`,
		);
	}
	try {
		const created = await items({ action: 'create', data: { name: 'sdk socket' }, uid: 'c1', query: { fields: ['id', 'name'] } });
		assert.equal(created.data.name, 'sdk socket');
		const id = created.data.id;
		const read = await items({ action: 'read', id, uid: 'r1', query: { fields: ['name'] } });
		assert.deepEqual(read, { type: 'items', uid: 'r1', data: { name: 'sdk socket' } });
		const deleted = await items({ action: 'delete', id, uid: 'd1' });
		assert.deepEqual(deleted, { type: 'items', uid: 'd1', data: id });
		const gone = await items({ action: 'read', id, uid: 'r2' });
		assert.equal(gone.status, 'error');
		assert.equal(gone.error.code, 'FORBIDDEN');
	} finally {
		stop();
		c.disconnect();
	}
});
