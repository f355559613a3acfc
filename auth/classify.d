auth/classify.o: auth/classify.c auth/classify.h
auth/classify.h:
