/* test-image-io.c — decoding and encoding photos: formats, orientation, limits, bad files
 *
 * Every fixture is made here, in a temporary folder, with libspng, libjpeg, gdk-pixbuf or by
 * hand, from pixels the test knows; expected results are computed independently.
 */
#include "config.h"

#include <errno.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <spng.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include <zlib.h>

#include <jpeglib.h>

#include "pf-image-io.h"
#include "photoff-engine.h"

static char *tmp_dir;

/* Helpers ------------------------------------------------------------------------------- */

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static char *
write_fixture (const char *name,
               const void *data,
               gsize       len)
{
  char *path = tmp_path (name);
  GError *error = NULL;

  g_file_set_contents (path, data, (gssize) len, &error);
  g_assert_no_error (error);
  return path;
}

static char *
write_fixture_bytes (const char *name,
                     GBytes     *bytes)
{
  gsize len;
  const void *data = g_bytes_get_data (bytes, &len);

  return write_fixture (name, data, len);
}

/* The error must exist and its message must name the file. */
static void
assert_error_names_file (const GError *error,
                         const char   *path)
{
  g_autofree char *base = g_path_get_basename (path);

  g_assert_nonnull (error);
  if (strstr (error->message, base) == NULL)
    g_error ("error “%s” does not name %s", error->message, base);
}

/* round (c · a / 255), written the long way */
static guint8
premul (guint c,
        guint a)
{
  return (guint8) ((c * a + 127) / 255);
}

static guint32
xorshift (guint32 *s)
{
  *s ^= *s << 13;
  *s ^= *s >> 17;
  *s ^= *s << 5;
  return *s;
}

static const guint8 *
px (const PfBitmap *bitmap,
    int             x,
    int             y)
{
  return bitmap->data + (gsize) y * bitmap->stride + (gsize) x * 4;
}

/* Largest per-channel difference between @bitmap and straight-alpha opaque RGB @ref. */
static int
max_diff_rgb (const PfBitmap *bitmap,
              const guint8   *ref,
              double         *mean)
{
  int worst = 0;
  double sum = 0;

  for (int y = 0; y < bitmap->height; y++)
    for (int x = 0; x < bitmap->width; x++)
      {
        const guint8 *p = px (bitmap, x, y);
        const guint8 *r = ref + ((gsize) y * bitmap->width + x) * 3;

        g_assert_cmpint (p[3], ==, 255);
        for (int c = 0; c < 3; c++)
          {
            int d = ABS ((int) p[c] - (int) r[c]);
            worst = MAX (worst, d);
            sum += d;
          }
      }
  if (mean != NULL)
    *mean = sum / ((double) bitmap->width * bitmap->height * 3);
  return worst;
}

/* PNG fixtures, written with libspng from raw PNG-layout samples (16-bit big-endian). */
static GBytes *
make_png (int                      width,
          int                      height,
          int                      bit_depth,
          int                      color_type,
          int                      interlace,
          const void              *raw,
          gsize                    raw_len,
          const struct spng_plte  *plte,
          const struct spng_trns  *trns)
{
  spng_ctx *ctx = spng_ctx_new (SPNG_CTX_ENCODER);
  struct spng_ihdr ihdr = { 0 };
  size_t len;
  int ret;
  void *png;
  GBytes *bytes;

  ihdr.width = (guint32) width;
  ihdr.height = (guint32) height;
  ihdr.bit_depth = (guint8) bit_depth;
  ihdr.color_type = (guint8) color_type;
  ihdr.interlace_method = (guint8) interlace;
  g_assert_cmpint (spng_set_option (ctx, SPNG_ENCODE_TO_BUFFER, 1), ==, 0);
  g_assert_cmpint (spng_set_ihdr (ctx, &ihdr), ==, 0);
  if (plte != NULL)
    g_assert_cmpint (spng_set_plte (ctx, (struct spng_plte *) plte), ==, 0);
  if (trns != NULL)
    g_assert_cmpint (spng_set_trns (ctx, (struct spng_trns *) trns), ==, 0);
  ret = spng_encode_image (ctx, raw, raw_len, SPNG_FMT_RAW, SPNG_ENCODE_FINALIZE);
  g_assert_cmpint (ret, ==, 0);
  png = spng_get_png_buffer (ctx, &len, &ret);
  g_assert_cmpint (ret, ==, 0);
  bytes = g_bytes_new (png, len);
  free (png);
  spng_ctx_free (ctx);
  return bytes;
}

/* Straight RGBA8 as the file holds it, read with libspng. */
static guint8 *
read_png_straight (const char *path,
                   int        *color_type,
                   guint32    *ppm,
                   int        *unit)
{
  g_autofree char *data = NULL;
  gsize len;
  spng_ctx *ctx = spng_ctx_new (0);
  struct spng_ihdr ihdr;
  struct spng_phys phys;
  size_t size;
  guint8 *out;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  spng_set_png_buffer (ctx, data, len);
  g_assert_cmpint (spng_get_ihdr (ctx, &ihdr), ==, 0);
  *color_type = ihdr.color_type;
  *ppm = 0;
  *unit = -1;
  if (spng_get_phys (ctx, &phys) == 0)
    {
      *ppm = phys.ppu_x;
      *unit = phys.unit_specifier;
      g_assert_cmpuint (phys.ppu_x, ==, phys.ppu_y);
    }
  g_assert_cmpint (spng_decoded_image_size (ctx, SPNG_FMT_RGBA8, &size), ==, 0);
  out = g_malloc (size);
  g_assert_cmpint (spng_decode_image (ctx, out, size, SPNG_FMT_RGBA8, SPNG_DECODE_TRNS), ==, 0);
  spng_ctx_free (ctx);
  return out;
}

static void
put16 (guint8   *p,
       guint     v,
       gboolean  big)
{
  p[big ? 0 : 1] = (guint8) (v >> 8);
  p[big ? 1 : 0] = (guint8) v;
}

static void
put32 (guint8   *p,
       guint32   v,
       gboolean  big)
{
  for (int i = 0; i < 4; i++)
    p[big ? i : 3 - i] = (guint8) (v >> (24 - 8 * i));
}

/* An APP1 payload: "Exif\0\0", a TIFF header and IFD 0 holding only the orientation. */
static gsize
make_exif (guint8   *out,
           int       orientation,
           gboolean  big)
{
  memcpy (out, "Exif\0\0", 6);
  guint8 *t = out + 6;
  t[0] = t[1] = big ? 'M' : 'I';
  put16 (t + 2, 42, big);
  put32 (t + 4, 8, big);         /* IFD 0 right after the header */
  put16 (t + 8, 1, big);         /* one entry */
  put16 (t + 10, 0x0112, big);   /* Orientation */
  put16 (t + 12, 3, big);        /* SHORT */
  put32 (t + 14, 1, big);        /* one value, stored inline */
  put16 (t + 18, (guint) orientation, big);
  put16 (t + 20, 0, big);
  put32 (t + 22, 0, big);        /* no next IFD */
  return 6 + 26;
}

typedef struct
{
  int quality;
  gboolean progressive;
  gboolean subsample;          /* 4:2:0 rather than 4:4:4 */
  int orientation;             /* 0: no EXIF */
  gboolean exif_big_endian;
  J_COLOR_SPACE in_space;      /* JCS_RGB, JCS_GRAYSCALE or JCS_CMYK */
  J_COLOR_SPACE jpeg_space;    /* JCS_UNKNOWN: libjpeg's default for in_space */
  gboolean no_adobe_marker;
  const jpeg_scan_info *scans;
  int n_scans;
} JpegSpec;

static GBytes *
make_jpeg (const guint8   *pixels,
           int             width,
           int             height,
           const JpegSpec *spec)
{
  struct jpeg_compress_struct cinfo;
  struct jpeg_error_mgr jerr;
  unsigned char *out = NULL;
  unsigned long out_size = 0;
  int components;
  GBytes *bytes;

  cinfo.err = jpeg_std_error (&jerr);
  jpeg_create_compress (&cinfo);
  jpeg_mem_dest (&cinfo, &out, &out_size);
  components = spec->in_space == JCS_GRAYSCALE ? 1 : spec->in_space == JCS_CMYK ? 4 : 3;
  cinfo.image_width = (JDIMENSION) width;
  cinfo.image_height = (JDIMENSION) height;
  cinfo.input_components = components;
  cinfo.in_color_space = spec->in_space;
  jpeg_set_defaults (&cinfo);
  if (spec->jpeg_space != JCS_UNKNOWN)
    jpeg_set_colorspace (&cinfo, spec->jpeg_space);
  if (spec->no_adobe_marker)
    cinfo.write_Adobe_marker = FALSE;
  jpeg_set_quality (&cinfo, spec->quality > 0 ? spec->quality : 100, TRUE);
  if (!spec->subsample)
    for (int c = 0; c < cinfo.num_components; c++)
      cinfo.comp_info[c].h_samp_factor = cinfo.comp_info[c].v_samp_factor = 1;
  if (spec->progressive)
    jpeg_simple_progression (&cinfo);
  if (spec->scans != NULL)
    {
      cinfo.scan_info = spec->scans;
      cinfo.num_scans = spec->n_scans;
    }
  jpeg_start_compress (&cinfo, TRUE);
  if (spec->orientation > 0)
    {
      guint8 exif[64];
      gsize len = make_exif (exif, spec->orientation, spec->exif_big_endian);

      jpeg_write_marker (&cinfo, JPEG_APP0 + 1, exif, (unsigned int) len);
    }
  while (cinfo.next_scanline < cinfo.image_height)
    {
      JSAMPROW row = (JSAMPROW) (pixels + (gsize) cinfo.next_scanline * width * components);
      jpeg_write_scanlines (&cinfo, &row, 1);
    }
  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);
  bytes = g_bytes_new (out, out_size);
  free (out);
  return bytes;
}

/* A picture whose every 8 × 8 block is one flat colour: JPEG keeps it almost exactly, and
 * no two blocks of a row or column share a colour, so any turn or mirror shows. */
static guint8 *
make_blocks (int width,
             int height)
{
  guint8 *rgb = g_malloc ((gsize) width * height * 3);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = rgb + ((gsize) y * width + x) * 3;
        int bx = x / 8, by = y / 8;

        p[0] = (guint8) (30 + 60 * bx);
        p[1] = (guint8) (40 + 70 * by);
        p[2] = (guint8) (((bx + 2 * by) % 3) * 100 + 20);
      }
  return rgb;
}

/* Where upright pixel (x, y) of a W × H picture sits in a file with EXIF @orientation, as
 * the EXIF specification words it (e.g. 6: the stored 0th row is the visual right side). */
static void
stored_position (int  orientation,
                 int  x,
                 int  y,
                 int  W,
                 int  H,
                 int *sx,
                 int *sy)
{
  int w = orientation >= 5 ? H : W;
  int h = orientation >= 5 ? W : H;

  switch (orientation)
    {
    case 1: *sx = x; *sy = y; break;
    case 2: *sx = w - 1 - x; *sy = y; break;
    case 3: *sx = w - 1 - x; *sy = h - 1 - y; break;
    case 4: *sx = x; *sy = h - 1 - y; break;
    case 5: *sx = y; *sy = x; break;
    case 6: *sx = y; *sy = h - 1 - x; break;
    case 7: *sx = w - 1 - y; *sy = h - 1 - x; break;
    case 8: *sx = w - 1 - y; *sy = x; break;
    default: g_assert_not_reached ();
    }
}

static PfBitmap *
load_ok (const char          *path,
         const PfLoadOptions *options)
{
  GError *error = NULL;
  PfBitmap *bitmap = pf_image_load (path, options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bitmap);
  g_assert_cmpuint (bitmap->stride, ==, (gsize) bitmap->width * 4);
  return bitmap;
}

/* A bitmap of premultiplied noise with every kind of alpha: 0, 255 and in between. */
static PfBitmap *
make_noise_bitmap (int      width,
                   int      height,
                   gboolean opaque,
                   guint32  seed,
                   guint8 **straight_out)
{
  PfBitmap *bitmap = pf_bitmap_new (width, height, NULL);
  guint8 *straight = g_malloc ((gsize) width * height * 4);
  guint32 s = seed;

  for (int i = 0; i < width * height; i++)
    {
      guint32 r = xorshift (&s);
      guint a = opaque ? 255 : (i % 7 == 0 ? 0 : i % 7 == 1 ? 255 : (r >> 24));
      guint8 *st = straight + (gsize) i * 4;
      guint8 *p = bitmap->data + (gsize) i * 4;

      st[0] = (guint8) r;
      st[1] = (guint8) (r >> 8);
      st[2] = (guint8) (r >> 16);
      st[3] = (guint8) a;
      for (int c = 0; c < 3; c++)
        p[c] = premul (st[c], a);
      p[3] = (guint8) a;
    }
  if (straight_out != NULL)
    *straight_out = straight;
  else
    g_free (straight);
  return bitmap;
}

/* PNG ----------------------------------------------------------------------------------- */

static void
test_png_round_trip (void)
{
  g_autofree guint8 *straight = NULL;
  g_autoptr(PfBitmap) bitmap = make_noise_bitmap (37, 23, FALSE, 7, &straight);
  g_autoptr(PfBitmap) loaded = NULL;
  g_autofree char *path = tmp_path ("round-trip.png");
  g_autofree guint8 *file_pixels = NULL;
  GError *error = NULL;
  int color_type, unit;
  guint32 ppm;

  g_assert_true (pf_image_save_png (bitmap, path, NULL, &error));
  g_assert_no_error (error);

  /* Straight → premultiplied → straight → premultiplied is lossless. */
  loaded = load_ok (path, NULL);
  g_assert_cmpint (loaded->width, ==, 37);
  g_assert_cmpint (loaded->height, ==, 23);
  g_assert_cmpmem (loaded->data, 37 * 23 * 4, bitmap->data, 37 * 23 * 4);
  g_assert_cmpfloat (loaded->dpi, ==, 0);

  /* The file holds straight alpha, within what the premultiplied form keeps. */
  file_pixels = read_png_straight (path, &color_type, &ppm, &unit);
  g_assert_cmpint (color_type, ==, SPNG_COLOR_TYPE_TRUECOLOR_ALPHA);
  for (int i = 0; i < 37 * 23; i++)
    {
      const guint8 *f = file_pixels + i * 4, *s = straight + i * 4;

      g_assert_cmpint (f[3], ==, s[3]);
      for (int c = 0; c < 3; c++)
        {
          if (s[3] == 0)
            g_assert_cmpint (f[c], ==, 0);
          else
            g_assert_cmpfloat (ABS ((int) f[c] - (int) s[c]), <=, 127.5 / s[3] + 0.5);
        }
    }
}

static void
test_png_opaque_saves_rgb (void)
{
  g_autoptr(PfBitmap) bitmap = make_noise_bitmap (16, 9, TRUE, 3, NULL);
  g_autoptr(PfBitmap) loaded = NULL;
  g_autofree char *path = tmp_path ("opaque.png");
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (pf_image_save (bitmap, path, NULL, NULL));
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_cmpuint (len, >, 33);
  g_assert_cmpmem (data + 12, 4, "IHDR", 4);
  g_assert_cmpint (data[24], ==, 8);   /* bit depth */
  g_assert_cmpint (data[25], ==, 2);   /* RGB, no alpha */

  loaded = load_ok (path, NULL);
  g_assert_cmpmem (loaded->data, 16 * 9 * 4, bitmap->data, 16 * 9 * 4);

  /* One pixel not quite opaque is enough for RGBA. */
  bitmap->data[5 * 4 + 3] = 254;
  bitmap->data[5 * 4 + 0] = MIN (bitmap->data[5 * 4 + 0], 254);
  bitmap->data[5 * 4 + 1] = MIN (bitmap->data[5 * 4 + 1], 254);
  bitmap->data[5 * 4 + 2] = MIN (bitmap->data[5 * 4 + 2], 254);
  g_assert_true (pf_image_save (bitmap, path, NULL, NULL));
  g_clear_pointer (&data, g_free);
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_cmpint (data[25], ==, 6);
}

static void
test_png_dpi_round_trip (void)
{
  static const double dpis[] = { 300, 72, 600, 96.5 };

  for (gsize i = 0; i < G_N_ELEMENTS (dpis); i++)
    {
      g_autoptr(PfBitmap) bitmap = make_noise_bitmap (4, 4, TRUE, 1, NULL);
      g_autoptr(PfBitmap) loaded = NULL;
      g_autofree char *path = tmp_path ("dpi.png");
      g_autofree guint8 *pixels = NULL;
      PfSaveOptions options = { .dpi = dpis[i], .compression = -1 };
      int color_type, unit;
      guint32 ppm;

      g_assert_true (pf_image_save_png (bitmap, path, &options, NULL));
      pixels = read_png_straight (path, &color_type, &ppm, &unit);
      g_assert_cmpint (unit, ==, 1);   /* metre */
      g_assert_cmpuint (ppm, ==, (guint32) (dpis[i] / 0.0254 + 0.5));
      loaded = load_ok (path, NULL);
      /* a pixel per metre is 0.0254 dpi: rounding to whole metres costs at most half that */
      g_assert_cmpfloat (fabs (loaded->dpi - dpis[i]), <=, 0.0127 + 1e-9);
    }
}

static void
test_png_writes_srgb (void)
{
  g_autoptr(PfBitmap) bitmap = make_noise_bitmap (5, 5, FALSE, 9, NULL);
  g_autofree char *path = tmp_path ("srgb.png");
  g_autofree char *data = NULL;
  gsize len;
  gboolean found = FALSE;

  g_assert_true (pf_image_save_png (bitmap, path, NULL, NULL));
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  /* Walk the chunks: an sRGB chunk of one byte, before the first IDAT. */
  for (gsize off = 8; off + 12 <= len;)
    {
      const guint8 *p = (const guint8 *) data + off;
      guint32 length = (guint32) p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];

      if (memcmp (p + 4, "IDAT", 4) == 0)
        break;
      if (memcmp (p + 4, "sRGB", 4) == 0)
        {
          g_assert_cmpuint (length, ==, 1);
          g_assert_cmpint (p[8], <=, 3);
          found = TRUE;
        }
      off += 12 + (gsize) length;
    }
  g_assert_true (found);
}

static void
test_png_compression_levels (void)
{
  g_autoptr(PfBitmap) bitmap = pf_bitmap_new (64, 64, NULL);
  g_autofree char *fast = tmp_path ("level0.png");
  g_autofree char *best = tmp_path ("level9.png");
  PfSaveOptions options0 = { .compression = 0 }, options9 = { .compression = 9 };
  g_autoptr(PfBitmap) a = NULL;
  g_autoptr(PfBitmap) b = NULL;
  GStatBuf st0, st9;

  for (int i = 0; i < 64 * 64; i++)
    {
      bitmap->data[i * 4 + 0] = (guint8) (i % 64 * 4);
      bitmap->data[i * 4 + 1] = (guint8) (i / 64 * 4);
      bitmap->data[i * 4 + 3] = 255;
    }
  g_assert_true (pf_image_save_png (bitmap, fast, &options0, NULL));
  g_assert_true (pf_image_save_png (bitmap, best, &options9, NULL));
  g_assert_cmpint (g_stat (fast, &st0), ==, 0);
  g_assert_cmpint (g_stat (best, &st9), ==, 0);
  g_assert_cmpint (st9.st_size, <, st0.st_size);
  a = load_ok (fast, NULL);
  b = load_ok (best, NULL);
  g_assert_cmpmem (a->data, 64 * 64 * 4, bitmap->data, 64 * 64 * 4);
  g_assert_cmpmem (b->data, 64 * 64 * 4, bitmap->data, 64 * 64 * 4);
}

static void
test_png_16_bit (void)
{
  const int w = 7, h = 5;
  guint8 raw[7 * 5 * 8];
  guint16 values[7 * 5 * 4];
  g_autoptr(GBytes) png = NULL;
  g_autofree char *path = NULL;
  g_autoptr(PfBitmap) bitmap = NULL;
  guint32 s = 11;

  for (int i = 0; i < w * h * 4; i++)
    {
      values[i] = (guint16) xorshift (&s);
      if (i % 4 == 3 && i / 4 % 3 == 0)
        values[i] = 65535;
      put16 (raw + i * 2, values[i], TRUE);
    }
  png = make_png (w, h, 16, SPNG_COLOR_TYPE_TRUECOLOR_ALPHA, 0, raw, sizeof raw, NULL, NULL);
  path = write_fixture_bytes ("rgba16.png", png);
  bitmap = load_ok (path, NULL);
  g_assert_cmpint (bitmap->width, ==, w);
  for (int i = 0; i < w * h; i++)
    {
      /* 16 → 8 bits rounded to nearest, then premultiplied */
      guint a = (guint) (values[i * 4 + 3] / 257.0 + 0.5);
      const guint8 *p = bitmap->data + i * 4;

      g_assert_cmpint (p[3], ==, a);
      for (int c = 0; c < 3; c++)
        g_assert_cmpint (p[c], ==, premul ((guint) (values[i * 4 + c] / 257.0 + 0.5), a));
    }
}

static void
test_png_grey (void)
{
  /* 8-bit grey, 8-bit grey + alpha, 2-bit grey and 16-bit grey with a tRNS key */
  {
    guint8 raw[3 * 2] = { 0, 17, 128, 200, 254, 255 };
    g_autoptr(GBytes) png = make_png (3, 2, 8, SPNG_COLOR_TYPE_GRAYSCALE, 0, raw, 6, NULL, NULL);
    g_autofree char *path = write_fixture_bytes ("grey8.png", png);
    g_autoptr(PfBitmap) bitmap = load_ok (path, NULL);

    for (int i = 0; i < 6; i++)
      {
        const guint8 *p = bitmap->data + i * 4;
        g_assert_cmpint (p[0], ==, raw[i]);
        g_assert_cmpint (p[1], ==, raw[i]);
        g_assert_cmpint (p[2], ==, raw[i]);
        g_assert_cmpint (p[3], ==, 255);
      }
  }
  {
    guint8 raw[4 * 2] = { 200, 0, 200, 128, 200, 255, 77, 1 };
    g_autoptr(GBytes) png = make_png (4, 1, 8, SPNG_COLOR_TYPE_GRAYSCALE_ALPHA, 0, raw, 8,
                                      NULL, NULL);
    g_autofree char *path = write_fixture_bytes ("grey-alpha.png", png);
    g_autoptr(PfBitmap) bitmap = load_ok (path, NULL);

    for (int i = 0; i < 4; i++)
      {
        const guint8 *p = bitmap->data + i * 4;
        g_assert_cmpint (p[3], ==, raw[i * 2 + 1]);
        for (int c = 0; c < 3; c++)
          g_assert_cmpint (p[c], ==, premul (raw[i * 2], raw[i * 2 + 1]));
      }
  }
  {
    /* 2 bits: four pixels 0, 1, 2, 3 in one byte, then 3, 2, 1, 0 */
    guint8 raw[2] = { 0x1b, 0xe4 };
    g_autoptr(GBytes) png = make_png (4, 2, 2, SPNG_COLOR_TYPE_GRAYSCALE, 0, raw, 2, NULL, NULL);
    g_autofree char *path = write_fixture_bytes ("grey2.png", png);
    g_autoptr(PfBitmap) bitmap = load_ok (path, NULL);
    static const int expect[8] = { 0, 85, 170, 255, 255, 170, 85, 0 };

    for (int i = 0; i < 8; i++)
      {
        g_assert_cmpint (bitmap->data[i * 4], ==, expect[i]);
        g_assert_cmpint (bitmap->data[i * 4 + 3], ==, 255);
      }
  }
  {
    guint8 raw[3 * 2];
    struct spng_trns trns = { .gray = 0x1234 };
    g_autoptr(GBytes) png = NULL;
    g_autofree char *path = NULL;
    g_autoptr(PfBitmap) bitmap = NULL;

    put16 (raw, 0x1234, TRUE);   /* the transparent key */
    put16 (raw + 2, 0x8000, TRUE);
    put16 (raw + 4, 0xffff, TRUE);
    png = make_png (3, 1, 16, SPNG_COLOR_TYPE_GRAYSCALE, 0, raw, 6, NULL, &trns);
    path = write_fixture_bytes ("grey16-trns.png", png);
    bitmap = load_ok (path, NULL);
    g_assert_cmpint (bitmap->data[0], ==, 0);
    g_assert_cmpint (bitmap->data[3], ==, 0);
    g_assert_cmpint (bitmap->data[4], ==, 128);   /* 0x8000 / 257 = 127.5 → 128 */
    g_assert_cmpint (bitmap->data[7], ==, 255);
    g_assert_cmpint (bitmap->data[8], ==, 255);
  }
}

static void
test_png_palette_trns (void)
{
  struct spng_plte plte = { .n_entries = 4 };
  struct spng_trns trns = { .n_type3_entries = 3 };
  static const guint8 colours[4][3] = { { 255, 0, 0 }, { 0, 255, 0 }, { 10, 20, 250 },
                                        { 90, 90, 90 } };
  static const guint8 alphas[4] = { 0, 128, 255, 255 };   /* entry 3: no tRNS, opaque */
  guint8 raw[5] = { 0, 1, 2, 3, 1 };
  g_autoptr(GBytes) png = NULL;
  g_autofree char *path = NULL;
  g_autoptr(PfBitmap) bitmap = NULL;

  for (int i = 0; i < 4; i++)
    {
      plte.entries[i].red = colours[i][0];
      plte.entries[i].green = colours[i][1];
      plte.entries[i].blue = colours[i][2];
      if (i < 3)
        trns.type3_alpha[i] = alphas[i];
    }
  png = make_png (5, 1, 8, SPNG_COLOR_TYPE_INDEXED, 0, raw, 5, &plte, &trns);
  path = write_fixture_bytes ("palette.png", png);
  bitmap = load_ok (path, NULL);
  for (int i = 0; i < 5; i++)
    {
      const guint8 *p = bitmap->data + i * 4;
      int e = raw[i];

      g_assert_cmpint (p[3], ==, alphas[e]);
      for (int c = 0; c < 3; c++)
        g_assert_cmpint (p[c], ==, premul (colours[e][c], alphas[e]));
    }
}

static void
test_png_interlaced (void)
{
  const int w = 13, h = 11;

  for (int depth = 8; depth <= 16; depth += 8)
    {
      int bpp = depth / 8 * 3;
      g_autofree guint8 *raw = g_malloc ((gsize) w * h * bpp);
      g_autofree guint8 *plain_raw = NULL;
      g_autoptr(GBytes) png = NULL;
      g_autoptr(GBytes) plain = NULL;
      g_autofree char *path = NULL;
      g_autofree char *plain_path = NULL;
      g_autoptr(PfBitmap) bitmap = NULL;
      g_autoptr(PfBitmap) reference = NULL;
      guint32 s = 5;

      for (int i = 0; i < w * h * bpp; i++)
        raw[i] = (guint8) xorshift (&s);
      png = make_png (w, h, depth, SPNG_COLOR_TYPE_TRUECOLOR, 1, raw, (gsize) w * h * bpp,
                      NULL, NULL);
      plain = make_png (w, h, depth, SPNG_COLOR_TYPE_TRUECOLOR, 0, raw, (gsize) w * h * bpp,
                        NULL, NULL);
      path = write_fixture_bytes ("interlaced.png", png);
      plain_path = write_fixture_bytes ("not-interlaced.png", plain);
      g_assert_cmpint (((const guint8 *) g_bytes_get_data (png, NULL))[28], ==, 1);

      bitmap = load_ok (path, NULL);
      reference = load_ok (plain_path, NULL);
      g_assert_cmpmem (bitmap->data, w * h * 4, reference->data, w * h * 4);
      for (int i = 0; i < w * h; i++)
        for (int c = 0; c < 3; c++)
          {
            int expect = depth == 8 ? raw[i * 3 + c]
                                    : (int) ((raw[i * 6 + c * 2] * 256 + raw[i * 6 + c * 2 + 1])
                                             / 257.0 + 0.5);
            g_assert_cmpint (bitmap->data[i * 4 + c], ==, expect);
          }
    }
}

static void
test_png_bad_crc (void)
{
  g_autoptr(PfBitmap) bitmap = make_noise_bitmap (8, 8, TRUE, 2, NULL);
  PfSaveOptions options = { .dpi = 300, .compression = -1 };
  g_autofree char *path = tmp_path ("crc.png");
  g_autofree char *data = NULL;
  gsize len;
  char *phys;

  g_assert_true (pf_image_save_png (bitmap, path, &options, NULL));
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));

  /* in an ancillary chunk (pHYs) and in IHDR */
  phys = NULL;
  for (gsize i = 0; i + 4 <= len && phys == NULL; i++)
    if (memcmp (data + i, "pHYs", 4) == 0)
      phys = data + i;
  g_assert_nonnull (phys);
  for (int which = 0; which < 2; which++)
    {
      g_autofree char *copy = g_memdup2 (data, len);
      g_autofree char *bad = NULL;
      g_autoptr(PfBitmap) loaded = NULL;
      GError *error = NULL;

      if (which == 0)
        copy[phys - data + 4] ^= 0x01;
      else
        copy[23] ^= 0x01;   /* IHDR height, checksum unchanged */
      bad = write_fixture (which == 0 ? "crc-phys.png" : "crc-ihdr.png", copy, len);
      loaded = pf_image_load (bad, NULL, &error);
      g_assert_null (loaded);
      g_assert_error (error, PF_IO_ERROR, PF_IO_ERROR_CORRUPT);
      assert_error_names_file (error, bad);
      g_clear_error (&error);
    }
}

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

/* A PNG of just a signature, an IHDR with a valid checksum and IEND. */
static char *
write_png_header_only (const char *name,
                       guint32     width,
                       guint32     height)
{
  guint8 png[8 + 25 + 12] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint8 *ihdr = png + 8;
  guint8 *iend = png + 33;

  put32 (ihdr, 13, TRUE);
  memcpy (ihdr + 4, "IHDR", 4);
  put32 (ihdr + 8, width, TRUE);
  put32 (ihdr + 12, height, TRUE);
  ihdr[16] = 8;
  ihdr[17] = 6;
  put32 (ihdr + 21, (guint32) crc32 (0, ihdr + 4, 17), TRUE);
  put32 (iend, 0, TRUE);
  memcpy (iend + 4, "IEND", 4);
  put32 (iend + 8, (guint32) crc32 (0, iend + 4, 4), TRUE);
  return write_fixture (name, png, sizeof png);
}

static void
test_png_huge_header (void)
{
  static const guint32 sizes[][2] = { { 100000, 100000 }, { 20000, 20000 }, { 1, 40000 } };

  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *path = write_png_header_only ("huge.png", sizes[i][0], sizes[i][1]);
      GError *error = NULL;
      PfBitmap *bitmap;
      int w = -1, h = -1;

      bitmap = pf_image_load (path, NULL, &error);
      g_assert_null (bitmap);
      g_assert_error (error, PF_IO_ERROR, PF_IO_ERROR_TOO_LARGE);
      assert_error_names_file (error, path);
      g_clear_error (&error);

      g_assert_false (pf_image_probe (path, &w, &h, &error));
      g_assert_error (error, PF_IO_ERROR, PF_IO_ERROR_TOO_LARGE);
      g_assert_cmpint (w, ==, -1);
      g_clear_error (&error);
    }
}

static void
test_png_probe (void)
{
  g_autoptr(PfBitmap) bitmap = make_noise_bitmap (31, 17, FALSE, 4, NULL);
  g_autofree char *path = tmp_path ("probe.png");
  GError *error = NULL;
  int w = 0, h = 0;

  g_assert_true (pf_image_save_png (bitmap, path, NULL, NULL));
  g_assert_true (pf_image_probe (path, &w, &h, &error));
  g_assert_no_error (error);
  g_assert_cmpint (w, ==, 31);
  g_assert_cmpint (h, ==, 17);
}

/* JPEG ---------------------------------------------------------------------------------- */

/* A smooth, photo-like picture. */
static guint8 *
make_smooth (int width,
             int height)
{
  guint8 *rgb = g_malloc ((gsize) width * height * 3);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = rgb + ((gsize) y * width + x) * 3;
        p[0] = (guint8) (x * 255 / (width - 1));
        p[1] = (guint8) (y * 255 / (height - 1));
        p[2] = (guint8) (128 + 100 * sin (x * 0.1) * cos (y * 0.13));
      }
  return rgb;
}

static void
test_jpeg_round_trip (void)
{
  const int w = 61, h = 45;
  g_autofree guint8 *rgb = make_smooth (w, h);
  g_autoptr(PfBitmap) bitmap = pf_bitmap_new (w, h, NULL);
  g_autoptr(PfBitmap) loaded = NULL;
  g_autofree char *path = tmp_path ("round-trip.JPG");
  PfSaveOptions options = { .quality = 100, .dpi = 300 };
  double mean;
  int worst;

  for (int i = 0; i < w * h; i++)
    {
      memcpy (bitmap->data + i * 4, rgb + i * 3, 3);
      bitmap->data[i * 4 + 3] = 255;
    }
  g_assert_true (pf_image_save (bitmap, path, &options, NULL));
  loaded = load_ok (path, NULL);
  g_assert_cmpint (loaded->width, ==, w);
  g_assert_cmpint (loaded->height, ==, h);
  g_assert_cmpfloat (loaded->dpi, ==, 300);
  /* Quality 100, 4:4:4: a smooth picture comes back within a few levels. */
  worst = max_diff_rgb (loaded, rgb, &mean);
  g_test_message ("quality 100: worst %d, mean %.3f", worst, mean);
  g_assert_cmpint (worst, <=, 4);
  g_assert_cmpfloat (mean, <=, 1.0);

  /* The default quality (92) is still close. */
  g_assert_true (pf_image_save_jpeg (bitmap, path, NULL, NULL));
  g_clear_pointer (&loaded, pf_bitmap_free);
  loaded = load_ok (path, NULL);
  worst = max_diff_rgb (loaded, rgb, &mean);
  g_test_message ("quality 92: worst %d, mean %.3f", worst, mean);
  g_assert_cmpint (worst, <=, 16);
  g_assert_cmpfloat (loaded->dpi, ==, 0);
}

static void
test_jpeg_alpha_over_white (void)
{
  /* 8 × 8 blocks of one colour each, with alphas 0, 64, 128, 255 */
  static const guint8 straight[4][4] = { { 255, 0, 0, 0 }, { 255, 0, 0, 64 },
                                         { 0, 0, 255, 128 }, { 0, 200, 0, 255 } };
  g_autoptr(PfBitmap) bitmap = pf_bitmap_new (32, 8, NULL);
  g_autoptr(PfBitmap) loaded = NULL;
  g_autofree char *path = tmp_path ("alpha.jpeg");
  PfSaveOptions options = { .quality = 100 };

  for (int y = 0; y < 8; y++)
    for (int x = 0; x < 32; x++)
      {
        const guint8 *s = straight[x / 8];
        guint8 *p = bitmap->data + (y * 32 + x) * 4;
        for (int c = 0; c < 3; c++)
          p[c] = premul (s[c], s[3]);
        p[3] = s[3];
      }
  g_assert_true (pf_image_save (bitmap, path, &options, NULL));
  loaded = load_ok (path, NULL);
  for (int b = 0; b < 4; b++)
    {
      const guint8 *s = straight[b];
      const guint8 *p = px (loaded, b * 8 + 4, 4);

      for (int c = 0; c < 3; c++)
        {
          double expect = s[c] * s[3] / 255.0 + 255.0 * (1 - s[3] / 255.0);
          g_assert_cmpfloat (fabs (p[c] - expect), <=, 3);
        }
      g_assert_cmpint (p[3], ==, 255);
    }
}

static char *
write_jpeg_fixture (const char     *name,
                    const guint8   *pixels,
                    int             width,
                    int             height,
                    const JpegSpec *spec)
{
  g_autoptr(GBytes) bytes = make_jpeg (pixels, width, height, spec);
  return write_fixture_bytes (name, bytes);
}

static void
test_jpeg_dct_scaling (void)
{
  const int w = 64, h = 48;
  g_autofree guint8 *rgb = make_blocks (w, h);
  JpegSpec spec = { .in_space = JCS_RGB, .jpeg_space = JCS_UNKNOWN };
  g_autofree char *path = write_jpeg_fixture ("scale.jpg", rgb, w, h, &spec);
  static const struct { int min_w, min_h, out_w, out_h; } cases[] = {
    { 0, 0, 64, 48 },     /* no minimum: full size */
    { 32, 24, 32, 24 },   /* half is just enough */
    { 30, 20, 32, 24 },   /* a quarter would be too small */
    { 33, 1, 64, 48 },    /* half is too narrow */
    { 8, 6, 8, 6 },       /* an eighth */
    { 9, 0, 16, 12 },     /* only a width asked for */
    { 0, 7, 16, 12 },     /* only a height */
    { 1000, 1000, 64, 48 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PfLoadOptions options = { .min_width = cases[i].min_w, .min_height = cases[i].min_h };
      g_autoptr(PfBitmap) bitmap = load_ok (path, &options);
      int scale = w / bitmap->width;

      g_assert_cmpint (bitmap->width, ==, cases[i].out_w);
      g_assert_cmpint (bitmap->height, ==, cases[i].out_h);
      /* Each 8 × 8 block becomes a flat 8/scale square of its colour. */
      for (int y = 0; y < bitmap->height; y++)
        for (int x = 0; x < bitmap->width; x++)
          {
            const guint8 *p = px (bitmap, x, y);
            const guint8 *r = rgb + ((gsize) (y * scale) * w + (gsize) (x * scale)) * 3;
            for (int c = 0; c < 3; c++)
              g_assert_cmpint (ABS (p[c] - r[c]), <=, 4);
          }
    }
}

static void
test_jpeg_dct_scaling_odd_size (void)
{
  /* libjpeg rounds scaled sizes up: 61 × 45 at 1/2 is 31 × 23, at 1/4 16 × 12. */
  g_autofree guint8 *rgb = make_blocks (61, 45);
  JpegSpec spec = { .in_space = JCS_RGB, .subsample = TRUE };
  g_autofree char *path = write_jpeg_fixture ("scale-odd.jpg", rgb, 61, 45, &spec);
  PfLoadOptions half = { .min_width = 31, .min_height = 23 };
  PfLoadOptions quarter = { .min_width = 16, .min_height = 12 };
  PfLoadOptions full = { .min_width = 32, .min_height = 23 };
  g_autoptr(PfBitmap) a = load_ok (path, &half);
  g_autoptr(PfBitmap) b = load_ok (path, &quarter);
  g_autoptr(PfBitmap) c = load_ok (path, &full);

  g_assert_cmpint (a->width, ==, 31);
  g_assert_cmpint (a->height, ==, 23);
  g_assert_cmpint (b->width, ==, 16);
  g_assert_cmpint (b->height, ==, 12);
  g_assert_cmpint (c->width, ==, 61);
  g_assert_cmpint (c->height, ==, 45);
}

static void
test_jpeg_dct_scaling_upright (void)
{
  /* Stored 64 × 48, turned by EXIF 6 to 48 × 64 upright. */
  g_autofree guint8 *rgb = make_blocks (64, 48);
  JpegSpec spec = { .in_space = JCS_RGB, .orientation = 6 };
  g_autofree char *path = write_jpeg_fixture ("scale-turned.jpg", rgb, 64, 48, &spec);
  PfLoadOptions fits = { .min_width = 24, .min_height = 32 };
  PfLoadOptions too_wide = { .min_width = 32, .min_height = 24 };
  PfLoadOptions ignore = { .min_width = 32, .min_height = 24, .ignore_orientation = TRUE };
  g_autoptr(PfBitmap) a = load_ok (path, &fits);
  g_autoptr(PfBitmap) b = load_ok (path, &too_wide);
  g_autoptr(PfBitmap) c = load_ok (path, &ignore);

  g_assert_cmpint (a->width, ==, 24);
  g_assert_cmpint (a->height, ==, 32);
  g_assert_cmpint (b->width, ==, 48);
  g_assert_cmpint (b->height, ==, 64);
  g_assert_cmpint (c->width, ==, 32);
  g_assert_cmpint (c->height, ==, 24);
}

static void
test_jpeg_exif_orientation (void)
{
  /* Upright 21 × 13 (not whole 8 × 8 blocks), 3 × 2 blocks of distinct colours */
  const int W = 21, H = 13;
  g_autofree guint8 *upright = make_blocks (W, H);

  for (int o = 1; o <= 8; o++)
    {
      int w = o >= 5 ? H : W, h = o >= 5 ? W : H;
      g_autofree guint8 *stored = g_malloc ((gsize) w * h * 3);
      JpegSpec spec = { .in_space = JCS_RGB, .orientation = o, .exif_big_endian = o % 2 };
      g_autofree char *name = g_strdup_printf ("orientation-%d.jpg", o);
      g_autofree char *path = NULL;
      g_autoptr(PfBitmap) bitmap = NULL;
      g_autoptr(PfBitmap) raw = NULL;
      g_autoptr(GdkPixbuf) pixbuf = NULL;
      g_autoptr(GdkPixbuf) turned = NULL;
      PfLoadOptions ignore = { .ignore_orientation = TRUE };
      GError *error = NULL;
      int pw = 0, ph = 0;

      for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
          {
            int sx, sy;
            stored_position (o, x, y, W, H, &sx, &sy);
            memcpy (stored + ((gsize) sy * w + sx) * 3, upright + ((gsize) y * W + x) * 3, 3);
          }
      path = write_jpeg_fixture (name, stored, w, h, &spec);

      bitmap = load_ok (path, NULL);
      g_assert_cmpint (bitmap->width, ==, W);
      g_assert_cmpint (bitmap->height, ==, H);
      g_assert_cmpint (max_diff_rgb (bitmap, upright, NULL), <=, 4);

      g_assert_true (pf_image_probe (path, &pw, &ph, &error));
      g_assert_no_error (error);
      g_assert_cmpint (pw, ==, W);
      g_assert_cmpint (ph, ==, H);

      raw = load_ok (path, &ignore);
      g_assert_cmpint (raw->width, ==, w);
      g_assert_cmpint (raw->height, ==, h);
      g_assert_cmpint (max_diff_rgb (raw, stored, NULL), <=, 4);

      /* gdk-pixbuf reads the tag with its own parser and agrees. */
      pixbuf = gdk_pixbuf_new_from_file (path, &error);
      g_assert_no_error (error);
      turned = gdk_pixbuf_apply_embedded_orientation (pixbuf);
      g_assert_cmpint (gdk_pixbuf_get_width (turned), ==, W);
      for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
          {
            const guint8 *q = gdk_pixbuf_read_pixels (turned)
                              + y * gdk_pixbuf_get_rowstride (turned)
                              + x * gdk_pixbuf_get_n_channels (turned);
            for (int c = 0; c < 3; c++)
              g_assert_cmpint (ABS (px (bitmap, x, y)[c] - q[c]), <=, 1);
          }
    }
}

static void
test_jpeg_colour_spaces (void)
{
  const int w = 16, h = 8;

  /* Greyscale */
  {
    guint8 grey[16 * 8];
    JpegSpec spec = { .in_space = JCS_GRAYSCALE };
    g_autofree char *path = NULL;
    g_autoptr(PfBitmap) bitmap = NULL;

    for (int i = 0; i < w * h; i++)
      grey[i] = i % w < 8 ? 30 : 220;
    path = write_jpeg_fixture ("grey.jpg", grey, w, h, &spec);
    bitmap = load_ok (path, NULL);
    for (int i = 0; i < w * h; i++)
      {
        const guint8 *p = bitmap->data + i * 4;
        g_assert_cmpint (p[0], ==, p[1]);
        g_assert_cmpint (p[1], ==, p[2]);
        g_assert_cmpint (ABS (p[0] - grey[i]), <=, 2);
        g_assert_cmpint (p[3], ==, 255);
      }
  }

  /* RGB stored as RGB (Adobe transform 0), not YCbCr */
  {
    g_autofree guint8 *rgb = make_blocks (w, h);
    JpegSpec spec = { .in_space = JCS_RGB, .jpeg_space = JCS_RGB };
    g_autofree char *path = write_jpeg_fixture ("rgb.jpg", rgb, w, h, &spec);
    g_autoptr(PfBitmap) bitmap = load_ok (path, NULL);

    g_assert_cmpint (max_diff_rgb (bitmap, rgb, NULL), <=, 2);
  }

  /* Progressive, 4:2:0 */
  {
    g_autofree guint8 *rgb = make_blocks (w, h);
    JpegSpec spec = { .in_space = JCS_RGB, .progressive = TRUE, .subsample = TRUE };
    g_autofree char *path = write_jpeg_fixture ("progressive.jpg", rgb, w, h, &spec);
    g_autoptr(PfBitmap) bitmap = load_ok (path, NULL);
    double mean;

    max_diff_rgb (bitmap, rgb, &mean);
    g_assert_cmpfloat (mean, <=, 6);
  }
}

static void
test_jpeg_cmyk (void)
{
  /* Ink amounts (0 = none) of four 8 × 8 blocks: white, red, dark grey, blue-ish */
  static const guint8 ink[4][4] = { { 0, 0, 0, 0 }, { 0, 255, 255, 0 }, { 0, 0, 0, 128 },
                                    { 200, 100, 0, 50 } };

  for (int adobe = 0; adobe < 2; adobe++)
    for (int ycck = 0; ycck < 2; ycck++)
      {
        guint8 cmyk[32 * 8 * 4];
        JpegSpec spec = { .in_space = JCS_CMYK, .jpeg_space = ycck ? JCS_YCCK : JCS_CMYK,
                          .no_adobe_marker = !adobe };
        g_autofree char *name = g_strdup_printf ("cmyk-%d-%d.jpg", adobe, ycck);
        g_autofree char *path = NULL;
        g_autoptr(PfBitmap) bitmap = NULL;

        if (!adobe && ycck)
          continue;   /* YCCK is only recognised through the Adobe marker */
        for (int y = 0; y < 8; y++)
          for (int x = 0; x < 32; x++)
            for (int c = 0; c < 4; c++)
              /* Adobe files store 255 − ink */
              cmyk[(y * 32 + x) * 4 + c] = adobe ? 255 - ink[x / 8][c] : ink[x / 8][c];
        path = write_jpeg_fixture (name, cmyk, 32, 8, &spec);
        bitmap = load_ok (path, NULL);
        g_assert_cmpint (bitmap->width, ==, 32);
        for (int b = 0; b < 4; b++)
          {
            const guint8 *p = px (bitmap, b * 8 + 3, 3);
            for (int c = 0; c < 3; c++)
              {
                double expect = (255 - ink[b][c]) * (255 - ink[b][3]) / 255.0;
                g_assert_cmpfloat (fabs (p[c] - expect), <=, 3);
              }
            g_assert_cmpint (p[3], ==, 255);
          }
      }
}

static GBytes *
jpeg_with_size (guint16  width,
                guint16  height,
                gboolean progressive)
{
  g_autofree guint8 *rgb = make_blocks (16, 16);
  JpegSpec spec = { .in_space = JCS_RGB, .progressive = progressive };
  g_autoptr(GBytes) bytes = make_jpeg (rgb, 16, 16, &spec);
  gsize len;
  const void *original = g_bytes_get_data (bytes, &len);
  guint8 *data = g_memdup2 (original, len);

  /* Rewrite the frame header (SOF0 or SOF2): FF Cn, length, precision, height, width. */
  for (gsize i = 2; i + 9 < len; i++)
    if (data[i] == 0xff && (data[i + 1] == 0xc0 || data[i + 1] == 0xc2))
      {
        put16 (data + i + 5, height, TRUE);
        put16 (data + i + 7, width, TRUE);
        return g_bytes_new_take (data, len);
      }
  g_assert_not_reached ();
}

static void
test_jpeg_huge_header (void)
{
  g_autoptr(GBytes) bytes = jpeg_with_size (65000, 65000, FALSE);
  g_autofree char *path = write_fixture_bytes ("huge.jpg", bytes);
  GError *error = NULL;
  int w = -1, h = -1;

  g_assert_null (pf_image_load (path, NULL, &error));
  g_assert_error (error, PF_IO_ERROR, PF_IO_ERROR_TOO_LARGE);
  assert_error_names_file (error, path);
  g_clear_error (&error);

  g_assert_false (pf_image_probe (path, &w, &h, &error));
  g_assert_error (error, PF_IO_ERROR, PF_IO_ERROR_TOO_LARGE);
  g_clear_error (&error);
}

static void
test_jpeg_progressive_bomb (void)
{
  /* Within the pixel limits (240 Mpx) but libjpeg would need ~1.4 GB of coefficients. */
  g_autoptr(GBytes) bytes = jpeg_with_size (30000, 8000, TRUE);
  g_autofree char *path = write_fixture_bytes ("bomb.jpg", bytes);
  GError *error = NULL;

  g_assert_null (pf_image_load (path, NULL, &error));
  g_assert_error (error, PF_IO_ERROR, PF_IO_ERROR_TOO_LARGE);
  assert_error_names_file (error, path);
  g_clear_error (&error);
}

static void
test_jpeg_too_many_scans (void)
{
  /* A legal progressive file of 1 + 3 × 63 × 3 scans: each AC coefficient of each
   * component alone, in three successive-approximation steps. */
  g_autofree jpeg_scan_info *scans = g_new0 (jpeg_scan_info, 1 + 3 * 63 * 3);
  g_autofree guint8 *rgb = make_blocks (16, 16);
  g_autofree char *path = NULL;
  JpegSpec spec = { .in_space = JCS_RGB, .scans = scans };
  GError *error = NULL;
  int n = 0;

  scans[n].comps_in_scan = 3;
  for (int c = 0; c < 3; c++)
    scans[n].component_index[c] = c;
  n++;
  for (int c = 0; c < 3; c++)
    for (int k = 1; k < 64; k++)
      for (int step = 0; step < 3; step++)
        {
          scans[n].comps_in_scan = 1;
          scans[n].component_index[0] = c;
          scans[n].Ss = scans[n].Se = k;
          scans[n].Ah = step == 0 ? 0 : 3 - step;
          scans[n].Al = 2 - step;
          n++;
        }
  spec.n_scans = n;
  path = write_jpeg_fixture ("many-scans.jpg", rgb, 16, 16, &spec);

  g_assert_null (pf_image_load (path, NULL, &error));
  g_assert_error (error, PF_IO_ERROR, PF_IO_ERROR_CORRUPT);
  assert_error_names_file (error, path);
  g_clear_error (&error);

  /* The same picture with a handful of scans is fine. */
  spec.scans = NULL;
  spec.progressive = TRUE;
  g_clear_pointer (&path, g_free);
  path = write_jpeg_fixture ("few-scans.jpg", rgb, 16, 16, &spec);
  g_clear_pointer (&scans, g_free);
  {
    g_autoptr(PfBitmap) bitmap = load_ok (path, NULL);
    g_assert_cmpint (max_diff_rgb (bitmap, rgb, NULL), <=, 4);
  }
}

/* gdk-pixbuf formats -------------------------------------------------------------------- */

static gboolean
can_save (const char *type)
{
  g_autoptr(GSList) formats = gdk_pixbuf_get_formats ();

  for (GSList *l = formats; l != NULL; l = l->next)
    {
      g_autofree char *name = gdk_pixbuf_format_get_name (l->data);
      if (g_strcmp0 (name, type) == 0 && gdk_pixbuf_format_is_writable (l->data))
        return TRUE;
    }
  return FALSE;
}

static void
test_pixbuf_formats (void)
{
  static const char *types[] = { "bmp", "tiff" };
  gboolean tested = FALSE;

  for (gsize t = 0; t < G_N_ELEMENTS (types); t++)
    {
      gboolean alpha = g_str_equal (types[t], "tiff");
      g_autoptr(GdkPixbuf) pixbuf = NULL;
      g_autoptr(GdkPixbuf) reference = NULL;
      g_autofree char *name = g_strdup_printf ("pixbuf.%s", types[t]);
      g_autofree char *path = tmp_path (name);
      g_autoptr(PfBitmap) bitmap = NULL;
      GError *error = NULL;
      guint32 s = 77;
      int w = 0, h = 0;

      if (!can_save (types[t]))
        continue;
      tested = TRUE;
      pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, 19, 13);
      for (int y = 0; y < 13; y++)
        for (int x = 0; x < 19; x++)
          {
            guint8 *p = gdk_pixbuf_get_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf)
                        + x * gdk_pixbuf_get_n_channels (pixbuf);
            guint32 r = xorshift (&s);
            p[0] = (guint8) r;
            p[1] = (guint8) (r >> 8);
            p[2] = (guint8) (r >> 16);
            if (alpha)
              p[3] = (guint8) (x == 0 ? 0 : x == 1 ? 255 : r >> 24);
          }
      g_assert_true (gdk_pixbuf_save (pixbuf, path, types[t], &error, NULL));
      g_assert_no_error (error);

      /* gdk-pixbuf's TIFF loader returns associated alpha as it is stored (premultiplied):
       * compare with what gdk-pixbuf itself decodes, and BMP with the original too. */
      reference = gdk_pixbuf_new_from_file (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (gdk_pixbuf_get_n_channels (reference), ==, alpha ? 4 : 3);
      bitmap = load_ok (path, NULL);
      g_assert_cmpint (bitmap->width, ==, 19);
      g_assert_cmpint (bitmap->height, ==, 13);
      for (int y = 0; y < 13; y++)
        for (int x = 0; x < 19; x++)
          {
            const guint8 *q = gdk_pixbuf_read_pixels (reference)
                              + y * gdk_pixbuf_get_rowstride (reference)
                              + x * gdk_pixbuf_get_n_channels (reference);
            const guint8 *o = gdk_pixbuf_read_pixels (pixbuf)
                              + y * gdk_pixbuf_get_rowstride (pixbuf)
                              + x * gdk_pixbuf_get_n_channels (pixbuf);
            guint a = alpha ? q[3] : 255;
            const guint8 *p = px (bitmap, x, y);

            g_assert_cmpint (p[3], ==, a);
            for (int c = 0; c < 3; c++)
              {
                g_assert_cmpint (p[c], ==, premul (q[c], a));
                if (!alpha)
                  g_assert_cmpint (p[c], ==, o[c]);
              }
          }

      g_assert_true (pf_image_probe (path, &w, &h, &error));
      g_assert_no_error (error);
      g_assert_cmpint (w, ==, 19);
      g_assert_cmpint (h, ==, 13);
    }
  if (!tested)
    g_test_skip ("gdk-pixbuf can write neither BMP nor TIFF here");
}

static void
test_pixbuf_huge_header (void)
{
  /* A BMP header claiming 40000 × 40000 × 24 bits, and no pixels. */
  guint8 bmp[54] = { 'B', 'M' };
  g_autofree char *path = NULL;
  GError *error = NULL;
  int w, h;

  put32 (bmp + 2, sizeof bmp, FALSE);
  put32 (bmp + 10, 54, FALSE);        /* pixel data offset */
  put32 (bmp + 14, 40, FALSE);        /* BITMAPINFOHEADER */
  put32 (bmp + 18, 40000, FALSE);
  put32 (bmp + 22, 40000, FALSE);
  put16 (bmp + 26, 1, FALSE);         /* planes */
  put16 (bmp + 28, 24, FALSE);        /* bits */
  path = write_fixture ("huge.bmp", bmp, sizeof bmp);

  g_assert_null (pf_image_load (path, NULL, &error));
  g_assert_error (error, PF_IO_ERROR, PF_IO_ERROR_TOO_LARGE);
  assert_error_names_file (error, path);
  g_clear_error (&error);

  g_assert_false (pf_image_probe (path, &w, &h, &error));
  g_assert_error (error, PF_IO_ERROR, PF_IO_ERROR_TOO_LARGE);
  g_clear_error (&error);
}

/* Bad files ----------------------------------------------------------------------------- */

static void
assert_load_fails (const char *path,
                   GQuark      domain,
                   int         code)
{
  GError *error = NULL;
  int w, h;

  g_assert_null (pf_image_load (path, NULL, &error));
  assert_error_names_file (error, path);
  if (domain != 0)
    g_assert_error (error, domain, code);
  g_clear_error (&error);

  g_assert_false (pf_image_probe (path, &w, &h, &error));
  assert_error_names_file (error, path);
  if (domain != 0)
    g_assert_error (error, domain, code);
  g_clear_error (&error);
}

static void
test_bad_not_files (void)
{
  g_autofree char *missing = tmp_path ("missing.png");
  g_autofree char *empty = write_fixture ("empty.png", "", 0);
  g_autofree char *folder = tmp_path ("folder.jpg");
  g_autofree char *fifo = tmp_path ("fifo.png");
  g_autofree char *text = write_fixture ("text.png", "Hello, this is not a picture.\n", 30);

  assert_load_fails (missing, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  assert_load_fails (empty, PF_IO_ERROR, PF_IO_ERROR_CORRUPT);

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  assert_load_fails (folder, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);

  /* Nobody writes to the FIFO: a blocking open would hang here. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  assert_load_fails (fifo, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);

  assert_load_fails (text, PF_IO_ERROR, PF_IO_ERROR_UNSUPPORTED);

  /* Over 1 GiB (a sparse file: nothing is written): refused before reading. */
  {
    g_autofree char *huge = write_fixture ("huge-file.png", "\x89PNG\r\n\x1a\n", 8);
    g_assert_cmpint (truncate (huge, ((goffset) 3 << 29)), ==, 0);
    assert_load_fails (huge, PF_IO_ERROR, PF_IO_ERROR_TOO_LARGE);
  }

  /* In memory: the name given is the one in the message. */
  {
    g_autoptr(GBytes) bytes = g_bytes_new_static ("GIF89a? no", 10);
    GError *error = NULL;

    g_assert_null (pf_image_load_bytes (bytes, "memory-name.gif", NULL, &error));
    assert_error_names_file (error, "memory-name.gif");
    g_clear_error (&error);
  }
}

static void
test_content_not_extension (void)
{
  g_autoptr(PfBitmap) bitmap = make_noise_bitmap (6, 6, FALSE, 12, NULL);
  g_autofree char *png_path = tmp_path ("really-a-png.png");
  g_autofree char *data = NULL;
  g_autofree char *misnamed = NULL;
  g_autoptr(PfBitmap) loaded = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize len;

  g_assert_true (pf_image_save (bitmap, png_path, NULL, NULL));
  g_assert_true (g_file_get_contents (png_path, &data, &len, NULL));
  misnamed = write_fixture ("png-named.jpg", data, len);
  loaded = load_ok (misnamed, NULL);
  g_assert_cmpmem (loaded->data, 6 * 6 * 4, bitmap->data, 6 * 6 * 4);

  g_clear_pointer (&loaded, pf_bitmap_free);
  bytes = g_bytes_new (data, len);
  loaded = pf_image_load_bytes (bytes, NULL, NULL, NULL);
  g_assert_nonnull (loaded);
  g_assert_cmpmem (loaded->data, 6 * 6 * 4, bitmap->data, 6 * 6 * 4);
}

static void
test_bad_truncated (void)
{
  g_autoptr(PfBitmap) bitmap = make_noise_bitmap (40, 30, FALSE, 21, NULL);
  g_autofree char *png_path = tmp_path ("whole.png");
  g_autofree char *jpeg_path = tmp_path ("whole.jpg");
  g_autofree char *png = NULL;
  g_autofree char *jpeg = NULL;
  gsize png_len, jpeg_len;
  PfSaveOptions options = { .compression = 0 };   /* long IDAT: many places to cut it */

  g_assert_true (pf_image_save (bitmap, png_path, &options, NULL));
  g_assert_true (pf_image_save (bitmap, jpeg_path, NULL, NULL));
  g_assert_true (g_file_get_contents (png_path, &png, &png_len, NULL));
  g_assert_true (g_file_get_contents (jpeg_path, &jpeg, &jpeg_len, NULL));

  /* Any cut before the end of the image data: signature, header, in the pixels. PNG: the
   * last 12 bytes are IEND, and the 4 before that are the IDAT checksum. */
  {
    gsize cuts[] = { 1, 5, 8, 20, 33, 60, png_len / 2, png_len - 20, png_len - 13 };
    for (gsize i = 0; i < G_N_ELEMENTS (cuts); i++)
      {
        g_autofree char *name = g_strdup_printf ("cut-%zu.png", cuts[i]);
        g_autofree char *path = write_fixture (name, png, cuts[i]);
        GError *error = NULL;

        g_assert_null (pf_image_load (path, NULL, &error));
        assert_error_names_file (error, path);
        g_clear_error (&error);
      }
  }
  {
    gsize cuts[] = { 1, 2, 3, 20, 100, jpeg_len / 2, jpeg_len - 10, jpeg_len - 2, jpeg_len - 1 };
    for (gsize i = 0; i < G_N_ELEMENTS (cuts); i++)
      {
        g_autofree char *name = g_strdup_printf ("cut-%zu.jpg", cuts[i]);
        g_autofree char *path = write_fixture (name, jpeg, cuts[i]);
        GError *error = NULL;

        g_assert_null (pf_image_load (path, NULL, &error));
        assert_error_names_file (error, path);
        g_clear_error (&error);
      }
  }
}

/* Flips random bits of @data and decodes it from memory, many times: an error or an image,
 * never a crash (run under AddressSanitizer to mean something). With @fix_crc, PNG chunk
 * checksums are recomputed so that the damage reaches zlib and the filters. */
static void
flip_and_decode (const guint8 *data,
                 gsize         len,
                 const char   *name,
                 int           rounds,
                 gboolean      fix_crc,
                 int          *n_errors)
{
  g_autofree guint8 *copy = g_malloc (len);

  for (int round = 0; round < rounds; round++)
    {
      int flips = 1 + g_test_rand_int_range (0, 8);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(PfBitmap) bitmap = NULL;
      GError *error = NULL;
      PfLoadOptions options = { .min_width = round % 3 == 0 ? 8 : 0 };

      memcpy (copy, data, len);
      for (int f = 0; f < flips; f++)
        {
          /* keep the signature so the right decoder runs */
          gsize at = (gsize) g_test_rand_int_range (8, (gint32) len);
          copy[at] ^= (guint8) (1u << g_test_rand_int_range (0, 8));
        }
      if (fix_crc)
        for (gsize off = 8; off + 12 <= len;)
          {
            guint32 length = be32 (copy + off);
            if (length > len - off - 12)
              break;
            put32 (copy + off + 8 + length, (guint32) crc32 (0, copy + off + 4, length + 4),
                   TRUE);
            off += 12 + length;
          }

      bytes = g_bytes_new (copy, len);
      bitmap = pf_image_load_bytes (bytes, name, &options, &error);
      if (bitmap == NULL)
        {
          g_assert_nonnull (error);
          assert_error_names_file (error, name);
          (*n_errors)++;
          g_clear_error (&error);
        }
      else
        {
          g_assert_no_error (error);
          g_assert_cmpint (bitmap->width, >, 0);
          g_assert_cmpint (bitmap->height, >, 0);
        }
    }
}

static void
test_bad_bit_flips (void)
{
  g_autofree guint8 *rgb = make_smooth (48, 40);
  JpegSpec baseline = { .in_space = JCS_RGB, .orientation = 6, .quality = 90 };
  JpegSpec progressive = { .in_space = JCS_RGB, .progressive = TRUE, .subsample = TRUE };
  g_autoptr(GBytes) jpeg = make_jpeg (rgb, 48, 40, &baseline);
  g_autoptr(GBytes) jpeg_p = make_jpeg (rgb, 48, 40, &progressive);
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) png16 = NULL;
  g_autofree guint8 *raw16 = g_malloc (24 * 16 * 8);
  int errors = 0;
  gsize len;

  png = make_png (48, 40, 8, SPNG_COLOR_TYPE_TRUECOLOR, 0, rgb, 48 * 40 * 3, NULL, NULL);
  for (int i = 0; i < 24 * 16 * 8; i++)
    raw16[i] = rgb[i];
  png16 = make_png (24, 16, 16, SPNG_COLOR_TYPE_TRUECOLOR_ALPHA, 1, raw16, 24 * 16 * 8, NULL,
                    NULL);

  const guint8 *d = g_bytes_get_data (jpeg, &len);
  flip_and_decode (d, len, "flipped.jpg", 1500, FALSE, &errors);
  d = g_bytes_get_data (jpeg_p, &len);
  flip_and_decode (d, len, "flipped-progressive.jpg", 1000, FALSE, &errors);
  d = g_bytes_get_data (png, &len);
  flip_and_decode (d, len, "flipped.png", 300, FALSE, &errors);
  flip_and_decode (d, len, "flipped-crc-fixed.png", 1500, TRUE, &errors);
  d = g_bytes_get_data (png16, &len);
  flip_and_decode (d, len, "flipped-16.png", 1000, TRUE, &errors);
  g_test_message ("%d of 5300 damaged files refused", errors);
  g_assert_cmpint (errors, >, 0);
}

/* Saving -------------------------------------------------------------------------------- */

static void
assert_file_holds (const char *path,
                   const char *expected)
{
  g_autofree char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  g_assert_cmpstr (data, ==, expected);
}

static void
test_save_failures (void)
{
  g_autoptr(PfBitmap) bitmap = make_noise_bitmap (64, 64, FALSE, 8, NULL);
  g_autofree char *nowhere = g_build_filename (tmp_dir, "no-such-folder", "out.png", NULL);
  g_autofree char *existing = write_fixture ("keep.png", "old contents", 12);
  g_autofree char *odd = tmp_path ("out.gif");
  GError *error = NULL;

  g_assert_false (pf_image_save (bitmap, nowhere, NULL, &error));
  assert_error_names_file (error, nowhere);
  g_clear_error (&error);
  g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));

  g_assert_false (pf_image_save (bitmap, odd, NULL, &error));
  g_assert_error (error, PF_IO_ERROR, PF_IO_ERROR_UNSUPPORTED);
  assert_error_names_file (error, odd);
  g_clear_error (&error);
  g_assert_false (g_file_test (odd, G_FILE_TEST_EXISTS));

  /* Options out of range */
  {
    PfSaveOptions bad_quality = { .quality = 101 };
    PfSaveOptions bad_level = { .compression = 10 };
    PfSaveOptions bad_dpi = { .dpi = NAN };
    g_autofree char *out = tmp_path ("never.jpg");

    g_assert_false (pf_image_save (bitmap, out, &bad_quality, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_false (pf_image_save_png (bitmap, out, &bad_level, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_false (pf_image_save_jpeg (bitmap, out, &bad_dpi, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  }

  /* A write that fails halfway (the file size limit): the old file is untouched and no
   * temporary file is left behind. */
  {
    struct rlimit old_limit, limit;
    void (*old_handler) (int);
    gboolean ok;
    g_autoptr(GDir) dir = NULL;
    const char *entry;

    g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
    limit = old_limit;
    limit.rlim_cur = 1000;
    old_handler = signal (SIGXFSZ, SIG_IGN);
    g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
    ok = pf_image_save (bitmap, existing, NULL, &error);
    setrlimit (RLIMIT_FSIZE, &old_limit);
    signal (SIGXFSZ, old_handler);

    g_assert_false (ok);
    assert_error_names_file (error, existing);
    g_clear_error (&error);
    assert_file_holds (existing, "old contents");

    dir = g_dir_open (tmp_dir, 0, NULL);
    while ((entry = g_dir_read_name (dir)) != NULL)
      g_assert_false (g_str_has_prefix (entry, "keep.png."));
  }

  /* A read-only folder (root may write anyway: then there is nothing to see). */
  if (geteuid () != 0)
    {
      g_autofree char *locked = tmp_path ("locked");
      g_autofree char *inside = g_build_filename (locked, "photo.jpg", NULL);

      g_assert_cmpint (g_mkdir (locked, 0755), ==, 0);
      g_assert_true (g_file_set_contents (inside, "old photo", -1, NULL));
      g_assert_cmpint (g_chmod (locked, 0555), ==, 0);
      g_assert_false (pf_image_save (bitmap, inside, NULL, &error));
      assert_error_names_file (error, inside);
      g_clear_error (&error);
      assert_file_holds (inside, "old photo");
      g_chmod (locked, 0755);
    }
  else
    {
      g_test_message ("running as root: read-only folder case not tested");
    }

  /* And a good save replaces the old file whole. */
  g_assert_true (pf_image_save (bitmap, existing, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(PfBitmap) loaded = load_ok (existing, NULL);
    g_assert_cmpmem (loaded->data, 64 * 64 * 4, bitmap->data, 64 * 64 * 4);
  }
}

static void
test_save_extensions (void)
{
  g_autoptr(PfBitmap) bitmap = make_noise_bitmap (8, 8, TRUE, 30, NULL);
  static const char *names[] = { "upper.PNG", "upper.JPEG", "mixed.Jpg", "plain.jpeg" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = tmp_path (names[i]);
      g_autofree char *data = NULL;
      gsize len;
      gboolean png = g_str_has_suffix (names[i], "PNG");

      g_assert_true (pf_image_save (bitmap, path, NULL, NULL));
      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      if (png)
        g_assert_cmpmem (data, 4, "\x89PNG", 4);
      else
        g_assert_cmpmem (data, 3, "\xff\xd8\xff", 3);
    }
}

static void
test_bitmap_limits (void)
{
  GError *error = NULL;
  g_autoptr(PfBitmap) ok = pf_bitmap_new (PF_MAX_DIMENSION, 1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ok);
  g_assert_cmpuint (ok->stride, ==, (gsize) PF_MAX_DIMENSION * 4);
  g_assert_cmpint (ok->data[0], ==, 0);

  g_assert_null (pf_bitmap_new (PF_MAX_DIMENSION + 1, 1, &error));
  g_assert_error (error, PF_IO_ERROR, PF_IO_ERROR_TOO_LARGE);
  g_clear_error (&error);
  g_assert_null (pf_bitmap_new (20000, 20000, &error));
  g_assert_error (error, PF_IO_ERROR, PF_IO_ERROR_TOO_LARGE);
  g_clear_error (&error);
  g_assert_null (pf_bitmap_new (0, 5, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
}

/* ---------------------------------------------------------------------------------------- */

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      g_chmod (path, 0755);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          if (g_file_test (child, G_FILE_TEST_IS_DIR)
              && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  GError *error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("photoff-image-io-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/image-io/bitmap/limits", test_bitmap_limits);
  g_test_add_func ("/image-io/png/round-trip-keeps-premultiplied-pixels", test_png_round_trip);
  g_test_add_func ("/image-io/png/opaque-image-saves-as-rgb", test_png_opaque_saves_rgb);
  g_test_add_func ("/image-io/png/dpi-round-trips-through-phys", test_png_dpi_round_trip);
  g_test_add_func ("/image-io/png/writes-srgb-chunk", test_png_writes_srgb);
  g_test_add_func ("/image-io/png/compression-levels-decode-alike", test_png_compression_levels);
  g_test_add_func ("/image-io/png/16-bit-rounds-to-8", test_png_16_bit);
  g_test_add_func ("/image-io/png/grey-depths-and-key", test_png_grey);
  g_test_add_func ("/image-io/png/palette-with-trns", test_png_palette_trns);
  g_test_add_func ("/image-io/png/interlaced-equals-plain", test_png_interlaced);
  g_test_add_func ("/image-io/png/bad-checksum-is-an-error", test_png_bad_crc);
  g_test_add_func ("/image-io/png/huge-header-refused", test_png_huge_header);
  g_test_add_func ("/image-io/png/probe-reads-size", test_png_probe);
  g_test_add_func ("/image-io/jpeg/round-trip-quality-100", test_jpeg_round_trip);
  g_test_add_func ("/image-io/jpeg/alpha-composited-over-white", test_jpeg_alpha_over_white);
  g_test_add_func ("/image-io/jpeg/dct-scaling-keeps-minimum-size", test_jpeg_dct_scaling);
  g_test_add_func ("/image-io/jpeg/dct-scaling-rounds-odd-sizes-up",
                   test_jpeg_dct_scaling_odd_size);
  g_test_add_func ("/image-io/jpeg/dct-scaling-counts-upright-size",
                   test_jpeg_dct_scaling_upright);
  g_test_add_func ("/image-io/jpeg/exif-orientation-1-to-8", test_jpeg_exif_orientation);
  g_test_add_func ("/image-io/jpeg/grey-rgb-and-progressive", test_jpeg_colour_spaces);
  g_test_add_func ("/image-io/jpeg/cmyk-and-ycck", test_jpeg_cmyk);
  g_test_add_func ("/image-io/jpeg/huge-header-refused", test_jpeg_huge_header);
  g_test_add_func ("/image-io/jpeg/progressive-bomb-fails-cleanly", test_jpeg_progressive_bomb);
  g_test_add_func ("/image-io/jpeg/too-many-scans-refused", test_jpeg_too_many_scans);
  g_test_add_func ("/image-io/pixbuf/bmp-and-tiff", test_pixbuf_formats);
  g_test_add_func ("/image-io/pixbuf/huge-header-refused", test_pixbuf_huge_header);
  g_test_add_func ("/image-io/load/format-from-content-not-name", test_content_not_extension);
  g_test_add_func ("/image-io/bad/missing-empty-folder-fifo-text", test_bad_not_files);
  g_test_add_func ("/image-io/bad/truncated", test_bad_truncated);
  g_test_add_func ("/image-io/bad/bit-flips-never-crash", test_bad_bit_flips);
  g_test_add_func ("/image-io/save/failure-keeps-old-file", test_save_failures);
  g_test_add_func ("/image-io/save/extension-chooses-format", test_save_extensions);

  ret = g_test_run ();

  remove_tree (tmp_dir);
  g_free (tmp_dir);
  return ret;
}
