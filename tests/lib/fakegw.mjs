#!/usr/bin/env node
// A misbehaving "gateway" for fault tests.  Listens on 127.0.0.1:PORT (0 = any free port),
// prints {"port":N} once listening, and serves every connection according to --mode:
//   silent-tcp     accept TCP and never answer the HTTP upgrade
//   no-challenge   complete the WebSocket upgrade, then never send connect.challenge
//   garbage        upgrade, send non-JSON text, binary junk, an oversized-looking JSON and
//                  a frame with a bad type, then close abruptly
//   stall-hello    send connect.challenge, then never answer the connect request
//   stall-rpc      complete the handshake (hello-ok), then never answer any request
//   unreadable     complete the handshake, then answer every request with a frame jansson
//                  refuses even with JSON_ALLOW_NUL (a U+0000 in an object key), id intact
//   exact          complete the handshake, then answer system-presence with one frame of
//                  exactly --bytes bytes (a row padded with a long "text")
//   rows           complete the handshake, then answer system-presence with --rows rows of
//                  {"host":"h"} (13 bytes each: 1.2 million rows are a 15.6 MB frame)
//   load           accept any connect, then over --secs let --conns synthetic clients join
//                  and leave (a full presence list per change, as the gateway sends it) and
//                  --requests pairing requests arrive; prints {"done":true} when finished
// Finds the `ws` package of the installed openclaw the way service.mjs does.
//   node fakegw.mjs --mode MODE [--port N] [--life SECS] [--tls-cert PEM --tls-key PEM]  (wss)
import { findWs } from './ws.mjs';
import fs from 'node:fs';
import net from 'node:net';
import http from 'node:http';
import https from 'node:https';


const args = { mode: 'garbage', port: '0', life: '60', 'tls-cert': '', 'tls-key': '', conns: '1000', requests: '200', secs: '60',
	bytes: '0', rows: '0' };
for (let i = 2; i < process.argv.length; i++) {
	const k = process.argv[i].replace(/^--/, '');
	if (!(k in args)) { console.error(`fakegw.mjs: unknown option ${process.argv[i]}`); process.exit(2); }
	args[k] = process.argv[++i];
}
setTimeout(() => process.exit(0), +args.life * 1000).unref();
const ready = (port) => console.log(JSON.stringify({ port }));
const sockets = new Set();

if (args.mode === 'silent-tcp') {
	const srv = net.createServer((s) => { sockets.add(s); s.on('error', () => {}); });
	srv.listen(+args.port, '127.0.0.1', () => ready(srv.address().port));
} else {
	const WebSocket = findWs();
	const notFound = (req, res) => { res.writeHead(404); res.end(); };
	const server = args['tls-cert']
		? https.createServer({ cert: fs.readFileSync(args['tls-cert']), key: fs.readFileSync(args['tls-key']) }, notFound)
		: http.createServer(notFound);
	const wss = new WebSocket.WebSocketServer({ server });
	wss.on('connection', (ws) => {
		ws.on('error', () => {});
		if (args.mode === 'no-challenge') return;
		if (args.mode === 'load') return serveLoad(ws);
		if (args.mode === 'stall-rpc') return serveStallRpc(ws);
		if (args.mode === 'exact') return serveStallRpc(ws, (f) => {
			if (f.method !== 'system-presence') return ws.send(JSON.stringify({ type: 'res', id: f.id, ok: true, payload: {} }));
			const head = JSON.stringify({ type: 'res', id: f.id, ok: true, payload: [{ host: 'exact', text: '' }] });
			const pad = +args.bytes - Buffer.byteLength(head);
			if (pad < 0) throw new Error(`--bytes ${args.bytes} is below the ${head.length} bytes of the frame itself`);
			const text = head.replace('"text":""', `"text":"${'x'.repeat(pad)}"`);
			ws.send(text);
			console.log(JSON.stringify({ sent: Buffer.byteLength(text) }));
		});
		if (args.mode === 'rows') return serveStallRpc(ws, (f) => {
			if (f.method !== 'system-presence') return ws.send(JSON.stringify({ type: 'res', id: f.id, ok: true, payload: {} }));
			const n = +args.rows;
			const text = `{"type":"res","id":${JSON.stringify(f.id)},"ok":true,"payload":[` +
				'{"host":"h"},'.repeat(Math.max(0, n - 1)) + (n ? '{"host":"h"}' : '') + ']}';
			ws.send(text, () => console.log(JSON.stringify({ sent: Buffer.byteLength(text), rows: n })));
		});
		if (args.mode === 'unreadable') return serveStallRpc(ws, (f) =>
			ws.send(JSON.stringify({ type: 'res', id: f.id, ok: true, payload: { pending: [{ ['key\u0000']: 1 }], paired: [] } })));
		if (args.mode === 'stall-hello') {
			ws.send(JSON.stringify({ type: 'event', event: 'connect.challenge',
				payload: { nonce: 'n-' + Date.now(), ts: Date.now() } }));
			return;
		}
		// garbage
		ws.send('this is not json \x1b]0;PWNED\x07');
		ws.send(Buffer.from([0xff, 0xfe, 0x00, 0x1b, 0x5b, 0x32, 0x4a]), { binary: true });
		ws.send('{"type":"\x1b[31mweird","id":1}');
		ws.send('[1,2,3]');
		ws.send('{"type":"res","id":"c1","ok":"yes"}');
		ws.send('{"type":"event","event":"connect.challenge","payload":{"nonce":42,"ts":"x"}}');
		setTimeout(() => { try { ws._socket.destroy(); } catch {} }, 300);
	});
	server.listen(+args.port, '127.0.0.1', () => ready(server.address().port));
}

// stall-rpc: a gateway that accepts the console and then answers nothing at all, so every
// request (device.pair.list, system-presence, logs.tail, …) has to time out.
function serveStallRpc(ws, answer) {
	ws.send(JSON.stringify({ type: 'event', event: 'connect.challenge', payload: { nonce: 'stall-' + Date.now(), ts: Date.now() } }));
	ws.on('message', (data) => {
		let f;
		try { f = JSON.parse(String(data)); } catch { return; }
		if (f.type === 'req' && f.method === 'connect')
			ws.send(JSON.stringify({ type: 'res', id: f.id, ok: true, payload: { type: 'hello-ok', protocol: 4,
				server: { version: '2026.9.6', connId: 'stall' },
				auth: { method: 'token', role: 'operator', scopes: f.params.scopes || [] },
				policy: { tickIntervalMs: 30000 },
				snapshot: { presence: [{ host: 'stall', mode: 'gateway', reason: 'self', version: '2026.9.6', ts: Date.now() }] } } }));
		else if (f.type === 'req' && answer) answer(f);
	});
}

// Load mode: a minimal gateway that accepts any handshake and then streams presence and
// pairing events through the same frames a real gateway sends (bench/load.sh).
function serveLoad(ws) {
	const now = () => Date.now();
	let seq = 0;
	const ev = (event, payload) => ws.send(JSON.stringify({ type: 'event', event, payload, seq: ++seq }));
	ws.send(JSON.stringify({ type: 'event', event: 'connect.challenge', payload: { nonce: 'load-' + now(), ts: now() } }));
	const self = { host: 'load', mode: 'gateway', reason: 'self', version: '2026.9.6', ts: now() };
	const live = new Map();
	const list = () => [self, ...live.values()];
	ws.on('message', (data) => {
		let f;
		try { f = JSON.parse(String(data)); } catch { return; }
		if (f.type !== 'req') return;
		const res = (payload) => ws.send(JSON.stringify({ type: 'res', id: f.id, ok: true, payload }));
		if (f.method === 'connect') {
			res({ type: 'hello-ok', protocol: 4, server: { version: '2026.9.6', connId: 'load' },
				auth: { method: 'token', role: 'operator', scopes: f.params.scopes || [] },
				policy: { tickIntervalMs: 30000 }, snapshot: { presence: list() } });
			start();
		} else if (f.method === 'system-presence') res(list());
		else if (f.method === 'device.pair.list') res({ pending: [], paired: [] });
		else if (f.method === 'logs.tail') res({ file: 'load', cursor: 0, size: 0, lines: [] });
		else if (f.method === 'config.get') res({ hash: 'h', config: {} });
		else res({});
	});
	let started = false;
	function start() {
		if (started) return;
		started = true;
		const conns = +args.conns, reqs = +args.requests, total = +args.secs * 1000;
		const steps = 2 * conns;			// every client joins, then leaves
		const every = Math.max(1, Math.floor(total / steps));
		let step = 0, r = 0;
		const timer = setInterval(() => {
			if (step < conns) {
				const id = 'load-' + step;
				live.set(id, { clientId: 'openclaw-linux', mode: 'ui', host: id, instanceId: id,
					roles: ['operator'], scopes: ['operator.read'], platform: 'linux', version: '1.0',
					deviceId: (step.toString(16).padStart(8, '0')).repeat(8), onlineSince: now(),
					ts: now(), reason: 'connect' });
			} else {
				live.delete('load-' + (step - conns));
			}
			ev('presence', { presence: list() });
			if (r < reqs && step % Math.max(1, Math.floor(steps / reqs)) === 0) {
				ev('device.pair.requested', { requestId: 'req-' + r, deviceId: (r.toString(16).padStart(8, 'f')).repeat(8),
					publicKey: 'x', displayName: 'svc-' + r, platform: 'linux', clientId: 'cli', clientMode: 'cli',
					role: 'operator', roles: ['operator'], scopes: ['operator.read'], silent: false, isRepair: false, ts: now() });
				r++;
			}
			if (++step >= steps) {
				clearInterval(timer);
				console.log(JSON.stringify({ done: true, events: seq }));
			}
		}, every);
	}
}
