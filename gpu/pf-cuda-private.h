/* pf-cuda-private.h — what the .cu files share (C++, nvcc only) */
#pragma once

#include <cuda_runtime.h>

#include "pf-private.h"

struct _PfCuda
{
  int device;
  int sm_count;
  cudaStream_t stream;
  /* Two pinned staging halves, so one can be filled while the other is in flight. */
  uint8_t *staging[2];
  size_t staging_size;
  cudaEvent_t staging_free[2];
  void *work;
  size_t work_size;
  size_t total_memory;
  /* PHOTOFF_CUDA_FAULT_AFTER=N makes the Nth kernel launch report a device error: how the
   * tests check that a failing GPU is reported and the renderer carries on on the CPU. */
  long fault_after;
  /* Asked once: the largest opt-in shared memory of a block (at least 48 KiB), the compute
   * capability, an SM's shared memory and what the driver keeps of it for each block. */
  int smem_optin;
  int cc_major;
  int smem_per_sm;
  int smem_reserved;
  /* Tap tables of recent resizes (pf-resize.cu): a page re-render asks for the same ones. */
  struct _PfResizeCache *resize_cache;
};

PF_INTERNAL void pf_cuda_resize_cache_free (PfCuda *cuda);

/* What the driver was told a kernel may use: kept by the caller, one a kernel (a static
 * beside its launch), zeroed at first. */
typedef struct
{
  int device;      /* + 1; 0 = nothing asked yet */
  size_t bytes;    /* dynamic shared memory allowed there */
} PfSharedGrant;

/* Lets @kernel, whose static shared memory is at most @static_bytes, take @dynamic bytes of
 * dynamic shared memory: past the 48 KiB default the driver is asked, once a device, for
 * all the device allows. */
PF_INTERNAL PfStatus pf_cuda_allow_shared (PfContext *ctx, const void *kernel,
                                           size_t static_bytes, size_t dynamic,
                                           PfSharedGrant *grant, const char *what);

static inline cudaStream_t
pf_cuda_stream (PfContext *ctx)
{
  return ctx->cuda->stream;
}

/* Maps a CUDA error to a status, keeping the message for pf_context_last_error(). */
PF_INTERNAL PfStatus pf_cuda_check (PfContext *ctx, cudaError_t err, const char *what);

/* After a kernel launch: reports a launch failure without waiting for the kernel. */
static inline PfStatus
pf_cuda_launched (PfContext *ctx, const char *what)
{
  if (ctx->cuda->fault_after > 0 && --ctx->cuda->fault_after == 0)
    return pf_context_set_error (ctx, PF_ERROR_DEVICE, "%s: injected device fault", what);
  return pf_cuda_check (ctx, cudaGetLastError (), what);
}

/* Blocks for a grid-stride loop over n items: enough to fill the device, no more. */
static inline unsigned
pf_cuda_blocks (PfContext *ctx, size_t n, unsigned threads)
{
  size_t want = (n + threads - 1) / threads;
  size_t cap = (size_t) ctx->cuda->sm_count * 16;
  if (want > cap)
    want = cap;
  return want > 0 ? (unsigned) want : 1u;
}

static inline dim3
pf_cuda_grid_2d (int width, int height, dim3 block)
{
  return dim3 ((unsigned) (width + block.x - 1) / block.x,
               (unsigned) (height + block.y - 1) / block.y);
}
