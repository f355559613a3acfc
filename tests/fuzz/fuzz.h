/* Shared declarations for the libFuzzer targets in tests/fuzz/.  Each target defines one
 * static entry point, fuzz_<name>_one(data, size), and, unless FUZZ_NO_MAIN is defined,
 * the libFuzzer hook LLVMFuzzerTestOneInput that calls it.  tests/unit/test_fuzz_regress.c
 * includes the targets with FUZZ_NO_MAIN and replays tests/fuzz/regressions/ through the
 * same entry points without libFuzzer. */
#ifndef OC_TESTS_FUZZ_H
#define OC_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* The libFuzzer hook: always returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
