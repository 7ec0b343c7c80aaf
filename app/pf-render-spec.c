/* pf-render-spec.c — what to draw, as plain data */
#define G_LOG_DOMAIN "pf-render-spec"

#include "config.h"

#include "pf-render-spec.h"

#include "pf-document.h"
#include "pf-file.h"
#include "pf-image-io.h"
#include "pf-layout.h"

#include <math.h>

PfRenderSpec *
pf_render_spec_new (int width, int height, guint n_cells)
{
  PfRenderSpec *spec = g_new0 (PfRenderSpec, 1);
  spec->width = width;
  spec->height = height;
  spec->dpi = 300;
  spec->background.kind = PF_RENDER_BACKGROUND_COLOR;
  spec->background.color = (PfColor) { 255, 255, 255, 255 };
  spec->n_cells = n_cells;
  spec->cells = g_new0 (PfRenderCell, MAX (n_cells, 1));
  for (guint i = 0; i < n_cells; i++)
    {
      spec->cells[i].pan_x = spec->cells[i].pan_y = 0.5;
      spec->cells[i].zoom = 1.0;
    }
  return spec;
}

PfRenderSpec *
pf_render_spec_copy (const PfRenderSpec *spec)
{
  PfRenderSpec *copy = g_memdup2 (spec, sizeof *spec);
  copy->background.photo = g_strdup (spec->background.photo);
  copy->cells = g_memdup2 (spec->cells, sizeof (PfRenderCell) * MAX (spec->n_cells, 1));
  for (guint i = 0; i < spec->n_cells; i++)
    copy->cells[i].photo = g_strdup (spec->cells[i].photo);
  return copy;
}

void
pf_render_spec_free (PfRenderSpec *spec)
{
  if (spec == NULL)
    return;
  g_free (spec->background.photo);
  for (guint i = 0; i < spec->n_cells; i++)
    g_free (spec->cells[i].photo);
  g_free (spec->cells);
  g_free (spec);
}

static int
scale_int (int v, double f)
{
  return (int) lround (v * f);
}

void
pf_render_spec_scale (PfRenderSpec *spec, double factor)
{
  g_return_if_fail (factor > 0);
  spec->width = MAX (1, scale_int (spec->width, factor));
  spec->height = MAX (1, scale_int (spec->height, factor));
  spec->dpi *= factor;
  spec->background.blur *= (float) factor;
  for (guint i = 0; i < spec->n_cells; i++)
    {
      PfRenderCell *c = &spec->cells[i];
      /* Scale the edges, not the sizes, so that neighbours keep meeting exactly. */
      int x1 = scale_int (c->rect.x + c->rect.width, factor);
      int y1 = scale_int (c->rect.y + c->rect.height, factor);
      c->rect.x = scale_int (c->rect.x, factor);
      c->rect.y = scale_int (c->rect.y, factor);
      c->rect.width = MAX (1, x1 - c->rect.x);
      c->rect.height = MAX (1, y1 - c->rect.y);
      c->corner_radius *= (float) factor;
      c->blur *= (float) factor;
      c->shadow_dx = scale_int (c->shadow_dx, factor);
      c->shadow_dy = scale_int (c->shadow_dy, factor);
      c->shadow_blur *= (float) factor;
      c->shadow_spread *= (float) factor;
      c->stroke_width *= (float) factor;
    }
}

static gboolean
color_equal (PfColor a, PfColor b)
{
  return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

gboolean
pf_render_cell_equal (const PfRenderCell *a, const PfRenderCell *b)
{
  /* cell_index names the cell but draws nothing: a cell that moves in the document and
   * lands on the same rectangle keeps its layer */
  return a->rect.x == b->rect.x && a->rect.y == b->rect.y && a->rect.width == b->rect.width
         && a->rect.height == b->rect.height && g_strcmp0 (a->photo, b->photo) == 0
         && a->contain == b->contain && a->pan_x == b->pan_x && a->pan_y == b->pan_y
         && a->zoom == b->zoom && a->rotate == b->rotate && a->flip == b->flip
         && a->corner_radius == b->corner_radius && a->blur == b->blur
         && a->shadow == b->shadow && a->shadow_dx == b->shadow_dx
         && a->shadow_dy == b->shadow_dy && a->shadow_blur == b->shadow_blur
         && a->shadow_spread == b->shadow_spread
         && color_equal (a->shadow_color, b->shadow_color)
         && a->stroke_width == b->stroke_width && color_equal (a->stroke_color, b->stroke_color)
         && a->stroke_position == b->stroke_position;
}

gboolean
pf_render_background_equal (const PfRenderBackground *a, const PfRenderBackground *b)
{
  if (a->kind != b->kind || !color_equal (a->color, b->color))
    return FALSE;
  switch (a->kind)
    {
    case PF_RENDER_BACKGROUND_COLOR:
      return TRUE;
    case PF_RENDER_BACKGROUND_GRADIENT:
      return color_equal (a->from, b->from) && color_equal (a->to, b->to)
             && a->direction == b->direction;
    case PF_RENDER_BACKGROUND_PHOTO:
      return g_strcmp0 (a->photo, b->photo) == 0 && a->blur == b->blur;
    }
  return FALSE;
}

/* ---------------------------------------------------------------------------------------
 * From a document
 */

typedef struct
{
  int width, height;
  PfFileVersion version;
} ProbeEntry;

/* Photo sizes for the mosaic, read once per file version: probing is a header read, but
 * the editor asks on every change. Shared by all threads. */
static GMutex probe_lock;
static GHashTable *probe_cache;

static gboolean
probe_photo (const char *path, int *width, int *height)
{
  PfFileVersion version;
  if (!pf_file_get_version (path, &version))
    return FALSE;

  g_mutex_lock (&probe_lock);
  if (probe_cache == NULL)
    probe_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ProbeEntry *entry = g_hash_table_lookup (probe_cache, path);
  gboolean hit = entry != NULL && pf_file_version_equal (&entry->version, &version);
  if (hit)
    {
      *width = entry->width;
      *height = entry->height;
    }
  g_mutex_unlock (&probe_lock);
  if (hit)
    return *width > 0;

  int w = 0, h = 0;
  if (!pf_image_probe (path, &w, &h, NULL))
    w = h = 0;  /* unreadable: remembered too, until the file changes */
  g_mutex_lock (&probe_lock);
  entry = g_new (ProbeEntry, 1);
  *entry = (ProbeEntry) { w, h, version };
  g_hash_table_insert (probe_cache, g_strdup (path), entry);
  g_mutex_unlock (&probe_lock);
  *width = w;
  *height = h;
  return w > 0;
}

double
pf_render_cell_get_rotation (const PfRenderCell *c)
{
  return fmod (fmod (c->rotate, 360.0) + 360.0, 360.0);
}

void
pf_render_cell_get_fit_area (const PfRenderCell *c, int *width, int *height)
{
  double rot = pf_render_cell_get_rotation (c);
  int w = c->rect.width, h = c->rect.height;
  if (fmod (rot, 90.0) == 0.0)
    {
      *width = w;
      *height = h;
      return;
    }
  double t = rot * G_PI / 180.0;
  *width = (int) ceil (w * fabs (cos (t)) + h * fabs (sin (t)));
  *height = (int) ceil (w * fabs (sin (t)) + h * fabs (cos (t)));
}

gboolean
pf_render_cell_drag_pan (const PfRenderCell *c, double dx, double dy, double *pan_x,
                         double *pan_y)
{
  g_return_val_if_fail (c != NULL && pan_x != NULL && pan_y != NULL, FALSE);
  int pw = 0, ph = 0;
  if (c->photo == NULL || !probe_photo (c->photo, &pw, &ph) || c->rect.width <= 0
      || c->rect.height <= 0)
    return FALSE;

  /* Quarter turns and flips orient the photo before it is fitted; a free rotation turns
   * the fitted area, so the drag is turned back into it. */
  double rot = pf_render_cell_get_rotation (c);
  int aw, ah;
  pf_render_cell_get_fit_area (c, &aw, &ah);
  double dw = aw, dh = ah;
  double ux = dx, uy = dy;  /* the drag in the fitted area's frame */
  if (rot == 90.0 || rot == 270.0)
    {
      int t = pw;
      pw = ph;
      ph = t;
    }
  else if (fmod (rot, 90.0) != 0.0)
    {
      /* undo the clockwise turn (y points down) */
      double t = rot * G_PI / 180.0, ct = cos (t), st = sin (t);
      ux = dx * ct + dy * st;
      uy = -dx * st + dy * ct;
    }

  double fx = dw / pw, fy = dh / ph;
  double scale = (c->contain ? MIN (fx, fy) : MAX (fx, fy)) * MAX (c->zoom, 1.0);
  /* pf_cover() and pf_contain() place the photo at (room × pan) */
  double room_x = dw - pw * scale, room_y = dh - ph * scale;
  double x = c->pan_x, y = c->pan_y;
  if (fabs (room_x) > 1e-9)
    x = CLAMP (x + ux / room_x, 0.0, 1.0);
  if (fabs (room_y) > 1e-9)
    y = CLAMP (y + uy / room_y, 0.0, 1.0);
  *pan_x = x;
  *pan_y = y;
  return TRUE;
}

static void
set_style (PfRenderCell *c, PfStyle *style)
{
  PfRgba color;
  c->corner_radius = (float) pf_style_get_corner_radius (style);
  c->blur = (float) pf_style_get_blur (style);
  c->shadow = pf_style_get_shadow_enabled (style);
  c->shadow_dx = pf_style_get_shadow_dx (style);
  c->shadow_dy = pf_style_get_shadow_dy (style);
  c->shadow_blur = (float) pf_style_get_shadow_blur (style);
  c->shadow_spread = (float) pf_style_get_shadow_spread (style);
  pf_style_get_shadow_color (style, &color);
  c->shadow_color = pf_rgba_to_color (&color);
  c->stroke_width = (float) pf_style_get_stroke_width (style);
  pf_style_get_stroke_color (style, &color);
  c->stroke_color = pf_rgba_to_color (&color);
  c->stroke_position = pf_style_get_stroke_position (style);
}

PfRenderSpec *
pf_render_spec_new_from_document (PfDocument *document, guint *n_unplaced, GError **error)
{
  g_return_val_if_fail (PF_IS_DOCUMENT (document), NULL);

  guint n = pf_document_get_n_cells (document);
  g_autofree double *aspects = NULL;
  if (pf_document_get_layout_type (document) == PF_LAYOUT_MOSAIC && n > 0)
    {
      aspects = g_new (double, n);
      for (guint i = 0; i < n; i++)
        {
          PfCell *cell = pf_document_get_cell (document, i);
          const char *photo = pf_cell_get_photo (cell);
          int w = 0, h = 0;
          if (photo != NULL)
            probe_photo (photo, &w, &h);
          aspects[i] = pf_cell_get_display_aspect (cell, w, h);
        }
    }

  g_autoptr (PfLayout) layout = pf_layout_compute (document, aspects, aspects != NULL ? n : 0,
                                                   error);
  if (layout == NULL)
    return NULL;

  PfRenderSpec *spec = pf_render_spec_new (pf_document_get_width (document),
                                           pf_document_get_height (document), layout->n_placed);
  spec->dpi = pf_document_get_dpi (document);

  PfRgba color, from, to;
  PfGradient direction;
  pf_document_get_background_color (document, &color);
  pf_document_get_gradient (document, &from, &to, &direction);
  spec->background.color = pf_rgba_to_color (&color);
  spec->background.from = pf_rgba_to_color (&from);
  spec->background.to = pf_rgba_to_color (&to);
  spec->background.direction = direction;
  switch (pf_document_get_background_type (document))
    {
    case PF_BACKGROUND_COLOR:
      spec->background.kind = PF_RENDER_BACKGROUND_COLOR;
      break;
    case PF_BACKGROUND_GRADIENT:
      spec->background.kind = PF_RENDER_BACKGROUND_GRADIENT;
      break;
    case PF_BACKGROUND_PHOTO:
      spec->background.kind = PF_RENDER_BACKGROUND_PHOTO;
      spec->background.photo = g_strdup (pf_document_get_background_photo (document));
      spec->background.blur = (float) pf_document_get_background_blur (document);
      break;
    }

  PfStyle *document_style = pf_document_get_style (document);
  for (guint i = 0; i < layout->n_placed; i++)
    {
      const PfLayoutCell *lc = &layout->cells[i];
      PfCell *cell = pf_document_get_cell (document, lc->cell_index);
      PfRenderCell *c = &spec->cells[i];
      c->cell_index = lc->cell_index;
      c->rect = (PfBox) { lc->x, lc->y, lc->width, lc->height };
      c->photo = g_strdup (pf_cell_get_photo (cell));
      c->contain = pf_cell_get_fit (cell) == PF_FIT_CONTAIN;
      c->pan_x = pf_cell_get_pan_x (cell);
      c->pan_y = pf_cell_get_pan_y (cell);
      c->zoom = pf_cell_get_zoom (cell);
      c->rotate = pf_cell_get_rotate (cell);
      c->flip = pf_cell_get_flip (cell);
      set_style (c, pf_cell_get_effective_style (cell, document_style));
    }
  if (n_unplaced != NULL)
    *n_unplaced = layout->n_unplaced;
  return spec;
}
