#include "auth/boolword.h"

#include <stddef.h>
#include <string.h>

int
boolword_parse(const char *word)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };

	for (size_t i = 0; word && i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcmp(word, yes[i]) == 0)
			return 1;
		if (strcmp(word, no[i]) == 0)
			return 0;
	}
	return -1;
}
