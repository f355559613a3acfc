net/frame.o: net/frame.c net/frame.h auth/err.h
net/frame.h:
auth/err.h:
