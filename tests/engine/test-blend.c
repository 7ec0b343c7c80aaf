/* test-blend.c — compositing with clipping, opacity and blend modes */
#include "pf-test-utils.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const PfBlendMode modes[] = {
  PF_BLEND_NORMAL, PF_BLEND_MULTIPLY, PF_BLEND_SCREEN, PF_BLEND_OVERLAY,
};

/* Pixels all of one premultiplied value. */
static guint8 *
pixels_solid (int w, int h, guint8 r, guint8 g, guint8 b, guint8 a)
{
  guint8 *p = g_malloc ((gsize) w * h * 4);
  for (int i = 0; i < w * h; i++)
    {
      p[i * 4 + 0] = r;
      p[i * 4 + 1] = g;
      p[i * 4 + 2] = b;
      p[i * 4 + 3] = a;
    }
  return p;
}

/* ---------------------------------------------------------------------------------------
 * A reference composite from first principles: the W3C Compositing and Blending formulas
 * on real numbers, on straight colours where the blend function needs them.
 */

static double
hard_light (double cb, double cs)
{
  return cs <= 0.5 ? cb * 2 * cs : cb + (2 * cs - 1) - cb * (2 * cs - 1);
}

static double
blend_function (PfBlendMode mode, double cb, double cs)
{
  switch (mode)
    {
    case PF_BLEND_MULTIPLY:
      return cb * cs;
    case PF_BLEND_SCREEN:
      return cb + cs - cb * cs;
    case PF_BLEND_OVERLAY:
      return hard_light (cs, cb);   /* hard light with the layers swapped */
    case PF_BLEND_NORMAL:
    default:
      return cs;
    }
}

/* The documented opacity rounding: c × opacity to nearest, halves up, with the opacity
 * taken to 1/65536. */
static guint8
scale_by_opacity (guint8 c, double opacity)
{
  double f = floor (opacity * 65536 + 0.5);
  return (guint8) floor (c * f / 65536 + 0.5);
}

static void
reference_pixel (PfBlendMode mode, double opacity, const guint8 *src, const guint8 *dst,
                 guint8 *out)
{
  double s[4], b[4];
  for (int c = 0; c < 4; c++)
    {
      s[c] = scale_by_opacity (src[c], opacity) / 255.0;
      b[c] = dst[c] / 255.0;
    }
  double as = s[3], ab = b[3];
  double ao = as + ab * (1 - as);
  out[3] = (guint8) floor (ao * 255 + 0.5);
  for (int c = 0; c < 3; c++)
    {
      double co;
      if (mode == PF_BLEND_NORMAL)
        co = s[c] + b[c] * (1 - as);
      else
        {
          double straight_s = as > 0 ? s[c] / as : 0, straight_b = ab > 0 ? b[c] / ab : 0;
          co = s[c] * (1 - ab) + b[c] * (1 - as)
               + as * ab * blend_function (mode, straight_b, straight_s);
        }
      double v = floor (co * 255 + 0.5);
      out[c] = (guint8) CLAMP (v, 0, out[3]);
    }
}

/* dst after blending src at (x, y), computed pixel by pixel on the host. */
static guint8 *
reference_composite (const guint8 *dst, int dw, int dh, const guint8 *src, int sw, int sh, int x,
                     int y, double opacity, PfBlendMode mode)
{
  guint8 *out = g_memdup2 (dst, (gsize) dw * dh * 4);
  for (int j = 0; j < dh; j++)
    for (int i = 0; i < dw; i++)
      {
        gint64 sx = (gint64) i - x, sy = (gint64) j - y;
        if (sx < 0 || sy < 0 || sx >= sw || sy >= sh)
          continue;
        reference_pixel (mode, opacity, pf_test_px (src, sw, (int) sx, (int) sy),
                         pf_test_px (dst, dw, i, j), (guint8 *) pf_test_px (out, dw, i, j));
      }
  return out;
}

/* Blends on the backend under test and returns dst's pixels. */
static guint8 *
run_blend (PfContext *ctx, const guint8 *dst, int dw, int dh, const guint8 *src, int sw, int sh,
           int x, int y, float opacity, PfBlendMode mode)
{
  PfImage *d = pf_test_image_from (ctx, dw, dh, dst);
  PfImage *s = pf_test_image_from (ctx, sw, sh, src);
  pf_assert_ok (pf_blend (ctx, d, s, x, y, opacity, mode));
  guint8 *out = pf_test_download (ctx, d);
  pf_image_destroy (s);
  pf_image_destroy (d);
  return out;
}

/* ---------------------------------------------------------------------------------------
 * Normal
 */

static void
test_normal_half_white_over_white_stays_white (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  g_autofree guint8 *dst = pixels_solid (5, 3, 255, 255, 255, 255);
  g_autofree guint8 *src = pixels_solid (5, 3, 128, 128, 128, 128);
  g_autofree guint8 *out = run_blend (ctx, dst, 5, 3, src, 5, 3, 0, 0, 1.0f, PF_BLEND_NORMAL);
  for (int i = 0; i < 5 * 3 * 4; i++)
    g_assert_cmpuint (out[i], ==, 255);
  pf_context_destroy (ctx);
}

static void
test_transparent_source_leaves_dst (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  int w = 37, h = 11;
  g_autofree guint8 *dst = pf_test_pixels_random (w, h, 1, FALSE);
  g_autofree guint8 *src = g_malloc0 ((gsize) w * h * 4);
  for (gsize m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autofree guint8 *out = run_blend (ctx, dst, w, h, src, w, h, 0, 0, 1.0f, modes[m]);
      g_assert_cmpmem (out, (gsize) w * h * 4, dst, (gsize) w * h * 4);
    }
  pf_context_destroy (ctx);
}

static void
test_normal_opaque_source_replaces (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  int w = 37, h = 11;
  g_autofree guint8 *dst = pf_test_pixels_random (w, h, 2, FALSE);
  g_autofree guint8 *src = pf_test_pixels_random (w, h, 3, TRUE);
  g_autofree guint8 *out = run_blend (ctx, dst, w, h, src, w, h, 0, 0, 1.0f, PF_BLEND_NORMAL);
  g_assert_cmpmem (out, (gsize) w * h * 4, src, (gsize) w * h * 4);
  pf_context_destroy (ctx);
}

/* ---------------------------------------------------------------------------------------
 * Placement and clipping
 */

static void
test_clipping_matches_reference (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  const struct
  {
    int dw, dh, sw, sh;
  } shapes[] = {
    { 23, 17, 9, 7 },    /* small src, odd sizes */
    { 23, 17, 31, 25 },  /* src larger than dst */
    { 70, 9, 41, 5 },    /* rows of several 16-byte quads */
    { 1, 1, 1, 1 },
  };
  const int offsets[][2] = {
    { 0, 0 },  { 5, 5 },   { -3, -2 }, { -8, -6 }, { 20, 15 }, { 22, 16 },  { -3, 5 },
    { 10, -4 }, { 3, 2 },  { 4, 2 },   { -1, 1 },  { -4, -4 }, { 29, 4 },   { 68, 8 },
  };
  const float opacities[] = { 1.0f, 0.6f };
  for (gsize k = 0; k < G_N_ELEMENTS (shapes); k++)
    {
      int dw = shapes[k].dw, dh = shapes[k].dh, sw = shapes[k].sw, sh = shapes[k].sh;
      g_autofree guint8 *dst = pf_test_pixels_random (dw, dh, 10 + k, FALSE);
      g_autofree guint8 *src = pf_test_pixels_random (sw, sh, 20 + k, FALSE);
      for (gsize o = 0; o < G_N_ELEMENTS (offsets); o++)
        for (gsize m = 0; m < G_N_ELEMENTS (modes); m++)
          for (gsize a = 0; a < G_N_ELEMENTS (opacities); a++)
            {
              int x = offsets[o][0], y = offsets[o][1];
              g_autofree guint8 *out
                  = run_blend (ctx, dst, dw, dh, src, sw, sh, x, y, opacities[a], modes[m]);
              g_autofree guint8 *expected = reference_composite (dst, dw, dh, src, sw, sh, x, y,
                                                                 opacities[a], modes[m]);
              /* Integer arithmetic with exact rounding: no slack needed. */
              pf_test_assert_close (out, expected, dw, dh, 0);
            }
    }
  pf_context_destroy (ctx);
}

static void
test_no_overlap_is_noop (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  int dw = 13, dh = 9, sw = 5, sh = 4;
  g_autofree guint8 *dst = pf_test_pixels_random (dw, dh, 30, FALSE);
  g_autofree guint8 *src = pf_test_pixels_random (sw, sh, 31, TRUE);
  const int offsets[][2] = {
    { 13, 0 },  { -5, 0 },  { 0, 9 },        { 0, -4 },          { 13, 9 },
    { -5, -4 }, { 100, 3 }, { INT_MAX, 0 },  { INT_MIN, INT_MIN }, { 3, INT_MAX },
  };
  for (gsize o = 0; o < G_N_ELEMENTS (offsets); o++)
    {
      g_autofree guint8 *out = run_blend (ctx, dst, dw, dh, src, sw, sh, offsets[o][0],
                                          offsets[o][1], 1.0f, PF_BLEND_NORMAL);
      g_assert_cmpmem (out, (gsize) dw * dh * 4, dst, (gsize) dw * dh * 4);
    }
  pf_context_destroy (ctx);
}

/* ---------------------------------------------------------------------------------------
 * Opacity
 */

static void
test_opacity_zero_is_noop (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  int w = 21, h = 6;
  g_autofree guint8 *dst = pf_test_pixels_random (w, h, 40, FALSE);
  g_autofree guint8 *src = pf_test_pixels_random (w, h, 41, TRUE);
  for (gsize m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autofree guint8 *out = run_blend (ctx, dst, w, h, src, w, h, 2, 1, 0.0f, modes[m]);
      g_assert_cmpmem (out, (gsize) w * h * 4, dst, (gsize) w * h * 4);
    }
  pf_context_destroy (ctx);
}

static void
test_opacity_half_halves (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  int w = 21, h = 6;
  g_autofree guint8 *dst = g_malloc0 ((gsize) w * h * 4);
  g_autofree guint8 *src = pf_test_pixels_random (w, h, 42, TRUE);
  g_autofree guint8 *out = run_blend (ctx, dst, w, h, src, w, h, 0, 0, 0.5f, PF_BLEND_NORMAL);
  /* Over nothing, the result is the source at half strength, rounded half up. */
  for (int i = 0; i < w * h * 4; i++)
    g_assert_cmpuint (out[i], ==, (src[i] + 1) / 2);
  g_assert_cmpuint (out[3], ==, 128);
  pf_context_destroy (ctx);
}

/* ---------------------------------------------------------------------------------------
 * Blend modes
 */

static void
assert_pixels_equal (const guint8 *actual, const guint8 *expected, int w, int h)
{
  pf_test_assert_close (actual, expected, w, h, 0);
}

static void
test_multiply_white_identity_black_black (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  int w = 19, h = 7;
  g_autofree guint8 *dst = pf_test_pixels_random (w, h, 50, TRUE);
  /* White at any alpha multiplies an opaque backdrop by 1. */
  for (int a = 0; a <= 255; a += 51)
    {
      g_autofree guint8 *white = pixels_solid (w, h, (guint8) a, (guint8) a, (guint8) a,
                                               (guint8) a);
      g_autofree guint8 *out = run_blend (ctx, dst, w, h, white, w, h, 0, 0, 1.0f,
                                          PF_BLEND_MULTIPLY);
      assert_pixels_equal (out, dst, w, h);
    }
  /* An opaque source multiplied onto opaque white is itself. */
  g_autofree guint8 *white_dst = pixels_solid (w, h, 255, 255, 255, 255);
  g_autofree guint8 *out = run_blend (ctx, white_dst, w, h, dst, w, h, 0, 0, 1.0f,
                                      PF_BLEND_MULTIPLY);
  assert_pixels_equal (out, dst, w, h);

  g_autofree guint8 *black = pixels_solid (w, h, 0, 0, 0, 255);
  g_autofree guint8 *expected = pixels_solid (w, h, 0, 0, 0, 255);
  g_autofree guint8 *blacked = run_blend (ctx, dst, w, h, black, w, h, 0, 0, 1.0f,
                                          PF_BLEND_MULTIPLY);
  assert_pixels_equal (blacked, expected, w, h);
  pf_context_destroy (ctx);
}

static void
test_screen_black_identity_white_white (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  int w = 19, h = 7;
  g_autofree guint8 *dst = pf_test_pixels_random (w, h, 51, TRUE);
  for (int a = 0; a <= 255; a += 51)
    {
      g_autofree guint8 *black = pixels_solid (w, h, 0, 0, 0, (guint8) a);
      g_autofree guint8 *out = run_blend (ctx, dst, w, h, black, w, h, 0, 0, 1.0f,
                                          PF_BLEND_SCREEN);
      assert_pixels_equal (out, dst, w, h);
    }
  g_autofree guint8 *white = pixels_solid (w, h, 255, 255, 255, 255);
  g_autofree guint8 *out = run_blend (ctx, dst, w, h, white, w, h, 0, 0, 1.0f, PF_BLEND_SCREEN);
  assert_pixels_equal (out, white, w, h);
  pf_context_destroy (ctx);
}

static void
test_overlay_grey_black_white (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  int w = 19, h = 7;
  g_autofree guint8 *src = pf_test_pixels_random (w, h, 52, TRUE);
  /* Overlay onto mid-grey gives the source (128/255 is a hair above ½: ±1). */
  g_autofree guint8 *grey = pixels_solid (w, h, 128, 128, 128, 255);
  g_autofree guint8 *on_grey = run_blend (ctx, grey, w, h, src, w, h, 0, 0, 1.0f,
                                          PF_BLEND_OVERLAY);
  pf_test_assert_close (on_grey, src, w, h, 1);
  /* A mid-grey source leaves the backdrop as it is. */
  g_autofree guint8 *grey_on = run_blend (ctx, src, w, h, grey, w, h, 0, 0, 1.0f,
                                          PF_BLEND_OVERLAY);
  pf_test_assert_close (grey_on, src, w, h, 1);
  /* Black and white backdrops stay black and white. */
  g_autofree guint8 *black = pixels_solid (w, h, 0, 0, 0, 255);
  g_autofree guint8 *white = pixels_solid (w, h, 255, 255, 255, 255);
  g_autofree guint8 *on_black = run_blend (ctx, black, w, h, src, w, h, 0, 0, 1.0f,
                                           PF_BLEND_OVERLAY);
  g_autofree guint8 *on_white = run_blend (ctx, white, w, h, src, w, h, 0, 0, 1.0f,
                                           PF_BLEND_OVERLAY);
  assert_pixels_equal (on_black, black, w, h);
  assert_pixels_equal (on_white, white, w, h);
  pf_context_destroy (ctx);
}

static void
test_colour_stays_within_alpha (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  int w = 64, h = 32;
  const float opacities[] = { 1.0f, 0.77f, 0.01f };
  for (gsize m = 0; m < G_N_ELEMENTS (modes); m++)
    for (gsize a = 0; a < G_N_ELEMENTS (opacities); a++)
      {
        g_autofree guint8 *dst = pf_test_pixels_random (w, h, 60 + m, FALSE);
        g_autofree guint8 *src = pf_test_pixels_random (w, h, 70 + a, FALSE);
        g_autofree guint8 *out = run_blend (ctx, dst, w, h, src, w, h, 0, 0, opacities[a],
                                            modes[m]);
        for (int i = 0; i < w * h; i++)
          for (int c = 0; c < 3; c++)
            g_assert_cmpuint (out[i * 4 + c], <=, out[i * 4 + 3]);
      }
  pf_context_destroy (ctx);
}

static void
test_invalid_arguments (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  PfImage *a = NULL, *b = NULL;
  pf_assert_ok (pf_image_create (ctx, 4, 4, &a));
  pf_assert_ok (pf_image_create (ctx, 4, 4, &b));
  pf_assert_status (pf_blend (ctx, a, a, 0, 0, 1.0f, PF_BLEND_NORMAL),
                    PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_blend (ctx, a, b, 0, 0, NAN, PF_BLEND_NORMAL), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_blend (ctx, a, b, 0, 0, -0.1f, PF_BLEND_NORMAL),
                    PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_blend (ctx, a, b, 0, 0, 1.5f, PF_BLEND_NORMAL),
                    PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_blend (ctx, a, b, 0, 0, 1.0f, (PfBlendMode) 99),
                    PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_blend (ctx, a, b, 0, 0, 1.0f, (PfBlendMode) -1),
                    PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_blend (ctx, NULL, b, 0, 0, 1.0f, PF_BLEND_NORMAL),
                    PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_blend (ctx, a, NULL, 0, 0, 1.0f, PF_BLEND_NORMAL),
                    PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_blend (NULL, a, b, 0, 0, 1.0f, PF_BLEND_NORMAL),
                    PF_ERROR_INVALID_ARGUMENT);
  /* Invalid arguments are refused even when nothing would overlap. */
  pf_assert_status (pf_blend (ctx, a, b, 100, 100, 2.0f, PF_BLEND_NORMAL),
                    PF_ERROR_INVALID_ARGUMENT);

  PfContext *other = pf_test_cpu_context ();
  PfImage *c = NULL;
  pf_assert_ok (pf_image_create (other, 4, 4, &c));
  pf_assert_status (pf_blend (ctx, a, c, 0, 0, 1.0f, PF_BLEND_NORMAL), PF_ERROR_WRONG_CONTEXT);
  pf_image_destroy (c);
  pf_context_destroy (other);
  pf_image_destroy (a);
  pf_image_destroy (b);
  pf_context_destroy (ctx);
}

/* The backend under test against the CPU reference: integer maths, so equal bytes. Offsets
 * chosen so that rows of src and dst fall on every 16-byte alignment. */
static void
test_backend_matches_cpu (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  PfContext *ref = pf_test_cpu_context ();
  const int dw = 515, dh = 61, sw = 203, sh = 47;
  g_autofree guint8 *dst = pf_test_pixels_random (dw, dh, 80, FALSE);
  g_autofree guint8 *src = pf_test_pixels_random (sw, sh, 81, FALSE);
  const int offsets[][2] = { { 0, 0 }, { 1, 3 }, { 2, -5 }, { 3, 20 }, { -7, 2 }, { 400, 30 } };
  for (gsize o = 0; o < G_N_ELEMENTS (offsets); o++)
    for (gsize m = 0; m < G_N_ELEMENTS (modes); m++)
      {
        float opacity = o % 2 == 0 ? 1.0f : 0.45f;
        int x = offsets[o][0], y = offsets[o][1];
        g_autofree guint8 *got = run_blend (ctx, dst, dw, dh, src, sw, sh, x, y, opacity,
                                            modes[m]);
        g_autofree guint8 *want = run_blend (ref, dst, dw, dh, src, sw, sh, x, y, opacity,
                                             modes[m]);
        pf_test_assert_close (got, want, dw, dh, 0);
      }
  /* Same widths: rows run on into each other without a gap. */
  g_autofree guint8 *full = pf_test_pixels_random (dw, dh, 82, FALSE);
  g_autofree guint8 *got = run_blend (ctx, dst, dw, dh, full, dw, dh, 0, 0, 1.0f,
                                      PF_BLEND_NORMAL);
  g_autofree guint8 *want = run_blend (ref, dst, dw, dh, full, dw, dh, 0, 0, 1.0f,
                                       PF_BLEND_NORMAL);
  pf_test_assert_close (got, want, dw, dh, 0);
  pf_context_destroy (ref);
  pf_context_destroy (ctx);
}

/* pf_blend_box: inside the clip exactly pf_blend's result, outside the backdrop untouched. */
static void
test_blend_box_clips (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  const int w = 57, h = 41;
  PfImage *src = pf_test_image_random (ctx, 30, 25, 1);
  PfImage *full = pf_test_image_random (ctx, w, h, 2), *boxed = pf_test_image_random (ctx, w, h, 2);
  g_autofree guint8 *before = pf_test_download (ctx, full);
  PfBox clip = { 20, -5, 17, 30 };
  pf_assert_ok (pf_blend (ctx, full, src, 11, 6, 0.8f, PF_BLEND_NORMAL));
  pf_assert_ok (pf_blend_box (ctx, boxed, src, 11, 6, 0.8f, PF_BLEND_NORMAL, &clip));
  g_autofree guint8 *a = pf_test_download (ctx, full);
  g_autofree guint8 *b = pf_test_download (ctx, boxed);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        gboolean inside = x >= 20 && x < 37 && y < 25;
        const guint8 *want = pf_test_px (inside ? a : before, w, x, y);
        g_assert_cmpmem (pf_test_px (b, w, x, y), 4, want, 4);
      }
  /* no clip is pf_blend; a clip off the image does nothing; a negative one is refused */
  PfBox away = { 500, 500, 10, 10 }, bad = { 0, 0, -1, 3 };
  pf_assert_ok (pf_blend_box (ctx, boxed, src, 0, 0, 1.0f, PF_BLEND_SCREEN, &away));
  g_autofree guint8 *c = pf_test_download (ctx, boxed);
  g_assert_cmpmem (c, (gsize) w * h * 4, b, (gsize) w * h * 4);
  g_assert_cmpint (pf_blend_box (ctx, boxed, src, 0, 0, 1.0f, PF_BLEND_NORMAL, &bad), ==,
                   PF_ERROR_INVALID_ARGUMENT);
  pf_image_destroy (src);
  pf_image_destroy (full);
  pf_image_destroy (boxed);
  pf_context_destroy (ctx);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/blend/box-clips-to-its-box", test_blend_box_clips);
  g_test_add_func ("/blend/normal/half-white-over-white-stays-white",
                   test_normal_half_white_over_white_stays_white);
  g_test_add_func ("/blend/transparent-source-leaves-dst", test_transparent_source_leaves_dst);
  g_test_add_func ("/blend/normal/opaque-source-replaces", test_normal_opaque_source_replaces);
  g_test_add_func ("/blend/clipping-matches-reference", test_clipping_matches_reference);
  g_test_add_func ("/blend/no-overlap-is-noop", test_no_overlap_is_noop);
  g_test_add_func ("/blend/opacity/zero-is-noop", test_opacity_zero_is_noop);
  g_test_add_func ("/blend/opacity/half-halves", test_opacity_half_halves);
  g_test_add_func ("/blend/multiply/white-identity-black-black",
                   test_multiply_white_identity_black_black);
  g_test_add_func ("/blend/screen/black-identity-white-white",
                   test_screen_black_identity_white_white);
  g_test_add_func ("/blend/overlay/grey-black-and-white", test_overlay_grey_black_white);
  g_test_add_func ("/blend/colour-stays-within-alpha", test_colour_stays_within_alpha);
  g_test_add_func ("/blend/invalid-arguments", test_invalid_arguments);
  g_test_add_func ("/blend/backend-matches-cpu", test_backend_matches_cpu);
  return g_test_run ();
}
