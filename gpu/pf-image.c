/* pf-image.c — images: capacity vs logical size, upload, download, copy */
#include "pf-private.h"

#include <stdlib.h>
#include <string.h>

PfStatus
pf_image_create (PfContext *ctx, int width, int height, PfImage **out)
{
  if (ctx == NULL || out == NULL)
    return PF_ERROR_INVALID_ARGUMENT;
  *out = NULL;
  PfStatus status = pf_check_size (width, height);
  if (status != PF_OK)
    return pf_context_set_error (ctx, status, "cannot create a %d×%d image", width, height);

  PfImage *image = calloc (1, sizeof *image);
  if (image == NULL)
    return PF_ERROR_OUT_OF_MEMORY;
  image->ctx = ctx;
  image->width = width;
  image->height = height;
  image->capacity = (size_t) width * (size_t) height;
  status = pf_memory_alloc (ctx, image->capacity * 4, (void **) &image->data);
  if (status != PF_OK)
    {
      free (image);
      return status;
    }
  *out = image;
  return PF_OK;
}

void
pf_image_destroy (PfImage *image)
{
  if (image == NULL)
    return;
  pf_memory_free (image->ctx, image->data, image->capacity * 4);
  free (image);
}

PfStatus
pf_image_set_size (PfImage *image, int width, int height)
{
  if (image == NULL)
    return PF_ERROR_INVALID_ARGUMENT;
  PfStatus status = pf_check_size (width, height);
  if (status != PF_OK)
    return status;
  if ((size_t) width * (size_t) height > image->capacity)
    return PF_ERROR_CAPACITY;
  image->width = width;
  image->height = height;
  return PF_OK;
}

PfStatus
pf_image_resize_logical (PfImage *image, int width, int height)
{
  PfStatus status = pf_image_set_size (image, width, height);
  if (status == PF_ERROR_CAPACITY)
    return pf_context_set_error (image->ctx, status,
                                 "a %d×%d result does not fit an image of %zu pixels", width,
                                 height, image->capacity);
  return status;
}

int
pf_image_get_width (const PfImage *image)
{
  return image != NULL ? image->width : 0;
}

int
pf_image_get_height (const PfImage *image)
{
  return image != NULL ? image->height : 0;
}

size_t
pf_image_get_stride (const PfImage *image)
{
  return image != NULL ? (size_t) image->width * 4 : 0;
}

size_t
pf_image_get_capacity (const PfImage *image)
{
  return image != NULL ? image->capacity : 0;
}

PfContext *
pf_image_get_context (const PfImage *image)
{
  return image != NULL ? image->ctx : NULL;
}

typedef struct
{
  uint8_t *dst;
  size_t dst_stride;
  const uint8_t *src;
  size_t src_stride;
  size_t row_bytes;
} CopyRows;

static void
copy_rows (void *data, int y0, int y1)
{
  CopyRows *c = data;
  for (int y = y0; y < y1; y++)
    memcpy (c->dst + (size_t) y * c->dst_stride, c->src + (size_t) y * c->src_stride,
            c->row_bytes);
}

static void
cpu_copy_rows (PfContext *ctx, uint8_t *dst, size_t dst_stride, const uint8_t *src,
               size_t src_stride, int width, int height)
{
  CopyRows c = { dst, dst_stride, src, src_stride, (size_t) width * 4 };
  pf_parallel_rows (ctx, height, (size_t) width / 4, copy_rows, &c);
}

/* Both directions of a transfer take the same arguments. */
static PfStatus
check_transfer (PfContext *ctx, const PfImage *image, const void *pixels, size_t stride)
{
  PfStatus status = pf_check_image (ctx, image);
  if (status != PF_OK)
    return status;
  if (pixels == NULL || stride < (size_t) image->width * 4)
    return PF_ERROR_INVALID_ARGUMENT;
  return PF_OK;
}

PfStatus
pf_image_upload (PfContext *ctx, PfImage *image, const void *pixels, size_t stride)
{
  PfStatus status = check_transfer (ctx, image, pixels, stride);
  if (status != PF_OK)
    return status;
#ifdef PF_HAVE_CUDA
  if (ctx->backend == PF_BACKEND_CUDA)
    return pf_cuda_upload (ctx, image, pixels, stride);
#endif
  cpu_copy_rows (ctx, image->data, (size_t) image->width * 4, pixels, stride, image->width,
                 image->height);
  return PF_OK;
}

PfStatus
pf_image_download (PfContext *ctx, const PfImage *image, void *pixels, size_t stride)
{
  PfStatus status = check_transfer (ctx, image, pixels, stride);
  if (status != PF_OK)
    return status;
#ifdef PF_HAVE_CUDA
  if (ctx->backend == PF_BACKEND_CUDA)
    return pf_cuda_download (ctx, image, pixels, stride);
#endif
  cpu_copy_rows (ctx, pixels, stride, image->data, (size_t) image->width * 4, image->width,
                 image->height);
  return PF_OK;
}

PfStatus
pf_copy (PfContext *ctx, const PfImage *src, PfImage *dst)
{
  PfStatus status = pf_check_image (ctx, src);
  if (status == PF_OK)
    status = pf_check_image (ctx, dst);
  if (status != PF_OK)
    return status;
  if (src == dst)
    return PF_OK;
  status = pf_image_resize_logical (dst, src->width, src->height);
  if (status != PF_OK)
    return status;
#ifdef PF_HAVE_CUDA
  if (ctx->backend == PF_BACKEND_CUDA)
    return pf_cuda_copy (ctx, src, dst);
#endif
  size_t stride = (size_t) src->width * 4;
  cpu_copy_rows (ctx, dst->data, stride, src->data, stride, src->width, src->height);
  return PF_OK;
}

PfStatus
pf_host_alloc (PfContext *ctx, size_t bytes, void **out)
{
  if (ctx == NULL || out == NULL || bytes == 0)
    return PF_ERROR_INVALID_ARGUMENT;
  *out = NULL;
#ifdef PF_HAVE_CUDA
  if (ctx->backend == PF_BACKEND_CUDA)
    return pf_cuda_host_alloc (ctx, bytes, out);
#endif
  *out = aligned_alloc (64, (bytes + 63) & ~(size_t) 63);
  return *out != NULL ? PF_OK
                      : pf_context_set_error (ctx, PF_ERROR_OUT_OF_MEMORY,
                                              "could not allocate %zu bytes of host memory",
                                              bytes);
}

void
pf_host_free (PfContext *ctx, void *data)
{
  if (ctx == NULL || data == NULL)
    return;
#ifdef PF_HAVE_CUDA
  if (ctx->backend == PF_BACKEND_CUDA)
    {
      pf_cuda_host_free (ctx, data);
      return;
    }
#endif
  free (data);
}

PfStatus
pf_copy_box (PfContext *ctx, const PfImage *src, PfImage *dst, const PfBox *box)
{
  PfStatus status = pf_check_image (ctx, src);
  if (status == PF_OK)
    status = pf_check_image (ctx, dst);
  if (status != PF_OK)
    return status;
  if (box == NULL || box->width < 0 || box->height < 0 || src->width != dst->width
      || src->height != dst->height)
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT,
                                 "copying a box needs a box and two images of one size");
  int64_t x0 = box->x > 0 ? box->x : 0, y0 = box->y > 0 ? box->y : 0;
  int64_t x1 = (int64_t) box->x + box->width, y1 = (int64_t) box->y + box->height;
  if (x1 > src->width)
    x1 = src->width;
  if (y1 > src->height)
    y1 = src->height;
  if (x1 <= x0 || y1 <= y0 || src == dst)
    return PF_OK;

  size_t stride = (size_t) src->width * 4, offset = (size_t) y0 * stride + (size_t) x0 * 4;
  int w = (int) (x1 - x0), h = (int) (y1 - y0);
#ifdef PF_HAVE_CUDA
  if (ctx->backend == PF_BACKEND_CUDA)
    return pf_cuda_copy_rows (ctx, dst->data + offset, src->data + offset, stride, w, h);
#endif
  cpu_copy_rows (ctx, dst->data + offset, stride, src->data + offset, stride, w, h);
  return PF_OK;
}
