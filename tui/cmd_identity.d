tui/cmd_identity.o: tui/cmd_identity.c tui/commands.h tui/cli.h \
 auth/identity.h net/session.h auth/err.h auth/paths.h
tui/commands.h:
tui/cli.h:
auth/identity.h:
net/session.h:
auth/err.h:
auth/paths.h:
