#!/usr/bin/env node
// Load for bench/run.sh from ONE Node process (tests/lib/service.mjs costs a Node start per client):
//   --url WS --token-file F --pending N   N cli/cli clients with fresh Ed25519 keys; each gets
//                                         PAIRING_REQUIRED and leaves a pending request; prints
//                                         the request ids, one a line, then exits
//   --url WS --token-file F --live M [--stay SECS]   M openclaw-linux/ui clients (token, no
//                                         device: accepted with cleared scopes) that stay
//                                         connected; prints "ready M" once all are in
// The token is never printed.
import { findWs } from '../tests/lib/ws.mjs';
import crypto from 'node:crypto';
import fs from 'node:fs';

const WebSocket = findWs();
const args = { url: null, tokenFile: null, pending: 0, live: 0, stay: 600 };
for (let i = 2; i < process.argv.length; i++) {
	const key = process.argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
	if (!(key in args)) { console.error(`clients.mjs: unknown option ${process.argv[i]}`); process.exit(2); }
	args[key] = process.argv[++i];
}
const token = fs.readFileSync(args.tokenFile, 'utf8').trim();
const b64u = (b) => Buffer.from(b).toString('base64url');

// One handshake.  device: true signs with a fresh key (cli/cli); resolves with the socket
// and the connect response.
function connect(n, device) {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(args.url, { perMessageDeflate: false });
		const timer = setTimeout(() => reject(new Error('timeout')), 30000);
		ws.on('error', (e) => { clearTimeout(timer); reject(e); });
		ws.on('message', (data) => {
			const f = JSON.parse(String(data));
			if (f.type === 'event' && f.event === 'connect.challenge') {
				const clientId = device ? 'cli' : 'openclaw-linux', mode = device ? 'cli' : 'ui';
				const scopes = device ? ['operator.read', 'operator.write'] : ['operator.read'];
				const client = { id: clientId, mode, version: '0.1.0', platform: 'linux',
					displayName: `bench-${n}`, instanceId: `bench-${process.pid}-${n}` };
				const params = { minProtocol: 4, maxProtocol: 4, client, role: 'operator', scopes, caps: [],
					auth: { token } };
				if (device) {
					const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
					const raw = publicKey.export({ type: 'spki', format: 'der' }).subarray(-32);
					const id = crypto.createHash('sha256').update(raw).digest('hex');
					const ts = f.payload.ts, nonce = f.payload.nonce;
					const payload = ['v3', id, clientId, mode, 'operator', scopes.join(','), String(ts), token,
						nonce, 'linux', ''].join('|');
					const sig = crypto.sign(null, Buffer.from(payload, 'utf8'), privateKey);
					params.device = { id, publicKey: b64u(raw), signature: b64u(sig), signedAt: ts, nonce };
				}
				ws.send(JSON.stringify({ type: 'req', id: 'c1', method: 'connect', params }));
			} else if (f.type === 'res' && f.id === 'c1') {
				clearTimeout(timer);
				resolve({ ws, res: f });
			}
		});
	});
}

if (+args.pending > 0) {
	const ids = [];
	for (let i = 0; i < +args.pending; i += 10) {	// 10 at a time: quick, without a connect storm
		const batch = [];
		for (let j = i; j < Math.min(+args.pending, i + 10); j++) batch.push(connect(j, true));
		for (const { ws, res } of await Promise.all(batch)) {
			const id = res.error?.details?.requestId;
			if (id) ids.push(id);
			ws.close();
		}
	}
	process.stdout.write(ids.join('\n') + (ids.length ? '\n' : ''));
	process.exit(ids.length === +args.pending ? 0 : 1);
} else if (+args.live > 0) {
	const socks = [];
	for (let i = 0; i < +args.live; i += 10) {
		const batch = [];
		for (let j = i; j < Math.min(+args.live, i + 10); j++) batch.push(connect(j, false));
		for (const { ws, res } of await Promise.all(batch)) {
			if (!res.ok) { console.error(`clients.mjs: live client refused: ${JSON.stringify(res.error)}`); process.exit(1); }
			socks.push(ws);
			ws.on('close', () => process.exit(0));	// the gateway went away: so do we
		}
	}
	process.stdout.write(`ready ${socks.length}\n`);
	setTimeout(() => { for (const s of socks) s.close(); process.exit(0); }, +args.stay * 1000);
} else {
	console.error('clients.mjs: --pending N or --live M');
	process.exit(2);
}
