/* pf-blur.c — Gaussian blur and shadow masks (CPU reference and dispatch)
 *
 * Rows are filtered one at a time; columns in blocks of neighbouring columns, so that
 * every memory access walks along a row and the inner loop runs across lanes.
 */
#include "pf-blur-math.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Interleaved lanes of one column block: 64 one-channel columns or 16 RGBA ones. */
#define LANES_MAX 64

/* One box pass along n samples of @lanes interleaved lanes, edges extended. A sliding
 * window: the sum gains the sample entering and loses the one leaving. */
static void
box_pass (const uint32_t *in, uint32_t *out, int n, int lanes, PfBoxPass box)
{
  int r = box.radius;
  uint32_t sum[LANES_MAX];
  const uint32_t *last = in + (size_t) (n - 1) * lanes;
  int inside = r < n - 1 ? r : n - 1;

  for (int l = 0; l < lanes; l++)
    sum[l] = (uint32_t) (r + 1) * in[l] + (uint32_t) (r - inside) * last[l];
  for (int k = 1; k <= inside; k++)
    for (int l = 0; l < lanes; l++)
      sum[l] += in[(size_t) k * lanes + l];

  for (int x = 0; x < n; x++)
    {
      const uint32_t *add = in + (size_t) (x + r + 1 < n ? x + r + 1 : n - 1) * lanes;
      const uint32_t *sub = in + (size_t) (x - r > 0 ? x - r : 0) * lanes;
      uint32_t *o = out + (size_t) x * lanes;
      for (int l = 0; l < lanes; l++)
        {
          o[l] = pf_box_div (sum[l] + (uint32_t) r, box);
          sum[l] += add[l] - sub[l];
        }
    }
}

/* The three passes, ping-ponging between @a and @b; returns the one holding the result. */
static uint32_t *
box3 (uint32_t *a, uint32_t *b, int n, int lanes, const PfBlurKernel *k)
{
  for (int i = 0; i < 3; i++)
    if (k->pass[i].radius > 0)
      {
        box_pass (a, b, n, lanes, k->pass[i]);
        uint32_t *t = a;
        a = b;
        b = t;
      }
  return a;
}

static inline uint32_t
morph_op (uint32_t a, uint32_t b, bool is_max)
{
  return is_max ? (a > b ? a : b) : (a < b ? a : b);
}

/* Max or min over [x − k, x + k] (van Herk / Gil–Werman: a prefix and a suffix run inside
 * blocks of 2k + 1, so any window is the union of one suffix and one prefix). Samples past
 * the ends count as @outside. @v is consumed; the result lands in @g. */
static void
morph_pass (uint32_t *v, uint32_t *g, int n, int lanes, int k, bool is_max, uint32_t outside)
{
  int wb = 2 * k + 1;
  for (int s = 0; s < n; s += wb)
    {
      int e = (s + wb < n ? s + wb : n) - 1;
      memcpy (g + (size_t) s * lanes, v + (size_t) s * lanes, (size_t) lanes * sizeof *g);
      for (int i = s + 1; i <= e; i++)
        for (int l = 0; l < lanes; l++)
          g[(size_t) i * lanes + l] = morph_op (g[(size_t) (i - 1) * lanes + l],
                                                v[(size_t) i * lanes + l], is_max);
      for (int i = e - 1; i >= s; i--)
        for (int l = 0; l < lanes; l++)
          v[(size_t) i * lanes + l] = morph_op (v[(size_t) i * lanes + l],
                                                v[(size_t) (i + 1) * lanes + l], is_max);
    }
  /* In place into g: x reads g at x + k ≥ x only. */
  for (int x = 0; x < n; x++)
    {
      int a = x - k, b = x + k;
      bool partial = a < 0 || b >= n;
      a = a > 0 ? a : 0;
      b = b < n - 1 ? b : n - 1;
      for (int l = 0; l < lanes; l++)
        {
          uint32_t h = v[(size_t) a * lanes + l], p = g[(size_t) b * lanes + l], val;
          if (a / wb == b / wb)
            val = a % wb == 0 ? p : h;   /* one block: the window starts or ends it */
          else
            val = morph_op (h, p, is_max);
          g[(size_t) x * lanes + l] = partial ? morph_op (val, outside, is_max) : val;
        }
    }
}

/* What a line job does to each line of a byte plane. */
typedef enum
{
  LINE_BLUR_ROWS,     /* bytes → three box passes → tmp (uint16, same layout) */
  LINE_BLUR_COLUMNS,  /* tmp → three box passes → bytes */
  LINE_MORPH_ROWS,    /* bytes → max/min → bytes */
  LINE_MORPH_COLUMNS,
} LineKind;

typedef struct
{
  LineKind kind;
  uint8_t *data;        /* width × height × channels */
  uint16_t *tmp;
  int width;
  int height;
  int channels;
  const PfBlurKernel *kernel;
  int morph_radius;
  bool morph_max;
  uint32_t outside;
  atomic_int failed;
} LineJob;

static void
line_rows (void *data, int y0, int y1)
{
  LineJob *j = data;
  size_t n = (size_t) j->width * (size_t) j->channels;
  uint32_t *buf = malloc (2 * n * sizeof *buf);
  if (buf == NULL)
    {
      atomic_store (&j->failed, 1);
      return;
    }
  for (int y = y0; y < y1; y++)
    {
      uint8_t *row = j->data + (size_t) y * n;
      if (j->kind == LINE_BLUR_ROWS)
        {
          for (size_t i = 0; i < n; i++)
            buf[i] = (uint32_t) row[i] << 8;
          uint32_t *res = box3 (buf, buf + n, j->width, j->channels, j->kernel);
          uint16_t *t = j->tmp + (size_t) y * n;
          for (size_t i = 0; i < n; i++)
            t[i] = (uint16_t) res[i];
        }
      else
        {
          for (size_t i = 0; i < n; i++)
            buf[i] = row[i];
          morph_pass (buf, buf + n, j->width, j->channels, j->morph_radius, j->morph_max,
                      j->outside);
          for (size_t i = 0; i < n; i++)
            row[i] = (uint8_t) buf[n + i];
        }
    }
  free (buf);
}

/* Column blocks [b0, b1) of LANES_MAX / channels columns each. */
static void
line_columns (void *data, int b0, int b1)
{
  LineJob *j = data;
  int block = LANES_MAX / j->channels;
  size_t stride = (size_t) j->width * (size_t) j->channels;
  size_t n = (size_t) j->height * LANES_MAX;
  uint32_t *buf = malloc (2 * n * sizeof *buf);
  if (buf == NULL)
    {
      atomic_store (&j->failed, 1);
      return;
    }
  for (int b = b0; b < b1; b++)
    {
      int x0 = b * block;
      int lanes = (j->width - x0 < block ? j->width - x0 : block) * j->channels;
      size_t off = (size_t) x0 * (size_t) j->channels;
      uint32_t *res;

      if (j->kind == LINE_BLUR_COLUMNS)
        {
          for (int y = 0; y < j->height; y++)
            {
              const uint16_t *t = j->tmp + (size_t) y * stride + off;
              for (int l = 0; l < lanes; l++)
                buf[(size_t) y * lanes + l] = t[l];
            }
          res = box3 (buf, buf + n, j->height, lanes, j->kernel);
          for (int y = 0; y < j->height; y++)
            {
              uint8_t *row = j->data + (size_t) y * stride + off;
              for (int l = 0; l < lanes; l++)
                row[l] = (uint8_t) pf_fixed_to_u8 (res[(size_t) y * lanes + l]);
            }
        }
      else
        {
          for (int y = 0; y < j->height; y++)
            {
              const uint8_t *row = j->data + (size_t) y * stride + off;
              for (int l = 0; l < lanes; l++)
                buf[(size_t) y * lanes + l] = row[l];
            }
          morph_pass (buf, buf + n, j->height, lanes, j->morph_radius, j->morph_max,
                      j->outside);
          res = buf + n;
          for (int y = 0; y < j->height; y++)
            {
              uint8_t *row = j->data + (size_t) y * stride + off;
              for (int l = 0; l < lanes; l++)
                row[l] = (uint8_t) res[(size_t) y * lanes + l];
            }
        }
    }
  free (buf);
}

static PfStatus
run_lines (PfContext *ctx, LineJob *j, LineKind rows, LineKind columns)
{
  atomic_init (&j->failed, 0);
  size_t cost = (size_t) j->width * (size_t) j->channels * 4;
  j->kind = rows;
  pf_parallel_rows (ctx, j->height, cost, line_rows, j);
  if (atomic_load (&j->failed) == 0)
    {
      int block = LANES_MAX / j->channels;
      j->kind = columns;
      pf_parallel_rows (ctx, (j->width + block - 1) / block,
                        (size_t) j->height * LANES_MAX * 4, line_columns, j);
    }
  if (atomic_load (&j->failed) != 0)
    return pf_context_set_error (ctx, PF_ERROR_OUT_OF_MEMORY,
                                 "no memory for the filter's line buffers");
  return PF_OK;
}

/* Blurs a plane of interleaved byte channels in place through @tmp (2 bytes a sample). */
static PfStatus
blur_plane (PfContext *ctx, uint8_t *data, int width, int height, int channels,
            const PfBlurKernel *kernel, uint16_t *tmp)
{
  if (kernel->reach == 0)
    return PF_OK;
  LineJob j = {
    .data = data,
    .tmp = tmp,
    .width = width,
    .height = height,
    .channels = channels,
    .kernel = kernel,
  };
  return run_lines (ctx, &j, LINE_BLUR_ROWS, LINE_BLUR_COLUMNS);
}

static PfStatus
pf_cpu_blur (PfContext *ctx, const PfBlurParams *p)
{
  uint16_t *tmp = p->tmp, *own = NULL;
  if (tmp == NULL)
    {
      own = malloc ((size_t) p->width * (size_t) p->height * 4 * sizeof *own);
      if (own == NULL)
        return pf_context_set_error (ctx, PF_ERROR_OUT_OF_MEMORY,
                                     "no memory for the blur's intermediate");
      tmp = own;
    }
  PfStatus status = blur_plane (ctx, p->data, p->width, p->height, 4, &p->kernel, tmp);
  free (own);
  return status;
}

typedef struct
{
  const PfMaskParams *p;
  uint8_t *mask;
} MaskBuild;

static void
mask_rows (void *data, int y0, int y1)
{
  const MaskBuild *b = data;
  for (int y = y0; y < y1; y++)
    {
      uint8_t *row = b->mask + (size_t) y * (size_t) b->p->width;
      for (int x = 0; x < b->p->width; x++)
        row[x] = (uint8_t) pf_mask_source (b->p, x, y);
    }
}

PfStatus
pf_cpu_mask (PfContext *ctx, const PfMaskParams *p, uint8_t *mask)
{
  MaskBuild build = { p, mask };
  pf_parallel_rows (ctx, p->height, (size_t) p->width, mask_rows, &build);

  PfStatus status = PF_OK;
  if (p->spread != 0)
    {
      LineJob j = {
        .data = mask,
        .width = p->width,
        .height = p->height,
        .channels = 1,
        .morph_radius = p->spread > 0 ? p->spread : -p->spread,
        .morph_max = p->spread > 0,
        .outside = p->invert ? 255 : 0,
      };
      status = run_lines (ctx, &j, LINE_MORPH_ROWS, LINE_MORPH_COLUMNS);
    }
  if (status != PF_OK || p->blur.reach == 0)
    return status;

  uint16_t *tmp = malloc ((size_t) p->width * (size_t) p->height * sizeof *tmp);
  if (tmp == NULL)
    return pf_context_set_error (ctx, PF_ERROR_OUT_OF_MEMORY,
                                 "no memory for the shadow's blur");
  status = blur_plane (ctx, mask, p->width, p->height, 1, &p->blur, tmp);
  free (tmp);
  return status;
}

PfStatus
pf_blur (PfContext *ctx, PfImage *image, float radius, PfImage *scratch)
{
  PfStatus status = pf_check_image (ctx, image);
  if (status != PF_OK)
    return status;
  if (!isfinite (radius) || radius < 0)
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT,
                                 "blur radius %g: must be finite and ≥ 0", (double) radius);

  size_t need = 2 * (size_t) image->width * (size_t) image->height;
  if (scratch != NULL)
    {
      status = pf_check_image (ctx, scratch);
      if (status != PF_OK)
        return status;
      if (scratch == image)
        return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT,
                                     "the blur's scratch cannot be the image itself");
      if (scratch->capacity < need)
        return pf_context_set_error (ctx, PF_ERROR_CAPACITY,
                                     "blur scratch holds %zu pixels, %zu needed",
                                     scratch->capacity, need);
    }

  PfBlurParams p = { .data = image->data, .width = image->width, .height = image->height };
  pf_blur_kernel_init (&p.kernel, radius);
  if (p.kernel.reach == 0)
    return PF_OK;

  /* The intermediate is 16 bits a channel: twice the image's pixels. */
  PfImage *pooled = NULL;
  if (scratch == NULL)
    {
      bool tall = 2 * (size_t) image->height <= PF_MAX_DIMENSION;
      if (pf_check_size (tall ? image->width : 2 * image->width,
                         tall ? 2 * image->height : image->height) == PF_OK)
        {
          status = pf_pool_acquire (ctx->pool, tall ? image->width : 2 * image->width,
                                    tall ? 2 * image->height : image->height, &pooled);
          if (status != PF_OK)
            return status;
        }
      /* else: beyond the pool's limits; the backend uses internal work memory */
    }

  PfImage *tmp_image = scratch != NULL ? scratch : pooled;
  p.tmp = tmp_image != NULL ? (uint16_t *) tmp_image->data : NULL;
  status = PF_DISPATCH (ctx, blur, &p);
  /* Ops run in stream order, so the pool may hand the scratch out again at once. */
  pf_pool_release (ctx->pool, pooled);
  return status;
}
