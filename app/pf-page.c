/* pf-page.c — page size presets and physical units */
#define G_LOG_DOMAIN "pf-page"

#include "config.h"

#include <glib/gi18n.h>

#include "pf-page.h"

#include <math.h>

#define UM_PER_INCH 25400

static const PfPagePreset presets[] = {
  { "a4", N_("A4 (210 × 297 mm)"), 210000, 297000 },
  { "a3", N_("A3 (297 × 420 mm)"), 297000, 420000 },
  { "a5", N_("A5 (148 × 210 mm)"), 148000, 210000 },
  { "letter", N_("Letter (8.5 × 11 in)"), 215900, 279400 },
  { "legal", N_("Legal (8.5 × 14 in)"), 215900, 355600 },
  { "4x6", N_("4 × 6 in photo"), 101600, 152400 },
  { "5x7", N_("5 × 7 in photo"), 127000, 177800 },
  { "8x10", N_("8 × 10 in photo"), 203200, 254000 },
  { "square-8", N_("Square (8 × 8 in)"), 203200, 203200 },
  { "custom", N_("Custom"), 0, 0 },
};

const PfPagePreset *
pf_page_presets (guint *n_presets)
{
  if (n_presets != NULL)
    *n_presets = G_N_ELEMENTS (presets);
  return presets;
}

const PfPagePreset *
pf_page_preset_lookup (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (g_str_equal (presets[i].id, id))
      return &presets[i];
  return NULL;
}

const char *
pf_page_preset_get_label (const PfPagePreset *preset)
{
  g_return_val_if_fail (preset != NULL, NULL);

  return _(preset->label);
}

/* Integer rounding (half up) of um / 25400 × dpi: exact for every preset. */
static gint64
um_to_pixels (gint64 um,
              int    dpi)
{
  return (um * dpi + UM_PER_INCH / 2) / UM_PER_INCH;
}

gboolean
pf_page_size_is_valid (gint64 width,
                       gint64 height)
{
  return width >= 1 && height >= 1 &&
         width <= PF_PAGE_MAX_SIDE && height <= PF_PAGE_MAX_SIDE &&
         width * height <= PF_PAGE_MAX_PIXELS;
}

gboolean
pf_page_preset_get_size (const PfPagePreset *preset,
                         PfOrientation       orientation,
                         int                 dpi,
                         int                *width,
                         int                *height)
{
  gint64 w, h;

  g_return_val_if_fail (preset != NULL, FALSE);

  if (preset->width_um <= 0 || dpi < PF_PAGE_MIN_DPI || dpi > PF_PAGE_MAX_DPI)
    return FALSE;

  w = um_to_pixels (preset->width_um, dpi);
  h = um_to_pixels (preset->height_um, dpi);
  if (!pf_page_size_is_valid (w, h))
    return FALSE;

  if (orientation == PF_ORIENTATION_LANDSCAPE)
    {
      gint64 t = w;
      w = h;
      h = t;
    }
  if (width != NULL)
    *width = (int) w;
  if (height != NULL)
    *height = (int) h;
  return TRUE;
}

int
pf_page_preset_get_max_dpi (const PfPagePreset *preset)
{
  g_return_val_if_fail (preset != NULL, PF_PAGE_MAX_DPI);

  if (preset->width_um <= 0)
    return PF_PAGE_MAX_DPI;
  for (int dpi = PF_PAGE_MAX_DPI; dpi > PF_PAGE_MIN_DPI; dpi--)
    if (pf_page_preset_get_size (preset, PF_ORIENTATION_PORTRAIT, dpi, NULL, NULL))
      return dpi;
  return PF_PAGE_MIN_DPI;
}

const PfPagePreset *
pf_page_preset_match (int width,
                      int height,
                      int dpi)
{
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    {
      int w, h;

      if (!pf_page_preset_get_size (&presets[i], PF_ORIENTATION_PORTRAIT, dpi, &w, &h))
        continue;
      if ((w == width && h == height) || (w == height && h == width))
        return &presets[i];
    }
  return &presets[G_N_ELEMENTS (presets) - 1];
}

int
pf_page_mm_to_pixels (double mm,
                      int    dpi)
{
  g_return_val_if_fail (isfinite (mm), 0);

  return (int) CLAMP (round (mm / 25.4 * dpi), G_MININT, G_MAXINT);
}

double
pf_page_pixels_to_mm (int pixels,
                      int dpi)
{
  g_return_val_if_fail (dpi > 0, 0);

  return pixels * 25.4 / dpi;
}
