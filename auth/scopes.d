auth/scopes.o: auth/scopes.c auth/scopes.h
auth/scopes.h:
