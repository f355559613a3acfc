auth/identity.o: auth/identity.c auth/identity.h auth/err.h auth/fileio.h \
 auth/paths.h
auth/identity.h:
auth/err.h:
auth/fileio.h:
auth/paths.h:
