/* Loading the captured gateway frames in unit tests (run from the repository root). */
#ifndef OC_TESTS_FIXTURE_H
#define OC_TESTS_FIXTURE_H

#include <jansson.h>
#include <stdio.h>

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

#endif
