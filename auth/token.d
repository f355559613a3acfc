auth/token.o: auth/token.c auth/token.h auth/err.h auth/fileio.h \
 auth/paths.h
auth/token.h:
auth/err.h:
auth/fileio.h:
auth/paths.h:
