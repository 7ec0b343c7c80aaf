/* pf-render-spec.c — what to draw, as plain data */
#define G_LOG_DOMAIN "pf-render-spec"

#include "config.h"

#include "pf-render-spec.h"

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
