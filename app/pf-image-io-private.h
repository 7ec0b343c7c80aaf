/* pf-image-io-private.h — what the decoders and encoders of pf-image-io share
 *
 * pf-image-io.c opens files, sniffs formats and runs gdk-pixbuf; pf-jpeg.c and pf-png.c hold
 * the libjpeg-turbo and libspng code. Messages name the file through @name, a display name.
 */
#pragma once

#include "pf-image-io.h"

G_BEGIN_DECLS

/* Where a decoder reads from: a whole file in memory, or (when probing) a file descriptor
 * positioned at the start of the file and read only as far as the header needs. */
typedef struct
{
  const guint8 *data;  /* when fd < 0 */
  gsize size;
  int fd;
  const char *name;
} PfImageSource;

/* Sets PF_IO_ERROR_TOO_LARGE (naming @name) unless @width × @height fits the engine's
 * limits; sets PF_IO_ERROR_CORRUPT for a zero size. */
gboolean pf_image_check_size (guint32 width, guint32 height, const char *name, GError **error);

/* Reads up to @len bytes, retrying after interruptions; -1 with errno set on failure. */
gssize pf_image_read_fd (int fd, void *buffer, gsize len);

PfBitmap *pf_jpeg_decode (const PfImageSource *source, const PfLoadOptions *options,
                          GError **error);
gboolean pf_jpeg_probe (const PfImageSource *source, int *width, int *height, GError **error);
GBytes *pf_jpeg_encode (const PfBitmap *bitmap, const PfSaveOptions *options, const char *name,
                        GError **error);

PfBitmap *pf_png_decode (const PfImageSource *source, GError **error);
gboolean pf_png_probe (const PfImageSource *source, int *width, int *height, GError **error);

/* round (x / 255) for 0 <= x <= 255 × 255 */
static inline guint8
pf_div255 (guint x)
{
  x += 128;
  return (guint8) ((x + (x >> 8)) >> 8);
}

/* Straight to premultiplied alpha, in place: c × a / 255, rounded. */
static inline void
pf_premultiply_row (guint8 *row, int width)
{
  for (int x = 0; x < width; x++, row += 4)
    {
      guint a = row[3];
      if (a == 255)
        continue;
      row[0] = pf_div255 (row[0] * a);
      row[1] = pf_div255 (row[1] * a);
      row[2] = pf_div255 (row[2] * a);
    }
}

/* Premultiplied to straight alpha: c × 255 / a, rounded (a = 0 gives 0); @channels is 3 (the
 * alpha is dropped) or 4. Exact inverse of pf_premultiply_row for valid premultiplied data. */
static inline void
pf_unpremultiply_row (const guint8 *src, guint8 *dst, int width, int channels)
{
  for (int x = 0; x < width; x++, src += 4, dst += channels)
    {
      guint a = src[3];
      if (a == 255)
        {
          dst[0] = src[0];
          dst[1] = src[1];
          dst[2] = src[2];
        }
      else if (a == 0)
        {
          dst[0] = dst[1] = dst[2] = 0;
        }
      else
        {
          for (int c = 0; c < 3; c++)
            {
              guint v = (src[c] * 255u + a / 2) / a;
              dst[c] = (guint8) MIN (v, 255u);
            }
        }
      if (channels == 4)
        dst[3] = (guint8) a;
    }
}

G_END_DECLS
