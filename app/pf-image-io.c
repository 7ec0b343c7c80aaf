/* pf-image-io.c — placeholder */
