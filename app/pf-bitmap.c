/* pf-bitmap.c — placeholder */
