#!/usr/bin/env node
// Load against the REAL gateway (tests/tui/60-load.sh, bench/load.sh): over --secs seconds
// --conns clients join and leave (each one a real WebSocket handshake; gateway-client/ui with
// the shared token and no device, so the gateway lists it in presence with its scopes
// cleared and broadcasts a full presence list on every join and leave), and --requests
// headless services with a fresh Ed25519 key each ask to be paired (cli/cli, signed; on a
// gateway with autoApproveLocal=false every one becomes a pending request).
// Prints a {"progress":…} JSON line every 5 s, then {"done":true,"joined":N,"left":N,"requests":R,
// "pairingRequired":R,"errors":E,"maxLive":M,"retried":T,"firstErrors":[…]}.
//   node loadgen.mjs --url WS --token-file F [--conns 1000] [--requests 200] [--secs 60] [--prefix load]
// The token is never printed.
import { findWs } from './ws.mjs';
import crypto from 'node:crypto';
import fs from 'node:fs';

const WebSocket = findWs();

const args = { url: null, tokenFile: null, conns: '1000', requests: '200', secs: '60', prefix: 'load' };
for (let i = 2; i < process.argv.length; i++) {
	const key = process.argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
	if (!(key in args)) { console.error(`loadgen.mjs: unknown option ${process.argv[i]}`); process.exit(2); }
	args[key] = process.argv[++i];
}
const token = fs.readFileSync(args.tokenFile, 'utf8').trim();
const CONNS = +args.conns, REQUESTS = +args.requests, SECS = +args.secs;
const b64u = (buf) => Buffer.from(buf).toString('base64url');
const stats = { joined: 0, left: 0, requests: 0, pairingRequired: 0, errors: 0, live: 0, maxLive: 0,
	retried: 0 };
const firstErrors = [];
const sockets = new Set();

function error(what) {
	stats.errors++;
	if (firstErrors.length < 5) firstErrors.push(what);
}

// One handshake, retried while the gateway answers the upgrade with HTTP 503: it admits at
// most 32 unauthenticated sockets per address (OPENCLAW_MAX_PREAUTH_CONNECTIONS_PER_IP), and
// a real client backs off and retries too.  A pairing request whose socket closed before
// the answer is retried as well (the same key refreshes the same request).
// At most MAX_HANDSHAKES are in flight at once for the same reason.
const MAX_HANDSHAKES = 16;
let inFlight = 0;
const queue = [];
async function handshake(client, device) {
	if (inFlight >= MAX_HANDSHAKES) await new Promise((go) => queue.push(go));
	inFlight++;
	try {
		for (let attempt = 0, wait = 100; ; attempt++, wait = Math.min(wait * 2, 2000)) {
			const r = await handshakeOnce(client, device);
			const again = r.http === 503 || (device && r.error === 'closed before hello');
			if (!again || attempt >= 20) return r;
			stats.retried++;
			await sleep(wait / 2 + Math.random() * wait);
		}
	} finally {
		inFlight--;
		if (queue.length) queue.shift()();
	}
}

// device: null (presence client) or a fresh key (pairing request).  Resolves with the
// connect res frame (or an error), leaves the socket open when accepted.
function handshakeOnce(client, device) {
	return new Promise((resolve) => {
		const ws = new WebSocket(args.url, { perMessageDeflate: false });
		sockets.add(ws);
		let settled = false;
		const settle = (r) => { if (!settled) { settled = true; clearTimeout(timer); resolve(r); } };
		const timer = setTimeout(() => { settle({ ws, error: 'handshake timeout' }); ws.terminate(); }, 30000);
		ws.on('message', (data) => {
			let f;
			try { f = JSON.parse(String(data)); } catch { return; }
			if (f.type === 'event' && f.event === 'connect.challenge') {
				const scopes = ['operator.read'];
				const params = { minProtocol: 4, maxProtocol: 4, client, role: 'operator', scopes, caps: [],
					auth: { token } };
				if (device) {
					const payload = ['v3', device.id, client.id, client.mode, 'operator', scopes.join(','),
						String(f.payload.ts), token, f.payload.nonce, client.platform, ''].join('|');
					params.device = { id: device.id, publicKey: b64u(device.raw),
						signature: b64u(crypto.sign(null, Buffer.from(payload, 'utf8'), device.priv)),
						signedAt: f.payload.ts, nonce: f.payload.nonce };
				}
				ws.send(JSON.stringify({ type: 'req', id: 'c1', method: 'connect', params }));
			} else if (f.type === 'res' && f.id === 'c1') {
				settle({ ws, res: f });
			}
		});
		ws.on('close', () => { sockets.delete(ws); settle({ ws, error: 'closed before hello' }); });
		ws.on('error', (e) => settle({ ws, error: String(e.message) }));
		ws.on('unexpected-response', (_req, res) => { settle({ ws, error: `HTTP ${res.statusCode}`, http: res.statusCode });
			ws.terminate(); });
	});
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A presence client: joins at `at` ms, stays `stay` ms, leaves.
async function presenceClient(i, at, stay) {
	await sleep(at);
	const id = `${args.prefix}-${i}`;
	const r = await handshake({ id: 'gateway-client', mode: 'ui', version: '1.0.0', platform: 'linux',
		displayName: id, instanceId: id }, null);
	if (!r.res || !r.res.ok) {
		error(`join ${id}: ${r.error || JSON.stringify(r.res.error)}`);
		return;
	}
	stats.joined++;
	stats.live++;
	stats.maxLive = Math.max(stats.maxLive, stats.live);
	await sleep(stay);
	await new Promise((res) => { r.ws.once('close', res); r.ws.close(); setTimeout(res, 5000); });
	stats.live--;
	stats.left++;
}

// A headless service asking to be paired: one signed connect, refused with PAIRING_REQUIRED.
async function pairingRequest(i, at) {
	await sleep(at);
	const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
	const raw = publicKey.export({ type: 'spki', format: 'der' }).subarray(-32);
	const device = { priv: privateKey, raw, id: crypto.createHash('sha256').update(raw).digest('hex') };
	const name = `${args.prefix}-svc-${i}`;
	const r = await handshake({ id: 'cli', mode: 'cli', version: '1.0.0', platform: 'linux', displayName: name }, device);
	stats.requests++;
	const d = r.res && r.res.error && r.res.error.details;
	if (d && d.code === 'PAIRING_REQUIRED') stats.pairingRequired++;
	else error(`request ${name}: ${r.error || JSON.stringify(r.res)}`);
	try { r.ws.close(); } catch {}
}

const total = SECS * 1000;
const progress = setInterval(() => console.log(JSON.stringify({ progress: true, ...stats })), 5000);
const jobs = [];
for (let i = 0; i < CONNS; i++) {
	// joins spread over the first 60 % of the run; every client has left by the end
	const at = Math.floor((i / CONNS) * total * 0.6);
	const stay = Math.floor(Math.random() * (total * 0.95 - at));
	jobs.push(presenceClient(i, at, stay));
}
for (let i = 0; i < REQUESTS; i++) jobs.push(pairingRequest(i, Math.floor((i / REQUESTS) * total * 0.9)));
await Promise.all(jobs);
clearInterval(progress);
console.log(JSON.stringify({ done: true, ...stats, firstErrors }));
process.exit(0);
