/* photoff-bench — times every engine op (a benchmark, not a test)
 *
 * On a CUDA context each op is timed with CUDA events on the engine's stream over
 * repeated runs (median of batches of back-to-back launches, and of single calls), beside
 * the CPU backend on the same input and, where libphotoff-npp.so (pf-npp-shim.c) can be
 * loaded, NVIDIA NPP's resize and Gaussian.
 * Memory-bound ops are reported as a fraction of the measured device-to-device copy
 * bandwidth. Prints a table; --json FILE writes the numbers.
 *
 *   photoff-bench [--reps N] [--cpu-reps N] [--no-cpu] [--filter TEXT] [--json FILE]
 *                 [--npp PATH] [--backend auto|cpu|cuda]
 */
#include "config.h"

#include <dlfcn.h>
#include <glib/gstdio.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "photoff-engine.h"
#include "pf-document.h"
#include "pf-png-encoder.h"
#include "pf-project.h"
#include "pf-renderer.h"

#if HAVE_CUDA
#include <cuda_runtime.h>
#endif

#define PAGE_W 2480
#define PAGE_H 3508

typedef struct
{
  PfContext *ctx;
  PfImage *page;      /* 2480×3508 photo-like content */
  PfImage *page2;     /* a second page, for blends */
  PfImage *out;       /* room for any result */
  PfImage *photo4k;   /* 4000×3000 */
  PfImage *photo6k;   /* 6000×4000 */
  PfImage *hd;        /* 1920×1080 */
  PfImage *small;     /* 1240×827 */
  PfImage *cell;      /* 1180×1100 with rounded corners: a collage cell */
  uint8_t *host;      /* download target, ordinary memory */
  uint8_t *pinned;    /* preview download target, page-locked (pf_host_alloc) */
} Images;

typedef PfStatus (*BenchFunc) (Images *im);

typedef struct
{
  const char *name;
  BenchFunc run;
  double bytes;          /* device bytes read + written by an ideal kernel, 0 = not memory-bound */
  double pixels;         /* output pixels, for Gpixel/s */
  const char *npp;       /* the NPP op to compare with, or NULL */
  int npp_method;        /* see pf-npp-shim.c */
  int npp_taps;
  int npp_src;           /* 0 = page, 1 = 6000×4000, 2 = 1920×1080 */
} Bench;

static const PfColor grey = { 128, 128, 128, 255 };

#define PAGE_BYTES ((double) PAGE_W * PAGE_H * 4)
#define PAGE_PIXELS ((double) PAGE_W * PAGE_H)

static PfStatus b_fill (Images *im) { return pf_fill (im->ctx, im->out, grey); }
static PfStatus b_copy (Images *im) { return pf_copy (im->ctx, im->page, im->out); }
static PfStatus
b_blend (Images *im)
{
  return pf_blend (im->ctx, im->page2, im->page, 0, 0, 1.0f, PF_BLEND_NORMAL);
}
static PfStatus
b_blend_opacity (Images *im)
{
  return pf_blend (im->ctx, im->page2, im->page, -37, 55, 0.7f, PF_BLEND_NORMAL);
}
static PfStatus
b_blend_multiply (Images *im)
{
  return pf_blend (im->ctx, im->page2, im->page, 0, 0, 1.0f, PF_BLEND_MULTIPLY);
}
static PfStatus b_corners (Images *im) { return pf_round_corners (im->ctx, im->page2, 120.0f); }
static PfStatus b_flip (Images *im) { return pf_flip (im->ctx, im->page2, PF_FLIP_HORIZONTAL); }
static PfStatus b_flip_v (Images *im) { return pf_flip (im->ctx, im->page2, PF_FLIP_VERTICAL); }
static PfStatus b_opacity (Images *im) { return pf_opacity (im->ctx, im->page2, 0.9f); }
static PfStatus b_grayscale (Images *im) { return pf_grayscale (im->ctx, im->page2); }
static PfStatus
b_adjust (Images *im)
{
  return pf_adjust (im->ctx, im->page2, 0.05f, 1.1f, 1.2f);
}
static PfStatus
b_gradient (Images *im)
{
  return pf_fill_gradient (im->ctx, im->out, PF_GRADIENT_RADIAL, (PfColor) { 255, 200, 0, 255 },
                           (PfColor) { 20, 0, 90, 255 });
}
static PfStatus b_crop (Images *im)
{
  PfBox box = { 100, 100, 2000, 3000 };
  return pf_crop (im->ctx, im->page, im->out, &box);
}
static PfStatus b_rotate90 (Images *im) { return pf_rotate (im->ctx, im->page, im->out, 90.0); }
static PfStatus b_rotate33 (Images *im) { return pf_rotate (im->ctx, im->page, im->out, 33.0); }

#define BLUR(fn, r)                                                                          \
  static PfStatus fn (Images *im) { return pf_blur (im->ctx, im->page2, r, NULL); }
BLUR (b_blur5, 5.0f)
BLUR (b_blur25, 25.0f)
BLUR (b_blur50, 50.0f)
BLUR (b_blur100, 100.0f)

static PfStatus
resize_to (Images *im, PfImage *src, int w, int h, PfResizeMethod m)
{
  PfStatus st = pf_image_set_size (im->out, w, h);
  return st != PF_OK ? st : pf_resize (im->ctx, src, im->out, m);
}
static PfStatus b_lanczos_6k (Images *im)
{
  return resize_to (im, im->photo6k, 1240, 827, PF_RESIZE_LANCZOS3);
}
static PfStatus b_bicubic_6k (Images *im)
{
  return resize_to (im, im->photo6k, 1240, 827, PF_RESIZE_BICUBIC);
}
static PfStatus b_bilinear_6k (Images *im)
{
  return resize_to (im, im->photo6k, 1240, 827, PF_RESIZE_BILINEAR);
}
static PfStatus b_lanczos_hd (Images *im)
{
  return resize_to (im, im->hd, 1280, 720, PF_RESIZE_LANCZOS3);
}
static PfStatus b_bicubic_hd (Images *im)
{
  return resize_to (im, im->hd, 1280, 720, PF_RESIZE_BICUBIC);
}
static PfStatus b_bilinear_hd (Images *im)
{
  return resize_to (im, im->hd, 1280, 720, PF_RESIZE_BILINEAR);
}
static PfStatus b_lanczos_up (Images *im)
{
  return resize_to (im, im->small, PAGE_W, 1654, PF_RESIZE_LANCZOS3);
}
static PfStatus
b_cover (Images *im)
{
  PfStatus st = pf_image_set_size (im->out, 1180, 1100);
  return st != PF_OK ? st : pf_cover (im->ctx, im->photo4k, im->out, 0.5, 0.4, 1.2,
                                      PF_RESIZE_BICUBIC);
}
static PfStatus
b_shadow (Images *im)
{
  PfShadow sh = { 0, 12, 24.0f, 0.0f, { 0, 0, 0, 102 }, false };
  int ox, oy;
  return pf_drop_shadow (im->ctx, im->cell, im->out, &sh, &ox, &oy);
}
static PfStatus
b_stroke (Images *im)
{
  PfStroke s = { 8.0f, { 255, 255, 255, 255 }, PF_STROKE_OUTSIDE, 24.0f };
  int ox, oy;
  return pf_stroke (im->ctx, im->cell, im->out, &s, &ox, &oy);
}
static PfStatus
b_preview (Images *im)
{
  /* the preview path: downscale on the device, copy 600×848 back */
  return pf_image_download_scaled (im->ctx, im->page, 600, 848, PF_RESIZE_BILINEAR, im->host,
                                   600 * 4);
}
static PfStatus
b_preview_pinned (Images *im)
{
  return pf_image_download_scaled (im->ctx, im->page, 600, 848, PF_RESIZE_BILINEAR, im->pinned,
                                   600 * 4);
}
static PfStatus
b_preview_resize (Images *im)
{
  return resize_to (im, im->page, 600, 848, PF_RESIZE_BILINEAR);
}
static PfStatus
b_download_small (Images *im)
{
  PfStatus st = pf_image_set_size (im->out, 600, 848);
  return st != PF_OK ? st : pf_image_download (im->ctx, im->out, im->host, 600 * 4);
}
static PfStatus
b_download (Images *im)
{
  return pf_image_download (im->ctx, im->page, im->host, PAGE_W * 4);
}

static const Bench benches[] = {
  { "fill page", b_fill, PAGE_BYTES, PAGE_PIXELS },
  { "copy page", b_copy, 2 * PAGE_BYTES, PAGE_PIXELS },
  { "blend page", b_blend, 3 * PAGE_BYTES, PAGE_PIXELS },
  { "blend page offset+opacity", b_blend_opacity, 3 * PAGE_BYTES, PAGE_PIXELS },
  { "blend page multiply", b_blend_multiply, 3 * PAGE_BYTES, PAGE_PIXELS },
  { "round-corners page", b_corners, 2 * PAGE_BYTES, PAGE_PIXELS },
  { "flip-h page", b_flip, 2 * PAGE_BYTES, PAGE_PIXELS },
  { "flip-v page", b_flip_v, 2 * PAGE_BYTES, PAGE_PIXELS },
  { "opacity page", b_opacity, 2 * PAGE_BYTES, PAGE_PIXELS },
  { "grayscale page", b_grayscale, 2 * PAGE_BYTES, PAGE_PIXELS },
  { "adjust page", b_adjust, 2 * PAGE_BYTES, PAGE_PIXELS },
  { "gradient page", b_gradient, PAGE_BYTES, PAGE_PIXELS },
  { "crop 2000x3000", b_crop, 2 * 2000.0 * 3000 * 4, 2000.0 * 3000 },
  { "rotate-90 page", b_rotate90, 2 * PAGE_BYTES, PAGE_PIXELS },
  { "rotate-33 page", b_rotate33, 0, 0 },
  { "blur r5 page", b_blur5, 2 * PAGE_BYTES, PAGE_PIXELS, "gauss", 0, 15, 0 },
  { "blur r25 page", b_blur25, 2 * PAGE_BYTES, PAGE_PIXELS, "gauss", 0, 77, 0 },
  { "blur r50 page", b_blur50, 2 * PAGE_BYTES, PAGE_PIXELS, "gauss", 0, 151, 0 },
  { "blur r100 page", b_blur100, 2 * PAGE_BYTES, PAGE_PIXELS },
  { "lanczos 6000x4000->1240x827", b_lanczos_6k, 6000.0 * 4000 * 4 + 1240.0 * 827 * 4,
    1240.0 * 827, "resize", 3, 0, 1 },
  { "bicubic 6000x4000->1240x827", b_bicubic_6k, 6000.0 * 4000 * 4 + 1240.0 * 827 * 4,
    1240.0 * 827, "resize", 2, 0, 1 },
  { "bilinear 6000x4000->1240x827", b_bilinear_6k, 6000.0 * 4000 * 4 + 1240.0 * 827 * 4,
    1240.0 * 827, "resize", 4, 0, 1 },
  { "lanczos 1920x1080->1280x720", b_lanczos_hd, 1920.0 * 1080 * 4 + 1280.0 * 720 * 4,
    1280.0 * 720, "resize", 3, 0, 2 },
  { "bicubic 1920x1080->1280x720", b_bicubic_hd, 1920.0 * 1080 * 4 + 1280.0 * 720 * 4,
    1280.0 * 720, "resize", 2, 0, 2 },
  { "bilinear 1920x1080->1280x720", b_bilinear_hd, 1920.0 * 1080 * 4 + 1280.0 * 720 * 4,
    1280.0 * 720, "resize", 4, 0, 2 },
  { "lanczos 1240x827->2480x1654", b_lanczos_up, 1240.0 * 827 * 4 + 2480.0 * 1654 * 4,
    2480.0 * 1654 },
  { "cover 4000x3000->1180x1100", b_cover, 0, 1180.0 * 1100 },
  { "shadow 1180x1100", b_shadow, 0, 1180.0 * 1100 },
  { "stroke 1180x1100", b_stroke, 0, 1180.0 * 1100 },
  { "download-scaled page->600x848", b_preview, 0, 600.0 * 848 },
  { "  of which resize page->600x848", b_preview_resize, PAGE_BYTES + 600.0 * 848 * 4,
    600.0 * 848 },
  { "  of which download 600x848", b_download_small, 600.0 * 848 * 4, 600.0 * 848 },
  { "download-scaled to page-locked memory", b_preview_pinned, 0, 600.0 * 848 },
  { "download page", b_download, PAGE_BYTES, PAGE_PIXELS },
};

/* ---------------------------------------------------------------------------------------
 * NPP, loaded at run time
 */

typedef struct
{
  void *lib;
  const char *(*version) (void);
  int (*resize) (void *, const void *, int, int, void *, int, int, int);
  int (*gauss) (void *, const void *, void *, int, int, int, const float *);
} Npp;

static bool
npp_load (Npp *npp, const char *path)
{
  memset (npp, 0, sizeof *npp);
  npp->lib = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  if (npp->lib == NULL)
    return false;
  *(void **) &npp->version = dlsym (npp->lib, "pf_npp_version");
  *(void **) &npp->resize = dlsym (npp->lib, "pf_npp_resize");
  *(void **) &npp->gauss = dlsym (npp->lib, "pf_npp_gauss");
  return npp->version != NULL && npp->resize != NULL && npp->gauss != NULL;
}

/* ---------------------------------------------------------------------------------------
 * Timing
 */

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *v, int n)
{
  qsort (v, (size_t) n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double
now_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Ops launched back to back between two events for one sample: the device time of one op
 * in a queue, which is how the renderer runs them (nvbench's "batch GPU" time). */
#define BATCH 8

/* Median milliseconds of @reps runs of @fn (after 2 warm-ups); < 0 on failure. On CUDA a
 * run is a batch (see BATCH), and @call_ms receives the median of single calls between
 * their own events (host launch work included); on the CPU both are the same. */
static double
time_op (Images *im, PfStatus (*fn) (Images *), int reps, PfStatus *status, double *call_ms)
{
  double samples[256];
  if (reps > 256)
    reps = 256;
  *call_ms = -1;
  for (int i = 0; i < 2; i++)
    if ((*status = fn (im)) != PF_OK)
      return -1;
  if ((*status = pf_context_finish (im->ctx)) != PF_OK)
    return -1;
#if HAVE_CUDA
  cudaStream_t stream = pf_context_get_cuda_stream (im->ctx);
  if (stream != NULL)
    {
      double calls[256];
      cudaEvent_t start, stop;
      cudaEventCreate (&start);
      cudaEventCreate (&stop);
      for (int i = 0; i < reps && *status == PF_OK; i++)
        {
          float ms = 0;
          cudaEventRecord (start, stream);
          *status = fn (im);
          cudaEventRecord (stop, stream);
          cudaEventSynchronize (stop);
          cudaEventElapsedTime (&ms, start, stop);
          calls[i] = ms;
          cudaEventRecord (start, stream);
          for (int k = 0; k < BATCH && *status == PF_OK; k++)
            *status = fn (im);
          cudaEventRecord (stop, stream);
          cudaEventSynchronize (stop);
          cudaEventElapsedTime (&ms, start, stop);
          samples[i] = ms / BATCH;
        }
      cudaEventDestroy (start);
      cudaEventDestroy (stop);
      if (*status != PF_OK)
        return -1;
      *call_ms = median (calls, reps);
      return median (samples, reps);
    }
#endif
  for (int i = 0; i < reps; i++)
    {
      double t0 = now_ms ();
      *status = fn (im);
      pf_context_finish (im->ctx);
      samples[i] = now_ms () - t0;
    }
  *call_ms = *status == PF_OK ? median (samples, reps) : -1;
  return *call_ms;
}

static PfStatus
make_photo (PfContext *ctx, int w, int h, uint32_t seed, PfImage **out)
{
  /* Smooth photo-like content with fine noise: a gradient with a pattern on top. */
  uint8_t *px = malloc ((size_t) w * h * 4);
  if (px == NULL)
    return PF_ERROR_OUT_OF_MEMORY;
  uint32_t s = seed * 2654435761u + 7;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        uint8_t *p = px + ((size_t) y * w + x) * 4;
        p[0] = (uint8_t) ((x * 255 / w + (s & 15)) & 255);
        p[1] = (uint8_t) ((y * 255 / h + ((s >> 4) & 15)) & 255);
        p[2] = (uint8_t) (((x + y) * 127 / (w + h) + ((s >> 8) & 31)) & 255);
        p[3] = 255;
      }
  PfStatus st = pf_image_create (ctx, w, h, out);
  if (st == PF_OK)
    st = pf_image_upload (ctx, *out, px, (size_t) w * 4);
  free (px);
  return st;
}

static PfStatus
images_init (Images *im, PfContext *ctx)
{
  memset (im, 0, sizeof *im);
  im->ctx = ctx;
  PfStatus st;
  if ((st = make_photo (ctx, PAGE_W, PAGE_H, 1, &im->page)) != PF_OK
      || (st = make_photo (ctx, PAGE_W, PAGE_H, 2, &im->page2)) != PF_OK
      || (st = pf_image_create (ctx, 6000, 6000, &im->out)) != PF_OK
      || (st = make_photo (ctx, 4000, 3000, 3, &im->photo4k)) != PF_OK
      || (st = make_photo (ctx, 6000, 4000, 4, &im->photo6k)) != PF_OK
      || (st = make_photo (ctx, 1920, 1080, 5, &im->hd)) != PF_OK
      || (st = make_photo (ctx, 1240, 827, 6, &im->small)) != PF_OK
      || (st = make_photo (ctx, 1180, 1100, 7, &im->cell)) != PF_OK)
    return st;
  pf_image_set_size (im->out, PAGE_W, PAGE_H);
  pf_round_corners (ctx, im->cell, 24.0f);
  im->host = malloc ((size_t) PAGE_W * PAGE_H * 4);
  if (im->host == NULL)
    return PF_ERROR_OUT_OF_MEMORY;
  return pf_host_alloc (ctx, 600 * 848 * 4, (void **) &im->pinned);
}

static void
images_clear (Images *im)
{
  pf_image_destroy (im->page);
  pf_image_destroy (im->page2);
  pf_image_destroy (im->out);
  pf_image_destroy (im->photo4k);
  pf_image_destroy (im->photo6k);
  pf_image_destroy (im->hd);
  pf_image_destroy (im->small);
  pf_image_destroy (im->cell);
  free (im->host);
  pf_host_free (im->ctx, im->pinned);
}

/* Device-to-device copy bandwidth in GB/s (bytes read + written), or 0. */
static double
measure_copy_bandwidth (PfContext *ctx)
{
#if HAVE_CUDA
  cudaStream_t stream = pf_context_get_cuda_stream (ctx);
  if (stream == NULL)
    return 0;
  size_t bytes = (size_t) 1 << 30;
  void *a = NULL, *b = NULL;
  if (cudaMalloc (&a, bytes) != cudaSuccess || cudaMalloc (&b, bytes) != cudaSuccess)
    {
      cudaFree (a);
      cudaGetLastError ();
      return 0;
    }
  cudaMemsetAsync (a, 1, bytes, stream);
  cudaEvent_t start, stop;
  cudaEventCreate (&start);
  cudaEventCreate (&stop);
  double samples[10];
  for (int i = 0; i < 12; i++)
    {
      cudaEventRecord (start, stream);
      cudaMemcpyAsync (b, a, bytes, cudaMemcpyDeviceToDevice, stream);
      cudaEventRecord (stop, stream);
      cudaEventSynchronize (stop);
      float ms = 0;
      cudaEventElapsedTime (&ms, start, stop);
      if (i >= 2)
        samples[i - 2] = ms;
    }
  double ms = median (samples, 10);
  cudaEventDestroy (start);
  cudaEventDestroy (stop);
  cudaFree (a);
  cudaFree (b);
  return 2.0 * bytes / (ms * 1e-3) / 1e9;
#else
  (void) ctx;
  return 0;
#endif
}

static double
npp_time (Npp *npp, Images *im, const Bench *b, int reps)
{
#if HAVE_CUDA
  cudaStream_t stream = pf_context_get_cuda_stream (im->ctx);
  if (stream == NULL || npp->lib == NULL || b->npp == NULL)
    return -1;
  /* NPP gets raw device buffers of the same content. */
  PfImage *src = b->npp_src == 1 ? im->photo6k : b->npp_src == 2 ? im->hd : im->page;
  int sw = pf_image_get_width (src), sh = pf_image_get_height (src);
  void *s = NULL, *d = NULL;
  float *kernel = NULL;
  size_t sbytes = (size_t) sw * sh * 4;
  if (cudaMalloc (&s, sbytes) != cudaSuccess || cudaMalloc (&d, sbytes) != cudaSuccess)
    return -1;
  uint8_t *tmp = malloc (sbytes);
  pf_image_download (im->ctx, src, tmp, (size_t) sw * 4);
  cudaMemcpy (s, tmp, sbytes, cudaMemcpyHostToDevice);
  free (tmp);
  int dw = pf_image_get_width (im->out), dh = pf_image_get_height (im->out);
  if (strcmp (b->npp, "gauss") == 0)
    {
      /* The same Gaussian as ours: sigma = radius / 2, taps given by the figures. */
      int taps = b->npp_taps, half = taps / 2;
      float sigma = (float) half / 3.0f, host_k[512], sum = 0;
      for (int i = 0; i < taps; i++)
        sum += host_k[i] = expf (-(float) ((i - half) * (i - half)) / (2 * sigma * sigma));
      for (int i = 0; i < taps; i++)
        host_k[i] /= sum;
      cudaMalloc ((void **) &kernel, (size_t) taps * sizeof (float));
      cudaMemcpy (kernel, host_k, (size_t) taps * sizeof (float), cudaMemcpyHostToDevice);
    }
  cudaEvent_t start, stop;
  cudaEventCreate (&start);
  cudaEventCreate (&stop);
  double samples[256];
  int n = reps < 256 ? reps : 256, status = 0;
  /* batched as ours (time_op) */
  int batch = strcmp (b->npp, "gauss") == 0 && b->npp_taps > 31 ? 1 : BATCH;
  for (int i = -2; i < n; i++)
    {
      cudaEventRecord (start, stream);
      for (int k = 0; k < batch && status == 0; k++)
        if (strcmp (b->npp, "gauss") == 0)
          status = npp->gauss (stream, s, d, sw, sh, b->npp_taps, kernel);
        else
          status = npp->resize (stream, s, sw, sh, d, dw, dh, b->npp_method);
      cudaEventRecord (stop, stream);
      cudaEventSynchronize (stop);
      float ms = 0;
      cudaEventElapsedTime (&ms, start, stop);
      if (i >= 0)
        samples[i] = ms / batch;
      if (status != 0)
        {
          fprintf (stderr, "photoff-bench: NPP %s returned status %d\n", b->npp, status);
          if (status < 0)
            break;
        }
    }
  cudaEventDestroy (start);
  cudaEventDestroy (stop);
  cudaFree (s);
  cudaFree (d);
  cudaFree (kernel);
  return status < 0 ? -1 : median (samples, n);
#else
  (void) npp;
  (void) im;
  (void) b;
  (void) reps;
  return -1;
#endif
}

/* ---------------------------------------------------------------------------------------
 * Whole renders of a project: the editor's and the exporter's paths
 */

typedef struct
{
  double full_ms, cell_ms, export_ms, encode_ms, write_ms, slider_ms;
  double encode_threads_ms[3];  /* 1 thread, 4 threads, every core */
  double full_host_ms, full_gpu_ms;
  gsize png_bytes, png_single_bytes;
  int cells;
  char describe[256];
} RenderFigures;

static double
wall_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* Full re-render (photos already decoded) + preview; one cell's pan changed + preview;
 * export: render, download, encode PNG, write. Medians of @reps. */
static gboolean
bench_render (PfBackend backend, const char *project, int reps, RenderFigures *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PfDocument) doc = pf_project_load_path (project, &error);
  g_autoptr (PfRenderSpec) spec = doc != NULL ? pf_render_spec_new_from_document (doc, NULL, &error)
                                              : NULL;
  g_autoptr (PfRenderer) r = spec != NULL ? pf_renderer_new (backend, &error) : NULL;
  if (r == NULL || !pf_renderer_render (r, spec, &error))
    {
      fprintf (stderr, "photoff-bench: %s: %s\n", project, error->message);
      return FALSE;
    }
  g_strlcpy (f->describe, pf_renderer_describe (r), sizeof f->describe);
  f->cells = (int) spec->n_cells;
  /* The preview lands in page-locked memory, as the editor's would: the DMA writes it
   * directly. */
  guint8 *preview = NULL;
  if (pf_host_alloc (pf_renderer_get_context (r), 640 * 960 * 4, (void **) &preview) != PF_OK)
    return FALSE;
  double *t = g_new (double, reps);

  /* Beside the wall clock: how long the render call takes to return (host work: the
   * device runs behind it) and, on CUDA, the span between events around it all. */
  double *th = g_new (double, reps), *tg = g_new (double, reps);
#if HAVE_CUDA
  cudaStream_t stream = pf_context_get_cuda_stream (pf_renderer_get_context (r));
  cudaEvent_t ev0 = NULL, ev1 = NULL;
  if (stream != NULL)
    {
      cudaEventCreate (&ev0);
      cudaEventCreate (&ev1);
    }
#endif
  for (int i = 0; i < reps; i++)
    {
      double t0 = wall_ms ();
      pf_renderer_invalidate (r);
#if HAVE_CUDA
      if (ev0 != NULL)
        cudaEventRecord (ev0, stream);
#endif
      if (!pf_renderer_render (r, spec, &error))
        return FALSE;
      th[i] = wall_ms () - t0;
      if (!pf_renderer_get_preview (r, 600, 848, preview, 600 * 4, &error))
        return FALSE;
      t[i] = wall_ms () - t0;
      tg[i] = -1;
#if HAVE_CUDA
      if (ev0 != NULL)
        {
          float ms = 0;
          cudaEventRecord (ev1, stream);
          cudaEventSynchronize (ev1);
          cudaEventElapsedTime (&ms, ev0, ev1);
          tg[i] = ms;
        }
#endif
    }
  f->full_ms = median (t, reps);
  f->full_host_ms = median (th, reps);
  f->full_gpu_ms = median (tg, reps);
#if HAVE_CUDA
  if (ev0 != NULL)
    {
      cudaEventDestroy (ev0);
      cudaEventDestroy (ev1);
    }
#endif
  g_free (th);
  g_free (tg);

  guint moved = MIN (3, spec->n_cells - 1);
  for (int i = 0; i < reps; i++)
    {
      spec->cells[moved].pan_x = i % 2 ? 0.4 : 0.6;
      double t0 = wall_ms ();
      if (!pf_renderer_render (r, spec, &error)
          || !pf_renderer_get_preview (r, 600, 848, preview, 600 * 4, &error))
        return FALSE;
      t[i] = wall_ms () - t0;
    }
  f->cell_ms = median (t, reps);

  /* The editor's path for a slider move (ui/pf-render-worker.c), GTK aside: the corner
   * radius changes in the document, the spec is rebuilt and scaled to a 600 px wide
   * preview, rendered (only the restyled cells) and downloaded. */
  {
    g_autoptr (PfRenderer) editor = pf_renderer_new (pf_renderer_get_backend (r), &error);
    PfStyle *style = pf_document_get_style (doc);
    double scale = 600.0 / pf_document_get_width (doc);
    for (int i = -1; i < reps; i++)
      {
        double t0 = wall_ms ();
        pf_style_set_corner_radius (style, i % 2 ? 36 : 44);
        g_autoptr (PfRenderSpec) small = pf_render_spec_new_from_document (doc, NULL, &error);
        if (small == NULL)
          return FALSE;
        pf_render_spec_scale (small, scale);
        g_assert (small->width <= 640 && small->height <= 960);
        if (!pf_renderer_render (editor, small, &error)
            || !pf_renderer_get_preview (editor, small->width, small->height, preview,
                                         (gsize) small->width * 4, &error))
          return FALSE;
        if (i >= 0)
          t[i] = wall_ms () - t0;
      }
    f->slider_ms = median (t, reps);
  }

  g_autofree char *out = g_build_filename (g_get_tmp_dir (), "photoff-bench-export.png", NULL);
  int export_reps = MAX (1, reps / 4);
  double *te = g_new (double, export_reps), *tc = g_new (double, export_reps),
         *tw = g_new (double, export_reps);
  for (int i = 0; i < export_reps; i++)
    {
      double t0 = wall_ms ();
      pf_renderer_invalidate (r);
      if (!pf_renderer_render (r, spec, &error))
        return FALSE;
      g_autoptr (PfBitmap) page = pf_renderer_download (r, &error);
      double t1 = wall_ms ();
      /* the level the application exports at (PF_PNG_DEFAULT_LEVEL) */
      PfPngEncodeOptions options = { .dpi = spec->dpi, .level = -1, .srgb = TRUE };
      g_autoptr (GBytes) png = page != NULL ? pf_png_encode (page, &options, &error) : NULL;
      double t2 = wall_ms ();
      if (png == NULL
          || !g_file_set_contents_full (out, g_bytes_get_data (png, NULL), g_bytes_get_size (png),
                                        G_FILE_SET_CONTENTS_CONSISTENT, 0666, &error))
        return FALSE;
      double t3 = wall_ms ();
      te[i] = t3 - t0;
      tc[i] = t2 - t1;
      tw[i] = t3 - t2;
      f->png_bytes = g_bytes_get_size (png);
      if (i == 0)
        {
          /* the reference size: one zlib stream at level 6 */
          PfPngEncodeOptions single = { .dpi = spec->dpi, .level = 6, .threads = 1 };
          g_autoptr (GBytes) one = pf_png_encode (page, &single, &error);
          f->png_single_bytes = one != NULL ? g_bytes_get_size (one) : 0;
        }
    }
  /* How the encoder scales with threads on this machine's CPUs (one page each). */
  {
    g_autoptr (PfBitmap) page = pf_renderer_download (r, &error);
    static const int counts[] = { 1, 4, 0 };
    for (int k = 0; page != NULL && k < 3; k++)
      {
        PfPngEncodeOptions o = { .dpi = spec->dpi, .level = -1, .threads = counts[k] };
        double t0 = wall_ms ();
        g_autoptr (GBytes) png = pf_png_encode (page, &o, &error);
        f->encode_threads_ms[k] = png != NULL ? wall_ms () - t0 : -1;
      }
  }
  f->export_ms = median (te, export_reps);
  f->encode_ms = median (tc, export_reps);
  f->write_ms = median (tw, export_reps);
  g_unlink (out);
  pf_host_free (pf_renderer_get_context (r), preview);
  g_free (t);
  g_free (te);
  g_free (tc);
  g_free (tw);
  return TRUE;
}

static void
report_render (FILE *json, const char *label, const RenderFigures *f, bool last)
{
  printf ("%-10s %s, %d cells\n", label, f->describe, f->cells);
  printf ("  full re-render + 600x848 preview     %9.3f ms\n", f->full_ms);
  printf ("    of which the render call          %9.3f ms; device span %.3f ms\n",
          f->full_host_ms, f->full_gpu_ms);
  printf ("  one cell changed + preview           %9.3f ms\n", f->cell_ms);
  printf ("  editor: slider -> 600 px preview     %9.3f ms\n", f->slider_ms);
  printf ("  export (render, download, PNG, write) %8.1f ms  (encode %.1f, write %.1f)\n",
          f->export_ms, f->encode_ms, f->write_ms);
  printf ("  PNG encode alone: 1 thread %.1f ms, 4 threads %.1f ms, %u threads %.1f ms\n",
          f->encode_threads_ms[0], f->encode_threads_ms[1], g_get_num_processors (),
          f->encode_threads_ms[2]);
  printf ("  PNG %zu bytes = %.3f x one zlib-6 stream (%zu)\n", f->png_bytes,
          f->png_single_bytes ? (double) f->png_bytes / f->png_single_bytes : 0,
          f->png_single_bytes);
  if (json != NULL)
    fprintf (json,
             "    {\"backend\": \"%s\", \"device\": \"%s\", \"cells\": %d, "
             "\"full_rerender_ms\": %.4f, "
             "\"one_cell_ms\": %.4f, \"slider_preview_ms\": %.4f, \"export_ms\": %.2f, "
             "\"encode_ms\": %.2f, \"write_ms\": %.2f, "
             "\"png_bytes\": %zu, \"png_single_stream_bytes\": %zu}%s\n",
             label, f->describe, f->cells, f->full_ms, f->cell_ms, f->slider_ms, f->export_ms,
             f->encode_ms,
             f->write_ms, f->png_bytes, f->png_single_bytes, last ? "" : ",");
}

int
main (int argc, char *argv[])
{
  int reps = 30, cpu_reps = 3;
  bool with_cpu = true;
  const char *filter = NULL, *json_path = NULL, *npp_path = getenv ("PHOTOFF_NPP_SHIM");
  const char *project = "data/samples/sample.photoff";
  PfBackend backend = PF_BACKEND_AUTO;
  static const struct option options[] = {
    { "reps", required_argument, NULL, 'r' },
    { "cpu-reps", required_argument, NULL, 'c' },
    { "no-cpu", no_argument, NULL, 'n' },
    { "filter", required_argument, NULL, 'f' },
    { "json", required_argument, NULL, 'j' },
    { "npp", required_argument, NULL, 'p' },
    { "backend", required_argument, NULL, 'b' },
    { "project", required_argument, NULL, 'P' },
    { "help", no_argument, NULL, 'h' },
    { 0 },
  };
  int opt;
  while ((opt = getopt_long (argc, argv, "", options, NULL)) != -1)
    switch (opt)
      {
      case 'r': reps = atoi (optarg); break;
      case 'c': cpu_reps = atoi (optarg); break;
      case 'n': with_cpu = false; break;
      case 'f': filter = optarg; break;
      case 'j': json_path = optarg; break;
      case 'p': npp_path = optarg; break;
      case 'P': project = optarg; break;
      case 'b':
        backend = strcmp (optarg, "cpu") == 0 ? PF_BACKEND_CPU
                  : strcmp (optarg, "cuda") == 0 ? PF_BACKEND_CUDA : PF_BACKEND_AUTO;
        break;
      default:
        fprintf (stderr, "usage: photoff-bench [--reps N] [--cpu-reps N] [--no-cpu] "
                         "[--filter TEXT] [--json FILE] [--npp libphotoff-npp.so] "
                         "[--backend auto|cpu|cuda] [--project FILE.photoff]\n");
        return opt == 'h' ? 0 : 2;
      }
  if (reps < 1 || cpu_reps < 1)
    {
      fprintf (stderr, "photoff-bench: --reps and --cpu-reps must be at least 1\n");
      return 2;
    }

  PfContext *ctx = NULL, *cpu = NULL;
  PfStatus st = pf_context_create (backend, &ctx);
  if (st != PF_OK)
    {
      fprintf (stderr, "photoff-bench: %s\n", pf_status_to_string (st));
      return 1;
    }
  bool on_gpu = pf_context_get_backend (ctx) == PF_BACKEND_CUDA;
  if (with_cpu && on_gpu && pf_context_create (PF_BACKEND_CPU, &cpu) != PF_OK)
    cpu = NULL;

  Images im, cim;
  if ((st = images_init (&im, ctx)) != PF_OK
      || (cpu != NULL && (st = images_init (&cim, cpu)) != PF_OK))
    {
      fprintf (stderr, "photoff-bench: preparing inputs: %s (%s)\n", pf_status_to_string (st),
               pf_context_last_error (ctx));
      return 1;
    }

  Npp npp = { 0 };
  bool have_npp = on_gpu && npp_path != NULL && npp_load (&npp, npp_path);
  double bandwidth = measure_copy_bandwidth (ctx);

  printf ("# photoff-bench: %s\n", pf_context_describe (ctx));
  if (cpu != NULL)
    printf ("# CPU reference: %s\n", pf_context_describe (cpu));
  if (bandwidth > 0)
    printf ("# device-to-device copy: %.0f GB/s (read + write)\n", bandwidth);
  printf ("# NPP: %s\n", have_npp ? npp.version () : "not loaded");
  printf ("# medians of %d runs (CPU: %d)\n", reps, cpu_reps);
  printf ("# ms: device time of one op queued back to back (events around %d); call ms: one "
          "call between its own events, host launch work included\n", BATCH);
  printf ("%-34s %10s %9s %8s %7s %10s %8s %10s %8s\n", "op", "ms", "call ms", "Gpix/s", "%bw",
          "cpu ms", "x cpu", "npp ms", "x npp");

  FILE *json = json_path != NULL ? fopen (json_path, "w") : NULL;
  if (json != NULL)
    fprintf (json, "{\n  \"device\": \"%s\",\n  \"copy_bandwidth_gbs\": %.1f,\n  \"npp\": \"%s\",\n"
                   "  \"reps\": %d,\n  \"ops\": [\n",
             pf_context_describe (ctx), bandwidth, have_npp ? npp.version () : "", reps);
  bool first = true;
  for (size_t i = 0; i < sizeof benches / sizeof benches[0]; i++)
    {
      const Bench *b = &benches[i];
      if (filter != NULL && strstr (b->name, filter) == NULL)
        continue;
      PfStatus status;
      /* Reset the scratch output's logical size: some ops shrink it. */
      pf_image_set_size (im.out, PAGE_W, PAGE_H);
      double call_ms = -1, cpu_call_ms = -1;
      double ms = time_op (&im, b->run, reps, &status, &call_ms);
      if (ms < 0)
        {
          printf ("%-34s failed: %s (%s)\n", b->name, pf_status_to_string (status),
                  pf_context_last_error (ctx));
          continue;
        }
      double cpu_ms = -1, npp_ms = -1;
      if (cpu != NULL)
        {
          pf_image_set_size (cim.out, PAGE_W, PAGE_H);
          cpu_ms = time_op (&cim, b->run, cpu_reps, &status, &cpu_call_ms);
        }
      if (have_npp)
        npp_ms = npp_time (&npp, &im, b, reps);
      double gpix = b->pixels > 0 ? b->pixels / (ms * 1e-3) / 1e9 : 0;
      double frac = b->bytes > 0 && bandwidth > 0 ? b->bytes / (ms * 1e-3) / 1e9 / bandwidth : 0;
      printf ("%-34s %10.4f %9.4f %8.2f %6.0f%% %10.2f %8.1f %10.4f %8.2f\n", b->name, ms,
              call_ms, gpix, frac * 100, cpu_ms, cpu_ms > 0 ? cpu_ms / ms : 0, npp_ms,
              npp_ms > 0 ? npp_ms / ms : 0);
      if (json != NULL)
        {
          fprintf (json,
                   "%s    {\"op\": \"%s\", \"ms\": %.5f, \"call_ms\": %.5f, "
                   "\"gpixels_per_s\": %.3f, "
                   "\"bytes\": %.0f, \"bandwidth_fraction\": %.3f, \"cpu_ms\": %.3f, "
                   "\"speedup_vs_cpu\": %.2f, \"npp_ms\": %.5f, \"speedup_vs_npp\": %.3f}",
                   first ? "" : ",\n", b->name, ms, call_ms, gpix, b->bytes, frac, cpu_ms,
                   cpu_ms > 0 ? cpu_ms / ms : 0, npp_ms, npp_ms > 0 ? npp_ms / ms : 0);
          first = false;
        }
      fflush (stdout);
    }
  /* Whole pages: the sample project on this backend and, for scale, on the CPU. */
  if (json != NULL)
    fprintf (json, "\n  ],\n  \"renders\": [\n");
  if (filter == NULL || strstr ("render", filter) != NULL)
    {
      RenderFigures gpu_f = { 0 }, cpu_f = { 0 };
      bool have_gpu = bench_render (pf_context_get_backend (ctx), project, reps, &gpu_f);
      bool have_cpu = cpu != NULL && bench_render (PF_BACKEND_CPU, project, cpu_reps, &cpu_f);
      if (have_gpu)
        report_render (json, on_gpu ? "cuda" : "cpu", &gpu_f, !have_cpu);
      if (have_cpu)
        report_render (json, "cpu", &cpu_f, true);
    }
  if (json != NULL)
    {
      fprintf (json, "  ]\n}\n");
      fclose (json);
    }

  images_clear (&im);
  if (cpu != NULL)
    images_clear (&cim);
  pf_context_destroy (cpu);
  pf_context_destroy (ctx);
  return 0;
}
