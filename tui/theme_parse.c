#include "tui/theme_parse.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/err.h"
#include "auth/fileio.h"

#define THEME_FILE_MAX (64 * 1024)

static const char *const colour_names[8] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

static const struct {
	const char *name;
	unsigned bit;
} attr_names[] = {
	{ "normal", 0 }, { "bold", TATTR_BOLD }, { "dim", TATTR_DIM }, { "reverse", TATTR_REVERSE },
	{ "underline", TATTR_UNDERLINE }, { "standout", TATTR_STANDOUT },
};

#define THEME_PARSE_SPEC_(id, name, fg, bg, attrs, mono) { name, fg, bg, attrs, mono },
static const struct {
	const char *name, *fg, *bg, *attrs, *mono;
} element_specs[EL_COUNT] = {
	THEME_ELEMENTS(THEME_PARSE_SPEC_)
};

int
theme_parse_colour(const char *name, int *out)
{
	if (strcmp(name, "default") == 0) {
		*out = THEME_COLOUR_DEFAULT;
		return 0;
	}
	for (int i = 0; i < 8; i++)
		if (strcmp(name, colour_names[i]) == 0) {
			*out = i;
			return 0;
		}
	if (strncmp(name, "color", 5) == 0 && name[5] >= '0' && name[5] <= '9' && strlen(name) <= 8) {
		char *end;
		long v = strtol(name + 5, &end, 10);

		if (*end == '\0' && v >= 0 && v <= 255 && !(name[5] == '0' && name[6])) {
			*out = (int)v;
			return 0;
		}
	}
	return -1;
}

int
theme_parse_attrs(const char *list, unsigned *out, size_t *bad)
{
	const char *p = list;

	*out = 0;
	while (*p) {
		size_t len, i;

		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		len = strcspn(p, ", \t");
		for (i = 0; i < sizeof(attr_names) / sizeof(attr_names[0]); i++)
			if (strlen(attr_names[i].name) == len && strncmp(p, attr_names[i].name, len) == 0)
				break;
		if (i == sizeof(attr_names) / sizeof(attr_names[0])) {
			if (bad)
				*bad = (size_t)(p - list);
			return -1;
		}
		*out |= attr_names[i].bit;
		p += len;
	}
	return 0;
}

enum element
theme_element_find(const char *name)
{
	for (int e = 0; e < EL_COUNT; e++)
		if (strcmp(element_specs[e].name, name) == 0)
			return (enum element)e;
	return EL_COUNT;
}

void
theme_defaults(struct theme *t)
{
	for (int e = 0; e < EL_COUNT; e++) {
		struct theme_style *s = &t->el[e];

		/* the element list is checked by tests/unit/test_theme.c, so these cannot fail */
		if (theme_parse_colour(element_specs[e].fg, &s->fg) < 0)
			s->fg = THEME_COLOUR_DEFAULT;
		if (theme_parse_colour(element_specs[e].bg, &s->bg) < 0)
			s->bg = THEME_COLOUR_DEFAULT;
		if (theme_parse_attrs(element_specs[e].attrs, &s->attrs, NULL) < 0)
			s->attrs = 0;
		if (theme_parse_attrs(element_specs[e].mono, &s->mono, NULL) < 0)
			s->mono = 0;
	}
}

/* Split line (modified in place) into at most max whitespace-separated words. */
static size_t
split_words(char *line, char **words, size_t max)
{
	size_t n = 0;
	char *p = line;

	while (n < max) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (!*p)
			break;
		words[n++] = p;
		p += strcspn(p, " \t\r");
		if (*p)
			*p++ = '\0';
	}
	return n;
}

/* A fileio_line_fn: ctx is the struct theme. */
static int
parse_line(void *ctx, char *line, const char *path, int lineno, struct oc_err *err)
{
	struct theme *t = ctx;
	char *w[16];
	size_t n;
	enum element el;
	struct theme_style s;
	char *hash = strchr(line, '#');

	if (hash)
		*hash = '\0';
	n = split_words(line, w, sizeof(w) / sizeof(w[0]));
	if (n == 0)
		return 0;
	if (strcmp(w[0], "color") != 0)
		return oc_errf(err, "%s:%d: unknown command \"%.40s\" (expected \"color\")", path, lineno, w[0]);
	if (n < 4)
		return oc_errf(err, "%s:%d: expected \"color ELEMENT FG BG [ATTR...]\"", path, lineno);
	el = theme_element_find(w[1]);
	if (el == EL_COUNT)
		return oc_errf(err, "%s:%d: unknown element \"%.40s\"", path, lineno, w[1]);
	s = t->el[el];
	if (theme_parse_colour(w[2], &s.fg) < 0)
		return oc_errf(err, "%s:%d: unknown colour \"%.40s\"", path, lineno, w[2]);
	if (theme_parse_colour(w[3], &s.bg) < 0)
		return oc_errf(err, "%s:%d: unknown colour \"%.40s\"", path, lineno, w[3]);
	s.attrs = 0;
	for (size_t i = 4; i < n; i++) {
		unsigned bits;
		size_t bad = 0;

		if (theme_parse_attrs(w[i], &bits, &bad) < 0)
			return oc_errf(err, "%s:%d: unknown attribute \"%.*s\"", path, lineno,
				       (int)strcspn(w[i] + bad, ","), w[i] + bad);
		s.attrs |= bits;
	}
	if (n == sizeof(w) / sizeof(w[0]))
		return oc_errf(err, "%s:%d: too many words", path, lineno);
	t->el[el] = s;
	return 0;
}

int
theme_parse_buf(struct theme *t, const char *text, const char *path, struct oc_err *err)
{
	return fileio_each_line(text, 512, path, parse_line, t, err);
}

int
theme_parse_file(struct theme *t, const char *path, struct oc_err *err)
{
	/* Owned by us or root (the built-in themes) and not writable by group/other:
	 * a theme another user controls is refused like a config file. */
	int rc = fileio_read_lines_trusted(path, THEME_FILE_MAX, 512, parse_line, t, err);

	if (rc == 0)
		return oc_errf(err, "%s: %s", path, strerror(ENOENT));
	return rc < 0 ? -1 : 0;
}

static bool
is_path_spec(const char *spec)
{
	size_t len = strlen(spec);

	return strchr(spec, '/') || (len > 6 && strcmp(spec + len - 6, ".theme") == 0);
}

static bool
readable(const char *path)
{
	return access(path, R_OK) == 0;
}

int
theme_locate(const char *spec, const char *config_dir, const char *const *dirs, char *out,
	     size_t size, struct oc_err *err)
{
	int n;

	if (!spec || !*spec)
		spec = "default";
	if (is_path_spec(spec)) {
		n = snprintf(out, size, "%s", spec);
		if (n < 0 || (size_t)n >= size)
			return oc_errf(err, "theme path too long");
		return 1;
	}
	for (const char *c = spec; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		      *c == '-' || *c == '_' || *c == '.'))
			return oc_errf(err, "bad theme name \"%.40s\" (letters, digits, - _ . only)", spec);
	if (config_dir && *config_dir) {
		n = snprintf(out, size, "%s/themes/%s.theme", config_dir, spec);
		if (n > 0 && (size_t)n < size && readable(out))
			return 1;
	}
	for (size_t i = 0; dirs && dirs[i]; i++) {
		n = snprintf(out, size, "%s/%s.theme", dirs[i], spec);
		if (n > 0 && (size_t)n < size && readable(out))
			return 1;
	}
	if (strcmp(spec, "default") == 0) {
		out[0] = '\0';
		return 0;
	}
	return oc_errf(err, "unknown theme \"%.40s\" (no %s.theme in %s/themes or the built-in themes)",
		       spec, spec, config_dir && *config_dir ? config_dir : "the config dir");
}

/* The xterm palette entry of c (0..255) as r, g, b. */
static void
xterm_rgb(int c, int rgb[3])
{
	static const int base[16][3] = {
		{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 },
		{ 0, 0, 238 }, { 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 },
		{ 127, 127, 127 }, { 255, 0, 0 }, { 0, 255, 0 }, { 255, 255, 0 },
		{ 92, 92, 255 }, { 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 },
	};
	static const int level[6] = { 0, 95, 135, 175, 215, 255 };

	if (c < 16) {
		memcpy(rgb, base[c], sizeof(base[c]));
	} else if (c < 232) {
		c -= 16;
		rgb[0] = level[c / 36];
		rgb[1] = level[(c / 6) % 6];
		rgb[2] = level[c % 6];
	} else {
		rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (c - 232);
	}
}

int
theme_downgrade(int c, int colors)
{
	int want[3], best = 0;
	long best_d = -1;
	int limit = colors >= 16 ? 16 : 8;

	if (c < 0 || c < colors || colors <= 0)
		return c < 0 || colors <= 0 ? THEME_COLOUR_DEFAULT : c;
	xterm_rgb(c > 255 ? 255 : c, want);
	for (int i = 0; i < limit; i++) {
		int rgb[3];
		long d = 0;

		xterm_rgb(i, rgb);
		for (int k = 0; k < 3; k++)
			d += (long)(rgb[k] - want[k]) * (rgb[k] - want[k]);
		if (best_d < 0 || d < best_d) {
			best_d = d;
			best = i;
		}
	}
	return best;
}
