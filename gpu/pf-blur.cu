/* pf-blur.cu — Gaussian blur and shadow masks on the GPU
 *
 * One block filters one whole line (a row, or a row of a transposed copy) held in shared
 * memory, and the three passes of an axis never leave the block. Each thread slides a
 * window along its own chunk of the line; the window's first sum comes from the chunks'
 * totals (a block scan), so a pass costs the same whatever its radius. Each line is
 * written back transposed, so that the next axis reads its lines contiguously too; the
 * scattered writes merge in L2. Lines too long for shared memory live in device work
 * memory instead.
 */
#include "pf-cuda-private.h"
#include "pf-blur-math.h"

/* Threads a block: RGBA lines have four times the work of one-channel (mask) lines. */
#define LINE_THREADS(C) ((C) == 4 ? 512 : 256)
#define LINE_WARPS(C) (LINE_THREADS (C) / 32)

typedef struct
{
  int morph;           /* max/min filter radius, 0 = none (one-channel lines only) */
  bool morph_max;
  uint32_t outside;    /* what the filter sees past the ends */
  bool box;            /* the blur's three passes (those of radius 0 skipped) */
  PfBlurKernel blur;
} LineOps;

/* ---- a line's storage: arrays of n samples of C uint16 channels ---- */

template <int C> struct Lane;

template <> struct Lane<1>
{
  static __device__ __forceinline__ void
  get_v (const uint16_t *V, int i, uint32_t (&v)[1])
  {
    v[0] = V[i];
  }
  static __device__ __forceinline__ void
  put_v (uint16_t *V, int i, const uint32_t (&v)[1])
  {
    V[i] = (uint16_t) v[0];
  }
};

template <> struct Lane<4>
{
  static __device__ __forceinline__ void
  get_v (const uint16_t *V, int i, uint32_t (&v)[4])
  {
    uint2 w = ((const uint2 *) V)[i];
    v[0] = w.x & 0xffff;
    v[1] = w.x >> 16;
    v[2] = w.y & 0xffff;
    v[3] = w.y >> 16;
  }
  static __device__ __forceinline__ void
  put_v (uint16_t *V, int i, const uint32_t (&v)[4])
  {
    ((uint2 *) V)[i] = make_uint2 (v[0] | (v[1] << 16), v[2] | (v[3] << 16));
  }
};

/* Bytes of one array of a line, and of the arrays a line needs: two for the box passes
 * (in and out), three for the max/min filter of one-channel lines. */
static __host__ __device__ __forceinline__ size_t
array_bytes (int n, int channels)
{
  return ((size_t) n * channels * 2 + 15) & ~(size_t) 15;
}

static size_t
line_bytes (int n, int channels)
{
  return array_bytes (n, channels) * (channels == 1 ? 3 : 2);
}

/* ---- where lines come from and go to ---- */

/* Index × stride with one widening multiply (strides stay below 2^32: a line holds at
 * most 2^18 samples of 8 bytes). */
static __device__ __forceinline__ size_t
offset (int index, uint32_t stride)
{
  return (size_t) (uint32_t) index * stride;
}

/* Bytes, C channels a sample, scaled by 2^shift (8: into fixed point). */
template <int C> struct LoadU8
{
  const uint8_t *base;
  uint32_t line_stride, sample_stride;
  int shift;
  __device__ __forceinline__ void
  operator() (int line, int i, uint32_t (&v)[C]) const
  {
    const uint8_t *p = base + offset (line, line_stride) + offset (i, sample_stride);
    if constexpr (C == 4)
      {
        uchar4 b = *(const uchar4 *) p;
        v[0] = (uint32_t) b.x << shift;
        v[1] = (uint32_t) b.y << shift;
        v[2] = (uint32_t) b.z << shift;
        v[3] = (uint32_t) b.w << shift;
      }
    else
      v[0] = (uint32_t) *p << shift;
  }
};

/* 16-bit samples; strides in elements. */
template <int C> struct LoadU16
{
  const uint16_t *base;
  uint32_t line_stride, sample_stride;
  __device__ __forceinline__ void
  operator() (int line, int i, uint32_t (&v)[C]) const
  {
    const uint16_t *p = base + offset (line, line_stride) + offset (i, sample_stride);
    if constexpr (C == 4)
      {
        uint2 w = *(const uint2 *) p;
        v[0] = w.x & 0xffff;
        v[1] = w.x >> 16;
        v[2] = w.y & 0xffff;
        v[3] = w.y >> 16;
      }
    else
      v[0] = *p;
  }
};

/* The shadow's shape, built from src's alpha; lines are canvas rows. */
struct LoadMask
{
  PfMaskParams p;
  int shift;
  __device__ __forceinline__ void
  operator() (int line, int i, uint32_t (&v)[1]) const
  {
    v[0] = pf_mask_source (&p, i, line) << shift;
  }
};

/* Bytes: rounded from fixed point, or stored as they are (max/min filter output). */
template <int C> struct StoreU8
{
  uint8_t *base;
  uint32_t line_stride, sample_stride;
  bool fixed;
  __device__ __forceinline__ void
  operator() (int line, int i, const uint32_t (&v)[C]) const
  {
    uint8_t *p = base + offset (line, line_stride) + offset (i, sample_stride);
    uint32_t o[C];
    for (int c = 0; c < C; c++)
      o[c] = fixed ? pf_fixed_to_u8 (v[c]) : v[c];
    if constexpr (C == 4)
      *(uchar4 *) p = make_uchar4 (o[0], o[1], o[2], o[3]);
    else
      *p = (uint8_t) o[0];
  }
};

template <int C> struct StoreU16
{
  uint16_t *base;
  uint32_t line_stride, sample_stride;
  __device__ __forceinline__ void
  operator() (int line, int i, const uint32_t (&v)[C]) const
  {
    uint16_t *p = base + offset (line, line_stride) + offset (i, sample_stride);
    if constexpr (C == 4)
      *(uint2 *) p = make_uint2 (v[0] | (v[1] << 16), v[2] | (v[3] << 16));
    else
      *p = (uint16_t) v[0];
  }
};

/* ---- the filters on one line ---- */

/* Exclusive prefix of @s over the block's threads, per channel. */
template <int C>
__device__ static void
block_scan (const uint32_t (&s)[C], uint32_t (&excl)[C], uint32_t (*sums)[C])
{
  int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  uint32_t inc[C];
  for (int c = 0; c < C; c++)
    {
      inc[c] = s[c];
      for (int d = 1; d < 32; d <<= 1)
        {
          uint32_t y = __shfl_up_sync (0xffffffffu, inc[c], d);
          if (lane >= d)
            inc[c] += y;
        }
    }
  if (lane == 31)
    for (int c = 0; c < C; c++)
      sums[warp][c] = inc[c];
  __syncthreads ();
  if (warp == 0)
    for (int c = 0; c < C; c++)
      {
        uint32_t w = lane < LINE_WARPS (C) ? sums[lane][c] : 0, x = w;
        for (int d = 1; d < LINE_WARPS (C); d <<= 1)
          {
            uint32_t y = __shfl_up_sync (0xffffffffu, x, d);
            if (lane >= d)
              x += y;
          }
        if (lane < LINE_WARPS (C))
          sums[lane][c] = x - w;
      }
  __syncthreads ();
  for (int c = 0; c < C; c++)
    excl[c] = sums[warp][c] + inc[c] - s[c];
}

/* One box pass from V into W. Thread t slides the window over its chunk [t·size,
 * (t + 1)·size); the sum at the chunk's start comes from prefix sums, which are the
 * chunks' scanned totals plus a partial run inside one chunk. */
template <int C>
__device__ static void
box_line (const uint16_t *V, uint16_t *W, int n, int size, PfBoxPass box,
          uint32_t (*sums)[C], uint32_t (*chunk_prefix)[C])
{
  int i0 = min ((int) threadIdx.x * size, n), i1 = min (i0 + size, n);
  uint32_t total[C], v[C];
  for (int c = 0; c < C; c++)
    total[c] = 0;
  for (int i = i0; i < i1; i++)
    {
      Lane<C>::get_v (V, i, v);
      for (int c = 0; c < C; c++)
        total[c] += v[c];
    }
  uint32_t before[C];
  block_scan<C> (total, before, sums);
  for (int c = 0; c < C; c++)
    chunk_prefix[threadIdx.x][c] = before[c];
  if (threadIdx.x == LINE_THREADS (C) - 1)
    for (int c = 0; c < C; c++)
      chunk_prefix[LINE_THREADS (C)][c] = before[c] + total[c];
  __syncthreads ();

  if (i0 < i1)
    {
      const int r = box.radius;
      /* Σ V[0, j) for j = lo and j = hi + 1: the window at i0, clamped to the line. */
      int lo = max (i0 - r, 0), hi = min (i0 + r, n - 1);
      uint32_t sum[C], first[C], last[C];
      int ends[2] = { hi + 1, lo };
      for (int c = 0; c < C; c++)
        sum[c] = 0;
#pragma unroll
      for (int e = 0; e < 2; e++)
        {
          int j = ends[e], k = j / size;
          uint32_t part[C];
          for (int c = 0; c < C; c++)
            part[c] = chunk_prefix[k][c];
          for (int i = k * size; i < j; i++)
            {
              Lane<C>::get_v (V, i, v);
              for (int c = 0; c < C; c++)
                part[c] += v[c];
            }
          for (int c = 0; c < C; c++)
            sum[c] += e == 0 ? part[c] : -part[c];
        }
      /* Past the ends, the edge samples repeat. */
      Lane<C>::get_v (V, 0, first);
      Lane<C>::get_v (V, n - 1, last);
      for (int c = 0; c < C; c++)
        sum[c] += (uint32_t) (lo - (i0 - r)) * first[c] + (uint32_t) (i0 + r - hi) * last[c];

      for (int x = i0; x < i1; x++)
        {
          uint32_t add[C], sub[C], out[C];
          for (int c = 0; c < C; c++)
            out[c] = pf_box_div (sum[c] + (uint32_t) r, box);
          Lane<C>::put_v (W, x, out);
          Lane<C>::get_v (V, min (x + r + 1, n - 1), add);
          Lane<C>::get_v (V, max (x - r, 0), sub);
          for (int c = 0; c < C; c++)
            sum[c] += add[c] - sub[c];
        }
    }
  __syncthreads ();
}

static __device__ __forceinline__ uint32_t
morph_op (uint32_t a, uint32_t b, bool is_max)
{
  return is_max ? max (a, b) : min (a, b);
}

/* Max/min over [x − k, x + k], van Herk / Gil–Werman: prefix (G) and suffix (H) runs
 * inside blocks of 2k + 1, so any window is one suffix and one prefix. In place in V; the
 * same definition as the CPU's morph_pass(). */
__device__ static void
morph_line (uint16_t *V, uint16_t *G, uint16_t *H, int n, int k, bool is_max, uint32_t outside)
{
  int wb = 2 * k + 1;
  int blocks = (n + wb - 1) / wb;
  for (int blk = threadIdx.x; blk < blocks; blk += LINE_THREADS (1))
    {
      int s = blk * wb, e = min (s + wb, n) - 1;
      uint32_t g = V[s], h = V[e];
      G[s] = (uint16_t) g;
      for (int i = s + 1; i <= e; i++)
        {
          g = morph_op (g, V[i], is_max);
          G[i] = (uint16_t) g;
        }
      H[e] = (uint16_t) h;
      for (int i = e - 1; i >= s; i--)
        {
          h = morph_op (h, V[i], is_max);
          H[i] = (uint16_t) h;
        }
    }
  __syncthreads ();
  for (int x = threadIdx.x; x < n; x += LINE_THREADS (1))
    {
      int a = x - k, b = x + k;
      bool partial = a < 0 || b >= n;
      a = max (a, 0);
      b = min (b, n - 1);
      uint32_t h = H[a], g = G[b], val;
      if (a / wb == b / wb)
        val = a % wb == 0 ? g : h;   /* one block: the window starts or ends it */
      else
        val = morph_op (h, g, is_max);
      V[x] = (uint16_t) (partial ? morph_op (val, outside, is_max) : val);
    }
  __syncthreads ();
}

template <int C, bool kGlobal, class Load, class Store>
__global__ static void __launch_bounds__ (LINE_THREADS (C))
line_kernel (Load load, Store store, LineOps ops, int n_lines, int n, uint8_t *lines,
             size_t bytes_per_line)
{
  extern __shared__ uint4 line_smem[];
  __shared__ uint32_t sums[LINE_WARPS (C)][C];
  __shared__ uint32_t chunk_prefix[LINE_THREADS (C) + 1][C];
  uint8_t *base = kGlobal ? lines + (size_t) blockIdx.x * bytes_per_line : (uint8_t *) line_smem;
  uint16_t *A = (uint16_t *) base;
  uint16_t *B = (uint16_t *) (base + array_bytes (n, C));
  /* Odd chunks keep the threads' sliding windows in different banks. */
  const int size = max ((n + LINE_THREADS (C) - 1) / LINE_THREADS (C), 1) | 1;

  for (int line = blockIdx.x; line < n_lines; line += gridDim.x)
    {
      for (int i = threadIdx.x; i < n; i += LINE_THREADS (C))
        {
          uint32_t v[C];
          load (line, i, v);
          Lane<C>::put_v (A, i, v);
        }
      __syncthreads ();
      if constexpr (C == 1)
        if (ops.morph > 0)
          morph_line (A, B, B + array_bytes (n, 1) / 2, n, ops.morph, ops.morph_max,
                      ops.outside);
      uint16_t *in = A, *out = B;
      if (ops.box)
#pragma unroll
        for (int k = 0; k < 3; k++)
          if (ops.blur.pass[k].radius > 0)
            {
              box_line<C> (in, out, n, size, ops.blur.pass[k], sums, chunk_prefix);
              uint16_t *t = in;
              in = out;
              out = t;
            }
      for (int i = threadIdx.x; i < n; i += LINE_THREADS (C))
        {
          uint32_t v[C];
          Lane<C>::get_v (in, i, v);
          store (line, i, v);
        }
      __syncthreads ();
    }
}

/* ---- launching ---- */

/* Room for the line kernel's static shared memory (the chunks' prefix sums, mostly). */
static size_t
static_shared_reserve (void)
{
  return (LINE_THREADS (4) + 1) * 16 + 1024;
}

static size_t
shared_limit (PfContext *ctx)
{
  size_t optin = (size_t) ctx->cuda->smem_optin;
  size_t reserve = static_shared_reserve ();
  return optin > reserve ? optin - reserve : 0;
}

/* Blocks of a launch whose lines live in work memory: enough to fill the device. */
static unsigned
global_grid (PfContext *ctx, int n_lines)
{
  unsigned cap = (unsigned) ctx->cuda->sm_count * 2;
  return (unsigned) n_lines < cap ? (unsigned) n_lines : cap;
}

/* Work memory a set of line launches needs for lines that miss shared memory. */
static size_t
fallback_bytes (PfContext *ctx, size_t limit, int n_lines, int n, int channels)
{
  size_t bytes = line_bytes (n, channels);
  return bytes <= limit ? 0 : global_grid (ctx, n_lines) * bytes;
}

template <int C, class Load, class Store>
static PfStatus
run_lines (PfContext *ctx, size_t limit, const Load &load, const Store &store,
           const LineOps &ops, int n_lines, int n, uint8_t *work_lines, const char *what)
{
  size_t bytes = line_bytes (n, C);
  cudaStream_t stream = pf_cuda_stream (ctx);
  if (bytes <= limit)
    {
      auto kernel = line_kernel<C, false, Load, Store>;
      /* The 48 KiB default covers static and dynamic shared memory together (a
       * 3000-sample RGBA line is 48000 bytes alone). */
      static PfSharedGrant grant;
      PfStatus status = pf_cuda_allow_shared (ctx, (const void *) kernel,
                                              static_shared_reserve (), bytes, &grant, what);
      if (status != PF_OK)
        return status;
      kernel<<<(unsigned) n_lines, LINE_THREADS (C), bytes, stream>>> (load, store, ops, n_lines, n,
                                                                   NULL, 0);
    }
  else
    line_kernel<C, true, Load, Store><<<global_grid (ctx, n_lines), LINE_THREADS (C), 0, stream>>> (
        load, store, ops, n_lines, n, work_lines, bytes);
  return pf_cuda_launched (ctx, what);
}

static size_t
align256 (size_t bytes)
{
  return (bytes + 255) & ~(size_t) 255;
}

PfStatus
pf_cuda_blur (PfContext *ctx, const PfBlurParams *p)
{
  int w = p->width, h = p->height;
  size_t limit = shared_limit (ctx);
  size_t fallback = fallback_bytes (ctx, limit, h, w, 4);
  size_t cols = fallback_bytes (ctx, limit, w, h, 4);
  fallback = fallback > cols ? fallback : cols;
  size_t tmp_bytes = p->tmp == NULL ? align256 ((size_t) w * h * 8) : 0;

  uint8_t *work = NULL;
  if (tmp_bytes + fallback > 0)
    {
      PfStatus status = pf_cuda_work (ctx, tmp_bytes + fallback, (void **) &work);
      if (status != PF_OK)
        return status;
    }
  uint16_t *tmp = p->tmp != NULL ? p->tmp : (uint16_t *) work;
  uint8_t *lines = work != NULL ? work + tmp_bytes : NULL;

  LineOps ops = {};
  ops.box = true;
  ops.blur = p->kernel;
  /* Rows into the transposed intermediate: sample (x, y) at (x·h + y)·4. */
  PfStatus status = run_lines<4> (ctx, limit, LoadU8<4> { p->data, (uint32_t) w * 4, 4, 8 },
                                  StoreU16<4> { tmp, 4, (uint32_t) h * 4 }, ops, h, w, lines,
                                  "blur (rows)");
  if (status != PF_OK)
    return status;
  return run_lines<4> (ctx, limit, LoadU16<4> { tmp, (uint32_t) h * 4, 4 },
                       StoreU8<4> { p->data, 4, (uint32_t) w * 4, true }, ops, w, h, lines,
                       "blur (columns)");
}

PfStatus
pf_cuda_mask (PfContext *ctx, const PfMaskParams *p, uint8_t **mask_out)
{
  int w = p->width, h = p->height;
  bool morph = p->spread != 0, blur = p->blur.reach > 0;
  size_t plane = align256 ((size_t) w * h);
  size_t limit = shared_limit (ctx);
  size_t fallback = fallback_bytes (ctx, limit, h, w, 1);
  size_t cols = fallback_bytes (ctx, limit, w, h, 1);
  fallback = fallback > cols ? fallback : cols;
  size_t t8_bytes = morph ? plane : 0, t16_bytes = blur ? align256 ((size_t) w * h * 2) : 0;

  uint8_t *work = NULL;
  PfStatus status = pf_cuda_work (ctx, plane + t8_bytes + t16_bytes + fallback, (void **) &work);
  if (status != PF_OK)
    return status;
  uint8_t *mask = work, *t8 = work + plane;
  uint16_t *t16 = (uint16_t *) (t8 + t8_bytes);
  uint8_t *lines = (uint8_t *) t16 + t16_bytes;
  *mask_out = mask;

  LineOps none = {}, filter = {}, box = {};
  filter.morph = p->spread > 0 ? p->spread : -p->spread;
  filter.morph_max = p->spread > 0;
  filter.outside = p->invert ? 255 : 0;
  box.box = true;
  box.blur = p->blur;

  if (morph)
    {
      /* Rows, built from src's alpha, into t8 transposed; then columns back into mask. */
      status = run_lines<1> (ctx, limit, LoadMask { *p, 0 },
                             StoreU8<1> { t8, 1, (uint32_t) h, false }, filter, h, w, lines,
                             "shadow spread (rows)");
      if (status == PF_OK)
        status = run_lines<1> (ctx, limit, LoadU8<1> { t8, (uint32_t) h, 1, 0 },
                               StoreU8<1> { mask, 1, (uint32_t) w, false }, filter, w, h, lines,
                               "shadow spread (columns)");
    }
  if (status != PF_OK)
    return status;

  if (!blur)
    {
      if (morph)
        return PF_OK;
      return run_lines<1> (ctx, limit, LoadMask { *p, 0 },
                           StoreU8<1> { mask, (uint32_t) w, 1, false }, none, h, w, lines,
                           "shadow shape");
    }

  StoreU16<1> to_t16 = { t16, 1, (uint32_t) h };
  if (morph)
    status = run_lines<1> (ctx, limit, LoadU8<1> { mask, (uint32_t) w, 1, 8 }, to_t16, box, h, w,
                           lines, "shadow blur (rows)");
  else
    status = run_lines<1> (ctx, limit, LoadMask { *p, 8 }, to_t16, box, h, w, lines,
                           "shadow blur (rows)");
  if (status != PF_OK)
    return status;
  return run_lines<1> (ctx, limit, LoadU16<1> { t16, (uint32_t) h, 1 },
                       StoreU8<1> { mask, 1, (uint32_t) w, true }, box, w, h, lines,
                       "shadow blur (columns)");
}
