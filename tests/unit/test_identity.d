tests/unit/test_identity.o: tests/unit/test_identity.c auth/err.h \
 auth/identity.h auth/sign.h tests/unit/check.h
auth/err.h:
auth/identity.h:
auth/sign.h:
tests/unit/check.h:
