/* pf-transform.cu — crop, flip and rotate on the GPU */
#include "pf-cuda-private.h"
#include "pf-transform-math.h"

/* A 2-D grid for kernels that grid-stride over @rows rows (blockIdx.y) and @units work items
 * per row (blockIdx.x), no larger than what fills the device. */
static dim3
row_grid (PfContext *ctx, size_t units, int rows, unsigned threads)
{
  size_t bx = (units + threads - 1) / threads;
  size_t cap = (size_t) ctx->cuda->sm_count * 16;
  if (bx > cap)
    bx = cap;
  if (bx == 0)
    bx = 1;
  size_t by = cap / bx > 0 ? cap / bx : 1;
  if (by > (size_t) rows)
    by = (size_t) rows;
  if (by > 65535)
    by = 65535;
  return dim3 ((unsigned) bx, (unsigned) (by > 0 ? by : 1));
}

static __device__ __forceinline__ uint4
reversed (uint4 v)
{
  return make_uint4 (v.w, v.z, v.y, v.x);
}

/* ---------------------------------------------------------------------------------------
 * Crop: dst is packed, so its rows run on into each other; threads walk each row in
 * 16-byte quads aligned in dst and fetch the box's pixels by uint4 where the source row
 * is aligned the same way, else by four 32-bit loads. Quads cut by a row's ends go pixel
 * by pixel, so every pixel has one writer. (cudaMemcpy2DAsync managed only ~60 % of a
 * plain copy's bandwidth for boxes of odd offset.)
 */

__global__ static void
crop_kernel (PfCropParams p)
{
  uint4 *dst4 = (uint4 *) p.dst;
  uint32_t *dst1 = (uint32_t *) p.dst;
  const uint32_t *src1 = (const uint32_t *) p.src;
  size_t step = (size_t) gridDim.x * blockDim.x;
  for (int r = blockIdx.y; r < p.height; r += gridDim.y)
    {
      size_t begin = (size_t) r * p.width, end = begin + p.width;
      /* Source index of dst pixel i is i + shift (mod 2^64). */
      size_t shift = (size_t) (p.y + r) * p.src_width + p.x - begin;
      bool aligned = (shift & 3) == 0;
      for (size_t q = begin / 4 + blockIdx.x * blockDim.x + threadIdx.x; q <= (end - 1) / 4;
           q += step)
        {
          size_t i = q * 4;
          if (i >= begin && i + 4 <= end)
            {
              const uint32_t *s = src1 + (i + shift);
              dst4[q] = aligned ? __ldg ((const uint4 *) s)
                                : make_uint4 (__ldg (s), __ldg (s + 1), __ldg (s + 2),
                                              __ldg (s + 3));
            }
          else
            {
              size_t lo = i > begin ? i : begin, hi = i + 4 < end ? i + 4 : end;
              for (size_t j = lo; j < hi; j++)
                dst1[j] = __ldg (src1 + j + shift);
            }
        }
    }
}

PfStatus
pf_cuda_crop (PfContext *ctx, const PfCropParams *p)
{
  const unsigned threads = 128;
  crop_kernel<<<row_grid (ctx, (size_t) p->width / 4 + 2, p->height, threads), threads, 0,
                pf_cuda_stream (ctx)>>> (*p);
  return pf_cuda_launched (ctx, "crop");
}

/* ---------------------------------------------------------------------------------------
 * Flip, in place: each mirrored pair is swapped by one thread. Where the width (or, for
 * both, the pixel count) is a multiple of 4, threads swap mirrored 16-byte quads, reversing
 * their pixels; a quad that is its own mirror (the middle of a row) is reversed in place.
 * Odd middle columns and rows are left alone.
 */

__global__ static void
flip_h_vec_kernel (uint4 *data, int quads_per_row, int height)
{
  int pairs = (quads_per_row + 1) / 2;
  for (int y = blockIdx.y; y < height; y += gridDim.y)
    {
      uint4 *row = data + (size_t) y * quads_per_row;
      for (int k = blockIdx.x * blockDim.x + threadIdx.x; k < pairs; k += gridDim.x * blockDim.x)
        {
          int m = quads_per_row - 1 - k;
          uint4 a = row[k];
          if (m == k)
            row[k] = reversed (a);
          else
            {
              uint4 b = row[m];
              row[k] = reversed (b);
              row[m] = reversed (a);
            }
        }
    }
}

/* The 32-bit paths swap four pairs a thread, loads before stores, to keep enough bytes in
 * flight. */
#define UNROLL 4

__global__ static void
flip_h_kernel (uint32_t *data, int width, int height)
{
  int pairs = width / 2;
  int step = gridDim.x * blockDim.x;
  for (int y = blockIdx.y; y < height; y += gridDim.y)
    {
      uint32_t *row = data + (size_t) y * width;
      for (int x = blockIdx.x * blockDim.x + threadIdx.x; x < pairs; x += UNROLL * step)
        {
          uint32_t a[UNROLL], b[UNROLL];
#pragma unroll
          for (int k = 0; k < UNROLL; k++)
            if (x + k * step < pairs)
              {
                a[k] = row[x + k * step];
                b[k] = row[width - 1 - (x + k * step)];
              }
#pragma unroll
          for (int k = 0; k < UNROLL; k++)
            if (x + k * step < pairs)
              {
                row[x + k * step] = b[k];
                row[width - 1 - (x + k * step)] = a[k];
              }
        }
    }
}

/* Swaps row y with row height − 1 − y; T is uint4 (quads) or uint32_t (pixels). */
template <typename T>
__global__ static void
flip_v_kernel (T *data, int units_per_row, int height)
{
  int step = gridDim.x * blockDim.x;
  for (int y = blockIdx.y; y < height / 2; y += gridDim.y)
    {
      T *a = data + (size_t) y * units_per_row;
      T *b = data + (size_t) (height - 1 - y) * units_per_row;
      for (int x = blockIdx.x * blockDim.x + threadIdx.x; x < units_per_row; x += UNROLL * step)
        {
          T ta[UNROLL], tb[UNROLL];
#pragma unroll
          for (int k = 0; k < UNROLL; k++)
            if (x + k * step < units_per_row)
              {
                ta[k] = a[x + k * step];
                tb[k] = b[x + k * step];
              }
#pragma unroll
          for (int k = 0; k < UNROLL; k++)
            if (x + k * step < units_per_row)
              {
                a[x + k * step] = tb[k];
                b[x + k * step] = ta[k];
              }
        }
    }
}

/* Both axes = reversing the whole pixel array. */
__global__ static void
flip_both_vec_kernel (uint4 *data, size_t quads)
{
  size_t pairs = (quads + 1) / 2;
  size_t step = (size_t) gridDim.x * blockDim.x;
  for (size_t k = (size_t) blockIdx.x * blockDim.x + threadIdx.x; k < pairs; k += step)
    {
      size_t m = quads - 1 - k;
      uint4 a = data[k];
      if (m == k)
        data[k] = reversed (a);
      else
        {
          uint4 b = data[m];
          data[k] = reversed (b);
          data[m] = reversed (a);
        }
    }
}

__global__ static void
flip_both_kernel (uint32_t *data, size_t n)
{
  size_t pairs = n / 2;
  size_t step = (size_t) gridDim.x * blockDim.x;
  for (size_t i = (size_t) blockIdx.x * blockDim.x + threadIdx.x; i < pairs; i += UNROLL * step)
    {
      uint32_t a[UNROLL], b[UNROLL];
#pragma unroll
      for (int k = 0; k < UNROLL; k++)
        if (i + k * step < pairs)
          {
            a[k] = data[i + k * step];
            b[k] = data[n - 1 - (i + k * step)];
          }
#pragma unroll
      for (int k = 0; k < UNROLL; k++)
        if (i + k * step < pairs)
          {
            data[i + k * step] = b[k];
            data[n - 1 - (i + k * step)] = a[k];
          }
    }
}

PfStatus
pf_cuda_flip (PfContext *ctx, const PfFlipParams *p)
{
  cudaStream_t stream = pf_cuda_stream (ctx);
  const unsigned threads = 256;
  int w = p->width, h = p->height;
  size_t n = (size_t) w * h;
  bool vec = w % 4 == 0;
  switch (p->flip)
    {
    case PF_FLIP_HORIZONTAL:
      if (vec)
        flip_h_vec_kernel<<<row_grid (ctx, (size_t) (w / 4 + 1) / 2, h, threads), threads, 0,
                            stream>>> ((uint4 *) p->data, w / 4, h);
      else
        flip_h_kernel<<<row_grid (ctx, (size_t) w / 2 / UNROLL + 1, h, threads), threads, 0,
                        stream>>> ((uint32_t *) p->data, w, h);
      break;
    case PF_FLIP_VERTICAL:
      if (h < 2)
        return PF_OK;
      if (vec)
        flip_v_kernel<<<row_grid (ctx, (size_t) w / 4 / UNROLL + 1, h / 2, threads), threads, 0,
                        stream>>> ((uint4 *) p->data, w / 4, h);
      else
        flip_v_kernel<<<row_grid (ctx, (size_t) w / UNROLL + 1, h / 2, threads), threads, 0,
                        stream>>> ((uint32_t *) p->data, w, h);
      break;
    case PF_FLIP_BOTH:
    default:
      if (n % 4 == 0)
        flip_both_vec_kernel<<<pf_cuda_blocks (ctx, (n / 4 + 1) / 2, threads), threads, 0,
                               stream>>> ((uint4 *) p->data, n / 4);
      else
        flip_both_kernel<<<pf_cuda_blocks (ctx, n / 2 / UNROLL + 1, threads), threads, 0,
                           stream>>> ((uint32_t *) p->data, n);
      break;
    }
  return pf_cuda_launched (ctx, "flip");
}

/* ---------------------------------------------------------------------------------------
 * Rotate
 */

/* 180°: dst pixel i = src pixel n − 1 − i. dst goes by aligned quads; src by aligned quads
 * too when n % 4 == 0, else (its quads then straddle) by four 32-bit loads. */
__global__ static void
rotate_180_kernel (const uint32_t *PF_RESTRICT src, uint32_t *PF_RESTRICT dst, size_t n)
{
  size_t quads = n / 4;
  size_t step = (size_t) gridDim.x * blockDim.x;
  size_t first = (size_t) blockIdx.x * blockDim.x + threadIdx.x;
  for (size_t q = first; q < quads; q += step)
    {
      const uint32_t *s = src + (n - 4 - q * 4);   /* the four source pixels, ascending */
      uint4 v;
      if (n % 4 == 0)
        v = reversed (__ldg ((const uint4 *) s));
      else
        v = make_uint4 (__ldg (s + 3), __ldg (s + 2), __ldg (s + 1), __ldg (s));
      ((uint4 *) dst)[q] = v;
    }
  size_t i = quads * 4 + first;
  if (i < n)
    dst[i] = __ldg (src + (n - 1 - i));
}

#define TILE 32
#define TILE_ROWS 8

/* Quarter turns through a shared-memory tile: a block reads a 32×32 tile of src along its
 * rows and writes it along dst's rows, so both sides are coalesced. The +1 column keeps
 * the transposed reads free of bank conflicts. */
template <int TURNS>
__global__ static void
rotate_quarter_kernel (const uint32_t *PF_RESTRICT src, uint32_t *PF_RESTRICT dst, int w, int h)
{
  __shared__ uint32_t tile[TILE][TILE + 1];
  int x0 = blockIdx.x * TILE, y0 = blockIdx.y * TILE;
  int tx = threadIdx.x, ty = threadIdx.y;
  for (int j = ty; j < TILE; j += TILE_ROWS)
    {
      int x = x0 + tx, y = y0 + j;
      if (x < w && y < h)
        tile[j][tx] = __ldg (src + (size_t) y * w + x);
    }
  __syncthreads ();
  /* dst is h wide. Clockwise, src (x, y) lands at (h − 1 − y, x); three turns, at
   * (y, w − 1 − x). Thread tx walks along a dst row, ty + j picks the row. */
  for (int j = ty; j < TILE; j += TILE_ROWS)
    {
      int yl = TURNS == 1 ? TILE - 1 - tx : tx;   /* src row within the tile */
      int x = x0 + j, y = y0 + yl;
      if (x >= w || y >= h)
        continue;
      size_t X = TURNS == 1 ? (size_t) (h - 1 - y) : (size_t) y;
      size_t Y = TURNS == 1 ? (size_t) x : (size_t) (w - 1 - x);
      dst[Y * h + X] = tile[yl][j];
    }
}

__global__ static void
rotate_any_kernel (PfRotateParams p)
{
  int X = blockIdx.x * blockDim.x + threadIdx.x;
  int Y = blockIdx.y * blockDim.y + threadIdx.y;
  if (X >= p.dst_width || Y >= p.dst_height)
    return;
  PfPixel o = pf_rotate_pixel (&p, X, Y);
  ((uint32_t *) p.dst)[(size_t) Y * p.dst_width + X]
      = (uint32_t) o.r | (uint32_t) o.g << 8 | (uint32_t) o.b << 16 | (uint32_t) o.a << 24;
}

PfStatus
pf_cuda_rotate (PfContext *ctx, const PfRotateParams *p)
{
  cudaStream_t stream = pf_cuda_stream (ctx);
  int w = p->src_width, h = p->src_height;
  size_t n = (size_t) w * h;
  const uint32_t *src = (const uint32_t *) p->src;
  uint32_t *dst = (uint32_t *) p->dst;
  switch (p->quarter_turns)
    {
    case 0:
      return pf_cuda_check (ctx, cudaMemcpyAsync (dst, src, n * 4, cudaMemcpyDeviceToDevice,
                                                  stream),
                            "rotate");
    case 2:
      rotate_180_kernel<<<pf_cuda_blocks (ctx, n / 4 + 1, 256), 256, 0, stream>>> (src, dst, n);
      break;
    case 1:
    case 3:
      {
        dim3 block (TILE, TILE_ROWS), grid ((unsigned) (w + TILE - 1) / TILE,
                                            (unsigned) (h + TILE - 1) / TILE);
        if (p->quarter_turns == 1)
          rotate_quarter_kernel<1><<<grid, block, 0, stream>>> (src, dst, w, h);
        else
          rotate_quarter_kernel<3><<<grid, block, 0, stream>>> (src, dst, w, h);
        break;
      }
    default:
      {
        dim3 block (32, 8);
        rotate_any_kernel<<<pf_cuda_grid_2d (p->dst_width, p->dst_height, block), block, 0,
                            stream>>> (*p);
        break;
      }
    }
  return pf_cuda_launched (ctx, "rotate");
}
