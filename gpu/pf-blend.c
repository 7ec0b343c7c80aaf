/* pf-blend.c — compositing one image onto another (CPU reference and dispatch) */
#include "pf-blend-math.h"

static void
blend_rows (void *data, int y0, int y1)
{
  const PfBlendParams *p = data;
  for (int y = y0; y < y1; y++)
    {
      PfPixel *d = (PfPixel *) PF_ROW (p->dst, p->dst_width, p->dst_y + y) + p->dst_x;
      const PfPixel *s = (const PfPixel *) PF_ROW (p->src, p->src_width, p->src_y + y)
                         + p->src_x;
      if (p->opacity == PF_OPACITY_ONE)
        for (int x = 0; x < p->width; x++)
          d[x] = pf_blend_pixel (p->mode, s[x], d[x]);
      else
        for (int x = 0; x < p->width; x++)
          d[x] = pf_blend_pixel (p->mode, pf_pixel_opacity (s[x], p->opacity), d[x]);
    }
}

static PfStatus
pf_cpu_blend (PfContext *ctx, const PfBlendParams *p)
{
  pf_parallel_rows (ctx, p->height, (size_t) p->width * 2, blend_rows, (void *) p);
  return PF_OK;
}

/* Clips [offset, offset + src_len) to the window [win_start, win_end) of dst; false when
 * nothing is left. 64-bit so that no offset can overflow. */
static bool
clip_span (int offset, int src_len, int64_t win_start, int64_t win_end, int *dst_start,
           int *src_start, int *len)
{
  int64_t lo = offset > win_start ? offset : win_start;
  int64_t hi = (int64_t) offset + src_len;
  if (hi > win_end)
    hi = win_end;
  if (hi <= lo)
    return false;
  *dst_start = (int) lo;
  *src_start = (int) (lo - offset);
  *len = (int) (hi - lo);
  return true;
}

PfStatus
pf_blend (PfContext *ctx, PfImage *dst, const PfImage *src, int x, int y, float opacity,
          PfBlendMode mode)
{
  return pf_blend_box (ctx, dst, src, x, y, opacity, mode, NULL);
}

PfStatus
pf_blend_box (PfContext *ctx, PfImage *dst, const PfImage *src, int x, int y, float opacity,
              PfBlendMode mode, const PfBox *clip)
{
  PfStatus status = pf_check_image (ctx, dst);
  if (status == PF_OK)
    status = pf_check_image (ctx, src);
  if (status != PF_OK)
    return status;
  if (src == dst)
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT,
                                 "cannot blend an image onto itself");
  if (!(opacity >= 0.0f && opacity <= 1.0f))
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT,
                                 "opacity %g is not in 0..1", (double) opacity);
  if (mode < PF_BLEND_NORMAL || mode > PF_BLEND_OVERLAY)
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT, "unknown blend mode %d",
                                 (int) mode);
  if (clip != NULL && (clip->width < 0 || clip->height < 0))
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT, "negative clip size %d×%d",
                                 clip->width, clip->height);

  /* The window of dst that may change: all of it, or its overlap with @clip. */
  int64_t wx0 = 0, wy0 = 0, wx1 = dst->width, wy1 = dst->height;
  if (clip != NULL)
    {
      wx0 = clip->x > 0 ? clip->x : 0;
      wy0 = clip->y > 0 ? clip->y : 0;
      if ((int64_t) clip->x + clip->width < wx1)
        wx1 = (int64_t) clip->x + clip->width;
      if ((int64_t) clip->y + clip->height < wy1)
        wy1 = (int64_t) clip->y + clip->height;
    }

  PfBlendParams p = {
    .dst = dst->data,
    .dst_width = dst->width,
    .src = src->data,
    .src_width = src->width,
    .opacity = pf_opacity_fixed (opacity),
    .mode = mode,
  };
  if (!clip_span (x, src->width, wx0, wx1, &p.dst_x, &p.src_x, &p.width)
      || !clip_span (y, src->height, wy0, wy1, &p.dst_y, &p.src_y, &p.height))
    return PF_OK;
  /* Transparent source: every mode leaves the backdrop as it is. */
  if (p.opacity == 0)
    return PF_OK;
  return PF_DISPATCH (ctx, blend, &p);
}
