/* test-parity.c — every op on the CUDA backend against the CPU reference
 *
 * Each case builds the same deterministic inputs on both backends, runs one op and
 * compares the downloads pixel by pixel: the backends must agree within ±1 per channel
 * and produce the same size. Without a CUDA device the program exits 77 (skipped).
 * PHOTOFF_PARITY_REPORT=FILE writes one JSON object per case (name, size, max diff).
 */
#include "pf-test-utils.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  const char *name;
  int width, height;        /* logical size of the inputs */
  gboolean in_big_scratch;  /* inputs live in a 5000×5000 allocation */
  gboolean transparent;     /* inputs fully transparent */
} Shape;

static const Shape shapes[] = {
  { "1x1", 1, 1, FALSE, FALSE },
  { "3x5", 3, 5, FALSE, FALSE },
  { "17x13", 17, 13, FALSE, FALSE },
  { "640x480", 640, 480, FALSE, FALSE },
  { "1234x567-in-5000x5000", 1234, 567, TRUE, FALSE },
  { "4000x3000", 4000, 3000, FALSE, FALSE },
  { "transparent-64x48", 64, 48, FALSE, TRUE },
};

typedef struct
{
  const char *name;
  /* Runs the op on @ctx over @in (and @in2, a second input of the same shape), leaving
   * the result in @out. */
  PfStatus (*run) (PfContext *ctx, PfImage *in, PfImage *in2, PfImage *out, const Shape *s);
  gboolean skip_huge;  /* too slow for the CPU reference at 4000×3000 */
} Op;

static PfContext *cpu_ctx, *cuda_ctx;
static FILE *report;

/* ---- the ops ---------------------------------------------------------------------- */

static PfStatus
op_fill (PfContext *ctx, PfImage *in, PfImage *in2, PfImage *out, const Shape *s)
{
  PfStatus st = pf_copy (ctx, in, out);
  return st != PF_OK ? st : pf_fill (ctx, out, (PfColor) { 200, 100, 50, 77 });
}

#define GRADIENT_OP(fn, kind)                                                                \
  static PfStatus fn (PfContext *ctx, PfImage *in, PfImage *in2, PfImage *out, const Shape *s) \
  {                                                                                          \
    PfStatus st = pf_image_set_size (out, s->width, s->height);                              \
    return st != PF_OK ? st                                                                  \
                       : pf_fill_gradient (ctx, out, kind, (PfColor) { 255, 0, 40, 255 },    \
                                           (PfColor) { 0, 90, 255, 30 });                    \
  }
GRADIENT_OP (op_gradient_h, PF_GRADIENT_HORIZONTAL)
GRADIENT_OP (op_gradient_v, PF_GRADIENT_VERTICAL)
GRADIENT_OP (op_gradient_d, PF_GRADIENT_DIAGONAL)
GRADIENT_OP (op_gradient_r, PF_GRADIENT_RADIAL)

static PfStatus
op_copy (PfContext *ctx, PfImage *in, PfImage *in2, PfImage *out, const Shape *s)
{
  return pf_copy (ctx, in, out);
}

static PfStatus
resize_by (PfContext *ctx, PfImage *in, PfImage *out, double f, PfResizeMethod m)
{
  int w = MAX (1, (int) (pf_image_get_width (in) * f));
  int h = MAX (1, (int) (pf_image_get_height (in) * f));
  PfStatus st = pf_image_set_size (out, w, h);
  return st != PF_OK ? st : pf_resize (ctx, in, out, m);
}

#define RESIZE_OP(fn, f, m)                                                                  \
  static PfStatus fn (PfContext *ctx, PfImage *in, PfImage *in2, PfImage *out, const Shape *s) \
  {                                                                                          \
    return resize_by (ctx, in, out, f, m);                                                   \
  }
RESIZE_OP (op_resize_nearest_down, 0.37, PF_RESIZE_NEAREST)
RESIZE_OP (op_resize_nearest_up, 2.3, PF_RESIZE_NEAREST)
RESIZE_OP (op_resize_bilinear_down, 0.37, PF_RESIZE_BILINEAR)
RESIZE_OP (op_resize_bilinear_up, 2.3, PF_RESIZE_BILINEAR)
RESIZE_OP (op_resize_bicubic_down, 0.21, PF_RESIZE_BICUBIC)
RESIZE_OP (op_resize_bicubic_up, 1.7, PF_RESIZE_BICUBIC)
RESIZE_OP (op_resize_lanczos_down, 0.21, PF_RESIZE_LANCZOS3)
RESIZE_OP (op_resize_lanczos_up, 1.7, PF_RESIZE_LANCZOS3)
RESIZE_OP (op_resize_lanczos_identity, 1.0, PF_RESIZE_LANCZOS3)

static PfStatus
op_resize_region (PfContext *ctx, PfImage *in, PfImage *in2, PfImage *out, const Shape *s)
{
  PfStatus st = pf_copy (ctx, in2, out);
  PfRect region = { -0.5, s->height * 0.25, s->width * 0.6 + 0.3, s->height * 0.5 + 0.1 };
  PfBox box = { s->width / 4, 0, MAX (1, s->width / 2), s->height };
  return st != PF_OK ? st : pf_resize_region (ctx, in, &region, out, &box, PF_RESIZE_BICUBIC);
}

static PfStatus
op_cover (PfContext *ctx, PfImage *in, PfImage *in2, PfImage *out, const Shape *s)
{
  PfStatus st = pf_image_set_size (out, MAX (1, s->width / 2), MAX (1, s->height * 2 / 3));
  return st != PF_OK ? st : pf_cover (ctx, in, out, 0.3, 0.8, 1.6, PF_RESIZE_LANCZOS3);
}

static PfStatus
op_contain (PfContext *ctx, PfImage *in, PfImage *in2, PfImage *out, const Shape *s)
{
  PfStatus st = pf_image_set_size (out, MAX (1, s->width * 3 / 4), MAX (1, s->height / 3));
  return st != PF_OK ? st
                     : pf_contain (ctx, in, out, 0.25, 0.5, 1.0, (PfColor) { 10, 20, 30, 128 },
                                   PF_RESIZE_BILINEAR);
}

#define BLUR_OP(fn, r)                                                                       \
  static PfStatus fn (PfContext *ctx, PfImage *in, PfImage *in2, PfImage *out, const Shape *s) \
  {                                                                                          \
    PfStatus st = pf_copy (ctx, in, out);                                                    \
    return st != PF_OK ? st : pf_blur (ctx, out, (r), NULL);                                 \
  }
BLUR_OP (op_blur_0, 0.0f)
BLUR_OP (op_blur_1_5, 1.5f)
BLUR_OP (op_blur_5, 5.0f)
BLUR_OP (op_blur_50, 50.0f)
BLUR_OP (op_blur_huge, (float) MAX (s->width, s->height) * 2)

#define CORNERS_OP(fn, r)                                                                    \
  static PfStatus fn (PfContext *ctx, PfImage *in, PfImage *in2, PfImage *out, const Shape *s) \
  {                                                                                          \
    PfStatus st = pf_copy (ctx, in, out);                                                    \
    return st != PF_OK ? st : pf_round_corners (ctx, out, (r));                              \
  }
CORNERS_OP (op_corners_0, 0.0f)
CORNERS_OP (op_corners_7_5, 7.5f)
CORNERS_OP (op_corners_huge, 1e6f)

static PfStatus
shadow (PfContext *ctx, PfImage *in, PfImage *out, int dx, int dy, float blur, float spread,
        gboolean inner)
{
  PfShadow sh = { dx, dy, blur, spread, { 0, 0, 0, 160 }, inner };
  int ox = 0, oy = 0;
  PfImage *shape = NULL;
  PfStatus st = pf_pool_acquire (pf_context_get_pool (ctx), pf_image_get_width (in),
                                 pf_image_get_height (in), &shape);
  if (st == PF_OK)
    st = pf_copy (ctx, in, shape);
  if (st == PF_OK)
    st = pf_round_corners (ctx, shape, 12.0f);
  if (st == PF_OK)
    st = pf_drop_shadow (ctx, shape, out, &sh, &ox, &oy);
  pf_pool_release (pf_context_get_pool (ctx), shape);
  return st;
}

static PfStatus
op_shadow_outer (PfContext *ctx, PfImage *in, PfImage *in2, PfImage *out, const Shape *s)
{
  return shadow (ctx, in, out, 6, 9, 12.0f, 2.0f, FALSE);
}

static PfStatus
op_shadow_negative (PfContext *ctx, PfImage *in, PfImage *in2, PfImage *out, const Shape *s)
{
  return shadow (ctx, in, out, -7, -3, 4.0f, -1.0f, FALSE);
}

static PfStatus
op_shadow_inner (PfContext *ctx, PfImage *in, PfImage *in2, PfImage *out, const Shape *s)
{
  return shadow (ctx, in, out, 3, 4, 6.0f, 0.0f, TRUE);
}

#define STROKE_OP(fn, pos)                                                                   \
  static PfStatus fn (PfContext *ctx, PfImage *in, PfImage *in2, PfImage *out, const Shape *s) \
  {                                                                                          \
    PfStroke st = { 5.5f, { 255, 255, 255, 230 }, pos, 20.0f };                              \
    int ox, oy;                                                                              \
    return pf_stroke (ctx, in, out, &st, &ox, &oy);                                          \
  }
STROKE_OP (op_stroke_inside, PF_STROKE_INSIDE)
STROKE_OP (op_stroke_outside, PF_STROKE_OUTSIDE)
STROKE_OP (op_stroke_center, PF_STROKE_CENTER)

static PfStatus
blend (PfContext *ctx, PfImage *in, PfImage *in2, PfImage *out, int x, int y, float opacity,
       PfBlendMode mode)
{
  PfStatus st = pf_copy (ctx, in2, out);
  return st != PF_OK ? st : pf_blend (ctx, out, in, x, y, opacity, mode);
}

#define BLEND_OP(fn, fx, fy, op, mode)                                                       \
  static PfStatus fn (PfContext *ctx, PfImage *in, PfImage *in2, PfImage *out, const Shape *s) \
  {                                                                                          \
    return blend (ctx, in, in2, out, (int) (s->width * (fx)), (int) (s->height * (fy)), op,  \
                  mode);                                                                     \
  }
BLEND_OP (op_blend_normal, 0, 0, 1.0f, PF_BLEND_NORMAL)
BLEND_OP (op_blend_negative, -0.4, -0.3, 1.0f, PF_BLEND_NORMAL)
BLEND_OP (op_blend_past_edge, 0.7, 0.5, 0.5f, PF_BLEND_NORMAL)
BLEND_OP (op_blend_multiply, 0.1, -0.2, 0.8f, PF_BLEND_MULTIPLY)
BLEND_OP (op_blend_screen, -0.1, 0.2, 1.0f, PF_BLEND_SCREEN)
BLEND_OP (op_blend_overlay, 0, 0, 0.6f, PF_BLEND_OVERLAY)

static PfStatus
op_blend_box (PfContext *ctx, PfImage *in, PfImage *in2, PfImage *out, const Shape *s)
{
  PfBox clip = { s->width / 5, -3, MAX (1, s->width / 2), s->height };
  PfStatus st = pf_copy (ctx, in2, out);
  return st != PF_OK ? st
                     : pf_blend_box (ctx, out, in, -(s->width / 7), s->height / 3, 0.9f,
                                     PF_BLEND_NORMAL, &clip);
}

static PfStatus
op_copy_box (PfContext *ctx, PfImage *in, PfImage *in2, PfImage *out, const Shape *s)
{
  PfBox box = { s->width / 3, s->height / 4, s->width, MAX (1, s->height / 2) };
  PfStatus st = pf_copy (ctx, in2, out);
  return st != PF_OK ? st : pf_copy_box (ctx, in, out, &box);
}

static PfStatus
op_crop (PfContext *ctx, PfImage *in, PfImage *in2, PfImage *out, const Shape *s)
{
  PfBox box = { s->width / 3, s->height / 4, MAX (1, s->width / 2), MAX (1, s->height / 2) };
  return pf_crop (ctx, in, out, &box);
}

#define FLIP_OP(fn, f)                                                                       \
  static PfStatus fn (PfContext *ctx, PfImage *in, PfImage *in2, PfImage *out, const Shape *s) \
  {                                                                                          \
    PfStatus st = pf_copy (ctx, in, out);                                                    \
    return st != PF_OK ? st : pf_flip (ctx, out, f);                                         \
  }
FLIP_OP (op_flip_h, PF_FLIP_HORIZONTAL)
FLIP_OP (op_flip_v, PF_FLIP_VERTICAL)
FLIP_OP (op_flip_both, PF_FLIP_BOTH)

#define ROTATE_OP(fn, deg)                                                                   \
  static PfStatus fn (PfContext *ctx, PfImage *in, PfImage *in2, PfImage *out, const Shape *s) \
  {                                                                                          \
    return pf_rotate (ctx, in, out, deg);                                                    \
  }
ROTATE_OP (op_rotate_90, 90.0)
ROTATE_OP (op_rotate_180, 180.0)
ROTATE_OP (op_rotate_270, 270.0)
ROTATE_OP (op_rotate_33, 33.3)

static PfStatus
op_opacity (PfContext *ctx, PfImage *in, PfImage *in2, PfImage *out, const Shape *s)
{
  PfStatus st = pf_copy (ctx, in, out);
  return st != PF_OK ? st : pf_opacity (ctx, out, 0.42f);
}

static PfStatus
op_grayscale (PfContext *ctx, PfImage *in, PfImage *in2, PfImage *out, const Shape *s)
{
  PfStatus st = pf_copy (ctx, in, out);
  return st != PF_OK ? st : pf_grayscale (ctx, out);
}

static PfStatus
op_adjust (PfContext *ctx, PfImage *in, PfImage *in2, PfImage *out, const Shape *s)
{
  PfStatus st = pf_copy (ctx, in, out);
  return st != PF_OK ? st : pf_adjust (ctx, out, 0.1f, 1.3f, 0.6f);
}

static PfStatus
op_download_scaled (PfContext *ctx, PfImage *in, PfImage *in2, PfImage *out, const Shape *s)
{
  /* The preview path: the small image comes back through the host and is re-uploaded. */
  int w = MAX (1, s->width / 5), h = MAX (1, s->height / 5);
  g_autofree guint8 *px = g_malloc ((gsize) w * h * 4);
  PfStatus st = pf_image_download_scaled (ctx, in, w, h, PF_RESIZE_BILINEAR, px, (gsize) w * 4);
  if (st == PF_OK)
    st = pf_image_set_size (out, w, h);
  return st != PF_OK ? st : pf_image_upload (ctx, out, px, (gsize) w * 4);
}

static const Op ops[] = {
  { "fill", op_fill },
  { "gradient-horizontal", op_gradient_h },
  { "gradient-vertical", op_gradient_v },
  { "gradient-diagonal", op_gradient_d },
  { "gradient-radial", op_gradient_r },
  { "copy", op_copy },
  { "resize-nearest-down", op_resize_nearest_down },
  { "resize-nearest-up", op_resize_nearest_up, TRUE },
  { "resize-bilinear-down", op_resize_bilinear_down },
  { "resize-bilinear-up", op_resize_bilinear_up, TRUE },
  { "resize-bicubic-down", op_resize_bicubic_down },
  { "resize-bicubic-up", op_resize_bicubic_up, TRUE },
  { "resize-lanczos-down", op_resize_lanczos_down },
  { "resize-lanczos-up", op_resize_lanczos_up, TRUE },
  { "resize-lanczos-identity", op_resize_lanczos_identity },
  { "resize-region", op_resize_region },
  { "cover", op_cover },
  { "contain", op_contain },
  { "download-scaled", op_download_scaled },
  { "blur-0", op_blur_0 },
  { "blur-1.5", op_blur_1_5 },
  { "blur-5", op_blur_5 },
  { "blur-50", op_blur_50 },
  { "blur-huge", op_blur_huge },
  { "round-corners-0", op_corners_0 },
  { "round-corners-7.5", op_corners_7_5 },
  { "round-corners-huge", op_corners_huge },
  { "shadow-outer", op_shadow_outer },
  { "shadow-negative-offset", op_shadow_negative },
  { "shadow-inner", op_shadow_inner },
  { "stroke-inside", op_stroke_inside },
  { "stroke-outside", op_stroke_outside },
  { "stroke-center", op_stroke_center },
  { "blend-normal", op_blend_normal },
  { "blend-negative-offset", op_blend_negative },
  { "blend-past-edge-opacity", op_blend_past_edge },
  { "blend-multiply", op_blend_multiply },
  { "blend-screen", op_blend_screen },
  { "blend-overlay", op_blend_overlay },
  { "blend-box", op_blend_box },
  { "copy-box", op_copy_box },
  { "crop", op_crop },
  { "flip-horizontal", op_flip_h },
  { "flip-vertical", op_flip_v },
  { "flip-both", op_flip_both },
  { "rotate-90", op_rotate_90 },
  { "rotate-180", op_rotate_180 },
  { "rotate-270", op_rotate_270 },
  { "rotate-33.3", op_rotate_33, TRUE },
  { "opacity", op_opacity },
  { "grayscale", op_grayscale },
  { "adjust", op_adjust },
};

/* ---- the harness ------------------------------------------------------------------ */

static PfImage *
make_input (PfContext *ctx, const Shape *s, guint32 seed)
{
  PfImage *image = NULL;
  if (s->in_big_scratch)
    {
      pf_assert_ok (pf_image_create (ctx, 5000, 5000, &image));
      pf_assert_ok (pf_image_set_size (image, s->width, s->height));
    }
  else
    pf_assert_ok (pf_image_create (ctx, s->width, s->height, &image));
  g_autofree guint8 *px = s->transparent
                              ? g_malloc0 ((gsize) s->width * s->height * 4)
                              : pf_test_pixels_random (s->width, s->height, seed, seed % 2 == 0);
  pf_assert_ok (pf_image_upload (ctx, image, px, (gsize) s->width * 4));
  return image;
}

static guint8 *
run_on (PfContext *ctx, const Op *op, const Shape *s, int *w, int *h, PfStatus *status)
{
  PfImage *in = make_input (ctx, s, 7);
  PfImage *in2 = make_input (ctx, s, 8);
  /* room for ops that grow their output (rotate, shadow, stroke, upscales) */
  PfImage *out = NULL;
  int cap = MAX (s->width, s->height) * 3 + 200;
  pf_assert_ok (pf_image_create (ctx, MIN (cap, 12000), MIN (cap, 12000), &out));
  *status = op->run (ctx, in, in2, out, s);
  guint8 *px = NULL;
  if (*status == PF_OK)
    {
      *w = pf_image_get_width (out);
      *h = pf_image_get_height (out);
      px = pf_test_download (ctx, out);
    }
  pf_image_destroy (in);
  pf_image_destroy (in2);
  pf_image_destroy (out);
  return px;
}

typedef struct
{
  const Op *op;
  const Shape *shape;
} Case;

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  if (c->op->skip_huge && c->shape->width * c->shape->height > 4000000)
    {
      g_test_skip ("too slow for the CPU reference at this size");
      return;
    }
  int cw = 0, ch = 0, gw = 0, gh = 0;
  PfStatus cs, gs;
  gint64 t0 = g_get_monotonic_time ();
  g_autofree guint8 *cpu = run_on (cpu_ctx, c->op, c->shape, &cw, &ch, &cs);
  gint64 t1 = g_get_monotonic_time ();
  g_autofree guint8 *gpu = run_on (cuda_ctx, c->op, c->shape, &gw, &gh, &gs);
  gint64 t2 = g_get_monotonic_time ();

  /* Both backends must agree on refusing as on succeeding. */
  if (gs != cs)
    g_error ("%s on %s: CPU says \"%s\" (%s), CUDA says \"%s\" (%s)", c->op->name,
             c->shape->name, pf_status_to_string (cs), pf_context_last_error (cpu_ctx),
             pf_status_to_string (gs), pf_context_last_error (cuda_ctx));
  int max = -1;
  if (cs == PF_OK)
    {
      g_assert_cmpint (gw, ==, cw);
      g_assert_cmpint (gh, ==, ch);
      max = pf_test_max_diff (gpu, cpu, (gsize) cw * ch);
    }
  if (report != NULL)
    fprintf (report,
             "{\"op\": \"%s\", \"shape\": \"%s\", \"status\": \"%s\", \"width\": %d, "
             "\"height\": %d, \"max_diff\": %d, \"cpu_ms\": %.2f, \"cuda_ms\": %.2f}\n",
             c->op->name, c->shape->name, pf_status_to_string (cs), cw, ch, max,
             (t1 - t0) / 1000.0, (t2 - t1) / 1000.0);
  if (cs == PF_OK)
    pf_test_assert_close (gpu, cpu, cw, ch, 1);
}

/* One source on each backend (the same pixels) and an output image on each. */
typedef struct
{
  PfImage *in_cpu, *in_gpu, *out_cpu, *out_gpu;
} ResizePair;

static void
resize_pair_init (ResizePair *r, const Shape *src, guint seed, int out_w, int out_h)
{
  r->in_cpu = make_input (cpu_ctx, src, seed);
  r->in_gpu = make_input (cuda_ctx, src, seed);
  pf_assert_ok (pf_image_create (cpu_ctx, out_w, out_h, &r->out_cpu));
  pf_assert_ok (pf_image_create (cuda_ctx, out_w, out_h, &r->out_gpu));
}

static void
resize_pair_clear (ResizePair *r)
{
  pf_image_destroy (r->in_cpu);
  pf_image_destroy (r->in_gpu);
  pf_image_destroy (r->out_cpu);
  pf_image_destroy (r->out_gpu);
}

/* The two outputs hold the same bytes. */
static void
assert_outputs_equal (const ResizePair *r)
{
  gsize n = (gsize) pf_image_get_width (r->out_cpu) * pf_image_get_height (r->out_cpu);
  g_autofree guint8 *a = pf_test_download (cpu_ctx, r->out_cpu);
  g_autofree guint8 *b = pf_test_download (cuda_ctx, r->out_gpu);
  g_assert_cmpint (pf_test_max_diff (b, a, n), ==, 0);
}

/* Resizes both sources to w × h by @m and asserts equal bytes. */
static void
assert_resize_equal (ResizePair *r, int w, int h, PfResizeMethod m)
{
  pf_assert_ok (pf_image_set_size (r->out_cpu, w, h));
  pf_assert_ok (pf_image_set_size (r->out_gpu, w, h));
  pf_assert_ok (pf_resize (cpu_ctx, r->in_cpu, r->out_cpu, m));
  pf_assert_ok (pf_resize (cuda_ctx, r->in_gpu, r->out_gpu, m));
  assert_outputs_equal (r);
}

/* The CUDA backend keeps the tap tables of its last 16 resizes: forty resizes of one
 * source to sizes and methods that come back after being evicted (and need more table
 * memory than the slot they land in held) must each equal the CPU's. */
static void
test_resize_table_cache (void)
{
  static const Shape src_shape = { "640x480", 640, 480, FALSE, FALSE };
  static const PfResizeMethod methods[] = { PF_RESIZE_BILINEAR, PF_RESIZE_BICUBIC,
                                            PF_RESIZE_LANCZOS3 };
  ResizePair r;
  resize_pair_init (&r, &src_shape, 11, 1400, 1000);
  for (int i = 0; i < 40; i++)
    {
      int k = (i * 7) % 23;  /* 23 different sizes, revisited in a scrambled order */
      assert_resize_equal (&r, 31 + k * 57, 17 + k * 41, methods[k % 3]);
    }
  resize_pair_clear (&r);
}

/* Wide windows (bicubic and Lanczos shrinking by about 3 to 7) take the GPU's staged
 * paths, whose tiles stream many chunks of source rows through a ring: odd sizes, axes
 * scaled differently, tiles cut short at the bottom and right edges. */
static void
test_resize_wide_windows (void)
{
  static const Shape src_shape = { "2001x1503", 2001, 1503, FALSE, FALSE };
  static const double factors[][2] = {
    { 2.9, 2.9 }, { 4.84, 4.84 }, { 6.3, 3.2 }, { 3.4, 5.9 }, { 5.1, 6.9 }, { 3.7, 1.3 },
  };
  ResizePair r;
  resize_pair_init (&r, &src_shape, 5, 1000, 1000);
  for (gsize f = 0; f < G_N_ELEMENTS (factors); f++)
    for (int m = PF_RESIZE_BICUBIC; m <= PF_RESIZE_LANCZOS3; m++)
      assert_resize_equal (&r, (int) (src_shape.width / factors[f][0]),
                           (int) (src_shape.height / factors[f][1]), (PfResizeMethod) m);

  /* Regions reaching past the source (windows folded at its edges, tiles starting before
   * it) into boxes inside a larger image: what a cover fit or a crop does. */
  static const struct
  {
    PfRect region;
    PfBox box;
  } regions[] = {
    { { -37.3, 12.7, 1990.4, 1520.2 }, { 7, 5, 397, 301 } },
    { { 211.5, -80.25, 1700.0, 1400.0 }, { 0, 17, 371, 290 } },
    { { 3.75, 2.5, 1850.3, 1100.9 }, { 13, 0, 281, 188 } },
  };
  pf_assert_ok (pf_image_set_size (r.out_cpu, 420, 320));
  pf_assert_ok (pf_image_set_size (r.out_gpu, 420, 320));
  for (gsize i = 0; i < G_N_ELEMENTS (regions); i++)
    for (int m = PF_RESIZE_BICUBIC; m <= PF_RESIZE_LANCZOS3; m++)
      {
        pf_assert_ok (pf_fill (cpu_ctx, r.out_cpu, (PfColor) { 1, 2, 3, 4 }));
        pf_assert_ok (pf_fill (cuda_ctx, r.out_gpu, (PfColor) { 1, 2, 3, 4 }));
        pf_assert_ok (pf_resize_region (cpu_ctx, r.in_cpu, &regions[i].region, r.out_cpu,
                                        &regions[i].box, (PfResizeMethod) m));
        pf_assert_ok (pf_resize_region (cuda_ctx, r.in_gpu, &regions[i].region, r.out_gpu,
                                        &regions[i].box, (PfResizeMethod) m));
        assert_outputs_equal (&r);
      }
  resize_pair_clear (&r);
}

/* A @src_w × @src_h source resized to @dst_w × @dst_h by @method on both backends, equal. */
static void
assert_shrink_equal (int src_w, int src_h, int dst_w, int dst_h, PfResizeMethod method,
                     guint seed)
{
  const Shape shape = { "shrink", src_w, src_h, FALSE, FALSE };
  ResizePair r;

  resize_pair_init (&r, &shape, seed, dst_w, dst_h);
  assert_resize_equal (&r, dst_w, dst_h, method);
  resize_pair_clear (&r);
}

/* Tiles whose windows all end a chunk or more before the rows staged for the tallest
 * tile (bottom tiles cut short, shrinks whose span per tile varies): the rows the
 * tensor-core kernel holds back for a round of eight must still be finished from rows in
 * its ring. */
static void
test_resize_short_last_tiles (void)
{
  static const struct
  {
    int src_w, src_h, dst_w, dst_h;
    PfResizeMethod method;
  } cases[] = {
    { 3143, 3061, 498, 485, PF_RESIZE_LANCZOS3 },
    { 2173, 4171, 359, 689, PF_RESIZE_BICUBIC },
    { 3429, 4278, 610, 761, PF_RESIZE_BICUBIC },
    { 3429, 4278, 610, 761, PF_RESIZE_LANCZOS3 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_shrink_equal (cases[i].src_w, cases[i].src_h, cases[i].dst_w, cases[i].dst_h,
                         cases[i].method, 11 + (guint) i);
}

/* Shrinks by 2.5 to 7 on each axis, from sources of 300 to 3500 pixels a side, drawn with
 * a fixed seed: tiles of every height and cut, windows of every phase. */
static void
test_resize_random_shrinks (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261125);
  for (int i = 0; i < 48; i++)
    {
      int src_w = g_rand_int_range (rand, 300, 3501), src_h = g_rand_int_range (rand, 300, 3501);
      int dst_w = MAX (1, (int) (src_w / g_rand_double_range (rand, 2.5, 7.0)));
      int dst_h = MAX (1, (int) (src_h / g_rand_double_range (rand, 2.5, 7.0)));
      PfResizeMethod method = g_rand_boolean (rand) ? PF_RESIZE_LANCZOS3 : PF_RESIZE_BICUBIC;

      if (g_test_verbose ())
        g_printerr ("%dx%d -> %dx%d, method %d\n", src_w, src_h, dst_w, dst_h, method);
      assert_shrink_equal (src_w, src_h, dst_w, dst_h, method, 100 + (guint) i);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (pf_context_create (PF_BACKEND_CUDA, &cuda_ctx) != PF_OK)
    {
      g_printerr ("no CUDA device: parity tests skipped\n");
      return 77;
    }
  cpu_ctx = pf_test_cpu_context ();
  g_printerr ("# %s\n# %s\n", pf_context_describe (cuda_ctx), pf_context_describe (cpu_ctx));
  const char *report_path = g_getenv ("PHOTOFF_PARITY_REPORT");
  if (report_path != NULL)
    report = fopen (report_path, "w");

  for (gsize o = 0; o < G_N_ELEMENTS (ops); o++)
    for (gsize s = 0; s < G_N_ELEMENTS (shapes); s++)
      {
        Case *c = g_new0 (Case, 1);
        c->op = &ops[o];
        c->shape = &shapes[s];
        g_autofree char *path = g_strdup_printf ("/parity/%s/%s", ops[o].name, shapes[s].name);
        g_test_add_data_func_full (path, c, test_case, g_free);
      }

  g_test_add_func ("/parity/resize-table-cache", test_resize_table_cache);
  g_test_add_func ("/parity/resize-wide-windows", test_resize_wide_windows);
  g_test_add_func ("/parity/resize-short-last-tiles", test_resize_short_last_tiles);
  g_test_add_func ("/parity/resize-random-shrinks", test_resize_random_shrinks);

  int result = g_test_run ();
  if (report != NULL)
    fclose (report);
  pf_context_destroy (cpu_ctx);
  pf_context_destroy (cuda_ctx);
  return result;
}
