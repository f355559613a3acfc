tui/main.o: tui/main.c tui/commands.h tui/cli.h auth/identity.h \
 net/session.h
tui/commands.h:
tui/cli.h:
auth/identity.h:
net/session.h:
