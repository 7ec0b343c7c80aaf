/* pf-color-math.h — opacity, grayscale and adjustments, shared by pf-color.c and pf-color.cu */
#pragma once

#include "pf-math.h"

/* Rec. 709 luma weights in 1/65536 units. They sum to exactly 65536, so grey stays grey. */
#define PF_LUMA_R 13933u
#define PF_LUMA_G 46871u
#define PF_LUMA_B 4732u

/* Opacity is applied in 16-bit fixed point: f = round (opacity × 65536), 0..65536, and a
 * channel becomes (c × f + 32768) >> 16, i.e. c × opacity rounded half up. f = 65536 gives
 * back every channel exactly; colour ≤ alpha is kept because the map is monotonic. */
#define PF_OPACITY_ONE 65536u

typedef struct
{
  uint8_t *data;
  int width;
  int height;
  uint32_t factor;     /* fixed-point opacity, 0..PF_OPACITY_ONE */
} PfOpacityParams;

typedef struct
{
  uint8_t *data;
  int width;
  int height;
} PfGrayscaleParams;

typedef struct
{
  uint8_t *data;
  int width;
  int height;
  /* On straight colour c in 0..1: c' = c × contrast + offset, where
   * offset = 0.5 − 0.5 × contrast + brightness; then c'' = Y + (c' − Y) × saturation. */
  float contrast;
  float offset;
  float saturation;
} PfAdjustParams;

/* Host side: the fixed-point factor of an opacity already checked to lie in 0..1. */
PF_HD uint32_t
pf_opacity_fixed (float opacity)
{
  return (uint32_t) (opacity * 65536.0f + 0.5f);
}

PF_HD PfPixel
pf_pixel_opacity (PfPixel p, uint32_t factor)
{
  PfPixel o;
  o.r = (uint8_t) ((p.r * factor + 32768u) >> 16);
  o.g = (uint8_t) ((p.g * factor + 32768u) >> 16);
  o.b = (uint8_t) ((p.b * factor + 32768u) >> 16);
  o.a = (uint8_t) ((p.a * factor + 32768u) >> 16);
  return o;
}

/* Luma of premultiplied values is the premultiplied luma (it is linear), so no
 * unpremultiply is needed; Y ≤ max (r, g, b) ≤ alpha. */
PF_HD PfPixel
pf_pixel_grayscale (PfPixel p)
{
  uint32_t y = (p.r * PF_LUMA_R + p.g * PF_LUMA_G + p.b * PF_LUMA_B + 32768u) >> 16;
  PfPixel o = { (uint8_t) y, (uint8_t) y, (uint8_t) y, p.a };
  return o;
}

PF_HD PfPixel
pf_pixel_adjust (const PfAdjustParams *params, PfPixel p)
{
  if (p.a == 0)
    return p;
  float a = (float) p.a;
  float inv = 1.0f / a;
  float r = (float) p.r * inv * params->contrast + params->offset;
  float g = (float) p.g * inv * params->contrast + params->offset;
  float b = (float) p.b * inv * params->contrast + params->offset;
  const float k = 1.0f / 65536.0f;
  float y = r * (PF_LUMA_R * k) + g * (PF_LUMA_G * k) + b * (PF_LUMA_B * k);
  float s = params->saturation;
  r = pf_clampf (y + (r - y) * s, 0.0f, 1.0f);
  g = pf_clampf (y + (g - y) * s, 0.0f, 1.0f);
  b = pf_clampf (y + (b - y) * s, 0.0f, 1.0f);
  /* c'' ≤ 1 so c'' × a ≤ a: colour stays ≤ alpha after rounding. */
  PfPixel o = { pf_to_u8 (r * a), pf_to_u8 (g * a), pf_to_u8 (b * a), p.a };
  return o;
}

#ifdef PF_HAVE_CUDA
#ifdef __cplusplus
extern "C" {
#endif
PF_INTERNAL PfStatus pf_cuda_opacity (PfContext *ctx, const PfOpacityParams *p);
PF_INTERNAL PfStatus pf_cuda_grayscale (PfContext *ctx, const PfGrayscaleParams *p);
PF_INTERNAL PfStatus pf_cuda_adjust (PfContext *ctx, const PfAdjustParams *p);
#ifdef __cplusplus
}
#endif
#endif
