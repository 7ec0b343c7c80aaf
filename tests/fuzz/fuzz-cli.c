/* fuzz-cli.c — photoff-cli's argument parser on arbitrary argument lists
 *
 * The input is split at NUL bytes into argv[1..] (argv[0] is "photoff-cli", at most
 * MAX_ARGS in all). The CLI runs in parse-only mode, so that no argument list can read,
 * write or render anything: only parsing and checking are explored. Whatever the
 * arguments, pf_cli_main() must return one of its exit codes (never exit or crash).
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "pf-cli.h"

#define MAX_ARGS 32

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
discard (const char *text)
{
  (void) text;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static gboolean initialised;
  if (!initialised)
    {
      pf_cli_set_parse_only (TRUE);
      /* Help and usage texts would drown the fuzzer's own output. */
      g_set_print_handler (discard);
      g_set_printerr_handler (discard);
      initialised = TRUE;
    }

  char *argv[MAX_ARGS + 1] = { (char *) "photoff-cli" };
  int argc = 1;
  gsize start = 0;
  /* Copies: pf_cli_main() must not rely on its strings outliving the call. */
  g_autoptr (GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  for (gsize i = 0; i <= size && argc < MAX_ARGS; i++)
    {
      if (i < size && data[i] != '\0')
        continue;
      if (i == size && start == size && size > 0)
        break;   /* a final NUL ends the last argument; it does not start an empty one */
      char *arg = g_strndup ((const char *) data + start, i - start);
      g_ptr_array_add (owned, arg);
      argv[argc++] = arg;
      start = i + 1;
    }
  argv[argc] = NULL;

  int status = pf_cli_main (argc, argv);
  g_assert (status == PF_CLI_EXIT_OK || status == PF_CLI_EXIT_USAGE
            || status == PF_CLI_EXIT_FAILURE);
  return 0;
}
