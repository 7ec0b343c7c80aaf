/* pf-resize.cu — resampling on the GPU
 *
 * At most two launches, and no host work that grows with the image:
 * 1. tables_kernel: the tap tables of both axes, a warp per output, with the integer
 *    maths the CPU runs (pf-resize-math.h), into device memory kept for the last 16
 *    pairs of axes (a page re-render asks for the same ones: no launch then).
 * 2. One of four passes, chosen by plan on the host:
 *    - short_kernel (windows of up to 16 taps whose tile reaches at most 64 source rows):
 *      a lane per output column, weights in registers, loads straight from the source;
 *    - fused_mma_kernel (sm_80 on, wide filters shrinking by about 3 to 6): a block makes
 *      a tile of 32 output columns by up to 256 rows, streaming the source rows it needs
 *      through shared memory 32 at a time (copied asynchronously while the last ones are
 *      finished), the horizontal pass on the tensor cores into a ring of intermediate
 *      rows, and each output row's vertical pass as soon as its window is in the ring;
 *    - fused_kernel (everywhere else they fit): a tile of 32 columns by up to 64 rows,
 *      its source rows staged 32 at a time, the horizontal pass with dp2a into a shared
 *      intermediate, then the vertical pass. The intermediate never touches device
 *      memory.
 *    - h_kernel and v_kernel, when a tile's source span would not fit shared memory
 *      (shrinking by more than about 14): the same passes through device memory.
 * Nearest is a plain gather. Every path computes exactly the integers of the CPU.
 */
#include "pf-cuda-private.h"
#include "pf-resize-math.h"

#define TILE_W 32        /* output columns per fused block: one per lane in the vertical pass */
#define CHUNK 32         /* source rows staged at a time: one per lane in the horizontal pass */
#define THREADS 256
#define WARPS (THREADS / 32)
#define INTER_STRIDE (TILE_W + 1)   /* uint4 a row pair: rows of lanes hit different banks */
#define FUSED_MAX_K 8    /* pixel pairs a lane stages per row: up to 512 source columns */
/* Measured on an H100, the tensor-core path pays off for filters of 16 taps and more whose
 * 8-column tiles reach at most six groups of 16 source columns (bicubic and Lanczos
 * shrinking by about 3 to 6); elsewhere the dp2a path is faster. */
#define MMA_MIN_TAPS 16
#define MMA_MAX_G 6      /* groups of 16 source columns an 8-column tile reaches */
#define MMA_MAX_QK 4     /* quads a lane stages per row: up to 512 source columns */
#define MMA_MIN_BLOCKS 3 /* tensor-core blocks an SM: registers capped at 80 */

/* Intermediate of the two-pass path, per strip and band. */
#define INTER_BUDGET ((size_t) 64 << 20)

/* ---------------------------------------------------------------------------------------
 * Tables
 */

typedef struct
{
  int32_t *start;
  int32_t *count;
  int16_t *weights;   /* n_out × taps; taps is even, so rows are whole pairs */
} DeviceTable;

/* floor (2^60 / sum), exactly as the integer division of the CPU, from a double estimate. */
static __device__ __forceinline__ int64_t
rcp60 (int64_t sum)
{
  const int64_t one = (int64_t) 1 << 60;
  int64_t q = (int64_t) (1152921504606846976.0 / (double) sum);
  while (q * sum > one)
    q--;
  while ((q + 1) * sum <= one)
    q++;
  return q;
}

static __device__ __forceinline__ int
warp_sum (int v)
{
  for (int o = 16; o > 0; o >>= 1)
    v += __shfl_xor_sync (0xffffffffu, v, o);
  return v;
}

/* pf_resize_axis_taps() spread over a warp: lanes share out the taps. Every sum is an
 * exact integer sum and the largest weight is the first maximum, as in the sequential
 * version, so the tables are identical; only the order of additions differs. */
static __device__ void
warp_axis_taps (const PfResizeAxis &a, int i, int16_t *w, int32_t *start_out,
                int32_t *count_out)
{
  int lane = threadIdx.x & 31;
  int64_t lo, hi;
  int first, last;
  pf_resize_axis_window (&a, i, &lo, &hi, &first, &last);
  int start = first & ~1;
  /* Zero what no bin covers; the bins are written once each below. */
  for (int k = lane; k < a.taps; k += 32)
    if (k < first - start || k > last - start)
      w[k] = 0;
  if (lane == 0)
    {
      *start_out = start;
      *count_out = last - start + 1;
    }
  if (a.method == PF_RESIZE_NEAREST)
    {
      if (lane == 0)
        w[first - start] = PF_RESIZE_ONE;
      return;
    }

  int64_t c = a.centre0 + (int64_t) i * a.step;
  int64_t sum = 0, k0 = 0;   /* k0: this lane's first tap, kept for below */
  for (int64_t j = lo + lane; j <= hi; j += 32)
    {
      int64_t k = pf_resize_tap (&a, c, j);
      k0 = j == lo + lane ? k : k0;
      sum += k;
    }
  for (int o = 16; o > 0; o >>= 1)
    sum += __shfl_xor_sync (0xffffffffu, sum, o);
  if (sum < ((int64_t) 1 << 26))
    sum = (int64_t) 1 << 26;
  int64_t rcp = rcp60 (sum);

  /* Taps beyond the source fold onto its edge pixels (most windows have none). */
  int left = 0, right = 0;
  if (__any_sync (0xffffffffu, lo < first || hi > last))
    {
      for (int64_t j = lo + lane; j < first && j <= hi; j += 32)
        left += pf_resize_quantise (pf_resize_tap (&a, c, j), rcp);
      for (int64_t j = (lo > last ? lo : last + 1) + lane; j <= hi; j += 32)
        right += pf_resize_quantise (pf_resize_tap (&a, c, j), rcp);
      left = warp_sum (left);
      right = warp_sum (right);
    }

  int total = 0, best = -32768, best_b = 0;
  for (int b = first + lane; b <= last; b += 32)
    {
      int64_t k = b == lo + lane ? k0 : pf_resize_tap (&a, c, b);
      int v = b >= lo && b <= hi ? pf_resize_quantise (k, rcp) : 0;
      v += (b == first ? left : 0) + (b == last ? right : 0);
      w[b - start] = (int16_t) v;
      total += v;
      if (v > best)
        {
          best = v;
          best_b = b;
        }
    }
  total = warp_sum (total);
  for (int o = 16; o > 0; o >>= 1)
    {
      int v = __shfl_xor_sync (0xffffffffu, best, o), vb = __shfl_xor_sync (0xffffffffu, best_b, o);
      if (v > best || (v == best && vb < best_b))
        {
          best = v;
          best_b = vb;
        }
    }
  /* The first largest weight takes the rounding difference; its own lane stored it. */
  if (((best_b - first) & 31) == lane)
    w[best_b - start] = (int16_t) (best + PF_RESIZE_ONE - total);
}

/* One warp an output, of either axis. */
__global__ static void
tables_kernel (PfResizeAxis ax, DeviceTable tx, PfResizeAxis ay, DeviceTable ty)
{
  int t = (int) ((blockIdx.x * blockDim.x + threadIdx.x) >> 5);
  if (t < ax.n_out)
    warp_axis_taps (ax, t, tx.weights + (size_t) t * ax.taps, tx.start + t, tx.count + t);
  else if (t - ax.n_out < ay.n_out)
    {
      t -= ax.n_out;
      warp_axis_taps (ay, t, ty.weights + (size_t) t * ay.taps, ty.start + t, ty.count + t);
    }
}

/* ---------------------------------------------------------------------------------------
 * Nearest: a gather, no tables
 */

__global__ static void
nearest_kernel (const uint32_t *src, int src_w, uint32_t *dst, int dst_w, PfBox box,
                PfResizeAxis ax, PfResizeAxis ay)
{
  int j = blockIdx.x * blockDim.x + threadIdx.x;
  int i = blockIdx.y * blockDim.y + threadIdx.y;
  if (j >= box.width || i >= box.height)
    return;
  int64_t lo, hi;
  int sx, sy, last;
  pf_resize_axis_window (&ax, j, &lo, &hi, &sx, &last);
  pf_resize_axis_window (&ay, i, &lo, &hi, &sy, &last);
  dst[(size_t) (box.y + i) * dst_w + box.x + j] = __ldg (src + (size_t) sy * src_w + sx);
}

/* ---------------------------------------------------------------------------------------
 * Fused path
 *
 * Staged pixels are stored in pairs already split by channel ([R0 R1 G0 G1],
 * [B0 B1 A0 A1]), the operand layout of dp2a, so the horizontal pass issues one load and
 * four dp2a per two taps, one lane per source row so that all lanes share the weights.
 * The intermediate is stored biased (+32768) and split into bytes per pair of rows
 * ([lo0 lo1 hi0 hi1] for each channel), so the vertical pass is dp2a too:
 * sum w·v = 256 sum w·hi + sum w·lo - 32768 · 2^14, the weights summing to 2^14 exactly.
 */

typedef struct
{
  const uint32_t *src;   /* pixels as words */
  int src_w, src_h;
  uint32_t *dst;
  int dst_w;
  int box_x, box_y, n_x, n_y;
  const int32_t *start_x, *start_y;
  const uint32_t *w_x, *w_y;   /* weight pairs, taps / 2 words an output */
  int pairs_x, pairs_y;
  int wx_stride;      /* words a column of x weights in shared memory: even */
  int tile_h;         /* output rows a block */
  int npairs;         /* staged pixel pairs a row: cover any tile's span of x windows */
  int stage_stride;   /* words a staged row, = 2 (mod 32): lanes hit different banks */
  int nrows;          /* intermediate rows, even: cover any tile's span of y windows */
  /* MMA variant */
  int ring_mask;      /* row pairs its intermediate ring holds, less one */
  const int16_t *w16_x;   /* n_x × taps_x */
  const int32_t *count_x;   /* n_x windows' tap counts */
  int taps_x;
  int nquads;         /* staged quads a row, from the tile's start rounded down to a quad */
  int quad_stride;    /* quads a staged row, odd, so that ldmatrix's eight rows hit every
                       * bank */
} FusedArgs;

/* d + the two signed 16-bit halves of w times bytes 0, 1 (lo) or 2, 3 (hi) of b. */
static __device__ __forceinline__ int
dp2a_lo (uint32_t w, uint32_t b, int d)
{
  int r;
  asm ("dp2a.lo.s32.u32 %0, %1, %2, %3;" : "=r"(r) : "r"(w), "r"(b), "r"(d));
  return r;
}

static __device__ __forceinline__ int
dp2a_hi (uint32_t w, uint32_t b, int d)
{
  int r;
  asm ("dp2a.hi.s32.u32 %0, %1, %2, %3;" : "=r"(r) : "r"(w), "r"(b), "r"(d));
  return r;
}

/* Source pixels x, x + 1 of row y (x even), zero past the edges. */
static __device__ __forceinline__ uint2
load_pair (const FusedArgs &a, int y, int x)
{
  uint2 v = make_uint2 (0u, 0u);
  if (y >= a.src_h)
    return v;
  const uint32_t *p = a.src + (size_t) y * a.src_w + x;
  if (x < a.src_w)
    v.x = __ldg (p);
  if (x + 1 < a.src_w)
    v.y = __ldg (p + 1);
  return v;
}

/* Loads source rows r0 + first + (w, w + 8, w + 16, w + 24) for warp w, pixel pairs
 * from c0 (even) for its lanes. Chunks wholly inside a source of even width (pairs on
 * 8-byte boundaries) take vector loads, others at the edges go pixel by pixel. */
template <int K>
static __device__ __forceinline__ void
chunk_load (const FusedArgs &a, int r0, int c0, int first, uint2 (&buf)[4][K])
{
  int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  int y0 = r0 + first + warp;
  if ((a.src_w & 1) == 0 && r0 + first + CHUNK <= a.src_h && c0 + 2 * a.npairs <= a.src_w)
    {
      const uint2 *row = (const uint2 *) (a.src + (size_t) y0 * a.src_w + c0) + lane;
      size_t step = (size_t) 4 * a.src_w;   /* 8 rows, in pairs */
#pragma unroll
      for (int rr = 0; rr < 4; rr++, row += step)
#pragma unroll
        for (int k = 0; k < K; k++)
          if (lane + 32 * k < a.npairs)
            buf[rr][k] = __ldg (row + 32 * k);
      return;
    }
#pragma unroll
  for (int rr = 0; rr < 4; rr++)
#pragma unroll
    for (int k = 0; k < K; k++)
      if (lane + 32 * k < a.npairs)
        buf[rr][k] = load_pair (a, y0 + 8 * rr, c0 + 2 * (lane + 32 * k));
}

/* Stores a loaded chunk with each pixel pair split by channel. */
template <int K>
static __device__ __forceinline__ void
chunk_store (const FusedArgs &a, uint32_t *stage, const uint2 (&buf)[4][K])
{
  int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
#pragma unroll
  for (int rr = 0; rr < 4; rr++)
#pragma unroll
    for (int k = 0; k < K; k++)
      {
        int pair = lane + 32 * k;
        if (pair < a.npairs)
          {
            uint2 v = buf[rr][k];
            *(uint2 *) (stage + (warp + 8 * rr) * a.stage_stride + 2 * pair)
                = make_uint2 (__byte_perm (v.x, v.y, 0x5140), __byte_perm (v.x, v.y, 0x7362));
          }
      }
}

/* pf_resize_v_finish() as a pixel word, in fewer instructions than through bytes. */
static __device__ __forceinline__ uint32_t
v_finish_word (int r, int g, int b, int a)
{
  const int half = 1 << (PF_RESIZE_V_SHIFT - 1);
  int av = min (max ((a + half) >> PF_RESIZE_V_SHIFT, 0), 255);
  int rv = min (max ((r + half) >> PF_RESIZE_V_SHIFT, 0), av);
  int gv = min (max ((g + half) >> PF_RESIZE_V_SHIFT, 0), av);
  int bv = min (max ((b + half) >> PF_RESIZE_V_SHIFT, 0), av);
  return (uint32_t) rv | (uint32_t) gv << 8 | (uint32_t) bv << 16 | (uint32_t) av << 24;
}

/* One weight pair times one intermediate row pair, into @acc. */
static __device__ __forceinline__ void
column_pair (int (&acc)[8], uint32_t wp, uint4 v)
{
  acc[0] = dp2a_lo (wp, v.x, acc[0]);
  acc[1] = dp2a_hi (wp, v.x, acc[1]);
  acc[2] = dp2a_lo (wp, v.y, acc[2]);
  acc[3] = dp2a_hi (wp, v.y, acc[3]);
  acc[4] = dp2a_lo (wp, v.z, acc[4]);
  acc[5] = dp2a_hi (wp, v.z, acc[5]);
  acc[6] = dp2a_lo (wp, v.w, acc[6]);
  acc[7] = dp2a_hi (wp, v.w, acc[7]);
}

/* Adds the @n weight pairs from @w times the intermediate column from @e on into @acc;
 * NP > 0 is n known at compile time, and the loop then unrolls whole. */
template <int NP = 0>
static __device__ __forceinline__ void
column_sums (int (&acc)[8], const uint4 *e, const uint32_t *w, int n)
{
  if constexpr (NP > 0)
    {
#pragma unroll
      for (int p = 0; p < NP; p++)
        column_pair (acc, w[p], e[p * INTER_STRIDE]);
    }
  else
    {
#pragma unroll 4
      for (int p = n; p > 0; p--)
        {
          column_pair (acc, *w++, *e);
          e += INTER_STRIDE;
        }
    }
}

/* The vertical pass over output rows [begin, end) of a tile, shared by every fused kernel:
 * lane = output column, warps share out the rows. NP > 0 is a.pairs_y known at compile
 * time; with RING the intermediate is a ring of a.ring_mask + 1 row pairs, walked in at
 * most two straight runs. s_ys holds window starts as source rows, y0 the intermediate's
 * first. */
template <int NP = 0, bool RING = false>
static __device__ __forceinline__ void
vertical_pass (const FusedArgs &a, const uint4 *inter, const uint32_t *s_wy, const int *s_ys,
               int y0, int i0, int j0, int lane, int warp, int begin, int end)
{
  const int np = NP > 0 ? NP : a.pairs_y;
  int j = j0 + lane;
  for (int ii = begin + warp; ii < end; ii += WARPS)
    {
      int i = i0 + ii;
      if (i >= a.n_y)
        break;
      const uint32_t *w = s_wy + ii * np;
      /* the low sums carry the -32768 · 2^14 of the bias */
      const int lo_init = -(32768 << PF_RESIZE_WEIGHT_BITS);
      int acc[8] = { lo_init, 0, lo_init, 0, lo_init, 0, lo_init, 0 };
      if (RING)
        {
          int p0 = ((s_ys[ii] - y0) >> 1) & a.ring_mask;
          int n1 = min (np, a.ring_mask + 1 - p0);
          column_sums (acc, inter + p0 * INTER_STRIDE + lane, w, n1);
          column_sums (acc, inter + lane, w + n1, np - n1);
        }
      else
        column_sums<NP> (acc, inter + ((s_ys[ii] - y0) >> 1) * INTER_STRIDE + lane, w, np);
      if (j < a.n_x)
        a.dst[(size_t) (a.box_y + i) * a.dst_w + a.box_x + j]
            = v_finish_word (acc[1] * 256 + acc[0], acc[3] * 256 + acc[2],
                             acc[5] * 256 + acc[4], acc[7] * 256 + acc[6]);
    }
}

/* Word @k of the vertical weights of the tile whose first output row is @i0, pairs_y
 * words a row; rows past the end repeat the last (never stored). */
static __device__ __forceinline__ uint32_t
tile_row_weight (const FusedArgs &a, int i0, int k)
{
  int ii = k / a.pairs_y;
  return __ldg (a.w_y + (size_t) min (i0 + ii, a.n_y - 1) * a.pairs_y + (k - ii * a.pairs_y));
}

/* A tile's vertical weights and window starts (relative to @r0), for the staged kernels;
 * rows past the end repeat the last (never stored). */
static __device__ __forceinline__ void
stage_row_tables (const FusedArgs &a, uint32_t *s_wy, int *s_ys, int i0, int r0)
{
  /* four words a thread at a time: their loads go out together */
  int n = a.tile_h * a.pairs_y;
  for (int k0 = threadIdx.x; k0 < n; k0 += 4 * THREADS)
    {
      uint32_t v[4];
#pragma unroll
      for (int u = 0; u < 4; u++)
        v[u] = tile_row_weight (a, i0, min (k0 + u * THREADS, n - 1));
#pragma unroll
      for (int u = 0; u < 4; u++)
        if (k0 + u * THREADS < n)
          s_wy[k0 + u * THREADS] = v[u];
    }
  for (int k = threadIdx.x; k < a.tile_h; k += THREADS)
    s_ys[k] = __ldg (a.start_y + min (i0 + k, a.n_y - 1)) - r0;
}

template <int K>
__global__ static void __launch_bounds__ (THREADS)
fused_kernel (FusedArgs a)
{
  extern __shared__ uint32_t sm[];
  uint32_t *s_wx = sm;
  uint32_t *s_wy = s_wx + TILE_W * a.wx_stride;
  int *s_xs = (int *) (s_wy + a.tile_h * a.pairs_y);
  int *s_ys = s_xs + TILE_W;
  int head = (TILE_W * a.wx_stride + a.tile_h * a.pairs_y + TILE_W + a.tile_h + 3) & ~3;
  uint4 *inter = (uint4 *) (sm + head);   /* row pairs × INTER_STRIDE columns */
  uint32_t *stage = sm + head + (a.nrows / 2) * INTER_STRIDE * 4;

  int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5;
  int j0 = blockIdx.x * TILE_W, i0 = blockIdx.y * a.tile_h;
  /* Windows never go backwards, so the first output's starts are the tile's origin. */
  int c0 = __ldg (a.start_x + j0);
  int r0 = __ldg (a.start_y + i0);

  uint2 buf[4][K];
  chunk_load<K> (a, r0, c0, 0, buf);

  /* This tile's tables; columns past the end repeat the last (never stored). */
  for (int k = tid; k < TILE_W * a.pairs_x; k += THREADS)
    {
      int jj = k / a.pairs_x, p = k - jj * a.pairs_x;
      int j = min (j0 + jj, a.n_x - 1);
      s_wx[jj * a.wx_stride + p] = __ldg (a.w_x + (size_t) j * a.pairs_x + p);
    }
  if (tid < TILE_W)
    s_xs[tid] = __ldg (a.start_x + min (j0 + tid, a.n_x - 1)) - c0;
  stage_row_tables (a, s_wy, s_ys, i0, r0);

  /* Horizontal sums start at 2^23 + 128: the stored bias and pf_resize_h_round()'s
   * rounding. They stay within 0..2^24 (|weights| add up to less than 1.6, times 255 and
   * 2^14), so bits 8..23 are the biased, rounded value: no saturation is ever needed. */
  const int h_init = (1 << 23) + (1 << (PF_RESIZE_H_SHIFT - 1));
  const int half = a.pairs_x >> 1, odd = a.pairs_x & 1;
  for (int first = 0; first < a.nrows; first += CHUNK)
    {
      chunk_store<K> (a, stage, buf);
      __syncthreads ();
      if (first + CHUNK < a.nrows)
        chunk_load<K> (a, r0, c0, first + CHUNK, buf);

      /* Horizontal pass: lane = row of the chunk, warps share out the tile's columns. */
      int lr = first + lane;
      const uint32_t *srow = stage + lane * a.stage_stride;
      uint2 *slot = (uint2 *) (inter + (lr >> 1) * INTER_STRIDE) + (lane & 1);
#pragma unroll 1
      for (int jj = warp; jj < TILE_W; jj += WARPS)
        {
          const uint2 *px = (const uint2 *) (srow + s_xs[jj]);
          const uint2 *w2 = (const uint2 *) (s_wx + jj * a.wx_stride);
          int r = h_init, g = h_init, b = h_init, al = h_init;
#pragma unroll 2
          for (int p = half; p > 0; p--)
            {
              uint2 wp = *w2++;
              uint2 v0 = px[0], v1 = px[1];
              px += 2;
              r = dp2a_lo (wp.x, v0.x, r);
              g = dp2a_hi (wp.x, v0.x, g);
              b = dp2a_lo (wp.x, v0.y, b);
              al = dp2a_hi (wp.x, v0.y, al);
              r = dp2a_lo (wp.y, v1.x, r);
              g = dp2a_hi (wp.y, v1.x, g);
              b = dp2a_lo (wp.y, v1.y, b);
              al = dp2a_hi (wp.y, v1.y, al);
            }
          if (odd)
            {
              uint32_t wp = ((const uint32_t *) w2)[0];
              uint2 v = px[0];
              r = dp2a_lo (wp, v.x, r);
              g = dp2a_hi (wp, v.x, g);
              b = dp2a_lo (wp, v.y, b);
              al = dp2a_hi (wp, v.y, al);
            }
          /* Lanes 2m and 2m + 1 hold rows of one pair: swap halves, store bytes by plane. */
          uint32_t rg = __byte_perm (r, g, 0x6521), ba = __byte_perm (b, al, 0x6521);
          uint32_t prg = __shfl_xor_sync (0xffffffffu, rg, 1);
          uint32_t pba = __shfl_xor_sync (0xffffffffu, ba, 1);
          if (lr < a.nrows)
            slot[jj * 2] = (lane & 1) == 0
                               ? make_uint2 (__byte_perm (rg, prg, 0x5140),
                                             __byte_perm (rg, prg, 0x7362))
                               : make_uint2 (__byte_perm (pba, ba, 0x5140),
                                             __byte_perm (pba, ba, 0x7362));
        }
      /* The next iteration refills the buffer just read. */
      __syncthreads ();
    }

  vertical_pass (a, inter, s_wy, s_ys, 0, i0, j0, lane, warp, 0, a.tile_h);
}

/* ---------------------------------------------------------------------------------------
 * Fused path on the tensor cores (sm_80 and later)
 *
 * The horizontal pass is an integer matrix product per channel: (32 source rows × source
 * columns) · (source columns × 32 output columns), pixels as unsigned bytes (m16n8k32
 * MMAs over pairs of groups, m16n8k16 for an odd one out). Each warp takes 16 rows × 8
 * columns and only the groups of 16 source columns its columns' windows reach, from a
 * quad on. Weights are split into an unsigned low and a
 * signed high byte, w = 256·hi + lo: two MMAs, exact int32 sums. A chunk of source rows
 * is copied into shared memory as it is (cp.async, no registers); ldmatrix loads its
 * pixels, and byte permutations in registers turn each group into the four channels'
 * operands (all four at once: 32 accumulators, 80 registers, three blocks an SM). The
 * results go, biased and byte-split as in the fused kernel, into a ring of row pairs
 * that holds a chunk and the rows eight windows reach before it; once a chunk is in, the
 * output rows whose windows it completes are finished, eight at a time (one a warp: the
 * rest wait for the next chunk), while the next chunk is copied.
 */

#if __CUDA_ARCH__ >= 800

/* Copies @bytes (0 to 16; the rest of the 16 is zeroed) from @src to @dst without passing
 * through registers; src is 16-byte aligned. */
static __device__ __forceinline__ void
cp_async16 (void *dst, const void *src, int bytes)
{
  unsigned d = (unsigned) __cvta_generic_to_shared (dst);
  asm volatile ("cp.async.cg.shared.global [%0], [%1], 16, %2;" ::"r"(d), "l"(src), "r"(bytes));
}

static __device__ __forceinline__ void
cp_async4 (void *dst, const void *src, int bytes)
{
  unsigned d = (unsigned) __cvta_generic_to_shared (dst);
  asm volatile ("cp.async.ca.shared.global [%0], [%1], 4, %2;" ::"r"(d), "l"(src), "r"(bytes));
}

/* Starts copying source rows r0 + first + (w, w + 8, w + 16, w + 24) for warp w, quads
 * from c0 (a multiple of 4) for its lanes, into @stage: row first + r into slot r / 2,
 * plus 16 if r is odd. Zeros past the source's edges. Rows that keep 16-byte alignment go
 * a quad a copy, others a pixel a copy. */
template <int QK>
static __device__ __forceinline__ void
chunk_fetch (const FusedArgs &a, uint4 *stage, int r0, int c0, int first)
{
  int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  bool quads = (a.src_w & 3) == 0 && ((uintptr_t) a.src & 15) == 0;
  /* chunk row r goes to slot r / 2, odd rows 16 slots on: see fused_mma_kernel */
  uint4 *d = stage + ((warp >> 1) + (warp & 1) * 16) * a.quad_stride + lane;
  if (quads && r0 + first + CHUNK <= a.src_h && c0 + 4 * a.nquads <= a.src_w)
    {
      /* wholly inside the source: whole quads at fixed strides */
      const uint4 *src = (const uint4 *) (a.src + (size_t) (r0 + first + warp) * a.src_w + c0) + lane;
      size_t step = (size_t) 2 * a.src_w;   /* 8 rows, in quads */
#pragma unroll
      for (int rr = 0; rr < 4; rr++, src += step, d += 4 * a.quad_stride)
#pragma unroll
        for (int k = 0; k < QK; k++)
          if (lane + 32 * k < a.nquads)
            cp_async16 (d + 32 * k, src + 32 * k, 16);
    }
  else
#pragma unroll
    for (int rr = 0; rr < 4; rr++)
      {
        int y = r0 + first + warp + 8 * rr;
        int bytes_y = y < a.src_h ? 4 : 0;
        const uint32_t *row = a.src + (size_t) min (y, a.src_h - 1) * a.src_w;
#pragma unroll
        for (int k = 0; k < QK; k++)
          {
            int q = lane + 32 * k, x = c0 + 4 * q;
            uint4 *dq = d + 4 * rr * a.quad_stride + 32 * k;
            if (q >= a.nquads)
              continue;
            if (quads)
              {
                int n = bytes_y * min (max (a.src_w - x, 0), 4);
                cp_async16 (dq, row + (n > 0 ? x : 0), n);
              }
            else
#pragma unroll
              for (int e = 0; e < 4; e++)
                cp_async4 ((uint32_t *) dq + e, row + min (x + e, a.src_w - 1),
                           x + e < a.src_w ? bytes_y : 0);
          }
      }
  asm volatile ("cp.async.commit_group;\n" ::: "memory");
}

/* d += a (16 × 32 unsigned bytes) · b (32 × 8 unsigned or signed bytes). */
static __device__ __forceinline__ void
mma_k32_u8 (int (&d)[4], uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t b0,
            uint32_t b1)
{
  asm ("mma.sync.aligned.m16n8k32.row.col.s32.u8.u8.s32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, "
       "{%8,%9}, {%0,%1,%2,%3};"
       : "+r"(d[0]), "+r"(d[1]), "+r"(d[2]), "+r"(d[3])
       : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(b0), "r"(b1));
}

static __device__ __forceinline__ void
mma_k32_s8 (int (&d)[4], uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t b0,
            uint32_t b1)
{
  asm ("mma.sync.aligned.m16n8k32.row.col.s32.u8.s8.s32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, "
       "{%8,%9}, {%0,%1,%2,%3};"
       : "+r"(d[0]), "+r"(d[1]), "+r"(d[2]), "+r"(d[3])
       : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(b0), "r"(b1));
}

/* d += a (16 × 16 unsigned bytes) · b (16 × 8 unsigned or signed bytes). */
static __device__ __forceinline__ void
mma_k16_u8 (int (&d)[4], uint32_t a0, uint32_t a1, uint32_t b)
{
  asm ("mma.sync.aligned.m16n8k16.row.col.s32.u8.u8.s32 {%0,%1,%2,%3}, {%4,%5}, {%6}, "
       "{%0,%1,%2,%3};"
       : "+r"(d[0]), "+r"(d[1]), "+r"(d[2]), "+r"(d[3])
       : "r"(a0), "r"(a1), "r"(b));
}

static __device__ __forceinline__ void
mma_k16_s8 (int (&d)[4], uint32_t a0, uint32_t a1, uint32_t b)
{
  asm ("mma.sync.aligned.m16n8k16.row.col.s32.u8.s8.s32 {%0,%1,%2,%3}, {%4,%5}, {%6}, "
       "{%0,%1,%2,%3};"
       : "+r"(d[0]), "+r"(d[1]), "+r"(d[2]), "+r"(d[3])
       : "r"(a0), "r"(a1), "r"(b));
}

/* Four 8 × 16-byte matrices whose rows this lane names (lanes 0-7 the first's, …). */
static __device__ __forceinline__ void
ldmatrix_x4 (uint32_t (&f)[4], const void *row)
{
  unsigned s = (unsigned) __cvta_generic_to_shared (row);
  asm volatile ("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];"
                : "=r"(f[0]), "=r"(f[1]), "=r"(f[2]), "=r"(f[3])
                : "r"(s));
}

/* Pixels p0..p3 (RGBA words) as four channel words, byte k of each from pk. */
static __device__ __forceinline__ void
transpose4 (uint32_t p0, uint32_t p1, uint32_t p2, uint32_t p3, uint32_t (&c)[4])
{
  uint32_t t0 = __byte_perm (p0, p1, 0x5140), t1 = __byte_perm (p0, p1, 0x7362);
  uint32_t t2 = __byte_perm (p2, p3, 0x5140), t3 = __byte_perm (p2, p3, 0x7362);
  c[0] = __byte_perm (t0, t2, 0x5410);
  c[1] = __byte_perm (t0, t2, 0x7632);
  c[2] = __byte_perm (t1, t3, 0x5410);
  c[3] = __byte_perm (t1, t3, 0x7632);
}

/* One group of 16 columns as the four channels' operands for MMA rows g (@row_g) and
 * g + 8 (@row_g8), from the lane's ldmatrix rows at @frag (see fused_mma_kernel). */
static __device__ __forceinline__ void
group_operands (const uint4 *frag, uint32_t (&row_g)[4], uint32_t (&row_g8)[4])
{
  uint32_t f[4], h[4];
  ldmatrix_x4 (f, frag);
  ldmatrix_x4 (h, frag + 2);
  transpose4 (f[0], f[2], h[0], h[2], row_g);
  transpose4 (f[1], f[3], h[1], h[3], row_g8);
}

#endif

/* G: groups of 16 source columns an 8-column tile of outputs reaches (2 to 6); QK: quads
 * a lane stages per row. */
template <int G, int QK>
__global__ static void __launch_bounds__ (THREADS, MMA_MIN_BLOCKS)
fused_mma_kernel (FusedArgs a)
{
#if __CUDA_ARCH__ >= 800
  extern __shared__ uint4 sm4[];
  uint4 *stage = sm4;                                   /* CHUNK rows × quad_stride quads */
  uint4 *inter = stage + CHUNK * a.quad_stride;         /* a ring of row pairs */
  uint32_t *s_wy = (uint32_t *) (inter + (a.ring_mask + 1) * INTER_STRIDE);
  int *s_ys = (int *) (s_wy + a.tile_h * a.pairs_y);
  int *s_ready = s_ys + a.tile_h;                       /* rows finished after each chunk */

  int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5;
  int g = lane >> 2, t = lane & 3;   /* MMA fragment coordinates */
  int j0 = blockIdx.x * TILE_W, i0 = blockIdx.y * a.tile_h;
  /* Windows never go backwards, so the first output's starts are the tile's origin (x
   * rounded down to a quad). */
  int c0 = __ldg (a.start_x + j0) & ~3;
  int r0 = __ldg (a.start_y + i0);
  int chunks = (a.nrows + CHUNK - 1) / CHUNK;

  chunk_fetch<QK> (a, stage, r0, c0, 0);

  stage_row_tables (a, s_wy, s_ys, i0, r0);
  int rows = min (a.tile_h, a.n_y - i0);
  for (int k = tid; k < chunks; k += THREADS)
    s_ready[k] = 0;

  /* This warp's tile: source rows m0.. of each chunk, output columns n0..n0 + 7, from
   * source column ks (its first start rounded down to a quad) on. The pixels stay
   * interleaved in shared memory: ldmatrix gives lane (g, t) pixels t, t + 4, t + 8 and
   * t + 12 of a group of 16, of rows g and g + 8, and four byte permutations make them a
   * channel's MMA operand whose k-th byte 4t + q is pixel 4q + t. The weights, in
   * registers, follow that order: lane (g, t) holds column g's taps for pixels 4q + t of
   * each group (zeros outside its window), split into low and high bytes; their loads all
   * go out at once. Columns past the end repeat the last (never stored). */
  int m0 = (warp & 1) * 16, n0 = (warp >> 1) * 8;
  int ks = (__ldg (a.start_x + min (j0 + n0, a.n_x - 1)) - c0) & ~3;
  uint32_t b_lo[G], b_hi[G];
  bool last;
  {
    int j = min (j0 + n0 + g, a.n_x - 1);
    int xs = __ldg (a.start_x + j) - c0;
    /* Warps whose windows all end before the last group skip it: its weights are zeros. */
    last = __any_sync (0xffffffffu, xs + __ldg (a.count_x + j) - ks > 16 * (G - 1));
    const int16_t *w = a.w16_x + (size_t) j * a.taps_x;
    int tap0 = ks - xs + t;
    uint32_t v[4 * G];
#pragma unroll
    for (int k = 0; k < 4 * G; k++)
      {
        int tap = tap0 + 4 * k;
        v[k] = tap >= 0 && tap < a.taps_x ? (uint16_t) __ldg (w + tap) : 0u;
      }
#pragma unroll
    for (int q = 0; q < G; q++)
      {
        uint32_t w01 = v[4 * q] | v[4 * q + 1] << 16, w23 = v[4 * q + 2] | v[4 * q + 3] << 16;
        b_lo[q] = __byte_perm (w01, w23, 0x6420);
        b_hi[q] = __byte_perm (w01, w23, 0x7531);
      }
  }
  __syncthreads ();
  /* Output row ii is finished once the chunk holding its window's last row is in the ring.
   * nrows covers any tile; this one's windows may all end a chunk or more sooner, and the
   * rows left waiting for a round must be finished by the chunk that completes the last
   * window, while the ring still holds theirs. */
  auto last_chunk = [&] (int ii) {
    return min ((s_ys[ii] + 2 * a.pairs_y - 1) / CHUNK, chunks - 1);
  };
  chunks = last_chunk (rows - 1) + 1;
  /* The last row finished by each chunk (the others stay zero; the barrier at the top of
   * the first chunk publishes them). */
  for (int ii = tid; ii < rows; ii += THREADS)
    {
      int c = last_chunk (ii);
      if (ii == rows - 1 || last_chunk (ii + 1) != c)
        s_ready[c] = ii + 1;
    }

  /* Horizontal sums plus 2^23 + 128 (the stored bias and pf_resize_h_round()'s rounding)
   * stay within 0..2^24 (|weights| add up to less than 1.6, times 255 and 2^14), so bits
   * 8..23 are the biased, rounded value: no saturation is ever needed. */
  const int h_init = (1 << 23) + (1 << (PF_RESIZE_H_SHIFT - 1));
  /* The stage keeps a chunk's even rows in its first 16 slots and the odd ones in the
   * next 16. ldmatrix rows: lanes 0-7 name the even rows m0, m0 + 2, … of quad 0, 8-15
   * the odd ones, 16-31 the same rows a quad on; the second load is two quads on. So MMA
   * row g is source row m0 + 2g and row g + 8 the one after it: a lane's sums are both
   * rows of pair m0 / 2 + g, for columns 2t and 2t + 1. */
  const uint4 *frag = stage + (m0 / 2 + (lane & 7) + ((lane >> 3) & 1) * 16) * a.quad_stride
                      + ks / 4 + (lane >> 4);
  /* Output rows are finished as soon as the rows their windows reach are in the ring, so
   * the vertical pass of one chunk overlaps the next chunk's copies, and the ring stays
   * small however tall the tile is. */
  int done = 0;
  for (int c = 0; c < chunks; c++)
    {
      asm volatile ("cp.async.wait_group 0;\n" ::: "memory");
      __syncthreads ();

      int lo[4][4], hi[4][4];
#pragma unroll
      for (int ch = 0; ch < 4; ch++)
#pragma unroll
        for (int r = 0; r < 4; r++)
          {
            lo[ch][r] = h_init;
            hi[ch][r] = 0;
          }
      /* Groups two at a time (m16n8k32), an odd one out alone (m16n8k16). */
#pragma unroll
      for (int q = 0; q < G; q += 2)
        {
          if (q == G - 1 && !last)
            break;
          uint32_t r_g[4], r_g8[4];
          group_operands (frag + 4 * q, r_g, r_g8);
          if (q + 1 < G && (q + 1 < G - 1 || last))
            {
              uint32_t s_g[4], s_g8[4];
              group_operands (frag + 4 * q + 4, s_g, s_g8);
#pragma unroll
              for (int ch = 0; ch < 4; ch++)
                {
                  mma_k32_u8 (lo[ch], r_g[ch], r_g8[ch], s_g[ch], s_g8[ch], b_lo[q], b_lo[q + 1]);
                  mma_k32_s8 (hi[ch], r_g[ch], r_g8[ch], s_g[ch], s_g8[ch], b_hi[q], b_hi[q + 1]);
                }
            }
          else
#pragma unroll
            for (int ch = 0; ch < 4; ch++)
              {
                mma_k16_u8 (lo[ch], r_g[ch], r_g8[ch], b_lo[q]);
                mma_k16_s8 (hi[ch], r_g[ch], r_g8[ch], b_hi[q]);
              }
        }

      uint32_t *e = (uint32_t *) (inter + (((c * CHUNK + m0) / 2 + g) & a.ring_mask) * INTER_STRIDE
                                  + n0 + 2 * t);
#pragma unroll
      for (int ch = 0; ch < 4; ch++)
        {
          /* Sums at (even row, col 2t), (even, 2t + 1), (odd, 2t), (odd, 2t + 1); bits 8..23
           * are the biased values: [lo even, lo odd, hi even, hi odd] a column. Rows past
           * nrows land on ring slots no unfinished output reads. */
          uint32_t v0 = hi[ch][0] * 256 + lo[ch][0], v1 = hi[ch][1] * 256 + lo[ch][1];
          uint32_t v2 = hi[ch][2] * 256 + lo[ch][2], v3 = hi[ch][3] * 256 + lo[ch][3];
          e[ch] = __byte_perm (v0, v2, 0x6251);
          e[4 + ch] = __byte_perm (v1, v3, 0x6251);
        }
      __syncthreads ();

      /* The stage is free: the next chunk's copies fly during this chunk's vertical pass,
       * whose rows stay in the ring until after the next barrier. */
      if (c + 1 < chunks)
        chunk_fetch<QK> (a, stage, r0, c0, (c + 1) * CHUNK);
      /* Rounds of eight rows, so that no warp idles at the next barrier; the ring keeps
       * the windows of up to seven rows waiting. The chunk that completes the last
       * window finishes the tile. */
      int ready = max (done, s_ready[c]);
      ready = c + 1 < chunks ? done + (ready - done) / WARPS * WARPS : rows;
      vertical_pass<0, true> (a, inter, s_wy, s_ys, 0, i0, j0, lane, warp, done, ready);
      done = ready;
    }
#endif
}

/* ---------------------------------------------------------------------------------------
 * Short-window path
 *
 * Windows of up to 16 taps whose tile reaches few source rows (a 720p frame from 1080p, a
 * photo into a cell, a page into its preview, bilinear shrinks, enlargements) leave the
 * staged kernels above mostly bookkeeping. Here a block makes 32 output columns by TH
 * rows (8 to 64, chosen on the host so that the busiest SM has least to do): each
 * warp runs the horizontal pass along two source rows at a time, a lane per output
 * column holding its weights in registers, straight into the fused kernels' biased,
 * byte-split intermediate; their vertical pass finishes the tile.
 */

#define SHORT_MAX_PAIRS 8
#define SHORT_MAX_TH 64
/* Source rows a tile's windows may reach (their span, rounded to pairs). */
#define SHORT_MAX_ROWS 128

/* Biased horizontal sums (as in fused_kernel) of one source row. Taps past a window's count
 * have zero weights, so every lane takes all PAIRS pairs without a branch: from @row + @sx
 * on (a constant offset a load) where the warp's windows lie inside the row, else from
 * offsets clamped into it. The loads of a row all go out at once. */
template <int PAIRS, bool CLAMPED, bool PAIRED>
static __device__ __forceinline__ void
short_row (const uint32_t *row, int sx, const int (&off)[2 * PAIRS], const uint32_t (&w)[PAIRS],
           int (&acc)[4])
{
  const int h_init = (1 << 23) + (1 << (PF_RESIZE_H_SHIFT - 1));
  acc[0] = acc[1] = acc[2] = acc[3] = h_init;
  uint32_t px[2 * PAIRS];
  const uint32_t *p = row + sx;
  if (CLAMPED)
    {
#pragma unroll
      for (int k = 0; k < 2 * PAIRS; k++)
        px[k] = __ldg (row + off[k]);
    }
  else if (PAIRED)
    {
      /* rows start 8-byte aligned and windows on even pixels: a pair a load */
#pragma unroll
      for (int k = 0; k < PAIRS; k++)
        {
          uint2 v = __ldg ((const uint2 *) p + k);
          px[2 * k] = v.x;
          px[2 * k + 1] = v.y;
        }
    }
  else
    {
#pragma unroll
      for (int k = 0; k < 2 * PAIRS; k++)
        px[k] = __ldg (p + k);
    }
#pragma unroll
  for (int k = 0; k < PAIRS; k++)
    {
      uint32_t q0 = __byte_perm (px[2 * k], px[2 * k + 1], 0x5140);
      uint32_t q1 = __byte_perm (px[2 * k], px[2 * k + 1], 0x7362);
      acc[0] = dp2a_lo (w[k], q0, acc[0]);
      acc[1] = dp2a_hi (w[k], q0, acc[1]);
      acc[2] = dp2a_lo (w[k], q1, acc[2]);
      acc[3] = dp2a_hi (w[k], q1, acc[3]);
    }
}

/* Row pairs m = first, first + WARPS, … < pairs of the tile into the intermediate. */
template <int PAIRS, bool CLAMPED, bool PAIRED>
static __device__ __forceinline__ void
short_rows (const FusedArgs &a, int r0, int first, int pairs, int sx, const int (&off)[2 * PAIRS],
            const uint32_t (&w)[PAIRS], uint4 *inter, int lane)
{
  for (int m = first; m < pairs; m += WARPS)
    {
      /* Rows past the source only meet zero vertical weights: any row will do. */
      int y = r0 + 2 * m;
      int e[4], o[4];
      short_row<PAIRS, CLAMPED, PAIRED> (a.src + (size_t) min (y, a.src_h - 1) * a.src_w, sx,
                                         off, w, e);
      short_row<PAIRS, CLAMPED, PAIRED> (a.src + (size_t) min (y + 1, a.src_h - 1) * a.src_w, sx,
                                         off, w, o);
      /* bits 8..23 are the biased values: [lo hi] of R, G (and B, A) for each row */
      uint32_t rg0 = __byte_perm (e[0], e[1], 0x6521), ba0 = __byte_perm (e[2], e[3], 0x6521);
      uint32_t rg1 = __byte_perm (o[0], o[1], 0x6521), ba1 = __byte_perm (o[2], o[3], 0x6521);
      inter[m * INTER_STRIDE + lane]
          = make_uint4 (__byte_perm (rg0, rg1, 0x5140), __byte_perm (rg0, rg1, 0x7362),
                        __byte_perm (ba0, ba1, 0x5140), __byte_perm (ba0, ba1, 0x7362));
    }
}

template <int PAIRS>
__global__ static void __launch_bounds__ (THREADS)
short_kernel (FusedArgs a)
{
  __shared__ uint4 inter[SHORT_MAX_ROWS / 2 * INTER_STRIDE];
  __shared__ uint32_t s_wy[SHORT_MAX_TH * SHORT_MAX_PAIRS];
  __shared__ int s_ys[SHORT_MAX_TH];
  const int TH = a.tile_h;
  int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5;
  int j0 = blockIdx.x * TILE_W, i0 = blockIdx.y * TH;
  int i_last = min (i0 + TH, a.n_y) - 1;
  int r0 = __ldg (a.start_y + i0);
  /* every window's rows, zero weights included: the vertical pass reads them all */
  int pairs = (__ldg (a.start_y + i_last) - r0) / 2 + a.pairs_y;

  /* This tile's vertical weights (at most two words a thread) and window starts (as in
   * the table: the vertical pass takes r0 off), loaded now and stored after the horizontal
   * pass: nothing waits for them before it. (Measured on an H100, this beats copying them
   * with cp.async for a 1080p to 720p Lanczos shrink: 0.0119 against 0.0124 ms.) */
  int n_wy = TH * a.pairs_y;
  uint32_t wy[2];
#pragma unroll
  for (int u = 0; u < 2; u++)
    wy[u] = tile_row_weight (a, i0, min (tid + u * THREADS, n_wy - 1));
  int ys = __ldg (a.start_y + min (i0 + min (tid, TH - 1), a.n_y - 1));

  int j = min (j0 + lane, a.n_x - 1);
  int sx = __ldg (a.start_x + j);
  uint32_t w[PAIRS];
  int off[2 * PAIRS];
#pragma unroll
  for (int k = 0; k < PAIRS; k++)
    w[k] = __ldg (a.w_x + (size_t) j * PAIRS + k);

  if (!__all_sync (0xffffffffu, sx + 2 * PAIRS <= a.src_w))
    {
#pragma unroll
      for (int k = 0; k < 2 * PAIRS; k++)
        off[k] = min (sx + k, a.src_w - 1);
      short_rows<PAIRS, true, false> (a, r0, warp, pairs, sx, off, w, inter, lane);
    }
  else if ((a.src_w & 1) == 0 && ((uintptr_t) a.src & 7) == 0)
    short_rows<PAIRS, false, true> (a, r0, warp, pairs, sx, off, w, inter, lane);
  else
    short_rows<PAIRS, false, false> (a, r0, warp, pairs, sx, off, w, inter, lane);
#pragma unroll
  for (int u = 0; u < 2; u++)
    if (tid + u * THREADS < n_wy)
      s_wy[tid + u * THREADS] = wy[u];
  if (tid < TH)
    s_ys[tid] = ys;
  __syncthreads ();
  /* most resizes scale both axes alike: the same number of pairs */
  if (a.pairs_y == PAIRS)
    vertical_pass<PAIRS> (a, inter, s_wy, s_ys, r0, i0, j0, lane, warp, 0, TH);
  else
    vertical_pass (a, inter, s_wy, s_ys, r0, i0, j0, lane, warp, 0, TH);
}

/* ---------------------------------------------------------------------------------------
 * Two-pass path, for extreme shrinking
 */

/* Eight lanes per intermediate value, each taking every eighth pair of taps: the group's
 * loads are contiguous, and long windows (hundreds of taps) spread over the lanes. */
__global__ static void
h_kernel (const uint32_t *src, int src_w, DeviceTable tx, int taps, int row0, int rows,
          int col0, int cols, PfResizeInter *inter)
{
  const unsigned full = 0xffffffffu;
  int lane = threadIdx.x & 31, sub = lane & 7;
  size_t n = (size_t) rows * cols;
  size_t warps = (size_t) gridDim.x * blockDim.x / 32;
  for (size_t w4 = ((size_t) blockIdx.x * blockDim.x + threadIdx.x) / 32; w4 * 4 < n; w4 += warps)
    {
      size_t item = w4 * 4 + (lane >> 3);
      int r = 0, g = 0, b = 0, al = 0;
      int y = 0, j = 0;
      if (item < n)
        {
          y = (int) (item / cols);
          j = col0 + (int) (item % cols);
          int start = tx.start[j], count = tx.count[j];
          const uint32_t *row = src + (size_t) (row0 + y) * src_w;
          const uint32_t *w = (const uint32_t *) (tx.weights + (size_t) j * taps);
          for (int k = sub; 2 * k < count; k += 8)
            {
              int x = start + 2 * k;
              uint32_t p0 = __ldg (row + x), p1 = x + 1 < src_w ? __ldg (row + x + 1) : 0u;
              uint32_t wp = __ldg (w + k);
              uint32_t q0 = __byte_perm (p0, p1, 0x5140), q1 = __byte_perm (p0, p1, 0x7362);
              r = dp2a_lo (wp, q0, r);
              g = dp2a_hi (wp, q0, g);
              b = dp2a_lo (wp, q1, b);
              al = dp2a_hi (wp, q1, al);
            }
        }
      for (int o = 4; o > 0; o >>= 1)
        {
          r += __shfl_xor_sync (full, r, o);
          g += __shfl_xor_sync (full, g, o);
          b += __shfl_xor_sync (full, b, o);
          al += __shfl_xor_sync (full, al, o);
        }
      if (item < n && sub == 0)
        {
          PfResizeInter v = { pf_resize_h_round (r), pf_resize_h_round (g), pf_resize_h_round (b),
                              pf_resize_h_round (al) };
          inter[(size_t) y * cols + (j - col0)] = v;
        }
    }
}

__global__ static void
v_kernel (const PfResizeInter *inter, DeviceTable ty, int taps, int row0, int out_row0,
          int out_rows, int col0, int cols, PfPixel *dst, int dst_w, int box_x, int box_y)
{
  size_t n = (size_t) out_rows * cols;
  size_t step = (size_t) gridDim.x * blockDim.x;
  for (size_t t = (size_t) blockIdx.x * blockDim.x + threadIdx.x; t < n; t += step)
    {
      int i = out_row0 + (int) (t / cols), j = (int) (t % cols);
      const PfResizeInter *col = inter + (size_t) (ty.start[i] - row0) * cols + j;
      dst[(size_t) (box_y + i) * dst_w + box_x + col0 + j]
          = pf_resize_v (col, (size_t) cols, ty.weights + (size_t) i * taps, ty.count[i]);
    }
}

/* ---------------------------------------------------------------------------------------
 * Host side
 */

/* Tap tables are kept per pair of axes: re-rendering a page resizes the same photos into
 * the same cells again, and then neither the tables kernel nor its launch is needed. */
#define RESIZE_CACHE_SLOTS 16

typedef struct
{
  PfResizeAxis x, y;
  uint8_t *mem;
  size_t size;
  uint64_t used;      /* last use, for eviction */
  bool valid;
} CachedTables;

struct _PfResizeCache
{
  CachedTables slot[RESIZE_CACHE_SLOTS];
  uint64_t clock;
};

static bool
axis_equal (const PfResizeAxis *a, const PfResizeAxis *b)
{
  return a->centre0 == b->centre0 && a->step == b->step && a->radius == b->radius
         && a->inv_scale == b->inv_scale && a->shift == b->shift && a->n_src == b->n_src
         && a->n_out == b->n_out && a->taps == b->taps && a->method == b->method;
}

void
pf_cuda_resize_cache_free (PfCuda *cuda)
{
  if (cuda->resize_cache == NULL)
    return;
  for (int i = 0; i < RESIZE_CACHE_SLOTS; i++)
    if (cuda->resize_cache->slot[i].mem != NULL)
      cudaFree (cuda->resize_cache->slot[i].mem);
  free (cuda->resize_cache);
  cuda->resize_cache = NULL;
}

/* Device memory holding @p's tables (@bytes of them), and whether they are already there.
 * NULL when no slot could be had: the caller builds them in work memory instead. */
static uint8_t *
cached_tables (PfContext *ctx, const PfResizeParams *p, size_t bytes, bool *ready)
{
  PfCuda *cuda = ctx->cuda;
  *ready = false;
  if (cuda->resize_cache == NULL
      && (cuda->resize_cache = (struct _PfResizeCache *) calloc (1, sizeof (struct _PfResizeCache)))
             == NULL)
    return NULL;
  struct _PfResizeCache *cache = cuda->resize_cache;
  CachedTables *victim = &cache->slot[0];
  for (int i = 0; i < RESIZE_CACHE_SLOTS; i++)
    {
      CachedTables *t = &cache->slot[i];
      if (t->valid && axis_equal (&t->x, &p->x) && axis_equal (&t->y, &p->y))
        {
          t->used = ++cache->clock;
          *ready = true;
          return t->mem;
        }
      /* a free slot, else the one used longest ago */
      if (victim->valid && (!t->valid || t->used < victim->used))
        victim = t;
    }
  victim->valid = false;
  if (victim->size < bytes)
    {
      if (victim->mem != NULL)
        {
          cudaStreamSynchronize (cuda->stream);  /* a queued resize may still read them */
          cudaFree (victim->mem);
        }
      victim->mem = NULL;
      victim->size = 0;
      if (cudaMalloc (&victim->mem, bytes) != cudaSuccess)
        {
          cudaGetLastError ();
          victim->mem = NULL;
          return NULL;
        }
      victim->size = bytes;
    }
  victim->x = p->x;
  victim->y = p->y;
  victim->used = ++cache->clock;
  victim->valid = true;
  return victim->mem;
}

/* The tables at @mem were not made after all. */
static void
pf_cuda_resize_cache_forget (PfContext *ctx, const uint8_t *mem)
{
  struct _PfResizeCache *cache = ctx->cuda->resize_cache;
  for (int i = 0; cache != NULL && i < RESIZE_CACHE_SLOTS; i++)
    if (cache->slot[i].mem == mem)
      cache->slot[i].valid = false;
}

/* An upper bound on how far apart the windows of @n consecutive outputs reach, in source
 * pixels: starts differ by at most ceil((n - 1) step) + 1 (one for the even start), and
 * never by more than the source. */
static int
window_span (const PfResizeAxis *a, int n)
{
  int64_t d = (((int64_t) (n - 1) * a->step + 0xffffffffll) >> 32) + 1;
  if (d > a->n_src)
    d = a->n_src;
  return (int) d + a->taps;
}

static size_t
align16 (size_t v)
{
  return (v + 15) & ~(size_t) 15;
}

typedef struct
{
  int k;              /* pixel pairs a lane stages per row */
  int tile_h;
  int npairs;
  int stage_stride;
  int wx_stride;
  int nrows;
  size_t smem;
} FusedPlan;

/* The tallest tile (up to 64 rows) whose shared memory fits @budget: taller tiles redo
 * fewer horizontal rows at their edges, smaller ones let more blocks share an SM. */
static bool
plan_fused (const PfResizeParams *p, int budget, FusedPlan *plan)
{
  plan->npairs = (window_span (&p->x, TILE_W) + 1) / 2;
  plan->k = (plan->npairs + 31) / 32;
  if (plan->k > FUSED_MAX_K)
    return false;
  int cols = 2 * plan->npairs;
  plan->stage_stride = cols + ((2 - cols) % 32 + 32) % 32;
  plan->wx_stride = (p->x.taps / 2 + 1) & ~1;
  for (int th = p->y.n_out < 64 ? p->y.n_out : 64; th >= 1; th--)
    {
      plan->tile_h = th;
      plan->nrows = (window_span (&p->y, th) + 1) & ~1;
      size_t head = ((size_t) TILE_W * plan->wx_stride + (size_t) th * p->y.taps / 2 + TILE_W
                     + th + 3) & ~(size_t) 3;
      size_t words = head + (size_t) plan->nrows / 2 * INTER_STRIDE * 4
                     + (size_t) CHUNK * plan->stage_stride;
      plan->smem = words * 4;
      if (plan->smem <= (size_t) budget)
        return true;
    }
  return false;
}

/* Of the plans that fit a budget of shared memory, the one with the tallest tile, trying
 * budgets from the smallest: three blocks an SM (74 KiB each on an H100) while tiles stay
 * 16 rows or taller (at Lanczos' reach about a third of the horizontal pass is then
 * redone), else fewer, taller ones. */
static bool
plan_fused_best (const PfResizeParams *p, int smem_max, FusedPlan *plan)
{
  static const int budgets[] = { 74 * 1024, 110 * 1024, 220 * 1024 };
  bool found = false;
  for (size_t b = 0; b < sizeof budgets / sizeof budgets[0]; b++)
    {
      FusedPlan t = {};
      if (budgets[b] > smem_max || !plan_fused (p, budgets[b], &t))
        continue;
      if (!found || t.tile_h > plan->tile_h)
        *plan = t;
      found = true;
      if (plan->tile_h >= 16 || plan->tile_h == p->y.n_out)
        break;
    }
  return found;
}

template <int K>
static PfStatus
launch_fused (PfContext *ctx, const FusedArgs &a, const FusedPlan &plan)
{
  static PfSharedGrant grant;
  PfStatus status = pf_cuda_allow_shared (ctx, (const void *) fused_kernel<K>, 0, plan.smem, &grant,
                                          "resize (shared memory)");
  if (status != PF_OK)
    return status;
  dim3 grid ((unsigned) (a.n_x + TILE_W - 1) / TILE_W,
             (unsigned) (a.n_y + plan.tile_h - 1) / plan.tile_h);
  fused_kernel<K><<<grid, THREADS, plan.smem, pf_cuda_stream (ctx)>>> (a);
  return pf_cuda_launched (ctx, "resize");
}

typedef struct
{
  int groups;         /* groups of 16 columns an 8-column tile reaches */
  int qk;             /* quads a lane stages per row */
  int tile_h;
  int nquads;
  int quad_stride;
  int nrows;
  int ring_pairs;     /* row pairs of the intermediate ring: a power of two */
  size_t smem;
} MmaPlan;

#define MMA_MAX_TH 256

/* The tensor-core path's tiles. A chunk stages, from the tile's first start rounded down
 * to a quad, the columns any of its warps' groups reach. The intermediate is a ring holding a
 * chunk and the rows eight windows reach before it, so a tile's height costs shared memory
 * only for its row tables. Taller tiles redo fewer source rows at their edges but make
 * fewer blocks: the height is the one whose rounds of blocks on the device (each as long
 * as its blocks' chunks of rows) end soonest. */
static bool
plan_mma (const PfResizeParams *p, const PfCuda *cuda, int budget, MmaPlan *plan)
{
  /* A warp's groups start on a quad (16-byte ldmatrix rows), at most 2 before its first
   * window (starts are even); the windows of its 8 columns start within
   * window_span (8) - taps of each other and hold at most max_count + 1 taps from there. */
  int reach = window_span (&p->x, 8) - p->x.taps
              + pf_resize_axis_max_count (p->x.method, p->x.radius, p->x.n_src) + 1 + 2;
  plan->groups = (reach + 15) / 16;
  if (plan->groups > MMA_MAX_G || plan->groups < 2)
    return false;
  int cols = window_span (&p->x, TILE_W - 7) - p->x.taps + 3 + 16 * plan->groups;
  plan->nquads = (cols + 3) / 4;
  plan->qk = (plan->nquads + 31) / 32;
  if (plan->qk > MMA_MAX_QK)
    return false;
  /* an odd number of quads: ldmatrix's eight rows fall in distinct 16-byte bank groups */
  plan->quad_stride = plan->nquads | 1;
  plan->ring_pairs = 1;
  while (2 * plan->ring_pairs < CHUNK + window_span (&p->y, WARPS))
    plan->ring_pairs *= 2;

  int64_t col_tiles = (p->x.n_out + TILE_W - 1) / TILE_W, best = 0;
  bool found = false;
  for (int bands = 1;; bands++)
    {
      /* the shortest tile that makes this many bands of rows */
      int th = (p->y.n_out + bands - 1) / bands;
      if (th > MMA_MAX_TH || (p->y.n_out + th - 1) / th != bands)
        continue;
      int nrows = (window_span (&p->y, th) + 1) & ~1;
      size_t bytes = (size_t) 16 * CHUNK * plan->quad_stride
                     + (size_t) 16 * plan->ring_pairs * INTER_STRIDE
                     + (size_t) 4 * (th * p->y.taps / 2 + th + (nrows + CHUNK - 1) / CHUNK);
      if (bytes <= (size_t) budget)
        {
          int per_sm = cuda->smem_per_sm / ((int) bytes + cuda->smem_reserved);
          per_sm = per_sm < MMA_MIN_BLOCKS ? per_sm : MMA_MIN_BLOCKS;
          int64_t slots = (int64_t) cuda->sm_count * (per_sm > 0 ? per_sm : 1);
          int64_t rounds = (col_tiles * bands + slots - 1) / slots;
          int64_t cost = rounds * ((nrows + CHUNK - 1) / CHUNK);
          if (!found || cost < best)
            {
              found = true;
              best = cost;
              plan->tile_h = th;
              plan->nrows = nrows;
              plan->smem = bytes;
            }
        }
      if (th <= 8 || bands >= p->y.n_out)
        break;
    }
  return found;
}

template <int G, int QK>
static PfStatus
launch_mma (PfContext *ctx, const FusedArgs &a, const MmaPlan &plan)
{
  static PfSharedGrant grant;
  PfStatus status = pf_cuda_allow_shared (ctx, (const void *) fused_mma_kernel<G, QK>, 0, plan.smem, &grant,
                                          "resize (shared memory)");
  if (status != PF_OK)
    return status;
  dim3 grid ((unsigned) (a.n_x + TILE_W - 1) / TILE_W,
             (unsigned) (a.n_y + plan.tile_h - 1) / plan.tile_h);
  fused_mma_kernel<G, QK><<<grid, THREADS, plan.smem, pf_cuda_stream (ctx)>>> (a);
  return pf_cuda_launched (ctx, "resize");
}

template <int G>
static PfStatus
launch_mma_qk (PfContext *ctx, const FusedArgs &a, const MmaPlan &plan)
{
  switch (plan.qk)
    {
    case 1: return launch_mma<G, 1> (ctx, a, plan);
    case 2: return launch_mma<G, 2> (ctx, a, plan);
    case 3: return launch_mma<G, 3> (ctx, a, plan);
    default: return launch_mma<G, 4> (ctx, a, plan);
    }
}

static PfStatus
run_mma (PfContext *ctx, const FusedArgs &a, const MmaPlan &plan)
{
  switch (plan.groups)
    {
    case 2: return launch_mma_qk<2> (ctx, a, plan);
    case 3: return launch_mma_qk<3> (ctx, a, plan);
    case 4: return launch_mma_qk<4> (ctx, a, plan);
    case 5: return launch_mma_qk<5> (ctx, a, plan);
    default: return launch_mma_qk<6> (ctx, a, plan);
    }
}

static PfStatus
run_two_pass (PfContext *ctx, const PfResizeParams *p, DeviceTable tx, DeviceTable ty,
              PfResizeInter *inter, size_t inter_cap)
{
  cudaStream_t stream = pf_cuda_stream (ctx);
  int n_x = p->x.n_out, n_y = p->y.n_out;
  /* Bands of whole output rows: find each band's rows from the same windows the tables
   * hold. One output row needs at most n_src rows; strips keep that within budget. */
  int64_t lo, hi;
  int first, last, max_rows = 1;
  for (int i = 0; i < n_y; i++)
    {
      pf_resize_axis_window (&p->y, i, &lo, &hi, &first, &last);
      int rows = last - (first & ~1) + 1;
      max_rows = rows > max_rows ? rows : max_rows;
    }
  size_t cap = inter_cap / sizeof (PfResizeInter);
  int strip = n_x;
  if ((size_t) strip * max_rows > cap)
    strip = (int) (cap / max_rows);

  for (int col0 = 0; col0 < n_x; col0 += strip)
    {
      int cols = n_x - col0 < strip ? n_x - col0 : strip;
      int band_rows = (int) (cap / cols);
      for (int i0 = 0, i1; i0 < n_y; i0 = i1)
        {
          pf_resize_axis_window (&p->y, i0, &lo, &hi, &first, &last);
          int row0 = first & ~1, row1 = row0;
          for (i1 = i0; i1 < n_y; i1++)
            {
              pf_resize_axis_window (&p->y, i1, &lo, &hi, &first, &last);
              if (last + 1 - row0 > band_rows)
                break;
              row1 = last + 1;
            }
          int rows = row1 - row0;
          h_kernel<<<pf_cuda_blocks (ctx, (size_t) rows * cols * 8, 256), 256, 0, stream>>> (
              (const uint32_t *) p->src, p->src_width, tx, p->x.taps, row0, rows, col0, cols,
              inter);
          v_kernel<<<pf_cuda_blocks (ctx, (size_t) (i1 - i0) * cols, 256), 256, 0, stream>>> (
              inter, ty, p->y.taps, row0, i0, i1 - i0, col0, cols, (PfPixel *) p->dst,
              p->dst_width, p->box.x, p->box.y);
          PfStatus status = pf_cuda_launched (ctx, "resize (two-pass)");
          if (status != PF_OK)
            return status;
        }
    }
  return PF_OK;
}

PfStatus
pf_cuda_resize (PfContext *ctx, const PfResizeParams *p)
{
  int n_x = p->x.n_out, n_y = p->y.n_out;
  cudaStream_t stream = pf_cuda_stream (ctx);
  if (p->x.method == PF_RESIZE_NEAREST)
    {
      dim3 block (32, 8);
      nearest_kernel<<<pf_cuda_grid_2d (n_x, n_y, block), block, 0, stream>>> (
          (const uint32_t *) p->src, p->src_width, (uint32_t *) p->dst, p->dst_width, p->box,
          p->x, p->y);
      return pf_cuda_launched (ctx, "resize (nearest)");
    }

  /* The tensor-core path needs integer MMA (sm_80); the dp2a one runs everywhere. */
  int smem_max = ctx->cuda->smem_optin;
  int major = ctx->cuda->cc_major;
  MmaPlan mplan = {};
  FusedPlan plan = {};
  /* Tiles of 8 to 64 rows whose windows fit SHORT_MAX_ROWS: the blocks sharing an SM share
   * its throughput, so the height whose busiest SM has the fewest rows to read and write
   * (blocks an SM, times source and output rows a block) wins. */
  int short_th = 0;
  if (p->x.taps <= 2 * SHORT_MAX_PAIRS && p->y.taps <= 2 * SHORT_MAX_PAIRS)
    {
      int sms = ctx->cuda->sm_count;
      int64_t best = 0;
      for (int th = 8; th <= SHORT_MAX_TH; th += 8)
        {
          int rows = window_span (&p->y, th) + 1;
          if (rows > SHORT_MAX_ROWS)
            break;
          int64_t blocks = (int64_t) ((n_x + TILE_W - 1) / TILE_W) * ((n_y + th - 1) / th);
          int64_t cost = (blocks + sms - 1) / sms * (rows + th);
          if (short_th == 0 || cost < best)
            {
              best = cost;
              short_th = th;
            }
          if (th >= n_y)
            break;
        }
    }
  bool short_path = short_th > 0;
  bool mma = !short_path && major >= 8 && p->x.taps >= MMA_MIN_TAPS
             && plan_mma (p, ctx->cuda, smem_max, &mplan);
  bool fused = short_path || mma || plan_fused_best (p, smem_max, &plan);

  /* Work memory: both tables, then (two-pass only) the intermediate. */
  size_t off_count_x = align16 ((size_t) n_x * 4);
  size_t off_start_y = off_count_x + align16 ((size_t) n_x * 4);
  size_t off_count_y = off_start_y + align16 ((size_t) n_y * 4);
  size_t off_w_x = off_count_y + align16 ((size_t) n_y * 4);
  size_t off_w_y = off_w_x + align16 ((size_t) n_x * p->x.taps * 2);
  size_t off_inter = off_w_y + align16 ((size_t) n_y * p->y.taps * 2);
  size_t inter_cap = 0;
  if (!fused)
    {
      /* All the rows for all the columns if that is modest; at least one column's. */
      size_t column = (size_t) p->src_height * sizeof (PfResizeInter);
      inter_cap = column * (size_t) n_x;
      inter_cap = inter_cap < INTER_BUDGET ? inter_cap : INTER_BUDGET;
      inter_cap = inter_cap > column ? inter_cap : column;
    }
  bool ready = false;
  uint8_t *tables = cached_tables (ctx, p, off_inter, &ready), *work = NULL;
  size_t work_bytes = (tables != NULL ? 0 : off_inter) + inter_cap;
  PfStatus status = work_bytes > 0 ? pf_cuda_work (ctx, work_bytes, (void **) &work) : PF_OK;
  if (status != PF_OK)
    return status;
  if (tables == NULL)
    {
      tables = work;
      work += off_inter;
    }

  DeviceTable tx = { (int32_t *) tables, (int32_t *) (tables + off_count_x),
                     (int16_t *) (tables + off_w_x) };
  DeviceTable ty = { (int32_t *) (tables + off_start_y), (int32_t *) (tables + off_count_y),
                     (int16_t *) (tables + off_w_y) };
  if (!ready)
    {
      int n_tables = n_x + n_y;
      tables_kernel<<<(n_tables + 3) / 4, 128, 0, stream>>> (p->x, tx, p->y, ty);
      status = pf_cuda_launched (ctx, "resize tables");
      if (status != PF_OK)
        {
          pf_cuda_resize_cache_forget (ctx, tables);
          return status;
        }
    }

  if (!fused)
    return run_two_pass (ctx, p, tx, ty, (PfResizeInter *) work, inter_cap);

  FusedArgs a = {};
  a.src = (const uint32_t *) p->src;
  a.src_w = p->src_width;
  a.src_h = p->src_height;
  a.dst = (uint32_t *) p->dst;
  a.dst_w = p->dst_width;
  a.box_x = p->box.x;
  a.box_y = p->box.y;
  a.n_x = n_x;
  a.n_y = n_y;
  a.start_x = tx.start;
  a.start_y = ty.start;
  a.w_x = (const uint32_t *) tx.weights;
  a.w_y = (const uint32_t *) ty.weights;
  a.pairs_x = p->x.taps / 2;
  a.pairs_y = p->y.taps / 2;
  a.w16_x = tx.weights;
  a.count_x = tx.count;
  a.taps_x = p->x.taps;
  if (short_path)
    {
      a.tile_h = short_th;
      dim3 grid ((unsigned) (n_x + TILE_W - 1) / TILE_W, (unsigned) (n_y + short_th - 1) / short_th);
#define SHORT_LAUNCH(P)                                                                      \
  case P:                                                                                    \
    short_kernel<P><<<grid, THREADS, 0, stream>>> (a);                                       \
    break;
      switch (p->x.taps / 2)
        {
          SHORT_LAUNCH (1)
          SHORT_LAUNCH (2)
          SHORT_LAUNCH (3)
          SHORT_LAUNCH (4)
          SHORT_LAUNCH (5)
          SHORT_LAUNCH (6)
          SHORT_LAUNCH (7)
          default:
          SHORT_LAUNCH (8)
        }
#undef SHORT_LAUNCH
      return pf_cuda_launched (ctx, "resize");
    }
  if (mma)
    {
      a.tile_h = mplan.tile_h;
      a.nrows = mplan.nrows;
      a.nquads = mplan.nquads;
      a.quad_stride = mplan.quad_stride;
      a.ring_mask = mplan.ring_pairs - 1;
      return run_mma (ctx, a, mplan);
    }
  a.wx_stride = plan.wx_stride;
  a.tile_h = plan.tile_h;
  a.npairs = plan.npairs;
  a.stage_stride = plan.stage_stride;
  a.nrows = plan.nrows;
  switch (plan.k)
    {
    case 1: return launch_fused<1> (ctx, a, plan);
    case 2: return launch_fused<2> (ctx, a, plan);
    case 3: return launch_fused<3> (ctx, a, plan);
    case 4: return launch_fused<4> (ctx, a, plan);
    case 5: return launch_fused<5> (ctx, a, plan);
    case 6: return launch_fused<6> (ctx, a, plan);
    case 7: return launch_fused<7> (ctx, a, plan);
    default: return launch_fused<8> (ctx, a, plan);
    }
}
