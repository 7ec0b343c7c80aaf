/* pf-cuda.cu — CUDA backend: device choice, memory, staging, transfers */
#include "pf-cuda-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 16 MiB a staging half: large enough for full-speed DMA, small enough to pipeline. */
#define STAGING_HALF ((size_t) 16 << 20)

PfStatus
pf_cuda_check (PfContext *ctx, cudaError_t err, const char *what)
{
  if (err == cudaSuccess)
    return PF_OK;
  /* Clears the error unless it is sticky (then the context is lost for good). */
  cudaGetLastError ();
  PfStatus status = err == cudaErrorMemoryAllocation ? PF_ERROR_OUT_OF_MEMORY : PF_ERROR_DEVICE;
  return pf_context_set_error (ctx, status, "%s: %s", what, cudaGetErrorString (err));
}

__global__ static void
probe_kernel (int *out)
{
  if (out != NULL)
    *out = 1;
}

PfStatus
pf_cuda_init (PfContext *ctx, bool required)
{
  (void) required;
  int count = 0;
  cudaError_t err = cudaGetDeviceCount (&count);
  if (err != cudaSuccess || count == 0)
    {
      cudaGetLastError ();
      return pf_context_set_error (ctx, PF_ERROR_NO_DEVICE, "%s",
                                   err != cudaSuccess ? cudaGetErrorString (err)
                                                      : "no CUDA device found");
    }

  int device = 0;
  const char *env = getenv ("PHOTOFF_CUDA_DEVICE");
  if (env != NULL)
    device = atoi (env);
  if (device < 0 || device >= count)
    return pf_context_set_error (ctx, PF_ERROR_NO_DEVICE,
                                 "PHOTOFF_CUDA_DEVICE=%d: only %d device%s", device, count,
                                 count == 1 ? "" : "s");

  cudaDeviceProp prop;
  if ((err = cudaSetDevice (device)) != cudaSuccess
      || (err = cudaGetDeviceProperties (&prop, device)) != cudaSuccess)
    {
      cudaGetLastError ();
      return pf_context_set_error (ctx, PF_ERROR_NO_DEVICE, "%s", cudaGetErrorString (err));
    }

  /* A kernel of ours must be loadable: a device older than our oldest arch fails here. */
  cudaFuncAttributes attr;
  err = cudaFuncGetAttributes (&attr, probe_kernel);
  if (err != cudaSuccess)
    {
      cudaGetLastError ();
      return pf_context_set_error (ctx, PF_ERROR_NO_DEVICE, "%s (sm_%d%d): %s", prop.name,
                                   prop.major, prop.minor, cudaGetErrorString (err));
    }

  PfCuda *cuda = (PfCuda *) calloc (1, sizeof *cuda);
  if (cuda == NULL)
    return PF_ERROR_OUT_OF_MEMORY;
  cuda->device = device;
  const char *fault = getenv ("PHOTOFF_CUDA_FAULT_AFTER");
  cuda->fault_after = fault != NULL ? atol (fault) : 0;
  cuda->sm_count = prop.multiProcessorCount;
  cuda->total_memory = prop.totalGlobalMem;
  /* never below the 48 KiB every block may use without asking */
  cuda->smem_optin = prop.sharedMemPerBlockOptin > 48 * 1024 ? (int) prop.sharedMemPerBlockOptin
                                                              : 48 * 1024;
  cuda->cc_major = prop.major;
  cuda->smem_per_sm = (int) prop.sharedMemPerMultiprocessor;
  cuda->smem_reserved = (int) prop.reservedSharedMemPerBlock;
  err = cudaStreamCreateWithFlags (&cuda->stream, cudaStreamNonBlocking);
  for (int i = 0; i < 2 && err == cudaSuccess; i++)
    err = cudaEventCreateWithFlags (&cuda->staging_free[i], cudaEventDisableTiming);
  ctx->cuda = cuda;
  if (err != cudaSuccess)
    {
      PfStatus status = pf_cuda_check (ctx, err, "creating the CUDA stream");
      pf_cuda_shutdown (ctx);
      return status == PF_ERROR_DEVICE ? PF_ERROR_NO_DEVICE : status;
    }

  ctx->backend = PF_BACKEND_CUDA;
  snprintf (ctx->description, sizeof ctx->description, "CUDA: %s (%.1f GiB, sm_%d%d, %d SMs)",
            prop.name, (double) prop.totalGlobalMem / (1 << 30), prop.major, prop.minor,
            prop.multiProcessorCount);
  return PF_OK;
}

void
pf_cuda_shutdown (PfContext *ctx)
{
  PfCuda *cuda = ctx->cuda;
  if (cuda == NULL)
    return;
  if (cuda->stream != NULL)
    cudaStreamSynchronize (cuda->stream);
  if (cuda->work != NULL)
    cudaFree (cuda->work);
  pf_cuda_resize_cache_free (cuda);
  for (int i = 0; i < 2; i++)
    {
      if (cuda->staging[i] != NULL)
        cudaFreeHost (cuda->staging[i]);
      if (cuda->staging_free[i] != NULL)
        cudaEventDestroy (cuda->staging_free[i]);
    }
  if (cuda->stream != NULL)
    cudaStreamDestroy (cuda->stream);
  cudaGetLastError ();
  free (cuda);
  ctx->cuda = NULL;
}

PfStatus
pf_cuda_alloc (PfContext *ctx, size_t bytes, void **out)
{
  void *data = NULL;
  cudaError_t err = cudaMalloc (&data, bytes);
  if (err != cudaSuccess)
    {
      cudaGetLastError ();
      size_t free_bytes = 0, total = 0;
      cudaMemGetInfo (&free_bytes, &total);
      return pf_context_set_error (ctx, err == cudaErrorMemoryAllocation ? PF_ERROR_OUT_OF_MEMORY
                                                                         : PF_ERROR_DEVICE,
                                   "cudaMalloc of %zu bytes: %s (%zu of %zu bytes free)", bytes,
                                   cudaGetErrorString (err), free_bytes, total);
    }
  /* Stream-ordered zeroing: every later use is on the same stream. */
  err = cudaMemsetAsync (data, 0, bytes, pf_cuda_stream (ctx));
  if (err != cudaSuccess)
    {
      cudaFree (data);
      return pf_cuda_check (ctx, err, "zeroing a new image");
    }
  *out = data;
  return PF_OK;
}

void
pf_cuda_free (PfContext *ctx, void *data)
{
  /* The stream may still be using it. */
  cudaStreamSynchronize (pf_cuda_stream (ctx));
  cudaFree (data);
  cudaGetLastError ();
}

PfStatus
pf_cuda_allow_shared (PfContext *ctx, const void *kernel, size_t static_bytes, size_t dynamic,
                      PfSharedGrant *grant, const char *what)
{
  if (static_bytes + dynamic <= 48 * 1024
      || (grant->device == ctx->cuda->device + 1 && dynamic <= grant->bytes))
    return PF_OK;
  size_t most = (size_t) ctx->cuda->smem_optin > static_bytes
                    ? (size_t) ctx->cuda->smem_optin - static_bytes
                    : 0;
  cudaError_t err = cudaFuncSetAttribute (kernel, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                          (int) most);
  if (err != cudaSuccess)
    return pf_cuda_check (ctx, err, what);
  grant->device = ctx->cuda->device + 1;
  grant->bytes = most;
  return PF_OK;
}

PfStatus
pf_cuda_work (PfContext *ctx, size_t bytes, void **out)
{
  PfCuda *cuda = ctx->cuda;
  if (bytes <= cuda->work_size)
    {
      *out = cuda->work;
      return PF_OK;
    }
  if (cuda->work != NULL)
    {
      cudaStreamSynchronize (cuda->stream);
      cudaFree (cuda->work);
      cuda->work = NULL;
      cuda->work_size = 0;
    }
  /* Grow by half again, so that a slowly growing request does not reallocate each time. */
  size_t size = bytes + bytes / 2;
  cudaError_t err = cudaMalloc (&cuda->work, size);
  if (err != cudaSuccess)
    {
      cuda->work = NULL;
      cudaGetLastError ();
      size = bytes;
      if (ctx->pool != NULL)
        pf_pool_trim (ctx->pool);
      err = cudaMalloc (&cuda->work, size);
    }
  if (err != cudaSuccess)
    {
      cuda->work = NULL;
      return pf_cuda_check (ctx, err, "allocating device work memory");
    }
  cuda->work_size = size;
  *out = cuda->work;
  return PF_OK;
}

static PfStatus
ensure_staging (PfContext *ctx)
{
  PfCuda *cuda = ctx->cuda;
  if (cuda->staging[0] != NULL)
    return PF_OK;
  for (int i = 0; i < 2; i++)
    {
      cudaError_t err = cudaMallocHost ((void **) &cuda->staging[i], STAGING_HALF);
      if (err != cudaSuccess)
        return pf_cuda_check (ctx, err, "allocating pinned staging memory");
      cudaEventRecord (cuda->staging_free[i], cuda->stream);
    }
  cuda->staging_size = STAGING_HALF;
  return PF_OK;
}

static void
copy_rows_host (uint8_t *dst, size_t dst_stride, const uint8_t *src, size_t src_stride,
                size_t row_bytes, int rows)
{
  if (dst_stride == row_bytes && src_stride == row_bytes)
    memcpy (dst, src, row_bytes * (size_t) rows);
  else
    for (int y = 0; y < rows; y++)
      memcpy (dst + (size_t) y * dst_stride, src + (size_t) y * src_stride, row_bytes);
}

/* Rows per band: about an eighth of the image (at least 256 KiB, at most a staging half),
 * so that the host copy of one band overlaps the DMA of the next even for a small preview.
 * 0 when a row is wider than a half: that goes through pageable memory. */
static int
rows_per_band (size_t row_bytes, int height)
{
  size_t total = row_bytes * (size_t) height;
  size_t band = total / 8;
  if (band < ((size_t) 256 << 10))
    band = (size_t) 256 << 10;
  if (band > STAGING_HALF)
    band = STAGING_HALF;
  int rows = (int) (band / row_bytes);
  if (rows == 0 && row_bytes <= STAGING_HALF)
    rows = 1;
  return rows;
}

PfStatus
pf_cuda_upload (PfContext *ctx, PfImage *image, const void *pixels, size_t stride)
{
  PfCuda *cuda = ctx->cuda;
  size_t row_bytes = (size_t) image->width * 4;
  int band = rows_per_band (row_bytes, image->height);
  PfStatus status = ensure_staging (ctx);
  if (status != PF_OK || band == 0)
    {
      cudaError_t err = cudaMemcpy2DAsync (image->data, row_bytes, pixels, stride, row_bytes,
                                           image->height, cudaMemcpyHostToDevice, cuda->stream);
      if (err == cudaSuccess)
        err = cudaStreamSynchronize (cuda->stream);
      return pf_cuda_check (ctx, err, "uploading an image");
    }

  /* Fill one half while the other is on its way to the device. */
  int half = 0;
  for (int y = 0; y < image->height; y += band, half ^= 1)
    {
      int rows = image->height - y < band ? image->height - y : band;
      cudaError_t err = cudaEventSynchronize (cuda->staging_free[half]);
      if (err != cudaSuccess)
        return pf_cuda_check (ctx, err, "uploading an image");
      copy_rows_host (cuda->staging[half], row_bytes,
                      (const uint8_t *) pixels + (size_t) y * stride, stride, row_bytes, rows);
      err = cudaMemcpyAsync (image->data + (size_t) y * row_bytes, cuda->staging[half],
                             row_bytes * (size_t) rows, cudaMemcpyHostToDevice, cuda->stream);
      if (err == cudaSuccess)
        err = cudaEventRecord (cuda->staging_free[half], cuda->stream);
      if (err != cudaSuccess)
        return pf_cuda_check (ctx, err, "uploading an image");
    }
  /* The caller's pixels were consumed by the host copies above; the staging halves are
   * guarded by their events, so nothing more to wait for. */
  return PF_OK;
}

PfStatus
pf_cuda_host_alloc (PfContext *ctx, size_t bytes, void **out)
{
  return pf_cuda_check (ctx, cudaMallocHost (out, bytes), "allocating page-locked memory");
}

void
pf_cuda_host_free (PfContext *ctx, void *data)
{
  (void) ctx;
  cudaFreeHost (data);
  cudaGetLastError ();
}

/* Whether @pixels is page-locked (pf_host_alloc, cudaMallocHost, cudaHostRegister): then
 * the DMA can write it directly. */
static bool
is_pinned (const void *pixels)
{
  cudaPointerAttributes attr;
  if (cudaPointerGetAttributes (&attr, pixels) != cudaSuccess)
    {
      cudaGetLastError ();
      return false;
    }
  return attr.type == cudaMemoryTypeHost;
}

PfStatus
pf_cuda_download (PfContext *ctx, const PfImage *image, void *pixels, size_t stride)
{
  PfCuda *cuda = ctx->cuda;
  size_t row_bytes = (size_t) image->width * 4;
  if (is_pinned (pixels))
    {
      cudaError_t err = cudaMemcpy2DAsync (pixels, stride, image->data, row_bytes, row_bytes,
                                           image->height, cudaMemcpyDeviceToHost, cuda->stream);
      if (err == cudaSuccess)
        err = cudaStreamSynchronize (cuda->stream);
      return pf_cuda_check (ctx, err, "downloading an image");
    }
  int band = rows_per_band (row_bytes, image->height);
  PfStatus status = ensure_staging (ctx);
  if (status != PF_OK || band == 0)
    {
      cudaError_t err = cudaMemcpy2DAsync (pixels, stride, image->data, row_bytes, row_bytes,
                                           image->height, cudaMemcpyDeviceToHost, cuda->stream);
      if (err == cudaSuccess)
        err = cudaStreamSynchronize (cuda->stream);
      return pf_cuda_check (ctx, err, "downloading an image");
    }

  /* Queue band i + 1 before copying band i out of pinned memory. */
  int bands = (image->height + band - 1) / band;
  for (int i = 0; i <= bands; i++)
    {
      if (i < bands)
        {
          int half = i & 1;
          int y = i * band;
          int rows = image->height - y < band ? image->height - y : band;
          cudaError_t err = cudaMemcpyAsync (cuda->staging[half],
                                             image->data + (size_t) y * row_bytes,
                                             row_bytes * (size_t) rows, cudaMemcpyDeviceToHost,
                                             cuda->stream);
          if (err == cudaSuccess)
            err = cudaEventRecord (cuda->staging_free[half], cuda->stream);
          if (err != cudaSuccess)
            return pf_cuda_check (ctx, err, "downloading an image");
        }
      if (i > 0)
        {
          int half = (i - 1) & 1;
          int y = (i - 1) * band;
          int rows = image->height - y < band ? image->height - y : band;
          cudaError_t err = cudaEventSynchronize (cuda->staging_free[half]);
          if (err != cudaSuccess)
            return pf_cuda_check (ctx, err, "downloading an image");
          copy_rows_host ((uint8_t *) pixels + (size_t) y * stride, stride, cuda->staging[half],
                          row_bytes, row_bytes, rows);
        }
    }
  return PF_OK;
}

/* A kernel rather than cudaMemcpyAsync: 16-byte loads and stores with several in flight
 * per thread beat the copy engine's path for page-sized images (both buffers come from
 * cudaMalloc, so they are 256-byte aligned). */
#define COPY_UNROLL 4

__global__ static void
copy_kernel (uint4 *PF_RESTRICT dst, const uint4 *PF_RESTRICT src, size_t n4,
             uint32_t *PF_RESTRICT dst_tail, const uint32_t *PF_RESTRICT src_tail,
             size_t n_tail)
{
  size_t stride = (size_t) gridDim.x * blockDim.x;
  size_t i = (size_t) blockIdx.x * blockDim.x + threadIdx.x;
  for (; i + (COPY_UNROLL - 1) * stride < n4; i += COPY_UNROLL * stride)
    {
      uint4 v[COPY_UNROLL];
#pragma unroll
      for (int k = 0; k < COPY_UNROLL; k++)
        v[k] = src[i + k * stride];
#pragma unroll
      for (int k = 0; k < COPY_UNROLL; k++)
        dst[i + k * stride] = v[k];
    }
  for (; i < n4; i += stride)
    dst[i] = src[i];
  size_t t = (size_t) blockIdx.x * blockDim.x + threadIdx.x;
  if (t < n_tail)
    dst_tail[t] = src_tail[t];
}

PfStatus
pf_cuda_copy (PfContext *ctx, const PfImage *src, PfImage *dst)
{
  size_t n = (size_t) src->width * src->height, n4 = n / 4;
  copy_kernel<<<pf_cuda_blocks (ctx, (n4 + COPY_UNROLL - 1) / COPY_UNROLL, 256), 256, 0,
                pf_cuda_stream (ctx)>>> ((uint4 *) dst->data, (const uint4 *) src->data, n4,
                                         (uint32_t *) dst->data + n4 * 4,
                                         (const uint32_t *) src->data + n4 * 4, n - n4 * 4);
  return pf_cuda_launched (ctx, "copy");
}

PfStatus
pf_cuda_copy_rows (PfContext *ctx, uint8_t *dst, const uint8_t *src, size_t stride, int width,
                   int height)
{
  cudaError_t err = cudaMemcpy2DAsync (dst, stride, src, stride, (size_t) width * 4, height,
                                       cudaMemcpyDeviceToDevice, pf_cuda_stream (ctx));
  return pf_cuda_check (ctx, err, "copying a box");
}

PfStatus
pf_cuda_finish (PfContext *ctx)
{
  return pf_cuda_check (ctx, cudaStreamSynchronize (pf_cuda_stream (ctx)), "finishing queued ops");
}

void *
pf_cuda_get_stream (PfContext *ctx)
{
  return (void *) ctx->cuda->stream;
}
