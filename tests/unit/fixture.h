/* Loading the captured gateway frames in unit tests (run from the repository root). */
#ifndef OC_TESTS_FIXTURE_H
#define OC_TESTS_FIXTURE_H

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define FIXTURE_DIR "tests/fixtures/frames/"

/* Load tests/fixtures/frames/<name> (new reference) or NULL with a message on stderr. */
static json_t *
fixture_load(const char *name)
{
	char path[512];
	json_error_t e;
	json_t *v;

	snprintf(path, sizeof(path), FIXTURE_DIR "%s", name);
	v = json_load_file(path, 0, &e);
	if (!v)
		fprintf(stderr, "%s:%d: %s\n", path, e.line, e.text);
	return v;
}

/* From tests/fixtures/frames/releases/<version>.json (tests/fixtures/capture-release.mjs):
 * the frame of capture `name` that is the response with id `id` ("c1" = connect, "r1"…
 * the calls after it).  New reference, or NULL. */
__attribute__((unused)) static json_t *
fixture_release_frame(const char *version, const char *name, const char *id)
{
	char file[128];
	json_t *all, *list, *e, *out = NULL;
	size_t i;

	snprintf(file, sizeof(file), "releases/%s.json", version);
	all = fixture_load(file);
	list = json_object_get(json_object_get(all, "captures"), name);
	json_array_foreach(list, i, e) {
		json_t *f = json_object_get(e, "frame");
		const char *dir = json_string_value(json_object_get(e, "dir"));

		if (dir && strcmp(dir, "in") == 0 && json_is_string(json_object_get(f, "type")) &&
		    strcmp(json_string_value(json_object_get(f, "type")), "res") == 0 &&
		    strcmp(json_string_value(json_object_get(f, "id")), id) == 0) {
			out = json_incref(f);
			break;
		}
	}
	if (!out)
		fprintf(stderr, "%s: no response %s in capture %s\n", file, id, name);
	json_decref(all);
	return out;
}

#endif
