/* pf-private.h — engine internals shared by the CPU (.c) and CUDA (.cu) files
 *
 * Kept C++-compatible: nvcc compiles the .cu files as C++.
 */
#pragma once

#include "photoff-engine.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Per-pixel maths is written once in the -math.h headers and compiled for the host
 * and, inside .cu files, for the device too, so that the backends cannot drift apart. */
#ifdef __CUDACC__
#define PF_HD __host__ __device__ __forceinline__
#define PF_RESTRICT __restrict__
#else
#define PF_HD static inline
#define PF_RESTRICT restrict
#endif

#define PF_INTERNAL __attribute__ ((visibility ("hidden")))

typedef struct _PfThreads PfThreads;
typedef struct _PfCuda PfCuda;

struct _PfImage
{
  PfContext *ctx;
  uint8_t *data;        /* host memory (CPU backend) or device memory (CUDA) */
  int width;
  int height;
  size_t capacity;      /* pixels allocated */
  PfImage *pool_next;   /* link in the pool's idle list */
  bool in_pool;
};

struct _PfContext
{
  PfBackend backend;
  PfPool *pool;
  PfThreads *threads;   /* CPU backend workers */
  PfCuda *cuda;         /* CUDA backend state, or NULL */
  size_t memory_limit;
  size_t memory_used;
  size_t allocations;
  char description[640];
  char last_error[512];
};

/* Records @status with a printf-style detail for pf_context_last_error(); returns it. */
PF_INTERNAL PfStatus pf_context_set_error (PfContext *ctx, PfStatus status, const char *format,
                                           ...) __attribute__ ((format (printf, 3, 4)));

/* Argument checks shared by every op: non-NULL, same context, sizes within limits. */
PF_INTERNAL PfStatus pf_check_image (PfContext *ctx, const PfImage *image);
PF_INTERNAL PfStatus pf_check_size (int width, int height);

/* Sets @image's logical size for an op's output, with the op's error reporting. */
PF_INTERNAL PfStatus pf_image_resize_logical (PfImage *image, int width, int height);

/* Backend memory: zeroed allocations counted against the context's limit. On OOM the
 * pool is trimmed and the allocation retried once. */
PF_INTERNAL PfStatus pf_memory_alloc (PfContext *ctx, size_t bytes, void **out);
PF_INTERNAL void pf_memory_free (PfContext *ctx, void *data, size_t bytes);

PF_INTERNAL void pf_pool_destroy (PfPool *pool);
PF_INTERNAL PfPool *pf_pool_new (PfContext *ctx);

/* CPU backend: runs fn over [0, rows) split into bands on the context's workers (and the
 * calling thread). @cost_per_row is a rough count of pixel operations per row: small jobs
 * run inline, where waking threads would cost more than the work. */
typedef void (*PfRowFunc) (void *data, int y0, int y1);
PF_INTERNAL void pf_parallel_rows (PfContext *ctx, int rows, size_t cost_per_row, PfRowFunc fn,
                                   void *data);

PF_INTERNAL PfThreads *pf_threads_new (int count);
PF_INTERNAL void pf_threads_free (PfThreads *threads);
PF_INTERNAL int pf_threads_get_count (const PfThreads *threads);
PF_INTERNAL void pf_threads_run (PfThreads *threads, int rows, int chunk, PfRowFunc fn,
                                 void *data);

/* Pixel row @y of a packed image's data. */
#define PF_ROW(data, width, y) ((data) + (size_t) (y) * (size_t) (width) * 4)

#ifdef PF_HAVE_CUDA
/* CUDA backend (pf-cuda.cu). */
PF_INTERNAL PfStatus pf_cuda_init (PfContext *ctx, bool required);
PF_INTERNAL void pf_cuda_shutdown (PfContext *ctx);
PF_INTERNAL PfStatus pf_cuda_alloc (PfContext *ctx, size_t bytes, void **out);
PF_INTERNAL void pf_cuda_free (PfContext *ctx, void *data);
PF_INTERNAL PfStatus pf_cuda_upload (PfContext *ctx, PfImage *image, const void *pixels,
                                     size_t stride);
PF_INTERNAL PfStatus pf_cuda_download (PfContext *ctx, const PfImage *image, void *pixels,
                                       size_t stride);
PF_INTERNAL PfStatus pf_cuda_copy (PfContext *ctx, const PfImage *src, PfImage *dst);
/* @height rows of @width pixels, both @stride bytes apart, device to device. */
PF_INTERNAL PfStatus pf_cuda_copy_rows (PfContext *ctx, uint8_t *dst, const uint8_t *src,
                                        size_t stride, int width, int height);
PF_INTERNAL PfStatus pf_cuda_finish (PfContext *ctx);
PF_INTERNAL void *pf_cuda_get_stream (PfContext *ctx);
PF_INTERNAL PfStatus pf_cuda_host_alloc (PfContext *ctx, size_t bytes, void **out);
PF_INTERNAL void pf_cuda_host_free (PfContext *ctx, void *data);
/* Temporary device bytes for an op's internals, valid until the next call (ops are
 * ordered on one stream, so one growing buffer serves them all). */
PF_INTERNAL PfStatus pf_cuda_work (PfContext *ctx, size_t bytes, void **out);

#define PF_DISPATCH(ctx, op, params)                                                         \
  ((ctx)->backend == PF_BACKEND_CUDA ? pf_cuda_##op ((ctx), (params))                        \
                                     : pf_cpu_##op ((ctx), (params)))
#else
#define PF_DISPATCH(ctx, op, params) pf_cpu_##op ((ctx), (params))
#endif

#ifdef __cplusplus
}
#endif
