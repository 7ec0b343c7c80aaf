/* pf-page.h — page size presets and physical units
 *
 * Pages are sized in pixels; presets give the physical size, and pixels follow from the DPI:
 * pixels = round (mm / 25.4 × dpi), so A4 at 300 DPI is exactly 2480 × 3508. Sizes are kept
 * in micrometres so that inch-based presets are exact (Letter at 300 DPI = 2550 × 3300).
 */
#pragma once

#include <glib.h>

#include "pf-enums.h"

G_BEGIN_DECLS

/* Hard limits: a page is an engine image, so PF_MAX_DIMENSION a side and PF_MAX_PIXELS. */
#define PF_PAGE_MIN_DPI 72
#define PF_PAGE_MAX_DPI 1200
#define PF_PAGE_MAX_SIDE PF_MAX_DIMENSION
#define PF_PAGE_MAX_PIXELS ((gint64) PF_MAX_PIXELS)

typedef struct
{
  const char *id;      /* "a4", "a3", "a5", "letter", "legal", "4x6", "5x7", "8x10",
                        * "square-8", "custom" */
  const char *label;   /* untranslated; show pf_page_preset_get_label() */
  int width_um;        /* portrait size in micrometres; 0 for "custom" */
  int height_um;
} PfPagePreset;

/* Every preset, "custom" last. Static; @n_presets receives the count. */
const PfPagePreset *pf_page_presets (guint *n_presets);
/* The preset called @id, or NULL. */
const PfPagePreset *pf_page_preset_lookup (const char *id);
/* The label in the user's language, e.g. "A4 (210 × 297 mm)". */
const char *pf_page_preset_get_label (const PfPagePreset *preset);
/* The preset's size in pixels at @dpi in @orientation. FALSE for "custom", for a DPI outside
 * PF_PAGE_MIN_DPI..PF_PAGE_MAX_DPI, or when the result breaks the page limits. */
gboolean pf_page_preset_get_size (const PfPagePreset *preset,
                                  PfOrientation       orientation,
                                  int                 dpi,
                                  int                *width,
                                  int                *height);
/* The highest DPI (≤ PF_PAGE_MAX_DPI) at which the preset fits the page limits. */
int pf_page_preset_get_max_dpi (const PfPagePreset *preset);
/* The preset whose size at @dpi is @width × @height in either orientation, or the
 * "custom" one. */
const PfPagePreset *pf_page_preset_match (int width,
                                          int height,
                                          int dpi);

/* round (mm / 25.4 × dpi), and the reverse. */
int pf_page_mm_to_pixels (double mm,
                          int    dpi);
double pf_page_pixels_to_mm (int pixels,
                             int dpi);
/* Whether @width × @height is within 1..PF_PAGE_MAX_SIDE a side and PF_PAGE_MAX_PIXELS. */
gboolean pf_page_size_is_valid (gint64 width,
                                gint64 height);

G_END_DECLS
