/* pf-color.cu — opacity, grayscale and adjustments on the GPU */
#include "pf-cuda-private.h"
#include "pf-color-math.h"

struct OpacityOp
{
  uint32_t factor;
  __device__ PfPixel operator() (PfPixel p) const { return pf_pixel_opacity (p, factor); }
};

struct GrayscaleOp
{
  __device__ PfPixel operator() (PfPixel p) const { return pf_pixel_grayscale (p); }
};

struct AdjustOp
{
  PfAdjustParams params;
  __device__ PfPixel operator() (PfPixel p) const { return pf_pixel_adjust (&params, p); }
};

/* Every pixel in place: four pixels a thread through one 16-byte load and store,
 * grid-stride; the last n % 4 pixels go one a thread. Images start 256-byte aligned. */
template <typename Op>
__global__ static void
map_kernel (uint4 *PF_RESTRICT data, size_t n4, uint32_t *PF_RESTRICT tail, size_t n_tail,
            Op op)
{
  size_t stride = (size_t) gridDim.x * blockDim.x;
  size_t first = (size_t) blockIdx.x * blockDim.x + threadIdx.x;
  for (size_t i = first; i < n4; i += stride)
    {
      uint4 v = data[i];
      v.x = pf_pixel_pack (op (pf_pixel_unpack (v.x)));
      v.y = pf_pixel_pack (op (pf_pixel_unpack (v.y)));
      v.z = pf_pixel_pack (op (pf_pixel_unpack (v.z)));
      v.w = pf_pixel_pack (op (pf_pixel_unpack (v.w)));
      data[i] = v;
    }
  if (first < n_tail)
    tail[first] = pf_pixel_pack (op (pf_pixel_unpack (tail[first])));
}

template <typename Op>
static PfStatus
launch_map (PfContext *ctx, uint8_t *data, int width, int height, Op op, const char *what)
{
  size_t n = (size_t) width * (size_t) height;
  size_t n4 = n / 4;
  map_kernel<<<pf_cuda_blocks (ctx, n4, 256), 256, 0, pf_cuda_stream (ctx)>>> (
      (uint4 *) data, n4, (uint32_t *) data + n4 * 4, n - n4 * 4, op);
  return pf_cuda_launched (ctx, what);
}

PfStatus
pf_cuda_opacity (PfContext *ctx, const PfOpacityParams *p)
{
  return launch_map (ctx, p->data, p->width, p->height, OpacityOp { p->factor }, "opacity");
}

PfStatus
pf_cuda_grayscale (PfContext *ctx, const PfGrayscaleParams *p)
{
  return launch_map (ctx, p->data, p->width, p->height, GrayscaleOp {}, "grayscale");
}

PfStatus
pf_cuda_adjust (PfContext *ctx, const PfAdjustParams *p)
{
  return launch_map (ctx, p->data, p->width, p->height, AdjustOp { *p }, "adjust");
}
