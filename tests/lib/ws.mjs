// The `ws` package the gateway itself ships, for the test clients and fake gateways:
// nothing is installed for the tests beyond the pinned openclaw package.
// OC_GATEWAY_PATH (tests/deps.sh gateway) holds .../openclaw-X/node_modules/.bin.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

export function findWs() {
	const tried = [];
	for (const dir of (process.env.OC_GATEWAY_PATH || process.env.PATH || '').split(':')) {
		const bin = path.join(dir, 'openclaw');
		if (!dir || !fs.existsSync(bin)) continue;
		const pkg = path.resolve(path.dirname(fs.realpathSync(bin)), 'package.json');	// .../openclaw/package.json
		for (const base of [pkg, path.join(dir, '..', 'package.json')]) {
			try { return createRequire(base)('ws'); } catch { tried.push(base); }
		}
	}
	throw new Error(`cannot find the ws package of openclaw (tried ${tried.join(', ') || 'nothing'}): set OC_GATEWAY_PATH`);
}
