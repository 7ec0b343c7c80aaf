/* pf-layout.c — placeholder until written */
