/* test-shape.c — rounded corners, strokes and drop shadows */
#include "pf-test-utils.h"

#include <math.h>
#include <string.h>

static guint8 *
pixels_filled (int width, int height, const guint8 px[4])
{
  guint8 *p = g_malloc ((gsize) width * height * 4);
  for (gsize i = 0; i < (gsize) width * height; i++)
    memcpy (p + i * 4, px, 4);
  return p;
}

static PfImage *
image_filled (PfContext *ctx, int width, int height, const guint8 px[4])
{
  g_autofree guint8 *p = pixels_filled (width, height, px);
  return pf_test_image_from (ctx, width, height, p);
}

/* Alpha of a pixel of a shape with a 1-pixel antialiased edge: its centre lies at signed
 * distance @d from the edge (negative inside). */
static double
coverage (double d)
{
  return CLAMP (0.5 - d, 0.0, 1.0) * 255;
}

/* Signed distance of (px, py) to the rectangle [0, w] × [0, h] rounded by @r. */
static double
round_rect_distance (double px, double py, double w, double h, double r)
{
  double qx = fabs (px - w / 2) - w / 2 + r, qy = fabs (py - h / 2) - h / 2 + r;
  double outside = hypot (MAX (qx, 0), MAX (qy, 0));
  return outside + MIN (MAX (qx, qy), 0) - r;
}

static const guint8 opaque_orange[4] = { 250, 120, 20, 255 };
static const guint8 opaque_white[4] = { 255, 255, 255, 255 };

/* ---- round corners ---- */

static void
check_round_rect (const guint8 *out, int w, int h, double r, const guint8 px[4])
{
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        double d = round_rect_distance (x + 0.5, y + 0.5, w, h, r);
        double a = coverage (d);
        const guint8 *p = pf_test_px (out, w, x, y);
        if (fabs (p[3] - a) > 1.0)
          g_error ("pixel (%d, %d): alpha %d, expected %.1f", x, y, p[3], a);
        /* Colour scaled with alpha (an opaque source keeps its ratio). */
        for (int c = 0; c < 3; c++)
          g_assert_cmpfloat (fabs (p[c] - px[c] * p[3] / 255.0), <=, 1.0);
      }
}

static void
test_corners_edge_coverage_is_partial (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  const int w = 64, h = 48;
  const double r = 20;
  PfImage *image = image_filled (ctx, w, h, opaque_orange);
  pf_assert_ok (pf_round_corners (ctx, image, (float) r));
  g_autofree guint8 *out = pf_test_download (ctx, image);

  check_round_rect (out, w, h, r, opaque_orange);
  /* The corner pixels are gone, the arc is antialiased, the rest exactly kept. */
  g_assert_cmpint (pf_test_px (out, w, 0, 0)[3], ==, 0);
  g_assert_cmpint (pf_test_px (out, w, w - 1, h - 1)[3], ==, 0);
  int partial = 0;
  for (int y = 0; y < 20; y++)
    for (int x = 0; x < 20; x++)
      {
        double d = hypot (x + 0.5 - r, y + 0.5 - r) - r;
        guint8 a = pf_test_px (out, w, x, y)[3];
        if (fabs (d) < 0.4)
          {
            g_assert_cmpint (a, >, 0);
            g_assert_cmpint (a, <, 255);
            partial++;
          }
      }
  g_assert_cmpint (partial, >=, 10);
  const int kept[][2] = { { 32, 24 }, { 32, 0 }, { 0, 24 }, { 63, 24 }, { 32, 47 }, { 20, 0 },
                          { 0, 20 }, { 43, 47 } };
  for (gsize i = 0; i < G_N_ELEMENTS (kept); i++)
    g_assert_cmpmem (pf_test_px (out, w, kept[i][0], kept[i][1]), 4, opaque_orange, 4);
  pf_image_destroy (image);
  pf_context_destroy (ctx);
}

static void
test_corners_radius_is_clamped (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  /* A square with a huge radius becomes the inscribed circle. */
  const int n = 40;
  PfImage *image = image_filled (ctx, n, n, opaque_orange);
  pf_assert_ok (pf_round_corners (ctx, image, 1e6f));
  g_autofree guint8 *out = pf_test_download (ctx, image);
  for (int y = 0; y < n; y++)
    for (int x = 0; x < n; x++)
      {
        double d = hypot (x + 0.5 - n / 2.0, y + 0.5 - n / 2.0) - n / 2.0;
        g_assert_cmpfloat (fabs (pf_test_px (out, n, x, y)[3] - coverage (d)), <=, 1.0);
      }

  PfImage *half = image_filled (ctx, n, n, opaque_orange);
  pf_assert_ok (pf_round_corners (ctx, half, n / 2.0f));
  g_autofree guint8 *out_half = pf_test_download (ctx, half);
  g_assert_cmpmem (out, n * n * 4, out_half, n * n * 4);

  /* Not square: clamped to half the shorter side (a stadium). */
  PfImage *wide = image_filled (ctx, 50, 20, opaque_orange);
  pf_assert_ok (pf_round_corners (ctx, wide, 1000));
  g_autofree guint8 *out_wide = pf_test_download (ctx, wide);
  check_round_rect (out_wide, 50, 20, 10, opaque_orange);

  pf_image_destroy (wide);
  pf_image_destroy (half);
  pf_image_destroy (image);
  pf_context_destroy (ctx);
}

static void
test_corners_radius_zero_is_identity (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  g_autofree guint8 *pixels = pf_test_pixels_random (31, 17, 9, FALSE);
  static const float radii[] = { 0, 0.25f, 0.5f };
  for (gsize i = 0; i < G_N_ELEMENTS (radii); i++)
    {
      PfImage *image = pf_test_image_from (ctx, 31, 17, pixels);
      pf_assert_ok (pf_round_corners (ctx, image, radii[i]));
      g_autofree guint8 *out = pf_test_download (ctx, image);
      /* Up to half a pixel, every pixel centre stays at least 0.5 inside: full coverage. */
      g_assert_cmpmem (out, 31 * 17 * 4, pixels, 31 * 17 * 4);
      pf_image_destroy (image);
    }
  pf_context_destroy (ctx);
}

static void
test_corners_one_pixel (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  /* The radius clamps to 0.5: a circle through the pixel's corners' midpoints, whose
   * centre is half a pixel inside. */
  PfImage *image = image_filled (ctx, 1, 1, opaque_orange);
  pf_assert_ok (pf_round_corners (ctx, image, 10));
  g_autofree guint8 *out = pf_test_download (ctx, image);
  g_assert_cmpmem (out, 4, opaque_orange, 4);
  pf_image_destroy (image);

  /* A 1-pixel-wide column: only its ends can lose coverage, and keep half-pixel caps. */
  image = image_filled (ctx, 1, 9, opaque_orange);
  pf_assert_ok (pf_round_corners (ctx, image, 3));
  g_autofree guint8 *column = pf_test_download (ctx, image);
  for (int y = 0; y < 9; y++)
    g_assert_cmpmem (column + y * 4, 4, opaque_orange, 4);
  pf_image_destroy (image);
  pf_context_destroy (ctx);
}

static void
test_corners_invalid (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  PfImage *image = image_filled (ctx, 4, 4, opaque_orange);
  pf_assert_status (pf_round_corners (ctx, image, -1), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_round_corners (ctx, image, NAN), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_round_corners (ctx, image, INFINITY), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_round_corners (ctx, NULL, 2), PF_ERROR_INVALID_ARGUMENT);
  pf_image_destroy (image);
  pf_context_destroy (ctx);
}

/* ---- stroke ---- */

static const guint8 clear[4] = { 0, 0, 0, 0 };
static const PfColor white = { 255, 255, 255, 255 };

/* Strokes a transparent @w × @h image; returns dst's pixels, its size and origin. */
static guint8 *
stroke_clear (PfContext *ctx, int w, int h, PfStrokePosition position, float width,
              float corner, int *dw, int *dh, int *ox, int *oy)
{
  PfImage *src = image_filled (ctx, w, h, clear);
  PfImage *dst = NULL;
  pf_assert_ok (pf_image_create (ctx, w + 200, h + 200, &dst));
  PfStroke stroke = { width, white, position, corner };
  pf_assert_ok (pf_stroke (ctx, src, dst, &stroke, ox, oy));
  *dw = pf_image_get_width (dst);
  *dh = pf_image_get_height (dst);
  guint8 *out = pf_test_download (ctx, dst);
  pf_image_destroy (dst);
  pf_image_destroy (src);
  return out;
}

/* Along row @y from x0 towards x1: summed coverage, and pixels at least half covered. */
static void
measure_band (const guint8 *out, int w, int y, int x0, int x1, double *sum, int *count)
{
  int step = x1 > x0 ? 1 : -1;
  *sum = 0;
  *count = 0;
  for (int x = x0; x != x1; x += step)
    {
      guint8 a = pf_test_px (out, w, x, y)[3];
      *sum += a / 255.0;
      *count += a >= 128;
    }
}

static void
check_band_width (const guint8 *out, int w, int h, double width)
{
  double sum;
  int count;
  /* Left and right halves of the middle row, each side's band alone. */
  measure_band (out, w, h / 2, 0, w / 2, &sum, &count);
  g_test_message ("band: coverage %.3f, %d pixels; width %.2f", sum, count, width);
  g_assert_cmpfloat (fabs (sum - width), <=, 0.05);
  g_assert_cmpint (abs (count - (int) round (width)), <=, 1);
  measure_band (out, w, h / 2, w - 1, w / 2 - 1, &sum, &count);
  g_assert_cmpfloat (fabs (sum - width), <=, 0.05);
  g_assert_cmpint (abs (count - (int) round (width)), <=, 1);
}

static void
test_stroke_inside (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  int dw, dh, ox, oy;
  static const float widths[] = { 4, 4.5f, 0.3f, 1 };
  for (gsize i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autofree guint8 *out = stroke_clear (ctx, 40, 30, PF_STROKE_INSIDE, widths[i], 0,
                                             &dw, &dh, &ox, &oy);
      g_assert_cmpint (dw, ==, 40);
      g_assert_cmpint (dh, ==, 30);
      g_assert_cmpint (ox, ==, 0);
      g_assert_cmpint (oy, ==, 0);
      check_band_width (out, dw, dh, widths[i]);
      /* The centre is untouched. */
      g_assert_cmpmem (pf_test_px (out, dw, 20, 15), 4, clear, 4);
    }

  /* Over an opaque image: full band pixels are the stroke colour, then the image. */
  PfImage *src = image_filled (ctx, 40, 30, opaque_orange);
  PfImage *dst = NULL;
  pf_assert_ok (pf_image_create (ctx, 1, 1, &dst));
  pf_assert_status (pf_stroke (ctx, src, dst, &(PfStroke) { 4, white, PF_STROKE_INSIDE, 0 },
                               NULL, NULL),
                    PF_ERROR_CAPACITY);
  /* In place is allowed when nothing grows. */
  pf_assert_ok (pf_stroke (ctx, src, src, &(PfStroke) { 4, white, PF_STROKE_INSIDE, 0 }, &ox,
                           &oy));
  g_autofree guint8 *out = pf_test_download (ctx, src);
  for (int x = 0; x < 4; x++)
    g_assert_cmpmem (pf_test_px (out, 40, x, 15), 4, opaque_white, 4);
  for (int x = 4; x < 36; x++)
    g_assert_cmpmem (pf_test_px (out, 40, x, 15), 4, opaque_orange, 4);
  pf_image_destroy (dst);
  pf_image_destroy (src);
  pf_context_destroy (ctx);
}

static void
test_stroke_outside (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  int dw, dh, ox, oy;
  g_autofree guint8 *out = stroke_clear (ctx, 40, 30, PF_STROKE_OUTSIDE, 2.5f, 0, &dw, &dh,
                                         &ox, &oy);
  /* Grows by ceil(2.5) = 3 on each side. */
  g_assert_cmpint (dw, ==, 46);
  g_assert_cmpint (dh, ==, 36);
  g_assert_cmpint (ox, ==, 3);
  g_assert_cmpint (oy, ==, 3);
  check_band_width (out, dw, dh, 2.5);
  /* Nothing inside the image's bounds. */
  for (int x = ox; x < ox + 40; x++)
    g_assert_cmpint (pf_test_px (out, dw, x, dh / 2)[3], ==, 0);

  /* The image lands at the origin, unchanged. */
  PfImage *src = image_filled (ctx, 40, 30, opaque_orange);
  PfImage *dst = NULL;
  pf_assert_ok (pf_image_create (ctx, 64, 64, &dst));
  pf_assert_ok (pf_stroke (ctx, src, dst, &(PfStroke) { 3, white, PF_STROKE_OUTSIDE, 0 }, &ox,
                           &oy));
  g_autofree guint8 *img = pf_test_download (ctx, dst);
  g_assert_cmpint (pf_image_get_width (dst), ==, 46);
  for (int y = 0; y < 30; y++)
    for (int x = 0; x < 40; x++)
      g_assert_cmpmem (pf_test_px (img, 46, x + ox, y + oy), 4, opaque_orange, 4);
  for (int x = 0; x < 3; x++)
    g_assert_cmpmem (pf_test_px (img, 46, x, 18), 4, opaque_white, 4);
  pf_assert_status (pf_stroke (ctx, src, src, &(PfStroke) { 3, white, PF_STROKE_OUTSIDE, 0 },
                               NULL, NULL),
                    PF_ERROR_INVALID_ARGUMENT);
  pf_image_destroy (dst);
  pf_image_destroy (src);
  pf_context_destroy (ctx);
}

static void
test_stroke_center (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  int dw, dh, ox, oy;
  g_autofree guint8 *out = stroke_clear (ctx, 40, 30, PF_STROKE_CENTER, 5, 0, &dw, &dh, &ox,
                                         &oy);
  /* Half (2.5) on each side of the edge: grows by 3. */
  g_assert_cmpint (dw, ==, 46);
  g_assert_cmpint (dh, ==, 36);
  g_assert_cmpint (ox, ==, 3);
  g_assert_cmpint (oy, ==, 3);
  check_band_width (out, dw, dh, 5);
  double inside, outside;
  int n;
  measure_band (out, dw, dh / 2, 0, ox, &outside, &n);
  measure_band (out, dw, dh / 2, ox, dw / 2, &inside, &n);
  g_assert_cmpfloat (fabs (outside - 2.5), <=, 0.05);
  g_assert_cmpfloat (fabs (inside - 2.5), <=, 0.05);
  pf_context_destroy (ctx);
}

static void
test_stroke_follows_rounded_corners (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  const int n = 40;
  const double r = 12, width = 3;
  PfImage *src = image_filled (ctx, n, n, opaque_orange);
  pf_assert_ok (pf_round_corners (ctx, src, (float) r));
  PfImage *dst = NULL;
  pf_assert_ok (pf_image_create (ctx, n, n, &dst));
  int ox, oy;
  pf_assert_ok (pf_stroke (ctx, src, dst,
                           &(PfStroke) { (float) width, white, PF_STROKE_INSIDE, (float) r },
                           &ox, &oy));
  g_autofree guint8 *out = pf_test_download (ctx, dst);
  /* Outside the rounded edge: still transparent. */
  g_assert_cmpmem (pf_test_px (out, n, 0, 0), 4, clear, 4);
  g_assert_cmpmem (pf_test_px (out, n, 1, 2), 4, clear, 4);
  /* Every pixel: white with the coverage of the band between the edge and the edge moved
   * inwards by the width, source-over the rounded orange image. */
  for (int y = 0; y < n; y++)
    for (int x = 0; x < n; x++)
      {
        double d = round_rect_distance (x + 0.5, y + 0.5, n, n, r);
        double band = coverage (d) - coverage (d + width);
        double shape = coverage (d);
        const guint8 *p = pf_test_px (out, n, x, y);
        g_assert_cmpfloat (fabs (p[3] - (band + shape * (1 - band / 255))), <=, 2);
        g_assert_cmpfloat (fabs (p[2] - (band + 20 * shape / 255 * (1 - band / 255))), <=, 2);
      }
  /* On the diagonal, a pixel 1.4 px inside the arc is stroke; 4 px inside is the image. */
  g_assert_cmpmem (pf_test_px (out, n, 4, 4), 4, opaque_white, 4);
  g_assert_cmpmem (pf_test_px (out, n, 6, 6), 4, opaque_orange, 4);

  /* Outside: the outer edge stays concentric (radius r + width). */
  PfImage *grown = NULL;
  pf_assert_ok (pf_image_create (ctx, 64, 64, &grown));
  pf_assert_ok (pf_stroke (ctx, src, grown,
                           &(PfStroke) { (float) width, white, PF_STROKE_OUTSIDE, (float) r },
                           &ox, &oy));
  g_autofree guint8 *outer = pf_test_download (ctx, grown);
  int gw = pf_image_get_width (grown);
  g_assert_cmpint (gw, ==, n + 6);
  for (int y = 0; y < gw; y++)
    for (int x = 0; x < gw; x++)
      {
        double d = round_rect_distance (x + 0.5 - ox, y + 0.5 - oy, n, n, r);
        double band = coverage (d - width) - coverage (d), shape = coverage (d);
        guint8 a = pf_test_px (outer, gw, x, y)[3];
        g_assert_cmpfloat (fabs (a - (band + shape * (1 - band / 255))), <=, 2);
        /* Past the image, the outer edge is the grown rectangle rounded by r + width. */
        if (shape == 0)
          g_assert_cmpfloat (fabs (a - coverage (round_rect_distance (x + 0.5, y + 0.5, gw, gw,
                                                                      r + width))),
                             <=, 1);
      }
  pf_image_destroy (grown);
  pf_image_destroy (dst);
  pf_image_destroy (src);
  pf_context_destroy (ctx);
}

static void
test_stroke_zero_width_copies (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  g_autofree guint8 *pixels = pf_test_pixels_random (23, 19, 4, FALSE);
  PfImage *src = pf_test_image_from (ctx, 23, 19, pixels);
  PfImage *dst = NULL;
  pf_assert_ok (pf_image_create (ctx, 30, 30, &dst));
  for (int pos = PF_STROKE_INSIDE; pos <= PF_STROKE_CENTER; pos++)
    {
      int ox = -1, oy = -1;
      pf_assert_ok (pf_stroke (ctx, src, dst, &(PfStroke) { 0, white, pos, 5 }, &ox, &oy));
      g_assert_cmpint (ox, ==, 0);
      g_assert_cmpint (oy, ==, 0);
      g_assert_cmpint (pf_image_get_width (dst), ==, 23);
      g_assert_cmpint (pf_image_get_height (dst), ==, 19);
      g_autofree guint8 *out = pf_test_download (ctx, dst);
      g_assert_cmpmem (out, 23 * 19 * 4, pixels, 23 * 19 * 4);
    }
  pf_image_destroy (dst);
  pf_image_destroy (src);
  pf_context_destroy (ctx);
}

static void
test_stroke_invalid (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  PfImage *src = image_filled (ctx, 8, 8, opaque_orange);
  PfImage *dst = NULL;
  pf_assert_ok (pf_image_create (ctx, 16, 16, &dst));
  int ox, oy;
  PfStroke good = { 2, white, PF_STROKE_OUTSIDE, 0 };
  pf_assert_status (pf_stroke (ctx, src, dst, NULL, &ox, &oy), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_stroke (ctx, NULL, dst, &good, &ox, &oy), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_stroke (ctx, src, NULL, &good, &ox, &oy), PF_ERROR_INVALID_ARGUMENT);
  PfStroke bad = good;
  bad.width = -1;
  pf_assert_status (pf_stroke (ctx, src, dst, &bad, &ox, &oy), PF_ERROR_INVALID_ARGUMENT);
  bad.width = NAN;
  pf_assert_status (pf_stroke (ctx, src, dst, &bad, &ox, &oy), PF_ERROR_INVALID_ARGUMENT);
  bad.width = INFINITY;
  pf_assert_status (pf_stroke (ctx, src, dst, &bad, &ox, &oy), PF_ERROR_INVALID_ARGUMENT);
  bad = good;
  bad.corner_radius = NAN;
  pf_assert_status (pf_stroke (ctx, src, dst, &bad, &ox, &oy), PF_ERROR_INVALID_ARGUMENT);
  bad.corner_radius = -3;
  pf_assert_status (pf_stroke (ctx, src, dst, &bad, &ox, &oy), PF_ERROR_INVALID_ARGUMENT);
  bad = good;
  bad.position = (PfStrokePosition) 7;
  pf_assert_status (pf_stroke (ctx, src, dst, &bad, &ox, &oy), PF_ERROR_INVALID_ARGUMENT);
  /* Too large to ever fit. */
  bad = good;
  bad.width = 1e9f;
  pf_assert_status (pf_stroke (ctx, src, dst, &bad, &ox, &oy), PF_ERROR_TOO_LARGE);
  /* A huge inside stroke just covers everything. */
  bad.position = PF_STROKE_INSIDE;
  pf_assert_ok (pf_stroke (ctx, src, dst, &bad, &ox, &oy));
  g_autofree guint8 *out = pf_test_download (ctx, dst);
  for (int i = 0; i < 64; i++)
    g_assert_cmpmem (out + i * 4, 4, opaque_white, 4);
  pf_image_destroy (dst);
  pf_image_destroy (src);
  pf_context_destroy (ctx);
}

/* ---- drop shadow ---- */

static PfImage *
shadow_of (PfContext *ctx, PfImage *src, const PfShadow *shadow, int *ox, int *oy)
{
  PfImage *dst = NULL;
  pf_assert_ok (pf_image_create (ctx, 512, 512, &dst));
  pf_assert_ok (pf_drop_shadow (ctx, src, dst, shadow, ox, oy));
  return dst;
}

static void
test_shadow_size_and_origin (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  PfImage *src = image_filled (ctx, 20, 10, opaque_orange);
  const PfColor black = { 0, 0, 0, 255 };
  static const struct
  {
    int dx, dy;
    float spread;
    int w, h, ox, oy;
  } cases[] = {
    /* No blur: the union of the image and its offset copy. */
    { 5, -3, 0, 25, 13, 0, 3 },
    { -4, 6, 0, 24, 16, 4, 0 },
    { 0, 0, 0, 20, 10, 0, 0 },
    /* A spread of 2 grows the shadow by 2 on every side. */
    { 0, 0, 2, 24, 14, 2, 2 },
    { 3, 0, 2, 25, 14, 0, 2 },
    /* Shrinking never grows dst. */
    { 1, 1, -3, 21, 11, 0, 0 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int ox = -1, oy = -1;
      PfShadow shadow = { cases[i].dx, cases[i].dy, 0, cases[i].spread, black, false };
      PfImage *dst = shadow_of (ctx, src, &shadow, &ox, &oy);
      g_assert_cmpint (pf_image_get_width (dst), ==, cases[i].w);
      g_assert_cmpint (pf_image_get_height (dst), ==, cases[i].h);
      g_assert_cmpint (ox, ==, cases[i].ox);
      g_assert_cmpint (oy, ==, cases[i].oy);
      pf_image_destroy (dst);
    }

  /* With a blur, dst grows by the blur's reach on each side: three boxes of width
   * between √(radius² + 1) − 2 and √(radius² + 1) + 2, so between 1.5 × radius − 4.5 and
   * 1.5 × radius + 2. Symmetric when not offset. */
  static const float blurs[] = { 6, 25, 80 };
  for (gsize i = 0; i < G_N_ELEMENTS (blurs); i++)
    {
      int ox, oy;
      PfShadow shadow = { 0, 0, blurs[i], 0, black, false };
      PfImage *dst = shadow_of (ctx, src, &shadow, &ox, &oy);
      int w = pf_image_get_width (dst), h = pf_image_get_height (dst);
      g_assert_cmpint (ox, ==, oy);
      g_assert_cmpint (w, ==, 20 + 2 * ox);
      g_assert_cmpint (h, ==, 10 + 2 * oy);
      g_assert_cmpfloat (ox, >=, 1.5 * blurs[i] - 4.5);
      g_assert_cmpfloat (ox, <=, 1.5 * blurs[i] + 2);
      pf_image_destroy (dst);
    }
  pf_image_destroy (src);
  pf_context_destroy (ctx);
}

static void
test_shadow_is_not_clipped (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  /* The shadow, beside the image, carries as much alpha blurred as sharp: dst holds all
   * of it. Bound: rounding of ≤ 0.5/256 per sample in six passes and 0.5 per final pixel
   * over the dst area, times the colour's alpha share. */
  PfImage *src = image_filled (ctx, 16, 16, opaque_orange);
  const PfColor black = { 0, 0, 0, 255 };
  double mass[2];
  int areas[2];
  for (int blurred = 0; blurred < 2; blurred++)
    {
      int ox, oy;
      PfShadow shadow = { 40, 0, blurred ? 10.0f : 0.0f, 0, black, false };
      PfImage *dst = shadow_of (ctx, src, &shadow, &ox, &oy);
      int w = pf_image_get_width (dst), h = pf_image_get_height (dst);
      g_autofree guint8 *out = pf_test_download (ctx, dst);
      mass[blurred] = 0;
      for (int y = 0; y < h; y++)
        for (int x = ox + 16; x < w; x++)
          mass[blurred] += pf_test_px (out, w, x, y)[3];
      areas[blurred] = w * h;
      pf_image_destroy (dst);
    }
  double bound = areas[1] * (0.5 + 6 * 0.5 / 256);
  g_test_message ("shadow alpha: %.0f sharp, %.0f blurred (bound %.0f)", mass[0], mass[1],
                  bound);
  g_assert_cmpfloat (mass[0], ==, 16 * 16 * 255);
  g_assert_cmpfloat (fabs (mass[1] - mass[0]), <=, bound);
  pf_image_destroy (src);
  pf_context_destroy (ctx);
}

static void
test_shadow_colour_where_mask_is_full (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  PfImage *src = image_filled (ctx, 40, 40, opaque_orange);
  const PfColor color = { 0, 60, 255, 128 };
  /* Premultiplied, rounded to nearest: 60 · 128 / 255 = 30.1, 255 · 128 / 255 = 128. */
  const guint8 expected[4] = { 0, 30, 128, 128 };
  int ox, oy;
  PfShadow shadow = { 60, 5, 4, 0, color, false };
  PfImage *dst = shadow_of (ctx, src, &shadow, &ox, &oy);
  int w = pf_image_get_width (dst);
  g_autofree guint8 *out = pf_test_download (ctx, dst);
  /* The blur reaches less than 8 px: the shadow's middle keeps a full mask. */
  for (int y = 10; y < 30; y++)
    for (int x = 10; x < 30; x++)
      g_assert_cmpmem (pf_test_px (out, w, ox + 60 + x, oy + 5 + y), 4, expected, 4);
  pf_image_destroy (dst);
  pf_image_destroy (src);
  pf_context_destroy (ctx);
}

static void
test_shadow_image_unchanged_where_opaque (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  g_autofree guint8 *pixels = pf_test_pixels_random (30, 20, 21, TRUE);
  PfImage *src = pf_test_image_from (ctx, 30, 20, pixels);
  int ox, oy;
  PfShadow shadow = { 3, 4, 5, 1, { 0, 0, 0, 200 }, false };
  PfImage *dst = shadow_of (ctx, src, &shadow, &ox, &oy);
  int w = pf_image_get_width (dst);
  g_autofree guint8 *out = pf_test_download (ctx, dst);
  for (int y = 0; y < 20; y++)
    for (int x = 0; x < 30; x++)
      g_assert_cmpmem (pf_test_px (out, w, ox + x, oy + y), 4, pf_test_px (pixels, 30, x, y),
                       4);
  /* Beside it, the shadow (dark, translucent) shows. */
  const guint8 *below = pf_test_px (out, w, ox + 15, oy + 21);
  g_assert_cmpint (below[3], >, 0);
  g_assert_cmpint (below[3], <=, 200);
  g_assert_cmpint (below[0], ==, 0);

  /* Translucent image over the shadow: exact premultiplied source-over. */
  const guint8 half_white[4] = { 128, 128, 128, 128 };
  PfImage *ghost = image_filled (ctx, 30, 20, half_white);
  PfShadow solid = { 0, 0, 0, 0, { 0, 0, 0, 255 }, false };
  PfImage *dst2 = shadow_of (ctx, ghost, &solid, &ox, &oy);
  g_autofree guint8 *out2 = pf_test_download (ctx, dst2);
  /* The shadow under it has the image's alpha (128): colour 128 + 0 · 127 / 255, alpha
   * 128 + 128 · 127 / 255 = 191.75. */
  const guint8 expected[4] = { 128, 128, 128, 192 };
  g_assert_cmpmem (pf_test_px (out2, 30, 10, 10), 4, expected, 4);
  pf_image_destroy (dst2);
  pf_image_destroy (ghost);
  pf_image_destroy (dst);
  pf_image_destroy (src);
  pf_context_destroy (ctx);
}

static void
test_shadow_inner_darkens_only_inside (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  /* A white square (10..29) on transparent, inner shadow pushed down by 4. */
  const int n = 40;
  g_autofree guint8 *pixels = g_malloc0 (n * n * 4);
  for (int y = 10; y < 30; y++)
    memset (pixels + (y * n + 10) * 4, 255, 20 * 4);
  PfImage *src = pf_test_image_from (ctx, n, n, pixels);
  int ox = -1, oy = -1;
  PfShadow shadow = { 0, 4, 4, 0, { 0, 0, 0, 255 }, true };
  PfImage *dst = shadow_of (ctx, src, &shadow, &ox, &oy);
  g_assert_cmpint (ox, ==, 0);
  g_assert_cmpint (oy, ==, 0);
  g_assert_cmpint (pf_image_get_width (dst), ==, n);
  g_assert_cmpint (pf_image_get_height (dst), ==, n);
  g_autofree guint8 *out = pf_test_download (ctx, dst);

  for (int y = 0; y < n; y++)
    for (int x = 0; x < n; x++)
      {
        const guint8 *p = pf_test_px (out, n, x, y), *s = pf_test_px (pixels, n, x, y);
        /* Alpha kept: outside stays transparent, inside stays opaque. */
        g_assert_cmpint (p[3], ==, s[3]);
        for (int c = 0; c < 3; c++)
          g_assert_cmpint (p[c], <=, s[c]);
      }
  /* The top inside edge is shadowed; the bottom one and the middle are not. */
  g_assert_cmpint (pf_test_px (out, n, 20, 10)[0], <, 128);
  g_assert_cmpint (pf_test_px (out, n, 20, 29)[0], ==, 255);
  g_assert_cmpint (pf_test_px (out, n, 20, 22)[0], ==, 255);
  /* The sides are shadowed a little (blur), symmetric left to right. */
  g_assert_cmpint (pf_test_px (out, n, 10, 20)[0], <, 255);
  g_assert_cmpint (pf_test_px (out, n, 10, 20)[0], ==, pf_test_px (out, n, 29, 20)[0]);

  /* In place is allowed for inner shadows. */
  pf_assert_ok (pf_drop_shadow (ctx, src, src, &shadow, NULL, NULL));
  g_autofree guint8 *in_place = pf_test_download (ctx, src);
  g_assert_cmpmem (in_place, n * n * 4, out, n * n * 4);
  pf_image_destroy (dst);
  pf_image_destroy (src);
  pf_context_destroy (ctx);
}

/* Shadow pixels (alpha > 0) of the shadow's middle row, right of the image. */
static int
shadow_extent (PfContext *ctx, PfImage *src, float spread, int *dst_width)
{
  int ox, oy;
  PfShadow shadow = { 60, 0, 0, spread, { 0, 0, 0, 255 }, false };
  PfImage *dst = shadow_of (ctx, src, &shadow, &ox, &oy);
  int w = pf_image_get_width (dst);
  g_autofree guint8 *out = pf_test_download (ctx, dst);
  int count = 0;
  for (int x = ox + 20; x < w; x++)
    count += pf_test_px (out, w, x, oy + 10)[3] > 0;
  *dst_width = w;
  pf_image_destroy (dst);
  return count;
}

static void
test_shadow_spread_grows_extent (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  PfImage *src = image_filled (ctx, 20, 20, opaque_orange);
  int w0, w;
  g_assert_cmpint (shadow_extent (ctx, src, 0, &w0), ==, 20);
  g_assert_cmpint (shadow_extent (ctx, src, 3, &w), ==, 26);
  g_assert_cmpint (w, ==, w0 + 3);   /* the left side is covered by the image's room */
  g_assert_cmpint (shadow_extent (ctx, src, -3, &w), ==, 14);
  g_assert_cmpint (w, ==, w0);
  g_assert_cmpint (shadow_extent (ctx, src, 2.6f, &w), ==, 26);   /* rounded to 3 */
  pf_image_destroy (src);
  pf_context_destroy (ctx);
}

static void
test_shadow_invalid (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  PfImage *src = image_filled (ctx, 8, 8, opaque_orange);
  PfImage *dst = NULL, *tiny = NULL;
  pf_assert_ok (pf_image_create (ctx, 64, 64, &dst));
  pf_assert_ok (pf_image_create (ctx, 8, 8, &tiny));
  int ox, oy;
  const PfShadow good = { 2, 2, 3, 0, { 0, 0, 0, 128 }, false };
  PfShadow bad;
  pf_assert_status (pf_drop_shadow (ctx, src, dst, NULL, &ox, &oy), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_drop_shadow (ctx, NULL, dst, &good, &ox, &oy), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_drop_shadow (ctx, src, NULL, &good, &ox, &oy), PF_ERROR_INVALID_ARGUMENT);
  bad = good;
  bad.blur = -1;
  pf_assert_status (pf_drop_shadow (ctx, src, dst, &bad, &ox, &oy), PF_ERROR_INVALID_ARGUMENT);
  bad.blur = NAN;
  pf_assert_status (pf_drop_shadow (ctx, src, dst, &bad, &ox, &oy), PF_ERROR_INVALID_ARGUMENT);
  bad.blur = INFINITY;
  pf_assert_status (pf_drop_shadow (ctx, src, dst, &bad, &ox, &oy), PF_ERROR_INVALID_ARGUMENT);
  bad = good;
  bad.spread = NAN;
  pf_assert_status (pf_drop_shadow (ctx, src, dst, &bad, &ox, &oy), PF_ERROR_INVALID_ARGUMENT);
  bad.spread = -INFINITY;
  pf_assert_status (pf_drop_shadow (ctx, src, dst, &bad, &ox, &oy), PF_ERROR_INVALID_ARGUMENT);
  bad.spread = 1e6f;
  pf_assert_status (pf_drop_shadow (ctx, src, dst, &bad, &ox, &oy), PF_ERROR_INVALID_ARGUMENT);
  bad = good;
  bad.dx = 1000000;
  pf_assert_status (pf_drop_shadow (ctx, src, dst, &bad, &ox, &oy), PF_ERROR_INVALID_ARGUMENT);
  bad = good;
  bad.dy = G_MININT;
  pf_assert_status (pf_drop_shadow (ctx, src, dst, &bad, &ox, &oy), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_drop_shadow (ctx, src, src, &good, &ox, &oy), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_drop_shadow (ctx, src, tiny, &good, &ox, &oy), PF_ERROR_CAPACITY);
  /* An inner shadow fits a dst of src's size. */
  bad = good;
  bad.inner = true;
  pf_assert_ok (pf_drop_shadow (ctx, src, tiny, &bad, &ox, &oy));
  pf_image_destroy (tiny);
  pf_image_destroy (dst);
  pf_image_destroy (src);
  pf_context_destroy (ctx);
}

/* ---- both backends ---- */

static void
test_shapes_backends_agree (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  PfContext *cpu = pf_test_cpu_context ();
  PfContext *ctxs[2] = { ctx, cpu };
  guint8 *out[2];
  int w[2], h[2], ox[2], oy[2];
  const int sw = 97, sh = 61;
  g_autofree guint8 *pixels = pf_test_pixels_random (sw, sh, 5, FALSE);
  static const PfShadow shadows[] = {
    { 7, -5, 9, 2, { 10, 20, 30, 200 }, false },
    { -3, 4, 12.5f, -2, { 200, 0, 30, 255 }, false },
    { 0, 6, 6, 3, { 0, 0, 0, 180 }, true },
    { -50, 90, 40, -4, { 0, 0, 0, 255 }, true },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (shadows); i++)
    {
      for (int k = 0; k < 2; k++)
        {
          PfImage *src = pf_test_image_from (ctxs[k], sw, sh, pixels), *dst = NULL;
          pf_assert_ok (pf_image_create (ctxs[k], 512, 512, &dst));
          pf_assert_ok (pf_drop_shadow (ctxs[k], src, dst, &shadows[i], &ox[k], &oy[k]));
          w[k] = pf_image_get_width (dst);
          h[k] = pf_image_get_height (dst);
          out[k] = pf_test_download (ctxs[k], dst);
          pf_image_destroy (dst);
          pf_image_destroy (src);
        }
      g_assert_cmpint (w[0], ==, w[1]);
      g_assert_cmpint (h[0], ==, h[1]);
      g_assert_cmpint (ox[0], ==, ox[1]);
      pf_test_assert_close (out[0], out[1], w[0], h[0], 0);
      g_free (out[0]);
      g_free (out[1]);
    }

  static const PfStroke strokes[] = {
    { 3.3f, { 255, 128, 0, 200 }, PF_STROKE_OUTSIDE, 17 },
    { 5, { 0, 128, 255, 255 }, PF_STROKE_INSIDE, 1000 },
    { 2.5f, { 0, 0, 0, 90 }, PF_STROKE_CENTER, 6.5f },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (strokes); i++)
    {
      for (int k = 0; k < 2; k++)
        {
          PfImage *src = pf_test_image_from (ctxs[k], sw, sh, pixels), *dst = NULL;
          pf_assert_ok (pf_image_create (ctxs[k], 128, 128, &dst));
          pf_assert_ok (pf_round_corners (ctxs[k], src, strokes[i].corner_radius));
          pf_assert_ok (pf_stroke (ctxs[k], src, dst, &strokes[i], &ox[k], &oy[k]));
          w[k] = pf_image_get_width (dst);
          h[k] = pf_image_get_height (dst);
          out[k] = pf_test_download (ctxs[k], dst);
          pf_image_destroy (dst);
          pf_image_destroy (src);
        }
      g_assert_cmpint (w[0], ==, w[1]);
      /* Integer geometry: the same bits. */
      pf_test_assert_close (out[0], out[1], w[0], h[0], 0);
      g_free (out[0]);
      g_free (out[1]);
    }
  pf_context_destroy (cpu);
  pf_context_destroy (ctx);
}

/* A shadow computed alone, with the image composited over it afterwards, is exactly the
 * drop shadow: what lets the renderer share one shadow between cells of the same shape. */
static void
test_shadow_only_then_image_is_the_same (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  PfImage *src = pf_test_image_random (ctx, 61, 47, 11), *full = NULL, *alone = NULL;
  pf_assert_ok (pf_round_corners (ctx, src, 9.0f));
  pf_assert_ok (pf_image_create (ctx, 200, 200, &full));
  pf_assert_ok (pf_image_create (ctx, 200, 200, &alone));
  PfShadow shadow = { 5, 7, 6.0f, 2.0f, { 10, 0, 40, 150 }, false, false };
  int ox = 0, oy = 0, ox2 = -1, oy2 = -1;
  pf_assert_ok (pf_drop_shadow (ctx, src, full, &shadow, &ox, &oy));
  shadow.shadow_only = true;
  pf_assert_ok (pf_drop_shadow (ctx, src, alone, &shadow, &ox2, &oy2));
  g_assert_cmpint (ox, ==, ox2);
  g_assert_cmpint (oy, ==, oy2);
  g_assert_cmpint (pf_image_get_width (alone), ==, pf_image_get_width (full));
  g_assert_cmpint (pf_image_get_height (alone), ==, pf_image_get_height (full));
  /* the shadow alone holds no trace of the image's colours: grey-blue tint only */
  g_autofree guint8 *a = pf_test_download (ctx, alone);
  int w = pf_image_get_width (alone), h = pf_image_get_height (alone);
  for (int i = 0; i < w * h; i++)
    g_assert_cmpuint (a[i * 4 + 1], ==, 0);
  pf_assert_ok (pf_blend (ctx, alone, src, ox, oy, 1.0f, PF_BLEND_NORMAL));
  g_autofree guint8 *b = pf_test_download (ctx, alone);
  g_autofree guint8 *c = pf_test_download (ctx, full);
  pf_test_assert_close (b, c, w, h, 0);
  pf_image_destroy (src);
  pf_image_destroy (full);
  pf_image_destroy (alone);
  pf_context_destroy (ctx);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/round-corners/edge-coverage-is-partial",
                   test_corners_edge_coverage_is_partial);
  g_test_add_func ("/round-corners/radius-is-clamped", test_corners_radius_is_clamped);
  g_test_add_func ("/round-corners/radius-zero-is-identity",
                   test_corners_radius_zero_is_identity);
  g_test_add_func ("/round-corners/one-pixel", test_corners_one_pixel);
  g_test_add_func ("/round-corners/invalid", test_corners_invalid);
  g_test_add_func ("/stroke/inside-width", test_stroke_inside);
  g_test_add_func ("/stroke/outside-grows", test_stroke_outside);
  g_test_add_func ("/stroke/center-splits", test_stroke_center);
  g_test_add_func ("/stroke/follows-rounded-corners", test_stroke_follows_rounded_corners);
  g_test_add_func ("/stroke/zero-width-copies", test_stroke_zero_width_copies);
  g_test_add_func ("/stroke/invalid", test_stroke_invalid);
  g_test_add_func ("/shadow/size-and-origin", test_shadow_size_and_origin);
  g_test_add_func ("/shadow/alone-then-image-is-the-same", test_shadow_only_then_image_is_the_same);
  g_test_add_func ("/shadow/is-not-clipped", test_shadow_is_not_clipped);
  g_test_add_func ("/shadow/colour-where-mask-is-full", test_shadow_colour_where_mask_is_full);
  g_test_add_func ("/shadow/image-unchanged-where-opaque",
                   test_shadow_image_unchanged_where_opaque);
  g_test_add_func ("/shadow/inner-darkens-only-inside", test_shadow_inner_darkens_only_inside);
  g_test_add_func ("/shadow/spread-grows-extent", test_shadow_spread_grows_extent);
  g_test_add_func ("/shadow/invalid", test_shadow_invalid);
  g_test_add_func ("/shapes/backends-agree", test_shapes_backends_agree);
  return g_test_run ();
}
