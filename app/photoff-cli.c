/* photoff-cli.c — main() of photoff-cli; the tool itself is pf-cli.c */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "pf-cli.h"

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* Before GOption sees argv: help then reads "photoff-cli [OPTION…] blur IN OUT". */
  g_set_prgname ("photoff-cli");

  return pf_cli_main (argc, argv);
}
