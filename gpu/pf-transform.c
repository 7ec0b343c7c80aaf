/* pf-transform.c — crop, flip and rotate (CPU reference and dispatch) */
#include "pf-transform-math.h"

#include <string.h>

/* ---------------------------------------------------------------------------------------
 * Crop
 */

static void
crop_rows (void *data, int y0, int y1)
{
  const PfCropParams *p = data;
  for (int y = y0; y < y1; y++)
    memcpy (PF_ROW (p->dst, p->width, y), PF_ROW (p->src, p->src_width, p->y + y) + p->x * 4,
            (size_t) p->width * 4);
}

static PfStatus
pf_cpu_crop (PfContext *ctx, const PfCropParams *p)
{
  pf_parallel_rows (ctx, p->height, (size_t) p->width / 4, crop_rows, (void *) p);
  return PF_OK;
}

/* ---------------------------------------------------------------------------------------
 * Flip
 */

static void
reverse_row (PfPixel *row, int width)
{
  for (int i = 0, j = width - 1; i < j; i++, j--)
    {
      PfPixel t = row[i];
      row[i] = row[j];
      row[j] = t;
    }
}

static void
flip_rows (void *data, int y0, int y1)
{
  const PfFlipParams *p = data;
  int w = p->width;
  for (int y = y0; y < y1; y++)
    {
      PfPixel *a = (PfPixel *) PF_ROW (p->data, w, y);
      PfPixel *b = (PfPixel *) PF_ROW (p->data, w, p->height - 1 - y);
      if (p->flip == PF_FLIP_HORIZONTAL || (p->flip == PF_FLIP_BOTH && a == b))
        reverse_row (a, w);
      else if (p->flip == PF_FLIP_VERTICAL)
        for (int x = 0; x < w; x++)
          {
            PfPixel t = a[x];
            a[x] = b[x];
            b[x] = t;
          }
      else /* both: row y and its mirror row, each reversed into the other */
        for (int x = 0; x < w; x++)
          {
            PfPixel t = a[x];
            a[x] = b[w - 1 - x];
            b[w - 1 - x] = t;
          }
    }
}

static PfStatus
pf_cpu_flip (PfContext *ctx, const PfFlipParams *p)
{
  /* Vertical and both work on pairs of rows: the top half drives them. */
  int rows = p->flip == PF_FLIP_HORIZONTAL ? p->height
             : p->flip == PF_FLIP_VERTICAL ? p->height / 2
                                           : (p->height + 1) / 2;
  pf_parallel_rows (ctx, rows, (size_t) p->width, flip_rows, (void *) p);
  return PF_OK;
}

/* ---------------------------------------------------------------------------------------
 * Rotate
 */

/* Dst rows in groups of this many, so that a quarter turn reads short runs of a src row
 * rather than single pixels of a column. */
#define QUARTER_BAND 16

static void
rotate_rows (void *data, int y0, int y1)
{
  const PfRotateParams *p = data;
  const PfPixel *src = (const PfPixel *) p->src;
  PfPixel *dst = (PfPixel *) p->dst;
  size_t w = (size_t) p->src_width, h = (size_t) p->src_height;
  size_t dw = (size_t) p->dst_width;

  switch (p->quarter_turns)
    {
    case 0:
      memcpy (dst + (size_t) y0 * dw, src + (size_t) y0 * w, (size_t) (y1 - y0) * w * 4);
      break;
    case 2: /* dst (X, Y) = src (w − 1 − X, h − 1 − Y) */
      for (size_t Y = (size_t) y0; Y < (size_t) y1; Y++)
        {
          const PfPixel *s = src + (h - 1 - Y) * w + (w - 1);
          PfPixel *d = dst + Y * dw;
          for (size_t X = 0; X < dw; X++)
            d[X] = s[-(ptrdiff_t) X];
        }
      break;
    case 1: /* clockwise: dst (X, Y) = src (Y, h − 1 − X) */
    case 3: /* dst (X, Y) = src (w − 1 − Y, X) */
      for (int band = y0; band < y1; band += QUARTER_BAND)
        {
          size_t end = (size_t) (band + QUARTER_BAND < y1 ? band + QUARTER_BAND : y1);
          for (size_t X = 0; X < dw; X++)
            for (size_t Y = (size_t) band; Y < end; Y++)
              dst[Y * dw + X] = p->quarter_turns == 1 ? src[(h - 1 - X) * w + Y]
                                                      : src[X * w + (w - 1 - Y)];
        }
      break;
    default:
      for (int Y = y0; Y < y1; Y++)
        for (int X = 0; X < p->dst_width; X++)
          dst[(size_t) Y * dw + X] = pf_rotate_pixel (p, X, Y);
      break;
    }
}

static PfStatus
pf_cpu_rotate (PfContext *ctx, const PfRotateParams *p)
{
  size_t cost = (size_t) p->dst_width * (p->quarter_turns < 0 ? 64 : 1);
  pf_parallel_rows (ctx, p->dst_height, cost, rotate_rows, (void *) p);
  return PF_OK;
}

/* ---------------------------------------------------------------------------------------
 * Public front-ends
 */

PfStatus
pf_crop (PfContext *ctx, const PfImage *src, PfImage *dst, const PfBox *box)
{
  PfStatus status = pf_check_image (ctx, src);
  if (status == PF_OK)
    status = pf_check_image (ctx, dst);
  if (status != PF_OK)
    return status;
  if (src == dst)
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT,
                                 "crop needs a destination other than its source");
  if (box == NULL)
    return PF_ERROR_INVALID_ARGUMENT;
  if (box->width <= 0 || box->height <= 0 || box->x < 0 || box->y < 0
      || box->width > src->width - box->x || box->height > src->height - box->y)
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT,
                                 "crop box %d×%d at (%d, %d) is not inside the %d×%d image",
                                 box->width, box->height, box->x, box->y, src->width,
                                 src->height);
  status = pf_image_resize_logical (dst, box->width, box->height);
  if (status != PF_OK)
    return status;
  PfCropParams p = { src->data, src->width, dst->data, box->x, box->y, box->width, box->height };
  return PF_DISPATCH (ctx, crop, &p);
}

PfStatus
pf_flip (PfContext *ctx, PfImage *image, PfFlip flip)
{
  PfStatus status = pf_check_image (ctx, image);
  if (status != PF_OK)
    return status;
  if (flip < PF_FLIP_NONE || flip > PF_FLIP_BOTH)
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT, "unknown flip %d", (int) flip);
  if (flip == PF_FLIP_NONE)
    return PF_OK;
  PfFlipParams p = { image->data, image->width, image->height, flip };
  return PF_DISPATCH (ctx, flip, &p);
}

/* Angles this close to a multiple of 90° are exact pixel permutations. */
#define QUARTER_EPSILON 1e-9

PfStatus
pf_rotate (PfContext *ctx, const PfImage *src, PfImage *dst, double degrees)
{
  PfStatus status = pf_check_image (ctx, src);
  if (status == PF_OK)
    status = pf_check_image (ctx, dst);
  if (status != PF_OK)
    return status;
  if (src == dst)
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT,
                                 "rotate needs a destination other than its source");
  if (!isfinite (degrees))
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT, "rotation angle is %g",
                                 degrees);

  double d = fmod (degrees, 360.0);
  if (d < 0)
    d += 360.0;
  double quarters = floor (d / 90.0 + 0.5);
  int w = src->width, h = src->height;
  PfRotateParams p = {
    .src = src->data,
    .src_width = w,
    .src_height = h,
    .dst = dst->data,
    .quarter_turns = -1,
  };
  if (fabs (d - quarters * 90.0) <= QUARTER_EPSILON)
    {
      p.quarter_turns = (int) quarters % 4;
      p.dst_width = p.quarter_turns % 2 == 0 ? w : h;
      p.dst_height = p.quarter_turns % 2 == 0 ? h : w;
    }
  else
    {
      double rad = d * (M_PI / 180.0), c = cos (rad), s = sin (rad);
      /* The epsilon keeps float noise from adding a column (e.g. w·cos + h·sin = 100 + 1e-13). */
      double bw = ceil (fabs (w * c) + fabs (h * s) - 1e-6);
      double bh = ceil (fabs (w * s) + fabs (h * c) - 1e-6);
      p.dst_width = bw >= 1 ? (int) bw : 1;
      p.dst_height = bh >= 1 ? (int) bh : 1;
      p.cos_t = (float) c;
      p.sin_t = (float) s;
      p.dst_cx = (float) (p.dst_width / 2.0 - 0.5);
      p.dst_cy = (float) (p.dst_height / 2.0 - 0.5);
      p.src_cx = (float) (w / 2.0 - 0.5);
      p.src_cy = (float) (h / 2.0 - 0.5);
    }
  status = pf_image_resize_logical (dst, p.dst_width, p.dst_height);
  if (status != PF_OK)
    return status;
  return PF_DISPATCH (ctx, rotate, &p);
}
