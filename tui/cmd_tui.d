tui/cmd_tui.o: tui/cmd_tui.c tui/commands.h tui/cli.h auth/identity.h \
 net/session.h
tui/commands.h:
tui/cli.h:
auth/identity.h:
net/session.h:
