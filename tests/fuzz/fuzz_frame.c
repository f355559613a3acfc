/* libFuzzer target: one gateway text message through everything that reads frames:
 * frame_parse, then (events) model_apply_event on a model seeded by the same payload,
 * (responses) session_parse_response, model_set_presence / model_set_pairing, the row
 * index and the --json forms; a refused frame through frame_peek.  Every string the model
 * keeps must already be safe to draw. */
#include "tests/fuzz/fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "auth/err.h"
#include "net/frame.h"
#include "net/model.h"
#include "net/rows.h"
#include "net/session.h"
#include "net/text.h"

/* True when s contains a byte that would let it move the cursor or change the terminal. */
static int
fuzz_frame_unsafe(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s)
		return 0;
	for (; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return 1;
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return 1;	/* C1 control, CSI (U+009B) among them */
	}
	return 0;
}

static void
fuzz_frame_check_model(const struct model *m)
{
	size_t i;

	for (i = 0; i < m->n_presence; i++) {
		const struct presence_row *r = &m->presence[i];

		if (fuzz_frame_unsafe(r->client_id) || fuzz_frame_unsafe(r->host) ||
		    fuzz_frame_unsafe(r->instance_id) || fuzz_frame_unsafe(r->text) ||
		    fuzz_frame_unsafe(r->reason) || fuzz_frame_unsafe(r->platform))
			abort();
	}
	for (i = 0; i < m->n_pending; i++) {
		const struct pending_req *r = &m->pending[i];

		if (fuzz_frame_unsafe(r->display_name) || fuzz_frame_unsafe(r->client_id) ||
		    fuzz_frame_unsafe(r->request_id) || fuzz_frame_unsafe(r->remote_ip))
			abort();
	}
	for (i = 0; i < m->n_paired; i++) {
		const struct paired_dev *d = &m->paired[i];

		if (fuzz_frame_unsafe(d->display_name) || fuzz_frame_unsafe(d->client_id) ||
		    fuzz_frame_unsafe(d->device_id) || fuzz_frame_unsafe(d->label))
			abort();
	}
}

/* Build every table view of m, sorted by each column, and render each cell. */
static void
fuzz_frame_rows(const struct model *m)
{
	enum rows_kind kinds[] = { ROWS_PRESENCE, ROWS_PENDING, ROWS_PAIRED };
	size_t k;

	for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		size_t ncol = 0, c, i;
		const struct rows_column *cols = rows_columns(kinds[k], &ncol);

		for (c = 0; c < ncol; c++) {
			struct rows_view v;

			memset(&v, 0, sizeof v);
			v.kind = kinds[k];
			v.sort_col = (int)c;
			v.descending = c & 1;
			v.live_only = c & 2;
			if (c == 1)
				snprintf(v.filter, sizeof v.filter, "a");
			if (rows_view_build(&v, m, 1795484769167LL) == 0) {
				for (i = 0; i < v.n; i++) {
					char buf[256];
					const void *row = rows_get(m, kinds[k], v.idx[i]);
					const char *t;

					if (!row)
						abort();
					t = cols[c].text(row, 1795484769167LL, buf, sizeof buf);
					if (!t || fuzz_frame_unsafe(t))
						abort();
				}
			}
			rows_view_free(&v);
		}
	}
}

static void
fuzz_frame_json(const struct model *m)
{
	size_t i;

	for (i = 0; i < m->n_presence; i++)
		json_decref(model_presence_json(&m->presence[i]));
	for (i = 0; i < m->n_pending; i++)
		json_decref(model_pending_json(&m->pending[i]));
	for (i = 0; i < m->n_paired; i++)
		json_decref(model_paired_json(&m->paired[i]));
}

static int
fuzz_frame_one(const uint8_t *data, size_t size)
{
	struct frame f;
	struct oc_err err;
	struct model m;
	FILE *devnull;

	if (sodium_init() < 0)
		return 0;
	memset(&f, 0, sizeof f);
	memset(&m, 0, sizeof m);
	if (frame_parse((const char *)data, size, &f, &err) != 0) {
		char type[16], id[40];

		if (strlen(err.msg) >= sizeof err.msg)
			abort();
		/* a refused frame's envelope is still read (client.c names its request) */
		frame_peek((const char *)data, size, type, sizeof type, id, sizeof id);
		if (fuzz_frame_unsafe(type) || fuzz_frame_unsafe(id) || strlen(id) >= sizeof id)
			abort();
		return 0;
	}
	if (f.type == FRAME_EVENT) {
		/* seed from the same payload so refresh/remove paths run too */
		if (json_is_object(f.payload)) {
			const json_t *pres = json_object_get(f.payload, "presence");

			if (json_is_array(pres))
				model_set_presence(&m, pres);
			model_set_pairing(&m, f.payload, 1000);
		}
		model_apply_event(&m, &f, 2000);
		model_apply_event(&m, &f, 3000);
		model_expire_pending(&m, 400000, 300000);
	} else if (f.type == FRAME_RES) {
		struct session_result r;
		char line[512];

		session_parse_response(&f, &r);
		session_describe(&r, line, sizeof line);
		if (fuzz_frame_unsafe(line) || fuzz_frame_unsafe(r.message) ||
		    fuzz_frame_unsafe(r.remediation) || fuzz_frame_unsafe(r.server_version))
			abort();
		session_next_step(&r, SESSION_AUTH_DEVICE_TOKEN, true);
		session_exit_code(&r);
		session_result_clear(&r);
		if (json_is_array(f.payload))
			model_set_presence(&m, f.payload);
		else if (json_is_object(f.payload)) {
			const json_t *snap = json_object_get(f.payload, "snapshot");

			model_set_pairing(&m, f.payload, 1000);
			if (json_is_object(snap) && json_is_array(json_object_get(snap, "presence")))
				model_set_presence(&m, json_object_get(snap, "presence"));
		}
	}
	fuzz_frame_check_model(&m);
	fuzz_frame_rows(&m);
	fuzz_frame_json(&m);
	devnull = fopen("/dev/null", "w");
	if (devnull) {
		model_dump(&m, devnull);
		fclose(devnull);
	}
	model_take_changes(&m);
	model_free(&m);
	frame_free(&f);

	/* the sanitiser on its own, over the raw bytes */
	{
		char *s = malloc(size + 1), out[300];

		if (s) {
			memcpy(s, data, size);
			s[size] = '\0';
			text_sanitize(s, out, sizeof out);
			if (fuzz_frame_unsafe(out))
				abort();
			text_sanitize(s, out, 1);
			free(text_sanitize_dup(s));
			/* and all of them, NULs included, as a JSON string's length gives them */
			text_sanitize_n(s, size, out, sizeof out);
			if (fuzz_frame_unsafe(out))
				abort();
			free(text_sanitize_dup_n(s, size));
			free(s);
		}
	}
	return 0;
}

#ifndef FUZZ_NO_MAIN
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_frame_one(data, size);
}
#endif
