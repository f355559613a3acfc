net/ws.o: net/ws.c net/ws.h auth/err.h net/evloop.h net/frame.h
net/ws.h:
auth/err.h:
net/evloop.h:
net/frame.h:
