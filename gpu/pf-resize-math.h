/* pf-resize-math.h — separable resampling in fixed point, shared by pf-resize.c and pf-resize.cu
 *
 * The two backends must give identical bytes, so everything after the front-end's few
 * doubles is integer arithmetic:
 *
 * - Each axis is described by a handful of Q32 integers (PfResizeAxis), worked out once on
 *   the host. The taps of output i follow from them in integer arithmetic: the CPU runs
 *   pf_resize_axis_taps() per output, the GPU the same steps spread over a warp. Tables
 *   are built where they are used, so no per-call host work or upload grows with the
 *   image (computing them on the host took over a millisecond for a 6000-pixel Lanczos
 *   shrink, longer than the whole GPU resize).
 * - Weights are Q14 int16 that sum to exactly 1 << 14 (the largest absorbs the rounding),
 *   so identity copies and constant images stay exact. Windows start on an even source
 *   index and hold an even number of taps, so the GPU can read taps in pairs.
 * - The horizontal pass writes int16 with 6 fraction bits, the vertical pass rounds to
 *   bytes and keeps colour <= alpha. The weights' magnitudes add up to less than 1.6
 *   (1.552 at worst, Lanczos near 1:1), so horizontal values stay within about
 *   -4600..25300 of the int16 range: its clamp never acts, and the GPU, which packs
 *   without it, agrees.
 */
#pragma once

#include "pf-math.h"

#define PF_RESIZE_WEIGHT_BITS 14
#define PF_RESIZE_ONE (1 << PF_RESIZE_WEIGHT_BITS)
#define PF_RESIZE_INTER_BITS 6
#define PF_RESIZE_H_SHIFT (PF_RESIZE_WEIGHT_BITS - PF_RESIZE_INTER_BITS)
#define PF_RESIZE_V_SHIFT (PF_RESIZE_WEIGHT_BITS + PF_RESIZE_INTER_BITS)

/* Filter values are Q28 of their argument in source pixels divided by the filter scale. */
#define PF_RESIZE_KQ 28
#define PF_RESIZE_K1 ((int64_t) 1 << PF_RESIZE_KQ)

/* Largest |coordinate| or extent of a region, in source pixels: keeps every Q32 position
 * and every product below inside 64 bits. */
#define PF_RESIZE_REGION_LIMIT (4.0 * PF_MAX_DIMENSION)

typedef struct
{
  int64_t centre0;    /* Q32 source coordinate of output 0's pixel centre */
  int64_t step;       /* Q32 source pixels per output pixel */
  int64_t radius;     /* Q32 half-width of the (widened) filter, source pixels */
  int64_t inv_scale;  /* 2^(shift + 27) / filter scale: 2^31 < inv_scale <= 2^32 */
  int shift;          /* 5 + floor(log2(filter scale)) */
  int n_src;          /* source pixels along the axis */
  int n_out;          /* output pixels */
  int taps;           /* weights stored per output: even, >= every window */
  PfResizeMethod method;
} PfResizeAxis;

/* Horizontal-pass result: premultiplied RGBA, Q6. */
typedef struct
{
  int16_t r, g, b, a;
} __attribute__ ((aligned (8))) PfResizeInter;

typedef struct
{
  const uint8_t *src;
  int src_width;
  int src_height;
  uint8_t *dst;
  int dst_width;      /* dst's row stride, in pixels */
  PfBox box;          /* where the x.n_out × y.n_out outputs land in dst */
  PfResizeAxis x;
  PfResizeAxis y;
} PfResizeParams;

/* The most taps one window of a filter of half-width @radius (Q32) can hold: an open
 * window of width 2r holds at most floor(2r) + 1 pixels, and exactly 2r where that is a
 * whole number (both ends fall on pixels then, or neither does: a Lanczos-3 shrink by
 * 1.5 has 9 taps, not 10); folding at the edges leaves at most n_src. */
PF_HD int
pf_resize_axis_max_count (PfResizeMethod method, int64_t radius, int n_src)
{
  int64_t width = 2 * radius;
  int64_t raw = method == PF_RESIZE_NEAREST ? 1
                : (width >> 32) + ((width & 0xffffffffll) != 0 ? 1 : 0);
  return (int) (raw < n_src ? raw : n_src);
}

/* floor (v / 2^32) */
PF_HD int64_t
pf_resize_floor32 (int64_t v)
{
  return v >> 32;
}

/* Products of values known to fit 32 bits: one wide multiply on the GPU. */
PF_HD int64_t
pf_resize_mul (int64_t a, int64_t b)
{
  return (int64_t) (int32_t) a * (int32_t) b;
}

PF_HD int64_t
pf_resize_mulu (int64_t a, int64_t b)
{
  return (int64_t) ((uint64_t) (uint32_t) a * (uint32_t) b);
}

/* The filter at x (Q28, in units of the filter scale), Q28. Every operand below stays
 * under 2^31 (2^32 for the unsigned ones), every product under 2^62. */
PF_HD int64_t
pf_resize_kernel (PfResizeMethod method, int64_t x)
{
  int64_t t = x < 0 ? -x : x;
  switch (method)
    {
    case PF_RESIZE_BILINEAR:
      return t < PF_RESIZE_K1 ? PF_RESIZE_K1 - t : 0;

    case PF_RESIZE_BICUBIC:
      /* Catmull-Rom, a = -0.5, in Horner form */
      if (t < PF_RESIZE_K1)
        {
          int64_t v = (3 * t) / 2 - (5 * PF_RESIZE_K1) / 2;
          v = pf_resize_mul (v, t) >> PF_RESIZE_KQ;
          v = pf_resize_mul (v, t) >> PF_RESIZE_KQ;
          return v + PF_RESIZE_K1;
        }
      if (t < 2 * PF_RESIZE_K1)
        {
          int64_t v = (5 * PF_RESIZE_K1) / 2 - t / 2;
          v = (pf_resize_mul (v, t) >> PF_RESIZE_KQ) - 4 * PF_RESIZE_K1;
          v = pf_resize_mul (v, t) >> PF_RESIZE_KQ;
          return v + 2 * PF_RESIZE_K1;
        }
      return 0;

    case PF_RESIZE_LANCZOS3:
      {
        if (t >= 3 * PF_RESIZE_K1)
          return 0;
        /* With v = x/3 and s = sinc(v): sinc(x) = s (1 - 4/3 π² v² s²) (triple angle), so
         * L(x) = s² (1 - 4/3 π² v² s²) needs one polynomial and no division. */
        int64_t u = (pf_resize_mulu (t, t) >> PF_RESIZE_KQ) / 9;
        /* sinc(sqrt(u)) on 0..1, Chebyshev fit, error < 1e-9 */
        int64_t s = 33771;
        s = (pf_resize_mul (s, u) >> PF_RESIZE_KQ) - 621633;
        s = (pf_resize_mul (s, u) >> PF_RESIZE_KQ) + 7013529;
        s = (pf_resize_mul (s, u) >> PF_RESIZE_KQ) - 51202648;
        s = (pf_resize_mul (s, u) >> PF_RESIZE_KQ) + 217900132;
        s = (pf_resize_mul (s, u) >> PF_RESIZE_KQ) - 441558607;
        s = (pf_resize_mul (s, u) >> PF_RESIZE_KQ) + PF_RESIZE_K1;
        int64_t s2 = pf_resize_mul (s, s) >> PF_RESIZE_KQ;
        int64_t m = pf_resize_mulu (3532469011u, pf_resize_mul (u, s2) >> PF_RESIZE_KQ)
                    >> PF_RESIZE_KQ;
        return s2 - (pf_resize_mulu (m, s2) >> PF_RESIZE_KQ);
      }

    case PF_RESIZE_NEAREST:
    default:
      return 0;
    }
}

/* The filter's value for source pixel j seen from centre c (Q32). */
PF_HD int64_t
pf_resize_tap (const PfResizeAxis *a, int64_t c, int64_t j)
{
  int64_t d = j * ((int64_t) 1 << 32) - c;
  return pf_resize_kernel (a->method, ((d >> a->shift) * a->inv_scale) >> 31);
}

/* Normalises one filter value against the window's sum (as 2^60 / sum), to Q14. */
PF_HD int32_t
pf_resize_quantise (int64_t k, int64_t rcp)
{
  return (int32_t) ((k * rcp + ((int64_t) 1 << 45)) >> 46);
}

PF_HD int
pf_resize_clamp64 (int64_t v, int hi)
{
  return (int) (v < 0 ? 0 : (v > hi ? hi : v));
}

/* The source pixels output i reads: raw taps [*lo, *hi] (possibly outside the source),
 * which fold onto [*first, *last]. Nearest has the one tap floor(c + 0.5). */
PF_HD void
pf_resize_axis_window (const PfResizeAxis *a, int i, int64_t *lo, int64_t *hi, int *first,
                       int *last)
{
  int64_t c = a->centre0 + (int64_t) i * a->step;
  if (a->method == PF_RESIZE_NEAREST)
    *lo = *hi = pf_resize_floor32 (c + ((int64_t) 1 << 31));
  else
    {
      /* Taps strictly inside (c - radius, c + radius): every filter is zero at its edge. */
      *lo = pf_resize_floor32 (c - a->radius) + 1;
      *hi = -pf_resize_floor32 (-(c + a->radius)) - 1;
    }
  *first = pf_resize_clamp64 (*lo, a->n_src - 1);
  *last = pf_resize_clamp64 (*hi, a->n_src - 1);
}

/* Writes the a->taps weights of output i into w (zero-padded; taps that fall outside the
 * source are folded onto its edge pixels) and returns the source index of w[0], which is
 * even; *count receives how many weights from there may be non-zero, none past the
 * source's end. The same integers on every backend. */
PF_HD int
pf_resize_axis_taps (const PfResizeAxis *a, int i, int16_t *w, int *count)
{
  int64_t c = a->centre0 + (int64_t) i * a->step;
  int64_t lo, hi;
  int first, last;
  pf_resize_axis_window (a, i, &lo, &hi, &first, &last);
  int start = first & ~1;
  *count = last - start + 1;
  for (int k = 0; k < a->taps; k++)
    w[k] = 0;

  if (a->method == PF_RESIZE_NEAREST)
    {
      w[first - start] = PF_RESIZE_ONE;
      return start;
    }

  int64_t sum = 0;
  for (int64_t j = lo; j <= hi; j++)
    sum += pf_resize_tap (a, c, j);
  /* A widened filter's samples sum to about its scale (>= 1); the floor only guards
   * against overflow, the exact total is restored below anyway. */
  if (sum < ((int64_t) 1 << 26))
    sum = (int64_t) 1 << 26;
  int64_t rcp = ((int64_t) 1 << 60) / sum;

  for (int64_t j = lo; j <= hi; j++)
    {
      int b = (int) (j < first ? first : (j > last ? last : j)) - start;
      w[b] = (int16_t) (w[b] + pf_resize_quantise (pf_resize_tap (a, c, j), rcp));
    }

  /* Rounding leaves the sum a little off 1 << 14: the largest weight takes the difference,
   * so that constant images stay exactly constant. */
  int total = 0, biggest = first - start;
  for (int b = first - start; b <= last - start; b++)
    {
      total += w[b];
      if (w[b] > w[biggest])
        biggest = b;
    }
  w[biggest] = (int16_t) (w[biggest] + PF_RESIZE_ONE - total);
  return start;
}

/* Horizontal pass: Q6, clamped to int16 (ringing stays far inside it, see above). */
PF_HD int16_t
pf_resize_h_round (int32_t acc)
{
  int32_t v = (acc + (1 << (PF_RESIZE_H_SHIFT - 1))) >> PF_RESIZE_H_SHIFT;
  return (int16_t) (v < -32768 ? -32768 : (v > 32767 ? 32767 : v));
}

PF_HD uint8_t
pf_resize_v_round (int32_t acc)
{
  int32_t v = (acc + (1 << (PF_RESIZE_V_SHIFT - 1))) >> PF_RESIZE_V_SHIFT;
  return (uint8_t) (v < 0 ? 0 : (v > 255 ? 255 : v));
}

/* Vertical pass sums (Q20) to a pixel whose colour stays <= alpha. */
PF_HD PfPixel
pf_resize_v_finish (int32_t r, int32_t g, int32_t b, int32_t a)
{
  PfPixel p;
  p.a = pf_resize_v_round (a);
  p.r = pf_resize_v_round (r);
  p.g = pf_resize_v_round (g);
  p.b = pf_resize_v_round (b);
  if (p.r > p.a) p.r = p.a;
  if (p.g > p.a) p.g = p.a;
  if (p.b > p.a) p.b = p.a;
  return p;
}

/* One horizontal-pass value: @count weights from source pixel @start of @row. */
PF_HD PfResizeInter
pf_resize_h (const PfPixel *row, int start, const int16_t *w, int count)
{
  int32_t r = 0, g = 0, b = 0, a = 0;
  for (int k = 0; k < count; k++)
    {
      PfPixel p = row[start + k];
      r += w[k] * p.r;
      g += w[k] * p.g;
      b += w[k] * p.b;
      a += w[k] * p.a;
    }
  PfResizeInter o = { pf_resize_h_round (r), pf_resize_h_round (g), pf_resize_h_round (b),
                      pf_resize_h_round (a) };
  return o;
}

/* One output pixel: @count weights down a column of horizontal-pass values, @stride
 * values apart, starting at @col. */
PF_HD PfPixel
pf_resize_v (const PfResizeInter *col, size_t stride, const int16_t *w, int count)
{
  int32_t r = 0, g = 0, b = 0, a = 0;
  for (int k = 0; k < count; k++)
    {
      PfResizeInter v = col[(size_t) k * stride];
      r += w[k] * v.r;
      g += w[k] * v.g;
      b += w[k] * v.b;
      a += w[k] * v.a;
    }
  return pf_resize_v_finish (r, g, b, a);
}

#ifdef PF_HAVE_CUDA
#ifdef __cplusplus
extern "C" {
#endif
PF_INTERNAL PfStatus pf_cuda_resize (PfContext *ctx, const PfResizeParams *p);
#ifdef __cplusplus
}
#endif
#endif
