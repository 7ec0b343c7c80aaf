/* test-blur.c — Gaussian blur: exactness, conservation, shape and arguments */
#include "pf-test-utils.h"

#include <math.h>
#include <string.h>

static PfImage *
image_filled (PfContext *ctx, int width, int height, const guint8 px[4])
{
  g_autofree guint8 *p = g_malloc ((gsize) width * height * 4);
  for (gsize i = 0; i < (gsize) width * height; i++)
    memcpy (p + i * 4, px, 4);
  return pf_test_image_from (ctx, width, height, p);
}

static void
test_constant_stays_constant (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  /* Every box averages equal samples, edges extended: the sum is exactly (2r + 1)·v. */
  static const int sizes[][2] = { { 1, 1 }, { 7, 5 }, { 33, 17 }, { 3, 64 }, { 100, 1 } };
  static const float radii[] = { 0.5f, 1, 3, 10, 37.5f, 1000, 1e9f };
  const guint8 color[4] = { 40, 80, 120, 200 };

  for (gsize s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (gsize r = 0; r < G_N_ELEMENTS (radii); r++)
      {
        int w = sizes[s][0], h = sizes[s][1];
        PfImage *image = image_filled (ctx, w, h, color);
        pf_assert_ok (pf_blur (ctx, image, radii[r], NULL));
        g_autofree guint8 *out = pf_test_download (ctx, image);
        for (int i = 0; i < w * h; i++)
          if (memcmp (out + i * 4, color, 4) != 0)
            g_error ("%d×%d, radius %g: pixel %d is (%d, %d, %d, %d)", w, h, radii[r], i,
                     out[i * 4], out[i * 4 + 1], out[i * 4 + 2], out[i * 4 + 3]);
        pf_image_destroy (image);
      }
  pf_context_destroy (ctx);
}

static void
test_preserves_channel_sums (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  /* 48×48 random pixels in the middle of 128×128 transparent ones. */
  const int size = 128, block = 48, at = 40;
  const float radius = 4;
  g_autofree guint8 *content = pf_test_pixels_random (block, block, 7, FALSE);
  g_autofree guint8 *pixels = g_malloc0 ((gsize) size * size * 4);
  double before[4] = { 0 };
  for (int y = 0; y < block; y++)
    for (int x = 0; x < block; x++)
      for (int c = 0; c < 4; c++)
        {
          guint8 v = content[(y * block + x) * 4 + c];
          pixels[((y + at) * size + x + at) * 4 + c] = v;
          before[c] += v;
        }

  /* Each box is at most 2 wider than the ideal width √(radius² + 1), so the three reach
   * R ≤ 3·(√(radius² + 1) + 1) / 2 — well inside the 40-pixel transparent margin, where
   * extending the edges adds only zeros and every box pass keeps the sum before rounding.
   * Rounding moves each of the (48 + 2R)² pixels of the support by at most 0.5/256 in
   * each of the six passes and 0.5 at the final byte. */
  int reach = (int) (3 * (sqrt (radius * radius + 1) + 1) / 2);
  g_assert_cmpint (reach, <, at);
  double support = (double) (block + 2 * reach) * (block + 2 * reach);
  double bound = support * (0.5 + 6 * 0.5 / 256);

  PfImage *image = pf_test_image_from (ctx, size, size, pixels);
  pf_assert_ok (pf_blur (ctx, image, radius, NULL));
  g_autofree guint8 *out = pf_test_download (ctx, image);
  double after[4] = { 0 };
  for (int i = 0; i < size * size; i++)
    for (int c = 0; c < 4; c++)
      after[c] += out[i * 4 + c];
  for (int c = 0; c < 4; c++)
    {
      g_test_message ("channel %d: %.0f before, %.0f after (bound +-%.0f)", c, before[c],
                      after[c], bound);
      g_assert_cmpfloat (fabs (after[c] - before[c]), <=, bound);
    }
  /* It did blur: the content's corner lost to its transparent neighbour. */
  g_assert_cmpint (out[((at - 1) * size + at - 1) * 4 + 3], >, 0);
  pf_image_destroy (image);
  pf_context_destroy (ctx);
}

static void
test_radius_zero_is_identity (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  g_autofree guint8 *pixels = pf_test_pixels_random (37, 23, 3, FALSE);
  PfImage *image = pf_test_image_from (ctx, 37, 23, pixels);
  pf_assert_ok (pf_blur (ctx, image, 0, NULL));
  g_autofree guint8 *out = pf_test_download (ctx, image);
  g_assert_cmpmem (out, 37 * 23 * 4, pixels, 37 * 23 * 4);
  pf_image_destroy (image);
  pf_context_destroy (ctx);
}

static void
test_is_symmetric (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  /* A dot in the centre of an odd-sized image: every window is symmetric and the edges
   * mirror each other, so the integer result is mirror-symmetric exactly. */
  const int w = 41, h = 31;
  g_autofree guint8 *pixels = g_malloc0 (w * h * 4);
  memset (pixels + ((h / 2) * w + w / 2) * 4, 255, 4);
  PfImage *image = pf_test_image_from (ctx, w, h, pixels);
  pf_assert_ok (pf_blur (ctx, image, 8, NULL));
  g_autofree guint8 *out = pf_test_download (ctx, image);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *p = pf_test_px (out, w, x, y);
        g_assert_cmpmem (p, 4, pf_test_px (out, w, w - 1 - x, y), 4);
        g_assert_cmpmem (p, 4, pf_test_px (out, w, x, h - 1 - y), 4);
        /* Grey: every channel went through the same filter. */
        g_assert_cmpint (p[0], ==, p[3]);
      }
  g_assert_cmpint (pf_test_px (out, w, w / 2 + 3, h / 2)[3], >, 0);
  g_assert_cmpint (pf_test_px (out, w, w / 2, h / 2 + 3)[3], >, 0);
  pf_image_destroy (image);
  pf_context_destroy (ctx);
}

/* Blurs a one-pixel line of @n pixels holding one white dot in the middle; the blur then
 * runs along the line only (across it, the one sample extends to itself). */
static guint8 *
blur_line_dot (PfContext *ctx, int n, gboolean vertical, float radius)
{
  int w = vertical ? 1 : n, h = vertical ? n : 1;
  g_autofree guint8 *pixels = g_malloc0 (n * 4);
  memset (pixels + (n / 2) * 4, 255, 4);
  PfImage *image = pf_test_image_from (ctx, w, h, pixels);
  pf_assert_ok (pf_blur (ctx, image, radius, NULL));
  guint8 *out = pf_test_download (ctx, image);
  pf_image_destroy (image);
  return out;
}

static void
test_spreads_like_a_gaussian (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  /* radius 8: σ = 4. A line rather than a 2-D dot keeps the peak (255 / (√(2π)·σ) ≈ 25)
   * well above the byte resolution. */
  const float radius = 8;
  const double sigma = radius / 2;
  const int n = 201;
  for (int vertical = 0; vertical < 2; vertical++)
    {
      g_autofree guint8 *out = blur_line_dot (ctx, n, vertical, radius);
      double peak = out[(n / 2) * 4 + 3];
      double expected_peak = 255 / (sqrt (2 * G_PI) * sigma);
      g_test_message ("%s: peak %.0f (a Gaussian: %.1f)", vertical ? "column" : "row", peak,
                      expected_peak);
      /* The three boxes' variance is within 10% of σ², bytes round by 0.5. */
      g_assert_cmpfloat (fabs (peak - expected_peak), <=, 0.1 * expected_peak + 0.5);

      for (int side = -1; side <= 1; side += 2)
        {
          double at_sigma = out[(n / 2 + side * (int) sigma) * 4 + 3] / peak;
          double at_2sigma = out[(n / 2 + side * 2 * (int) sigma) * 4 + 3] / peak;
          g_test_message ("  at sigma: %.3f of the peak (exp(-1/2) = %.3f), at 2 sigma: %.3f "
                          "(exp(-2) = %.3f)", at_sigma, exp (-0.5), at_2sigma, exp (-2.0));
          /* Box cascade shape and variance (±0.04) and rounding of ~15 and ~25 (±0.04). */
          g_assert_cmpfloat (fabs (at_sigma - exp (-0.5)), <=, 0.08);
          g_assert_cmpfloat (fabs (at_2sigma - exp (-2.0)), <=, 0.06);
        }
      /* Monotone away from the peak, and nothing beyond 3·(σ + 1). */
      for (int i = n / 2; i < n - 1; i++)
        g_assert_cmpint (out[(i + 1) * 4 + 3], <=, out[i * 4 + 3]);
      g_assert_cmpint (out[(n / 2 + 3 * ((int) sigma + 1) + 1) * 4 + 3], ==, 0);
    }
  pf_context_destroy (ctx);
}

static void
test_transparent_stays_transparent (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  const guint8 clear[4] = { 0, 0, 0, 0 };
  PfImage *image = image_filled (ctx, 50, 40, clear);
  pf_assert_ok (pf_blur (ctx, image, 12, NULL));
  g_autofree guint8 *out = pf_test_download (ctx, image);
  for (int i = 0; i < 50 * 40 * 4; i++)
    g_assert_cmpint (out[i], ==, 0);
  pf_image_destroy (image);

  /* Every pass is monotone, so colour ≤ alpha (valid premultiplied) holds afterwards. */
  image = pf_test_image_random (ctx, 64, 48, 11);
  pf_assert_ok (pf_blur (ctx, image, 5, NULL));
  g_autofree guint8 *mixed = pf_test_download (ctx, image);
  for (int i = 0; i < 64 * 48; i++)
    for (int c = 0; c < 3; c++)
      g_assert_cmpint (mixed[i * 4 + c], <=, mixed[i * 4 + 3]);
  pf_image_destroy (image);
  pf_context_destroy (ctx);
}

static void
test_scratch_too_small (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  PfImage *image = pf_test_image_random (ctx, 10, 8, 5);
  g_autofree guint8 *pixels = pf_test_download (ctx, image);
  PfImage *small = NULL, *exact = NULL;
  pf_assert_ok (pf_image_create (ctx, 159, 1, &small));   /* 2 × 80 − 1 pixels */
  pf_assert_ok (pf_image_create (ctx, 20, 8, &exact));    /* 2 × 80 */

  pf_assert_status (pf_blur (ctx, image, 3, small), PF_ERROR_CAPACITY);
  g_autofree guint8 *untouched = pf_test_download (ctx, image);
  g_assert_cmpmem (untouched, 10 * 8 * 4, pixels, 10 * 8 * 4);

  pf_assert_status (pf_blur (ctx, image, 3, image), PF_ERROR_INVALID_ARGUMENT);

  /* Exactly enough works, and gives what the pool's scratch gives. */
  pf_assert_ok (pf_blur (ctx, image, 3, exact));
  g_autofree guint8 *with_scratch = pf_test_download (ctx, image);
  PfImage *again = pf_test_image_from (ctx, 10, 8, pixels);
  pf_assert_ok (pf_blur (ctx, again, 3, NULL));
  g_autofree guint8 *with_pool = pf_test_download (ctx, again);
  g_assert_cmpmem (with_scratch, 10 * 8 * 4, with_pool, 10 * 8 * 4);

  PfContext *other = pf_test_cpu_context ();
  PfImage *foreign = NULL;
  pf_assert_ok (pf_image_create (other, 20, 8, &foreign));
  pf_assert_status (pf_blur (ctx, image, 3, foreign), PF_ERROR_WRONG_CONTEXT);
  pf_image_destroy (foreign);
  pf_context_destroy (other);

  pf_image_destroy (again);
  pf_image_destroy (small);
  pf_image_destroy (exact);
  pf_image_destroy (image);
  pf_context_destroy (ctx);
}

static void
test_invalid_radius (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  PfImage *image = pf_test_image_random (ctx, 8, 8, 1);
  pf_assert_status (pf_blur (ctx, image, -1, NULL), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_blur (ctx, image, NAN, NULL), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_blur (ctx, image, INFINITY, NULL), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_blur (ctx, image, -INFINITY, NULL), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_blur (ctx, NULL, 2, NULL), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_blur (NULL, image, 2, NULL), PF_ERROR_INVALID_ARGUMENT);
  pf_image_destroy (image);
  pf_context_destroy (ctx);
}

static void
test_backends_agree (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  PfContext *cpu = pf_test_cpu_context ();
  /* Includes lines too long for one block's shared memory on a GPU (10000 wide). */
  static const int cases[][2] = { { 1, 1 }, { 257, 129 }, { 10000, 3 }, { 2, 9000 } };
  static const float radii[] = { 1.5f, 9, 60 };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    for (gsize r = 0; r < G_N_ELEMENTS (radii); r++)
      {
        int w = cases[i][0], h = cases[i][1];
        g_autofree guint8 *pixels = pf_test_pixels_random (w, h, (guint32) (i * 7 + r), FALSE);
        PfImage *a = pf_test_image_from (ctx, w, h, pixels);
        PfImage *b = pf_test_image_from (cpu, w, h, pixels);
        pf_assert_ok (pf_blur (ctx, a, radii[r], NULL));
        pf_assert_ok (pf_blur (cpu, b, radii[r], NULL));
        g_autofree guint8 *out_a = pf_test_download (ctx, a);
        g_autofree guint8 *out_b = pf_test_download (cpu, b);
        /* Integer arithmetic throughout: the same bits. */
        pf_test_assert_close (out_a, out_b, w, h, 0);
        pf_image_destroy (a);
        pf_image_destroy (b);
      }
  pf_context_destroy (cpu);
  pf_context_destroy (ctx);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/blur/constant-stays-constant", test_constant_stays_constant);
  g_test_add_func ("/blur/preserves-channel-sums", test_preserves_channel_sums);
  g_test_add_func ("/blur/radius-zero-is-identity", test_radius_zero_is_identity);
  g_test_add_func ("/blur/is-symmetric", test_is_symmetric);
  g_test_add_func ("/blur/spreads-like-a-gaussian", test_spreads_like_a_gaussian);
  g_test_add_func ("/blur/transparent-stays-transparent", test_transparent_stays_transparent);
  g_test_add_func ("/blur/scratch-too-small", test_scratch_too_small);
  g_test_add_func ("/blur/invalid-radius", test_invalid_radius);
  g_test_add_func ("/blur/backends-agree", test_backends_agree);
  return g_test_run ();
}
