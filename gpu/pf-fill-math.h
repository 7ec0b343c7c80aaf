/* pf-fill-math.h — fill and gradients, shared by pf-fill.c and pf-fill.cu */
#pragma once

#include "pf-math.h"

typedef struct
{
  uint8_t *data;
  int width;
  int height;
  PfPixel color;   /* premultiplied */
} PfFillParams;

typedef struct
{
  uint8_t *data;
  int width;
  int height;
  PfGradient kind;
  PfPixelF start;  /* premultiplied */
  PfPixelF end;
  /* t = (x·fx + y·fy) for linear kinds; for radial t = |(x, y) − centre| · inv_radius */
  float fx, fy;
  float cx, cy, inv_radius;
} PfGradientParams;

/* Position 0..1 of pixel (x, y) along the gradient. Endpoints land exactly on 0 and 1,
 * and a 1-pixel image gets 0 (no division by zero anywhere). */
PF_HD float
pf_gradient_t (const PfGradientParams *p, int x, int y)
{
  float t;
  if (p->kind == PF_GRADIENT_RADIAL)
    {
      float dx = (float) x - p->cx, dy = (float) y - p->cy;
      t = sqrtf (dx * dx + dy * dy) * p->inv_radius;
    }
  else
    t = (float) x * p->fx + (float) y * p->fy;
  return pf_clampf (t, 0.0f, 1.0f);
}

PF_HD PfPixel
pf_gradient_pixel (const PfGradientParams *p, int x, int y)
{
  float t = pf_gradient_t (p, x, y);
  PfPixelF f;
  f.r = p->start.r + (p->end.r - p->start.r) * t;
  f.g = p->start.g + (p->end.g - p->start.g) * t;
  f.b = p->start.b + (p->end.b - p->start.b) * t;
  f.a = p->start.a + (p->end.a - p->start.a) * t;
  return pf_pixel_from_float (f);
}

#ifdef PF_HAVE_CUDA
#ifdef __cplusplus
extern "C" {
#endif
PF_INTERNAL PfStatus pf_cuda_fill (PfContext *ctx, const PfFillParams *p);
PF_INTERNAL PfStatus pf_cuda_gradient (PfContext *ctx, const PfGradientParams *p);
#ifdef __cplusplus
}
#endif
#endif
