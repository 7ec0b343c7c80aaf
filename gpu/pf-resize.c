/* pf-resize.c — placeholder until the family is written */
#include "pf-private.h"
