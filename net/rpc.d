net/rpc.o: net/rpc.c net/rpc.h net/frame.h
net/rpc.h:
net/frame.h:
