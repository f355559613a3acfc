#!/usr/bin/env node
// A client of the real gateway for tests: plays another console, a browser-class client
// or a headless backend service.  Uses the gateway's own `ws` package and node:crypto.
// Prints ONE JSON line: {"outcome":"accepted",...} or {"outcome":"rejected",...}.
// Exit 0 accepted, 3 PAIRING_REQUIRED, 1 otherwise.  The token is never printed.
//   --url WS --token-file F --client-id ID --mode M --role R --scopes a,b (default operator.read,operator.write)
//   --auth token|password|device-token|none   --wrong-token
//   --device none|new|bad-signature|stale-nonce|stale-signed-at|KEYFILE  (KEYFILE: JSON key pair, made on
//            first use; a hello-ok deviceToken is saved in it for --auth device-token)
//   --origin URL --display-name S --platform S (default linux) --device-family S --instance-id S
//   --display-name-json J (the display name as a JSON string literal, for "x\u0000y" that argv cannot carry)
//   --header 'Name: value' (repeatable; e.g. 'Host: gw.example.com' on a loopback socket)
//   --stay SECS (print at hello-ok, stay connected, then exit)   --retry-until-ok SECS (retry every 1 s)
//   --protocol MIN..MAX (default 3..4: every release since 2026.3 speaks one of them)
import { findWs } from './ws.mjs';
import crypto from 'node:crypto';
import fs from 'node:fs';

const WebSocket = findWs();

const args = { url: null, tokenFile: null, clientId: 'cli', mode: 'cli', role: 'operator',
	scopes: 'operator.read,operator.write', auth: 'token', device: 'none', origin: null,
	displayName: null, platform: 'linux', deviceFamily: null, stay: 0, retryUntilOk: 0,
	wrongToken: false, instanceId: null, displayNameJson: null, protocol: '3..4' };
const extraHeaders = {};
for (let i = 2; i < process.argv.length; i++) {
	const a = process.argv[i];
	const key = a.replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
	if (key === 'header') {
		const h = process.argv[++i] || '', at = h.indexOf(':');
		if (at < 1) { console.error(`service.mjs: --header wants 'Name: value', not ${h}`); process.exit(2); }
		extraHeaders[h.slice(0, at).trim()] = h.slice(at + 1).trim();
		continue;
	}
	if (!(key in args)) { console.error(`service.mjs: unknown option ${a}`); process.exit(2); }
	if (typeof args[key] === 'boolean') args[key] = true;
	else args[key] = process.argv[++i];
}
if (args.displayNameJson !== null) args.displayName = JSON.parse(args.displayNameJson);
const b64u = (buf) => Buffer.from(buf).toString('base64url');
const token = args.tokenFile ? fs.readFileSync(args.tokenFile, 'utf8').trim() : '';

// Device identity: none, a throw-away key, or a key file that persists (with the device token).
let key = null, keyFile = null, keyState = {};
function loadKey() {
	if (args.device === 'none') return;
	if (!['new', 'bad-signature', 'stale-nonce', 'stale', 'stale-signed-at'].includes(args.device)) {
		keyFile = args.device;
		if (fs.existsSync(keyFile)) keyState = JSON.parse(fs.readFileSync(keyFile, 'utf8'));
	}
	if (!keyState.privatePem) {
		const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
		keyState.privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' });
		keyState.publicPem = publicKey.export({ type: 'spki', format: 'pem' });
		if (keyFile) fs.writeFileSync(keyFile, JSON.stringify(keyState), { mode: 0o600 });
	}
	const pub = crypto.createPublicKey(keyState.publicPem);
	const raw = pub.export({ type: 'spki', format: 'der' }).subarray(-32);
	key = { priv: crypto.createPrivateKey(keyState.privatePem), raw,
		id: crypto.createHash('sha256').update(raw).digest('hex') };
}
loadKey();
const norm = (s) => (s || '').trim().replace(/[A-Z]/g, (c) => c.toLowerCase());

function connectOnce() {
	return new Promise((resolve) => {
		const headers = { ...extraHeaders };
		if (args.origin) headers.Origin = args.origin;
		const ws = new WebSocket(args.url, { headers, perMessageDeflate: false });
		let pendingProbe = null;
		let result = null, timer = setTimeout(() => { done({ outcome: 'rejected', message: 'timeout' }); }, 20000);
		const done = (r) => { if (!result) { result = r; } clearTimeout(timer);
			if (!(r.outcome === 'accepted' && args.stay > 0)) { try { ws.close(); } catch {} resolve(result); } };
		ws.on('message', (data) => {
			const f = JSON.parse(String(data));
			if (f.type === 'event' && f.event === 'connect.challenge') {
				const scopes = args.scopes ? args.scopes.split(',').filter(Boolean) : [];
				const auth = {};
				const tok = args.wrongToken ? 'wrong-' + token : token;
				if (args.auth === 'token') auth.token = tok;
				else if (args.auth === 'password') auth.password = tok;
				else if (args.auth === 'device-token') auth.deviceToken = keyState.deviceToken || 'none';
				const client = { id: args.clientId, mode: args.mode, version: '0.1.0', platform: args.platform };
				if (args.deviceFamily) client.deviceFamily = args.deviceFamily;
				if (args.displayName) client.displayName = args.displayName;
				if (args.instanceId) client.instanceId = args.instanceId;
				const [minProtocol, maxProtocol] = args.protocol.split('..').map(Number);
				const params = { minProtocol, maxProtocol, client, role: args.role, scopes, caps: [], auth };
				if (key) {
					// stale-nonce: a nonce from an earlier challenge, signed consistently -> nonce mismatch
					const nonce = args.device === 'stale-nonce' ? crypto.randomUUID() : f.payload.nonce;
					const signedAt = ['stale', 'stale-signed-at'].includes(args.device) ? f.payload.ts - 600000 : f.payload.ts;
					const slot = auth.token ?? auth.deviceToken ?? '';
					const payload = ['v3', key.id, args.clientId, args.mode, args.role, scopes.join(','),
						String(signedAt), slot, nonce, norm(args.platform), norm(args.deviceFamily)].join('|');
					let sig = crypto.sign(null, Buffer.from(payload, 'utf8'), key.priv);
					if (args.device === 'bad-signature') sig = Buffer.from(sig.map((b, i) => i === 0 ? b ^ 1 : b));
					params.device = { id: key.id, publicKey: b64u(key.raw), signature: b64u(sig), signedAt, nonce };
				}
				ws.send(JSON.stringify({ type: 'req', id: 'c1', method: 'connect', params }));
			} else if (f.type === 'res' && f.id === 'probe' && pendingProbe) {
				const r = pendingProbe;
				pendingProbe = null;
				if (f.ok) r.scopes = args.scopes.split(',').filter(Boolean);
				else if (/missing scope/.test(f.error?.message || '')) r.cleared = true;
				done(r);
				if (args.stay > 0) print(r);
				if (args.stay > 0) setTimeout(() => { ws.close(); resolve(result); }, args.stay * 1000);
			} else if (f.type === 'res' && f.id === 'c1') {
				if (f.ok) {
					const a = f.payload.auth || {};
					if (a.deviceToken && keyFile) { keyState.deviceToken = a.deviceToken; fs.writeFileSync(keyFile, JSON.stringify(keyState), { mode: 0o600 }); }
					const requested = args.scopes ? args.scopes.split(',').filter(Boolean) : [];
					const r = { outcome: 'accepted', scopes: a.scopes || [], method: a.method, role: a.role,
						deviceId: key ? key.id : null, deviceToken: !!a.deviceToken };
					if (!Array.isArray(a.scopes) && args.role === 'operator' && requested.includes('operator.read')) {
						// 2026.3.x sends no auth block without a device token: find the
						// real grant with a call that needs operator.read
						r.scopesProbed = true;
						ws.send(JSON.stringify({ type: 'req', id: 'probe', method: 'system-presence', params: {} }));
						pendingProbe = r;
						return;
					}
					if (args.role === 'operator' && requested.length && !(a.scopes || []).length) r.cleared = true;
					done(r);
					if (args.stay > 0) print(r);	// at once: a test can wait for it while we stay connected
					if (args.stay > 0) setTimeout(() => { ws.close(); resolve(result); }, args.stay * 1000);
				} else {
					const e = f.error || {}, d = e.details || {};
					result = { outcome: 'rejected', code: e.code, detailsCode: d.code || null, message: e.message,
						requestId: d.requestId || null, reason: d.reason || null, deviceId: key ? key.id : null };
				}
			}
		});
		ws.on('close', (code, reason) => {
			if (!result) result = { outcome: 'rejected', code: null, detailsCode: null, message: 'closed', deviceId: key ? key.id : null };
			if (result.outcome === 'rejected' && !result.close) result.close = { code, reason: String(reason) };
			clearTimeout(timer); resolve(result);
		});
		ws.on('error', (err) => { if (!result) result = { outcome: 'rejected', message: String(err.message) }; });
		ws.on('unexpected-response', (_req, res) => { result = { outcome: 'rejected', message: `HTTP ${res.statusCode}`, http: res.statusCode }; clearTimeout(timer); resolve(result); });
	});
}

// Exactly one JSON line on stdout; the token never appears in it.
let printed = false;
function print(r) {
	if (printed) return;
	printed = true;
	let line = JSON.stringify(r);
	for (const secret of [token, keyState.deviceToken]) if (secret) line = line.split(secret).join('***');
	process.stdout.write(line + '\n');
}

let r = await connectOnce();
const deadline = Date.now() + Number(args.retryUntilOk) * 1000;
while (r.outcome !== 'accepted' && Date.now() < deadline) {
	await new Promise((res) => setTimeout(res, 1000));
	r = await connectOnce();
}
print(r);
process.exit(r.outcome === 'accepted' ? 0 : r.detailsCode === 'PAIRING_REQUIRED' ? 3 : 1);
