/* pf-transform-math.h — crop, flip and rotate, shared by pf-transform.c and pf-transform.cu */
#pragma once

#include "pf-math.h"

typedef struct
{
  const uint8_t *src;
  int src_width;
  uint8_t *dst;
  int x, y, width, height;   /* the box in src; dst is width × height */
} PfCropParams;

typedef struct
{
  uint8_t *data;
  int width;
  int height;
  PfFlip flip;
} PfFlipParams;

typedef struct
{
  const uint8_t *src;
  int src_width;
  int src_height;
  uint8_t *dst;
  int dst_width;
  int dst_height;
  /* 0..3 clockwise quarter turns (exact permutations), or −1: resample by the angle. */
  int quarter_turns;
  /* Resampling: dst pixel (X, Y) has centre offset (u, v) = (X − dst_cx, Y − dst_cy) from
   * dst's centre; it reads src at (u cos + v sin + src_cx, −u sin + v cos + src_cy), in
   * src index coordinates (pixel i's centre at i). */
  float cos_t, sin_t;
  float dst_cx, dst_cy;
  float src_cx, src_cy;
} PfRotateParams;

/* Catmull-Rom (a = −0.5) weights of the four taps around a sample at fraction t in 0..1. */
PF_HD void
pf_catmull_rom (float t, float w[4])
{
  float t2 = t * t, t3 = t2 * t;
  w[0] = -0.5f * t3 + t2 - 0.5f * t;
  w[1] = 1.5f * t3 - 2.5f * t2 + 1.0f;
  w[2] = -1.5f * t3 + 2.0f * t2 + 0.5f * t;
  w[3] = 0.5f * t3 - 0.5f * t2;
}

/* Pixel @index of packed data: one 32-bit read-only-cache load on the device. */
PF_HD PfPixel
pf_load_pixel (const uint8_t *data, size_t index)
{
#ifdef __CUDA_ARCH__
  return pf_pixel_unpack (__ldg ((const unsigned int *) data + index));
#else
  return ((const PfPixel *) data)[index];
#endif
}

/* Dst pixel (X, Y) of an arbitrary rotation: bicubic, with transparent black outside src,
 * so the rotated edges come out antialiased. Premultiplied values are filtered directly. */
PF_HD PfPixel
pf_rotate_pixel (const PfRotateParams *p, int X, int Y)
{
  float u = (float) X - p->dst_cx, v = (float) Y - p->dst_cy;
  float sx = u * p->cos_t + v * p->sin_t + p->src_cx;
  float sy = v * p->cos_t - u * p->sin_t + p->src_cy;
  PfPixel none = { 0, 0, 0, 0 };
  /* All 16 taps outside (this also keeps the int conversion below in range). */
  if (!(sx > -2.0f && sx < (float) p->src_width + 1.0f && sy > -2.0f
        && sy < (float) p->src_height + 1.0f))
    return none;
  float fx = floorf (sx), fy = floorf (sy);
  int ix = (int) fx - 1, iy = (int) fy - 1;
  float wx[4], wy[4];
  pf_catmull_rom (sx - fx, wx);
  pf_catmull_rom (sy - fy, wy);
  PfPixelF acc = { 0.0f, 0.0f, 0.0f, 0.0f };
  for (int j = 0; j < 4; j++)
    {
      int yy = iy + j;
      if (yy < 0 || yy >= p->src_height)
        continue;
      PfPixelF row = { 0.0f, 0.0f, 0.0f, 0.0f };
      for (int i = 0; i < 4; i++)
        {
          int xx = ix + i;
          if (xx < 0 || xx >= p->src_width)
            continue;
          PfPixel t = pf_load_pixel (p->src, (size_t) yy * p->src_width + xx);
          row.r += wx[i] * (float) t.r;
          row.g += wx[i] * (float) t.g;
          row.b += wx[i] * (float) t.b;
          row.a += wx[i] * (float) t.a;
        }
      acc.r += wy[j] * row.r;
      acc.g += wy[j] * row.g;
      acc.b += wy[j] * row.b;
      acc.a += wy[j] * row.a;
    }
  return pf_pixel_from_float (acc);
}

#ifdef PF_HAVE_CUDA
#ifdef __cplusplus
extern "C" {
#endif
PF_INTERNAL PfStatus pf_cuda_crop (PfContext *ctx, const PfCropParams *p);
PF_INTERNAL PfStatus pf_cuda_flip (PfContext *ctx, const PfFlipParams *p);
PF_INTERNAL PfStatus pf_cuda_rotate (PfContext *ctx, const PfRotateParams *p);
#ifdef __cplusplus
}
#endif
#endif
