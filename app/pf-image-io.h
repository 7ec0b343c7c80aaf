/* pf-image-io.h — decoding and encoding photos
 *
 * JPEG through libjpeg-turbo (EXIF orientation applied, DCT scaling on request), PNG
 * through libspng (8/16-bit, grey, palette, alpha, interlaced), anything else
 * gdk-pixbuf reads as a fallback. Output is premultiplied RGBA8 (pf-bitmap.h).
 * Every size a header claims is checked against the engine's limits before anything
 * is allocated.
 */
#pragma once

#include <gio/gio.h>

#include "pf-bitmap.h"

G_BEGIN_DECLS

#define PF_IO_ERROR (pf_io_error_quark ())

typedef enum
{
  PF_IO_ERROR_CORRUPT,       /* truncated, malformed or undecodable data */
  PF_IO_ERROR_UNSUPPORTED,   /* not an image format we can read */
  PF_IO_ERROR_TOO_LARGE,     /* dimensions beyond PF_MAX_DIMENSION / PF_MAX_PIXELS */
  PF_IO_ERROR_WRITE,         /* encoding or writing failed */
} PfIoError;

GQuark pf_io_error_quark (void);

typedef struct
{
  /* When > 0, a JPEG may be decoded at 1/2, 1/4 or 1/8 scale as long as the result
   * (after orientation) is still at least min_width × min_height. */
  int min_width;
  int min_height;
  /* Ignore the EXIF orientation tag (default FALSE: the image is turned upright). */
  gboolean ignore_orientation;
} PfLoadOptions;

/* Decodes the file at @path. @options may be NULL. Errors name the file. */
PfBitmap *pf_image_load (const char *path, const PfLoadOptions *options, GError **error);
/* Decodes an in-memory file; @name only appears in error messages. */
PfBitmap *pf_image_load_bytes (GBytes *bytes, const char *name, const PfLoadOptions *options,
                               GError **error);
/* Reads just enough of the file for its upright size (EXIF orientation applied). */
gboolean pf_image_probe (const char *path, int *width, int *height, GError **error);

typedef struct
{
  double dpi;              /* written as pHYs (PNG) or JFIF density (JPEG) when > 0 */
  int compression;         /* PNG zlib level 0..9, -1 = PF_PNG_DEFAULT_LEVEL (4) */
  int quality;             /* JPEG 1..100, 0 = default (92) */
} PfSaveOptions;

/* Encodes @bitmap (premultiplied; un-premultiplied here) and writes it atomically: a
 * temporary file beside @path, fsync, rename. On failure @path is untouched. */
gboolean pf_image_save_png (const PfBitmap *bitmap, const char *path,
                            const PfSaveOptions *options, GError **error);
gboolean pf_image_save_jpeg (const PfBitmap *bitmap, const char *path,
                             const PfSaveOptions *options, GError **error);
/* Chooses PNG or JPEG from @path's extension (.png, .jpg/.jpeg); else an error. */
gboolean pf_image_save (const PfBitmap *bitmap, const char *path, const PfSaveOptions *options,
                        GError **error);

G_END_DECLS
