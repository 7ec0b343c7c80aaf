/* main.c — the photoff editor's entry point */
#define G_LOG_DOMAIN "photoff"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "pf-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PfApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = pf_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
