/* In-process scale benchmark (issue #8): 10,000 presence rows and 10,000 pairing events
 * as JSON text frames, fed through frame_parse + model_apply_event (the code path of real
 * frames); then the time to filter and sort a 10,000-row view (net/rows.h) and to draw one
 * frame of the real Connections view (tui/view_conns.c) into curses on /dev/null.
 * Every figure is min/median over several runs.  Usage: bench/scale [ROWS] [RUNS]. */
#include <malloc.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/err.h"
#include "net/frame.h"
#include "net/model.h"
#include "net/rows.h"
#include "tui/app.h"
#include "tui/curses.h"
#include "tui/theme.h"
#include "tui/view.h"

#define MAX_RUNS 64

static size_t rows_n = 10000;
static int runs = 7;

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Print "label  min  median  (runs)" for samples[0..n), in ms. */
static void
report(const char *label, double *s, int n)
{
	qsort(s, (size_t)n, sizeof(*s), cmp_double);
	printf("%-52s %10.3f %10.3f ms   (min, median of %d)\n", label, s[0],
	       n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2, n);
}

static void
die_oom(void)
{
	fprintf(stderr, "scale: out of memory\n");
	exit(1);
}

/* A growing text buffer. */
struct buf {
	char *s;
	size_t n, cap;
};

static void
buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int k;

	for (;;) {
		va_start(ap, fmt);
		k = vsnprintf(b->s ? b->s + b->n : NULL, b->s ? b->cap - b->n : 0, fmt, ap);
		va_end(ap);
		if (k < 0)
			die_oom();
		if (b->s && b->n + (size_t)k < b->cap)
			break;
		b->cap = (b->cap + (size_t)k + 1) * 2;
		if (!(b->s = realloc(b->s, b->cap)))
			die_oom();
	}
	b->n += (size_t)k;
}

static const char *const client_ids[] = { "openclaw-linux", "openclaw-tui", "cli", "gateway-client",
					  "openclaw-macos", "webchat" };
static const char *const modes[] = { "ui", "ui", "cli", "backend", "ui", "webchat" };

/* One presence event {"type":"event","event":"presence","payload":{"presence":[n rows]}},
 * shaped like the gateway's (tests/fixtures/frames/presence.event.json). */
static char *
make_presence_frame(size_t n, size_t *len, int64_t base_ms)
{
	struct buf b = { 0 };

	buf_printf(&b, "{\"type\":\"event\",\"event\":\"presence\",\"seq\":7,\"payload\":{\"presence\":[");
	for (size_t i = 0; i < n; i++) {
		size_t k = i % 6;

		buf_printf(&b, "%s{\"clientId\":\"%s\",\"mode\":\"%s\",\"user\":{\"id\":\"gateway-owner\"},"
			   "\"onlineSince\":%lld,\"roles\":[\"operator\"],\"scopes\":[\"operator.read\","
			   "\"operator.write\"],\"ts\":%lld,\"text\":\"Node: bench-%zu · mode %s\","
			   "\"host\":\"bench-%zu\",\"ip\":\"10.%zu.%zu.%zu\",\"version\":\"2026.9.6\","
			   "\"platform\":\"linux\",\"deviceFamily\":\"Desktop\",\"deviceId\":\"%016zx%048x\","
			   "\"instanceId\":\"inst-%zu\",\"reason\":\"%s\"}",
			   i ? "," : "", client_ids[k], modes[k], (long long)(base_ms - (int64_t)i * 1000),
			   (long long)(base_ms - (int64_t)i * 10), i, modes[k], i, (i >> 16) & 255,
			   (i >> 8) & 255, i & 255, i * 2654435761u, 0, i, i % 10 == 9 ? "disconnect" : "connect");
	}
	buf_printf(&b, "]}}");
	*len = b.n;
	return b.s;
}

/* One device.pair.requested event (tests/fixtures/frames/device.pair.requested.event.json). */
static char *
make_requested_frame(size_t i, size_t *len, int64_t base_ms)
{
	struct buf b = { 0 };
	size_t k = i % 6;

	buf_printf(&b, "{\"type\":\"event\",\"event\":\"device.pair.requested\",\"payload\":{"
		   "\"requestId\":\"%08zx-7893-43eb-893e-%012zx\",\"deviceId\":\"%016zx%048x\","
		   "\"publicKey\":\"RID38aFNl1rH4SXZeiyLxkEn1_ewIVxwYipIwP3RA48\",\"displayName\":\"bench-%zu\","
		   "\"platform\":\"linux\",\"clientId\":\"%s\",\"clientMode\":\"%s\",\"role\":\"operator\","
		   "\"roles\":[\"operator\"],\"scopes\":[\"operator.read\",\"operator.write\"],\"silent\":false,"
		   "\"isRepair\":false,\"ts\":%lld},\"seq\":%zu}",
		   i * 2654435761u, i, i * 40503u, 0, i, client_ids[k], modes[k],
		   (long long)(base_ms - (int64_t)i * 100), i + 1);
	*len = b.n;
	return b.s;
}

static size_t
heap_used(void)
{
	return mallinfo2().uordblks;
}

static void
apply_text(struct model *m, const char *text, size_t len, int64_t now)
{
	struct frame f;
	struct oc_err err;

	if (frame_parse(text, len, &f, &err) != 0) {
		fprintf(stderr, "scale: frame refused: %s\n", err.msg);
		exit(1);
	}
	model_apply_event(m, &f, now);
	frame_free(&f);
}

/* ===================================================================== Model */

static void
bench_presence(struct model *out, int64_t now)
{
	double parse[MAX_RUNS], apply[MAX_RUNS];
	size_t len, before, after = 0;
	char *text = make_presence_frame(rows_n, &len, now);

	printf("presence frame: %zu rows, %.1f MB of JSON\n", rows_n, (double)len / 1048576.0);
	for (int r = 0; r < runs; r++) {
		struct model m = { 0 };
		struct frame f;
		struct oc_err err;
		double t0, t1, t2;

		before = heap_used();
		t0 = now_ms();
		if (frame_parse(text, len, &f, &err) != 0) {
			fprintf(stderr, "scale: presence frame refused: %s\n", err.msg);
			exit(1);
		}
		t1 = now_ms();
		model_apply_event(&m, &f, now);
		t2 = now_ms();
		frame_free(&f);
		after = heap_used();
		parse[r] = t1 - t0;
		apply[r] = t2 - t1;
		if (m.n_presence != rows_n) {
			fprintf(stderr, "scale: model has %zu presence rows, want %zu\n", m.n_presence, rows_n);
			exit(1);
		}
		if (r == runs - 1) {
			*out = m;
			printf("%-52s %10.0f bytes/row (%zu rows, %.1f MB)\n", "  model memory per presence row",
			       (double)(after - before) / (double)rows_n, rows_n,
			       (double)(after - before) / 1048576.0);
		} else {
			model_free(&m);
		}
	}
	{
		char l[96];

		snprintf(l, sizeof(l), "  frame_parse (one %zu-row presence event)", rows_n);
		report(l, parse, runs);
		snprintf(l, sizeof(l), "  model_apply_event (one %zu-row presence event)", rows_n);
		report(l, apply, runs);
	}
	free(text);
}

static void
bench_requested(struct model *out, int64_t now)
{
	double total[MAX_RUNS], parse_only[MAX_RUNS];
	char **texts = calloc(rows_n, sizeof(*texts));
	size_t *lens = calloc(rows_n, sizeof(*lens));
	size_t before, after;

	if (!texts || !lens)
		die_oom();
	for (size_t i = 0; i < rows_n; i++)
		texts[i] = make_requested_frame(i, &lens[i], now);
	for (int r = 0; r < runs; r++) {
		struct model m = { 0 };
		double t0;

		t0 = now_ms();
		for (size_t i = 0; i < rows_n; i++) {
			struct frame f;
			struct oc_err err;

			if (frame_parse(texts[i], lens[i], &f, &err) != 0)
				exit(1);
			frame_free(&f);
		}
		parse_only[r] = now_ms() - t0;
		before = heap_used();
		t0 = now_ms();
		for (size_t i = 0; i < rows_n; i++)
			apply_text(&m, texts[i], lens[i], now);
		total[r] = now_ms() - t0;
		after = heap_used();
		if (m.n_pending != rows_n) {
			fprintf(stderr, "scale: model has %zu pending, want %zu\n", m.n_pending, rows_n);
			exit(1);
		}
		if (r == runs - 1) {
			*out = m;
			printf("%-52s %10.0f bytes/row (incl. the seen-request set)\n",
			       "  model memory per pending request", (double)(after - before) / (double)rows_n);
		} else {
			model_free(&m);
		}
	}
	{
		char l[96];

		snprintf(l, sizeof(l), "  %zu device.pair.requested: frame_parse only", rows_n);
		report(l, parse_only, runs);
		snprintf(l, sizeof(l), "  %zu device.pair.requested: parse + apply", rows_n);
		report(l, total, runs);
	}
	for (size_t i = 0; i < rows_n; i++)
		free(texts[i]);
	free(texts);
	free(lens);
}

/* ===================================================================== Views */

static void
bench_view_build(const struct model *m, enum rows_kind kind, const char *label, const char *sort,
		 bool descending, const char *filter, int64_t now)
{
	double t[MAX_RUNS];
	struct rows_view v = { .kind = kind, .sort_col = -1 };
	char line[128];

	if (sort && (v.sort_col = rows_column_find(kind, sort)) < 0) {
		fprintf(stderr, "scale: no column %s\n", sort);
		exit(1);
	}
	v.descending = descending;
	snprintf(v.filter, sizeof(v.filter), "%s", filter ? filter : "");
	for (int r = 0; r < runs; r++) {
		double t0 = now_ms();

		if (rows_view_build(&v, m, now) != 0)
			die_oom();
		t[r] = now_ms() - t0;
	}
	snprintf(line, sizeof(line), "  %s (%zu shown)", label, v.n);
	report(line, t, runs);
	rows_view_free(&v);
}

/* Draw the real Connections view into curses on /dev/null, lines x cols, with the cursor
 * in the middle of the list; the second figure adds a full repaint to the (null) tty. */
static void
bench_render(struct app *a, int lines, int cols, bool detail)
{
	double draw[MAX_RUNS], flush[MAX_RUNS];
	struct view v = { 0 };
	struct canvas c = { 1, 0, lines - 2, cols };	/* the app's header and status lines */
	char label[96];

	v.ops = &conns_view_ops;
	v.app = a;
	v.first_row_y = -1;
	v.rv.kind = conns_view_ops.kind;
	v.rv.sort_col = -1;
	conns_view_ops.init(&v);
	view_rebuild(&v);
	v.sel = v.rv.n / 2;
	v.detail = detail;
	for (int r = 0; r < runs; r++) {
		double t0 = now_ms(), t1;

		erase();
		conns_view_ops.draw(&v, &c);
		t1 = now_ms();
		clearok(curscr, TRUE);
		wnoutrefresh(stdscr);
		doupdate();
		draw[r] = t1 - t0;
		flush[r] = now_ms() - t0;
		v.sel = (v.sel + 997) % (v.rv.n ? v.rv.n : 1);	/* a different page each run */
	}
	snprintf(label, sizeof(label), "  draw %s%dx%d (%zu rows, %d visible)", detail ? "+details " : "",
		 cols, lines, v.rv.n, v.page);
	report(label, draw, runs);
	snprintf(label, sizeof(label), "  draw + full repaint to the tty %s%dx%d", detail ? "+details " : "",
		 cols, lines);
	report(label, flush, runs);
	rows_view_free(&v.rv);
}

static void
bench_views(struct model *m, int64_t now)
{
	static const int sizes[][2] = { { 30, 100 }, { 50, 200 }, { 80, 300 } };
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	SCREEN *scr;
	struct app a;

	printf("views over %zu presence rows and %zu pending requests:\n", m->n_presence, m->n_pending);
	bench_view_build(m, ROWS_PRESENCE, "index, model order, live only", NULL, false, NULL, now);
	bench_view_build(m, ROWS_PRESENCE, "sort by client (text)", "client", false, NULL, now);
	bench_view_build(m, ROWS_PRESENCE, "sort by device (text), descending", "device", true, NULL, now);
	bench_view_build(m, ROWS_PRESENCE, "sort by since (timestamp)", "since", false, NULL, now);
	bench_view_build(m, ROWS_PRESENCE, "filter \"bench-4242\"", NULL, false, "bench-4242", now);
	bench_view_build(m, ROWS_PRESENCE, "filter \"tui\" + sort by client", "client", false, "tui", now);
	bench_view_build(m, ROWS_PENDING, "pending: sort by age", "age", false, NULL, now);
	bench_view_build(m, ROWS_PENDING, "pending: filter \"bench-77\" + sort by name", "name", false,
			 "bench-77", now);

	if (!out || !in) {
		fprintf(stderr, "scale: cannot open /dev/null\n");
		exit(1);
	}
	memset(&a, 0, sizeof(a));
	a.model = *m;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char env[16];

		snprintf(env, sizeof(env), "%d", sizes[i][0]);
		setenv("LINES", env, 1);
		snprintf(env, sizeof(env), "%d", sizes[i][1]);
		setenv("COLUMNS", env, 1);
		if (!(scr = newterm(getenv("TERM") && *getenv("TERM") ? NULL : "xterm-256color", out, in))) {
			fprintf(stderr, "scale: newterm failed (TERM=%s)\n", getenv("TERM"));
			exit(1);
		}
		set_term(scr);
		theme_init(false);
		bench_render(&a, LINES, COLS, false);
		bench_render(&a, LINES, COLS, true);
		endwin();
		delscreen(scr);
	}
	fclose(out);
	fclose(in);
}

int
main(int argc, char **argv)
{
	struct model pres = { 0 }, pend = { 0 }, both;
	struct timespec ts;
	int64_t now;

	if (argc > 1)
		rows_n = strtoul(argv[1], NULL, 10);
	if (argc > 2)
		runs = atoi(argv[2]);
	if (rows_n == 0 || runs < 1 || runs > MAX_RUNS) {
		fprintf(stderr, "usage: bench/scale [ROWS>0] [RUNS 1..%d]\n", MAX_RUNS);
		return 2;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	printf("bench/scale: %zu rows, %d runs each\n", rows_n, runs);
	bench_presence(&pres, now);
	bench_requested(&pend, now);
	both = pres;
	both.pending = pend.pending;
	both.n_pending = pend.n_pending;
	bench_views(&both, now);
	model_free(&pres);
	model_free(&pend);
	return 0;
}
