/* The words a boolean setting takes, everywhere the console reads one: the config file
 * (bell), OPENCLAW_CONSOLE_BELL, explain's --setting and trusted policy set. */
#ifndef OC_AUTH_BOOLWORD_H
#define OC_AUTH_BOOLWORD_H

/* 1 for true, yes, on, 1; 0 for false, no, off, 0 (lower case, exactly); -1 for
 * anything else. */
int boolword_parse(const char *word);

#endif
