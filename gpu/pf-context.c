/* pf-context.c — backend choice, error detail, memory accounting */
#include "pf-private.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
online_cores (void)
{
  long n = sysconf (_SC_NPROCESSORS_ONLN);
  return n > 0 ? (int) (n < 256 ? n : 256) : 1;
}

static PfStatus
init_cpu (PfContext *ctx, int threads, const char *why)
{
  if (threads <= 0)
    threads = online_cores ();
  ctx->threads = pf_threads_new (threads);
  if (ctx->threads == NULL)
    return PF_ERROR_OUT_OF_MEMORY;
  ctx->backend = PF_BACKEND_CPU;
  snprintf (ctx->description, sizeof ctx->description, "CPU: %d thread%s%s%s%s",
            pf_threads_get_count (ctx->threads),
            pf_threads_get_count (ctx->threads) == 1 ? "" : "s",
            why != NULL ? " (" : "", why != NULL ? why : "", why != NULL ? ")" : "");
  return PF_OK;
}

PfStatus
pf_context_create_with_options (const PfContextOptions *options, PfContext **out)
{
  if (options == NULL || out == NULL)
    return PF_ERROR_INVALID_ARGUMENT;
  *out = NULL;
  if (options->backend != PF_BACKEND_AUTO && options->backend != PF_BACKEND_CPU
      && options->backend != PF_BACKEND_CUDA)
    return PF_ERROR_INVALID_ARGUMENT;
  if (options->cpu_threads < 0)
    return PF_ERROR_INVALID_ARGUMENT;

  PfContext *ctx = calloc (1, sizeof *ctx);
  if (ctx == NULL)
    return PF_ERROR_OUT_OF_MEMORY;
  ctx->memory_limit = options->memory_limit;

  PfStatus status = PF_OK;
  const char *why = NULL;
#ifdef PF_HAVE_CUDA
  char why_buf[sizeof ctx->last_error + 32];
#endif

  if (options->backend != PF_BACKEND_CPU)
    {
#ifdef PF_HAVE_CUDA
      status = pf_cuda_init (ctx, options->backend == PF_BACKEND_CUDA);
      if (status != PF_OK)
        {
          snprintf (why_buf, sizeof why_buf, "no CUDA device: %s", ctx->last_error);
          why = why_buf;
        }
#else
      status = pf_context_set_error (ctx, PF_ERROR_NO_DEVICE,
                                     "this build has no CUDA backend");
      why = "no CUDA device: this build has no CUDA backend";
#endif
      if (status != PF_OK && options->backend == PF_BACKEND_CUDA)
        {
          pf_context_destroy (ctx);
          return status;
        }
    }

  if (options->backend == PF_BACKEND_CPU || status != PF_OK)
    {
      status = init_cpu (ctx, options->cpu_threads, why);
      if (status != PF_OK)
        {
          pf_context_destroy (ctx);
          return status;
        }
    }

  ctx->last_error[0] = '\0';
  ctx->pool = pf_pool_new (ctx);
  if (ctx->pool == NULL)
    {
      pf_context_destroy (ctx);
      return PF_ERROR_OUT_OF_MEMORY;
    }
  *out = ctx;
  return PF_OK;
}

PfStatus
pf_context_create (PfBackend backend, PfContext **out)
{
  PfContextOptions options = { .backend = backend };
  return pf_context_create_with_options (&options, out);
}

void
pf_context_destroy (PfContext *ctx)
{
  if (ctx == NULL)
    return;
  pf_pool_destroy (ctx->pool);
  ctx->pool = NULL;
#ifdef PF_HAVE_CUDA
  if (ctx->cuda != NULL)
    pf_cuda_shutdown (ctx);
#endif
  pf_threads_free (ctx->threads);
  free (ctx);
}

PfBackend
pf_context_get_backend (const PfContext *ctx)
{
  return ctx != NULL ? ctx->backend : PF_BACKEND_CPU;
}

const char *
pf_context_describe (const PfContext *ctx)
{
  return ctx != NULL ? ctx->description : "";
}

const char *
pf_context_last_error (const PfContext *ctx)
{
  return ctx != NULL ? ctx->last_error : "";
}

PfPool *
pf_context_get_pool (PfContext *ctx)
{
  return ctx != NULL ? ctx->pool : NULL;
}

size_t
pf_context_get_memory_used (const PfContext *ctx)
{
  return ctx != NULL ? ctx->memory_used : 0;
}

size_t
pf_context_get_allocations (const PfContext *ctx)
{
  return ctx != NULL ? ctx->allocations : 0;
}

int
pf_context_get_cpu_threads (const PfContext *ctx)
{
  return ctx != NULL && ctx->threads != NULL ? pf_threads_get_count (ctx->threads) : 0;
}

void *
pf_context_get_cuda_stream (PfContext *ctx)
{
#ifdef PF_HAVE_CUDA
  if (ctx != NULL && ctx->backend == PF_BACKEND_CUDA)
    return pf_cuda_get_stream (ctx);
#endif
  return NULL;
}

PfStatus
pf_context_finish (PfContext *ctx)
{
  if (ctx == NULL)
    return PF_ERROR_INVALID_ARGUMENT;
#ifdef PF_HAVE_CUDA
  if (ctx->backend == PF_BACKEND_CUDA)
    return pf_cuda_finish (ctx);
#endif
  return PF_OK;  /* CPU ops complete before they return */
}

PfStatus
pf_context_set_error (PfContext *ctx, PfStatus status, const char *format, ...)
{
  if (ctx == NULL)
    return status;
  va_list args;
  va_start (args, format);
  vsnprintf (ctx->last_error, sizeof ctx->last_error, format, args);
  va_end (args);
  return status;
}

PfStatus
pf_check_size (int width, int height)
{
  if (width <= 0 || height <= 0)
    return PF_ERROR_INVALID_ARGUMENT;
  if (width > PF_MAX_DIMENSION || height > PF_MAX_DIMENSION
      || (size_t) width * (size_t) height > PF_MAX_PIXELS)
    return PF_ERROR_TOO_LARGE;
  return PF_OK;
}

PfStatus
pf_check_image (PfContext *ctx, const PfImage *image)
{
  if (ctx == NULL || image == NULL)
    return PF_ERROR_INVALID_ARGUMENT;
  if (image->ctx != ctx)
    return pf_context_set_error (ctx, PF_ERROR_WRONG_CONTEXT,
                                 "an image of another context was passed");
  return PF_OK;
}

static PfStatus
alloc_once (PfContext *ctx, size_t bytes, void **out)
{
  if (ctx->memory_limit != 0 && ctx->memory_used + bytes > ctx->memory_limit)
    return pf_context_set_error (ctx, PF_ERROR_OUT_OF_MEMORY,
                                 "memory limit of %zu bytes reached (%zu in use, %zu asked)",
                                 ctx->memory_limit, ctx->memory_used, bytes);
#ifdef PF_HAVE_CUDA
  if (ctx->backend == PF_BACKEND_CUDA)
    return pf_cuda_alloc (ctx, bytes, out);
#endif
  /* 64-byte alignment keeps rows friendly to vector loads. */
  size_t rounded = (bytes + 63) & ~(size_t) 63;
  void *data = aligned_alloc (64, rounded);
  if (data == NULL)
    return pf_context_set_error (ctx, PF_ERROR_OUT_OF_MEMORY,
                                 "could not allocate %zu bytes of host memory", bytes);
  memset (data, 0, rounded);
  *out = data;
  return PF_OK;
}

PfStatus
pf_memory_alloc (PfContext *ctx, size_t bytes, void **out)
{
  *out = NULL;
  PfStatus status = alloc_once (ctx, bytes, out);
  if (status == PF_ERROR_OUT_OF_MEMORY && ctx->pool != NULL
      && pf_pool_get_idle_count (ctx->pool) > 0)
    {
      /* Idle scratch is the first thing to give back. */
      pf_pool_trim (ctx->pool);
      status = alloc_once (ctx, bytes, out);
    }
  if (status == PF_OK)
    {
      ctx->memory_used += bytes;
      ctx->allocations++;
    }
  return status;
}

void
pf_memory_free (PfContext *ctx, void *data, size_t bytes)
{
  if (data == NULL)
    return;
#ifdef PF_HAVE_CUDA
  if (ctx->backend == PF_BACKEND_CUDA)
    pf_cuda_free (ctx, data);
  else
#endif
    free (data);
  ctx->memory_used -= bytes;
}
