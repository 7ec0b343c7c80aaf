/* pf-fill.cu — fill and gradients on the GPU */
#include "pf-cuda-private.h"
#include "pf-fill-math.h"

/* 16-byte stores, four per thread in flight: enough bytes per thread that a page-sized
 * fill runs at memory speed rather than at launch and scheduling speed. */
#define FILL_UNROLL 4

__global__ static void
fill_kernel (uint4 *PF_RESTRICT data, size_t n4, PfPixel *PF_RESTRICT tail, size_t n_tail,
             PfPixel color)
{
  uint32_t c;
  memcpy (&c, &color, 4);
  uint4 v = make_uint4 (c, c, c, c);
  size_t stride = (size_t) gridDim.x * blockDim.x;
  size_t i = (size_t) blockIdx.x * blockDim.x + threadIdx.x;
  for (; i + (FILL_UNROLL - 1) * stride < n4; i += FILL_UNROLL * stride)
    {
#pragma unroll
      for (int k = 0; k < FILL_UNROLL; k++)
        data[i + k * stride] = v;
    }
  for (; i < n4; i += stride)
    data[i] = v;
  size_t t = (size_t) blockIdx.x * blockDim.x + threadIdx.x;
  if (t < n_tail)
    tail[t] = color;
}

PfStatus
pf_cuda_fill (PfContext *ctx, const PfFillParams *p)
{
  size_t n = (size_t) p->width * p->height;
  size_t n4 = n / 4;
  fill_kernel<<<pf_cuda_blocks (ctx, (n4 + FILL_UNROLL - 1) / FILL_UNROLL, 256), 256, 0,
                pf_cuda_stream (ctx)>>> ((uint4 *) p->data, n4, (PfPixel *) p->data + n4 * 4,
                                         n - n4 * 4, p->color);
  return pf_cuda_launched (ctx, "fill");
}

/* Four pixels a thread, stored as one 16-byte word when the rows allow it. */
__global__ static void
gradient_kernel (PfGradientParams p, bool vector)
{
  int x = (blockIdx.x * blockDim.x + threadIdx.x) * 4;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= p.width || y >= p.height)
    return;
  PfPixel *row = (PfPixel *) PF_ROW (p.data, p.width, y);
  if (vector && x + 3 < p.width)
    {
      PfPixel q[4];
#pragma unroll
      for (int k = 0; k < 4; k++)
        q[k] = pf_gradient_pixel (&p, x + k, y);
      uint4 v;
      memcpy (&v, q, 16);
      *(uint4 *) (row + x) = v;
      return;
    }
  for (int k = 0; k < 4 && x + k < p.width; k++)
    row[x + k] = pf_gradient_pixel (&p, x + k, y);
}

PfStatus
pf_cuda_gradient (PfContext *ctx, const PfGradientParams *p)
{
  dim3 block (32, 8);
  /* Rows start 16-byte aligned when the width is a multiple of 4 (allocations are). */
  bool vector = p->width % 4 == 0;
  gradient_kernel<<<pf_cuda_grid_2d ((p->width + 3) / 4, p->height, block), block, 0,
                    pf_cuda_stream (ctx)>>> (*p, vector);
  return pf_cuda_launched (ctx, "gradient");
}
