net/evloop.o: net/evloop.c net/evloop.h auth/err.h
net/evloop.h:
auth/err.h:
