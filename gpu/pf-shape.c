/* pf-shape.c — rounded corners, strokes and drop shadows (CPU reference and dispatch) */
#include "pf-shape-math.h"

#include <stdlib.h>

/* Corner radius in sub-pixels, clamped to half the shorter side. */
static int64_t
corner_radius_sub (double radius, int width, int height)
{
  double max = (double) (width < height ? width : height) / 2.0;
  return llround ((radius < max ? radius : max) * PF_SUB);
}

static void
corners_rows (void *data, int j0, int j1)
{
  const PfCornersParams *p = data;
  for (int j = j0; j < j1; j++)
    for (int i = 0; i < 2 * p->kx; i++)
      pf_corners_pixel (p, i, j);
}

static PfStatus
pf_cpu_corners (PfContext *ctx, const PfCornersParams *p)
{
  pf_parallel_rows (ctx, 2 * p->ky, (size_t) p->kx * 16, corners_rows, (void *) p);
  return PF_OK;
}

PfStatus
pf_round_corners (PfContext *ctx, PfImage *image, float radius)
{
  PfStatus status = pf_check_image (ctx, image);
  if (status != PF_OK)
    return status;
  if (!isfinite (radius) || radius < 0)
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT,
                                 "corner radius %g: must be finite and ≥ 0", (double) radius);

  PfCornersParams p = { .data = image->data, .width = image->width, .height = image->height };
  int64_t r = corner_radius_sub (radius, image->width, image->height);
  p.rect = pf_round_rect (0, 0, image->width, image->height, r);
  /* Only pixels whose centre lies within r of two edges can lose coverage. */
  p.kx = p.ky = r > PF_SUB / 2 ? (int) ((r - PF_SUB / 2 + PF_SUB - 1) / PF_SUB) : 0;
  if (p.kx == 0)
    return PF_OK;
  return PF_DISPATCH (ctx, corners, &p);
}

static void
stroke_rows (void *data, int y0, int y1)
{
  const PfStrokeParams *p = data;
  for (int y = y0; y < y1; y++)
    {
      PfPixel *row = (PfPixel *) PF_ROW (p->dst, p->dst_width, y);
      for (int x = 0; x < p->dst_width; x++)
        row[x] = pf_stroke_pixel (p, x, y);
    }
}

static PfStatus
pf_cpu_stroke (PfContext *ctx, const PfStrokeParams *p)
{
  pf_parallel_rows (ctx, p->dst_height, (size_t) p->dst_width * 4, stroke_rows, (void *) p);
  return PF_OK;
}

static void
set_origin (int *origin_x, int *origin_y, int x, int y)
{
  if (origin_x != NULL)
    *origin_x = x;
  if (origin_y != NULL)
    *origin_y = y;
}

PfStatus
pf_stroke (PfContext *ctx, const PfImage *src, PfImage *dst, const PfStroke *stroke,
           int *origin_x, int *origin_y)
{
  PfStatus status = pf_check_image (ctx, src);
  if (status == PF_OK)
    status = pf_check_image (ctx, dst);
  if (status != PF_OK)
    return status;
  if (stroke == NULL)
    return PF_ERROR_INVALID_ARGUMENT;
  if (!isfinite (stroke->width) || stroke->width < 0)
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT,
                                 "stroke width %g: must be finite and ≥ 0",
                                 (double) stroke->width);
  if (!isfinite (stroke->corner_radius) || stroke->corner_radius < 0)
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT,
                                 "stroke corner radius %g: must be finite and ≥ 0",
                                 (double) stroke->corner_radius);
  if (stroke->position < PF_STROKE_INSIDE || stroke->position > PF_STROKE_CENTER)
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT, "unknown stroke position %d",
                                 (int) stroke->position);

  /* Wider than any image changes nothing inside and fails the size check outside, so
   * the clamp only keeps the sub-pixel maths in range. */
  double width = stroke->width < 4.0 * PF_MAX_DIMENSION ? stroke->width
                                                         : 4.0 * PF_MAX_DIMENSION;
  int64_t w = llround (width * PF_SUB);
  if (w == 0)
    {
      set_origin (origin_x, origin_y, 0, 0);
      return pf_copy (ctx, src, dst);
    }

  int64_t inner = 0, outer = 0;
  switch (stroke->position)
    {
    case PF_STROKE_INSIDE:
      inner = w;
      break;
    case PF_STROKE_OUTSIDE:
      outer = w;
      break;
    case PF_STROKE_CENTER:
      inner = w / 2;
      outer = w - inner;
      break;
    }
  int grow = (int) ((outer + PF_SUB - 1) / PF_SUB);
  if (dst == src && grow > 0)
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT,
                                 "a stroke that grows the image needs a separate dst");

  int src_w = src->width, src_h = src->height;
  status = pf_image_resize_logical (dst, src_w + 2 * grow, src_h + 2 * grow);
  if (status != PF_OK)
    return status;
  set_origin (origin_x, origin_y, grow, grow);

  PfStrokeParams p = {
    .src = src->data,
    .src_width = src_w,
    .src_height = src_h,
    .dst = dst->data,
    .dst_width = dst->width,
    .dst_height = dst->height,
    .ox = grow,
    .oy = grow,
    .edge = pf_round_rect (grow, grow, src_w, src_h,
                           corner_radius_sub (stroke->corner_radius, src_w, src_h)),
    .inner = inner,
    .outer = outer,
    .color = pf_color_premultiply (stroke->color),
  };
  return PF_DISPATCH (ctx, stroke, &p);
}

typedef struct
{
  const PfShadowParams *p;
  const uint8_t *mask;
} ShadowJob;

static void
shadow_rows (void *data, int y0, int y1)
{
  const ShadowJob *j = data;
  const PfShadowParams *p = j->p;
  for (int y = y0; y < y1; y++)
    {
      PfPixel *row = (PfPixel *) PF_ROW (p->dst, p->dst_width, y);
      const uint8_t *m = j->mask + (size_t) (y + p->my) * (size_t) p->mask.width + p->mx;
      int sy = y - p->oy;
      const PfPixel *srow = sy >= 0 && sy < p->src_height
                                ? (const PfPixel *) PF_ROW (p->src, p->src_width, sy)
                                : NULL;
      for (int x = 0; x < p->dst_width; x++)
        {
          int sx = x - p->ox;
          PfPixel under = { 0, 0, 0, 0 };
          if (srow != NULL && sx >= 0 && sx < p->src_width)
            under = srow[sx];
          row[x] = pf_shadow_pixel (p, under, m[x]);
        }
    }
}

static PfStatus
pf_cpu_shadow (PfContext *ctx, const PfShadowParams *p)
{
  uint8_t *mask = malloc ((size_t) p->mask.width * (size_t) p->mask.height);
  if (mask == NULL)
    return pf_context_set_error (ctx, PF_ERROR_OUT_OF_MEMORY, "no memory for the shadow mask");
  PfStatus status = pf_cpu_mask (ctx, &p->mask, mask);
  if (status == PF_OK)
    {
      ShadowJob j = { p, mask };
      pf_parallel_rows (ctx, p->dst_height, (size_t) p->dst_width * 4, shadow_rows, &j);
    }
  free (mask);
  return status;
}

static int64_t
max64 (int64_t a, int64_t b)
{
  return a > b ? a : b;
}

static int64_t
min64 (int64_t a, int64_t b)
{
  return a < b ? a : b;
}

PfStatus
pf_drop_shadow (PfContext *ctx, const PfImage *src, PfImage *dst, const PfShadow *shadow,
                int *origin_x, int *origin_y)
{
  PfStatus status = pf_check_image (ctx, src);
  if (status == PF_OK)
    status = pf_check_image (ctx, dst);
  if (status != PF_OK)
    return status;
  if (shadow == NULL)
    return PF_ERROR_INVALID_ARGUMENT;
  if (!isfinite (shadow->blur) || shadow->blur < 0)
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT,
                                 "shadow blur %g: must be finite and ≥ 0", (double) shadow->blur);
  if (!isfinite (shadow->spread) || fabsf (shadow->spread) > PF_MAX_DIMENSION)
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT,
                                 "shadow spread %g: must be finite, at most %d either way",
                                 (double) shadow->spread, PF_MAX_DIMENSION);
  if (shadow->dx < -PF_MAX_DIMENSION || shadow->dx > PF_MAX_DIMENSION
      || shadow->dy < -PF_MAX_DIMENSION || shadow->dy > PF_MAX_DIMENSION)
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT,
                                 "shadow offset (%d, %d): at most %d either way", shadow->dx,
                                 shadow->dy, PF_MAX_DIMENSION);
  if (dst == src && !shadow->inner)
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT,
                                 "an outer shadow needs a separate dst");

  int sw = src->width, sh = src->height;
  int64_t dx = shadow->dx, dy = shadow->dy;
  int spread = (int) lroundf (shadow->spread);
  PfShadowParams p = {
    .src = src->data,
    .src_width = sw,
    .src_height = sh,
    .inner = shadow->inner,
    .shadow_only = shadow->shadow_only && !shadow->inner,
    .color = pf_color_premultiply (shadow->color),
    .mask = { .src = src->data, .src_width = sw, .src_height = sh, .invert = shadow->inner },
  };
  pf_blur_kernel_init (&p.mask.blur, shadow->blur);
  int64_t reach = p.mask.blur.reach;

  if (!shadow->inner)
    {
      /* dst holds src and the shadow's whole extent (the grown shape plus the blur's
       * exact reach), and nothing more. */
      int64_t pad = reach + (spread > 0 ? spread : 0);
      int64_t left = max64 (0, pad - dx), right = max64 (0, pad + dx);
      int64_t top = max64 (0, pad - dy), bottom = max64 (0, pad + dy);
      int64_t w = sw + left + right, h = sh + top + bottom;
      if (w > PF_MAX_DIMENSION || h > PF_MAX_DIMENSION)
        return pf_context_set_error (ctx, PF_ERROR_TOO_LARGE,
                                     "a shadow of %lld×%lld pixels is too large", (long long) w,
                                     (long long) h);
      status = pf_image_resize_logical (dst, (int) w, (int) h);
      if (status != PF_OK)
        return status;
      p.ox = (int) left;
      p.oy = (int) top;
      p.mask.width = (int) w;
      p.mask.height = (int) h;
      p.mask.ax = (int) (left + dx);
      p.mask.ay = (int) (top + dy);
      p.mask.spread = spread;
    }
  else
    {
      status = pf_image_resize_logical (dst, sw, sh);
      if (status != PF_OK)
        return status;
      /* A max filter wider than the image makes every window see the outside (255). */
      int longest = sw > sh ? sw : sh;
      if (spread > longest)
        spread = longest;
      /* The canvas covers src and the shifted shape with a margin the filters cannot see
       * past, so its edges are 255 like the plane beyond; where that would be larger, it
       * is cut where nothing reaches src any more. */
      int64_t s = spread > 0 ? spread : -spread;
      int64_t margin = s + 1, cut = reach + s + 1;
      int64_t x0 = max64 (min64 (0, dx) - margin, -cut);
      int64_t x1 = min64 (max64 (sw, sw + dx) + margin, sw + cut);
      int64_t y0 = max64 (min64 (0, dy) - margin, -cut);
      int64_t y1 = min64 (max64 (sh, sh + dy) + margin, sh + cut);
      if (x1 - x0 > 4 * PF_MAX_DIMENSION || y1 - y0 > 4 * PF_MAX_DIMENSION
          || (x1 - x0) * (y1 - y0) > 4 * (int64_t) PF_MAX_PIXELS)
        return pf_context_set_error (ctx, PF_ERROR_TOO_LARGE,
                                     "an inner shadow's mask of %lld×%lld pixels is too large",
                                     (long long) (x1 - x0), (long long) (y1 - y0));
      p.mask.width = (int) (x1 - x0);
      p.mask.height = (int) (y1 - y0);
      p.mask.ax = (int) (dx - x0);
      p.mask.ay = (int) (dy - y0);
      p.mask.spread = spread;
      p.mx = (int) -x0;
      p.my = (int) -y0;
    }
  p.dst = dst->data;
  p.dst_width = dst->width;
  p.dst_height = dst->height;
  set_origin (origin_x, origin_y, p.ox, p.oy);
  return PF_DISPATCH (ctx, shadow, &p);
}
