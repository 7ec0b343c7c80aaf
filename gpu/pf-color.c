/* pf-color.c — opacity, grayscale, brightness/contrast/saturation (CPU reference and dispatch) */
#include "pf-color-math.h"

static void
opacity_rows (void *data, int y0, int y1)
{
  const PfOpacityParams *p = data;
  PfPixel *px = (PfPixel *) PF_ROW (p->data, p->width, y0);
  size_t n = (size_t) (y1 - y0) * (size_t) p->width;
  for (size_t i = 0; i < n; i++)
    px[i] = pf_pixel_opacity (px[i], p->factor);
}

static PfStatus
pf_cpu_opacity (PfContext *ctx, const PfOpacityParams *p)
{
  pf_parallel_rows (ctx, p->height, (size_t) p->width, opacity_rows, (void *) p);
  return PF_OK;
}

static void
grayscale_rows (void *data, int y0, int y1)
{
  const PfGrayscaleParams *p = data;
  PfPixel *px = (PfPixel *) PF_ROW (p->data, p->width, y0);
  size_t n = (size_t) (y1 - y0) * (size_t) p->width;
  for (size_t i = 0; i < n; i++)
    px[i] = pf_pixel_grayscale (px[i]);
}

static PfStatus
pf_cpu_grayscale (PfContext *ctx, const PfGrayscaleParams *p)
{
  pf_parallel_rows (ctx, p->height, (size_t) p->width, grayscale_rows, (void *) p);
  return PF_OK;
}

static void
adjust_rows (void *data, int y0, int y1)
{
  const PfAdjustParams *p = data;
  PfPixel *px = (PfPixel *) PF_ROW (p->data, p->width, y0);
  size_t n = (size_t) (y1 - y0) * (size_t) p->width;
  for (size_t i = 0; i < n; i++)
    px[i] = pf_pixel_adjust (p, px[i]);
}

static PfStatus
pf_cpu_adjust (PfContext *ctx, const PfAdjustParams *p)
{
  pf_parallel_rows (ctx, p->height, (size_t) p->width * 4, adjust_rows, (void *) p);
  return PF_OK;
}

PfStatus
pf_opacity (PfContext *ctx, PfImage *image, float opacity)
{
  PfStatus status = pf_check_image (ctx, image);
  if (status != PF_OK)
    return status;
  if (!(opacity >= 0.0f && opacity <= 1.0f))
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT,
                                 "opacity %g is not in 0..1", (double) opacity);
  PfOpacityParams p = { image->data, image->width, image->height, pf_opacity_fixed (opacity) };
  if (p.factor == PF_OPACITY_ONE)
    return PF_OK;
  return PF_DISPATCH (ctx, opacity, &p);
}

PfStatus
pf_grayscale (PfContext *ctx, PfImage *image)
{
  PfStatus status = pf_check_image (ctx, image);
  if (status != PF_OK)
    return status;
  PfGrayscaleParams p = { image->data, image->width, image->height };
  return PF_DISPATCH (ctx, grayscale, &p);
}

/* Beyond this, contrast and saturation only push every channel to 0 or 1. */
#define PF_ADJUST_MAX 100.0f

PfStatus
pf_adjust (PfContext *ctx, PfImage *image, float brightness, float contrast, float saturation)
{
  PfStatus status = pf_check_image (ctx, image);
  if (status != PF_OK)
    return status;
  if (!(brightness >= -1.0f && brightness <= 1.0f))
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT,
                                 "brightness %g is not in -1..1", (double) brightness);
  if (!(contrast >= 0.0f && contrast <= PF_ADJUST_MAX))
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT,
                                 "contrast %g is not in 0..%g", (double) contrast,
                                 (double) PF_ADJUST_MAX);
  if (!(saturation >= 0.0f && saturation <= PF_ADJUST_MAX))
    return pf_context_set_error (ctx, PF_ERROR_INVALID_ARGUMENT,
                                 "saturation %g is not in 0..%g", (double) saturation,
                                 (double) PF_ADJUST_MAX);
  /* The identity is exact: skip the pixel work rather than trust float round trips. */
  if (brightness == 0.0f && contrast == 1.0f && saturation == 1.0f)
    return PF_OK;

  PfAdjustParams p = {
    .data = image->data,
    .width = image->width,
    .height = image->height,
    .contrast = contrast,
    .offset = 0.5f - 0.5f * contrast + brightness,
    .saturation = saturation,
  };
  return PF_DISPATCH (ctx, adjust, &p);
}
