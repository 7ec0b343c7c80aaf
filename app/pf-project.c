/* pf-project.c — placeholder until written */
