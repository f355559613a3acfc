net/text.o: net/text.c net/text.h
net/text.h:
