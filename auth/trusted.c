#include "auth/trusted.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "auth/err.h"
#include "auth/fileio.h"
#include "auth/paths.h"
#include "auth/scopes.h"

#define TRUSTED_MAX_BYTES (1024 * 1024)

bool
trusted_is_device_id(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return i == 64;
}

static bool
trusted_name_ok(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '.' || s[i] == '_' || s[i] == '-'))
			return false;
	return i >= 1 && i <= 64;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static int64_t
trusted_days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
trusted_digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
trusted_parse_expiry(const char *text, int64_t *out_ms)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0, sign = 0;
	const char *p = text;
	int64_t days, ms;

	if (strlen(text) < 10 || trusted_digits(p, 4, &y) < 0 || p[4] != '-' ||
	    trusted_digits(p + 5, 2, &mo) < 0 || p[7] != '-' || trusted_digits(p + 8, 2, &d) < 0)
		return -1;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))))
		return -1;
	days = trusted_days_from_civil(y, mo, d);
	p += 10;
	if (!*p) {
		*out_ms = (days + 1) * 86400000LL;	/* valid through the end of that day */
		return 0;
	}
	if ((*p != 'T' && *p != ' ') || trusted_digits(p + 1, 2, &h) < 0 || p[3] != ':' ||
	    trusted_digits(p + 4, 2, &mi) < 0)
		return -1;
	p += 6;
	if (*p == ':') {
		if (trusted_digits(p + 1, 2, &sec) < 0)
			return -1;
		p += 3;
		if (*p == '.') {
			p++;
			if (*p < '0' || *p > '9')
				return -1;
			while (*p >= '0' && *p <= '9')
				p++;
		}
	}
	if (h > 23 || mi > 59 || sec > 60)
		return -1;
	if (*p == 'Z' && p[1] == '\0') {
		sign = 0;
	} else if ((*p == '+' || *p == '-') && strlen(p) == 6 && trusted_digits(p + 1, 2, &oh) == 0 &&
		   p[3] == ':' && trusted_digits(p + 4, 2, &om) == 0 && oh <= 23 && om <= 59) {
		sign = *p == '+' ? 1 : -1;
	} else {
		return -1;
	}
	ms = ((days * 24 + h) * 60 + mi) * 60000LL + sec * 1000LL;
	ms -= sign * (oh * 60 + om) * 60000LL;
	*out_ms = ms;
	return 0;
}

bool
trusted_is_expired(const struct trusted_entry *e, int64_t now_ms)
{
	return e->expires_ms != 0 && now_ms >= e->expires_ms;
}

int
trusted_validate_entry(struct trusted_entry *e, struct oc_err *err)
{
	if (!trusted_name_ok(e->name))
		return oc_errf(err, "service \"%.64s\": name must be 1-64 characters of A-Z a-z 0-9 . _ -",
			       e->name);
	if (e->device_id[0] && e->client_id[0])
		return oc_errf(err, "service \"%s\": give either deviceId (pinned) or clientId (unpinned), "
			       "not both", e->name);
	if (!e->device_id[0] && !e->client_id[0])
		return oc_errf(err, "service \"%s\": needs deviceId (pinned, recommended) or clientId",
			       e->name);
	if (e->device_id[0] && !trusted_is_device_id(e->device_id))
		return oc_errf(err, "service \"%s\": bad device id \"%.70s\" (expected 64 lowercase hex "
			       "characters, the SHA-256 of the public key)", e->name, e->device_id);
	if (e->device_id[0] && e->mode[0])
		return oc_errf(err, "service \"%s\": mode applies only to clientId entries", e->name);
	if (e->n_scopes == 0)
		return oc_errf(err, "service \"%s\": scopes must list at least one scope", e->name);
	for (size_t i = 0; i < e->n_scopes; i++)
		if (!scopes_is_known(e->scopes[i]))
			return oc_errf(err, "service \"%s\": unknown scope \"%s\"", e->name, e->scopes[i]);
	e->expires_ms = 0;
	if (e->expires[0] && trusted_parse_expiry(e->expires, &e->expires_ms) < 0)
		return oc_errf(err, "service \"%s\": bad expiry \"%s\" (expected YYYY-MM-DD or "
			       "YYYY-MM-DDTHH:MM:SSZ)", e->name, e->expires);
	return 0;
}

struct trusted_entry *
trusted_find(const struct trusted_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	return NULL;
}

int
trusted_add(struct trusted_list *l, const struct trusted_entry *e, struct oc_err *err)
{
	struct trusted_entry copy = *e, *v;

	if (trusted_validate_entry(&copy, err) < 0)
		return -1;
	if (trusted_find(l, copy.name))
		return oc_errf(err, "service \"%s\": duplicate name", copy.name);
	if (l->n >= TRUSTED_MAX_ENTRIES)
		return oc_errf(err, "too many trusted services (at most %d)", TRUSTED_MAX_ENTRIES);
	v = realloc(l->v, (l->n + 1) * sizeof(*v));
	if (!v)
		return oc_errf(err, "out of memory");
	l->v = v;
	l->v[l->n++] = copy;
	return 0;
}

int
trusted_remove(struct trusted_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0) {
			memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) * sizeof(l->v[0]));
			l->n--;
			return 1;
		}
	return 0;
}

void
trusted_free(struct trusted_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* Copy an optional string member into out; -1 (err filled) when it is not a string or too long. */
static int
trusted_get_str(json_t *o, const char *key, char *out, size_t size, const char *what, size_t idx,
		const char *name, struct oc_err *err)
{
	json_t *v = json_object_get(o, key);

	out[0] = '\0';
	if (!v)
		return 0;
	if (!json_is_string(v))
		return oc_errf(err, "%s: service %zu (\"%s\"): %s must be a string", what, idx + 1, name,
			       key);
	if (strlen(json_string_value(v)) >= size)
		return oc_errf(err, "%s: service %zu (\"%s\"): %s is too long (max %zu)", what, idx + 1,
			       name, key, size - 1);
	memcpy(out, json_string_value(v), strlen(json_string_value(v)) + 1);
	return 0;
}

static int
trusted_parse_entry(json_t *o, size_t idx, const char *what, struct trusted_entry *e,
		    struct oc_err *err)
{
	static const char *const allowed[] = { "name", "deviceId", "clientId", "mode", "displayName",
					       "scopes", "expires", "note" };
	json_t *name = json_object_get(o, "name"), *scopes, *s;
	const char *key;
	json_t *val;
	size_t i;
	struct oc_err sub = { "" };

	memset(e, 0, sizeof(*e));
	if (!json_is_object(o))
		return oc_errf(err, "%s: service %zu is not an object", what, idx + 1);
	if (!json_is_string(name) || !json_string_length(name))
		return oc_errf(err, "%s: service %zu has no name", what, idx + 1);
	snprintf(e->name, sizeof(e->name), "%s", json_string_value(name));
	json_object_foreach(o, key, val) {
		bool ok = false;

		for (i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
			ok = ok || strcmp(key, allowed[i]) == 0;
		if (!ok)
			return oc_errf(err, "%s: service \"%s\": unknown key \"%.40s\"", what, e->name, key);
	}
	if (strlen(json_string_value(name)) >= sizeof(e->name))
		return oc_errf(err, "%s: service %zu: name is too long (max 64)", what, idx + 1);
	if (trusted_get_str(o, "deviceId", e->device_id, sizeof(e->device_id), what, idx, e->name, err) < 0 ||
	    trusted_get_str(o, "clientId", e->client_id, sizeof(e->client_id), what, idx, e->name, err) < 0 ||
	    trusted_get_str(o, "mode", e->mode, sizeof(e->mode), what, idx, e->name, err) < 0 ||
	    trusted_get_str(o, "displayName", e->display_name, sizeof(e->display_name), what, idx,
			    e->name, err) < 0 ||
	    trusted_get_str(o, "expires", e->expires, sizeof(e->expires), what, idx, e->name, err) < 0 ||
	    trusted_get_str(o, "note", e->note, sizeof(e->note), what, idx, e->name, err) < 0)
		return -1;
	scopes = json_object_get(o, "scopes");
	if (!json_is_array(scopes))
		return oc_errf(err, "%s: service \"%s\": scopes must be an array of scope names", what,
			       e->name);
	if (json_array_size(scopes) > TRUSTED_MAX_SCOPES)
		return oc_errf(err, "%s: service \"%s\": too many scopes", what, e->name);
	json_array_foreach(scopes, i, s) {
		if (!json_is_string(s) || json_string_length(s) >= sizeof(e->scopes[0]))
			return oc_errf(err, "%s: service \"%s\": scopes[%zu] is not a scope name", what,
				       e->name, i);
		snprintf(e->scopes[e->n_scopes++], sizeof(e->scopes[0]), "%s", json_string_value(s));
	}
	if (trusted_validate_entry(e, &sub) < 0)
		return oc_errf(err, "%s: %s", what, sub.msg);
	return 0;
}

int
trusted_parse(const char *text, size_t len, const char *what, struct trusted_list *l,
	      struct oc_err *err)
{
	json_error_t jerr;
	json_t *root, *services, *ver, *o;
	struct trusted_list out = { NULL, 0 };
	size_t i;

	trusted_free(l);
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return oc_errf(err, "%s:%d: invalid JSON: %s", what, jerr.line, jerr.text);
	ver = json_object_get(root, "version");
	services = json_object_get(root, "services");
	if (!json_is_object(root) || !json_is_integer(ver) || json_integer_value(ver) != 1) {
		json_decref(root);
		return oc_errf(err, "%s: expected {\"version\":1,\"services\":[...]}", what);
	}
	if (!json_is_array(services)) {
		json_decref(root);
		return oc_errf(err, "%s: \"services\" must be an array", what);
	}
	json_array_foreach(services, i, o) {
		struct trusted_entry e;
		struct oc_err sub = { "" };

		if (trusted_parse_entry(o, i, what, &e, err) < 0 ||
		    (trusted_find(&out, e.name) &&
		     oc_errf(err, "%s: service \"%s\": duplicate name", what, e.name)) ||
		    trusted_add(&out, &e, &sub) < 0) {
			if (sub.msg[0])
				oc_errf(err, "%s: %s", what, sub.msg);
			trusted_free(&out);
			json_decref(root);
			return -1;
		}
	}
	json_decref(root);
	*l = out;
	return 0;
}

int
trusted_load(const char *path, struct trusted_list *l, struct oc_err *err)
{
	char *text = NULL;
	size_t len = 0;
	int r;

	trusted_free(l);
	r = fileio_read_private(path, TRUSTED_MAX_BYTES, &text, &len, err);
	if (r <= 0)
		return r;
	r = trusted_parse(text, len, path, l, err);
	free(text);
	return r;
}

int
trusted_entry_json(json_t *o, const struct trusted_entry *e)
{
	json_t *sc = json_array();

	if (!sc)
		return -1;
	if (e->device_id[0])
		json_object_set_new(o, "deviceId", json_string(e->device_id));
	if (e->client_id[0])
		json_object_set_new(o, "clientId", json_string(e->client_id));
	if (e->mode[0])
		json_object_set_new(o, "mode", json_string(e->mode));
	if (e->display_name[0])
		json_object_set_new(o, "displayName", json_string(e->display_name));
	for (size_t k = 0; k < e->n_scopes; k++)
		json_array_append_new(sc, json_string(e->scopes[k]));
	json_object_set_new(o, "scopes", sc);
	if (e->expires[0])
		json_object_set_new(o, "expires", json_string(e->expires));
	if (e->note[0])
		json_object_set_new(o, "note", json_string(e->note));
	return 0;
}

char *
trusted_dump(const struct trusted_list *l)
{
	json_t *root = json_object(), *arr = json_array();
	char *text = NULL;

	if (!root || !arr)
		goto out;
	json_object_set_new(root, "version", json_integer(1));
	json_object_set(root, "services", arr);
	for (size_t i = 0; i < l->n; i++) {
		json_t *o = json_object();

		if (!o || json_object_set_new(o, "name", json_string(l->v[i].name)) < 0 ||
		    trusted_entry_json(o, &l->v[i]) < 0) {
			json_decref(o);
			goto out;
		}
		json_array_append_new(arr, o);
	}
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (text) {
		size_t n = strlen(text);
		char *t = realloc(text, n + 2);

		if (!t) {
			free(text);
			text = NULL;
		} else {
			text = t;
			text[n] = '\n';
			text[n + 1] = '\0';
		}
	}
out:
	json_decref(arr);
	json_decref(root);
	return text;
}

int
trusted_save(const char *path, const struct trusted_list *l, struct oc_err *err)
{
	char *text = trusted_dump(l);
	int r;

	if (!text)
		return oc_errf(err, "out of memory");
	r = fileio_write_atomic(path, text, strlen(text), 0600, err);
	free(text);
	return r;
}

int
trusted_lock(const char *dir, int wait_ms, struct oc_err *err)
{
	char path[4096];
	int fd, waited = 0;

	if (paths_join(path, sizeof(path), dir, TRUSTED_LOCK_FILE) < 0)
		return oc_errf(err, "path too long: %s", dir);
	if (fileio_mkdir_private(dir, err) < 0)
		return -1;
	fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return oc_errf(err, "cannot open lock file %s: %s", path, strerror(errno));
	for (;;) {
		struct timespec ts = { 0, 50 * 1000000L };

		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return fd;
		if (errno != EWOULDBLOCK && errno != EINTR) {
			int saved = errno;

			close(fd);
			return oc_errf(err, "cannot lock %s: %s", path, strerror(saved));
		}
		if (waited >= wait_ms)
			break;
		nanosleep(&ts, NULL);
		waited += 50;
	}
	close(fd);
	return oc_errf(err, "%s/%s is being edited by another process (lock held: %s); try again",
		       dir, TRUSTED_FILE, path);
}

void
trusted_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}
