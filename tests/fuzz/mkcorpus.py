#!/usr/bin/env python3
"""Regenerate the fuzz seed corpora in tests/fuzz/corpus/<target>/ from the captured
frames in tests/fixtures/frames: every embedded frame (any object with "type" req, res
or event) becomes its own file for fuzz_frame; every logs.tail line becomes a file for
fuzz_logline; fuzz_files gets the console's own file formats.  Run from the repo root."""
import hashlib, json, os, glob

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FRAMES = os.path.join(ROOT, "tests/fixtures/frames")
CORPUS = os.path.join(ROOT, "tests/fuzz/corpus")


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def frames(v):
    if isinstance(v, dict):
        if v.get("type") in ("req", "res", "event"):
            yield v
        for x in v.values():
            yield from frames(x)
    elif isinstance(v, list):
        for x in v:
            yield from frames(x)


for path in sorted(glob.glob(os.path.join(FRAMES, "*.json"))):
    with open(path) as f:
        doc = json.load(f)
    for fr in frames(doc):
        fr = {k: v for k, v in fr.items() if k != "_note"}
        put("frame", json.dumps(fr, ensure_ascii=False, separators=(",", ":")))
        if fr.get("type") == "res" and isinstance(fr.get("payload"), dict):
            for line in fr["payload"].get("lines", []) or []:
                if isinstance(line, str):
                    put("logline", line)
    if os.path.basename(path) == "logs.tail.res.json":
        lines = doc["payload"]["lines"]
        put("logline", "\n".join(lines))

# hostile strings inside otherwise valid frames
HOSTILE = ["\x1b]0;PWNED\x07", "\x1b[31mred\x1b[0m", "\x1b[2J", "\u009b31m", "\u202eevil",
           "a\ud800b", "x" * 3000, "\t\n\r\x7f", "\ufeff\u2066iso\u2069",
           # U+0000 (issue #13 item 2): json.dumps writes it as the escape \u0000
           "x\x00y", "\x00", "\x00lead\x1b]0;t\x00itle\x07", "trail\x00"]
for h in HOSTILE:
    put("frame", json.dumps({"type": "event", "event": "presence", "payload": {"presence": [
        {"clientId": h, "mode": h, "host": h, "instanceId": h, "text": h, "reason": h,
         "deviceId": h, "roles": [h], "scopes": [h], "ts": 1}]}}))
    put("frame", json.dumps({"type": "event", "event": "device.pair.requested", "payload": {
        "requestId": h, "deviceId": h, "publicKey": h, "displayName": h, "clientId": h,
        "clientMode": h, "role": h, "roles": [h], "scopes": [h], "remoteIp": h, "ts": 1}}))
    put("frame", json.dumps({"type": "res", "id": "c1", "ok": False, "error": {
        "code": h, "message": h, "details": {"code": h, "reason": h, "requestId": h,
                                             "remediationHint": h}}}))

# U+0000 where jansson still refuses it (an object key): the frame is unreadable, and its
# envelope must still be read; and a device.pair.list answer with NUL names everywhere
put("frame", json.dumps({"type": "res", "id": "oc3", "ok": True, "payload": {
    "pending": [{"requestId": "r1", "x\x00y": 1}], "paired": []}}))
put("frame", json.dumps({"payload": {"a\x00": [{"id": "inner"}]}, "id": "oc4", "type": "res", "ok": True}))
put("frame", json.dumps({"type": "res", "id": "oc5", "ok": True, "payload": {
    "pending": [{"requestId": "r\x00q", "deviceId": "d", "displayName": "x\x00y", "scopes": ["operator.read\x00"]}],
    "paired": [{"deviceId": "p\x00", "displayName": "\x00", "tokens": [{"role": "op\x00"}]}]}}))
put("logline", json.dumps({"1": {"cause": "unauthorized", "clientDisplayName": "nul\x00name"},
                           "message": "unauthorized conn=n1 remote=127.0.0.1 client=nul\x00name cli v0.1.0 "
                                      "role=operator reason=token_mismatch"}))

# the console's own files
put("files", '{"version":1,"services":[{"name":"build-bot","deviceId":"' + "a" * 64 +
    '","scopes":["operator.read","operator.write"],"expires":"2027-01-31","note":"CI"}]}')
put("files", '{"version":1,"services":[{"name":"svc","clientId":"cli","mode":"cli",'
    '"displayName":"svc","scopes":["operator.read"],"expires":"2027-01-31T10:00:00.5+02:00"}]}')
put("files", '{"version":1,"alg":"ed25519","publicKey":"' + "A" * 43 + '","secretKey":"' +
    "B" * 43 + '"}')
put("files", '{"version":1,"tokens":[{"url":"ws://127.0.0.1:18789","deviceId":'
    '"56f08e8ce2f97afba541293d4f3a2d6b190c85e5814b79b4ae83a5df3310ead7","token":"tok",'
    '"role":"operator","scopes":["operator.read"],"issuedAtMs":1,"platform":"linux",'
    '"deviceFamily":"Desktop"}]}')
put("files", "// config\n{gateway: {auth: {token: 'abc', mode: \"token\",},}, /* c */ a: [1,2,],}\n")
put("files", "{\"gateway\":{\"auth\":{\"token\":\"0123456789abcdef\"}}}")
put("files", "s3cr3t-token\n")
