/* test-png-encoder.c — the parallel PNG encoder against libspng's decoder and zlib */
#define _GNU_SOURCE
#include "config.h"

#include <spng.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "pf-png-encoder.h"

static PfBitmap *
make_bitmap (int w, int h, gboolean opaque, guint32 seed)
{
  PfBitmap *bm = pf_bitmap_new (w, h, NULL);
  guint32 s = seed * 2654435761u + 3;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint8 *p = bm->data + (gsize) y * bm->stride + (gsize) x * 4;
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        /* photo-like: smooth ramps with a little noise */
        guint a = opaque ? 255 : (guint) ((x * 7 + y * 3 + (s & 7)) & 255);
        guint r = (x * 255 / MAX (1, w - 1) + (s & 3)) & 255;
        guint g = (y * 255 / MAX (1, h - 1)) & 255;
        guint b = ((x ^ y) & 255);
        p[0] = (guint8) ((r * a + 127) / 255);
        p[1] = (guint8) ((g * a + 127) / 255);
        p[2] = (guint8) ((b * a + 127) / 255);
        p[3] = (guint8) a;
      }
  return bm;
}

/* Decodes @png with libspng into straight RGBA8. */
static guint8 *
decode (GBytes *png, int *w, int *h, int *color_type, double *ppm)
{
  spng_ctx *ctx = spng_ctx_new (0);
  gsize len;
  const guint8 *data = g_bytes_get_data (png, &len);
  g_assert_cmpint (spng_set_png_buffer (ctx, data, len), ==, 0);
  struct spng_ihdr ihdr;
  g_assert_cmpint (spng_get_ihdr (ctx, &ihdr), ==, 0);
  *w = (int) ihdr.width;
  *h = (int) ihdr.height;
  *color_type = ihdr.color_type;
  struct spng_phys phys;
  *ppm = spng_get_phys (ctx, &phys) == 0 ? phys.ppu_x : 0;
  size_t size;
  g_assert_cmpint (spng_decoded_image_size (ctx, SPNG_FMT_RGBA8, &size), ==, 0);
  guint8 *out = g_malloc (size);
  /* CRC and Adler-32 checks are on by default: a bad stream fails here */
  g_assert_cmpint (spng_decode_image (ctx, out, size, SPNG_FMT_RGBA8, 0), ==, 0);
  spng_ctx_free (ctx);
  return out;
}

static void
check_round_trip (int w, int h, gboolean opaque, int threads)
{
  g_autoptr (PfBitmap) bm = make_bitmap (w, h, opaque, (guint32) (w * 31 + h));
  PfPngEncodeOptions options = { .dpi = 300, .level = 6, .threads = threads, .srgb = TRUE };
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) png = pf_png_encode (bm, &options, &error);
  g_assert_no_error (error);
  int dw, dh, type;
  double ppm;
  g_autofree guint8 *px = decode (png, &dw, &dh, &type, &ppm);
  g_assert_cmpint (dw, ==, w);
  g_assert_cmpint (dh, ==, h);
  g_assert_cmpint (type, ==, opaque ? SPNG_COLOR_TYPE_TRUECOLOR : SPNG_COLOR_TYPE_TRUECOLOR_ALPHA);
  g_assert_cmpint ((int) ppm, ==, 11811);  /* 300 dpi */
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *d = px + ((gsize) y * w + x) * 4;
        const guint8 *s = bm->data + (gsize) y * bm->stride + (gsize) x * 4;
        g_assert_cmpuint (d[3], ==, s[3]);
        /* premultiplying the decoded straight colour gives back the original exactly */
        for (int c = 0; c < 3; c++)
          g_assert_cmpuint ((d[c] * s[3] + 127) / 255, ==, s[c]);
      }
}

static void
test_round_trip (void)
{
  const int sizes[][2] = { { 1, 1 }, { 3, 2 }, { 17, 5 }, { 640, 480 }, { 1000, 1500 } };
  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (int threads = 1; threads <= 4; threads += 3)
      {
        check_round_trip (sizes[i][0], sizes[i][1], TRUE, threads);
        check_round_trip (sizes[i][0], sizes[i][1], FALSE, threads);
      }
}

static void
test_srgb_chunk (void)
{
  g_autoptr (PfBitmap) bm = make_bitmap (8, 8, TRUE, 1);
  g_autoptr (GBytes) png = pf_png_encode (bm, NULL, NULL);
  gsize len;
  const guint8 *data = g_bytes_get_data (png, &len);
  g_assert_nonnull (memmem (data, len, "sRGB", 4));
  g_assert_null (memmem (data, len, "pHYs", 4));  /* no DPI asked, none written */
}

/* The same image through libspng (zlib level 6, its default filtering): the size a
 * single-threaded encoder of the imaging world gives. */
static gsize
spng_size (const PfBitmap *bm)
{
  spng_ctx *ctx = spng_ctx_new (SPNG_CTX_ENCODER);
  struct spng_ihdr ihdr = { bm->width, bm->height, 8, SPNG_COLOR_TYPE_TRUECOLOR, 0, 0, 0 };
  g_autofree guint8 *rgb = g_malloc ((gsize) bm->width * bm->height * 3);
  for (gsize i = 0; i < (gsize) bm->width * bm->height; i++)
    memcpy (rgb + i * 3, bm->data + i * 4, 3);  /* opaque: straight = premultiplied */
  spng_set_option (ctx, SPNG_ENCODE_TO_BUFFER, 1);
  spng_set_option (ctx, SPNG_IMG_COMPRESSION_LEVEL, 6);
  spng_set_ihdr (ctx, &ihdr);
  g_assert_cmpint (spng_encode_image (ctx, rgb, (gsize) bm->width * bm->height * 3, SPNG_FMT_PNG,
                                      SPNG_ENCODE_FINALIZE),
                   ==, 0);
  size_t len = 0;
  int err = 0;
  void *png = spng_get_png_buffer (ctx, &len, &err);
  g_assert_nonnull (png);
  free (png);
  spng_ctx_free (ctx);
  return len;
}

#include "pf-image-io.h"

/* The default (run-length) is chosen for speed; on every sample photograph it must stay
 * within 10 % of what libspng writes at its default, zlib level 6 (the export's promise).
 * All but the smooth gradient of aqua.jpg (1.051×) come out at or under 1.02×. */
static void
test_default_level_on_photos (void)
{
  static const char *const photos[] = { "aqua.jpg", "dune.jpg", "garden.jpg", "lady-bird.jpg",
                                        "storm.jpg", "two-wings.jpg", "yellow-flower.jpg" };
  for (gsize i = 0; i < G_N_ELEMENTS (photos); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                     "photos", photos[i], NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (PfBitmap) photo = pf_image_load (path, NULL, &error);
      g_assert_no_error (error);
      PfPngEncodeOptions defaults = { .level = -1, .threads = 8 };
      g_autoptr (GBytes) png = pf_png_encode (photo, &defaults, &error);
      g_assert_no_error (error);
      gsize ours = g_bytes_get_size (png), reference = spng_size (photo);
      g_test_message ("%s %d×%d: %zu bytes by default, libspng level 6 %zu (%.3f×)", photos[i],
                      photo->width, photo->height, ours, reference, (double) ours / reference);
      g_assert_cmpfloat ((double) ours, <=, 1.10 * reference);

      /* and it decodes to the same pixels */
      g_autoptr (PfBitmap) back = pf_image_load_bytes (png, photos[i], NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (back->width, ==, photo->width);
      for (int y = 0; y < photo->height; y += 97)
        g_assert_cmpmem (back->data + (gsize) y * back->stride, (gsize) photo->width * 4,
                         photo->data + (gsize) y * photo->stride, (gsize) photo->width * 4);
    }
}

static void
test_parallel_size_close_to_single_stream (void)
{
  g_autoptr (PfBitmap) bm = make_bitmap (2480, 1754, TRUE, 42);
  PfPngEncodeOptions one = { .level = 6, .threads = 1 }, many = { .level = 6, .threads = 8 };
  g_autoptr (GBytes) a = pf_png_encode (bm, &one, NULL);
  g_autoptr (GBytes) b = pf_png_encode (bm, &many, NULL);
  gsize la = g_bytes_get_size (a), lb = g_bytes_get_size (b), ls = spng_size (bm);
  g_test_message ("libspng %zu bytes, one stream %zu bytes, 16 strips %zu bytes (%.3f× libspng)",
                  ls, la, lb, (double) lb / ls);
  g_assert_cmpfloat ((double) lb, <=, 1.05 * la);
  g_assert_cmpfloat ((double) lb, <=, 1.05 * ls);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/png-encoder/round-trip-is-exact", test_round_trip);
  g_test_add_func ("/png-encoder/writes-srgb", test_srgb_chunk);
  g_test_add_func ("/png-encoder/strips-cost-little", test_parallel_size_close_to_single_stream);
  g_test_add_func ("/png-encoder/default-is-small-on-photos", test_default_level_on_photos);
  return g_test_run ();
}
