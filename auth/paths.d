auth/paths.o: auth/paths.c auth/paths.h auth/err.h
auth/paths.h:
auth/err.h:
