auth/err.o: auth/err.c auth/err.h
auth/err.h:
