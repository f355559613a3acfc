#!/usr/bin/env python3
"""memscan.py PID SECRETS_FILE: where in process PID's memory do the secrets appear?

SECRETS_FILE holds one secret a line (never argv: it would be visible in /proc).  Every
readable mapping of PID is read through /proc/PID/mem and searched for every 16-byte
window of every secret, so a copy whose first bytes free() overwrote with its free-list
pointers is still found.  One line per hit region, never the secret itself:

    hit secret=N region=START-END PERMS [PATH] guarded=yes|no

guarded=yes: how libsodium's sodium_malloc lays out guarded memory: a read-write anonymous
mapping excluded from core dumps (VmFlags dd) with a small inaccessible (---p) guard
mapping directly below and above it.  (AddressSanitizer's heap regions also sit between
---p mappings, but those are huge reservations and not marked dd.)
Mappings over 1 GiB are skipped: they are address-space reservations (AddressSanitizer's
shadow memory), not data.
The last line is "scanned BYTES bytes in N mappings, H unguarded hit(s)".
Exit 0 when no unguarded hit, 1 when there is one, 2 when the memory cannot be read.
Only look at a process the caller started itself."""
import sys

WINDOW = 16
HUGE = 1 << 30


def mappings(pid):
    """(lo, hi, perms, path, dontdump) for every mapping, from /proc/PID/smaps."""
    out = []
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            if line.startswith("VmFlags:"):
                if out:
                    out[-1][4] = " dd" in line
                continue
            parts = line.split(None, 5)
            if len(parts) < 5 or "-" not in parts[0] or not parts[0].replace("-", "").isalnum() \
                    or parts[0].endswith(":"):
                continue
            try:
                lo, hi = (int(x, 16) for x in parts[0].split("-"))
            except ValueError:
                continue
            path = parts[5].strip() if len(parts) > 5 else ""
            out.append([lo, hi, parts[1], path, False])
    return out


def small_guard(m):
    return m is not None and m[2].startswith("---") and m[1] - m[0] <= 64 * 1024


def windows(secret):
    if len(secret) <= WINDOW:
        return [secret]
    return [secret[i:i + WINDOW] for i in range(len(secret) - WINDOW + 1)]


def main():
    pid = sys.argv[1]
    with open(sys.argv[2], "rb") as f:
        secrets = [s for s in f.read().split(b"\n") if s]
    if not secrets:
        print("memscan: no secrets given")
        return 2
    maps = mappings(pid)
    scanned = nmaps = unguarded = 0
    try:
        mem = open(f"/proc/{pid}/mem", "rb", buffering=0)
    except OSError as e:
        print(f"memscan: cannot open /proc/{pid}/mem: {e.strerror}")
        return 2
    with mem:
        for i, (lo, hi, perms, path, dontdump) in enumerate(maps):
            if perms[0] != "r" or path in ("[vvar]", "[vsyscall]", "[vvar_vclock]") or hi - lo > HUGE:
                continue
            try:
                mem.seek(lo)
                data = mem.read(hi - lo)
            except OSError:
                continue
            scanned += len(data)
            nmaps += 1
            below = maps[i - 1] if i > 0 else None
            above = maps[i + 1] if i + 1 < len(maps) else None
            guarded = (perms.startswith("rw") and path == "" and dontdump and
                       small_guard(below) and below[1] == lo and small_guard(above) and above[0] == hi)
            for n, s in enumerate(secrets):
                if any(w in data for w in windows(s)):
                    print(f"hit secret={n} region={lo:x}-{hi:x} {perms} {path} "
                          f"guarded={'yes' if guarded else 'no'}")
                    unguarded += 0 if guarded else 1
    if not nmaps:
        print(f"memscan: could not read any mapping of {pid}")
        return 2
    print(f"scanned {scanned} bytes in {nmaps} mappings, {unguarded} unguarded hit(s)")
    return 1 if unguarded else 0


if __name__ == "__main__":
    sys.exit(main())
