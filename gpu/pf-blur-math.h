/* pf-blur-math.h — Gaussian blur as three exact box passes per axis, and the shadow mask
 * built from the same line filters; shared by pf-blur.c, pf-blur.cu and the shape family
 *
 * Samples are fixed point (a byte v becomes v·256). A box pass over a line of n samples,
 * edges extended, is out[x] = (Σ_{k=−r..r} in[clamp (x + k)] + r) / (2r + 1) in uint32
 * integer arithmetic. Integer sums are associative, so a sliding window (CPU) and prefix
 * sums (GPU) give the same bits, and the cost never depends on r.
 */
#pragma once

#include "pf-math.h"

#ifndef __CUDACC__
#include <math.h>
#endif

/* Largest box radius: (2r + 1) · 65280 + r must stay below 2^31. */
#define PF_BOX_MAX_RADIUS 16383

typedef struct
{
  int radius;       /* the box covers 2·radius + 1 samples */
  uint32_t mul;     /* x / (2·radius + 1) == (x · mul) >> shift for every x < 2^31 */
  int shift;
} PfBoxPass;

typedef struct
{
  PfBoxPass pass[3];
  int reach;        /* the sum of the radii: how far one sample spreads, exactly */
} PfBlurKernel;

/* Division by the box width without a divide: Granlund–Montgomery with a 32-bit
 * multiplier, exact for 31-bit numerators (every box sum is one). For radius ≥ 1 the shift
 * is at least 32, so the device takes the high word with one instruction. */
PF_HD uint32_t
pf_box_div (uint32_t x, PfBoxPass box)
{
#ifdef __CUDA_ARCH__
  return __umulhi (x, box.mul) >> (box.shift - 32);
#else
  return (uint32_t) (((uint64_t) x * box.mul) >> box.shift);
#endif
}

/* Final rounding of a fixed-point sample to a byte. */
PF_HD uint32_t
pf_fixed_to_u8 (uint32_t v)
{
  uint32_t b = (v + 128) >> 8;
  return b < 255 ? b : 255;
}

/* Max (spread > 0) or min filter, and the mask it works on: the shadow's shape. */
typedef struct
{
  const uint8_t *src;   /* RGBA8 premultiplied: its alpha is the shape */
  int src_width;
  int src_height;
  int width;            /* the mask canvas */
  int height;
  int ax, ay;           /* where src's top-left lies on the canvas */
  bool invert;          /* 255 − alpha, and 255 outside src (inner shadows) */
  int spread;           /* square max filter of this radius (> 0) or min filter (< 0) */
  PfBlurKernel blur;
} PfMaskParams;

/* Mask value at canvas pixel (x, y) before filtering. */
PF_HD uint32_t
pf_mask_source (const PfMaskParams *p, int x, int y)
{
  int sx = x - p->ax, sy = y - p->ay;
  uint32_t a = 0;
  if (sx >= 0 && sy >= 0 && sx < p->src_width && sy < p->src_height)
    a = p->src[((size_t) sy * (size_t) p->src_width + (size_t) sx) * 4 + 3];
  return p->invert ? 255 - a : a;
}

typedef struct
{
  uint8_t *data;        /* width × height × channels bytes, blurred in place */
  int width;
  int height;
  PfBlurKernel kernel;
  uint16_t *tmp;        /* 2 bytes a sample (the caller's scratch), or NULL: internal */
} PfBlurParams;

#ifndef __CUDACC__
/* The three box radii for a Gaussian of σ = radius / 2 (W3C filter effects, "boxes for
 * gauss"). Host only: both backends take the result. */
static inline void
pf_blur_kernel_init (PfBlurKernel *k, float radius)
{
  double sigma = (double) radius / 2.0;
  double w_ideal = sqrt (12.0 * sigma * sigma / 3.0 + 1.0);
  int r[3];

  if (w_ideal >= 2.0 * PF_BOX_MAX_RADIUS + 1.0)
    r[0] = r[1] = r[2] = PF_BOX_MAX_RADIUS;
  else
    {
      int wl = (int) floor (w_ideal);
      if (wl % 2 == 0)
        wl--;
      int wu = wl + 2;
      double m_ideal = (12.0 * sigma * sigma - 3.0 * wl * wl - 12.0 * wl - 9.0)
                       / (-4.0 * wl - 4.0);
      int m = (int) floor (m_ideal + 0.5);
      for (int i = 0; i < 3; i++)
        {
          int radius_i = ((i < m ? wl : wu) - 1) / 2;
          r[i] = radius_i < PF_BOX_MAX_RADIUS ? radius_i : PF_BOX_MAX_RADIUS;
        }
    }

  k->reach = 0;
  for (int i = 0; i < 3; i++)
    {
      uint32_t d = 2 * (uint32_t) r[i] + 1;
      int l = 0;
      while (((uint32_t) 1 << l) < d)
        l++;
      k->pass[i].radius = r[i];
      k->pass[i].shift = 31 + l;
      k->pass[i].mul = (uint32_t) ((((uint64_t) 1) << (31 + l)) / d + 1);
      k->reach += r[i];
    }
}
#endif

#ifdef __cplusplus
extern "C" {
#endif
/* The mask of a shadow: width × height bytes, row-major. The CPU writes into @mask
 * (caller's memory); CUDA returns it in *@mask from device work memory, valid until the
 * next pf_cuda_work(). */
PF_INTERNAL PfStatus pf_cpu_mask (PfContext *ctx, const PfMaskParams *p, uint8_t *mask);
#ifdef PF_HAVE_CUDA
PF_INTERNAL PfStatus pf_cuda_blur (PfContext *ctx, const PfBlurParams *p);
PF_INTERNAL PfStatus pf_cuda_mask (PfContext *ctx, const PfMaskParams *p, uint8_t **mask);
#endif
#ifdef __cplusplus
}
#endif
