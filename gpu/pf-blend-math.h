/* pf-blend-math.h — compositing, shared by pf-blend.c and pf-blend.cu
 *
 * Everything is exact integer arithmetic on premultiplied 0..255 values, so both backends
 * give identical bytes. With s the source, b the backdrop (dst), all premultiplied:
 *
 *   αo = αs + div255 (αb (255 − αs))                                    (every mode)
 *   NORMAL    co = cs + div255 (cb (255 − αs))
 *   MULTIPLY  co = div255 (cs (255 − αb) + cb (255 − αs) + cs cb)
 *   SCREEN    co = cs + cb − div255 (cs cb)
 *   OVERLAY   co = div255 (cs (255 − αb) + cb (255 − αs) + αs αb B (Cb, Cs))
 *
 * the W3C Compositing formula co = cs (1 − αb) + cb (1 − αs) + αs αb B (Cb, Cs) with
 * B on straight colours multiplied out in 255² units: multiply αs αb Cb Cs = cs cb;
 * screen αs cb + αb cs − cs cb, which simplifies as shown; overlay (hard light with the
 * layers swapped) 2 cs cb where 2 cb ≤ αb (Cb ≤ ½), else
 * 2 cs αb + 2 cb αs − αs αb − 2 cs cb. Colour is finally clamped to ≤ alpha.
 */
#pragma once

#include "pf-color-math.h"

typedef struct
{
  uint8_t *dst;
  int dst_width;
  const uint8_t *src;
  int src_width;
  /* The overlap: width × height pixels at (dst_x, dst_y) in dst, (src_x, src_y) in src. */
  int dst_x, dst_y;
  int src_x, src_y;
  int width, height;
  uint32_t opacity;    /* fixed point as pf_pixel_opacity(), applied to src first */
  PfBlendMode mode;
} PfBlendParams;

/* The colour term of one channel; @mode is a constant wherever it matters (the CUDA kernel
 * is instantiated per mode), so the switch folds away. */
PF_HD uint32_t
pf_blend_channel (PfBlendMode mode, uint32_t cs, uint32_t cb, uint32_t as, uint32_t ab)
{
  switch (mode)
    {
    case PF_BLEND_MULTIPLY:
      return pf_div255 (cs * (255 - ab) + cb * (255 - as) + cs * cb);
    case PF_BLEND_SCREEN:
      {
        uint32_t sum = cs + cb, prod = pf_div255 (cs * cb);
        return sum > prod ? sum - prod : 0;
      }
    case PF_BLEND_OVERLAY:
      {
        int32_t term;
        if (2 * cb <= ab)
          term = (int32_t) (2 * cs * cb);
        else
          term = (int32_t) (2 * cs * ab + 2 * cb * as) - (int32_t) (as * ab)
                 - (int32_t) (2 * cs * cb);
        /* Only invalid input (colour > alpha) makes it negative. */
        if (term < 0)
          term = 0;
        return pf_div255 (cs * (255 - ab) + cb * (255 - as) + (uint32_t) term);
      }
    case PF_BLEND_NORMAL:
    default:
      return cs + pf_div255 (cb * (255 - as));
    }
}

/* Composites @s (already scaled by the opacity) over @b. */
PF_HD PfPixel
pf_blend_pixel (PfBlendMode mode, PfPixel s, PfPixel b)
{
  uint32_t as = s.a, ab = b.a;
  uint32_t a = as + pf_div255 (ab * (255 - as));
  uint32_t r = pf_blend_channel (mode, s.r, b.r, as, ab);
  uint32_t g = pf_blend_channel (mode, s.g, b.g, as, ab);
  uint32_t bl = pf_blend_channel (mode, s.b, b.b, as, ab);
  if (a > 255)
    a = 255;
  PfPixel o;
  o.r = (uint8_t) (r < a ? r : a);
  o.g = (uint8_t) (g < a ? g : a);
  o.b = (uint8_t) (bl < a ? bl : a);
  o.a = (uint8_t) a;
  return o;
}

#ifdef PF_HAVE_CUDA
#ifdef __cplusplus
extern "C" {
#endif
PF_INTERNAL PfStatus pf_cuda_blend (PfContext *ctx, const PfBlendParams *p);
#ifdef __cplusplus
}
#endif
#endif
