/* photoff-engine.h — the PhotoFF pixel engine
 *
 * A GLib-free C API in the style of Cairo: opaque objects with _create/_destroy,
 * one status enum, explicit sizes and strides, no global state.
 *
 * Pixels are RGBA, 8 bits per channel, premultiplied alpha, sRGB, rows packed
 * (stride = width × 4 bytes). Colours passed to the engine (PfColor) are straight
 * (not premultiplied); the engine premultiplies them.
 *
 * Every op runs on the context's backend: CUDA when a usable device exists, else a
 * multi-threaded CPU reference with the same results (±1 per channel). Ops are queued
 * in order; only downloads and pf_context_finish() wait for them.
 *
 * Output sizes: ops whose output size follows from their arguments (copy, crop,
 * rotate, stroke, shadow) set the destination's logical size, failing with
 * PF_ERROR_CAPACITY when it does not fit; ops whose output size is a free choice
 * (resize, cover, contain, download-scaled) take it from the destination.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PF_API __attribute__ ((visibility ("default")))

/* Hard limits, checked before any allocation: 32768 px a side and 2^28 pixels
 * (1 GiB of RGBA) per image. */
#define PF_MAX_DIMENSION 32768
#define PF_MAX_PIXELS ((size_t) 1 << 28)

typedef enum
{
  PF_OK = 0,
  PF_ERROR_INVALID_ARGUMENT,  /* NULL, zero or negative size, NaN, unknown enum … */
  PF_ERROR_CAPACITY,          /* logical size larger than the image's allocation */
  PF_ERROR_TOO_LARGE,         /* beyond PF_MAX_DIMENSION / PF_MAX_PIXELS */
  PF_ERROR_OUT_OF_MEMORY,     /* host or device allocation failed */
  PF_ERROR_NO_DEVICE,         /* CUDA asked for, but no usable device or not built in */
  PF_ERROR_DEVICE,            /* the CUDA runtime reported an error; see pf_context_last_error() */
  PF_ERROR_WRONG_CONTEXT,     /* images from different contexts mixed in one call */
} PfStatus;

typedef enum
{
  PF_BACKEND_AUTO = 0,  /* CUDA when a usable device exists, else CPU */
  PF_BACKEND_CPU,
  PF_BACKEND_CUDA,
} PfBackend;

/* A straight-alpha sRGB colour. */
typedef struct
{
  uint8_t r, g, b, a;
} PfColor;

typedef struct _PfContext PfContext;
typedef struct _PfImage PfImage;
typedef struct _PfPool PfPool;

/* A rectangle in source-pixel units; may be fractional (resize regions). */
typedef struct
{
  double x, y, width, height;
} PfRect;

/* An integer rectangle on an image. */
typedef struct
{
  int x, y, width, height;
} PfBox;

PF_API const char *pf_status_to_string (PfStatus status);

/* ---------------------------------------------------------------------------------------
 * Context
 */

typedef struct
{
  PfBackend backend;
  int cpu_threads;          /* CPU backend workers; 0 = one per online core */
  size_t memory_limit;      /* bytes of image memory the context may hold; 0 = no limit */
} PfContextOptions;

/* Creates a context on @backend. AUTO never fails for lack of a GPU: it falls back
 * to CPU and pf_context_describe() says why. CUDA fails with PF_ERROR_NO_DEVICE. */
PF_API PfStatus pf_context_create (PfBackend backend, PfContext **out);
PF_API PfStatus pf_context_create_with_options (const PfContextOptions *options,
                                                PfContext **out);
/* Frees the context, its pool and staging buffers. All its images must have been
 * destroyed (or released to the pool) first. NULL is allowed. */
PF_API void pf_context_destroy (PfContext *ctx);

/* The backend actually in use: PF_BACKEND_CPU or PF_BACKEND_CUDA. */
PF_API PfBackend pf_context_get_backend (const PfContext *ctx);
/* One line for people, e.g. "CUDA: NVIDIA H100 (79.2 GiB)" or
 * "CPU: 16 threads (no CUDA device: …)". Owned by the context. */
PF_API const char *pf_context_describe (const PfContext *ctx);
/* The detail of the last error (a CUDA message, which limit was hit), or "". */
PF_API const char *pf_context_last_error (const PfContext *ctx);
/* Waits for every queued op. Reports an asynchronous device error, if any. */
PF_API PfStatus pf_context_finish (PfContext *ctx);
/* The context's scratch pool. Owned by the context. */
PF_API PfPool *pf_context_get_pool (PfContext *ctx);
/* Bytes of image memory (images and pool) the context holds now. */
PF_API size_t pf_context_get_memory_used (const PfContext *ctx);
/* Image allocations the context has made since it started (pool scratch included): a
 * steady stream of ops should leave it unchanged. */
PF_API size_t pf_context_get_allocations (const PfContext *ctx);
/* Number of CPU worker threads (CPU backend) or 0. */
PF_API int pf_context_get_cpu_threads (const PfContext *ctx);
/* The cudaStream_t every op of a CUDA context is queued on, or NULL on the CPU backend:
 * for timing with CUDA events and for interoperating with other CUDA libraries. */
PF_API void *pf_context_get_cuda_stream (PfContext *ctx);

/* ---------------------------------------------------------------------------------------
 * Images
 */

/* Allocates a zeroed (fully transparent) image with capacity width × height pixels and
 * that logical size. */
PF_API PfStatus pf_image_create (PfContext *ctx, int width, int height, PfImage **out);
PF_API void pf_image_destroy (PfImage *image);

/* Changes the logical size without touching memory, as long as width × height fits the
 * capacity; else PF_ERROR_CAPACITY and the size is unchanged. Contents are then
 * unspecified (rows are re-packed at the new width). */
PF_API PfStatus pf_image_set_size (PfImage *image, int width, int height);
PF_API int pf_image_get_width (const PfImage *image);
PF_API int pf_image_get_height (const PfImage *image);
/* Row stride in bytes (always width × 4). */
PF_API size_t pf_image_get_stride (const PfImage *image);
/* Allocated size in pixels. */
PF_API size_t pf_image_get_capacity (const PfImage *image);
PF_API PfContext *pf_image_get_context (const PfImage *image);

/* Copies premultiplied RGBA8 pixels (the image's logical size, rows @stride bytes apart)
 * into @image. Returns once @pixels may be reused. */
PF_API PfStatus pf_image_upload (PfContext *ctx, PfImage *image, const void *pixels,
                                 size_t stride);
/* Host memory that downloads and uploads reach fastest: page-locked on CUDA (the DMA goes
 * straight into it, no staging copy), ordinary 64-byte-aligned memory on the CPU backend.
 * Free with pf_host_free() before the context is destroyed. */
PF_API PfStatus pf_host_alloc (PfContext *ctx, size_t bytes, void **out);
PF_API void pf_host_free (PfContext *ctx, void *data);

/* Waits for queued ops, then copies the logical size into @pixels. */
PF_API PfStatus pf_image_download (PfContext *ctx, const PfImage *image, void *pixels,
                                   size_t stride);

/* ---------------------------------------------------------------------------------------
 * Scratch pool: oversized images handed out by minimum size.
 */

/* Hands out an idle image whose capacity holds width × height (best fit), or a new one.
 * Its logical size is width × height, its contents unspecified. */
PF_API PfStatus pf_pool_acquire (PfPool *pool, int width, int height, PfImage **out);
/* Returns an image from pf_pool_acquire() (or any image of the same context, which the
 * pool then owns). NULL is allowed. */
PF_API void pf_pool_release (PfPool *pool, PfImage *image);
/* Frees every idle image. */
PF_API void pf_pool_trim (PfPool *pool);
PF_API size_t pf_pool_get_idle_count (const PfPool *pool);

/* ---------------------------------------------------------------------------------------
 * Ops
 */

typedef enum
{
  PF_GRADIENT_HORIZONTAL = 0,  /* start at the left column, end at the right */
  PF_GRADIENT_VERTICAL,        /* top row → bottom row */
  PF_GRADIENT_DIAGONAL,        /* top-left pixel → bottom-right pixel */
  PF_GRADIENT_RADIAL,          /* centre → corners */
} PfGradient;

typedef enum
{
  PF_RESIZE_NEAREST = 0,
  PF_RESIZE_BILINEAR,
  PF_RESIZE_BICUBIC,   /* Catmull-Rom (a = -0.5) */
  PF_RESIZE_LANCZOS3,
} PfResizeMethod;

typedef enum
{
  PF_BLEND_NORMAL = 0,  /* source-over */
  PF_BLEND_MULTIPLY,
  PF_BLEND_SCREEN,
  PF_BLEND_OVERLAY,
} PfBlendMode;

typedef enum
{
  PF_FLIP_NONE = 0,
  PF_FLIP_HORIZONTAL,
  PF_FLIP_VERTICAL,
  PF_FLIP_BOTH,
} PfFlip;

typedef enum
{
  PF_STROKE_INSIDE = 0,
  PF_STROKE_OUTSIDE,
  PF_STROKE_CENTER,
} PfStrokePosition;

typedef struct
{
  int dx, dy;        /* offset of the shadow, pixels */
  float blur;        /* blur radius (as pf_blur), ≥ 0 */
  float spread;      /* grows (> 0) or shrinks (< 0) the shape before blurring, pixels */
  PfColor color;     /* straight alpha */
  bool inner;        /* inset shadow inside the shape instead of behind it */
  bool shadow_only;  /* outer shadows: leave src out of dst, so a shadow computed once can
                      * go under any content of the same shape */
} PfShadow;

typedef struct
{
  float width;               /* ≥ 0 */
  PfColor color;
  PfStrokePosition position; /* relative to the image's (rounded) edge */
  float corner_radius;       /* the edge followed: the image's bounds rounded by this */
} PfStroke;

/* Fills the logical size with @color. */
PF_API PfStatus pf_fill (PfContext *ctx, PfImage *image, PfColor color);
/* Fills with a gradient from @start to @end, interpolated in premultiplied space; the
 * first and last pixel (or the centre and the corners) get the end colours exactly. */
PF_API PfStatus pf_fill_gradient (PfContext *ctx, PfImage *image, PfGradient kind,
                                  PfColor start, PfColor end);

/* Copies @src into @dst, setting dst's logical size. */
PF_API PfStatus pf_copy (PfContext *ctx, const PfImage *src, PfImage *dst);

/* Resamples all of @src to dst's logical size. Pixel-centre aligned; when shrinking,
 * the filter is widened by the scale factor (antialiased). */
PF_API PfStatus pf_resize (PfContext *ctx, const PfImage *src, PfImage *dst,
                           PfResizeMethod method);
/* Resamples the fractional @region of @src into @box of @dst (NULL = all of dst).
 * Pixels outside the box are untouched. Samples outside src repeat its edge. */
PF_API PfStatus pf_resize_region (PfContext *ctx, const PfImage *src, const PfRect *region,
                                  PfImage *dst, const PfBox *box, PfResizeMethod method);
/* Scales @src to cover all of @dst (cropping the overflow), zoomed by @zoom ≥ 1; @pan_x and
 * @pan_y in 0..1 choose the visible part (0.5 = centred). */
PF_API PfStatus pf_cover (PfContext *ctx, const PfImage *src, PfImage *dst, double pan_x,
                          double pan_y, double zoom, PfResizeMethod method);
/* Scales @src to fit inside @dst, zoomed by @zoom ≥ 1, over @background; @pan_x/@pan_y place
 * the image in the spare room (or choose the visible part once zoom overflows). */
PF_API PfStatus pf_contain (PfContext *ctx, const PfImage *src, PfImage *dst, double pan_x,
                            double pan_y, double zoom, PfColor background,
                            PfResizeMethod method);
/* Waits, then writes @src resampled to width × height into host @pixels. Only the small
 * image crosses the bus: the preview path. */
PF_API PfStatus pf_image_download_scaled (PfContext *ctx, const PfImage *src, int width,
                                          int height, PfResizeMethod method, void *pixels,
                                          size_t stride);

/* Gaussian blur with standard deviation radius / 2 (so the visible reach is about
 * @radius pixels), edges extended. Cost does not grow with the radius: three box passes
 * per axis in exact integer arithmetic, the same bits on every backend. 0 leaves the
 * image as it is. The 16-bit intermediate lives in @scratch, whose capacity must be at
 * least 2 × width × height pixels (else PF_ERROR_CAPACITY; its contents are clobbered),
 * or NULL: the pool provides one. */
PF_API PfStatus pf_blur (PfContext *ctx, PfImage *image, float radius, PfImage *scratch);

/* Cuts rounded corners of @radius (clamped to min(w,h)/2) with an antialiased edge:
 * pixels are scaled by the shape's coverage. */
PF_API PfStatus pf_round_corners (PfContext *ctx, PfImage *image, float radius);

/* Draws @src with its drop shadow into @dst. Outer: the shape (src's alpha, grown or
 * shrunk by the spread, blurred as pf_blur) in the shadow colour, offset, under src; dst
 * is resized to hold both and nothing more (the blur's exact reach, about 1.5 × blur, plus
 * the spread around the shadow). Inner: dst gets src's size (it may be src) and the shadow
 * falls inside src's shape. *@origin_x/y (may be NULL) receive where src's top-left lies
 * in dst. */
PF_API PfStatus pf_drop_shadow (PfContext *ctx, const PfImage *src, PfImage *dst,
                                const PfShadow *shadow, int *origin_x, int *origin_y);

/* Draws @src with an antialiased border along its (rounded) edge into @dst, grown by the
 * part of the stroke that lies outside (ceil of it on each side). @dst may be @src when
 * nothing grows (inside, or width 0). *@origin_x/y as for pf_drop_shadow(). */
PF_API PfStatus pf_stroke (PfContext *ctx, const PfImage *src, PfImage *dst,
                           const PfStroke *stroke, int *origin_x, int *origin_y);

/* Composites @src onto @dst with its top-left at (@x, @y), which may be negative or past
 * the edge (only the overlap is touched; no overlap is a no-op). @opacity 0..1 first
 * scales src as pf_opacity() does. Exact integer maths, the same bits on every backend:
 * NORMAL is premultiplied source-over (half-transparent white over white stays white);
 * MULTIPLY, SCREEN and OVERLAY are the W3C separable blend modes. @src must not be @dst. */
PF_API PfStatus pf_blend (PfContext *ctx, PfImage *dst, const PfImage *src, int x, int y,
                          float opacity, PfBlendMode mode);

/* As pf_blend(), but only dst pixels inside @clip change (NULL = all of dst; a clip reaching
 * past dst is cut to it): for re-compositing one region of a page. */
PF_API PfStatus pf_blend_box (PfContext *ctx, PfImage *dst, const PfImage *src, int x, int y,
                              float opacity, PfBlendMode mode, const PfBox *clip);
/* Copies the pixels of @box from @src into the same place of @dst, which must be of the same
 * size; @box is cut to the images. */
PF_API PfStatus pf_copy_box (PfContext *ctx, const PfImage *src, PfImage *dst, const PfBox *box);

/* Copies @box of @src (which must lie inside it) into @dst (not @src), setting dst's
 * size. */
PF_API PfStatus pf_crop (PfContext *ctx, const PfImage *src, PfImage *dst, const PfBox *box);
/* Mirrors @image in place. */
PF_API PfStatus pf_flip (PfContext *ctx, PfImage *image, PfFlip flip);
/* Rotates @src clockwise by @degrees (taken modulo 360; within 1e-9 of a multiple of 90 it
 * is an exact pixel permutation; any other angle is resampled bicubically about the centres
 * with antialiased, transparent corners) into @dst (not @src), sized to the rotated
 * bounding box. */
PF_API PfStatus pf_rotate (PfContext *ctx, const PfImage *src, PfImage *dst, double degrees);

/* Multiplies every channel by @opacity in 0..1, rounded half up (@opacity taken to
 * 1/65536): 0.5 maps 255 to 128; 1 leaves the image exactly as it is. */
PF_API PfStatus pf_opacity (PfContext *ctx, PfImage *image, float opacity);
/* Replaces colour by its Rec. 709 luma (0.2126, 0.7152, 0.0722 as integer weights that sum
 * to one, so grey stays grey); alpha is unchanged. */
PF_API PfStatus pf_grayscale (PfContext *ctx, PfImage *image);
/* brightness −1..1 (added), contrast 0..100 (1 = unchanged, scales around mid-grey),
 * saturation 0..100 (0 = grey, 1 = unchanged), on straight colour c in 0..1:
 * c' = (c − ½) × contrast + ½ + brightness, then c'' = Y + (c' − Y) × saturation with Y
 * the luma of c', clamped. Transparent pixels stay so; (0, 1, 1) changes nothing. */
PF_API PfStatus pf_adjust (PfContext *ctx, PfImage *image, float brightness, float contrast,
                           float saturation);

#ifdef __cplusplus
}
#endif
