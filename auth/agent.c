#include "auth/agent.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth/addr.h"
#include "auth/err.h"
#include "auth/identity.h"
#include "auth/scopes.h"
#include "auth/trusted.h"

const char *
agent_verdict_name(enum agent_verdict v)
{
	switch (v) {
	case AGENT_APPROVE: return "approve";
	case AGENT_FLAG: return "flag";
	case AGENT_IGNORE: return "ignore";
	}
	return "?";
}

/* Only a loopback address the gateway reported counts.  A missing one proves nothing: the
 * gateway leaves remoteIp out for a loopback socket with a foreign Host header, which
 * it logs as "treating it as remote" (issue #13), just as for any other loopback peer. */
int
agent_ip_is_local(const char *ip)
{
	return addr_is_loopback_ip(ip);
}

int
agent_key_matches_id(const char *pk, const char *device_id)
{
	unsigned char raw[64];
	char hex[65];
	size_t len = 0;

	if (!pk || !device_id || !*pk)
		return 0;
	if (sodium_base642bin(raw, sizeof(raw), pk, strlen(pk), NULL, &len, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || len != 32)
		return 0;
	identity_device_id(raw, hex);
	return strcmp(hex, device_id) == 0;
}

static bool
agent_streq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* Append s to out (comma-separated). */
static void
agent_append(char *out, size_t size, const char *s)
{
	size_t n = strlen(out);

	snprintf(out + n, size - n, "%s%s", n ? "," : "", s);
}

/* Check everything but the match itself; fills d and returns the verdict. */
static enum agent_verdict
agent_check(const struct agent_request *r, const struct trusted_entry *e, bool pinned,
	    int64_t now_ms, struct agent_decision *d)
{
	char ceiling[200] = "", granted[200];
	struct grant beyond;

	snprintf(d->entry, sizeof(d->entry), "%s", e->name);
	if (!agent_key_matches_id(r->public_key, r->device_id)) {
		snprintf(d->reason, sizeof(d->reason), "public key does not match device id (entry %s)",
			 e->name);
		return d->verdict = AGENT_FLAG;
	}
	if (!agent_streq(r->role, "operator")) {
		snprintf(d->reason, sizeof(d->reason), "role %.40s is not operator (entry %s)",
			 r->role ? r->role : "(none)", e->name);
		return d->verdict = AGENT_FLAG;
	}
	for (size_t i = 0; i < r->n_roles; i++)
		if (!agent_streq(r->roles[i], "operator")) {
			snprintf(d->reason, sizeof(d->reason), "also asks for role %.40s (entry %s)",
				 r->roles[i] ? r->roles[i] : "?", e->name);
			return d->verdict = AGENT_FLAG;
		}
	if (trusted_is_expired(e, now_ms)) {
		snprintf(d->reason, sizeof(d->reason), "entry %s expired (%s)", e->name, e->expires);
		return d->verdict = AGENT_FLAG;
	}
	if (!pinned && !agent_ip_is_local(r->remote_ip)) {
		if (r->remote_ip && *r->remote_ip)
			snprintf(d->reason, sizeof(d->reason),
				 "unpinned entry %s applies to loopback only; request came from %.64s",
				 e->name, r->remote_ip);
		else
			snprintf(d->reason, sizeof(d->reason),
				 "unpinned entry %s applies to loopback only; the gateway reported no "
				 "address for this request, which does not prove loopback (pin its "
				 "device id instead)", e->name);
		return d->verdict = AGENT_FLAG;
	}
	for (size_t k = 0; k < e->n_scopes; k++)
		agent_append(ceiling, sizeof(ceiling), e->scopes[k]);
	/* What the request itself names comes first: a scope too long for the grant table
	 * makes the grant unknown, but the reason to give is the scope, not a repair. */
	{
		char asked[200] = "";

		for (size_t i = 0; i < r->n_scopes; i++) {
			bool ok = false;

			for (size_t k = 0; k < e->n_scopes && !ok; k++)
				ok = r->scopes[i] && scopes_satisfies(e->scopes[k], r->scopes[i]);
			if (!ok)
				agent_append(asked, sizeof(asked), r->scopes[i] ? r->scopes[i] : "?");
		}
		if (asked[0] && d->grant.unknown) {
			snprintf(d->reason, sizeof(d->reason), "asks for %s beyond the ceiling %s of entry %s",
				 asked, ceiling, e->name);
			return d->verdict = AGENT_FLAG;
		}
	}
	if (d->grant.unknown) {
		snprintf(d->reason, sizeof(d->reason),
			 "repair of a paired device whose record is not known: cannot tell what "
			 "approval restores (entry %s)", e->name);
		return d->verdict = AGENT_FLAG;
	}
	/* the effective grant, not the request: a repair brings back what the record held */
	memset(&beyond, 0, sizeof(beyond));
	for (size_t i = 0; i < d->grant.n; i++) {
		const struct grant_scope *s = &d->grant.v[i];
		bool ok = false;

		for (size_t k = 0; k < e->n_scopes && !ok; k++)
			ok = scopes_satisfies(e->scopes[k], s->name);
		if (!ok && beyond.n < GRANT_MAX_SCOPES)
			beyond.v[beyond.n++] = *s;
	}
	if (beyond.n) {
		char asked[200], back[200], held[200];

		grant_format(&beyond, GRANT_REQUESTED, asked, sizeof(asked));
		grant_format(&beyond, GRANT_RESTORED, back, sizeof(back));
		grant_format(&beyond, GRANT_KEPT, held, sizeof(held));
		if (asked[0])
			snprintf(d->reason, sizeof(d->reason), "asks for %s beyond the ceiling %s of entry %s%s%s",
				 asked, ceiling, e->name, back[0] ? "; approval would also restore " : "", back);
		else if (back[0])
			snprintf(d->reason, sizeof(d->reason),
				 "approval would restore %s beyond the ceiling %s of entry %s", back, ceiling,
				 e->name);
		else
			snprintf(d->reason, sizeof(d->reason),
				 "approval would re-issue %s, held by its live token, beyond the ceiling %s of "
				 "entry %s", held, ceiling, e->name);
		return d->verdict = AGENT_FLAG;
	}
	snprintf(d->reason, sizeof(d->reason), "%s entry %s: %s [%s] within ceiling %s",
		 pinned ? "pinned" : "unpinned (weaker, loopback)", e->name,
		 d->grant.repair ? "effective grant of the repair" : "scopes",
		 grant_join(&d->grant, granted, sizeof(granted)), ceiling);
	return d->verdict = AGENT_APPROVE;
}

void
agent_decide(const struct agent_request *r, const struct trusted_list *l, int64_t now_ms,
	     struct agent_decision *d)
{
	struct agent_decision first_flag;
	bool flagged = false;

	memset(d, 0, sizeof(*d));
	memset(&first_flag, 0, sizeof(first_flag));
	d->verdict = AGENT_IGNORE;
	grant_effective(r->scopes, r->n_scopes, r->is_repair, r->paired, &d->grant);
	/* 1. a pinned entry for this device id decides alone */
	for (size_t i = 0; i < l->n; i++) {
		const struct trusted_entry *e = &l->v[i];

		if (e->device_id[0] && agent_streq(e->device_id, r->device_id)) {
			if (e->display_name[0] && !agent_streq(e->display_name, r->display_name)) {
				snprintf(d->entry, sizeof(d->entry), "%s", e->name);
				snprintf(d->reason, sizeof(d->reason),
					 "display name does not match entry %s", e->name);
				d->verdict = AGENT_FLAG;
				return;
			}
			agent_check(r, e, true, now_ms, d);
			return;
		}
	}
	/* 2. unpinned entries: client id, mode and display name as given, loopback only */
	for (size_t i = 0; i < l->n; i++) {
		const struct trusted_entry *e = &l->v[i];
		struct agent_decision t;

		if (!e->client_id[0] || !agent_streq(e->client_id, r->client_id) ||
		    (e->mode[0] && !agent_streq(e->mode, r->client_mode)) ||
		    (e->display_name[0] && !agent_streq(e->display_name, r->display_name)))
			continue;
		memset(&t, 0, sizeof(t));
		t.grant = d->grant;
		if (agent_check(r, e, false, now_ms, &t) == AGENT_APPROVE) {
			*d = t;
			return;
		}
		if (!flagged) {
			first_flag = t;
			flagged = true;
		}
	}
	if (flagged) {
		*d = first_flag;
		return;
	}
	/* 3. another key presenting itself under a pinned entry's display name */
	for (size_t i = 0; i < l->n; i++) {
		const struct trusted_entry *e = &l->v[i];

		if (e->device_id[0] && e->display_name[0] &&
		    agent_streq(e->display_name, r->display_name)) {
			snprintf(d->entry, sizeof(d->entry), "%s", e->name);
			snprintf(d->reason, sizeof(d->reason),
				 "pinned key mismatch: entry %s pins device %.12s…, this request is "
				 "device %.12s…", e->name, e->device_id,
				 r->device_id ? r->device_id : "(none)");
			d->verdict = AGENT_FLAG;
			return;
		}
	}
}

void
agent_format_time(int64_t ms, char *out, size_t size)
{
	int64_t days = ms >= 0 ? ms / 86400000 : (ms - 86399999) / 86400000;
	int64_t rem = ms - days * 86400000;
	int64_t z = days + 719468, era, doe, yoe, doy, mp, y, m, d;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", (int)y, (int)m, (int)d,
		 (int)(rem / 3600000), (int)(rem / 60000 % 60), (int)(rem / 1000 % 60),
		 (int)(rem % 1000));
}

static int
agent_write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = ENOSPC;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static json_t *
agent_str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* Append one record (ending in '\n') to the locked audit log fd of size `size` and
 * fsync it.  A torn last line left by an earlier failure gets its newline first, so it
 * never runs into this record.  0, or -1 with errno set. */
static int
agent_audit_write(int fd, off_t size, const char *rec, size_t len)
{
	char last = '\n';

	if (size > 0 && pread(fd, &last, 1, size - 1) != 1)
		return -1;
	if (last != '\n' && agent_write_all(fd, "\n", 1) != 0)
		return -1;
	if (agent_write_all(fd, rec, len) != 0)
		return -1;
	return fsync(fd);
}

int
agent_audit_append(const char *path, int64_t now_ms, const struct agent_request *r,
		   const struct grant *g, const char *entry, const char *decision, const char *reason,
		   struct oc_err *err)
{
	json_t *o = json_object(), *sc = json_array(), *eff = g ? json_array() : NULL;
	char ts[40], *line;
	struct stat st;
	size_t len;
	int fd, rc;

	if (!o || !sc || (g && !eff)) {
		json_decref(o);
		json_decref(sc);
		json_decref(eff);
		return oc_errf(err, "out of memory");
	}
	agent_format_time(now_ms, ts, sizeof(ts));
	for (size_t i = 0; i < r->n_scopes; i++)
		if (r->scopes[i])
			json_array_append_new(sc, json_string(r->scopes[i]));
	json_object_set_new(o, "ts", json_string(ts));
	json_object_set_new(o, "requestId", agent_str_or_null(r->request_id));
	json_object_set_new(o, "deviceId", agent_str_or_null(r->device_id));
	json_object_set_new(o, "clientId", agent_str_or_null(r->client_id));
	json_object_set_new(o, "entry", agent_str_or_null(entry && *entry ? entry : NULL));
	json_object_set_new(o, "decision", json_string(decision));
	json_object_set_new(o, "scopes", sc);
	if (g) {
		/* what approval makes the device hold; null when it cannot be known */
		for (size_t i = 0; i < g->n; i++)
			json_array_append_new(eff, json_string(g->v[i].name));
		if (g->unknown) {
			json_decref(eff);
			eff = json_null();
		}
		json_object_set_new(o, "grant", eff);
	}
	json_object_set_new(o, "reason", json_string(reason ? reason : ""));
	line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	json_decref(o);
	if (!line)
		return oc_errf(err, "out of memory");
	len = strlen(line);
	line[len] = '\n';	/* json_dumps' NUL becomes the newline: one record, one line */
	/* read-write only to look at the last byte; every write appends */
	fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		int saved = errno;

		free(line);
		return oc_errf(err, "cannot open audit log %s: %s", path, strerror(saved));
	}
	/* The TUI's agent and a headless one may share a state dir: one writer at a time,
	 * so the end-of-file checks below and a failed append's cut see only our record. */
	while (flock(fd, LOCK_EX) != 0 && errno == EINTR)
		;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 077)) {
		close(fd);
		free(line);
		return oc_errf(err, "refusing audit log %s: must be a regular file owned by you with "
			       "mode 0600 (chmod 600 %s)", path, path);
	}
	rc = agent_audit_write(fd, st.st_size, line, len + 1);
	free(line);
	if (rc != 0) {
		int saved = errno;

		/* Cut what part of the record made it, so the log never holds half a decision;
		 * if even that fails, the next append starts on a fresh line. */
		if (ftruncate(fd, st.st_size) == 0)
			(void)fsync(fd);
		close(fd);
		return oc_errf(err, "cannot write audit log %s: %s", path, strerror(saved));
	}
	if (st.st_size == 0) {
		/* a new file: its directory entry must be durable too */
		char dir[4096] = ".";
		const char *slash = strrchr(path, '/');
		int dfd;

		if (slash)
			snprintf(dir, sizeof(dir), "%.*s", slash == path ? 1 : (int)(slash - path), path);
		dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			(void)fsync(dfd);
			close(dfd);
		}
	}
	if (close(fd) != 0)
		return oc_errf(err, "cannot write audit log %s: %s", path, strerror(errno));
	return 0;
}
