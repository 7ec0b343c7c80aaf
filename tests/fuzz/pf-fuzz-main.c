/* pf-fuzz-main.c — runs a fuzz target over files, without libFuzzer
 *
 * With gcc (the normal build) each fuzz target becomes a test that replays its seed
 * corpus and every crasher found so far: a regression test. With clang and
 * -Dfuzzing=true the targets link libFuzzer's own main instead.
 */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static int
run_path (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      int n = 0;
      for (const char *name; dir != NULL && (name = g_dir_read_name (dir)) != NULL;)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          n += run_path (child);
        }
      return n;
    }
  g_autofree char *data = NULL;
  gsize size = 0;
  if (!g_file_get_contents (path, &data, &size, NULL))
    return 0;
  LLVMFuzzerTestOneInput ((const uint8_t *) data, size);
  return 1;
}

int
main (int argc, char *argv[])
{
  int n = 0;
  for (int i = 1; i < argc; i++)
    n += run_path (argv[i]);
  printf ("1..1\nok 1 - %d inputs replayed without a crash\n", n);
  return 0;
}
