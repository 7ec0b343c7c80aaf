/* pf-test-utils.c — helpers for the engine tests */
#include "pf-test-utils.h"

#include <stdlib.h>
#include <string.h>

PfContext *
pf_test_cpu_context (void)
{
  PfContext *ctx = NULL;
  pf_assert_ok (pf_context_create (PF_BACKEND_CPU, &ctx));
  return ctx;
}

PfContext *
pf_test_context (void)
{
  const char *backend = g_getenv ("PHOTOFF_TEST_BACKEND");
  if (backend == NULL || g_str_equal (backend, "cpu"))
    return pf_test_cpu_context ();
  PfContext *ctx = NULL;
  PfStatus status = pf_context_create (PF_BACKEND_CUDA, &ctx);
  if (status == PF_ERROR_NO_DEVICE)
    {
      g_test_skip ("no CUDA device");
      return NULL;
    }
  pf_assert_ok (status);
  return ctx;
}

guint8 *
pf_test_download (PfContext *ctx, const PfImage *image)
{
  int w = pf_image_get_width (image), h = pf_image_get_height (image);
  guint8 *pixels = g_malloc0 ((gsize) w * h * 4);
  pf_assert_ok (pf_image_download (ctx, image, pixels, (gsize) w * 4));
  return pixels;
}

PfImage *
pf_test_image_from (PfContext *ctx, int width, int height, const guint8 *pixels)
{
  PfImage *image = NULL;
  pf_assert_ok (pf_image_create (ctx, width, height, &image));
  pf_assert_ok (pf_image_upload (ctx, image, pixels, (gsize) width * 4));
  return image;
}

guint8 *
pf_test_pixels_random (int width, int height, guint32 seed, gboolean opaque)
{
  gsize n = (gsize) width * height;
  guint8 *p = g_malloc (n * 4);
  guint32 s = seed * 2654435761u + 1;
  for (gsize i = 0; i < n; i++)
    {
      /* xorshift: cheap and the same everywhere */
      s ^= s << 13;
      s ^= s >> 17;
      s ^= s << 5;
      guint8 a = opaque ? 255 : (guint8) (s >> 24);
      p[i * 4 + 3] = a;
      p[i * 4 + 0] = (guint8) ((s & 0xff) * a / 255);
      p[i * 4 + 1] = (guint8) (((s >> 8) & 0xff) * a / 255);
      p[i * 4 + 2] = (guint8) (((s >> 16) & 0xff) * a / 255);
    }
  return p;
}

PfImage *
pf_test_image_random (PfContext *ctx, int width, int height, guint32 seed)
{
  g_autofree guint8 *p = pf_test_pixels_random (width, height, seed, FALSE);
  return pf_test_image_from (ctx, width, height, p);
}

int
pf_test_max_diff (const guint8 *a, const guint8 *b, gsize n_pixels)
{
  int max = 0;
  for (gsize i = 0; i < n_pixels * 4; i++)
    {
      int d = abs ((int) a[i] - (int) b[i]);
      if (d > max)
        max = d;
    }
  return max;
}

void
pf_test_assert_close (const guint8 *actual, const guint8 *expected, int width, int height,
                      int tolerance)
{
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guint8 *a = pf_test_px (actual, width, x, y);
        const guint8 *e = pf_test_px (expected, width, x, y);
        for (int c = 0; c < 4; c++)
          if (abs ((int) a[c] - (int) e[c]) > tolerance)
            g_error ("pixel (%d, %d) of %d×%d is %u,%u,%u,%u, expected %u,%u,%u,%u (±%d)", x, y,
                     width, height, a[0], a[1], a[2], a[3], e[0], e[1], e[2], e[3], tolerance);
      }
}
