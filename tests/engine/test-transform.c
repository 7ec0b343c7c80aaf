/* test-transform.c — crop, flip and rotate */
#include "pf-test-utils.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Odd, even, thin and 16-byte-friendly shapes, including widths that are 4 mod 8 (a middle
 * quad that mirrors onto itself). */
static const int shapes[][2] = {
  { 1, 1 }, { 2, 2 }, { 3, 5 }, { 5, 4 }, { 4, 3 }, { 7, 1 }, { 1, 7 },
  { 12, 5 }, { 16, 3 }, { 20, 3 }, { 37, 23 },
};

static gsize
n_bytes (int w, int h)
{
  return (gsize) w * h * 4;
}

static void
assert_same_pixel (const guint8 *actual, int aw, int ax, int ay, const guint8 *expected, int ew,
                   int ex, int ey)
{
  const guint8 *a = pf_test_px (actual, aw, ax, ay), *e = pf_test_px (expected, ew, ex, ey);
  if (memcmp (a, e, 4) != 0)
    g_error ("pixel (%d, %d) is %u,%u,%u,%u; expected source (%d, %d) = %u,%u,%u,%u", ax, ay,
             a[0], a[1], a[2], a[3], ex, ey, e[0], e[1], e[2], e[3]);
}

/* ---------------------------------------------------------------------------------------
 * Crop
 */

static void
test_crop_content_and_size (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  int w = 37, h = 23;
  g_autofree guint8 *in = pf_test_pixels_random (w, h, 1, FALSE);
  PfImage *src = pf_test_image_from (ctx, w, h, in);
  PfImage *dst = NULL;
  pf_assert_ok (pf_image_create (ctx, w, h, &dst));
  const PfBox boxes[] = {
    { 0, 0, 37, 23 }, { 5, 3, 10, 7 }, { 36, 22, 1, 1 }, { 0, 10, 37, 1 }, { 3, 0, 1, 23 },
    { 1, 1, 33, 5 },
  };
  for (gsize b = 0; b < G_N_ELEMENTS (boxes); b++)
    {
      const PfBox *box = &boxes[b];
      pf_assert_ok (pf_crop (ctx, src, dst, box));
      g_assert_cmpint (pf_image_get_width (dst), ==, box->width);
      g_assert_cmpint (pf_image_get_height (dst), ==, box->height);
      g_autofree guint8 *out = pf_test_download (ctx, dst);
      for (int y = 0; y < box->height; y++)
        for (int x = 0; x < box->width; x++)
          assert_same_pixel (out, box->width, x, y, in, w, box->x + x, box->y + y);
    }
  pf_image_destroy (src);
  pf_image_destroy (dst);
  pf_context_destroy (ctx);
}

static void
test_crop_invalid (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  PfImage *src = NULL, *dst = NULL, *small = NULL;
  pf_assert_ok (pf_image_create (ctx, 10, 8, &src));
  pf_assert_ok (pf_image_create (ctx, 10, 8, &dst));
  pf_assert_ok (pf_image_create (ctx, 2, 2, &small));
  const PfBox outside[] = {
    { -1, 0, 5, 5 }, { 0, -1, 5, 5 }, { 6, 0, 5, 5 },  { 0, 4, 5, 5 },   { 0, 0, 0, 5 },
    { 0, 0, 5, 0 },  { 0, 0, -3, 5 }, { 10, 0, 1, 1 }, { 0, 0, 11, 8 },  { 2147483647, 0, 1, 1 },
    { 5, 5, 2147483647, 1 },
  };
  for (gsize b = 0; b < G_N_ELEMENTS (outside); b++)
    pf_assert_status (pf_crop (ctx, src, dst, &outside[b]), PF_ERROR_INVALID_ARGUMENT);
  const PfBox box = { 1, 1, 3, 3 };
  pf_assert_status (pf_crop (ctx, src, src, &box), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_crop (ctx, src, dst, NULL), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_crop (ctx, NULL, dst, &box), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_crop (ctx, src, NULL, &box), PF_ERROR_INVALID_ARGUMENT);
  /* A 3×3 result does not fit 4 pixels; the destination keeps its size. */
  pf_assert_status (pf_crop (ctx, src, small, &box), PF_ERROR_CAPACITY);
  g_assert_cmpint (pf_image_get_width (small), ==, 2);
  g_assert_cmpint (pf_image_get_height (small), ==, 2);
  pf_image_destroy (src);
  pf_image_destroy (dst);
  pf_image_destroy (small);
  pf_context_destroy (ctx);
}

/* ---------------------------------------------------------------------------------------
 * Flip
 */

static guint8 *
run_flip (PfContext *ctx, const guint8 *in, int w, int h, PfFlip flip, int times)
{
  PfImage *image = pf_test_image_from (ctx, w, h, in);
  for (int i = 0; i < times; i++)
    pf_assert_ok (pf_flip (ctx, image, flip));
  guint8 *out = pf_test_download (ctx, image);
  pf_image_destroy (image);
  return out;
}

static void
test_flip_moves_pixels (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  for (gsize s = 0; s < G_N_ELEMENTS (shapes); s++)
    {
      int w = shapes[s][0], h = shapes[s][1];
      g_autofree guint8 *in = pf_test_pixels_random (w, h, 10 + s, FALSE);
      for (PfFlip f = PF_FLIP_NONE; f <= PF_FLIP_BOTH; f++)
        {
          g_autofree guint8 *out = run_flip (ctx, in, w, h, f, 1);
          bool mirror_x = f == PF_FLIP_HORIZONTAL || f == PF_FLIP_BOTH;
          bool mirror_y = f == PF_FLIP_VERTICAL || f == PF_FLIP_BOTH;
          for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
              assert_same_pixel (out, w, x, y, in, w, mirror_x ? w - 1 - x : x,
                                 mirror_y ? h - 1 - y : y);
        }
    }
  pf_context_destroy (ctx);
}

static void
test_flip_twice_is_identity (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  for (gsize s = 0; s < G_N_ELEMENTS (shapes); s++)
    {
      int w = shapes[s][0], h = shapes[s][1];
      g_autofree guint8 *in = pf_test_pixels_random (w, h, 30 + s, FALSE);
      for (PfFlip f = PF_FLIP_NONE; f <= PF_FLIP_BOTH; f++)
        {
          g_autofree guint8 *out = run_flip (ctx, in, w, h, f, 2);
          g_assert_cmpmem (out, n_bytes (w, h), in, n_bytes (w, h));
        }
    }
  pf_context_destroy (ctx);
}

static void
test_flip_invalid (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  PfImage *image = NULL;
  pf_assert_ok (pf_image_create (ctx, 3, 3, &image));
  pf_assert_status (pf_flip (ctx, image, (PfFlip) 4), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_flip (ctx, image, (PfFlip) -1), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_flip (ctx, NULL, PF_FLIP_BOTH), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_flip (NULL, image, PF_FLIP_BOTH), PF_ERROR_INVALID_ARGUMENT);
  pf_image_destroy (image);
  pf_context_destroy (ctx);
}

/* ---------------------------------------------------------------------------------------
 * Rotate by quarter turns
 */

/* Rotates @in and returns the result with its size. */
static guint8 *
run_rotate (PfContext *ctx, const guint8 *in, int w, int h, double degrees, int *out_w,
            int *out_h)
{
  PfImage *src = pf_test_image_from (ctx, w, h, in);
  PfImage *dst = NULL;
  /* Room for any bounding box of the test sizes. */
  pf_assert_ok (pf_image_create (ctx, w + h, w + h, &dst));
  pf_assert_ok (pf_rotate (ctx, src, dst, degrees));
  *out_w = pf_image_get_width (dst);
  *out_h = pf_image_get_height (dst);
  guint8 *out = pf_test_download (ctx, dst);
  pf_image_destroy (src);
  pf_image_destroy (dst);
  return out;
}

static void
test_rotate_quarter_moves_pixels (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  for (gsize s = 0; s < G_N_ELEMENTS (shapes); s++)
    {
      int w = shapes[s][0], h = shapes[s][1], ow, oh;
      g_autofree guint8 *in = pf_test_pixels_random (w, h, 50 + s, FALSE);
      g_autofree guint8 *out = run_rotate (ctx, in, w, h, 90.0, &ow, &oh);
      g_assert_cmpint (ow, ==, h);
      g_assert_cmpint (oh, ==, w);
      /* Clockwise: source (x, y) lands at (h − 1 − y, x). */
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          assert_same_pixel (out, ow, h - 1 - y, x, in, w, x, y);
    }
  pf_context_destroy (ctx);
}

static void
test_rotate_four_quarters_is_identity (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  for (gsize s = 0; s < G_N_ELEMENTS (shapes); s++)
    {
      int w = shapes[s][0], h = shapes[s][1];
      g_autofree guint8 *in = pf_test_pixels_random (w, h, 70 + s, FALSE);
      guint8 *cur = g_memdup2 (in, n_bytes (w, h));
      int cw = w, ch = h;
      for (int i = 0; i < 4; i++)
        {
          int nw, nh;
          guint8 *next = run_rotate (ctx, cur, cw, ch, 90.0, &nw, &nh);
          g_free (cur);
          cur = next;
          cw = nw;
          ch = nh;
        }
      g_assert_cmpint (cw, ==, w);
      g_assert_cmpint (ch, ==, h);
      g_assert_cmpmem (cur, n_bytes (w, h), in, n_bytes (w, h));
      g_free (cur);
    }
  pf_context_destroy (ctx);
}

static void
test_rotate_half_equals_flip_both (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  for (gsize s = 0; s < G_N_ELEMENTS (shapes); s++)
    {
      int w = shapes[s][0], h = shapes[s][1], ow, oh;
      g_autofree guint8 *in = pf_test_pixels_random (w, h, 90 + s, FALSE);
      g_autofree guint8 *rotated = run_rotate (ctx, in, w, h, 180.0, &ow, &oh);
      g_autofree guint8 *flipped = run_flip (ctx, in, w, h, PF_FLIP_BOTH, 1);
      g_assert_cmpint (ow, ==, w);
      g_assert_cmpint (oh, ==, h);
      g_assert_cmpmem (rotated, n_bytes (w, h), flipped, n_bytes (w, h));
      /* and −180 the same */
      g_autofree guint8 *back = run_rotate (ctx, in, w, h, -180.0, &ow, &oh);
      g_assert_cmpmem (back, n_bytes (w, h), flipped, n_bytes (w, h));
    }
  pf_context_destroy (ctx);
}

static void
test_rotate_three_quarters (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  for (gsize s = 0; s < G_N_ELEMENTS (shapes); s++)
    {
      int w = shapes[s][0], h = shapes[s][1], ow, oh;
      g_autofree guint8 *in = pf_test_pixels_random (w, h, 110 + s, FALSE);
      g_autofree guint8 *r270 = run_rotate (ctx, in, w, h, 270.0, &ow, &oh);
      g_assert_cmpint (ow, ==, h);
      g_assert_cmpint (oh, ==, w);
      /* Three clockwise quarter turns, one at a time. */
      guint8 *cur = g_memdup2 (in, n_bytes (w, h));
      int cw = w, ch = h;
      for (int i = 0; i < 3; i++)
        {
          int nw, nh;
          guint8 *next = run_rotate (ctx, cur, cw, ch, 90.0, &nw, &nh);
          g_free (cur);
          cur = next;
          cw = nw;
          ch = nh;
        }
      g_assert_cmpmem (r270, n_bytes (w, h), cur, n_bytes (w, h));
      g_free (cur);
      /* −90 is 270, and so is 630 and 270 + 1e-10 */
      const double same[] = { -90.0, 630.0, 270.0 + 1e-10, -450.0 };
      for (gsize k = 0; k < G_N_ELEMENTS (same); k++)
        {
          g_autofree guint8 *other = run_rotate (ctx, in, w, h, same[k], &ow, &oh);
          g_assert_cmpint (ow, ==, h);
          g_assert_cmpint (oh, ==, w);
          g_assert_cmpmem (other, n_bytes (w, h), r270, n_bytes (w, h));
        }
    }
  pf_context_destroy (ctx);
}

static void
test_rotate_full_turn_is_copy (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  int w = 37, h = 23;
  g_autofree guint8 *in = pf_test_pixels_random (w, h, 130, FALSE);
  const double angles[] = { 0.0, 360.000, -360.0, 720.0, 360.0 + 1e-10, -1e-12 };
  for (gsize k = 0; k < G_N_ELEMENTS (angles); k++)
    {
      int ow, oh;
      g_autofree guint8 *out = run_rotate (ctx, in, w, h, angles[k], &ow, &oh);
      g_assert_cmpint (ow, ==, w);
      g_assert_cmpint (oh, ==, h);
      g_assert_cmpmem (out, n_bytes (w, h), in, n_bytes (w, h));
    }
  pf_context_destroy (ctx);
}

/* ---------------------------------------------------------------------------------------
 * Arbitrary angles
 */

static int
bounding (double a, double b)
{
  return (int) ceil (fabs (a) + fabs (b) - 1e-6);
}

static void
test_rotate_arbitrary_bounding_box (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  const double angles[] = { 45.0, 30.0, -30.0, 100.0, 200.5, 89.9, 0.5, 359.0 };
  int w = 100, h = 50;
  g_autofree guint8 *in = pf_test_pixels_random (w, h, 140, TRUE);
  for (gsize k = 0; k < G_N_ELEMENTS (angles); k++)
    {
      double t = angles[k] * G_PI / 180;
      int ow, oh;
      g_autofree guint8 *out = run_rotate (ctx, in, w, h, angles[k], &ow, &oh);
      g_assert_cmpint (ow, ==, bounding (w * cos (t), h * sin (t)));
      g_assert_cmpint (oh, ==, bounding (w * sin (t), h * cos (t)));
    }
  /* 45°: both sides are 150 / √2 = 106.07 → 107 */
  int ow, oh;
  g_autofree guint8 *out = run_rotate (ctx, in, w, h, 45.0, &ow, &oh);
  g_assert_cmpint (ow, ==, 107);
  g_assert_cmpint (oh, ==, 107);
  pf_context_destroy (ctx);
}

static void
test_rotate_arbitrary_constant_source (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  int w = 100, h = 50;
  const guint8 colour[4] = { 180, 90, 30, 255 };
  g_autofree guint8 *in = g_malloc (n_bytes (w, h));
  for (int i = 0; i < w * h; i++)
    memcpy (in + i * 4, colour, 4);
  const double angles[] = { 45.0, 17.0, -123.4 };
  for (gsize k = 0; k < G_N_ELEMENTS (angles); k++)
    {
      int ow, oh;
      g_autofree guint8 *out = run_rotate (ctx, in, w, h, angles[k], &ow, &oh);
      double t = angles[k] * G_PI / 180, c = cos (t), s = sin (t);
      int partial = 0;
      for (int Y = 0; Y < oh; Y++)
        for (int X = 0; X < ow; X++)
          {
            const guint8 *p = pf_test_px (out, ow, X, Y);
            /* Undo the clockwise turn about the centres to find where this pixel came from. */
            double u = X + 0.5 - ow / 2.0, v = Y + 0.5 - oh / 2.0;
            double sx = u * c + v * s + w / 2.0, sy = -u * s + v * c + h / 2.0;
            /* The bicubic reaches two pixels: beyond that, fully inside or fully outside. */
            if (sx >= 2.5 && sx <= w - 2.5 && sy >= 2.5 && sy <= h - 2.5)
              g_assert_cmpmem (p, 4, colour, 4);
            else if (sx < -1.5 || sx > w + 1.5 || sy < -1.5 || sy > h + 1.5)
              g_assert_cmpuint (p[0] | p[1] | p[2] | p[3], ==, 0);
            else if (p[3] > 0 && p[3] < 255)
              partial++;
            for (int ch = 0; ch < 3; ch++)
              g_assert_cmpuint (p[ch], <=, p[3]);
          }
      /* Antialiased: about one pixel of partial coverage per pixel of the 300-pixel edge. */
      g_assert_cmpint (partial, >, w + h);
      /* The corners of the bounding box are empty; the centre is the colour. */
      g_assert_cmpuint (pf_test_px (out, ow, 0, 0)[3], ==, 0);
      g_assert_cmpuint (pf_test_px (out, ow, ow - 1, 0)[3], ==, 0);
      g_assert_cmpuint (pf_test_px (out, ow, 0, oh - 1)[3], ==, 0);
      g_assert_cmpuint (pf_test_px (out, ow, ow - 1, oh - 1)[3], ==, 0);
      g_assert_cmpmem (pf_test_px (out, ow, ow / 2, oh / 2), 4, colour, 4);
    }
  pf_context_destroy (ctx);
}

static void
test_rotate_tiny_angle_keeps_pixels (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  /* Not within 1e-9 of 0, so resampled; but the samples land on the pixel centres. */
  int w = 37, h = 23, ow, oh;
  g_autofree guint8 *in = pf_test_pixels_random (w, h, 150, FALSE);
  g_autofree guint8 *out = run_rotate (ctx, in, w, h, 1e-6, &ow, &oh);
  g_assert_cmpint (ow, ==, w);
  g_assert_cmpint (oh, ==, h);
  pf_test_assert_close (out, in, w, h, 1);
  pf_context_destroy (ctx);
}

static void
test_rotate_invalid (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  PfImage *src = NULL, *dst = NULL, *small = NULL;
  pf_assert_ok (pf_image_create (ctx, 100, 50, &src));
  pf_assert_ok (pf_image_create (ctx, 200, 200, &dst));
  pf_assert_ok (pf_image_create (ctx, 60, 60, &small));
  pf_assert_status (pf_rotate (ctx, src, dst, NAN), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_rotate (ctx, src, dst, INFINITY), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_rotate (ctx, src, dst, -INFINITY), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_rotate (ctx, src, src, 90.0), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_rotate (ctx, NULL, dst, 90.0), PF_ERROR_INVALID_ARGUMENT);
  pf_assert_status (pf_rotate (ctx, src, NULL, 90.0), PF_ERROR_INVALID_ARGUMENT);
  /* 5000 pixels fit 3600 only as 60×60 at most: neither 50×100 turned nor 107×107. */
  pf_assert_status (pf_rotate (ctx, src, small, 90.0), PF_ERROR_CAPACITY);
  pf_assert_status (pf_rotate (ctx, src, small, 45.0), PF_ERROR_CAPACITY);
  g_assert_cmpint (pf_image_get_width (small), ==, 60);
  pf_image_destroy (src);
  pf_image_destroy (dst);
  pf_image_destroy (small);
  pf_context_destroy (ctx);
}

/* ---------------------------------------------------------------------------------------
 * The backend under test against the CPU reference: permutations exact, resampling ±1.
 */

static void
test_transform_backend_matches_cpu (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  PfContext *ref = pf_test_cpu_context ();
  /* Tiles of 32 with partial ones at the edges; pixel counts of each remainder mod 4. */
  const int big[][2] = { { 67, 45 }, { 64, 32 }, { 33, 1 }, { 1, 33 }, { 129, 7 }, { 516, 3 } };
  const double angles[] = { 90, 180, 270, 0, 33.3, -71.0 };
  for (gsize s = 0; s < G_N_ELEMENTS (big); s++)
    {
      int w = big[s][0], h = big[s][1];
      g_autofree guint8 *in = pf_test_pixels_random (w, h, 160 + s, FALSE);
      for (gsize k = 0; k < G_N_ELEMENTS (angles); k++)
        {
          int gw, gh, rw, rh;
          g_autofree guint8 *got = run_rotate (ctx, in, w, h, angles[k], &gw, &gh);
          g_autofree guint8 *want = run_rotate (ref, in, w, h, angles[k], &rw, &rh);
          g_assert_cmpint (gw, ==, rw);
          g_assert_cmpint (gh, ==, rh);
          pf_test_assert_close (got, want, gw, gh, fmod (angles[k], 90) == 0 ? 0 : 1);
        }
      for (PfFlip f = PF_FLIP_HORIZONTAL; f <= PF_FLIP_BOTH; f++)
        {
          g_autofree guint8 *got = run_flip (ctx, in, w, h, f, 1);
          g_autofree guint8 *want = run_flip (ref, in, w, h, f, 1);
          g_assert_cmpmem (got, n_bytes (w, h), want, n_bytes (w, h));
        }
    }
  pf_context_destroy (ref);
  pf_context_destroy (ctx);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/crop/content-and-size", test_crop_content_and_size);
  g_test_add_func ("/crop/invalid-arguments", test_crop_invalid);
  g_test_add_func ("/flip/moves-pixels", test_flip_moves_pixels);
  g_test_add_func ("/flip/twice-is-identity", test_flip_twice_is_identity);
  g_test_add_func ("/flip/invalid-arguments", test_flip_invalid);
  g_test_add_func ("/rotate/quarter-moves-pixels-clockwise", test_rotate_quarter_moves_pixels);
  g_test_add_func ("/rotate/four-quarters-are-identity", test_rotate_four_quarters_is_identity);
  g_test_add_func ("/rotate/half-equals-flip-both", test_rotate_half_equals_flip_both);
  g_test_add_func ("/rotate/three-quarters-are-three-turns", test_rotate_three_quarters);
  g_test_add_func ("/rotate/full-turn-is-copy", test_rotate_full_turn_is_copy);
  g_test_add_func ("/rotate/arbitrary/bounding-box", test_rotate_arbitrary_bounding_box);
  g_test_add_func ("/rotate/arbitrary/constant-source",
                   test_rotate_arbitrary_constant_source);
  g_test_add_func ("/rotate/arbitrary/tiny-angle-keeps-pixels",
                   test_rotate_tiny_angle_keeps_pixels);
  g_test_add_func ("/rotate/invalid-arguments", test_rotate_invalid);
  g_test_add_func ("/transform/backend-matches-cpu", test_transform_backend_matches_cpu);
  return g_test_run ();
}
