tests/unit/test_creds.o: tests/unit/test_creds.c auth/creds.h auth/err.h \
 tests/unit/check.h
auth/creds.h:
auth/err.h:
tests/unit/check.h:
