tests/unit/test_paths.o: tests/unit/test_paths.c auth/err.h auth/paths.h \
 tests/unit/check.h
auth/err.h:
auth/paths.h:
tests/unit/check.h:
