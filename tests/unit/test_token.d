tests/unit/test_token.o: tests/unit/test_token.c auth/err.h auth/token.h \
 tests/unit/check.h
auth/err.h:
auth/token.h:
tests/unit/check.h:
