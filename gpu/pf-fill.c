/* pf-fill.c — solid fills and gradients (CPU reference and dispatch) */
#include "pf-fill-math.h"

static void
fill_rows (void *data, int y0, int y1)
{
  const PfFillParams *p = data;
  PfPixel *px = (PfPixel *) PF_ROW (p->data, p->width, y0);
  size_t n = (size_t) (y1 - y0) * (size_t) p->width;
  for (size_t i = 0; i < n; i++)
    px[i] = p->color;
}

static PfStatus
pf_cpu_fill (PfContext *ctx, const PfFillParams *p)
{
  pf_parallel_rows (ctx, p->height, (size_t) p->width, fill_rows, (void *) p);
  return PF_OK;
}

static void
gradient_rows (void *data, int y0, int y1)
{
  const PfGradientParams *p = data;
  for (int y = y0; y < y1; y++)
    {
      PfPixel *row = (PfPixel *) PF_ROW (p->data, p->width, y);
      for (int x = 0; x < p->width; x++)
        row[x] = pf_gradient_pixel (p, x, y);
    }
}

static PfStatus
pf_cpu_gradient (PfContext *ctx, const PfGradientParams *p)
{
  pf_parallel_rows (ctx, p->height, (size_t) p->width * 4, gradient_rows, (void *) p);
  return PF_OK;
}

PfStatus
pf_fill (PfContext *ctx, PfImage *image, PfColor color)
{
  PfStatus status = pf_check_image (ctx, image);
  if (status != PF_OK)
    return status;
  PfFillParams p = { image->data, image->width, image->height, pf_color_premultiply (color) };
  return PF_DISPATCH (ctx, fill, &p);
}

PfStatus
pf_fill_gradient (PfContext *ctx, PfImage *image, PfGradient kind, PfColor start, PfColor end)
{
  PfStatus status = pf_check_image (ctx, image);
  if (status != PF_OK)
    return status;
  if (kind < PF_GRADIENT_HORIZONTAL || kind > PF_GRADIENT_RADIAL)
    return PF_ERROR_INVALID_ARGUMENT;

  PfGradientParams p = {
    .data = image->data,
    .width = image->width,
    .height = image->height,
    .kind = kind,
    .start = pf_pixel_to_float (pf_color_premultiply (start)),
    .end = pf_pixel_to_float (pf_color_premultiply (end)),
  };
  float last_x = (float) (image->width - 1), last_y = (float) (image->height - 1);
  switch (kind)
    {
    case PF_GRADIENT_HORIZONTAL:
      p.fx = last_x > 0 ? 1.0f / last_x : 0.0f;
      break;
    case PF_GRADIENT_VERTICAL:
      p.fy = last_y > 0 ? 1.0f / last_y : 0.0f;
      break;
    case PF_GRADIENT_DIAGONAL:
      /* Lines of equal t run from bottom-left to top-right. */
      p.fx = p.fy = last_x + last_y > 0 ? 1.0f / (last_x + last_y) : 0.0f;
      break;
    case PF_GRADIENT_RADIAL:
      p.cx = last_x / 2;
      p.cy = last_y / 2;
      p.inv_radius = last_x + last_y > 0 ? 1.0f / sqrtf (p.cx * p.cx + p.cy * p.cy) : 0.0f;
      break;
    }
  return PF_DISPATCH (ctx, gradient, &p);
}
