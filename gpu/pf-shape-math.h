/* pf-shape-math.h — rounded corners, strokes and drop shadows, shared by pf-shape.c and
 * pf-shape.cu
 *
 * Geometry is exact integer arithmetic in 1/256 px, so both backends give the same bits:
 * a pixel's coverage is clamp (0.5 − d, 0, 1), d being the signed distance of its centre
 * to the edge (negative inside), i.e. a 1-pixel antialiased edge.
 */
#pragma once

#include "pf-blur-math.h"

/* Sub-pixel units per pixel. */
#define PF_SUB 256

/* A rounded rectangle in sub-pixel units. */
typedef struct
{
  int64_t cx, cy;    /* centre */
  int64_t bx, by;    /* half width, half height */
  int64_t radius;    /* corner radius, at most min (bx, by) */
} PfRoundRect;

/* The pixel rectangle [x, x + width] × [y, y + height] with corners of @radius_sub. */
PF_HD PfRoundRect
pf_round_rect (int x, int y, int width, int height, int64_t radius_sub)
{
  PfRoundRect r;
  r.cx = (int64_t) PF_SUB / 2 * (2 * (int64_t) x + width);
  r.cy = (int64_t) PF_SUB / 2 * (2 * (int64_t) y + height);
  r.bx = (int64_t) PF_SUB / 2 * width;
  r.by = (int64_t) PF_SUB / 2 * height;
  r.radius = radius_sub;
  return r;
}

/* √n rounded to nearest, exactly (n < 2^52). The double square root is correctly rounded
 * on host and device alike; the fix-ups make the integer result exact regardless. */
PF_HD int64_t
pf_isqrt_round (int64_t n)
{
  int64_t s = (int64_t) sqrt ((double) n);
  while (s * s > n)
    s--;
  while ((s + 1) * (s + 1) <= n)
    s++;
  /* (s + ½)² = s² + s + ¼: round up when n goes past s² + s. */
  return n - s * s > s ? s + 1 : s;
}

/* Signed distance of pixel (x, y)'s centre to the edge, in sub-pixels, negative inside. */
PF_HD int64_t
pf_round_rect_distance (const PfRoundRect *r, int x, int y)
{
  int64_t px = (int64_t) PF_SUB * x + PF_SUB / 2 - r->cx;
  int64_t py = (int64_t) PF_SUB * y + PF_SUB / 2 - r->cy;
  int64_t qx = (px < 0 ? -px : px) - r->bx + r->radius;
  int64_t qy = (py < 0 ? -py : py) - r->by + r->radius;
  int64_t outside;
  if (qx > 0 && qy > 0)
    outside = pf_isqrt_round (qx * qx + qy * qy);   /* only in the corners */
  else
    outside = qx > 0 ? qx : (qy > 0 ? qy : 0);
  int64_t inside = qx > qy ? qx : qy;
  return outside + (inside < 0 ? inside : 0) - r->radius;
}

/* Coverage 0..PF_SUB of a pixel whose centre lies at distance @d from an edge. */
PF_HD int32_t
pf_edge_coverage (int64_t d)
{
  int64_t c = PF_SUB / 2 - d;
  return (int32_t) (c < 0 ? 0 : (c > PF_SUB ? PF_SUB : c));
}

/* 0..PF_SUB → 0..255, rounded; full coverage is exactly 255. */
PF_HD uint32_t
pf_coverage_to_u8 (int32_t c)
{
  return ((uint32_t) c * 255 + PF_SUB / 2) / PF_SUB;
}

/* Exact premultiplied source-over. */
PF_HD PfPixel
pf_pixel_over (PfPixel top, PfPixel bottom)
{
  uint32_t k = 255 - top.a;
  PfPixel o;
  o.r = (uint8_t) (top.r + pf_div255 (bottom.r * k));
  o.g = (uint8_t) (top.g + pf_div255 (bottom.g * k));
  o.b = (uint8_t) (top.b + pf_div255 (bottom.b * k));
  o.a = (uint8_t) (top.a + pf_div255 (bottom.a * k));
  return o;
}

/* Premultiplied source-atop: @top drawn only where @bottom is, bottom's alpha kept (the
 * two rounded terms of the alpha always sum to it exactly). */
PF_HD PfPixel
pf_pixel_atop (PfPixel top, PfPixel bottom)
{
  uint32_t k = 255 - top.a;
  PfPixel o;
  o.r = (uint8_t) (pf_div255 (top.r * bottom.a) + pf_div255 (bottom.r * k));
  o.g = (uint8_t) (pf_div255 (top.g * bottom.a) + pf_div255 (bottom.g * k));
  o.b = (uint8_t) (pf_div255 (top.b * bottom.a) + pf_div255 (bottom.b * k));
  o.a = bottom.a;
  return o;
}

/* ---- round corners: only the four corner boxes can lose coverage ---- */

typedef struct
{
  uint8_t *data;
  int width;
  int height;
  PfRoundRect rect;
  int kx, ky;        /* corner boxes are kx × ky pixels */
} PfCornersParams;

/* Pixel (x, y) of the 2kx × 2ky grid of corner pixels. */
PF_HD void
pf_corners_pixel (const PfCornersParams *p, int i, int j)
{
  int x = i < p->kx ? i : p->width - 2 * p->kx + i;
  int y = j < p->ky ? j : p->height - 2 * p->ky + j;
  PfPixel *px = (PfPixel *) PF_ROW (p->data, p->width, y) + x;
  uint32_t cov = pf_coverage_to_u8 (pf_edge_coverage (pf_round_rect_distance (&p->rect, x, y)));
  *px = pf_pixel_scale (*px, cov);
}

/* ---- stroke ---- */

typedef struct
{
  const uint8_t *src;
  int src_width;
  int src_height;
  uint8_t *dst;      /* may be src when nothing grows */
  int dst_width;
  int dst_height;
  int ox, oy;        /* src's top-left in dst */
  PfRoundRect edge;  /* in dst pixels */
  int64_t inner;     /* the band reaches this far inside the edge (sub-pixels) */
  int64_t outer;     /* and this far outside */
  PfPixel color;     /* premultiplied */
} PfStrokeParams;

PF_HD PfPixel
pf_stroke_pixel (const PfStrokeParams *p, int x, int y)
{
  int sx = x - p->ox, sy = y - p->oy;
  PfPixel under = { 0, 0, 0, 0 };
  if (sx >= 0 && sy >= 0 && sx < p->src_width && sy < p->src_height)
    under = ((const PfPixel *) PF_ROW (p->src, p->src_width, sy))[sx];
  int64_t d = pf_round_rect_distance (&p->edge, x, y);
  int32_t band = pf_edge_coverage (d - p->outer) - pf_edge_coverage (d + p->inner);
  return pf_pixel_over (pf_pixel_scale (p->color, pf_coverage_to_u8 (band)), under);
}

/* ---- drop shadow ---- */

typedef struct
{
  const uint8_t *src;
  int src_width;
  int src_height;
  uint8_t *dst;      /* may be src for inner shadows */
  int dst_width;
  int dst_height;
  int ox, oy;        /* src's top-left in dst */
  bool inner;
  bool shadow_only;  /* outer: dst gets the shadow alone */
  PfPixel color;     /* premultiplied */
  PfMaskParams mask; /* the shadow's shape on its canvas */
  int mx, my;        /* dst's top-left on the mask canvas */
} PfShadowParams;

/* @under: src's pixel at this dst pixel (transparent outside src); @m: the mask there. */
PF_HD PfPixel
pf_shadow_pixel (const PfShadowParams *p, PfPixel under, uint32_t m)
{
  PfPixel s = pf_pixel_scale (p->color, m);
  if (p->inner)
    return pf_pixel_atop (s, under);
  return p->shadow_only ? s : pf_pixel_over (under, s);
}

#ifdef PF_HAVE_CUDA
#ifdef __cplusplus
extern "C" {
#endif
PF_INTERNAL PfStatus pf_cuda_corners (PfContext *ctx, const PfCornersParams *p);
PF_INTERNAL PfStatus pf_cuda_stroke (PfContext *ctx, const PfStrokeParams *p);
PF_INTERNAL PfStatus pf_cuda_shadow (PfContext *ctx, const PfShadowParams *p);
#ifdef __cplusplus
}
#endif
#endif
