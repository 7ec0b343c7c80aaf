/* test-color.c — opacity, grayscale and brightness/contrast/saturation */
#include "pf-test-utils.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Sizes with a tail after the last 16-byte quad, and one without. */
static const int sizes[][2] = { { 1, 1 }, { 3, 5 }, { 37, 23 }, { 64, 16 } };

/* Rec. 709 luma, from the definition. */
static double
luma (double r, double g, double b)
{
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

static guint8
round_u8 (double v)
{
  return (guint8) CLAMP (floor (v + 0.5), 0, 255);
}

static void
assert_colour_within_alpha (const guint8 *px, gsize n)
{
  for (gsize i = 0; i < n; i++)
    for (int c = 0; c < 3; c++)
      if (px[i * 4 + c] > px[i * 4 + 3])
        g_error ("pixel %zu has channel %d = %u above alpha %u", i, c, px[i * 4 + c],
                 px[i * 4 + 3]);
}

/* ---------------------------------------------------------------------------------------
 * Opacity
 */

static void
test_opacity_half_rounds_half_up (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  /* Every byte value once in red, on opaque pixels. */
  guint8 in[256 * 4];
  for (int i = 0; i < 256; i++)
    {
      in[i * 4 + 0] = (guint8) i;
      in[i * 4 + 1] = (guint8) (i / 2);
      in[i * 4 + 2] = 0;
      in[i * 4 + 3] = 255;
    }
  PfImage *image = pf_test_image_from (ctx, 16, 16, in);
  pf_assert_ok (pf_opacity (ctx, image, 0.5f));
  g_autofree guint8 *out = pf_test_download (ctx, image);
  for (int i = 0; i < 256 * 4; i++)
    /* c × 0.5 rounded half up: 255 → 128, 1 → 1, 0 → 0 */
    g_assert_cmpuint (out[i], ==, (in[i] + 1) / 2);
  g_assert_cmpuint (out[255 * 4], ==, 128);
  pf_image_destroy (image);
  pf_context_destroy (ctx);
}

static void
test_opacity_one_and_zero (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  for (gsize s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      int w = sizes[s][0], h = sizes[s][1];
      g_autofree guint8 *in = pf_test_pixels_random (w, h, 7 + s, FALSE);
      PfImage *image = pf_test_image_from (ctx, w, h, in);
      pf_assert_ok (pf_opacity (ctx, image, 1.0f));
      g_autofree guint8 *same = pf_test_download (ctx, image);
      g_assert_cmpmem (same, (gsize) w * h * 4, in, (gsize) w * h * 4);

      pf_assert_ok (pf_opacity (ctx, image, 0.0f));
      g_autofree guint8 *zero = pf_test_download (ctx, image);
      for (gsize i = 0; i < (gsize) w * h * 4; i++)
        g_assert_cmpuint (zero[i], ==, 0);
      pf_image_destroy (image);
    }
  pf_context_destroy (ctx);
}

static void
test_opacity_scales_every_channel (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  const float opacities[] = { 0.001f, 0.25f, 0.3f, 0.7f, 0.999f };
  for (gsize s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (gsize o = 0; o < G_N_ELEMENTS (opacities); o++)
      {
        int w = sizes[s][0], h = sizes[s][1];
        gsize n = (gsize) w * h;
        g_autofree guint8 *in = pf_test_pixels_random (w, h, 100 + s, FALSE);
        PfImage *image = pf_test_image_from (ctx, w, h, in);
        pf_assert_ok (pf_opacity (ctx, image, opacities[o]));
        g_autofree guint8 *out = pf_test_download (ctx, image);
        g_autofree guint8 *expected = g_malloc (n * 4);
        for (gsize i = 0; i < n * 4; i++)
          expected[i] = round_u8 (in[i] * (double) opacities[o]);
        pf_test_assert_close (out, expected, w, h, 1);
        assert_colour_within_alpha (out, n);
        pf_image_destroy (image);
      }
  pf_context_destroy (ctx);
}

static void
test_opacity_invalid (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  PfImage *image = NULL;
  pf_assert_ok (pf_image_create (ctx, 4, 4, &image));
  pf_assert_status (pf_opacity (ctx, image, NAN), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_opacity (ctx, image, INFINITY), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_opacity (ctx, image, -0.01f), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_opacity (ctx, image, 1.01f), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_opacity (ctx, NULL, 0.5f), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_opacity (NULL, image, 0.5f), PF_ERROR_INVALID_ARGUMENT);
  pf_image_destroy (image);
  pf_context_destroy (ctx);
}

/* ---------------------------------------------------------------------------------------
 * Grayscale
 */

static void
test_grayscale_grey_is_unchanged (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  /* Every premultiplied grey (c, c, c, a) with c ≤ a, for a sample of alphas. */
  const int alphas[] = { 0, 1, 77, 128, 254, 255 };
  for (gsize k = 0; k < G_N_ELEMENTS (alphas); k++)
    {
      int a = alphas[k];
      guint8 in[256 * 4] = { 0 };
      for (int c = 0; c <= a; c++)
        {
          in[c * 4 + 0] = in[c * 4 + 1] = in[c * 4 + 2] = (guint8) c;
          in[c * 4 + 3] = (guint8) a;
        }
      PfImage *image = pf_test_image_from (ctx, 256, 1, in);
      pf_assert_ok (pf_grayscale (ctx, image));
      g_autofree guint8 *out = pf_test_download (ctx, image);
      g_assert_cmpmem (out, sizeof in, in, sizeof in);
      pf_image_destroy (image);
    }
  pf_context_destroy (ctx);
}

static void
test_grayscale_primaries_give_luma (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  const guint8 in[] = {
    255, 0, 0, 255,   /* red: 0.2126 × 255 = 54.2 */
    0, 255, 0, 255,   /* green: 182.4 */
    0, 0, 255, 255,   /* blue: 18.4 */
    128, 0, 0, 128,   /* half-transparent red, premultiplied: 27.2 */
  };
  PfImage *image = pf_test_image_from (ctx, 4, 1, in);
  pf_assert_ok (pf_grayscale (ctx, image));
  g_autofree guint8 *out = pf_test_download (ctx, image);
  const guint8 expected[] = { 54, 182, 18, 27 };
  for (int i = 0; i < 4; i++)
    {
      g_assert_cmpuint (out[i * 4 + 0], ==, expected[i]);
      g_assert_cmpuint (out[i * 4 + 1], ==, expected[i]);
      g_assert_cmpuint (out[i * 4 + 2], ==, expected[i]);
      g_assert_cmpuint (out[i * 4 + 3], ==, in[i * 4 + 3]);
    }
  pf_image_destroy (image);
  pf_context_destroy (ctx);
}

static void
test_grayscale_random_matches_luma (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  for (gsize s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      int w = sizes[s][0], h = sizes[s][1];
      gsize n = (gsize) w * h;
      g_autofree guint8 *in = pf_test_pixels_random (w, h, 200 + s, FALSE);
      PfImage *image = pf_test_image_from (ctx, w, h, in);
      pf_assert_ok (pf_grayscale (ctx, image));
      g_autofree guint8 *out = pf_test_download (ctx, image);
      g_autofree guint8 *expected = g_malloc (n * 4);
      for (gsize i = 0; i < n; i++)
        {
          const guint8 *p = in + i * 4;
          guint8 y = round_u8 (luma (p[0], p[1], p[2]));
          expected[i * 4 + 0] = expected[i * 4 + 1] = expected[i * 4 + 2] = y;
          expected[i * 4 + 3] = p[3];
          g_assert_cmpuint (out[i * 4 + 3], ==, p[3]);
        }
      pf_test_assert_close (out, expected, w, h, 1);
      assert_colour_within_alpha (out, n);
      pf_image_destroy (image);
    }
  pf_context_destroy (ctx);
}

/* ---------------------------------------------------------------------------------------
 * Adjust
 */

/* The documented formula on straight colour, in doubles. */
static void
adjust_reference (const guint8 *in, guint8 *out, gsize n, double brightness, double contrast,
                  double saturation)
{
  for (gsize i = 0; i < n; i++)
    {
      const guint8 *p = in + i * 4;
      guint8 *o = out + i * 4;
      double a = p[3];
      if (a == 0)
        {
          memset (o, 0, 4);
          continue;
        }
      double c[3];
      for (int k = 0; k < 3; k++)
        c[k] = (p[k] / a - 0.5) * contrast + 0.5 + brightness;
      double y = luma (c[0], c[1], c[2]);
      for (int k = 0; k < 3; k++)
        o[k] = round_u8 (CLAMP (y + (c[k] - y) * saturation, 0.0, 1.0) * a);
      o[3] = p[3];
    }
}

static void
test_adjust_identity_is_exact (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  for (gsize s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      int w = sizes[s][0], h = sizes[s][1];
      g_autofree guint8 *in = pf_test_pixels_random (w, h, 300 + s, FALSE);
      PfImage *image = pf_test_image_from (ctx, w, h, in);
      pf_assert_ok (pf_adjust (ctx, image, 0.0f, 1.0f, 1.0f));
      g_autofree guint8 *out = pf_test_download (ctx, image);
      g_assert_cmpmem (out, (gsize) w * h * 4, in, (gsize) w * h * 4);
      pf_image_destroy (image);
    }
  pf_context_destroy (ctx);
}

/* Runs pf_adjust on a random image and hands back input and output. */
static void
adjust_random (PfContext *ctx, int w, int h, guint32 seed, float brightness, float contrast,
               float saturation, guint8 **in, guint8 **out)
{
  *in = pf_test_pixels_random (w, h, seed, FALSE);
  PfImage *image = pf_test_image_from (ctx, w, h, *in);
  pf_assert_ok (pf_adjust (ctx, image, brightness, contrast, saturation));
  *out = pf_test_download (ctx, image);
  pf_image_destroy (image);
}

static void
test_adjust_brightness_extremes (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  int w = 37, h = 23;
  g_autofree guint8 *in = NULL, *white = NULL, *in2 = NULL, *black = NULL;
  /* +1 lifts every straight channel to ≥ 1: white at the pixel's alpha. */
  adjust_random (ctx, w, h, 400, 1.0f, 1.0f, 1.0f, &in, &white);
  /* −1 sinks them to ≤ 0: black. */
  adjust_random (ctx, w, h, 401, -1.0f, 1.0f, 1.0f, &in2, &black);
  for (int i = 0; i < w * h; i++)
    {
      g_assert_cmpuint (white[i * 4 + 3], ==, in[i * 4 + 3]);
      g_assert_cmpuint (black[i * 4 + 3], ==, in2[i * 4 + 3]);
      for (int c = 0; c < 3; c++)
        {
          g_assert_cmpuint (white[i * 4 + c], ==, in[i * 4 + 3]);
          g_assert_cmpuint (black[i * 4 + c], ==, 0);
        }
    }
  pf_context_destroy (ctx);
}

static void
test_adjust_contrast_zero_gives_mid_grey (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  int w = 37, h = 23;
  g_autofree guint8 *in = NULL, *out = NULL;
  adjust_random (ctx, w, h, 500, 0.0f, 0.0f, 1.0f, &in, &out);
  for (int i = 0; i < w * h; i++)
    {
      int a = in[i * 4 + 3];
      g_assert_cmpuint (out[i * 4 + 3], ==, a);
      for (int c = 0; c < 3; c++)
        g_assert_cmpint (abs (out[i * 4 + c] - round_u8 (a * 0.5)), <=, 1);
    }
  pf_context_destroy (ctx);
}

static void
test_adjust_saturation_zero_matches_grayscale (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  for (gsize s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      int w = sizes[s][0], h = sizes[s][1];
      g_autofree guint8 *in = NULL, *out = NULL;
      adjust_random (ctx, w, h, 600 + s, 0.0f, 1.0f, 0.0f, &in, &out);
      PfImage *grey = pf_test_image_from (ctx, w, h, in);
      pf_assert_ok (pf_grayscale (ctx, grey));
      g_autofree guint8 *expected = pf_test_download (ctx, grey);
      pf_test_assert_close (out, expected, w, h, 1);
      pf_image_destroy (grey);
    }
  pf_context_destroy (ctx);
}

static void
test_adjust_matches_formula (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  const float params[][3] = {
    { 0.2f, 1.0f, 1.0f },  { -0.3f, 1.5f, 1.0f }, { 0.0f, 0.5f, 2.0f },
    { 0.1f, 1.2f, 0.4f },  { 0.0f, 100.0f, 1.0f }, { -0.05f, 0.9f, 100.0f },
  };
  int w = 37, h = 23;
  for (gsize k = 0; k < G_N_ELEMENTS (params); k++)
    {
      g_autofree guint8 *in = NULL, *out = NULL;
      adjust_random (ctx, w, h, 700 + k, params[k][0], params[k][1], params[k][2], &in, &out);
      g_autofree guint8 *expected = g_malloc ((gsize) w * h * 4);
      adjust_reference (in, expected, (gsize) w * h, params[k][0], params[k][1], params[k][2]);
      pf_test_assert_close (out, expected, w, h, 1);
      assert_colour_within_alpha (out, (gsize) w * h);
    }
  pf_context_destroy (ctx);
}

static void
test_adjust_transparent_stays_transparent (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  guint8 in[8 * 4] = { 0 };
  in[4 * 4 + 0] = 10;
  in[4 * 4 + 3] = 20;   /* one visible pixel among transparent ones */
  PfImage *image = pf_test_image_from (ctx, 8, 1, in);
  pf_assert_ok (pf_adjust (ctx, image, 0.8f, 3.0f, 2.0f));
  g_autofree guint8 *out = pf_test_download (ctx, image);
  for (int i = 0; i < 8; i++)
    for (int c = 0; c < 4; c++)
      if (i != 4)
        g_assert_cmpuint (out[i * 4 + c], ==, 0);
  g_assert_cmpuint (out[4 * 4 + 3], ==, 20);
  pf_image_destroy (image);
  pf_context_destroy (ctx);
}

static void
test_adjust_invalid (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  PfImage *image = NULL;
  pf_assert_ok (pf_image_create (ctx, 4, 4, &image));
  const float bad[][3] = {
    { NAN, 1, 1 },  { 0, NAN, 1 },      { 0, 1, NAN },     { INFINITY, 1, 1 },
    { 1.01f, 1, 1 }, { -1.01f, 1, 1 },  { 0, -0.1f, 1 },   { 0, 1, -0.1f },
    { 0, INFINITY, 1 }, { 0, 1, INFINITY }, { 0, 101, 1 }, { 0, 1, 1e6f },
  };
  for (gsize k = 0; k < G_N_ELEMENTS (bad); k++)
    pf_assert_status (pf_adjust (ctx, image, bad[k][0], bad[k][1], bad[k][2]),
                      PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_adjust (ctx, NULL, 0, 1, 1), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_grayscale (ctx, NULL), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_grayscale (NULL, image), PF_ERROR_INVALID_ARGUMENT);
  pf_image_destroy (image);
  pf_context_destroy (ctx);
}

/* ---------------------------------------------------------------------------------------
 * The backend under test against the CPU reference (trivial when both are the CPU).
 */

static void
test_color_backend_matches_cpu (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  PfContext *ref = pf_test_cpu_context ();
  const int big[][2] = { { 1, 1 }, { 37, 23 }, { 640, 480 }, { 1021, 3 } };
  for (gsize s = 0; s < G_N_ELEMENTS (big); s++)
    for (int op = 0; op < 4; op++)
      {
        int w = big[s][0], h = big[s][1];
        g_autofree guint8 *in = pf_test_pixels_random (w, h, 800 + s, FALSE);
        PfImage *a = pf_test_image_from (ctx, w, h, in);
        PfImage *b = pf_test_image_from (ref, w, h, in);
        int tolerance = 0;
        switch (op)
          {
          case 0:
            pf_assert_ok (pf_opacity (ctx, a, 0.37f));
            pf_assert_ok (pf_opacity (ref, b, 0.37f));
            break;
          case 1:
            pf_assert_ok (pf_grayscale (ctx, a));
            pf_assert_ok (pf_grayscale (ref, b));
            break;
          case 2:
            pf_assert_ok (pf_adjust (ctx, a, 0.1f, 1.3f, 0.7f));
            pf_assert_ok (pf_adjust (ref, b, 0.1f, 1.3f, 0.7f));
            tolerance = 1;   /* float maths; the GPU's division is approximate */
            break;
          default:
            pf_assert_ok (pf_adjust (ctx, a, -0.2f, 0.8f, 1.6f));
            pf_assert_ok (pf_adjust (ref, b, -0.2f, 0.8f, 1.6f));
            tolerance = 1;
            break;
          }
        g_autofree guint8 *got = pf_test_download (ctx, a);
        g_autofree guint8 *want = pf_test_download (ref, b);
        pf_test_assert_close (got, want, w, h, tolerance);
        pf_image_destroy (a);
        pf_image_destroy (b);
      }
  pf_context_destroy (ref);
  pf_context_destroy (ctx);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/opacity/half-rounds-half-up", test_opacity_half_rounds_half_up);
  g_test_add_func ("/opacity/one-keeps-zero-clears", test_opacity_one_and_zero);
  g_test_add_func ("/opacity/scales-every-channel", test_opacity_scales_every_channel);
  g_test_add_func ("/opacity/invalid-arguments", test_opacity_invalid);
  g_test_add_func ("/grayscale/grey-is-unchanged", test_grayscale_grey_is_unchanged);
  g_test_add_func ("/grayscale/primaries-give-their-luma", test_grayscale_primaries_give_luma);
  g_test_add_func ("/grayscale/random-matches-luma", test_grayscale_random_matches_luma);
  g_test_add_func ("/adjust/identity-is-exact", test_adjust_identity_is_exact);
  g_test_add_func ("/adjust/brightness-extremes-give-white-and-black",
                   test_adjust_brightness_extremes);
  g_test_add_func ("/adjust/contrast-zero-gives-mid-grey",
                   test_adjust_contrast_zero_gives_mid_grey);
  g_test_add_func ("/adjust/saturation-zero-matches-grayscale",
                   test_adjust_saturation_zero_matches_grayscale);
  g_test_add_func ("/adjust/matches-formula", test_adjust_matches_formula);
  g_test_add_func ("/adjust/transparent-stays-transparent",
                   test_adjust_transparent_stays_transparent);
  g_test_add_func ("/adjust/invalid-arguments", test_adjust_invalid);
  g_test_add_func ("/color/backend-matches-cpu", test_color_backend_matches_cpu);
  return g_test_run ();
}
