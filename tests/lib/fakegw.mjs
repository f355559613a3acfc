#!/usr/bin/env node
// A misbehaving "gateway" for fault tests.  Listens on 127.0.0.1:PORT (0 = any free port),
// prints {"port":N} once listening, and serves every connection according to --mode:
//   silent-tcp     accept TCP and never answer the HTTP upgrade
//   no-challenge   complete the WebSocket upgrade, then never send connect.challenge
//   garbage        upgrade, send non-JSON text, binary junk, an oversized-looking JSON and
//                  a frame with a bad type, then close abruptly
//   stall-hello    send connect.challenge, then never answer the connect request
// Finds the `ws` package of the installed openclaw the way service.mjs does.
//   node fakegw.mjs --mode MODE [--port N] [--life SECS] [--tls-cert PEM --tls-key PEM]  (wss)
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import http from 'node:http';
import https from 'node:https';

function findWs() {
	const tried = [];
	for (const dir of (process.env.OC_GATEWAY_PATH || process.env.PATH || '').split(':')) {
		const bin = path.join(dir, 'openclaw');
		if (!dir || !fs.existsSync(bin)) continue;
		const pkg = path.resolve(path.dirname(fs.realpathSync(bin)), 'package.json');
		for (const base of [pkg, path.join(dir, '..', 'package.json')]) {
			try { return createRequire(base)('ws'); } catch (e) { tried.push(base); }
		}
	}
	throw new Error(`cannot find the ws package of openclaw (tried ${tried.join(', ') || 'nothing'})`);
}

const args = { mode: 'garbage', port: '0', life: '60', 'tls-cert': '', 'tls-key': '' };
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
