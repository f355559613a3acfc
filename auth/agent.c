#include "auth/agent.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth/addr.h"
#include "auth/err.h"
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
	unsigned char raw[64], hash[crypto_hash_sha256_BYTES];
	char hex[crypto_hash_sha256_BYTES * 2 + 1];
	size_t len = 0;

	if (!pk || !device_id || !*pk)
		return 0;
	if (sodium_base642bin(raw, sizeof(raw), pk, strlen(pk), NULL, &len, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || len != 32)
		return 0;
	crypto_hash_sha256(hash, raw, len);
	sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
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
	char beyond[200] = "", ceiling[200] = "", asked[200] = "";

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
	for (size_t i = 0; i < r->n_scopes; i++) {
		bool ok = false;

		for (size_t k = 0; k < e->n_scopes && !ok; k++)
			ok = r->scopes[i] && scopes_satisfies(e->scopes[k], r->scopes[i]);
		if (!ok)
			agent_append(beyond, sizeof(beyond), r->scopes[i] ? r->scopes[i] : "?");
		else
			agent_append(asked, sizeof(asked), r->scopes[i]);
	}
	if (beyond[0]) {
		snprintf(d->reason, sizeof(d->reason), "asks for %s beyond the ceiling %s of entry %s",
			 beyond, ceiling, e->name);
		return d->verdict = AGENT_FLAG;
	}
	snprintf(d->reason, sizeof(d->reason), "%s entry %s: scopes [%s] within ceiling %s",
		 pinned ? "pinned" : "unpinned (weaker, loopback)", e->name, asked, ceiling);
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

static json_t *
agent_str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

int
agent_audit_append(const char *path, int64_t now_ms, const struct agent_request *r,
		   const char *entry, const char *decision, const char *reason, struct oc_err *err)
{
	json_t *o = json_object(), *sc = json_array();
	char ts[40], *line;
	struct stat st;
	size_t len;
	ssize_t w;
	int fd;

	if (!o || !sc) {
		json_decref(o);
		json_decref(sc);
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
	json_object_set_new(o, "reason", json_string(reason ? reason : ""));
	line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	json_decref(o);
	if (!line)
		return oc_errf(err, "out of memory");
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		int saved = errno;

		free(line);
		return oc_errf(err, "cannot open audit log %s: %s", path, strerror(saved));
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 077)) {
		close(fd);
		free(line);
		return oc_errf(err, "refusing audit log %s: must be a regular file owned by you with "
			       "mode 0600 (chmod 600 %s)", path, path);
	}
	len = strlen(line);
	line[len] = '\n';	/* json_dumps' NUL becomes the newline: one write per record */
	w = write(fd, line, len + 1);
	free(line);
	if (w != (ssize_t)(len + 1)) {
		int saved = errno;

		close(fd);
		return oc_errf(err, "cannot write audit log %s: %s", path,
			       w < 0 ? strerror(saved) : "short write");
	}
	if (close(fd) != 0)
		return oc_errf(err, "cannot write audit log %s: %s", path, strerror(errno));
	return 0;
}
