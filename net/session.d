net/session.o: net/session.c net/session.h auth/err.h auth/identity.h \
 auth/sign.h net/frame.h net/text.h
net/session.h:
auth/err.h:
auth/identity.h:
auth/sign.h:
net/frame.h:
net/text.h:
