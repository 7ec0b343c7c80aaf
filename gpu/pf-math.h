/* pf-math.h — scalar helpers used by every op's shared maths (host and device) */
#pragma once

#include "pf-private.h"

#ifndef __CUDACC__
#include <math.h>
#endif

/* A pixel as the engine stores it: premultiplied RGBA8, 4-byte aligned. */
typedef struct
{
  uint8_t r, g, b, a;
} __attribute__ ((aligned (4))) PfPixel;

/* A pixel as one little-endian 32-bit word (r in the low byte), for 4- and 16-byte
 * loads and stores. */
PF_HD PfPixel
pf_pixel_unpack (uint32_t v)
{
  PfPixel p;
  p.r = (uint8_t) v;
  p.g = (uint8_t) (v >> 8);
  p.b = (uint8_t) (v >> 16);
  p.a = (uint8_t) (v >> 24);
  return p;
}

PF_HD uint32_t
pf_pixel_pack (PfPixel p)
{
  return (uint32_t) p.r | (uint32_t) p.g << 8 | (uint32_t) p.b << 16 | (uint32_t) p.a << 24;
}

/* Premultiplied colour in floats, 0..255. */
typedef struct
{
  float r, g, b, a;
} PfPixelF;

/* x / 255 rounded to nearest, exact for 0 ≤ x ≤ 65535 + 255·128. */
PF_HD uint32_t
pf_div255 (uint32_t x)
{
  x += 128;
  return (x + (x >> 8)) >> 8;
}

PF_HD float
pf_clampf (float v, float lo, float hi)
{
  return v < lo ? lo : (v > hi ? hi : v);
}

PF_HD int
pf_clampi (int v, int lo, int hi)
{
  return v < lo ? lo : (v > hi ? hi : v);
}

/* Rounds a 0..255 float to a byte (half away from zero, NaN → 0). */
PF_HD uint8_t
pf_to_u8 (float v)
{
  if (!(v > 0.0f))
    return 0;
  if (v >= 255.0f)
    return 255;
  return (uint8_t) (v + 0.5f);
}

/* Premultiplies a straight colour exactly (the same rounding everywhere). */
PF_HD PfPixel
pf_color_premultiply (PfColor c)
{
  PfPixel p;
  p.r = (uint8_t) pf_div255 ((uint32_t) c.r * c.a);
  p.g = (uint8_t) pf_div255 ((uint32_t) c.g * c.a);
  p.b = (uint8_t) pf_div255 ((uint32_t) c.b * c.a);
  p.a = c.a;
  return p;
}

PF_HD PfPixelF
pf_pixel_to_float (PfPixel p)
{
  PfPixelF f;
  f.r = p.r;
  f.g = p.g;
  f.b = p.b;
  f.a = p.a;
  return f;
}

/* Rounds a premultiplied float pixel, keeping colour ≤ alpha so it stays valid. */
PF_HD PfPixel
pf_pixel_from_float (PfPixelF f)
{
  PfPixel p;
  p.a = pf_to_u8 (f.a);
  p.r = pf_to_u8 (f.r);
  p.g = pf_to_u8 (f.g);
  p.b = pf_to_u8 (f.b);
  if (p.r > p.a) p.r = p.a;
  if (p.g > p.a) p.g = p.a;
  if (p.b > p.a) p.b = p.a;
  return p;
}

/* Scales a premultiplied pixel by a 0..255 coverage, exactly rounded. */
PF_HD PfPixel
pf_pixel_scale (PfPixel p, uint32_t coverage)
{
  PfPixel o;
  o.r = (uint8_t) pf_div255 (p.r * coverage);
  o.g = (uint8_t) pf_div255 (p.g * coverage);
  o.b = (uint8_t) pf_div255 (p.b * coverage);
  o.a = (uint8_t) pf_div255 (p.a * coverage);
  return o;
}
