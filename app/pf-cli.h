/* pf-cli.h — photoff-cli, a thin command-line client of the engine and image I/O
 *
 * Everything but main() lives here so that the tool can be tested and fuzzed in-process.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit codes of photoff-cli. */
typedef enum
{
  PF_CLI_EXIT_OK = 0,
  PF_CLI_EXIT_FAILURE = 1,  /* a file could not be read or written, or the engine failed */
  PF_CLI_EXIT_USAGE = 2,    /* unknown command or option, bad value, missing argument */
} PfCliExit;

/* Runs photoff-cli with @argv (argv[0] is the program name, argv[1] the command): parses
 * the arguments, runs the command, prints results to stdout and errors to stderr.
 * @argv is not modified. Returns a PfCliExit code. */
int pf_cli_main (int    argc,
                 char **argv);

/* photoff-cli render / collage (pf-cli-project.c): @argv[0] is the command's name. */
int pf_cli_render (int    argc,
                   char **argv);
int pf_cli_collage (int    argc,
                    char **argv);

/* For the fuzzer: while TRUE, every command parses and checks its arguments and then
 * returns PF_CLI_EXIT_OK without reading, rendering or writing anything. */
void pf_cli_set_parse_only (gboolean parse_only);
gboolean pf_cli_get_parse_only (void);

G_END_DECLS
