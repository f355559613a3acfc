tests/unit/test_fileio.o: tests/unit/test_fileio.c auth/err.h \
 auth/fileio.h tests/unit/check.h
auth/err.h:
auth/fileio.h:
tests/unit/check.h:
