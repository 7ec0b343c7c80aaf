/* test-cli.c — photoff-cli end to end: arguments, exit codes, outputs read back
 *
 * Runs the installed-layout binary ($PHOTOFF_CLI) in a temporary directory on inputs
 * written here, and reads its outputs back with the app's loader. The backend comes from
 * PHOTOFF_TEST_BACKEND (cpu by default), as in the engine tests.
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "pf-bitmap.h"
#include "pf-image-io.h"

static const char *cli_path;
static const char *backend;
static char *tmp_dir;

typedef struct
{
  int status;   /* exit code, or -1 when killed by a signal */
  char *out;
  char *err;
} CliResult;

static void
cli_result_free (CliResult *r)
{
  g_free (r->out);
  g_free (r->err);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliResult, cli_result_free)

static CliResult *
run_argv (GPtrArray *args)
{
  g_autoptr (GError) error = NULL;
  CliResult *r = g_new0 (CliResult, 1);
  int wait_status = 0;

  g_ptr_array_insert (args, 0, (gpointer) cli_path);
  g_ptr_array_add (args, NULL);
  if (!g_spawn_sync (tmp_dir, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &r->out, &r->err, &wait_status, &error))
    g_error ("could not run %s: %s", cli_path, error->message);

  /* Sanitizer reports need not change the exit code; they are failures all the same. */
  if (strstr (r->err, "runtime error:") != NULL || strstr (r->err, "Sanitizer") != NULL)
    g_test_fail_printf ("photoff-cli reported a bug: %s", r->err);

  g_clear_error (&error);
  if (g_spawn_check_wait_status (wait_status, &error))
    r->status = 0;
  else if (error->domain == G_SPAWN_EXIT_ERROR)
    r->status = error->code;
  else
    r->status = -1;
  return r;
}

/* Runs photoff-cli with exactly these arguments. */
static CliResult *
run_raw (const char *first,
         ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  return run_argv (args);
}

/* Runs photoff-cli with these arguments and the backend under test. */
static CliResult *
run (const char *first,
     ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autofree char *backend_arg = g_strdup_printf ("--backend=%s", backend);
  va_list ap;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  /* Right after the command, so that it stays before any "--". */
  g_ptr_array_insert (args, 1, backend_arg);
  return run_argv (args);
}

/* Failures are reported and end the test case, not the program: one op that misbehaves
 * should not hide the results of the others. */
#define assert_exit(r, code)                                                                \
  G_STMT_START                                                                              \
  {                                                                                         \
    if ((r)->status != (code))                                                              \
      {                                                                                     \
        g_test_fail_printf ("%s:%d: exit %d, expected %d\nstdout: %s\nstderr: %s",          \
                            __FILE__, __LINE__, (r)->status, (code), (r)->out, (r)->err);   \
        return;                                                                             \
      }                                                                                     \
  }                                                                                         \
  G_STMT_END

static char *
path_of (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static gboolean
exists (const char *name)
{
  g_autofree char *path = path_of (name);
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
remove_file (const char *name)
{
  g_autofree char *path = path_of (name);
  g_remove (path);
}

/* ---------------------------------------------------------------------------------------
 * Inputs and outputs
 */

static const guint8 RED[4] = { 255, 0, 0, 255 };
static const guint8 GREEN[4] = { 0, 255, 0, 255 };
static const guint8 BLUE[4] = { 0, 0, 255, 255 };
static const guint8 WHITE[4] = { 255, 255, 255, 255 };

static guint8 *
pixel (const PfBitmap *b,
       int             x,
       int             y)
{
  static guint8 outside[4];

  if (x < 0 || y < 0 || x >= b->width || y >= b->height)
    {
      g_test_fail_printf ("pixel %d,%d lies outside the %d×%d output", x, y, b->width,
                          b->height);
      return outside;
    }
  return b->data + (gsize) y * b->stride + (gsize) x * 4;
}

static void
save_png (PfBitmap   *bitmap,
          const char *name,
          double      dpi)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = path_of (name);
  PfSaveOptions options = { .dpi = dpi, .compression = 1 };

  if (!pf_image_save_png (bitmap, path, &options, &error))
    g_error ("could not write %s: %s", path, error->message);
}

/* An opaque image of one colour. */
static void
write_solid (const char   *name,
             int           width,
             int           height,
             const guint8 *color,
             double        dpi)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PfBitmap) b = pf_bitmap_new (width, height, &error);
  g_assert_no_error (error);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      memcpy (pixel (b, x, y), color, 4);
  save_png (b, name, dpi);
}

/* Red, green / blue, white quadrants: every flip and turn moves a different colour into
 * the top-left corner. */
static void
write_quadrants (const char *name,
                 int         width,
                 int         height)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PfBitmap) b = pf_bitmap_new (width, height, &error);
  g_assert_no_error (error);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guint8 *c = y < height / 2 ? (x < width / 2 ? RED : GREEN)
                                         : (x < width / 2 ? BLUE : WHITE);
        memcpy (pixel (b, x, y), c, 4);
      }
  save_png (b, name, 0);
}

static PfBitmap *
load_bitmap (const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = path_of (name);
  PfBitmap *b = pf_image_load (path, NULL, &error);
  if (b == NULL)
    g_test_fail_printf ("could not read %s: %s", path, error->message);
  return b;
}

/* Declares @var, the output @name read back, or ends the test. */
#define load(var, name)                                                                     \
  g_autoptr (PfBitmap) var = load_bitmap (name);                                            \
  if (var == NULL)                                                                          \
  return

#define assert_size(b, w, h)                                                                \
  G_STMT_START                                                                              \
  {                                                                                         \
    if ((b)->width != (w) || (b)->height != (h))                                            \
      {                                                                                     \
        g_test_fail_printf ("%s:%d: output is %d×%d, expected %d×%d", __FILE__, __LINE__,   \
                            (b)->width, (b)->height, (w), (h));                             \
        return;                                                                             \
      }                                                                                     \
  }                                                                                         \
  G_STMT_END

static void
assert_pixel (const PfBitmap *b,
              int             x,
              int             y,
              const guint8   *expected,
              int             tolerance)
{
  const guint8 *p = pixel (b, x, y);
  for (int c = 0; c < 4; c++)
    if (ABS (p[c] - expected[c]) > tolerance)
      {
        g_test_fail_printf ("pixel %d,%d is %d,%d,%d,%d, expected %d,%d,%d,%d (±%d)", x, y,
                            p[0], p[1], p[2], p[3], expected[0], expected[1], expected[2],
                            expected[3], tolerance);
        return;
      }
}

/* Runs an op expected to succeed and reads its output back. */
#define run_ok(...)                                                                         \
  G_STMT_START                                                                              \
  {                                                                                         \
    g_autoptr (CliResult) _r = run (__VA_ARGS__, NULL);                                     \
    assert_exit (_r, 0);                                                                    \
  }                                                                                         \
  G_STMT_END

/* ---------------------------------------------------------------------------------------
 * Help, version, info
 */

static const char *const commands[] = {
  "info", "resize", "blur", "round-corners", "shadow", "stroke", "blend", "crop", "flip",
  "rotate", "fill", "gradient", "grayscale", "adjust", "opacity", "fit",
};

static void
test_help_lists_every_command (void)
{
  g_autoptr (CliResult) r = run_raw ("--help", NULL);
  assert_exit (r, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    g_assert_nonnull (strstr (r->out, commands[i]));
  g_assert_nonnull (strstr (r->out, "--backend"));
  g_assert_cmpstr (r->err, ==, "");
}

static void
test_help_of_a_command (void)
{
  g_autoptr (CliResult) r = run_raw ("blur", "--help", NULL);
  assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "--radius"));
  g_assert_nonnull (strstr (r->out, "--backend"));

  g_autoptr (CliResult) r2 = run_raw ("help", "resize", NULL);
  assert_exit (r2, 0);
  g_assert_nonnull (strstr (r2->out, "--method"));
}

static void
test_version (void)
{
  g_autoptr (CliResult) r = run_raw ("--version", NULL);
  assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, PACKAGE_VERSION));
}

static void
test_info_prints_the_backend (void)
{
  g_autoptr (CliResult) r = run ("info", NULL);
  assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "Backend: "));
  g_assert_nonnull (strstr (r->out, g_str_equal (backend, "cuda") ? "CUDA" : "CPU"));
}

static void
test_cuda_without_device_fails (void)
{
  g_autoptr (CliResult) info = run_raw ("info", "--backend", "cuda", NULL);
  if (info->status == 0)
    {
      g_test_skip ("a CUDA device is present");
      return;
    }
  assert_exit (info, 1);
  g_assert_nonnull (strstr (info->err, "CUDA"));

  g_autoptr (CliResult) r = run_raw ("blur", "solid.png", "cuda.png", "--radius", "2",
                                     "--backend", "cuda", NULL);
  assert_exit (r, 1);
  g_assert_nonnull (strstr (r->err, "photoff-cli: "));
  g_assert_false (exists ("cuda.png"));
}

/* ---------------------------------------------------------------------------------------
 * Usage errors: exit 2, a message naming the problem, no output
 */

typedef struct
{
  const char *name;
  const char *args[10];
  const char *message;   /* expected in stderr */
} UsageCase;

static const UsageCase usage_cases[] = {
  { "no-arguments", { NULL }, "Usage" },
  { "unknown-command", { "frobnicate", "solid.png", "bad.png" }, "frobnicate" },
  { "unknown-option", { "blur", "solid.png", "bad.png", "--radius", "2", "--bogus" },
    "--bogus" },
  { "option-before-command", { "--radius", "2", "blur", "solid.png", "bad.png" }, "--radius" },
  { "negative-radius", { "blur", "solid.png", "bad.png", "--radius", "-1" }, "--radius" },
  { "radius-not-a-number", { "blur", "solid.png", "bad.png", "--radius", "abc" }, "abc" },
  { "radius-nan", { "round-corners", "solid.png", "bad.png", "--radius", "nan" }, "nan" },
  { "radius-trailing-junk", { "blur", "solid.png", "bad.png", "--radius", "3px" }, "3px" },
  { "missing-radius", { "blur", "solid.png", "bad.png" }, "--radius" },
  { "zero-width", { "resize", "solid.png", "bad.png", "--width", "0" }, "--width" },
  { "fractional-width", { "resize", "solid.png", "bad.png", "--width", "2.5" }, "2.5" },
  { "huge-width", { "resize", "solid.png", "bad.png", "--width", "40000" }, "--width" },
  { "zero-scale", { "resize", "solid.png", "bad.png", "--scale", "0" }, "--scale" },
  { "scale-and-width", { "resize", "solid.png", "bad.png", "--scale", "2", "--width", "3" },
    "--scale" },
  { "resize-without-size", { "resize", "solid.png", "bad.png" }, "--width" },
  { "unknown-method", { "resize", "solid.png", "bad.png", "--width", "5", "--method", "cubic" },
    "cubic" },
  { "missing-out", { "blur", "solid.png", "--radius", "2" }, "OUT" },
  { "missing-in-and-out", { "grayscale" }, "IN" },
  { "extra-argument", { "grayscale", "solid.png", "bad.png", "more.png" }, "more.png" },
  { "bad-colour", { "fill", "bad.png", "--width", "4", "--height", "4", "--color", "#12345" },
    "#12345" },
  { "colour-name", { "fill", "bad.png", "--width", "4", "--height", "4", "--color", "purple" },
    "purple" },
  { "fill-half-a-size", { "fill", "bad.png", "--width", "4", "--color", "red" }, "--height" },
  { "fill-without-size", { "fill", "bad.png", "--color", "red" }, "--width" },
  { "fill-input-and-size",
    { "fill", "solid.png", "bad.png", "--width", "4", "--height", "4", "--color", "red" },
    "--width" },
  { "crop-without-height", { "crop", "solid.png", "bad.png", "--width", "4" }, "--height" },
  { "opacity-above-one", { "opacity", "solid.png", "bad.png", "--opacity", "1.5" },
    "--opacity" },
  { "unknown-flip", { "flip", "solid.png", "bad.png", "--direction", "diagonal" },
    "diagonal" },
  { "unknown-stroke-position",
    { "stroke", "solid.png", "bad.png", "--position", "around" }, "around" },
  { "blend-without-overlay", { "blend", "solid.png", "bad.png" }, "--overlay" },
  { "contrast-above-100", { "adjust", "solid.png", "bad.png", "--contrast", "101" },
    "--contrast" },
  { "zoom-below-one", { "fit", "solid.png", "bad.png", "--width", "9", "--height", "9",
                        "--zoom", "0.5" }, "--zoom" },
  { "unknown-backend", { "grayscale", "solid.png", "bad.png", "--backend", "opencl" },
    "opencl" },
  { "zero-dpi", { "grayscale", "solid.png", "bad.png", "--dpi", "0" }, "--dpi" },
  { "quality-out-of-range", { "grayscale", "solid.png", "bad.jpg", "--quality", "101" },
    "--quality" },
  { "unknown-output-format", { "grayscale", "solid.png", "bad.bmp" }, "bad.bmp" },
  { "missing-option-value", { "blur", "solid.png", "bad.png", "--radius" }, "--radius" },
};

static void
test_usage_error (gconstpointer data)
{
  const UsageCase *c = data;
  g_autoptr (GPtrArray) args = g_ptr_array_new ();

  for (gsize i = 0; c->args[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) c->args[i]);
  g_autoptr (CliResult) r = run_argv (args);

  assert_exit (r, 2);
  g_assert_true (g_str_has_prefix (r->err, "photoff-cli: ") || g_str_has_prefix (r->err, "Usage"));
  if (strstr (r->err, c->message) == NULL)
    g_test_fail_printf ("stderr does not mention “%s”: %s", c->message, r->err);
  g_assert_cmpstr (r->out, ==, "");
  g_assert_false (exists ("bad.png"));
  g_assert_false (exists ("bad.jpg"));
}

/* ---------------------------------------------------------------------------------------
 * Runtime errors: exit 1, the file named
 */

static void
test_missing_input_fails (void)
{
  g_autoptr (CliResult) r = run ("blur", "no-such-photo.png", "out-missing.png", "--radius", "2",
                                 NULL);
  assert_exit (r, 1);
  g_assert_true (g_str_has_prefix (r->err, "photoff-cli: "));
  g_assert_nonnull (strstr (r->err, "no-such-photo.png"));
  g_assert_false (exists ("out-missing.png"));
}

static void
test_corrupt_input_fails (void)
{
  g_autofree char *path = path_of ("corrupt.png");
  /* A PNG signature followed by rubbish. */
  static const char data[] = "\x89PNG\r\n\x1a\nthis is not a PNG at all";
  g_assert_true (g_file_set_contents (path, data, sizeof data - 1, NULL));

  g_autoptr (CliResult) r = run ("grayscale", "corrupt.png", "out-corrupt.png", NULL);
  assert_exit (r, 1);
  g_assert_nonnull (strstr (r->err, "corrupt.png"));
  g_assert_false (exists ("out-corrupt.png"));

  g_autoptr (CliResult) r2 = run ("blend", "solid.png", "out-corrupt.png", "--overlay",
                                  "corrupt.png", NULL);
  assert_exit (r2, 1);
  g_assert_nonnull (strstr (r2->err, "corrupt.png"));
}

static void
test_missing_directory_fails (void)
{
  g_autoptr (CliResult) r = run ("grayscale", "solid.png", "no-such-dir/out.png", NULL);
  assert_exit (r, 1);
  g_assert_true (g_str_has_prefix (r->err, "photoff-cli: "));
  g_assert_nonnull (strstr (r->err, "out.png"));
}

static void
test_crop_outside_fails (void)
{
  g_autoptr (CliResult) r = run ("crop", "solid.png", "out-crop-bad.png", "--x", "150",
                                 "--width", "100", "--height", "10", NULL);
  assert_exit (r, 1);
  g_assert_nonnull (strstr (r->err, "crop"));
  g_assert_false (exists ("out-crop-bad.png"));
}

/* ---------------------------------------------------------------------------------------
 * Ops: sizes and cheap content checks. solid.png is 200×100 of SOLID, quads.png 200×100
 * of red, green / blue, white quadrants.
 */

static const guint8 SOLID[4] = { 200, 100, 50, 255 };

static void
test_resize_width_keeps_aspect (void)
{
  run_ok ("resize", "solid.png", "out-resize-w.png", "--width", "50");
  load (b, "out-resize-w.png");
  assert_size (b, 50, 25);
  assert_pixel (b, 25, 12, SOLID, 1);
}

static void
test_resize_height_keeps_aspect (void)
{
  run_ok ("resize", "solid.png", "out-resize-h.png", "--height", "20");
  load (b, "out-resize-h.png");
  assert_size (b, 40, 20);
}

static void
test_resize_both_sides (void)
{
  run_ok ("resize", "solid.png", "out-resize-wh.png", "--width", "30", "--height", "70");
  load (b, "out-resize-wh.png");
  assert_size (b, 30, 70);
}

static void
test_resize_every_method_by_scale (void)
{
  static const char *const methods[] = { "nearest", "bilinear", "bicubic", "lanczos" };
  for (gsize i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      run_ok ("resize", "solid.png", "out-resize-s.png", "--scale", "0.5", "--method",
              methods[i]);
      load (b, "out-resize-s.png");
      assert_size (b, 100, 50);
      assert_pixel (b, 50, 25, SOLID, 1);
    }
  /* Sizes round to the nearest pixel: 66.6 × 33.3. */
  run_ok ("resize", "solid.png", "out-resize-s.png", "--scale", "0.333");
  load (b, "out-resize-s.png");
  assert_size (b, 67, 33);
}

static void
test_blur_keeps_size (void)
{
  run_ok ("blur", "solid.png", "out-blur.png", "--radius", "5");
  load (b, "out-blur.png");
  assert_size (b, 200, 100);
  /* A constant image stays constant, edges included (they are extended). */
  assert_pixel (b, 0, 0, SOLID, 1);
  assert_pixel (b, 100, 50, SOLID, 1);
}

static void
test_round_corners_clears_corners (void)
{
  run_ok ("round-corners", "solid.png", "out-round.png", "--radius", "20");
  load (b, "out-round.png");
  assert_size (b, 200, 100);
  g_assert_cmpint (pixel (b, 0, 0)[3], ==, 0);
  g_assert_cmpint (pixel (b, 199, 99)[3], ==, 0);
  assert_pixel (b, 100, 50, SOLID, 0);
}

static void
test_shadow_grows (void)
{
  run_ok ("shadow", "solid.png", "out-shadow.png", "--dx", "6", "--dy", "-4", "--blur", "8",
          "--color", "#000000c0");
  load (b, "out-shadow.png");
  g_assert_cmpint (b->width, >, 206);
  g_assert_cmpint (b->height, >, 104);

  /* An inner shadow stays inside the image. */
  run_ok ("shadow", "solid.png", "out-shadow-inner.png", "--inner", "--blur", "4");
  load (inner, "out-shadow-inner.png");
  assert_size (inner, 200, 100);
}

static void
test_stroke_outside_grows (void)
{
  run_ok ("stroke", "solid.png", "out-stroke.png", "--width", "6", "--position", "outside",
          "--color", "blue", "--corner-radius", "10");
  load (b, "out-stroke.png");
  assert_size (b, 212, 112);
  /* The middle of the top edge is stroke. */
  assert_pixel (b, 106, 2, BLUE, 1);
  assert_pixel (b, 106, 56, SOLID, 1);

  run_ok ("stroke", "solid.png", "out-stroke-in.png", "--width", "6", "--color", "blue");
  load (in, "out-stroke-in.png");
  assert_size (in, 200, 100);
  assert_pixel (in, 100, 2, BLUE, 1);
}

static void
test_blend_places_overlay (void)
{
  write_solid ("overlay.png", 20, 20, BLUE, 0);
  run_ok ("blend", "solid.png", "out-blend.png", "--overlay", "overlay.png", "--x", "10", "--y",
          "5");
  load (b, "out-blend.png");
  assert_size (b, 200, 100);
  assert_pixel (b, 15, 10, BLUE, 0);
  assert_pixel (b, 5, 10, SOLID, 0);
  assert_pixel (b, 31, 10, SOLID, 0);

  /* Negative positions clip; multiply with white keeps the base. */
  write_solid ("white.png", 20, 20, WHITE, 0);
  run_ok ("blend", "solid.png", "out-blend.png", "--overlay", "white.png", "--x", "-10", "--y",
          "-10", "--mode", "multiply");
  load (m, "out-blend.png");
  assert_pixel (m, 5, 5, SOLID, 1);
}

static void
test_crop_size_and_content (void)
{
  run_ok ("crop", "quads.png", "out-crop.png", "--x", "100", "--y", "50", "--width", "50",
          "--height", "25");
  load (b, "out-crop.png");
  assert_size (b, 50, 25);
  assert_pixel (b, 0, 0, WHITE, 0);
  assert_pixel (b, 49, 24, WHITE, 0);
}

static void
test_flip_moves_quadrants (void)
{
  static const struct
  {
    const char *direction;
    const guint8 *top_left;
  } cases[] = {
    { "horizontal", GREEN }, { "h", GREEN }, { "vertical", BLUE }, { "v", BLUE },
    { "both", WHITE },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      run_ok ("flip", "quads.png", "out-flip.png", "--direction", cases[i].direction);
      load (b, "out-flip.png");
      assert_size (b, 200, 100);
      assert_pixel (b, 0, 0, cases[i].top_left, 0);
    }
}

static void
test_rotate_sizes (void)
{
  run_ok ("rotate", "quads.png", "out-rotate.png", "--angle", "90");
  load (b90, "out-rotate.png");
  assert_size (b90, 100, 200);
  /* Clockwise: the bottom-left quadrant comes to the top-left. */
  assert_pixel (b90, 0, 0, BLUE, 0);

  run_ok ("rotate", "quads.png", "out-rotate.png", "--angle", "-90");
  load (b270, "out-rotate.png");
  assert_size (b270, 100, 200);
  assert_pixel (b270, 0, 0, GREEN, 0);

  run_ok ("rotate", "quads.png", "out-rotate.png", "--angle", "180");
  load (b180, "out-rotate.png");
  assert_size (b180, 200, 100);
  assert_pixel (b180, 0, 0, WHITE, 0);

  /* 45°: the bounding box of the turned image, about (200 + 100) / √2 a side. */
  run_ok ("rotate", "quads.png", "out-rotate.png", "--angle", "45");
  load (b45, "out-rotate.png");
  g_assert_cmpint (ABS (b45->width - 212), <=, 2);
  g_assert_cmpint (ABS (b45->height - 212), <=, 2);
  g_assert_cmpint (pixel (b45, 0, 0)[3], ==, 0);
}

static void
test_fill_of_input_size (void)
{
  run_ok ("fill", "solid.png", "out-fill.png", "--color", "red");
  load (b, "out-fill.png");
  assert_size (b, 200, 100);
  assert_pixel (b, 0, 0, RED, 0);
  assert_pixel (b, 199, 99, RED, 0);
}

static void
test_fill_new_image_colours (void)
{
  static const struct
  {
    const char *color;
    guint8 expected[4];   /* premultiplied, as loaded */
  } cases[] = {
    { "#336699", { 0x33, 0x66, 0x99, 255 } },
    { "336699", { 0x33, 0x66, 0x99, 255 } },
    { "#369", { 0x33, 0x66, 0x99, 255 } },
    { "#ff000080", { 128, 0, 0, 128 } },
    { "#f008", { 136, 0, 0, 136 } },
    { "White", { 255, 255, 255, 255 } },
    { "grey", { 128, 128, 128, 255 } },
    { "transparent", { 0, 0, 0, 0 } },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      run_ok ("fill", "out-fill-new.png", "--width", "30", "--height", "20", "--color",
              cases[i].color);
      load (b, "out-fill-new.png");
      assert_size (b, 30, 20);
      assert_pixel (b, 29, 19, cases[i].expected, 1);
    }
}

static void
test_gradient_ends (void)
{
  run_ok ("gradient", "out-gradient.png", "--width", "50", "--height", "10", "--from", "red",
          "--to", "blue", "--direction", "horizontal");
  load (b, "out-gradient.png");
  assert_size (b, 50, 10);
  assert_pixel (b, 0, 5, RED, 0);
  assert_pixel (b, 49, 5, BLUE, 0);

  run_ok ("gradient", "solid.png", "out-gradient.png", "--direction", "radial");
  load (r, "out-gradient.png");
  assert_size (r, 200, 100);
  /* Default black → white, from the centre outwards. */
  assert_pixel (r, 199, 99, WHITE, 0);
}

static void
test_grayscale_of_red_is_grey (void)
{
  write_solid ("red.png", 16, 8, RED, 0);
  run_ok ("grayscale", "red.png", "out-gray.png");
  load (b, "out-gray.png");
  assert_size (b, 16, 8);
  /* Rec. 709 luma of sRGB red: 0.2126 × 255. */
  assert_pixel (b, 3, 3, (const guint8[]) { 54, 54, 54, 255 }, 1);

  /* "greyscale" works too. */
  run_ok ("greyscale", "red.png", "out-gray.png");
}

static void
test_adjust (void)
{
  run_ok ("adjust", "solid.png", "out-adjust.png");
  load (same, "out-adjust.png");
  assert_pixel (same, 10, 10, SOLID, 1);

  run_ok ("adjust", "solid.png", "out-adjust.png", "--saturation", "0");
  load (grey, "out-adjust.png");
  const guint8 *p = pixel (grey, 10, 10);
  g_assert_cmpint (ABS (p[0] - p[1]), <=, 1);
  g_assert_cmpint (ABS (p[1] - p[2]), <=, 1);

  run_ok ("adjust", "solid.png", "out-adjust.png", "--brightness", "-1");
  load (dark, "out-adjust.png");
  assert_pixel (dark, 10, 10, (const guint8[]) { 0, 0, 0, 255 }, 1);
}

static void
test_opacity_scales_alpha (void)
{
  run_ok ("opacity", "solid.png", "out-opacity.png", "--opacity", "0.5");
  load (b, "out-opacity.png");
  assert_size (b, 200, 100);
  assert_pixel (b, 0, 0, (const guint8[]) { 100, 50, 25, 128 }, 2);
}

static void
test_fit_cover_and_contain (void)
{
  run_ok ("fit", "solid.png", "out-fit.png", "--width", "60", "--height", "60");
  load (cover, "out-fit.png");
  assert_size (cover, 60, 60);
  assert_pixel (cover, 0, 0, SOLID, 1);

  /* 200×100 contained in 60×60 is 60×30, centred: bands of background above and below. */
  run_ok ("fit", "solid.png", "out-fit.png", "--width", "60", "--height", "60", "--mode",
          "contain", "--background", "red");
  load (contain, "out-fit.png");
  assert_size (contain, 60, 60);
  assert_pixel (contain, 30, 2, RED, 0);
  assert_pixel (contain, 30, 30, SOLID, 1);
  assert_pixel (contain, 30, 57, RED, 0);
}

/* ---------------------------------------------------------------------------------------
 * Output
 */

static void
test_dpi_is_written (void)
{
  run_ok ("grayscale", "solid.png", "out-dpi.png", "--dpi", "300");
  load (b, "out-dpi.png");
  g_assert_cmpfloat_with_epsilon (b->dpi, 300, 0.1);

  /* Without --dpi, the input's resolution is kept. */
  write_solid ("dpi150.png", 8, 8, SOLID, 150);
  run_ok ("grayscale", "dpi150.png", "out-dpi.png");
  load (kept, "out-dpi.png");
  g_assert_cmpfloat_with_epsilon (kept->dpi, 150, 0.1);

  run_ok ("grayscale", "dpi150.png", "out-dpi.jpg", "--dpi", "72");
  load (jpeg, "out-dpi.jpg");
  g_assert_cmpfloat_with_epsilon (jpeg->dpi, 72, 0.5);
}

static void
test_jpeg_output (void)
{
  run_ok ("resize", "solid.png", "out.jpg", "--width", "100", "--quality", "80");
  g_autofree char *path = path_of ("out.jpg");
  g_autofree char *data = NULL;
  gsize length = 0;
  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_cmpuint (length, >, 2);
  g_assert_cmpint ((guint8) data[0], ==, 0xff);
  g_assert_cmpint ((guint8) data[1], ==, 0xd8);

  load (b, "out.jpg");
  assert_size (b, 100, 50);
  assert_pixel (b, 50, 25, SOLID, 4);

  run_ok ("grayscale", "solid.png", "out.JPEG");
  load (upper, "out.JPEG");
  assert_size (upper, 200, 100);
}

static void
test_summary_unless_quiet (void)
{
  g_autoptr (CliResult) r = run ("grayscale", "solid.png", "out-summary.png", NULL);
  assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "grayscale"));
  g_assert_nonnull (strstr (r->out, "out-summary.png"));
  g_assert_nonnull (strstr (r->out, " ms "));
  g_assert_cmpstr (r->err, ==, "");

  g_autoptr (CliResult) q = run ("grayscale", "solid.png", "out-summary.png", "-q", NULL);
  assert_exit (q, 0);
  g_assert_cmpstr (q->out, ==, "");
  g_assert_cmpstr (q->err, ==, "");
}

static void
test_dash_dash_ends_options (void)
{
  remove_file ("-dash.png");
  run_ok ("fill", "--width", "3", "--height", "2", "--color", "red", "--", "-dash.png");
  load (b, "-dash.png");
  assert_size (b, 3, 2);
}

/* ---------------------------------------------------------------------------------------
 */

static void
remove_tree (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_remove (path);
    }
  g_rmdir (dir);
}

/* ---------------------------------------------------------------------------------------
 * Whole pages: render and collage
 */

static void
test_collage_grid_and_project (void)
{
  write_solid ("c1.png", 300, 200, RED, 0);
  write_solid ("c2.png", 200, 300, BLUE, 0);
  write_solid ("c3.png", 300, 300, GREEN, 0);
  /* a 1200×900 custom page at 150 DPI, 2 rows × 2 columns */
  g_autoptr (CliResult) r = run ("collage", "c1.png", "c2.png", "c3.png", "-o", "page.png",
                                 "--grid", "2x2", "--page", "1200x900", "--dpi", "150",
                                 "--spacing", "20", "--margin", "30", "--corner-radius", "10",
                                 "--shadow", "--save", "made.photoff", NULL);
  assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "1200×900"));
  load (page, "page.png");
  assert_size (page, 1200, 900);
  g_assert_cmpfloat (fabs (page->dpi - 150), <, 0.1);
  /* cells: (30, 30) 560×410, (590, 30), (30, 460); the fourth slot is background */
  assert_pixel (page, 300, 230, RED, 0);
  assert_pixel (page, 870, 230, BLUE, 0);
  assert_pixel (page, 300, 660, GREEN, 0);
  assert_pixel (page, 870, 660, WHITE, 0);
  assert_pixel (page, 10, 10, WHITE, 0);  /* margin */

  /* the saved project renders to the same page */
  g_autoptr (CliResult) again = run ("render", "made.photoff", "-o", "again.png", NULL);
  assert_exit (again, 0);
  load (page2, "again.png");
  assert_size (page2, 1200, 900);
  g_assert_cmpmem (page->data, page->stride * page->height, page2->data,
                   page2->stride * page2->height);

  /* --scale halves the pixels and the DPI, keeping the print size */
  g_autoptr (CliResult) half = run ("render", "made.photoff", "-o", "half.jpg", "--scale", "0.5",
                                    "-q", NULL);
  assert_exit (half, 0);
  g_assert_cmpstr (half->out, ==, "");
  load (small, "half.jpg");
  assert_size (small, 600, 450);
  g_assert_cmpfloat (fabs (small->dpi - 75), <, 0.6);
}

static void
test_collage_mosaic_presets (void)
{
  write_solid ("m1.png", 400, 200, RED, 0);
  write_solid ("m2.png", 200, 400, BLUE, 0);
  g_autoptr (CliResult) r = run ("collage", "m1.png", "m2.png", "-o", "mosaic.png", "--mosaic",
                                 "--page", "4x6", "--landscape", "--dpi", "100", NULL);
  assert_exit (r, 0);
  load (page, "mosaic.png");
  assert_size (page, 600, 400);  /* 6 × 4 inches at 100 DPI */
}

static void
test_render_missing_photos (void)
{
  g_autofree char *project = path_of ("missing.photoff");
  const char *text = "{\"format\": \"photoff\", \"version\": 1, "
                     "\"page\": {\"width\": 300, \"height\": 200, \"dpi\": 72}, "
                     "\"layout\": {\"type\": \"grid\", \"rows\": 1, \"columns\": 1}, "
                     "\"cells\": [{\"photo\": \"gone.jpg\"}]}";
  g_assert_true (g_file_set_contents (project, text, -1, NULL));
  /* a placeholder and a warning naming the file … */
  g_autoptr (CliResult) r = run ("render", "missing.photoff", "-o", "placeholder.png", NULL);
  assert_exit (r, 0);
  g_assert_nonnull (strstr (r->err, "gone.jpg"));
  g_assert_true (exists ("placeholder.png"));
  /* … or, with --strict, a failure and no file */
  g_autoptr (CliResult) strict = run ("render", "missing.photoff", "-o", "strict.png",
                                      "--strict", NULL);
  assert_exit (strict, 1);
  g_assert_nonnull (strstr (strict->err, "gone.jpg"));
  g_assert_false (exists ("strict.png"));
}

static void
test_render_and_collage_usage (void)
{
  struct { const char *args[6]; } cases[] = {
    { { "render", "-o", "x.png", NULL } },                               /* no project */
    { { "render", "a.photoff", NULL } },                                 /* no -o */
    { { "render", "a.photoff", "-o", "x.png", "--scale", "0" } },
    { { "collage", "-o", "x.png", NULL } },                              /* no photos */
    { { "collage", "c1.png", "-o", "x.png", "--grid", "0x3" } },
    { { "collage", "c1.png", "-o", "x.png", "--page", "b7" } },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GPtrArray) args = g_ptr_array_new ();
      for (int k = 0; k < 6 && cases[i].args[k] != NULL; k++)
        g_ptr_array_add (args, (gpointer) cases[i].args[k]);
      g_autoptr (CliResult) r = run_argv (args);
      if (r->status != 2 || strstr (r->err, "photoff-cli") == NULL)
        g_test_fail_printf ("case %zu: exit %d, stderr: %s", i, r->status, r->err);
    }
  g_autoptr (CliResult) missing = run ("render", "nowhere.photoff", "-o", "x.png", NULL);
  assert_exit (missing, 1);
  g_assert_nonnull (strstr (missing->err, "nowhere.photoff"));
  g_autoptr (CliResult) help = run_raw ("render", "--help", NULL);
  assert_exit (help, 0);
  g_assert_nonnull (strstr (help->out, "--scale"));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  cli_path = g_getenv ("PHOTOFF_CLI");
  if (cli_path == NULL)
    {
      g_printerr ("PHOTOFF_CLI is not set; run through meson test\n");
      return 77;
    }
  backend = g_getenv ("PHOTOFF_TEST_BACKEND");
  if (backend == NULL || backend[0] == '\0')
    backend = "cpu";

  tmp_dir = g_dir_make_tmp ("photoff-cli-XXXXXX", &error);
  g_assert_no_error (error);
  write_solid ("solid.png", 200, 100, SOLID, 0);
  write_quadrants ("quads.png", 200, 100);

  g_test_add_func ("/cli/help/lists-every-command", test_help_lists_every_command);
  g_test_add_func ("/cli/collage/grid-and-project", test_collage_grid_and_project);
  g_test_add_func ("/cli/collage/mosaic-and-presets", test_collage_mosaic_presets);
  g_test_add_func ("/cli/render/missing-photos", test_render_missing_photos);
  g_test_add_func ("/cli/render-and-collage/usage", test_render_and_collage_usage);
  g_test_add_func ("/cli/help/of-a-command", test_help_of_a_command);
  g_test_add_func ("/cli/version", test_version);
  g_test_add_func ("/cli/info/prints-the-backend", test_info_prints_the_backend);
  g_test_add_func ("/cli/backend/cuda-without-device-fails", test_cuda_without_device_fails);

  for (gsize i = 0; i < G_N_ELEMENTS (usage_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli/usage/%s-exits-2", usage_cases[i].name);
      g_test_add_data_func (path, &usage_cases[i], test_usage_error);
    }

  g_test_add_func ("/cli/errors/missing-input-exits-1", test_missing_input_fails);
  g_test_add_func ("/cli/errors/corrupt-input-exits-1", test_corrupt_input_fails);
  g_test_add_func ("/cli/errors/missing-directory-exits-1", test_missing_directory_fails);
  g_test_add_func ("/cli/errors/crop-outside-exits-1", test_crop_outside_fails);

  g_test_add_func ("/cli/resize/width-keeps-aspect", test_resize_width_keeps_aspect);
  g_test_add_func ("/cli/resize/height-keeps-aspect", test_resize_height_keeps_aspect);
  g_test_add_func ("/cli/resize/both-sides", test_resize_both_sides);
  g_test_add_func ("/cli/resize/every-method-by-scale", test_resize_every_method_by_scale);
  g_test_add_func ("/cli/blur/keeps-size", test_blur_keeps_size);
  g_test_add_func ("/cli/round-corners/clears-corners", test_round_corners_clears_corners);
  g_test_add_func ("/cli/shadow/grows", test_shadow_grows);
  g_test_add_func ("/cli/stroke/outside-grows", test_stroke_outside_grows);
  g_test_add_func ("/cli/blend/places-overlay", test_blend_places_overlay);
  g_test_add_func ("/cli/crop/size-and-content", test_crop_size_and_content);
  g_test_add_func ("/cli/flip/moves-quadrants", test_flip_moves_quadrants);
  g_test_add_func ("/cli/rotate/sizes", test_rotate_sizes);
  g_test_add_func ("/cli/fill/of-input-size", test_fill_of_input_size);
  g_test_add_func ("/cli/fill/new-image-colours", test_fill_new_image_colours);
  g_test_add_func ("/cli/gradient/ends", test_gradient_ends);
  g_test_add_func ("/cli/grayscale/red-becomes-grey", test_grayscale_of_red_is_grey);
  g_test_add_func ("/cli/adjust/neutral-grey-and-dark", test_adjust);
  g_test_add_func ("/cli/opacity/scales-alpha", test_opacity_scales_alpha);
  g_test_add_func ("/cli/fit/cover-and-contain", test_fit_cover_and_contain);

  g_test_add_func ("/cli/output/dpi-is-written", test_dpi_is_written);
  g_test_add_func ("/cli/output/jpeg", test_jpeg_output);
  g_test_add_func ("/cli/output/summary-unless-quiet", test_summary_unless_quiet);
  g_test_add_func ("/cli/output/dash-dash-ends-options", test_dash_dash_ends_options);

  int status = g_test_run ();
  remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
