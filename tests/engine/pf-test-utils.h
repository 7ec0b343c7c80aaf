/* pf-test-utils.h — helpers for the engine tests
 *
 * The backend under test comes from PHOTOFF_TEST_BACKEND (cpu, the default, or cuda), so
 * that the same suites check both. Images are built from and read back to host arrays.
 */
#pragma once

#include <glib.h>

#include "photoff-engine.h"

G_BEGIN_DECLS

/* A context on the backend under test; the test is skipped (not failed) when CUDA is
 * asked for and absent. */
PfContext *pf_test_context (void);
/* A CPU context, the reference. */
PfContext *pf_test_cpu_context (void);

/* Asserts a PfStatus is PF_OK, printing its name when not. */
#define pf_assert_ok(expr)                                                                   \
  G_STMT_START                                                                               \
  {                                                                                          \
    PfStatus _s = (expr);                                                                    \
    if (_s != PF_OK)                                                                         \
      g_error ("%s:%d: %s returned %s", __FILE__, __LINE__, #expr, pf_status_to_string (_s)); \
  }                                                                                          \
  G_STMT_END

#define pf_assert_status(expr, expected)                                                     \
  G_STMT_START                                                                               \
  {                                                                                          \
    PfStatus _s = (expr);                                                                    \
    if (_s != (expected))                                                                    \
      g_error ("%s:%d: %s returned \"%s\", expected \"%s\"", __FILE__, __LINE__, #expr,       \
               pf_status_to_string (_s), pf_status_to_string (expected));                    \
  }                                                                                          \
  G_STMT_END

/* Host copy of an image: premultiplied RGBA8, packed rows. Free with g_free(). */
guint8 *pf_test_download (PfContext *ctx, const PfImage *image);

/* A new image of width × height uploaded from @pixels (packed rows). */
PfImage *pf_test_image_from (PfContext *ctx, int width, int height, const guint8 *pixels);

/* A new image filled with a deterministic pseudo-random premultiplied pattern. */
PfImage *pf_test_image_random (PfContext *ctx, int width, int height, guint32 seed);
/* The same pattern as a host array (g_free). Opaque when @opaque, else any alpha. */
guint8 *pf_test_pixels_random (int width, int height, guint32 seed, gboolean opaque);

/* Largest per-channel difference between two packed RGBA buffers of n pixels. */
int pf_test_max_diff (const guint8 *a, const guint8 *b, gsize n_pixels);

/* Asserts every channel of the two buffers differs by at most @tolerance, reporting the
 * first offending pixel. */
void pf_test_assert_close (const guint8 *actual, const guint8 *expected, int width, int height,
                           int tolerance);

/* Pixel (x, y) of a packed buffer. */
static inline const guint8 *
pf_test_px (const guint8 *pixels, int width, int x, int y)
{
  return pixels + ((gsize) y * (gsize) width + (gsize) x) * 4;
}

G_END_DECLS
