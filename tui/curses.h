/* The only place the project includes curses (htop's ProvideCurses.h). */
#ifndef OC_TUI_CURSES_H
#define OC_TUI_CURSES_H

#include <curses.h>

#endif
