// The official @directus/sdk's file commands against directus-mock: uploads
// (FormData), imports from a URL, raw and transformed assets, the file and
// folder lists. Tests delete what they create, so they also run against a real
// Directus provisioned with the fixture (DIRECTUS_URL, see mock.mjs).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';

import {
	createDirectus,
	createFolder,
	deleteFile,
	deleteFiles,
	deleteFolder,
	importFile,
	isDirectusError,
	readAssetArrayBuffer,
	readAssetRaw,
	readFiles,
	readFolders,
	rest,
	staticToken,
	uploadFiles,
} from '@directus/sdk';

import { png as redPng } from '../scripts/png.mjs';
import { startMock, useMock } from './mock.mjs';

const mockUrl = useMock(before, after);
const admin = (url = mockUrl()) => createDirectus(url).with(staticToken('admin-static-token')).with(rest());

/** A PNG of `width` x `height` red pixels. */
const png = (width, height) => redPng(width, height, () => [255, 0, 0]);

/** Width and height from a PNG's IHDR. */
const pngSize = (bytes) => [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];

async function upload(client, name, bytes, fields = {}) {
	const form = new FormData();
	for (const [key, value] of Object.entries(fields)) form.append(key, value);
	form.append('file', new Blob([bytes], { type: 'image/png' }), name);
	return client.request(uploadFiles(form));
}

test('uploadFiles sends FormData; the row has the metadata the server computed', async () => {
	const client = admin();
	const row = await upload(client, 'red.png', png(40, 20), { title: 'From the SDK' });
	try {
		assert.equal(row.title, 'From the SDK');
		assert.equal(row.type, 'image/png');
		assert.equal(row.filename_download, 'red.png');
		assert.equal(row.width, 40);
		assert.equal(row.height, 20);
		assert.equal(row.filesize, png(40, 20).length);
	} finally {
		await client.request(deleteFile(row.id));
	}
});

test('readAssetRaw streams the original; readAssetArrayBuffer applies a transformation', async () => {
	const client = admin();
	const original = png(40, 20);
	const row = await upload(client, 'red.png', original);
	try {
		const stream = await client.request(readAssetRaw(row.id));
		const chunks = [];
		for await (const chunk of stream) chunks.push(chunk);
		assert.deepEqual(Buffer.concat(chunks), original);
		const small = Buffer.from(await client.request(readAssetArrayBuffer(row.id, { width: 10, format: 'png' })));
		assert.deepEqual(pngSize(small), [10, 5]);
	} finally {
		await client.request(deleteFile(row.id));
	}
});

test('readFiles and readFolders answer query objects', async () => {
	const client = admin();
	const folder = await client.request(createFolder({ name: 'SDK folder' }));
	const a = await upload(client, 'a.png', png(4, 4), { folder: folder.id });
	const b = await upload(client, 'b.png', png(8, 2));
	try {
		const files = await client.request(
			readFiles({
				fields: ['filename_download', 'width', { folder: ['name'] }],
				filter: { id: { _in: [a.id, b.id] } },
				sort: ['filename_download'],
			}),
		);
		assert.deepEqual(files, [
			{ filename_download: 'a.png', width: 4, folder: { name: 'SDK folder' } },
			{ filename_download: 'b.png', width: 8, folder: null },
		]);
		const folders = await client.request(readFolders({ fields: ['name'], filter: { id: { _eq: folder.id } } }));
		assert.deepEqual(folders, [{ name: 'SDK folder' }]);
	} finally {
		await client.request(deleteFiles([a.id, b.id]));
		await client.request(deleteFolder(folder.id));
	}
});

/** Serves `bytes` on a loopback port until closed. */
async function serve(bytes) {
	const server = http.createServer((req, res) => {
		res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': bytes.length });
		res.end(bytes);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${server.address().port}/pixel.png`, close: () => server.close() };
}

test('importFile from a loopback URL is refused by default (IMPORT_IP_DENY_LIST)', async () => {
	const source = await serve(png(2, 2));
	try {
		await assert.rejects(admin().request(importFile(source.url, { title: 'Nope' })), (error) => {
			assert.ok(isDirectusError(error));
			assert.equal(error.errors[0].extensions.code, 'SERVICE_UNAVAILABLE');
			return true;
		});
	} finally {
		source.close();
	}
});

// Against DIRECTUS_URL this needs DIRECTUS_IMPORT_URL: a server of the harness'
// files-limits variant (IMPORT_IP_DENY_LIST without loopback), as .ci/run starts.
test('importFile stores the fetched file when the deny list allows loopback', async () => {
	assert.ok(
		!process.env.DIRECTUS_URL || process.env.DIRECTUS_IMPORT_URL,
		'DIRECTUS_URL is set: set DIRECTUS_IMPORT_URL to a server whose IMPORT_IP_DENY_LIST allows loopback',
	);
	const mock = process.env.DIRECTUS_IMPORT_URL
		? { url: process.env.DIRECTUS_IMPORT_URL, stop: () => {} }
		: await startMock({ IMPORT_IP_DENY_LIST: '169.254.169.254' });
	const source = await serve(png(6, 3));
	const client = admin(mock.url);
	try {
		const row = await client.request(importFile(source.url, { title: 'Imported' }));
		assert.equal(row.title, 'Imported');
		assert.equal(row.width, 6);
		assert.equal(row.height, 3);
		assert.equal(row.type, 'image/png');
		await client.request(deleteFile(row.id));
	} finally {
		source.close();
		mock.stop();
	}
});
