tui/cmd_status.o: tui/cmd_status.c tui/commands.h tui/cli.h \
 auth/identity.h net/session.h auth/classify.h net/client.h net/rpc.h \
 net/ws.h net/evloop.h
tui/commands.h:
tui/cli.h:
auth/identity.h:
net/session.h:
auth/classify.h:
net/client.h:
net/rpc.h:
net/ws.h:
net/evloop.h:
