auth/creds.o: auth/creds.c auth/creds.h auth/err.h auth/fileio.h \
 auth/paths.h
auth/creds.h:
auth/err.h:
auth/fileio.h:
auth/paths.h:
