/* pf-resize.c — resampling, cover, contain and scaled download (CPU reference and dispatch)
 *
 * Separable: a horizontal pass over just the source rows the output needs, into a Q6
 * intermediate, then a vertical pass. Pixel-centre aligned; when shrinking, the filter is
 * widened by the scale so that the result is antialiased. The maths is in
 * pf-resize-math.h, shared with the CUDA backend, which gives the same bytes.
 */
#include "pf-resize-math.h"

#include <stdlib.h>

/* ---------------------------------------------------------------------------------------
 * Axis set-up: the only floating-point step, done once per call on the host.
 */

static double
method_support (PfResizeMethod method)
{
  switch (method)
    {
    case PF_RESIZE_BILINEAR:
      return 1.0;
    case PF_RESIZE_BICUBIC:
      return 2.0;
    case PF_RESIZE_LANCZOS3:
      return 3.0;
    case PF_RESIZE_NEAREST:
    default:
      return 0.0;
    }
}

/* Maps @extent source pixels from @origin onto @n_out output pixels. */
static void
axis_init (PfResizeAxis *a, PfResizeMethod method, double origin, double extent, int n_src,
           int n_out)
{
  const double q32 = 4294967296.0;
  double scale = extent / n_out;
  double filter = scale > 1.0 ? scale : 1.0;
  int e = ilogb (filter);

  a->method = method;
  a->n_src = n_src;
  a->n_out = n_out;
  a->step = llround (scale * q32);
  a->centre0 = llround ((origin + 0.5 * scale - 0.5) * q32);
  a->shift = 5 + e;
  a->inv_scale = llround (ldexp (1.0, 32 + e) / filter);
  a->radius = llround (method_support (method) * filter * q32);

  /* starting on an even index may add one in front */
  int64_t bins = pf_resize_axis_max_count (method, a->radius, n_src);
  a->taps = (int) ((bins + 2) & ~(int64_t) 1);
}

static bool
method_valid (PfResizeMethod method)
{
  return method >= PF_RESIZE_NEAREST && method <= PF_RESIZE_LANCZOS3;
}

static bool
region_valid (const PfRect *r)
{
  const double limit = PF_RESIZE_REGION_LIMIT;
  /* Written so that NaN fails every test. */
  return r->width > 0 && r->height > 0 && r->width <= limit && r->height <= limit
         && r->x >= -limit && r->x <= limit && r->y >= -limit && r->y <= limit;
}

/* ---------------------------------------------------------------------------------------
 * CPU backend
 */

typedef struct
{
  int32_t *start;
  int32_t *count;
  int16_t *weights;  /* n_out × taps */
} AxisTable;

static PfStatus
table_build (const PfResizeAxis *a, AxisTable *t)
{
  size_t n = (size_t) a->n_out;
  t->start = malloc (n * sizeof *t->start);
  t->count = malloc (n * sizeof *t->count);
  t->weights = malloc (n * (size_t) a->taps * sizeof *t->weights);
  if (t->start == NULL || t->count == NULL || t->weights == NULL)
    return PF_ERROR_OUT_OF_MEMORY;
  for (int i = 0; i < a->n_out; i++)
    {
      int count = 0;
      t->start[i] = pf_resize_axis_taps (a, i, t->weights + (size_t) i * a->taps, &count);
      t->count[i] = count;
    }
  return PF_OK;
}

static void
table_free (AxisTable *t)
{
  free (t->start);
  free (t->count);
  free (t->weights);
}

typedef struct
{
  const PfResizeParams *p;
  const AxisTable *tx;
  const AxisTable *ty;
  PfResizeInter *inter;  /* rows [row0, ...) × columns [col0, col0 + cols) */
  int row0;
  int col0;
  int cols;
  int out_row0;          /* first output row of the band (vertical pass) */
} Band;

static void
h_rows (void *data, int y0, int y1)
{
  const Band *b = data;
  const PfResizeParams *p = b->p;
  int taps = p->x.taps;
  for (int y = y0; y < y1; y++)
    {
      const PfPixel *row = (const PfPixel *) PF_ROW (p->src, p->src_width, b->row0 + y);
      PfResizeInter *out = b->inter + (size_t) y * b->cols;
      for (int j = 0; j < b->cols; j++)
        {
          int jj = b->col0 + j;
          out[j] = pf_resize_h (row, b->tx->start[jj], b->tx->weights + (size_t) jj * taps,
                                b->tx->count[jj]);
        }
    }
}

static void
v_rows (void *data, int y0, int y1)
{
  const Band *b = data;
  const PfResizeParams *p = b->p;
  int taps = p->y.taps;
  for (int y = y0; y < y1; y++)
    {
      int i = b->out_row0 + y;
      PfPixel *out = (PfPixel *) PF_ROW (p->dst, p->dst_width, p->box.y + i)
                     + p->box.x + b->col0;
      const PfResizeInter *col = b->inter + (size_t) (b->ty->start[i] - b->row0) * b->cols;
      const int16_t *w = b->ty->weights + (size_t) i * taps;
      for (int j = 0; j < b->cols; j++)
        out[j] = pf_resize_v (col + j, (size_t) b->cols, w, b->ty->count[i]);
    }
}

static PfStatus
pf_cpu_resize (PfContext *ctx, const PfResizeParams *p)
{
  AxisTable tx = { 0 }, ty = { 0 };
  PfStatus status = table_build (&p->x, &tx);
  if (status == PF_OK)
    status = table_build (&p->y, &ty);
  if (status != PF_OK)
    {
      table_free (&tx);
      table_free (&ty);
      return pf_context_set_error (ctx, status, "no memory for resize tables");
    }

  /* The intermediate lives in pool scratch, two RGBA8 pixels per Q6 value, so a steady
   * stream of resizes allocates nothing. Large jobs go in strips and bands that fit one
   * scratch image; a band holds whole output rows, each needing at most n_src rows. */
  int n_x = p->x.n_out, n_y = p->y.n_out;
  int max_count = 1;
  for (int i = 0; i < n_y; i++)
    if (ty.count[i] > max_count)
      max_count = ty.count[i];
  size_t cap_pixels = PF_MAX_PIXELS / 2;
  int strip = n_x;
  if (strip > PF_MAX_DIMENSION / 2)
    strip = PF_MAX_DIMENSION / 2;
  if ((size_t) strip * (size_t) max_count > cap_pixels)
    strip = (int) (cap_pixels / (size_t) max_count);
  int band_rows = (int) (cap_pixels / (size_t) strip);
  if (band_rows > PF_MAX_DIMENSION)
    band_rows = PF_MAX_DIMENSION;

  PfPool *pool = pf_context_get_pool (ctx);
  for (int col0 = 0; col0 < n_x && status == PF_OK; col0 += strip)
    {
      int cols = n_x - col0 < strip ? n_x - col0 : strip;
      for (int i0 = 0, i1; i0 < n_y && status == PF_OK; i0 = i1)
        {
          /* Rows are needed in order: start and end of each window never go backwards. */
          int row0 = ty.start[i0], row1 = row0;
          for (i1 = i0; i1 < n_y; i1++)
            {
              int end = ty.start[i1] + ty.count[i1];
              if (end - row0 > band_rows)
                break;
              row1 = end > row1 ? end : row1;
            }
          PfImage *scratch = NULL;
          status = pf_pool_acquire (pool, 2 * cols, row1 - row0, &scratch);
          if (status != PF_OK)
            break;
          Band b = {
            .p = p, .tx = &tx, .ty = &ty, .inter = (PfResizeInter *) (void *) scratch->data,
            .row0 = row0, .col0 = col0, .cols = cols, .out_row0 = i0,
          };
          pf_parallel_rows (ctx, row1 - row0, (size_t) cols * (size_t) tx.count[col0], h_rows,
                            &b);
          Band v = b;
          pf_parallel_rows (ctx, i1 - i0, (size_t) cols * (size_t) ty.count[i0], v_rows, &v);
          pf_pool_release (pool, scratch);
        }
    }
  table_free (&tx);
  table_free (&ty);
  return status;
}

/* ---------------------------------------------------------------------------------------
 * Public functions
 */

/* Resamples @region of @src into @box of @dst; all arguments already checked. */
static PfStatus
resize_into (PfContext *ctx, const PfImage *src, const PfRect *region, PfImage *dst,
             const PfBox *box, PfResizeMethod method)
{
  PfResizeParams p = {
    .src = src->data,
    .src_width = src->width,
    .src_height = src->height,
    .dst = dst->data,
    .dst_width = dst->width,
    .box = *box,
  };
  axis_init (&p.x, method, region->x, region->width, src->width, box->width);
  axis_init (&p.y, method, region->y, region->height, src->height, box->height);
  return PF_DISPATCH (ctx, resize, &p);
}

static PfStatus
check_pair (PfContext *ctx, const PfImage *src, const PfImage *dst, PfResizeMethod method)
{
  PfStatus status = pf_check_image (ctx, src);
  if (status == PF_OK)
    status = pf_check_image (ctx, dst);
  if (status != PF_OK)
    return status;
  if (!method_valid (method))
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT, "unknown resize method %d",
                                 (int) method);
  if (src == dst)
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT,
                                 "resize cannot work in place: src and dst must differ");
  return PF_OK;
}

PfStatus
pf_resize (PfContext *ctx, const PfImage *src, PfImage *dst, PfResizeMethod method)
{
  PfStatus status = check_pair (ctx, src, dst, method);
  if (status != PF_OK)
    return status;
  PfRect region = { 0, 0, src->width, src->height };
  PfBox box = { 0, 0, dst->width, dst->height };
  return resize_into (ctx, src, &region, dst, &box, method);
}

PfStatus
pf_resize_region (PfContext *ctx, const PfImage *src, const PfRect *region, PfImage *dst,
                  const PfBox *box, PfResizeMethod method)
{
  PfStatus status = check_pair (ctx, src, dst, method);
  if (status != PF_OK)
    return status;
  if (region == NULL || !region_valid (region))
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT,
                                 "the resize region must be finite, with a positive size");
  PfBox whole = { 0, 0, dst->width, dst->height };
  if (box == NULL)
    box = &whole;
  else if (box->width <= 0 || box->height <= 0 || box->x < 0 || box->y < 0
           || box->x > dst->width - box->width || box->y > dst->height - box->height)
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT,
                                 "box %d,%d %d×%d is not inside the %d×%d destination", box->x,
                                 box->y, box->width, box->height, dst->width, dst->height);
  return resize_into (ctx, src, region, dst, box, method);
}

/* Where the scaled image's edges @o and @o + @size land on a destination of @d pixels:
 * the covered pixels [*b0, *b1) and the matching source interval. */
static void
fit_axis (double o, double size, double scale, int d, int *b0, int *b1, double *origin,
          double *extent)
{
  double lo = floor (o + 0.5), hi = floor (o + size + 0.5);
  lo = lo < 0 ? 0 : lo;
  hi = hi > d ? d : hi;
  *b0 = (int) lo;
  *b1 = hi > lo ? (int) hi : (int) lo;
  *origin = (lo - o) / scale;
  *extent = (hi - lo) / scale;
}

/* Cover and contain: scale by base × zoom, place by pan in the spare room (or choose the
 * visible part when the image overflows), resample what lands inside dst. */
static PfStatus
fit_into (PfContext *ctx, const PfImage *src, PfImage *dst, double pan_x, double pan_y,
          double zoom, PfResizeMethod method, bool cover, PfColor background)
{
  PfStatus status = check_pair (ctx, src, dst, method);
  if (status != PF_OK)
    return status;
  if (!(zoom >= 1.0 && zoom <= 1e6))
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT, "zoom must be 1 or more");
  if (!(pan_x >= 0.0 && pan_x <= 1.0 && pan_y >= 0.0 && pan_y <= 1.0))
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT, "pan must be in 0..1");

  double sw = src->width, sh = src->height, dw = dst->width, dh = dst->height;
  double fx = dw / sw, fy = dh / sh;
  double scale = (cover ? (fx > fy ? fx : fy) : (fx < fy ? fx : fy)) * zoom;
  double size_x = sw * scale, size_y = sh * scale;
  double ox = (dw - size_x) * pan_x, oy = (dh - size_y) * pan_y;

  PfBox box;
  PfRect region;
  int x1, y1;
  fit_axis (ox, size_x, scale, dst->width, &box.x, &x1, &region.x, &region.width);
  fit_axis (oy, size_y, scale, dst->height, &box.y, &y1, &region.y, &region.height);
  box.width = x1 - box.x;
  box.height = y1 - box.y;

  if (!cover)
    {
      status = pf_fill (ctx, dst, background);
      if (status != PF_OK)
        return status;
    }
  /* An image scaled to less than half a pixel covers no pixel centre. */
  if (box.width <= 0 || box.height <= 0)
    return PF_OK;
  if (!region_valid (&region))
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT, "zoom %g is out of range",
                                 zoom);
  return resize_into (ctx, src, &region, dst, &box, method);
}

PfStatus
pf_cover (PfContext *ctx, const PfImage *src, PfImage *dst, double pan_x, double pan_y,
          double zoom, PfResizeMethod method)
{
  return fit_into (ctx, src, dst, pan_x, pan_y, zoom, method, true, (PfColor) { 0 });
}

PfStatus
pf_contain (PfContext *ctx, const PfImage *src, PfImage *dst, double pan_x, double pan_y,
            double zoom, PfColor background, PfResizeMethod method)
{
  return fit_into (ctx, src, dst, pan_x, pan_y, zoom, method, false, background);
}

PfStatus
pf_image_download_scaled (PfContext *ctx, const PfImage *src, int width, int height,
                          PfResizeMethod method, void *pixels, size_t stride)
{
  PfStatus status = pf_check_image (ctx, src);
  if (status != PF_OK)
    return status;
  status = pf_check_size (width, height);
  if (status != PF_OK)
    return pf_context_set_error (ctx, status, "cannot download at %d×%d", width, height);
  if (!method_valid (method))
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT, "unknown resize method %d",
                                 (int) method);
  if (pixels == NULL || stride < (size_t) width * 4)
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT,
                                 "no pixels, or a stride under width × 4");

  PfPool *pool = pf_context_get_pool (ctx);
  PfImage *small = NULL;
  status = pf_pool_acquire (pool, width, height, &small);
  if (status != PF_OK)
    return status;
  PfRect region = { 0, 0, src->width, src->height };
  PfBox box = { 0, 0, width, height };
  status = resize_into (ctx, src, &region, small, &box, method);
  if (status == PF_OK)
    status = pf_image_download (ctx, small, pixels, stride);
  pf_pool_release (pool, small);
  return status;
}
