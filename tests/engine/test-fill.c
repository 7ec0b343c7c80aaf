/* test-fill.c — solid fills and gradients */
#include "pf-test-utils.h"

#include <stdlib.h>
#include <string.h>

static void
test_fill_premultiplies (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  /* odd sizes so the vector path has a tail */
  const int sizes[][2] = { { 1, 1 }, { 3, 5 }, { 1023, 7 }, { 640, 480 } };
  for (gsize s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      int w = sizes[s][0], h = sizes[s][1];
      PfImage *image = NULL;
      pf_assert_ok (pf_image_create (ctx, w, h, &image));
      pf_assert_ok (pf_fill (ctx, image, (PfColor) { 255, 128, 0, 128 }));
      g_autofree guint8 *px = pf_test_download (ctx, image);
      for (int i = 0; i < w * h; i++)
        {
          /* 255·128/255 = 128, 128·128/255 = 64.25 → 64 */
          g_assert_cmpuint (px[i * 4 + 0], ==, 128);
          g_assert_cmpuint (px[i * 4 + 1], ==, 64);
          g_assert_cmpuint (px[i * 4 + 2], ==, 0);
          g_assert_cmpuint (px[i * 4 + 3], ==, 128);
        }
      pf_image_destroy (image);
    }
  pf_context_destroy (ctx);
}

static void
test_fill_respects_logical_size (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  PfImage *image = NULL;
  pf_assert_ok (pf_image_create (ctx, 10, 10, &image));
  pf_assert_ok (pf_image_set_size (image, 3, 2));
  pf_assert_ok (pf_fill (ctx, image, (PfColor) { 10, 20, 30, 255 }));
  pf_assert_ok (pf_image_set_size (image, 10, 10));
  g_autofree guint8 *px = pf_test_download (ctx, image);
  for (int i = 0; i < 100; i++)
    g_assert_cmpuint (px[i * 4 + 3], ==, i < 6 ? 255 : 0);
  pf_image_destroy (image);
  pf_context_destroy (ctx);
}

static void
check_gradient_endpoints (PfContext *ctx, PfGradient kind, int w, int h)
{
  const PfColor a = { 255, 0, 0, 255 }, b = { 0, 0, 255, 255 };
  PfImage *image = NULL;
  pf_assert_ok (pf_image_create (ctx, w, h, &image));
  pf_assert_ok (pf_fill_gradient (ctx, image, kind, a, b));
  g_autofree guint8 *px = pf_test_download (ctx, image);
  const guint8 *first = NULL, *last = NULL;
  switch (kind)
    {
    case PF_GRADIENT_HORIZONTAL:
      first = pf_test_px (px, w, 0, h / 2);
      last = pf_test_px (px, w, w - 1, h / 2);
      break;
    case PF_GRADIENT_VERTICAL:
      first = pf_test_px (px, w, w / 2, 0);
      last = pf_test_px (px, w, w / 2, h - 1);
      break;
    case PF_GRADIENT_DIAGONAL:
      first = pf_test_px (px, w, 0, 0);
      last = pf_test_px (px, w, w - 1, h - 1);
      break;
    case PF_GRADIENT_RADIAL:
      first = pf_test_px (px, w, (w - 1) / 2, (h - 1) / 2);
      last = pf_test_px (px, w, w - 1, 0);
      break;
    }
  g_assert_cmpuint (first[3], ==, 255);
  g_assert_cmpuint (last[3], ==, 255);
  gboolean flat = (kind == PF_GRADIENT_HORIZONTAL && w == 1)
                  || (kind == PF_GRADIENT_VERTICAL && h == 1) || w * h == 1;
  if (flat)
    {
      /* no extent along the axis: the start colour everywhere, not NaN garbage */
      for (int i = 0; i < w * h; i++)
        {
          g_assert_cmpuint (px[i * 4 + 0], ==, 255);
          g_assert_cmpuint (px[i * 4 + 2], ==, 0);
        }
    }
  else
    {
      /* odd sizes put the radial centre exactly on a pixel; even sizes may not */
      if (kind != PF_GRADIENT_RADIAL || (w % 2 == 1 && h % 2 == 1))
        {
          g_assert_cmpuint (first[0], ==, 255);
          g_assert_cmpuint (first[2], ==, 0);
        }
      g_assert_cmpuint (last[0], ==, 0);
      g_assert_cmpuint (last[2], ==, 255);
    }
  /* monotonic along the gradient's axis (horizontal: red never increases left to right) */
  if (kind == PF_GRADIENT_HORIZONTAL)
    for (int x = 1; x < w; x++)
      g_assert_cmpuint (pf_test_px (px, w, x, 0)[0], <=, pf_test_px (px, w, x - 1, 0)[0]);
  pf_image_destroy (image);
}

static void
test_gradient_endpoints (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  const int sizes[][2] = { { 1, 1 }, { 2, 1 }, { 1, 9 }, { 101, 51 }, { 64, 48 } };
  for (gsize s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (int k = PF_GRADIENT_HORIZONTAL; k <= PF_GRADIENT_RADIAL; k++)
      check_gradient_endpoints (ctx, (PfGradient) k, sizes[s][0], sizes[s][1]);
  pf_context_destroy (ctx);
}

static void
test_gradient_alpha_is_premultiplied (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  PfImage *image = NULL;
  pf_assert_ok (pf_image_create (ctx, 256, 1, &image));
  pf_assert_ok (pf_fill_gradient (ctx, image, PF_GRADIENT_HORIZONTAL,
                                  (PfColor) { 255, 255, 255, 0 },
                                  (PfColor) { 255, 255, 255, 255 }));
  g_autofree guint8 *px = pf_test_download (ctx, image);
  for (int x = 0; x < 256; x++)
    {
      /* white fading in: colour equals alpha at every step, alpha ≈ x */
      g_assert_cmpuint (px[x * 4 + 0], ==, px[x * 4 + 3]);
      g_assert_cmpint (abs ((int) px[x * 4 + 3] - x), <=, 1);
    }
  pf_image_destroy (image);
  pf_context_destroy (ctx);
}

static void
test_gradient_bad_kind (void)
{
  PfContext *ctx = pf_test_cpu_context ();
  PfImage *image = NULL;
  pf_assert_ok (pf_image_create (ctx, 4, 4, &image));
  g_assert_cmpint (pf_fill_gradient (ctx, image, (PfGradient) 9, (PfColor) { 0 }, (PfColor) { 0 }),
                   ==, PF_ERROR_INVALID_ARGUMENT);
  g_assert_cmpint (pf_fill (ctx, NULL, (PfColor) { 0 }), ==, PF_ERROR_INVALID_ARGUMENT);
  pf_image_destroy (image);
  pf_context_destroy (ctx);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fill/colour-is-premultiplied", test_fill_premultiplies);
  g_test_add_func ("/fill/only-the-logical-size", test_fill_respects_logical_size);
  g_test_add_func ("/gradient/endpoints-are-exact", test_gradient_endpoints);
  g_test_add_func ("/gradient/alpha-is-premultiplied", test_gradient_alpha_is_premultiplied);
  g_test_add_func ("/gradient/unknown-kind-is-refused", test_gradient_bad_kind);
  return g_test_run ();
}
