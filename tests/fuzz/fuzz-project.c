/* fuzz-project.c — the .photoff loader on arbitrary bytes
 *
 * Whatever the input, loading either fails with a GError or gives a document that saves
 * and loads back to the same text.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "pf-document.h"
#include "pf-project.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PfDocument) doc = pf_project_load_data ((const char *) data, size, "/fuzz", &error);
  if (doc == NULL)
    {
      g_assert (error != NULL && error->message != NULL);
      return 0;
    }
  g_autofree char *text = pf_project_to_data (doc, "/fuzz", NULL);
  g_autoptr (PfDocument) again = pf_project_load_data (text, strlen (text), "/fuzz", &error);
  if (again == NULL)
    g_error ("a saved document did not load back: %s\n%s", error->message, text);
  g_autofree char *text2 = pf_project_to_data (again, "/fuzz", NULL);
  if (g_strcmp0 (text, text2) != 0)
    g_error ("save → load → save changed the text:\n%s\n---\n%s", text, text2);
  return 0;
}
