tui/cli.o: tui/cli.c tui/cli.h auth/identity.h net/session.h auth/creds.h \
 auth/err.h auth/paths.h auth/scopes.h net/client.h net/rpc.h net/ws.h \
 net/evloop.h net/frame.h net/text.h
tui/cli.h:
auth/identity.h:
net/session.h:
auth/creds.h:
auth/err.h:
auth/paths.h:
auth/scopes.h:
net/client.h:
net/rpc.h:
net/ws.h:
net/evloop.h:
net/frame.h:
net/text.h:
