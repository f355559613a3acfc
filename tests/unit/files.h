/* Files for unit tests to read: small helpers shared by the tests of the file code. */
#ifndef OC_TESTS_FILES_H
#define OC_TESTS_FILES_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Write text to path and give it mode; a file that cannot be written ends the test run. */
__attribute__((unused)) static void
write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		perror(path);
		abort();
	}
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
}

/* Write text to path with the default mode; a failure is left to the test's checks. */
__attribute__((unused)) static void
write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* Entries in dir other than . and .., -1 when it cannot be opened. */
__attribute__((unused)) static int
count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

#endif
