/* pf-fill.cu — fill and gradients on the GPU */
#include "pf-cuda-private.h"
#include "pf-fill-math.h"

/* 16-byte stores: four pixels a store, grid-stride. */
__global__ static void
fill_kernel (uint4 *PF_RESTRICT data, size_t n4, PfPixel *PF_RESTRICT tail, size_t n_tail,
             PfPixel color)
{
  uint32_t c;
  memcpy (&c, &color, 4);
  uint4 v = make_uint4 (c, c, c, c);
  size_t stride = (size_t) gridDim.x * blockDim.x;
  for (size_t i = (size_t) blockIdx.x * blockDim.x + threadIdx.x; i < n4; i += stride)
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
  fill_kernel<<<pf_cuda_blocks (ctx, n4, 256), 256, 0, pf_cuda_stream (ctx)>>> (
      (uint4 *) p->data, n4, (PfPixel *) p->data + n4 * 4, n - n4 * 4, p->color);
  return pf_cuda_launched (ctx, "fill");
}

__global__ static void
gradient_kernel (PfGradientParams p)
{
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= p.width || y >= p.height)
    return;
  ((PfPixel *) PF_ROW (p.data, p.width, y))[x] = pf_gradient_pixel (&p, x, y);
}

PfStatus
pf_cuda_gradient (PfContext *ctx, const PfGradientParams *p)
{
  dim3 block (32, 8);
  gradient_kernel<<<pf_cuda_grid_2d (p->width, p->height, block), block, 0,
                    pf_cuda_stream (ctx)>>> (*p);
  return pf_cuda_launched (ctx, "gradient");
}
