/* pf-shape.cu — rounded corners, strokes and drop shadows on the GPU */
#include "pf-cuda-private.h"
#include "pf-shape-math.h"

/* Only the four corner boxes are touched; the rest keeps full coverage. */
__global__ static void
corners_kernel (PfCornersParams p)
{
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int j = blockIdx.y * blockDim.y + threadIdx.y;
  if (i < 2 * p.kx && j < 2 * p.ky)
    pf_corners_pixel (&p, i, j);
}

PfStatus
pf_cuda_corners (PfContext *ctx, const PfCornersParams *p)
{
  dim3 block (32, 8);
  corners_kernel<<<pf_cuda_grid_2d (2 * p->kx, 2 * p->ky, block), block, 0,
                   pf_cuda_stream (ctx)>>> (*p);
  return pf_cuda_launched (ctx, "round corners");
}

__global__ static void
stroke_kernel (PfStrokeParams p)
{
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= p.dst_width || y >= p.dst_height)
    return;
  ((PfPixel *) PF_ROW (p.dst, p.dst_width, y))[x] = pf_stroke_pixel (&p, x, y);
}

PfStatus
pf_cuda_stroke (PfContext *ctx, const PfStrokeParams *p)
{
  dim3 block (32, 8);
  stroke_kernel<<<pf_cuda_grid_2d (p->dst_width, p->dst_height, block), block, 0,
                  pf_cuda_stream (ctx)>>> (*p);
  return pf_cuda_launched (ctx, "stroke");
}

__global__ static void
shadow_kernel (PfShadowParams p, const uint8_t *PF_RESTRICT mask)
{
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= p.dst_width || y >= p.dst_height)
    return;
  int sx = x - p.ox, sy = y - p.oy;
  PfPixel under = { 0, 0, 0, 0 };
  if (sx >= 0 && sy >= 0 && sx < p.src_width && sy < p.src_height)
    under = ((const PfPixel *) PF_ROW (p.src, p.src_width, sy))[sx];
  uint32_t m = mask[(size_t) (y + p.my) * (size_t) p.mask.width + (size_t) (x + p.mx)];
  ((PfPixel *) PF_ROW (p.dst, p.dst_width, y))[x] = pf_shadow_pixel (&p, under, m);
}

PfStatus
pf_cuda_shadow (PfContext *ctx, const PfShadowParams *p)
{
  uint8_t *mask = NULL;
  PfStatus status = pf_cuda_mask (ctx, &p->mask, &mask);
  if (status != PF_OK)
    return status;
  dim3 block (32, 8);
  shadow_kernel<<<pf_cuda_grid_2d (p->dst_width, p->dst_height, block), block, 0,
                  pf_cuda_stream (ctx)>>> (*p, mask);
  return pf_cuda_launched (ctx, "drop shadow");
}
