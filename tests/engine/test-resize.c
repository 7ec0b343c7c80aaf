/* test-resize.c — resize, cover, contain and scaled download */
#include "pf-test-utils.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const PfResizeMethod all_methods[] = {
  PF_RESIZE_NEAREST, PF_RESIZE_BILINEAR, PF_RESIZE_BICUBIC, PF_RESIZE_LANCZOS3,
};

static const char *
method_name (PfResizeMethod m)
{
  static const char *names[] = { "nearest", "bilinear", "bicubic", "lanczos3" };
  return names[m];
}

/* A packed buffer of one premultiplied colour. */
static guint8 *
pixels_constant (int w, int h, const guint8 px[4])
{
  guint8 *p = g_malloc ((gsize) w * h * 4);
  for (int i = 0; i < w * h; i++)
    memcpy (p + (gsize) i * 4, px, 4);
  return p;
}

static PfImage *
image_new (PfContext *ctx, int w, int h)
{
  PfImage *image = NULL;
  pf_assert_ok (pf_image_create (ctx, w, h, &image));
  return image;
}

/* Every pixel of @w × @h @pixels equals @px; reports the first that does not. */
static void
assert_all_equal (const guint8 *pixels, int w, int h, const guint8 px[4], const char *what)
{
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *p = pf_test_px (pixels, w, x, y);
        if (memcmp (p, px, 4) != 0)
          g_error ("%s: pixel (%d, %d) is %u,%u,%u,%u, expected %u,%u,%u,%u", what, x, y, p[0],
                   p[1], p[2], p[3], px[0], px[1], px[2], px[3]);
      }
}

/* ---------------------------------------------------------------------------------------
 * An independent reference in double precision: the textbook filters, normalised
 * weights, edge clamping, no intermediate rounding.
 */

static double
ref_sinc (double x)
{
  return x == 0 ? 1.0 : sin (G_PI * x) / (G_PI * x);
}

static double
ref_kernel (PfResizeMethod m, double x)
{
  double t = fabs (x);
  switch (m)
    {
    case PF_RESIZE_BILINEAR:
      return t < 1 ? 1 - t : 0;
    case PF_RESIZE_BICUBIC:
      if (t < 1)
        return 1.5 * t * t * t - 2.5 * t * t + 1;
      if (t < 2)
        return -0.5 * t * t * t + 2.5 * t * t - 4 * t + 2;
      return 0;
    case PF_RESIZE_LANCZOS3:
      return t < 3 ? ref_sinc (x) * ref_sinc (x / 3) : 0;
    case PF_RESIZE_NEAREST:
    default:
      return 0;
    }
}

static double
ref_support (PfResizeMethod m)
{
  return m == PF_RESIZE_BILINEAR ? 1 : m == PF_RESIZE_BICUBIC ? 2 : 3;
}

/* Weights of one axis: n_out rows of n_src (dense, small sizes only). */
static double *
ref_weights (PfResizeMethod m, double origin, double extent, int n_src, int n_out)
{
  double *w = g_new0 (double, (gsize) n_out * n_src);
  double s = extent / n_out, f = s > 1 ? s : 1;
  for (int i = 0; i < n_out; i++)
    {
      double c = origin + (i + 0.5) * s - 0.5;
      double *row = w + (gsize) i * n_src;
      if (m == PF_RESIZE_NEAREST)
        {
          row[CLAMP ((int) floor (c + 0.5), 0, n_src - 1)] = 1;
          continue;
        }
      double r = ref_support (m) * f, sum = 0;
      for (int j = (int) floor (c - r) - 1; j <= (int) ceil (c + r) + 1; j++)
        {
          double k = ref_kernel (m, (j - c) / f);
          row[CLAMP (j, 0, n_src - 1)] += k;
          sum += k;
        }
      for (int j = 0; j < n_src; j++)
        row[j] /= sum;
    }
  return w;
}

static guint8 *
ref_resize (const guint8 *src, int sw, int sh, PfRect region, int bw, int bh, PfResizeMethod m)
{
  g_autofree double *wx = ref_weights (m, region.x, region.width, sw, bw);
  g_autofree double *wy = ref_weights (m, region.y, region.height, sh, bh);
  g_autofree double *tmp = g_new0 (double, (gsize) sh * bw * 4);
  for (int y = 0; y < sh; y++)
    for (int i = 0; i < bw; i++)
      for (int x = 0; x < sw; x++)
        for (int c = 0; c < 4; c++)
          tmp[((gsize) y * bw + i) * 4 + c]
              += wx[(gsize) i * sw + x] * pf_test_px (src, sw, x, y)[c];
  guint8 *out = g_malloc ((gsize) bw * bh * 4);
  for (int j = 0; j < bh; j++)
    for (int i = 0; i < bw; i++)
      {
        double v[4] = { 0 };
        for (int y = 0; y < sh; y++)
          for (int c = 0; c < 4; c++)
            v[c] += wy[(gsize) j * sh + y] * tmp[((gsize) y * bw + i) * 4 + c];
        guint8 *o = out + ((gsize) j * bw + i) * 4;
        for (int c = 0; c < 4; c++)
          o[c] = (guint8) CLAMP (floor (v[c] + 0.5), 0, 255);
        for (int c = 0; c < 3; c++)
          o[c] = MIN (o[c], o[3]);
      }
  return out;
}

/* Resizes a host buffer on @ctx: @region of src into @box of a @dw × @dh dst that starts
 * as @dst_init (or zero). Returns dst's pixels. */
static guint8 *
resize_pixels (PfContext *ctx, const guint8 *src, int sw, int sh, const PfRect *region,
               int dw, int dh, const PfBox *box, const guint8 *dst_init, PfResizeMethod m)
{
  PfImage *s = pf_test_image_from (ctx, sw, sh, src);
  PfImage *d = dst_init != NULL ? pf_test_image_from (ctx, dw, dh, dst_init)
                                : image_new (ctx, dw, dh);
  if (region == NULL && box == NULL)
    pf_assert_ok (pf_resize (ctx, s, d, m));
  else
    {
      PfRect whole = { 0, 0, sw, sh };
      pf_assert_ok (pf_resize_region (ctx, s, region != NULL ? region : &whole, d, box, m));
    }
  guint8 *out = pf_test_download (ctx, d);
  pf_image_destroy (s);
  pf_image_destroy (d);
  return out;
}

/* ---------------------------------------------------------------------------------------
 * Resize
 */

static void
test_constant_stays_constant (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  const guint8 px[4] = { 180, 90, 17, 200 };   /* premultiplied: colour <= alpha */
  /* up, down, non-integer, 1×1 and one-pixel-wide sources, identity */
  const int sizes[][4] = {
    { 1, 1, 7, 5 },   { 10, 10, 3, 3 }, { 17, 9, 40, 23 }, { 64, 48, 10, 7 },
    { 1, 13, 5, 4 },  { 13, 1, 3, 9 },  { 30, 20, 30, 20 }, { 300, 7, 2, 1 },
  };
  for (gsize s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (gsize m = 0; m < G_N_ELEMENTS (all_methods); m++)
      {
        int sw = sizes[s][0], sh = sizes[s][1], dw = sizes[s][2], dh = sizes[s][3];
        g_autofree guint8 *src = pixels_constant (sw, sh, px);
        g_autofree guint8 *out = resize_pixels (ctx, src, sw, sh, NULL, dw, dh, NULL, NULL,
                                                all_methods[m]);
        g_autofree char *what = g_strdup_printf ("%s %d×%d → %d×%d",
                                                 method_name (all_methods[m]), sw, sh, dw, dh);
        assert_all_equal (out, dw, dh, px, what);

        /* a fractional region reaching past the source repeats its (constant) edge */
        PfRect region = { -2.25, 0.5, sw + 4.5, sh * 0.75 };
        g_autofree guint8 *out2 = resize_pixels (ctx, src, sw, sh, &region, dw, dh, NULL, NULL,
                                                 all_methods[m]);
        assert_all_equal (out2, dw, dh, px, what);
      }
  pf_context_destroy (ctx);
}

static void
test_identity_is_exact (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  const int sizes[][2] = { { 1, 1 }, { 5, 3 }, { 64, 33 }, { 2, 50 } };
  for (gsize s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (gsize m = 0; m < G_N_ELEMENTS (all_methods); m++)
      {
        int w = sizes[s][0], h = sizes[s][1];
        g_autofree guint8 *src = pf_test_pixels_random (w, h, 7 + s, FALSE);
        g_autofree guint8 *out = resize_pixels (ctx, src, w, h, NULL, w, h, NULL, NULL,
                                                all_methods[m]);
        pf_test_assert_close (out, src, w, h, 0);
      }
  pf_context_destroy (ctx);
}

/* At scale 1 with a whole-pixel offset every filter lands on pixel centres: an exact copy
 * of that part of the source, edge pixels repeated beyond it. */
static void
test_region_offset_copies_exactly (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  const int sw = 40, sh = 30;
  g_autofree guint8 *src = pf_test_pixels_random (sw, sh, 3, FALSE);
  for (gsize m = 0; m < G_N_ELEMENTS (all_methods); m++)
    {
      PfRect region = { -3, 12, 20, 25 };
      g_autofree guint8 *out = resize_pixels (ctx, src, sw, sh, &region, 20, 25, NULL, NULL,
                                              all_methods[m]);
      for (int y = 0; y < 25; y++)
        for (int x = 0; x < 20; x++)
          {
            int sx = CLAMP (x - 3, 0, sw - 1), sy = CLAMP (y + 12, 0, sh - 1);
            g_assert_cmpmem (pf_test_px (out, 20, x, y), 4, pf_test_px (src, sw, sx, sy), 4);
          }
    }
  pf_context_destroy (ctx);
}

/* The widened triangle of a k× bilinear shrink sums every phase of a k-periodic pattern
 * equally: away from the edges each output is the pattern's mean. */
static void
test_integer_shrink_averages (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  for (int k = 2; k <= 4; k++)
    {
      int m = 9, sw = k * m, sh = k * (m - 2);
      g_autofree guint8 *tile = pf_test_pixels_random (k, k, 100 + k, FALSE);
      g_autofree guint8 *src = g_malloc ((gsize) sw * sh * 4);
      double mean[4] = { 0 };
      for (int y = 0; y < k; y++)
        for (int x = 0; x < k; x++)
          for (int c = 0; c < 4; c++)
            mean[c] += pf_test_px (tile, k, x, y)[c] / (double) (k * k);
      for (int y = 0; y < sh; y++)
        for (int x = 0; x < sw; x++)
          memcpy (src + ((gsize) y * sw + x) * 4, pf_test_px (tile, k, x % k, y % k), 4);
      int dw = sw / k, dh = sh / k;
      g_autofree guint8 *out = resize_pixels (ctx, src, sw, sh, NULL, dw, dh, NULL, NULL,
                                              PF_RESIZE_BILINEAR);
      for (int y = 1; y < dh - 1; y++)
        for (int x = 1; x < dw - 1; x++)
          for (int c = 0; c < 4; c++)
            g_assert_cmpfloat (fabs (pf_test_px (out, dw, x, y)[c] - mean[c]), <=, 1.0);
    }

  /* a black and white checkerboard halves to mid-grey */
  const int n = 16;
  g_autofree guint8 *board = g_malloc (n * n * 4);
  for (int y = 0; y < n; y++)
    for (int x = 0; x < n; x++)
      {
        guint8 v = (x + y) % 2 ? 255 : 0;
        guint8 *p = board + (y * n + x) * 4;
        p[0] = p[1] = p[2] = v;
        p[3] = 255;
      }
  g_autofree guint8 *grey = resize_pixels (ctx, board, n, n, NULL, n / 2, n / 2, NULL, NULL,
                                           PF_RESIZE_BILINEAR);
  for (int y = 1; y < n / 2 - 1; y++)
    for (int x = 1; x < n / 2 - 1; x++)
      g_assert_cmpint (abs (pf_test_px (grey, n / 2, x, y)[0] - 128), <=, 1);
  pf_context_destroy (ctx);
}

static void
test_nearest_duplicates (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  const int sw = 13, sh = 7;
  g_autofree guint8 *src = pf_test_pixels_random (sw, sh, 11, FALSE);
  for (int k = 2; k <= 3; k++)
    {
      g_autofree guint8 *out = resize_pixels (ctx, src, sw, sh, NULL, sw * k, sh * k, NULL,
                                              NULL, PF_RESIZE_NEAREST);
      for (int y = 0; y < sh * k; y++)
        for (int x = 0; x < sw * k; x++)
          g_assert_cmpmem (pf_test_px (out, sw * k, x, y), 4, pf_test_px (src, sw, x / k, y / k),
                           4);
    }
  pf_context_destroy (ctx);
}

static void
test_upscaled_ramp_is_monotonic (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  const int sw = 16, sh = 3, dw = 101;
  g_autofree guint8 *src = g_malloc (sw * sh * 4);
  for (int y = 0; y < sh; y++)
    for (int x = 0; x < sw; x++)
      {
        guint8 *p = src + (y * sw + x) * 4;
        p[0] = p[1] = p[2] = (guint8) (x * 255 / (sw - 1));
        p[3] = 255;
      }
  for (gsize m = 0; m < G_N_ELEMENTS (all_methods); m++)
    {
      g_autofree guint8 *out = resize_pixels (ctx, src, sw, sh, NULL, dw, sh, NULL, NULL,
                                              all_methods[m]);
      for (int y = 0; y < sh; y++)
        {
          g_assert_cmpuint (pf_test_px (out, dw, 0, y)[0], ==, 0);
          g_assert_cmpuint (pf_test_px (out, dw, dw - 1, y)[0], ==, 255);
          for (int x = 1; x < dw; x++)
            g_assert_cmpuint (pf_test_px (out, dw, x, y)[0], >=, pf_test_px (out, dw, x - 1, y)[0]);
        }
    }
  pf_context_destroy (ctx);
}

static void
test_alpha_stays_valid (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  /* the left half fully transparent, the right half random (hard edges ring) */
  const int sw = 40, sh = 24;
  g_autofree guint8 *src = pf_test_pixels_random (sw, sh, 5, FALSE);
  for (int y = 0; y < sh; y++)
    {
      memset (src + (gsize) y * sw * 4, 0, (sw / 2) * 4);
      for (int x = sw / 2; x < sw; x += 3)
        memcpy (src + ((gsize) y * sw + x) * 4, (guint8[]) { 255, 255, 255, 255 }, 4);
    }
  const int sizes[][2] = { { 97, 50 }, { 13, 9 }, { 40, 24 } };
  for (gsize s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (gsize m = 0; m < G_N_ELEMENTS (all_methods); m++)
      {
        int dw = sizes[s][0], dh = sizes[s][1];
        g_autofree guint8 *out = resize_pixels (ctx, src, sw, sh, NULL, dw, dh, NULL, NULL,
                                                all_methods[m]);
        for (int y = 0; y < dh; y++)
          for (int x = 0; x < dw; x++)
            {
              const guint8 *p = pf_test_px (out, dw, x, y);
              g_assert_cmpuint (p[0], <=, p[3]);
              g_assert_cmpuint (p[1], <=, p[3]);
              g_assert_cmpuint (p[2], <=, p[3]);
              /* far enough left that no tap reaches the opaque half */
              double scale = (double) sw / dw, reach = 3 * MAX (scale, 1.0) + 1;
              if ((x + 0.5) * scale < sw / 2 - reach)
                g_assert_cmpuint (p[0] | p[1] | p[2] | p[3], ==, 0);
            }
      }

  /* and an image with no alpha at all stays so */
  g_autofree guint8 *clear = g_malloc0 (sw * sh * 4);
  for (gsize m = 0; m < G_N_ELEMENTS (all_methods); m++)
    {
      g_autofree guint8 *out = resize_pixels (ctx, clear, sw, sh, NULL, 17, 31, NULL, NULL,
                                              all_methods[m]);
      const guint8 zero[4] = { 0 };
      assert_all_equal (out, 17, 31, zero, "transparent");
    }
  pf_context_destroy (ctx);
}

static void
test_box_leaves_outside_untouched (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  const int dw = 23, dh = 17;
  const guint8 px[4] = { 10, 200, 30, 255 };
  g_autofree guint8 *src = pixels_constant (9, 8, px);
  g_autofree guint8 *init = pf_test_pixels_random (dw, dh, 77, FALSE);
  const PfBox boxes[] = { { 3, 2, 10, 7 }, { 0, 0, 1, 1 }, { 22, 16, 1, 1 }, { 0, 5, 23, 3 } };
  for (gsize b = 0; b < G_N_ELEMENTS (boxes); b++)
    for (gsize m = 0; m < G_N_ELEMENTS (all_methods); m++)
      {
        PfRect region = { 1.5, 0.25, 6, 7.5 };
        const PfBox *box = &boxes[b];
        g_autofree guint8 *out = resize_pixels (ctx, src, 9, 8, &region, dw, dh, box, init,
                                                all_methods[m]);
        for (int y = 0; y < dh; y++)
          for (int x = 0; x < dw; x++)
            {
              gboolean inside = x >= box->x && x < box->x + box->width && y >= box->y
                                && y < box->y + box->height;
              g_assert_cmpmem (pf_test_px (out, dw, x, y), 4,
                               inside ? px : pf_test_px (init, dw, x, y), 4);
            }
      }
  pf_context_destroy (ctx);
}

/* The fixed-point result against a double-precision resampler written independently:
 * weights are Q14 and the intermediate Q6, yet no more than a level apart. */
static void
test_matches_reference (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  const struct
  {
    int sw, sh;
    PfRect region;
    int bw, bh;
  } cases[] = {
    { 13, 7, { 0, 0, 13, 7 }, 29, 17 },          /* up, non-integer */
    { 61, 43, { 0, 0, 61, 43 }, 17, 11 },        /* down, non-integer */
    { 50, 40, { 0, 0, 50, 40 }, 25, 80 },        /* down one way, up the other */
    { 40, 30, { 7.3, -2.6, 21.1, 33.7 }, 15, 19 },  /* a region past the edges */
    { 1, 9, { 0, 0, 1, 9 }, 4, 3 },
    /* filters exactly an odd number of pixels wide (Lanczos-3 by 1.5 and 2.5), the
     * windows' ends on pixels or not: their tap tables are one pair narrower */
    { 30, 21, { 0, 0, 30, 21 }, 20, 14 },
    { 31, 22, { 0.25, 0.5, 30, 21 }, 20, 14 },
    { 25, 15, { 0, 0, 25, 15 }, 10, 6 },
    { 27, 17, { 0.75, 1.25, 25, 15 }, 10, 6 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    for (gsize m = 0; m < G_N_ELEMENTS (all_methods); m++)
      {
        int sw = cases[i].sw, sh = cases[i].sh, bw = cases[i].bw, bh = cases[i].bh;
        g_autofree guint8 *src = pf_test_pixels_random (sw, sh, 40 + i, FALSE);
        g_autofree guint8 *ref = ref_resize (src, sw, sh, cases[i].region, bw, bh,
                                             all_methods[m]);
        g_autofree guint8 *out = resize_pixels (ctx, src, sw, sh, &cases[i].region, bw, bh,
                                                NULL, NULL, all_methods[m]);
        pf_test_assert_close (out, ref, bw, bh, 1);
      }
  pf_context_destroy (ctx);
}

/* The backend under test gives the CPU reference's bytes exactly, on paths the small tests
 * don't reach: wide shrinks, big upscales, boxes, odd widths, regions past the edges. */
static void
test_backends_agree (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  PfContext *cpu = pf_test_cpu_context ();
  const struct
  {
    int sw, sh;
    PfRect region;
    int dw, dh;
    PfBox box;
  } cases[] = {
    { 600, 400, { 0, 0, 600, 400 }, 124, 83, { 0, 0, 124, 83 } },
    { 192, 108, { 0, 0, 192, 108 }, 128, 72, { 0, 0, 128, 72 } },
    { 37, 29, { 0, 0, 37, 29 }, 150, 90, { 0, 0, 150, 90 } },
    { 3000, 60, { 0, 0, 3000, 60 }, 25, 50, { 0, 0, 25, 50 } },       /* 120× across */
    { 40, 2500, { -5.5, 3.25, 31, 2400 }, 30, 12, { 2, 1, 27, 10 } }, /* 200× down */
    { 300, 200, { 20.7, 11.1, 200.2, 130.9 }, 99, 70, { 5, 3, 80, 61 } },
    { 333, 251, { 0, 0, 333, 251 }, 61, 47, { 0, 0, 61, 47 } },       /* odd width, 5.4× */
    { 1002, 600, { 13.5, 7.25, 900.5, 560 }, 170, 110, { 3, 4, 160, 100 } },
    { 640, 480, { -40, -30, 720, 540 }, 160, 120, { 0, 0, 160, 120 } }, /* past all edges */
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    for (gsize m = 0; m < G_N_ELEMENTS (all_methods); m++)
      {
        int sw = cases[i].sw, sh = cases[i].sh, dw = cases[i].dw, dh = cases[i].dh;
        g_autofree guint8 *src = pf_test_pixels_random (sw, sh, 90 + i, FALSE);
        g_autofree guint8 *init = pf_test_pixels_random (dw, dh, 91 + i, FALSE);
        g_autofree guint8 *a = resize_pixels (ctx, src, sw, sh, &cases[i].region, dw, dh,
                                              &cases[i].box, init, all_methods[m]);
        g_autofree guint8 *b = resize_pixels (cpu, src, sw, sh, &cases[i].region, dw, dh,
                                              &cases[i].box, init, all_methods[m]);
        pf_test_assert_close (a, b, dw, dh, 0);
      }
  pf_context_destroy (cpu);
  pf_context_destroy (ctx);
}

/* ---------------------------------------------------------------------------------------
 * Cover and contain
 */

/* Opaque pixels whose red channel is the column and green the row. */
static guint8 *
pixels_coordinates (int w, int h)
{
  guint8 *p = g_malloc ((gsize) w * h * 4);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint8 *q = p + ((gsize) y * w + x) * 4;
        q[0] = (guint8) x;
        q[1] = (guint8) y;
        q[2] = 0;
        q[3] = 255;
      }
  return p;
}

static guint8 *
fit_pixels (PfContext *ctx, const guint8 *src, int sw, int sh, int dw, int dh, gboolean cover,
            double pan_x, double pan_y, double zoom, PfColor bg, PfResizeMethod m)
{
  PfImage *s = pf_test_image_from (ctx, sw, sh, src);
  PfImage *d = image_new (ctx, dw, dh);
  if (cover)
    pf_assert_ok (pf_cover (ctx, s, d, pan_x, pan_y, zoom, m));
  else
    pf_assert_ok (pf_contain (ctx, s, d, pan_x, pan_y, zoom, bg, m));
  guint8 *out = pf_test_download (ctx, d);
  pf_image_destroy (s);
  pf_image_destroy (d);
  return out;
}

static void
test_cover_pan_chooses_part (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  g_autofree guint8 *src = pixels_coordinates (200, 100);
  const double pans[] = { 0, 0.5, 1 };
  const int first[] = { 0, 50, 100 };   /* left, middle, right */
  for (gsize p = 0; p < G_N_ELEMENTS (pans); p++)
    for (gsize m = 0; m < G_N_ELEMENTS (all_methods); m++)
      {
        g_autofree guint8 *out = fit_pixels (ctx, src, 200, 100, 100, 100, TRUE, pans[p], 0.5,
                                             1.0, (PfColor) { 0 }, all_methods[m]);
        for (int y = 0; y < 100; y += 9)
          for (int x = 0; x < 100; x++)
            {
              g_assert_cmpuint (pf_test_px (out, 100, x, y)[0], ==, first[p] + x);
              g_assert_cmpuint (pf_test_px (out, 100, x, y)[1], ==, y);
            }
      }
  pf_context_destroy (ctx);
}

static void
test_cover_zoom_shows_centre (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  g_autofree guint8 *src = pixels_coordinates (100, 100);
  g_autofree guint8 *out = fit_pixels (ctx, src, 100, 100, 100, 100, TRUE, 0.5, 0.5, 2.0,
                                       (PfColor) { 0 }, PF_RESIZE_BILINEAR);
  /* columns 25..75 fill the width: output x samples 25 + (x + 0.5) / 2 - 0.5 */
  for (int y = 0; y < 100; y += 7)
    for (int x = 0; x < 100; x++)
      {
        double sx = 25 + (x + 0.5) / 2 - 0.5;
        g_assert_cmpfloat (fabs (pf_test_px (out, 100, x, y)[0] - sx), <=, 1.0);
        g_assert_cmpfloat (fabs (pf_test_px (out, 100, y, x)[1] - sx), <=, 1.0);
      }
  pf_context_destroy (ctx);
}

static void
test_contain_pads_with_background (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  const guint8 fg[4] = { 20, 40, 60, 255 };
  const PfColor bg = { 255, 128, 0, 128 };
  const guint8 bg_premul[4] = { 128, 64, 0, 128 };
  const struct
  {
    int sw, sh;
    double pan;
    int top;   /* first image row: the image is 100 × 50 in a 100 × 100 box */
  } cases[] = {
    { 100, 50, 0.5, 25 }, { 100, 50, 0, 0 }, { 100, 50, 1, 50 },
    { 200, 100, 0.5, 25 },   /* shrunk by 2 first */
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    for (gsize m = 0; m < G_N_ELEMENTS (all_methods); m++)
      {
        g_autofree guint8 *src = pixels_constant (cases[i].sw, cases[i].sh, fg);
        g_autofree guint8 *out = fit_pixels (ctx, src, cases[i].sw, cases[i].sh, 100, 100,
                                             FALSE, 0.3, cases[i].pan, 1.0, bg, all_methods[m]);
        for (int y = 0; y < 100; y++)
          {
            gboolean image = y >= cases[i].top && y < cases[i].top + 50;
            for (int x = 0; x < 100; x++)
              g_assert_cmpmem (pf_test_px (out, 100, x, y), 4, image ? fg : bg_premul, 4);
          }
      }

  /* a square in a wide box: pan 0.5 centres it across, with coordinates kept */
  g_autofree guint8 *src = pixels_coordinates (40, 40);
  g_autofree guint8 *out = fit_pixels (ctx, src, 40, 40, 100, 40, FALSE, 0.5, 0.5, 1.0, bg,
                                       PF_RESIZE_LANCZOS3);
  for (int x = 0; x < 100; x++)
    {
      const guint8 *p = pf_test_px (out, 100, x, 13);
      if (x < 30 || x >= 70)
        g_assert_cmpmem (p, 4, bg_premul, 4);
      else
        {
          g_assert_cmpuint (p[0], ==, x - 30);
          g_assert_cmpuint (p[1], ==, 13);
        }
    }
  pf_context_destroy (ctx);
}

/* ---------------------------------------------------------------------------------------
 * Scaled download and argument checks
 */

static void
test_download_scaled_matches_resize (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  const int sw = 97, sh = 61, w = 31, h = 17;
  PfImage *src = pf_test_image_random (ctx, sw, sh, 21);
  PfImage *small = image_new (ctx, w, h);
  for (gsize m = 0; m < G_N_ELEMENTS (all_methods); m++)
    {
      pf_assert_ok (pf_resize (ctx, src, small, all_methods[m]));
      g_autofree guint8 *expected = pf_test_download (ctx, small);

      /* a padded stride: the padding is left alone */
      gsize stride = w * 4 + 12;
      g_autofree guint8 *got = g_malloc (stride * h);
      memset (got, 0xab, stride * h);
      pf_assert_ok (pf_image_download_scaled (ctx, src, w, h, all_methods[m], got, stride));
      for (int y = 0; y < h; y++)
        {
          g_assert_cmpmem (got + y * stride, w * 4, expected + y * w * 4, w * 4);
          for (int b = w * 4; b < (int) stride; b++)
            g_assert_cmpuint (got[y * stride + b], ==, 0xab);
        }
    }
  /* the scratch went back to the pool */
  g_assert_cmpuint (pf_pool_get_idle_count (pf_context_get_pool (ctx)), >=, 1);
  pf_image_destroy (small);
  pf_image_destroy (src);
  pf_context_destroy (ctx);
}

static void
test_invalid_arguments (void)
{
  PfContext *ctx = pf_test_cpu_context ();
  PfImage *src = image_new (ctx, 8, 6);
  PfImage *dst = image_new (ctx, 5, 4);
  const PfResizeMethod bad_methods[] = { (PfResizeMethod) -1, (PfResizeMethod) 4,
                                         (PfResizeMethod) 99 };
  const PfStatus inv = PF_ERROR_INVALID_ARGUMENT;
  const PfColor bg = { 0 };
  guint8 pixels[5 * 4 * 4];

  pf_assert_status (pf_resize (NULL, src, dst, PF_RESIZE_BILINEAR), inv);
  pf_assert_status (pf_resize (ctx, NULL, dst, PF_RESIZE_BILINEAR), inv);
  pf_assert_status (pf_resize (ctx, src, NULL, PF_RESIZE_BILINEAR), inv);
  pf_assert_status (pf_resize (ctx, src, src, PF_RESIZE_BILINEAR), inv);
  for (gsize i = 0; i < G_N_ELEMENTS (bad_methods); i++)
    {
      pf_assert_status (pf_resize (ctx, src, dst, bad_methods[i]), inv);
      pf_assert_status (pf_cover (ctx, src, dst, 0.5, 0.5, 1, bad_methods[i]), inv);
      pf_assert_status (pf_contain (ctx, src, dst, 0.5, 0.5, 1, bg, bad_methods[i]), inv);
      pf_assert_status (pf_image_download_scaled (ctx, src, 5, 4, bad_methods[i], pixels, 20),
                        inv);
    }

  /* regions: NULL, non-finite, empty or negative, absurdly large */
  PfRect ok = { 0, 0, 8, 6 };
  pf_assert_ok (pf_resize_region (ctx, src, &ok, dst, NULL, PF_RESIZE_BICUBIC));
  pf_assert_status (pf_resize_region (ctx, src, NULL, dst, NULL, PF_RESIZE_BICUBIC), inv);
  const PfRect bad_regions[] = {
    { NAN, 0, 8, 6 }, { 0, NAN, 8, 6 }, { 0, 0, NAN, 6 },      { 0, 0, 8, NAN },
    { INFINITY, 0, 8, 6 }, { 0, 0, INFINITY, 6 }, { 0, 0, 0, 6 }, { 0, 0, 8, 0 },
    { 0, 0, -8, 6 }, { 0, 0, 8, -1 }, { 1e12, 0, 8, 6 }, { 0, 0, 1e12, 6 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (bad_regions); i++)
    pf_assert_status (pf_resize_region (ctx, src, &bad_regions[i], dst, NULL,
                                        PF_RESIZE_BICUBIC), inv);

  /* boxes must lie inside dst, with a positive size */
  const PfBox bad_boxes[] = {
    { -1, 0, 2, 2 }, { 0, -1, 2, 2 }, { 4, 0, 2, 2 }, { 0, 3, 2, 2 },
    { 0, 0, 0, 2 }, { 0, 0, 2, 0 }, { 0, 0, 6, 4 }, { 2, 2, INT32_MAX, 1 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (bad_boxes); i++)
    pf_assert_status (pf_resize_region (ctx, src, &ok, dst, &bad_boxes[i], PF_RESIZE_NEAREST),
                      inv);
  PfBox whole = { 0, 0, 5, 4 };
  pf_assert_ok (pf_resize_region (ctx, src, &ok, dst, &whole, PF_RESIZE_NEAREST));

  /* zoom >= 1, pans in 0..1, all finite */
  const double bad_zooms[] = { 0.999, 0, -1, NAN, INFINITY };
  for (gsize i = 0; i < G_N_ELEMENTS (bad_zooms); i++)
    {
      pf_assert_status (pf_cover (ctx, src, dst, 0.5, 0.5, bad_zooms[i], PF_RESIZE_BILINEAR), inv);
      pf_assert_status (pf_contain (ctx, src, dst, 0.5, 0.5, bad_zooms[i], bg,
                                    PF_RESIZE_BILINEAR), inv);
    }
  const double bad_pans[] = { -0.01, 1.01, NAN, INFINITY, -INFINITY };
  for (gsize i = 0; i < G_N_ELEMENTS (bad_pans); i++)
    {
      pf_assert_status (pf_cover (ctx, src, dst, bad_pans[i], 0.5, 1, PF_RESIZE_BILINEAR), inv);
      pf_assert_status (pf_cover (ctx, src, dst, 0.5, bad_pans[i], 1, PF_RESIZE_BILINEAR), inv);
      pf_assert_status (pf_contain (ctx, src, dst, bad_pans[i], 0.5, 1, bg, PF_RESIZE_BILINEAR),
                        inv);
      pf_assert_status (pf_contain (ctx, src, dst, 0.5, bad_pans[i], 1, bg, PF_RESIZE_BILINEAR),
                        inv);
    }
  pf_assert_status (pf_cover (ctx, NULL, dst, 0.5, 0.5, 1, PF_RESIZE_BILINEAR), inv);
  pf_assert_status (pf_contain (ctx, src, NULL, 0.5, 0.5, 1, bg, PF_RESIZE_BILINEAR), inv);
  pf_assert_status (pf_cover (ctx, dst, dst, 0.5, 0.5, 1, PF_RESIZE_BILINEAR), inv);
  pf_assert_ok (pf_cover (ctx, src, dst, 0, 1, 1, PF_RESIZE_BILINEAR));
  pf_assert_ok (pf_contain (ctx, src, dst, 1, 0, 3.5, bg, PF_RESIZE_BILINEAR));

  /* scaled download: sizes, pixels, stride */
  pf_assert_status (pf_image_download_scaled (NULL, src, 5, 4, PF_RESIZE_BILINEAR, pixels, 20),
                    inv);
  pf_assert_status (pf_image_download_scaled (ctx, NULL, 5, 4, PF_RESIZE_BILINEAR, pixels, 20),
                    inv);
  pf_assert_status (pf_image_download_scaled (ctx, src, 0, 4, PF_RESIZE_BILINEAR, pixels, 20),
                    inv);
  pf_assert_status (pf_image_download_scaled (ctx, src, 5, -4, PF_RESIZE_BILINEAR, pixels, 20),
                    inv);
  pf_assert_status (pf_image_download_scaled (ctx, src, 5, 4, PF_RESIZE_BILINEAR, NULL, 20),
                    inv);
  pf_assert_status (pf_image_download_scaled (ctx, src, 5, 4, PF_RESIZE_BILINEAR, pixels, 19),
                    inv);
  pf_assert_ok (pf_image_download_scaled (ctx, src, 5, 4, PF_RESIZE_BILINEAR, pixels, 20));

  pf_image_destroy (dst);
  pf_image_destroy (src);
  pf_context_destroy (ctx);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/resize/constant-stays-constant", test_constant_stays_constant);
  g_test_add_func ("/resize/identity-is-exact", test_identity_is_exact);
  g_test_add_func ("/resize/whole-pixel-offset-copies-exactly",
                   test_region_offset_copies_exactly);
  g_test_add_func ("/resize/integer-shrink-averages", test_integer_shrink_averages);
  g_test_add_func ("/resize/nearest-upscale-duplicates", test_nearest_duplicates);
  g_test_add_func ("/resize/upscaled-ramp-is-monotonic", test_upscaled_ramp_is_monotonic);
  g_test_add_func ("/resize/alpha-stays-valid", test_alpha_stays_valid);
  g_test_add_func ("/resize/box-leaves-outside-untouched", test_box_leaves_outside_untouched);
  g_test_add_func ("/resize/matches-double-reference", test_matches_reference);
  g_test_add_func ("/resize/backends-agree", test_backends_agree);
  g_test_add_func ("/cover/pan-chooses-visible-part", test_cover_pan_chooses_part);
  g_test_add_func ("/cover/zoom-shows-centre", test_cover_zoom_shows_centre);
  g_test_add_func ("/contain/pads-with-background", test_contain_pads_with_background);
  g_test_add_func ("/download-scaled/matches-resize", test_download_scaled_matches_resize);
  g_test_add_func ("/resize/invalid-arguments", test_invalid_arguments);
  return g_test_run ();
}
