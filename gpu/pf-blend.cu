/* pf-blend.cu — compositing on the GPU */
#include "pf-cuda-private.h"
#include "pf-blend-math.h"

template <int MODE, bool SCALE>
static __device__ __forceinline__ uint32_t
blend_one (uint32_t s, uint32_t d, uint32_t opacity)
{
  PfPixel sp = pf_pixel_unpack (s);
  if (SCALE)
    sp = pf_pixel_opacity (sp, opacity);
  return pf_pixel_pack (pf_blend_pixel ((PfBlendMode) MODE, sp, pf_pixel_unpack (d)));
}

/* One row of the overlap per blockIdx.y step. Threads walk the row in 16-byte quads
 * aligned in dst (images start 256-byte aligned), so the backdrop moves by uint4; the
 * source comes by uint4 too when its row happens to be aligned the same way, else by four
 * 32-bit loads. A quad cut by the overlap's edge (or shared with the next row when the width
 * is not a multiple of 4) is done pixel by pixel, so each pixel has exactly one writer. */
template <int MODE, bool SCALE>
__global__ static void
blend_kernel (PfBlendParams p)
{
  uint4 *dst4 = (uint4 *) p.dst;
  uint32_t *dst1 = (uint32_t *) p.dst;
  const uint32_t *src1 = (const uint32_t *) p.src;
  size_t step = (size_t) gridDim.x * blockDim.x;
  for (int r = blockIdx.y; r < p.height; r += gridDim.y)
    {
      size_t begin = (size_t) (p.dst_y + r) * p.dst_width + p.dst_x;
      size_t end = begin + p.width;
      /* Source index of dst pixel i is i + shift (mod 2^64, then back in range). */
      size_t shift = (size_t) (p.src_y + r) * p.src_width + p.src_x - begin;
      bool src_aligned = (shift & 3) == 0;
      size_t q_last = (end - 1) / 4;
      for (size_t q = begin / 4 + blockIdx.x * blockDim.x + threadIdx.x; q <= q_last;
           q += step)
        {
          size_t i = q * 4;
          if (i >= begin && i + 4 <= end)
            {
              uint4 d = dst4[q];
              uint4 s;
              if (src_aligned)
                s = __ldg ((const uint4 *) src1 + (i + shift) / 4);
              else
                {
                  const uint32_t *sp = src1 + (i + shift);
                  s = make_uint4 (__ldg (sp), __ldg (sp + 1), __ldg (sp + 2), __ldg (sp + 3));
                }
              d.x = blend_one<MODE, SCALE> (s.x, d.x, p.opacity);
              d.y = blend_one<MODE, SCALE> (s.y, d.y, p.opacity);
              d.z = blend_one<MODE, SCALE> (s.z, d.z, p.opacity);
              d.w = blend_one<MODE, SCALE> (s.w, d.w, p.opacity);
              dst4[q] = d;
            }
          else
            {
              size_t lo = i > begin ? i : begin, hi = i + 4 < end ? i + 4 : end;
              for (size_t j = lo; j < hi; j++)
                dst1[j] = blend_one<MODE, SCALE> (__ldg (src1 + j + shift), dst1[j], p.opacity);
            }
        }
    }
}

template <int MODE>
static void
launch_mode (dim3 grid, dim3 block, cudaStream_t stream, const PfBlendParams *p)
{
  if (p->opacity == PF_OPACITY_ONE)
    blend_kernel<MODE, false><<<grid, block, 0, stream>>> (*p);
  else
    blend_kernel<MODE, true><<<grid, block, 0, stream>>> (*p);
}

PfStatus
pf_cuda_blend (PfContext *ctx, const PfBlendParams *p)
{
  /* 128 threads across a row (a 2480-pixel row is 620 quads: 5 blocks, little idle), rows
   * spread over gridDim.y up to what fills the device. */
  const unsigned threads = 128;
  size_t quads = (size_t) p->width / 4 + 2;
  unsigned bx = (unsigned) ((quads + threads - 1) / threads);
  unsigned cap = (unsigned) ctx->cuda->sm_count * 16;
  unsigned by = cap / bx > 0 ? cap / bx : 1;
  if (by > (unsigned) p->height)
    by = (unsigned) p->height;
  if (by > 65535)
    by = 65535;
  dim3 grid (bx, by), block (threads);
  cudaStream_t stream = pf_cuda_stream (ctx);
  switch (p->mode)
    {
    case PF_BLEND_MULTIPLY:
      launch_mode<PF_BLEND_MULTIPLY> (grid, block, stream, p);
      break;
    case PF_BLEND_SCREEN:
      launch_mode<PF_BLEND_SCREEN> (grid, block, stream, p);
      break;
    case PF_BLEND_OVERLAY:
      launch_mode<PF_BLEND_OVERLAY> (grid, block, stream, p);
      break;
    case PF_BLEND_NORMAL:
    default:
      launch_mode<PF_BLEND_NORMAL> (grid, block, stream, p);
      break;
    }
  return pf_cuda_launched (ctx, "blend");
}
