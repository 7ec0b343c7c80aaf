/* pf-png.c — PNG decoding and encoding through libspng */
#define G_LOG_DOMAIN "pf-image-io"

#include "config.h"

#include <glib/gi18n.h>

#include "pf-image-io-private.h"

#include "photoff-engine.h"

#include <math.h>
#include <spng.h>
#include <stdlib.h>
#include <string.h>

/* Ancillary chunks (text, ICC profiles, EXIF) that libspng keeps in memory: generous for real
 * files, small beside the image itself. */
#define PF_PNG_MAX_CHUNK ((size_t) 32 * 1024 * 1024)
#define PF_PNG_MAX_CHUNK_CACHE ((size_t) 64 * 1024 * 1024)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (spng_ctx, spng_ctx_free)

static void
pf_png_set_error (GError     **error,
                  const char  *name,
                  int          ret)
{
  switch (ret)
    {
    case SPNG_EUSER_WIDTH:
    case SPNG_EUSER_HEIGHT:
      g_set_error (error, PF_IO_ERROR, PF_IO_ERROR_TOO_LARGE,
                   _("“%s” is larger than the %u pixels a side PhotoFF can handle"),
                   name, (guint) PF_MAX_DIMENSION);
      break;
    case SPNG_ECHUNK_LIMITS:
      g_set_error (error, PF_IO_ERROR, PF_IO_ERROR_TOO_LARGE,
                   _("“%s” holds more metadata than PhotoFF reads"), name);
      break;
    case SPNG_EMEM:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Not enough memory to decode “%s”"), name);
      break;
    default:
      g_set_error (error, PF_IO_ERROR, PF_IO_ERROR_CORRUPT,
                   _("“%s” is not a valid PNG file: %s"), name, spng_strerror (ret));
      break;
    }
}

static int
pf_png_read_fd (spng_ctx *ctx,
                void     *user,
                void     *dest,
                size_t    length)
{
  const PfImageSource *source = user;
  gssize n = pf_image_read_fd (source->fd, dest, length);

  if (n < 0)
    return SPNG_IO_ERROR;
  if ((size_t) n < length)
    return SPNG_IO_EOF;
  return 0;
}

/* A decoder context for @source with our limits, its header read and checked. */
static spng_ctx *
pf_png_open (const PfImageSource  *source,
             struct spng_ihdr     *ihdr,
             GError              **error)
{
  g_autoptr(spng_ctx) ctx = spng_ctx_new (0);
  int ret;

  if (ctx == NULL)
    {
      pf_png_set_error (error, source->name, SPNG_EMEM);
      return NULL;
    }

  /* A bad checksum anywhere is an error, not a chunk to drop quietly. */
  spng_set_crc_action (ctx, SPNG_CRC_ERROR, SPNG_CRC_ERROR);
  spng_set_image_limits (ctx, PF_MAX_DIMENSION, PF_MAX_DIMENSION);
  spng_set_chunk_limits (ctx, PF_PNG_MAX_CHUNK, PF_PNG_MAX_CHUNK_CACHE);

  if (source->fd >= 0)
    ret = spng_set_png_stream (ctx, pf_png_read_fd, (void *) source);
  else
    ret = spng_set_png_buffer (ctx, source->data, source->size);
  if (ret == 0)
    ret = spng_get_ihdr (ctx, ihdr);
  if (ret != 0)
    {
      pf_png_set_error (error, source->name, ret);
      return NULL;
    }

  if (!pf_image_check_size (ihdr->width, ihdr->height, source->name, error))
    return NULL;

  return g_steal_pointer (&ctx);
}

gboolean
pf_png_probe (const PfImageSource  *source,
              int                  *width,
              int                  *height,
              GError              **error)
{
  g_autoptr(spng_ctx) ctx = NULL;
  struct spng_ihdr ihdr;

  ctx = pf_png_open (source, &ihdr, error);
  if (ctx == NULL)
    return FALSE;

  *width = (int) ihdr.width;
  *height = (int) ihdr.height;
  return TRUE;
}

static inline guint8
pf_u16_to_u8 (guint16 v)
{
  return (guint8) ((v * 255u + 32767u) / 65535u);
}

static void
pf_rgba16_to_rgba8 (const guint16 *src,
                    guint8        *dst,
                    int            width)
{
  for (gsize i = 0; i < (gsize) width * 4; i++)
    dst[i] = pf_u16_to_u8 (src[i]);
}

/* 16-bit samples are rounded to 8 bits (libspng's own RGBA8 conversion truncates). A plain
 * file goes row by row; an interlaced one needs the whole 16-bit image first. */
static gboolean
pf_png_decode_16 (spng_ctx             *ctx,
                  const struct spng_ihdr *ihdr,
                  PfBitmap             *bitmap,
                  const char           *name,
                  GError              **error)
{
  gsize row_len = (gsize) bitmap->width * 8;
  g_autofree guint16 *buffer = NULL;
  int ret;

  if (ihdr->interlace_method == SPNG_INTERLACE_NONE)
    {
      buffer = g_try_malloc (row_len);
      if (buffer == NULL)
        {
          pf_png_set_error (error, name, SPNG_EMEM);
          return FALSE;
        }

      ret = spng_decode_image (ctx, NULL, 0, SPNG_FMT_RGBA16,
                               SPNG_DECODE_TRNS | SPNG_DECODE_PROGRESSIVE);
      for (int y = 0; ret == 0 && y < bitmap->height; y++)
        {
          ret = spng_decode_row (ctx, buffer, row_len);
          if (ret == 0 || (ret == SPNG_EOI && y == bitmap->height - 1))
            {
              pf_rgba16_to_rgba8 (buffer, bitmap->data + (gsize) y * bitmap->stride,
                                  bitmap->width);
              if (ret == SPNG_EOI)
                ret = 0;
            }
        }
    }
  else
    {
      buffer = g_try_malloc (row_len * (gsize) bitmap->height);
      if (buffer == NULL)
        {
          pf_png_set_error (error, name, SPNG_EMEM);
          return FALSE;
        }

      ret = spng_decode_image (ctx, buffer, row_len * (gsize) bitmap->height, SPNG_FMT_RGBA16,
                               SPNG_DECODE_TRNS);
      for (int y = 0; ret == 0 && y < bitmap->height; y++)
        pf_rgba16_to_rgba8 (buffer + (gsize) y * (gsize) bitmap->width * 4,
                            bitmap->data + (gsize) y * bitmap->stride, bitmap->width);
    }

  if (ret != 0)
    {
      pf_png_set_error (error, name, ret);
      return FALSE;
    }
  return TRUE;
}

PfBitmap *
pf_png_decode (const PfImageSource  *source,
               GError              **error)
{
  g_autoptr(spng_ctx) ctx = NULL;
  g_autoptr(PfBitmap) bitmap = NULL;
  struct spng_ihdr ihdr;
  struct spng_phys phys;
  int ret;

  ctx = pf_png_open (source, &ihdr, error);
  if (ctx == NULL)
    return NULL;

  bitmap = pf_bitmap_new ((int) ihdr.width, (int) ihdr.height, error);
  if (bitmap == NULL)
    return NULL;

  if (ihdr.bit_depth == 16)
    {
      if (!pf_png_decode_16 (ctx, &ihdr, bitmap, source->name, error))
        return NULL;
    }
  else
    {
      /* Every colour type and depth below 16, palette and tRNS included, to RGBA8. */
      ret = spng_decode_image (ctx, bitmap->data, bitmap->stride * (gsize) bitmap->height,
                               SPNG_FMT_RGBA8, SPNG_DECODE_TRNS);
      if (ret != 0)
        {
          pf_png_set_error (error, source->name, ret);
          return NULL;
        }
    }

  /* Read on to IEND: libspng stops at the end of the zlib stream, before the last IDAT's
   * checksum; a file cut there, or with a damaged checksum, is not a good PNG. */
  ret = spng_decode_chunks (ctx);
  if (ret != 0)
    {
      pf_png_set_error (error, source->name, ret);
      return NULL;
    }

  for (int y = 0; y < bitmap->height; y++)
    pf_premultiply_row (bitmap->data + (gsize) y * bitmap->stride, bitmap->width);

  if (spng_get_phys (ctx, &phys) == 0 && phys.unit_specifier == 1 && phys.ppu_x > 0)
    bitmap->dpi = phys.ppu_x * 0.0254;

  return g_steal_pointer (&bitmap);
}
