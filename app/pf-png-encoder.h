/* pf-png-encoder.h — PNG encoding on every core
 *
 * Print pages are large (A4 at 300 DPI is 8.7 Mpx), and zlib is single-threaded, so the
 * image is cut into horizontal strips that are filtered and deflated in parallel and
 * joined into one valid zlib stream (the approach of pigz): each strip but the last ends
 * on a byte boundary with a sync flush, and the Adler-32 checksums are combined.
 */
#pragma once

#include <glib.h>

#include "pf-bitmap.h"

G_BEGIN_DECLS

/* Unless a zlib level is asked for, the filtered rows are deflated with zlib's run-length
 * strategy (Z_RLE): on photographs and print pages it lands within a few per cent of level
 * 6 — often under it, since filtered photo rows gain from Huffman coding, not from long
 * matches — in a fifth to a tenth of the time. */
#define PF_PNG_DEFAULT_LEVEL (-1)

typedef struct
{
  double dpi;          /* pHYs, when > 0 */
  int level;           /* zlib level 0..9, -1 = run-length (PF_PNG_DEFAULT_LEVEL) */
  int threads;         /* 0 = one per core */
  gboolean srgb;       /* write an sRGB chunk (perceptual intent) */
} PfPngEncodeOptions;

/* Encodes premultiplied @bitmap as an 8-bit RGBA PNG (RGB when fully opaque). Returns the
 * whole file; NULL with @error set when memory or zlib fails. */
GBytes *pf_png_encode (const PfBitmap *bitmap, const PfPngEncodeOptions *options,
                       GError **error);

G_END_DECLS
