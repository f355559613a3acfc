/* Theme files: every file in themes/ loads and sets every element, the default theme file
 * matches the compiled-in one, each kind of error names its line, colours downgrade to
 * the nearest of 8/16, and user themes win over built-in ones.  tui/theme_parse.c is
 * curses-free, so it is compiled in here directly (the unit link has only the pure core). */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/unit/check.h"
#include "tests/unit/files.h"
#include "tui/theme_parse.c"

static void
test_every_theme_file_loads_completely(void)
{
	static const char *const required[] = { "default", "light", "solarized-dark", "high-contrast", "mono" };
	DIR *d = opendir("themes");
	struct dirent *de;
	int found = 0, files = 0;

	CHECK(d != NULL);
	while (d && (de = readdir(d))) {
		size_t len = strlen(de->d_name);
		char path[512];
		struct theme t;
		struct oc_err err = { "" };

		if (len < 7 || strcmp(de->d_name + len - 6, ".theme") != 0)
			continue;
		files++;
		for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
			if (len - 6 == strlen(required[i]) && strncmp(de->d_name, required[i], len - 6) == 0)
				found++;
		snprintf(path, sizeof(path), "themes/%s", de->d_name);
		for (int e = 0; e < EL_COUNT; e++)
			t.el[e].fg = -2;	/* sentinel: every element must be set by the file */
		if (theme_parse_file(&t, path, &err) < 0) {
			printf("# %s\n", err.msg);
			CHECK(!"theme file failed to load");
		}
		for (int e = 0; e < EL_COUNT; e++)
			if (t.el[e].fg == -2) {
				printf("# %s: element %s not set\n", path, theme_element_name((enum element)e));
				CHECK(!"element missing from a theme file");
			}
	}
	if (d)
		closedir(d);
	CHECK(found == 5);
	CHECK(files >= 5);
}

/* Needed by the test above; theme.c (curses) has the real one. */
const char *
theme_element_name(enum element el)
{
	return el >= 0 && el < EL_COUNT ? element_specs[el].name : "";
}

static void
test_default_file_matches_builtin(void)
{
	struct theme builtin, file;
	struct oc_err err = { "" };

	theme_defaults(&builtin);
	theme_defaults(&file);
	for (int e = 0; e < EL_COUNT; e++)
		file.el[e].fg = file.el[e].bg = 99, file.el[e].attrs = 99;
	CHECK(theme_parse_file(&file, "themes/default.theme", &err) == 0);
	for (int e = 0; e < EL_COUNT; e++) {
		if (builtin.el[e].fg != file.el[e].fg || builtin.el[e].bg != file.el[e].bg ||
		    builtin.el[e].attrs != file.el[e].attrs)
			printf("# default.theme differs from tui/theme.h at %s\n", element_specs[e].name);
		CHECK(builtin.el[e].fg == file.el[e].fg);
		CHECK(builtin.el[e].bg == file.el[e].bg);
		CHECK(builtin.el[e].attrs == file.el[e].attrs);
	}
}

static void
test_element_list_mono_fallbacks(void)
{
	struct theme t;
	unsigned bits;

	for (int e = 0; e < EL_COUNT; e++) {
		int c;

		CHECK(theme_parse_colour(element_specs[e].fg, &c) == 0);
		CHECK(theme_parse_colour(element_specs[e].bg, &c) == 0);
		CHECK(theme_parse_attrs(element_specs[e].attrs, &bits, NULL) == 0);
		CHECK(theme_parse_attrs(element_specs[e].mono, &bits, NULL) == 0);
		CHECK(theme_element_find(element_specs[e].name) == (enum element)e);
	}
	theme_defaults(&t);
	/* information is never carried by colour alone */
	CHECK(t.el[EL_CURSOR].mono & TATTR_REVERSE);
	CHECK(t.el[EL_SCOPE_ADMIN].mono & (TATTR_BOLD | TATTR_UNDERLINE | TATTR_REVERSE));
	CHECK(t.el[EL_SCOPE_PAIRING].mono & (TATTR_BOLD | TATTR_UNDERLINE | TATTR_REVERSE));
	CHECK(t.el[EL_STATUS_WARN].mono & (TATTR_BOLD | TATTR_UNDERLINE | TATTR_REVERSE));
	CHECK(t.el[EL_STATUS_ERROR].mono & (TATTR_BOLD | TATTR_UNDERLINE | TATTR_REVERSE));
	CHECK(t.el[EL_TAB_ACTIVE].mono & TATTR_REVERSE);
}

static void
test_colour_and_attr_names(void)
{
	int c = 0;
	unsigned a = 0;
	size_t bad = 0;

	CHECK(theme_parse_colour("default", &c) == 0 && c == THEME_COLOUR_DEFAULT);
	CHECK(theme_parse_colour("white", &c) == 0 && c == 7);
	CHECK(theme_parse_colour("color0", &c) == 0 && c == 0);
	CHECK(theme_parse_colour("color255", &c) == 0 && c == 255);
	CHECK(theme_parse_colour("color256", &c) < 0);
	CHECK(theme_parse_colour("color007", &c) < 0);
	CHECK(theme_parse_colour("color-1", &c) < 0);
	CHECK(theme_parse_colour("color", &c) < 0);
	CHECK(theme_parse_colour("purple", &c) < 0);
	CHECK(theme_parse_colour("Red", &c) < 0);
	CHECK(theme_parse_attrs("bold,underline", &a, NULL) == 0 && a == (TATTR_BOLD | TATTR_UNDERLINE));
	CHECK(theme_parse_attrs("dim reverse standout", &a, NULL) == 0 &&
	      a == (TATTR_DIM | TATTR_REVERSE | TATTR_STANDOUT));
	CHECK(theme_parse_attrs("", &a, NULL) == 0 && a == 0);
	CHECK(theme_parse_attrs("bold,blink", &a, &bad) < 0 && bad == 5);
}

/* Parse text as file "x.theme" and return the error message ("" when it loads). */
static const char *
parse_error(const char *text)
{
	static struct oc_err err;
	struct theme t;

	theme_defaults(&t);
	err.msg[0] = '\0';
	if (theme_parse_buf(&t, text, "themes/x.theme", &err) == 0)
		return "";
	return err.msg;
}

static void
test_errors_name_the_line(void)
{
	CHECK_STR(parse_error("# ok\ncolor title red blue bold\n\n  # indented comment\n"), "");
	CHECK_STR(parse_error("color title red blue # trailing comment\n"), "");
	CHECK_STR(parse_error("# a\n\ncolor title purple blue\n"),
		  "themes/x.theme:3: unknown colour \"purple\"");
	CHECK_STR(parse_error("color title red color300\n"), "themes/x.theme:1: unknown colour \"color300\"");
	CHECK_STR(parse_error("color default default default\ncolor titel red blue\n"),
		  "themes/x.theme:2: unknown element \"titel\"");
	CHECK_STR(parse_error("color title red blue bold\ncolor cursor red blue bold,blink\n"),
		  "themes/x.theme:2: unknown attribute \"blink\"");
	CHECK_STR(parse_error("color title red\n"),
		  "themes/x.theme:1: expected \"color ELEMENT FG BG [ATTR...]\"");
	CHECK_STR(parse_error("\n\n\n\ncolour title red blue\n"),
		  "themes/x.theme:5: unknown command \"colour\" (expected \"color\")");
}

static void
test_broken_file_on_disk(void)
{
	char dir[] = "/tmp/oc-theme-test.XXXXXX", path[256];
	struct theme t;
	struct oc_err err = { "" };
	FILE *f;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/bad.theme", dir);
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	fputs("# broken on purpose\ncolor title white blue bold\ncolor status.ok green default blinking\n", f);
	fclose(f);
	theme_defaults(&t);
	CHECK(theme_parse_file(&t, path, &err) == -1);
	CHECK(strstr(err.msg, "bad.theme:3: unknown attribute \"blinking\"") != NULL);
	snprintf(path, sizeof(path), "%s/missing.theme", dir);
	CHECK(theme_parse_file(&t, path, &err) == -1);
	CHECK(strstr(err.msg, "missing.theme: No such file") != NULL);
	snprintf(path, sizeof(path), "%s/bad.theme", dir);
	unlink(path);
	rmdir(dir);
}

/* Issue 13: a theme another user could write is refused; a root-owned 0644 one (the
 * built-ins under the datadir) loads. */
static void
test_foreign_theme_refused(void)
{
	char dir[] = "/tmp/oc-theme-test.XXXXXX", path[256], link_path[256];
	struct theme t;
	struct oc_err err = { "" };
	FILE *f;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/x.theme", dir);
	snprintf(link_path, sizeof(link_path), "%s/link.theme", dir);
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	fputs("color title red default bold\n", f);
	fclose(f);
	CHECK(symlink(path, link_path) == 0);
	theme_defaults(&t);
	chmod(path, 0644);
	CHECK(theme_parse_file(&t, link_path, &err) == 0);
	chmod(path, 0646);
	CHECK(theme_parse_file(&t, path, &err) == -1);
	CHECK(strstr(err.msg, "writable by group/other") != NULL);
	CHECK(theme_parse_file(&t, link_path, &err) == -1);
	CHECK(strstr(err.msg, "a link to") != NULL);
	chmod(path, 0644);
	if (geteuid() == 0) {
		CHECK(chown(path, 0, 0) == 0);
		CHECK(theme_parse_file(&t, path, &err) == 0);
		CHECK(chown(path, 65534, 65534) == 0);
		CHECK(theme_parse_file(&t, link_path, &err) == -1);
		CHECK(strstr(err.msg, "owned by uid 65534") != NULL);
	}
	unlink(link_path);
	unlink(path);
	rmdir(dir);
}

static void
test_downgrade_table(void)
{
	CHECK(theme_downgrade(THEME_COLOUR_DEFAULT, 8) == THEME_COLOUR_DEFAULT);
	CHECK(theme_downgrade(5, 8) == 5);
	CHECK(theme_downgrade(200, 256) == 200);
	CHECK(theme_downgrade(196, 8) == 1);	/* ff0000 -> red */
	CHECK(theme_downgrade(46, 8) == 2);	/* 00ff00 -> green */
	CHECK(theme_downgrade(226, 8) == 3);	/* ffff00 -> yellow */
	CHECK(theme_downgrade(21, 8) == 4);	/* 0000ff -> blue */
	CHECK(theme_downgrade(201, 8) == 5);	/* ff00ff -> magenta */
	CHECK(theme_downgrade(51, 8) == 6);	/* 00ffff -> cyan */
	CHECK(theme_downgrade(16, 8) == 0);	/* 000000 -> black */
	CHECK(theme_downgrade(234, 8) == 0);	/* solarized base03 -> black */
	CHECK(theme_downgrade(231, 8) == 7);	/* ffffff -> white */
	CHECK(theme_downgrade(231, 16) == 15);	/* ... or bright white with 16 */
	CHECK(theme_downgrade(9, 8) == 1);	/* bright red -> red */
	CHECK(theme_downgrade(27, 8) == 4);	/* 005fff -> blue */
	CHECK(theme_downgrade(160, 8) == 1);	/* solarized red */
	CHECK(theme_downgrade(12, 0) == THEME_COLOUR_DEFAULT);	/* no colours at all */
	for (int c = 0; c < 256; c++) {
		CHECK(theme_downgrade(c, 8) >= 0 && theme_downgrade(c, 8) < 8);
		CHECK(theme_downgrade(c, 16) >= 0 && theme_downgrade(c, 16) < 16);
	}
}

static void
test_locate_user_themes_win(void)
{
	char cfg[] = "/tmp/oc-theme-cfg.XXXXXX", sub[256], out[512], user[300];
	const char *const dirs[] = { "themes", NULL };
	struct oc_err err = { "" };

	CHECK(mkdtemp(cfg) != NULL);
	CHECK(theme_locate("light", cfg, dirs, out, sizeof(out), &err) == 1);
	CHECK_STR(out, "themes/light.theme");
	snprintf(sub, sizeof(sub), "%s/themes", cfg);
	mkdir(sub, 0700);
	snprintf(user, sizeof(user), "%s/light.theme", sub);
	write_text(user, "color title red default\n");
	CHECK(theme_locate("light", cfg, dirs, out, sizeof(out), &err) == 1);
	CHECK_STR(out, user);
	CHECK(theme_locate("nosuch", cfg, dirs, out, sizeof(out), &err) == -1);
	CHECK(strstr(err.msg, "unknown theme \"nosuch\"") != NULL);
	CHECK(theme_locate("../etc/passwd-ish", cfg, dirs, out, sizeof(out), &err) == 1);	/* a path */
	CHECK(theme_locate("a b", cfg, dirs, out, sizeof(out), &err) == -1);
	CHECK(theme_locate("default", cfg, NULL, out, sizeof(out), &err) == 0);	/* built-in */
	CHECK(theme_locate(NULL, cfg, dirs, out, sizeof(out), &err) == 1);
	CHECK_STR(out, "themes/default.theme");
	CHECK(theme_locate("my.theme", cfg, dirs, out, sizeof(out), &err) == 1);
	CHECK_STR(out, "my.theme");
	unlink(user);
	rmdir(sub);
	rmdir(cfg);
}

int
main(void)
{
	RUN(test_every_theme_file_loads_completely);
	RUN(test_foreign_theme_refused);
	RUN(test_default_file_matches_builtin);
	RUN(test_element_list_mono_fallbacks);
	RUN(test_colour_and_attr_names);
	RUN(test_errors_name_the_line);
	RUN(test_broken_file_on_disk);
	RUN(test_downgrade_table);
	RUN(test_locate_user_themes_win);
	return CHECK_DONE();
}
