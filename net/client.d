net/client.o: net/client.c net/client.h net/rpc.h net/session.h net/ws.h \
 auth/err.h auth/identity.h auth/token.h net/evloop.h net/frame.h \
 net/text.h
net/client.h:
net/rpc.h:
net/session.h:
net/ws.h:
auth/err.h:
auth/identity.h:
auth/token.h:
net/evloop.h:
net/frame.h:
net/text.h:
