auth/sign.o: auth/sign.c auth/sign.h
auth/sign.h:
