tests/unit/test_sign.o: tests/unit/test_sign.c auth/sign.h \
 tests/unit/check.h
auth/sign.h:
tests/unit/check.h:
