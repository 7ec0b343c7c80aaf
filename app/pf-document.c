/* pf-document.c — placeholder until written */
