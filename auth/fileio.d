auth/fileio.o: auth/fileio.c auth/fileio.h auth/err.h
auth/fileio.h:
auth/err.h:
