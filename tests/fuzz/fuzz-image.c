/* fuzz-image.c — the image loaders on arbitrary bytes
 *
 * Built three times, each keeping to one decoder so the fuzzer explores it deeply:
 * PF_FUZZ_JPEG (input starts with a JPEG SOI), PF_FUZZ_PNG (PNG signature) and
 * PF_FUZZ_PIXBUF (neither: the gdk-pixbuf fallback). Loading must fail with a GError or
 * give a bitmap within the limits whose every byte can be read.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "photoff-engine.h"
#include "pf-image-io.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const uint8_t png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  gboolean jpeg = size >= 2 && data[0] == 0xff && data[1] == 0xd8;
  gboolean png = size >= 8 && memcmp (data, png_signature, 8) == 0;
#if defined(PF_FUZZ_JPEG)
  gboolean mine = jpeg;
#elif defined(PF_FUZZ_PNG)
  gboolean mine = png;
#else
  gboolean mine = !jpeg && !png;
#endif
  (void) jpeg;  /* each variant reads only what it needs */
  (void) png;
  if (!mine)
    return 0;

  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autoptr (GError) error = NULL;
  /* Half the time ask for DCT scaling, which takes other paths through libjpeg. */
  PfLoadOptions options = { .min_width = size % 2 ? 16 : 0, .min_height = size % 2 ? 16 : 0 };
  g_autoptr (PfBitmap) bitmap = pf_image_load_bytes (bytes, "fuzz", &options, &error);
  if (bitmap == NULL)
    {
      g_assert (error != NULL && error->message != NULL);
      return 0;
    }
  g_assert (bitmap->width > 0 && bitmap->height > 0 && bitmap->width <= PF_MAX_DIMENSION
            && bitmap->height <= PF_MAX_DIMENSION);
  /* Check rows spread over the image, the last one always: ASan catches a short buffer,
   * and colour never exceeds alpha. A tiny file may legitimately decode to tens of
   * megapixels (a 410-byte GIF gives 1536×12031 in 0.1 s), which an instrumented loop over
   * every pixel would take longer than libFuzzer's timeout to check. */
  int step = (int) MAX (1, ((gsize) bitmap->width * bitmap->height) / (256 * 1024) + 1);
  step = MIN (step, bitmap->height);
  for (int y = bitmap->height - 1; y >= 0; y -= step)
    {
      const guint8 *row = bitmap->data + (gsize) y * bitmap->stride;
      for (int x = 0; x < bitmap->width; x++)
        g_assert (row[x * 4] <= row[x * 4 + 3] && row[x * 4 + 1] <= row[x * 4 + 3]
                  && row[x * 4 + 2] <= row[x * 4 + 3]);
    }
  return 0;
}
