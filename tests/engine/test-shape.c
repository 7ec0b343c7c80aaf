/* test-shape.c — placeholder: the shape family's helper replaces this file */
#include "pf-test-utils.h"

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  return g_test_run ();
}
