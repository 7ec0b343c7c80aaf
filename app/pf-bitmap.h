/* pf-bitmap.h — a host-memory image: what decoders produce and encoders consume
 *
 * Pixels are RGBA8, premultiplied alpha, sRGB, rows @stride bytes apart (stride is
 * width × 4 for bitmaps made here). The same layout the engine uploads and downloads.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  int width;
  int height;
  gsize stride;
  guint8 *data;
  double dpi;        /* resolution found in the file, or 0 */
} PfBitmap;

/* Allocates a zeroed width × height bitmap, or sets PF_IO_ERROR_TOO_LARGE when the size is
 * beyond the engine's limits and G_IO_ERROR_NO_SPACE… when memory is short. */
PfBitmap *pf_bitmap_new (int width, int height, GError **error);
void pf_bitmap_free (PfBitmap *bitmap);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PfBitmap, pf_bitmap_free)

G_END_DECLS
