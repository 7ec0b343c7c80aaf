/* test-resize.c — placeholder: the resize family's helper replaces this file */
#include "pf-test-utils.h"

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  return g_test_run ();
}
