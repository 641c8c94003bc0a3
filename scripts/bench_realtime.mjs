// Realtime fan-out latency: N sockets subscribed to one collection, K creates
// through REST, the time from each POST's start to each socket's `create`
// event; prints p50/p99 in ms. Node 22 (fetch built in) and the `ws` package
// (the real Directus install has one: NODE_PATH=~/.cache/real-directus-12.4.0/node_modules).
//   node scripts/bench_realtime.mjs <base url> <subscribers> [creates=20]
import { createRequire } from 'node:module';

// CommonJS resolution, so NODE_PATH finds `ws`.
const WebSocket = createRequire(import.meta.url)('ws');

const [base, n = '100', k = '20'] = process.argv.slice(2);
const subscribers = Number(n), creates = Number(k);
const token = process.env.TOKEN ?? 'admin-static-token';
const collection = `bench_fanout_${Date.now()}`;
const api = (method, path, body) => fetch(base + path, {
  method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  body: body && JSON.stringify(body),
});

await api('POST', '/collections', { collection, schema: {}, fields: [
  { field: 'id', type: 'integer', schema: { is_primary_key: true, has_auto_increment: true } },
  { field: 'title', type: 'string' }] });

const latencies = [];
let started = 0, pending = 0, done = null;
const open = () => new Promise((resolve, reject) => {
  const ws = new WebSocket(base.replace(/^http/, 'ws') + '/websocket');
  ws.on('error', reject);
  ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', access_token: token })));
  ws.on('message', (raw) => {
    const m = JSON.parse(raw.toString());
    if (m.type === 'auth' && m.status === 'ok') {
      ws.send(JSON.stringify({ type: 'subscribe', collection, query: { fields: ['id'] } }));
    } else if (m.event === 'init') resolve(ws);
    else if (m.event === 'create') {
      latencies.push(performance.now() - started);
      if (--pending === 0) done();
    }
  });
});
const sockets = [];
for (let i = 0; i < subscribers; i += 50) {
  sockets.push(...await Promise.all(Array.from({ length: Math.min(50, subscribers - i) }, open)));
}
for (let i = 0; i < creates; i++) {
  const all = new Promise((r) => { done = r; });
  pending = subscribers;
  started = performance.now();
  await api('POST', `/items/${collection}`, { title: `t${i}` });
  await all;
}
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(1);
console.log(JSON.stringify({ base, subscribers, creates, p50_ms: pct(0.5), p99_ms: pct(0.99) }));
for (const ws of sockets) ws.close();
await api('DELETE', `/collections/${collection}`);
process.exit(0);
