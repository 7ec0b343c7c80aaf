/* pf-cli.c — placeholder until written */
