/* pf-cli.c — photoff-cli: one engine op on one image, like `vips OP IN OUT`
 *
 * Each command is a row of a table: its name, its options (parsed by a GOptionContext of
 * its own and validated before any file is touched) and a function that runs the op on
 * an uploaded image. Nothing here calls exit(): pf_cli_main() returns the exit code, so
 * that tests and fuzzers can drive the tool in-process.
 */
#define G_LOG_DOMAIN "pf-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "pf-cli.h"

#include "pf-bitmap.h"
#include "pf-image-io.h"
#include "photoff-engine.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#define PROGRAM "photoff-cli"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PfContext, pf_context_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PfImage, pf_image_destroy)

/* Errors of the tool itself; the code decides the exit status. */
typedef enum
{
  CLI_ERROR_USAGE,    /* exit 2 */
  CLI_ERROR_FAILED,   /* exit 1 */
} CliError;

static GQuark
cli_error_quark (void)
{
  return g_quark_from_static_string ("pf-cli-error-quark");
}

#define CLI_ERROR (cli_error_quark ())

static gboolean parse_only;

void
pf_cli_set_parse_only (gboolean value)
{
  parse_only = value;
}

gboolean
pf_cli_get_parse_only (void)
{
  return parse_only;
}

/* ---------------------------------------------------------------------------------------
 * Options
 */

typedef enum
{
  OPT_WIDTH,
  OPT_HEIGHT,
  OPT_SCALE,
  OPT_METHOD,
  OPT_RADIUS,
  OPT_DX,
  OPT_DY,
  OPT_BLUR,
  OPT_SPREAD,
  OPT_COLOR,
  OPT_INNER,
  OPT_POSITION,
  OPT_CORNER_RADIUS,
  OPT_OVERLAY,
  OPT_X,
  OPT_Y,
  OPT_OPACITY,
  OPT_MODE,
  OPT_DIRECTION,
  OPT_ANGLE,
  OPT_FROM,
  OPT_TO,
  OPT_BRIGHTNESS,
  OPT_CONTRAST,
  OPT_SATURATION,
  OPT_PAN_X,
  OPT_PAN_Y,
  OPT_ZOOM,
  OPT_BACKGROUND,
  /* options of every command */
  OPT_BACKEND,
  OPT_DPI,
  OPT_QUALITY,
  OPT_QUIET,
  OPT_HELP,
  N_OPTS
} OptId;

typedef enum
{
  KIND_INT,      /* a whole number in [min, max] */
  KIND_NUMBER,   /* a finite number in [min, max] (or (min, max] with exclusive_min) */
  KIND_COLOR,    /* #rgb, #rgba, #rrggbb, #rrggbbaa (the # optional) or a name */
  KIND_CHOICE,   /* one of choices[] */
  KIND_FLAG,     /* no value */
  KIND_FILE,     /* a path */
} OptKind;

typedef struct
{
  const char *name;
  int value;
  gboolean alias;   /* accepted, but not listed in messages */
} Choice;

typedef struct
{
  OptId id;
  const char *long_name;
  char short_name;
  OptKind kind;
  double min, max;
  gboolean exclusive_min;
  const Choice *choices;
  const char *default_value;   /* parsed like a value the user gave; NULL = none */
  gboolean required;
  const char *arg_description;
  const char *description;
} OptSpec;

/* What the user gave, then what it means. */
typedef struct
{
  char *text[N_OPTS];
  gboolean flag[N_OPTS];
  gboolean set[N_OPTS];   /* given on the command line (not a default) */
  double num[N_OPTS];
  PfColor color[N_OPTS];
  int choice[N_OPTS];
} Args;

static void
args_clear (Args *args)
{
  for (int i = 0; i < N_OPTS; i++)
    g_clear_pointer (&args->text[i], g_free);
}

static const Choice resize_methods[] = {
  { "nearest", PF_RESIZE_NEAREST, FALSE },
  { "bilinear", PF_RESIZE_BILINEAR, FALSE },
  { "bicubic", PF_RESIZE_BICUBIC, FALSE },
  { "lanczos", PF_RESIZE_LANCZOS3, FALSE },
  { "lanczos3", PF_RESIZE_LANCZOS3, TRUE },
  { NULL, 0, FALSE },
};

static const Choice stroke_positions[] = {
  { "inside", PF_STROKE_INSIDE, FALSE },
  { "outside", PF_STROKE_OUTSIDE, FALSE },
  { "center", PF_STROKE_CENTER, FALSE },
  { "centre", PF_STROKE_CENTER, TRUE },
  { NULL, 0, FALSE },
};

static const Choice blend_modes[] = {
  { "normal", PF_BLEND_NORMAL, FALSE },
  { "multiply", PF_BLEND_MULTIPLY, FALSE },
  { "screen", PF_BLEND_SCREEN, FALSE },
  { "overlay", PF_BLEND_OVERLAY, FALSE },
  { NULL, 0, FALSE },
};

static const Choice flip_directions[] = {
  { "horizontal", PF_FLIP_HORIZONTAL, FALSE },
  { "vertical", PF_FLIP_VERTICAL, FALSE },
  { "both", PF_FLIP_BOTH, FALSE },
  { "h", PF_FLIP_HORIZONTAL, TRUE },
  { "v", PF_FLIP_VERTICAL, TRUE },
  { "hv", PF_FLIP_BOTH, TRUE },
  { NULL, 0, FALSE },
};

static const Choice gradient_directions[] = {
  { "horizontal", PF_GRADIENT_HORIZONTAL, FALSE },
  { "vertical", PF_GRADIENT_VERTICAL, FALSE },
  { "diagonal", PF_GRADIENT_DIAGONAL, FALSE },
  { "radial", PF_GRADIENT_RADIAL, FALSE },
  { "h", PF_GRADIENT_HORIZONTAL, TRUE },
  { "v", PF_GRADIENT_VERTICAL, TRUE },
  { NULL, 0, FALSE },
};

enum
{
  FIT_COVER,
  FIT_CONTAIN,
};

static const Choice fit_modes[] = {
  { "cover", FIT_COVER, FALSE },
  { "contain", FIT_CONTAIN, FALSE },
  { NULL, 0, FALSE },
};

static const Choice backends[] = {
  { "auto", PF_BACKEND_AUTO, FALSE },
  { "cpu", PF_BACKEND_CPU, FALSE },
  { "cuda", PF_BACKEND_CUDA, FALSE },
  { NULL, 0, FALSE },
};

#define MAX_DIM ((double) PF_MAX_DIMENSION)
/* Radii and widths beyond the largest image change nothing; the bound only keeps float
 * arithmetic in the engine far from overflow. */
#define MAX_RADIUS 100000.0
/* Blend and shadow offsets: anything past the edge is simply clipped away. */
#define MAX_OFFSET 1000000.0

#define COLOR_HELP                                                                          \
  N_("Colours are #rgb, #rgba, #rrggbb or #rrggbbaa (the # may be left out, as the shell\n"  \
     "takes an unquoted #… for a comment) or black, white, transparent, red, green, blue,\n" \
     "gray.\n")

static const OptSpec global_options[] = {
  { OPT_BACKEND, "backend", 0, KIND_CHOICE, 0, 0, FALSE, backends, "auto", FALSE,
    N_("BACKEND"), N_("auto (CUDA when a GPU is usable), cpu or cuda (default: auto)") },
  { OPT_DPI, "dpi", 0, KIND_NUMBER, 0, 100000, TRUE, NULL, NULL, FALSE,
    N_("N"), N_("Resolution written to the PNG or JPEG (default: the input's)") },
  { OPT_QUALITY, "quality", 0, KIND_INT, 1, 100, FALSE, NULL, NULL, FALSE,
    N_("Q"), N_("JPEG quality, 1 to 100 (default: 92)") },
  { OPT_QUIET, "quiet", 'q', KIND_FLAG, 0, 0, FALSE, NULL, NULL, FALSE,
    NULL, N_("Print nothing but errors") },
  { OPT_HELP, "help", 'h', KIND_FLAG, 0, 0, FALSE, NULL, NULL, FALSE,
    NULL, N_("Show the options of this command") },
};

static const OptSpec resize_options[] = {
  { OPT_WIDTH, "width", 'w', KIND_INT, 1, MAX_DIM, FALSE, NULL, NULL, FALSE,
    N_("W"), N_("Width in pixels (alone: the height keeps the aspect ratio)") },
  { OPT_HEIGHT, "height", 0, KIND_INT, 1, MAX_DIM, FALSE, NULL, NULL, FALSE,
    N_("H"), N_("Height in pixels (alone: the width keeps the aspect ratio)") },
  { OPT_SCALE, "scale", 0, KIND_NUMBER, 0, 1000, TRUE, NULL, NULL, FALSE,
    N_("F"), N_("Scale both sides by F instead (0.5 halves them)") },
  { OPT_METHOD, "method", 0, KIND_CHOICE, 0, 0, FALSE, resize_methods, "lanczos", FALSE,
    N_("METHOD"), N_("nearest, bilinear, bicubic or lanczos (default: lanczos)") },
};

static const OptSpec blur_options[] = {
  { OPT_RADIUS, "radius", 'r', KIND_NUMBER, 0, MAX_RADIUS, FALSE, NULL, NULL, TRUE,
    N_("R"), N_("Reach of the Gaussian blur in pixels (standard deviation R/2)") },
};

static const OptSpec round_corners_options[] = {
  { OPT_RADIUS, "radius", 'r', KIND_NUMBER, 0, MAX_RADIUS, FALSE, NULL, NULL, TRUE,
    N_("R"), N_("Corner radius in pixels (at most half the shorter side)") },
};

static const OptSpec shadow_options[] = {
  { OPT_DX, "dx", 0, KIND_INT, -MAX_OFFSET, MAX_OFFSET, FALSE, NULL, "0", FALSE,
    N_("PX"), N_("Horizontal offset of the shadow (default: 0)") },
  { OPT_DY, "dy", 0, KIND_INT, -MAX_OFFSET, MAX_OFFSET, FALSE, NULL, "8", FALSE,
    N_("PX"), N_("Vertical offset of the shadow (default: 8)") },
  { OPT_BLUR, "blur", 0, KIND_NUMBER, 0, MAX_RADIUS, FALSE, NULL, "16", FALSE,
    N_("R"), N_("Blur radius of the shadow (default: 16)") },
  { OPT_SPREAD, "spread", 0, KIND_NUMBER, -MAX_DIM, MAX_DIM, FALSE, NULL, "0", FALSE,
    N_("PX"), N_("Grow (or, negative, shrink) the shadow before blurring (default: 0)") },
  { OPT_COLOR, "color", 'c', KIND_COLOR, 0, 0, FALSE, NULL, "#00000080", FALSE,
    N_("C"), N_("Shadow colour (default: #00000080)") },
  { OPT_INNER, "inner", 0, KIND_FLAG, 0, 0, FALSE, NULL, NULL, FALSE,
    NULL, N_("Inset shadow inside the image instead of behind it") },
};

static const OptSpec stroke_options[] = {
  { OPT_WIDTH, "width", 'w', KIND_NUMBER, 0, MAX_DIM, FALSE, NULL, "4", FALSE,
    N_("W"), N_("Stroke width in pixels (default: 4)") },
  { OPT_COLOR, "color", 'c', KIND_COLOR, 0, 0, FALSE, NULL, "black", FALSE,
    N_("C"), N_("Stroke colour (default: black)") },
  { OPT_POSITION, "position", 0, KIND_CHOICE, 0, 0, FALSE, stroke_positions, "inside", FALSE,
    N_("WHERE"), N_("inside, outside (grows the image) or center (default: inside)") },
  { OPT_CORNER_RADIUS, "corner-radius", 0, KIND_NUMBER, 0, MAX_RADIUS, FALSE, NULL, "0",
    FALSE, N_("R"), N_("Follow corners rounded by R pixels (default: 0)") },
};

static const OptSpec blend_options[] = {
  { OPT_OVERLAY, "overlay", 0, KIND_FILE, 0, 0, FALSE, NULL, NULL, TRUE,
    N_("FILE"), N_("Image drawn over IN") },
  { OPT_X, "x", 'x', KIND_INT, -MAX_OFFSET, MAX_OFFSET, FALSE, NULL, "0", FALSE,
    N_("X"), N_("Left edge of the overlay on IN, may be negative (default: 0)") },
  { OPT_Y, "y", 'y', KIND_INT, -MAX_OFFSET, MAX_OFFSET, FALSE, NULL, "0", FALSE,
    N_("Y"), N_("Top edge of the overlay on IN, may be negative (default: 0)") },
  { OPT_OPACITY, "opacity", 0, KIND_NUMBER, 0, 1, FALSE, NULL, "1", FALSE,
    N_("O"), N_("Opacity of the overlay, 0 to 1 (default: 1)") },
  { OPT_MODE, "mode", 0, KIND_CHOICE, 0, 0, FALSE, blend_modes, "normal", FALSE,
    N_("MODE"), N_("normal, multiply, screen or overlay (default: normal)") },
};

static const OptSpec crop_options[] = {
  { OPT_X, "x", 'x', KIND_INT, 0, MAX_DIM - 1, FALSE, NULL, "0", FALSE,
    N_("X"), N_("Left edge of the kept area (default: 0)") },
  { OPT_Y, "y", 'y', KIND_INT, 0, MAX_DIM - 1, FALSE, NULL, "0", FALSE,
    N_("Y"), N_("Top edge of the kept area (default: 0)") },
  { OPT_WIDTH, "width", 'w', KIND_INT, 1, MAX_DIM, FALSE, NULL, NULL, TRUE,
    N_("W"), N_("Width of the kept area") },
  { OPT_HEIGHT, "height", 0, KIND_INT, 1, MAX_DIM, FALSE, NULL, NULL, TRUE,
    N_("H"), N_("Height of the kept area") },
};

static const OptSpec flip_options[] = {
  { OPT_DIRECTION, "direction", 'd', KIND_CHOICE, 0, 0, FALSE, flip_directions, "horizontal",
    FALSE, N_("DIRECTION"), N_("horizontal (h), vertical (v) or both (default: horizontal)") },
};

static const OptSpec rotate_options[] = {
  { OPT_ANGLE, "angle", 'a', KIND_NUMBER, -MAX_OFFSET, MAX_OFFSET, FALSE, NULL, NULL, TRUE,
    N_("DEG"),
    N_("Clockwise angle in degrees; multiples of 90 are exact, others are resampled") },
};

static const OptSpec fill_options[] = {
  { OPT_COLOR, "color", 'c', KIND_COLOR, 0, 0, FALSE, NULL, NULL, TRUE,
    N_("C"), N_("Fill colour") },
  { OPT_WIDTH, "width", 'w', KIND_INT, 1, MAX_DIM, FALSE, NULL, NULL, FALSE,
    N_("W"), N_("Width of a new image (without IN)") },
  { OPT_HEIGHT, "height", 0, KIND_INT, 1, MAX_DIM, FALSE, NULL, NULL, FALSE,
    N_("H"), N_("Height of a new image (without IN)") },
};

static const OptSpec gradient_options[] = {
  { OPT_FROM, "from", 0, KIND_COLOR, 0, 0, FALSE, NULL, "black", FALSE,
    N_("C"), N_("Start colour (default: black)") },
  { OPT_TO, "to", 0, KIND_COLOR, 0, 0, FALSE, NULL, "white", FALSE,
    N_("C"), N_("End colour (default: white)") },
  { OPT_DIRECTION, "direction", 'd', KIND_CHOICE, 0, 0, FALSE, gradient_directions,
    "vertical", FALSE, N_("DIRECTION"),
    N_("horizontal, vertical, diagonal or radial (default: vertical)") },
  { OPT_WIDTH, "width", 'w', KIND_INT, 1, MAX_DIM, FALSE, NULL, NULL, FALSE,
    N_("W"), N_("Width of a new image (without IN)") },
  { OPT_HEIGHT, "height", 0, KIND_INT, 1, MAX_DIM, FALSE, NULL, NULL, FALSE,
    N_("H"), N_("Height of a new image (without IN)") },
};

static const OptSpec adjust_options[] = {
  { OPT_BRIGHTNESS, "brightness", 'b', KIND_NUMBER, -1, 1, FALSE, NULL, "0", FALSE,
    N_("B"), N_("Added to every channel, -1 to 1 (default: 0)") },
  { OPT_CONTRAST, "contrast", 'c', KIND_NUMBER, 0, 100, FALSE, NULL, "1", FALSE,
    N_("C"), N_("Scales around mid-grey, 0 to 100 (default: 1, unchanged)") },
  { OPT_SATURATION, "saturation", 's', KIND_NUMBER, 0, 100, FALSE, NULL, "1", FALSE,
    N_("S"), N_("0 is grey, 1 unchanged, up to 100 more colourful (default: 1)") },
};

static const OptSpec opacity_options[] = {
  { OPT_OPACITY, "opacity", 'o', KIND_NUMBER, 0, 1, FALSE, NULL, NULL, TRUE,
    N_("O"), N_("Multiplies every pixel, 0 (transparent) to 1 (unchanged)") },
};

static const OptSpec fit_options[] = {
  { OPT_WIDTH, "width", 'w', KIND_INT, 1, MAX_DIM, FALSE, NULL, NULL, TRUE,
    N_("W"), N_("Width of the box") },
  { OPT_HEIGHT, "height", 0, KIND_INT, 1, MAX_DIM, FALSE, NULL, NULL, TRUE,
    N_("H"), N_("Height of the box") },
  { OPT_MODE, "mode", 0, KIND_CHOICE, 0, 0, FALSE, fit_modes, "cover", FALSE,
    N_("MODE"), N_("cover (fill the box, crop the rest) or contain (default: cover)") },
  { OPT_PAN_X, "pan-x", 0, KIND_NUMBER, 0, 1, FALSE, NULL, "0.5", FALSE,
    N_("P"), N_("Which part shows, 0 (left) to 1 (right) (default: 0.5)") },
  { OPT_PAN_Y, "pan-y", 0, KIND_NUMBER, 0, 1, FALSE, NULL, "0.5", FALSE,
    N_("P"), N_("Which part shows, 0 (top) to 1 (bottom) (default: 0.5)") },
  { OPT_ZOOM, "zoom", 0, KIND_NUMBER, 1, 1000, FALSE, NULL, "1", FALSE,
    N_("Z"), N_("Zoom in, 1 or more (default: 1)") },
  { OPT_BACKGROUND, "background", 0, KIND_COLOR, 0, 0, FALSE, NULL, "transparent", FALSE,
    N_("C"), N_("Colour around a contained image (default: transparent)") },
  { OPT_METHOD, "method", 0, KIND_CHOICE, 0, 0, FALSE, resize_methods, "lanczos", FALSE,
    N_("METHOD"), N_("nearest, bilinear, bicubic or lanczos (default: lanczos)") },
};

/* ---------------------------------------------------------------------------------------
 * Commands
 */

typedef enum
{
  INPUT_NONE,       /* info */
  INPUT_REQUIRED,   /* OP IN OUT */
  INPUT_OPTIONAL,   /* OP [IN] OUT: IN only gives the size */
} InputKind;

typedef struct _Op Op;

/* One run of an op: the context, the input on it and the result. */
typedef struct
{
  const Op *op;
  Args *args;
  PfContext *ctx;
  PfImage *src;       /* the uploaded input, or NULL */
  PfImage *overlay;   /* blend's second image */
  int width;          /* of the input, or of the image to create */
  int height;
  PfImage *out;       /* the result: src itself or an image this run owns */
} Job;

struct _Op
{
  const char *name;
  const char *summary;
  InputKind input;
  const OptSpec *options;
  gsize n_options;
  gboolean (*check) (const Op *op, Args *args, GError **error);
  gboolean (*run) (Job *job, GError **error);
};

static gboolean
engine_check (Job        *job,
              PfStatus    status,
              const char *what,
              GError    **error)
{
  if (status == PF_OK)
    return TRUE;
  const char *detail = pf_context_last_error (job->ctx);
  g_autofree char *step = NULL;
  if (what != NULL)
    step = g_strdup_printf (_("%s: %s failed"), job->op->name, what);
  else
    step = g_strdup_printf (_("%s failed"), job->op->name);
  if (detail != NULL && detail[0] != '\0')
    g_set_error (error, CLI_ERROR, CLI_ERROR_FAILED, "%s: %s (%s)", step,
                 pf_status_to_string (status), detail);
  else
    g_set_error (error, CLI_ERROR, CLI_ERROR_FAILED, "%s: %s", step,
                 pf_status_to_string (status));
  return FALSE;
}

/* A result image of width × height for the op to write into (its capacity may be
 * larger, which ops that size their own output need). */
static gboolean
job_new_output (Job     *job,
                int      width,
                int      height,
                GError **error)
{
  g_clear_pointer (&job->out, pf_image_destroy);
  return engine_check (job, pf_pool_acquire (pf_context_get_pool (job->ctx), width, height,
                                             &job->out),
                       _("allocating the result"), error);
}

typedef PfStatus (*SizedOpFunc) (Job *job);

/* Runs an op that sizes its own output (shadow, stroke, rotate) into a result of at least
 * the estimated size, growing it if the engine reports that it needs more room. */
static gboolean
job_run_sized (Job        *job,
               int         width,
               int         height,
               SizedOpFunc func,
               GError    **error)
{
  for (int attempt = 0;; attempt++)
    {
      if (!job_new_output (job, width, height, error))
        return FALSE;
      PfStatus status = func (job);
      if (status == PF_ERROR_CAPACITY && attempt < 3
          && (width < PF_MAX_DIMENSION || height < PF_MAX_DIMENSION))
        {
          width = MIN (2 * width, PF_MAX_DIMENSION);
          height = MIN (2 * height, PF_MAX_DIMENSION);
          continue;
        }
      return engine_check (job, status, NULL, error);
    }
}

static int
clamp_size (double v)
{
  if (!(v >= 1))
    return 1;
  return v < MAX_DIM ? (int) ceil (v) : PF_MAX_DIMENSION;
}

/* resize ------------------------------------------------------------------------------ */

static gboolean
check_resize (const Op *op,
              Args     *args,
              GError  **error)
{
  if (args->set[OPT_SCALE] && (args->set[OPT_WIDTH] || args->set[OPT_HEIGHT]))
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                   _("%s: give --scale or --width/--height, not both"), op->name);
      return FALSE;
    }
  if (!args->set[OPT_SCALE] && !args->set[OPT_WIDTH] && !args->set[OPT_HEIGHT])
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                   _("%s: missing --width, --height or --scale"), op->name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_resize (Job     *job,
            GError **error)
{
  const Args *a = job->args;
  double w = job->width, h = job->height;
  double new_w, new_h;

  if (a->set[OPT_SCALE])
    {
      new_w = w * a->num[OPT_SCALE];
      new_h = h * a->num[OPT_SCALE];
    }
  else if (a->set[OPT_WIDTH] && a->set[OPT_HEIGHT])
    {
      new_w = a->num[OPT_WIDTH];
      new_h = a->num[OPT_HEIGHT];
    }
  else if (a->set[OPT_WIDTH])
    {
      new_w = a->num[OPT_WIDTH];
      new_h = h * new_w / w;
    }
  else
    {
      new_h = a->num[OPT_HEIGHT];
      new_w = w * new_h / h;
    }
  /* Rounded to the nearest pixel, never to nothing. */
  new_w = MAX (floor (new_w + 0.5), 1);
  new_h = MAX (floor (new_h + 0.5), 1);
  if (new_w > MAX_DIM || new_h > MAX_DIM)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_FAILED,
                   _("%s: the result would be %.0f×%.0f, beyond the limit of %d pixels a side"),
                   job->op->name, new_w, new_h, PF_MAX_DIMENSION);
      return FALSE;
    }

  if (!job_new_output (job, (int) new_w, (int) new_h, error))
    return FALSE;
  return engine_check (job,
                       pf_resize (job->ctx, job->src, job->out,
                                  (PfResizeMethod) a->choice[OPT_METHOD]),
                       NULL, error);
}

/* blur, round-corners ----------------------------------------------------------------- */

static gboolean
run_blur (Job     *job,
          GError **error)
{
  job->out = job->src;
  /* No scratch of our own: the engine takes the right size from the context's pool. */
  float radius = (float) job->args->num[OPT_RADIUS];
  return engine_check (job, pf_blur (job->ctx, job->src, radius, NULL), NULL, error);
}

static gboolean
run_round_corners (Job     *job,
                   GError **error)
{
  job->out = job->src;
  return engine_check (job,
                       pf_round_corners (job->ctx, job->src, (float) job->args->num[OPT_RADIUS]),
                       NULL, error);
}

/* shadow, stroke ---------------------------------------------------------------------- */

static PfStatus
do_shadow (Job *job)
{
  const Args *a = job->args;
  PfShadow shadow = {
    .dx = (int) a->num[OPT_DX],
    .dy = (int) a->num[OPT_DY],
    .blur = (float) a->num[OPT_BLUR],
    .spread = (float) a->num[OPT_SPREAD],
    .color = a->color[OPT_COLOR],
    .inner = a->flag[OPT_INNER],
  };
  int x, y;
  return pf_drop_shadow (job->ctx, job->src, job->out, &shadow, &x, &y);
}

static gboolean
run_shadow (Job     *job,
            GError **error)
{
  const Args *a = job->args;
  /* A generous guess of the outer shadow's reach; job_run_sized() grows it if needed. */
  double reach = MAX (a->num[OPT_SPREAD], 0) + 2 * a->num[OPT_BLUR] + 2;
  int w = job->width, h = job->height;

  if (!a->flag[OPT_INNER])
    {
      w = clamp_size (w + fabs (a->num[OPT_DX]) + 2 * reach);
      h = clamp_size (h + fabs (a->num[OPT_DY]) + 2 * reach);
    }
  return job_run_sized (job, w, h, do_shadow, error);
}

static PfStatus
do_stroke (Job *job)
{
  const Args *a = job->args;
  PfStroke stroke = {
    .width = (float) a->num[OPT_WIDTH],
    .color = a->color[OPT_COLOR],
    .position = (PfStrokePosition) a->choice[OPT_POSITION],
    .corner_radius = (float) a->num[OPT_CORNER_RADIUS],
  };
  int x, y;
  return pf_stroke (job->ctx, job->src, job->out, &stroke, &x, &y);
}

static gboolean
run_stroke (Job     *job,
            GError **error)
{
  double grow = job->args->num[OPT_WIDTH] + 2;
  return job_run_sized (job, clamp_size (job->width + 2 * grow),
                        clamp_size (job->height + 2 * grow), do_stroke, error);
}

/* blend ------------------------------------------------------------------------------- */

static gboolean
run_blend (Job     *job,
           GError **error)
{
  const Args *a = job->args;
  job->out = job->src;
  return engine_check (job,
                       pf_blend (job->ctx, job->src, job->overlay, (int) a->num[OPT_X],
                                 (int) a->num[OPT_Y], (float) a->num[OPT_OPACITY],
                                 (PfBlendMode) a->choice[OPT_MODE]),
                       NULL, error);
}

/* crop, flip, rotate ------------------------------------------------------------------ */

static gboolean
run_crop (Job     *job,
          GError **error)
{
  const Args *a = job->args;
  PfBox box = { (int) a->num[OPT_X], (int) a->num[OPT_Y], (int) a->num[OPT_WIDTH],
                (int) a->num[OPT_HEIGHT] };

  if ((gint64) box.x + box.width > job->width || (gint64) box.y + box.height > job->height)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_FAILED,
                   _("%s: the area %d×%d at %d,%d does not lie inside the %d×%d input"),
                   job->op->name, box.width, box.height, box.x, box.y, job->width,
                   job->height);
      return FALSE;
    }
  if (!job_new_output (job, box.width, box.height, error))
    return FALSE;
  return engine_check (job, pf_crop (job->ctx, job->src, job->out, &box), job->op->name,
                       error);
}

static gboolean
run_flip (Job     *job,
          GError **error)
{
  job->out = job->src;
  return engine_check (job,
                       pf_flip (job->ctx, job->src, (PfFlip) job->args->choice[OPT_DIRECTION]),
                       NULL, error);
}

static double
normalized_angle (const Args *a)
{
  double angle = fmod (a->num[OPT_ANGLE], 360);
  return angle < 0 ? angle + 360 : angle;
}

static PfStatus
do_rotate (Job *job)
{
  return pf_rotate (job->ctx, job->src, job->out, normalized_angle (job->args));
}

static gboolean
run_rotate (Job     *job,
            GError **error)
{
  double rad = normalized_angle (job->args) * G_PI / 180;
  double c = fabs (cos (rad)), s = fabs (sin (rad));
  /* The rotated bounding box, plus a pixel of antialiased edge on each side. */
  int w = clamp_size (job->width * c + job->height * s + 2);
  int h = clamp_size (job->width * s + job->height * c + 2);
  return job_run_sized (job, w, h, do_rotate, error);
}

/* fill, gradient ---------------------------------------------------------------------- */

static gboolean
check_canvas (const Op *op,
              Args     *args,
              GError  **error)
{
  /* Whether IN was given is only known later; here both sizes or neither. */
  if (args->set[OPT_WIDTH] != args->set[OPT_HEIGHT])
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                   _("%s: give both --width and --height, or an input for the size"),
                   op->name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_fill (Job     *job,
          GError **error)
{
  if (!job_new_output (job, job->width, job->height, error))
    return FALSE;
  return engine_check (job, pf_fill (job->ctx, job->out, job->args->color[OPT_COLOR]),
                       NULL, error);
}

static gboolean
run_gradient (Job     *job,
              GError **error)
{
  const Args *a = job->args;
  if (!job_new_output (job, job->width, job->height, error))
    return FALSE;
  return engine_check (job,
                       pf_fill_gradient (job->ctx, job->out,
                                         (PfGradient) a->choice[OPT_DIRECTION],
                                         a->color[OPT_FROM], a->color[OPT_TO]),
                       NULL, error);
}

/* colour ops -------------------------------------------------------------------------- */

static gboolean
run_grayscale (Job     *job,
               GError **error)
{
  job->out = job->src;
  return engine_check (job, pf_grayscale (job->ctx, job->src), NULL, error);
}

static gboolean
run_adjust (Job     *job,
            GError **error)
{
  const Args *a = job->args;
  job->out = job->src;
  return engine_check (job,
                       pf_adjust (job->ctx, job->src, (float) a->num[OPT_BRIGHTNESS],
                                  (float) a->num[OPT_CONTRAST],
                                  (float) a->num[OPT_SATURATION]),
                       NULL, error);
}

static gboolean
run_opacity (Job     *job,
             GError **error)
{
  job->out = job->src;
  return engine_check (job,
                       pf_opacity (job->ctx, job->src, (float) job->args->num[OPT_OPACITY]),
                       NULL, error);
}

/* fit --------------------------------------------------------------------------------- */

static gboolean
run_fit (Job     *job,
         GError **error)
{
  const Args *a = job->args;
  PfStatus status;

  if (!job_new_output (job, (int) a->num[OPT_WIDTH], (int) a->num[OPT_HEIGHT], error))
    return FALSE;
  if (a->choice[OPT_MODE] == FIT_COVER)
    status = pf_cover (job->ctx, job->src, job->out, a->num[OPT_PAN_X], a->num[OPT_PAN_Y],
                       a->num[OPT_ZOOM], (PfResizeMethod) a->choice[OPT_METHOD]);
  else
    status = pf_contain (job->ctx, job->src, job->out, a->num[OPT_PAN_X], a->num[OPT_PAN_Y],
                         a->num[OPT_ZOOM], a->color[OPT_BACKGROUND],
                         (PfResizeMethod) a->choice[OPT_METHOD]);
  return engine_check (job, status, NULL, error);
}

#define OPTIONS(list) list, G_N_ELEMENTS (list)

static const Op ops[] = {
  { "resize", N_("Resize to a width and/or height, or by a scale factor"), INPUT_REQUIRED,
    OPTIONS (resize_options), check_resize, run_resize },
  { "blur", N_("Gaussian blur"), INPUT_REQUIRED, OPTIONS (blur_options), NULL, run_blur },
  { "round-corners", N_("Cut antialiased rounded corners"), INPUT_REQUIRED,
    OPTIONS (round_corners_options), NULL, run_round_corners },
  { "shadow", N_("Draw the image with a drop shadow (the output grows to hold it)"),
    INPUT_REQUIRED, OPTIONS (shadow_options), NULL, run_shadow },
  { "stroke", N_("Draw a border along the image's edge"), INPUT_REQUIRED,
    OPTIONS (stroke_options), NULL, run_stroke },
  { "blend", N_("Draw another image over the input"), INPUT_REQUIRED, OPTIONS (blend_options),
    NULL, run_blend },
  { "crop", N_("Keep a rectangle of the image"), INPUT_REQUIRED, OPTIONS (crop_options), NULL,
    run_crop },
  { "flip", N_("Mirror the image"), INPUT_REQUIRED, OPTIONS (flip_options), NULL, run_flip },
  { "rotate", N_("Rotate clockwise by any angle"), INPUT_REQUIRED, OPTIONS (rotate_options),
    NULL, run_rotate },
  { "fill", N_("An image of one colour, of IN's size or --width × --height"), INPUT_OPTIONAL,
    OPTIONS (fill_options), check_canvas, run_fill },
  { "gradient", N_("A gradient, of IN's size or --width × --height"), INPUT_OPTIONAL,
    OPTIONS (gradient_options), check_canvas, run_gradient },
  { "grayscale", N_("Replace colour by its luma"), INPUT_REQUIRED, NULL, 0, NULL,
    run_grayscale },
  { "adjust", N_("Change brightness, contrast and saturation"), INPUT_REQUIRED,
    OPTIONS (adjust_options), NULL, run_adjust },
  { "opacity", N_("Make the image more transparent"), INPUT_REQUIRED,
    OPTIONS (opacity_options), NULL, run_opacity },
  { "fit", N_("Scale into a box, covering it or contained in it"), INPUT_REQUIRED,
    OPTIONS (fit_options), NULL, run_fit },
};

static const Op info_op = {
  "info", N_("Show the backend, its device and memory"), INPUT_NONE, NULL, 0, NULL, NULL,
};

static const Op *
find_op (const char *name)
{
  if (g_strcmp0 (name, info_op.name) == 0)
    return &info_op;
  for (gsize i = 0; i < G_N_ELEMENTS (ops); i++)
    if (g_strcmp0 (name, ops[i].name) == 0)
      return &ops[i];
  /* People write it both ways. */
  if (g_strcmp0 (name, "greyscale") == 0)
    return find_op ("grayscale");
  return NULL;
}

/* ---------------------------------------------------------------------------------------
 * Parsing values
 */

static const struct
{
  const char *name;
  PfColor color;
} color_names[] = {
  { "black", { 0, 0, 0, 255 } },
  { "white", { 255, 255, 255, 255 } },
  { "transparent", { 0, 0, 0, 0 } },
  { "red", { 255, 0, 0, 255 } },
  { "green", { 0, 128, 0, 255 } },
  { "blue", { 0, 0, 255, 255 } },
  { "gray", { 128, 128, 128, 255 } },
  { "grey", { 128, 128, 128, 255 } },
};

static gboolean
parse_color (const char *text,
             PfColor    *out)
{
  for (gsize i = 0; i < G_N_ELEMENTS (color_names); i++)
    if (g_ascii_strcasecmp (text, color_names[i].name) == 0)
      {
        *out = color_names[i].color;
        return TRUE;
      }

  /* The # is optional: an unquoted #fff would start a comment in the shell. */
  const char *hex = text[0] == '#' ? text + 1 : text;
  gsize len = strlen (hex);
  if (len != 3 && len != 4 && len != 6 && len != 8)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isxdigit (hex[i]))
      return FALSE;

  guint8 c[4] = { 0, 0, 0, 255 };
  gsize digits = len <= 4 ? 1 : 2;
  for (gsize i = 0; i < len / digits; i++)
    {
      int v = g_ascii_xdigit_value (hex[i * digits]);
      /* #abc means #aabbcc. */
      v = digits == 1 ? v * 17 : v * 16 + g_ascii_xdigit_value (hex[i * digits + 1]);
      c[i] = (guint8) v;
    }
  *out = (PfColor) { c[0], c[1], c[2], c[3] };
  return TRUE;
}

static char *
choice_list (const Choice *choices)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  for (const Choice *c = choices; c->name != NULL; c++)
    if (!c->alias)
      g_ptr_array_add (names, (gpointer) c->name);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

static gboolean
parse_number (const char *text,
              double     *out)
{
  char *end = NULL;
  if (text[0] == '\0' || g_ascii_isspace (text[0]))
    return FALSE;
  *out = g_ascii_strtod (text, &end);
  return end != NULL && *end == '\0' && isfinite (*out);
}

static gboolean
parse_value (const OptSpec *spec,
             const char    *text,
             Args          *args,
             GError       **error)
{
  double v;

  switch (spec->kind)
    {
    case KIND_INT:
    case KIND_NUMBER:
      if (!parse_number (text, &v))
        {
          g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE, _("--%s: “%s” is not a number"),
                       spec->long_name, text);
          return FALSE;
        }
      if (spec->kind == KIND_INT && v != floor (v))
        {
          g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                       _("--%s: “%s” is not a whole number"), spec->long_name, text);
          return FALSE;
        }
      if (v < spec->min || (spec->exclusive_min && v == spec->min) || v > spec->max)
        {
          if (spec->exclusive_min)
            g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                         _("--%s: %s is out of range: expected more than %g, at most %g"),
                         spec->long_name, text, spec->min, spec->max);
          else
            g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                         _("--%s: %s is out of range: expected %g to %g"), spec->long_name,
                         text, spec->min, spec->max);
          return FALSE;
        }
      args->num[spec->id] = v;
      return TRUE;

    case KIND_COLOR:
      if (!parse_color (text, &args->color[spec->id]))
        {
          g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                       _("--%s: “%s” is not a colour: use #rgb, #rgba, #rrggbb, #rrggbbaa "
                         "or black, white, transparent, red, green, blue, gray"),
                       spec->long_name, text);
          return FALSE;
        }
      return TRUE;

    case KIND_CHOICE:
      for (const Choice *c = spec->choices; c->name != NULL; c++)
        if (g_ascii_strcasecmp (text, c->name) == 0)
          {
            args->choice[spec->id] = c->value;
            return TRUE;
          }
      {
        g_autofree char *list = choice_list (spec->choices);
        g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                     _("--%s: unknown value “%s”; expected one of %s"), spec->long_name,
                     text, list);
      }
      return FALSE;

    case KIND_FILE:
      if (text[0] == '\0')
        {
          g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE, _("--%s: empty file name"),
                       spec->long_name);
          return FALSE;
        }
      return TRUE;

    case KIND_FLAG:
      return TRUE;
    }
  g_assert_not_reached ();
}

static gboolean
parse_values (const Op      *op,
              const OptSpec *specs,
              gsize          n_specs,
              Args          *args,
              GError       **error)
{
  for (gsize i = 0; i < n_specs; i++)
    {
      const OptSpec *spec = &specs[i];
      if (spec->kind == KIND_FLAG)
        {
          args->set[spec->id] = args->flag[spec->id];
          continue;
        }
      const char *text = args->text[spec->id];
      args->set[spec->id] = text != NULL;
      if (text == NULL && spec->required)
        {
          g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE, _("%s: missing --%s"), op->name,
                       spec->long_name);
          return FALSE;
        }
      if (text == NULL)
        text = spec->default_value;
      if (text != NULL && !parse_value (spec, text, args, error))
        return FALSE;
    }
  return TRUE;
}

static GOptionGroup *
option_group_new (const char    *name,
                  const char    *title,
                  const OptSpec *specs,
                  gsize          n_specs,
                  Args          *args)
{
  GOptionGroup *group = g_option_group_new (name, title, title, NULL, NULL);
  g_autofree GOptionEntry *entries = g_new0 (GOptionEntry, n_specs + 1);

  for (gsize i = 0; i < n_specs; i++)
    {
      const OptSpec *spec = &specs[i];
      GOptionEntry *e = &entries[i];
      e->long_name = spec->long_name;
      e->short_name = spec->short_name;
      if (spec->kind == KIND_FLAG)
        {
          e->arg = G_OPTION_ARG_NONE;
          e->arg_data = &args->flag[spec->id];
        }
      else
        {
          /* Values are kept as text and validated by parse_values(), which gives better
           * messages than GOption's own number parsing. */
          e->arg = spec->kind == KIND_FILE ? G_OPTION_ARG_FILENAME : G_OPTION_ARG_STRING;
          e->arg_data = &args->text[spec->id];
        }
      e->description = spec->description;
      e->arg_description = spec->arg_description;
    }
  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  return group;
}

static GOptionContext *
option_context_new (const Op *op,
                    Args     *args)
{
  const char *params = op->input == INPUT_NONE       ? ""
                       : op->input == INPUT_OPTIONAL ? "[IN] OUT"
                                                     : "IN OUT";
  g_autofree char *usage = g_strdup_printf ("%s %s", op->name, params);
  GOptionContext *context = g_option_context_new (usage);

  /* GOption's own --help would call exit(). */
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, g_dgettext (GETTEXT_PACKAGE, op->summary));
  for (gsize i = 0; i < op->n_options; i++)
    if (op->options[i].kind == KIND_COLOR)
      {
        g_option_context_set_description (context, _(COLOR_HELP));
        break;
      }
  if (op->n_options > 0)
    {
      g_autofree char *title = g_strdup_printf (_("Options of %s:"), op->name);
      g_option_context_add_group (context, option_group_new (op->name, title, op->options,
                                                             op->n_options, args));
    }
  g_option_context_add_group (context, option_group_new ("global", _("Options of every command:"),
                                                         global_options,
                                                         G_N_ELEMENTS (global_options), args));
  return context;
}

/* ---------------------------------------------------------------------------------------
 * Running
 */

/* pf_image_save()'s rule, checked up front so that a typo in OUT fails before a large
 * photo is decoded. */
static gboolean
output_format_known (const char *path)
{
  const char *dot = strrchr (path, '.');
  const char *slash = strrchr (path, '/');
  if (dot == NULL || (slash != NULL && slash > dot))
    return FALSE;
  return g_ascii_strcasecmp (dot, ".png") == 0 || g_ascii_strcasecmp (dot, ".jpg") == 0
         || g_ascii_strcasecmp (dot, ".jpeg") == 0;
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* I/O errors should name the file; make sure they do. */
static void
prefix_file (GError    **error,
             const char *path)
{
  if (error == NULL || *error == NULL)
    return;
  g_autofree char *display = g_filename_display_name (path);
  if (strstr ((*error)->message, display) == NULL)
    g_prefix_error (error, "%s: ", display);
}

static PfBitmap *
load (const char *path,
      GError    **error)
{
  PfBitmap *bitmap = pf_image_load (path, NULL, error);
  if (bitmap == NULL)
    prefix_file (error, path);
  return bitmap;
}

static gboolean
upload (Job            *job,
        const PfBitmap *bitmap,
        PfImage       **out,
        GError        **error)
{
  if (!engine_check (job, pf_image_create (job->ctx, bitmap->width, bitmap->height, out),
                     _("allocating the input"), error))
    return FALSE;
  return engine_check (job, pf_image_upload (job->ctx, *out, bitmap->data, bitmap->stride),
                       _("uploading the input"), error);
}

static gboolean
context_create (PfBackend    backend,
                PfContext **out,
                GError     **error)
{
  PfStatus status = pf_context_create (backend, out);
  if (status == PF_OK)
    return TRUE;
  if (backend == PF_BACKEND_CUDA)
    g_set_error (error, CLI_ERROR, CLI_ERROR_FAILED,
                 _("cannot use the CUDA backend: %s (try --backend auto or cpu)"),
                 pf_status_to_string (status));
  else
    g_set_error (error, CLI_ERROR, CLI_ERROR_FAILED, _("cannot start the engine: %s"),
                 pf_status_to_string (status));
  return FALSE;
}

static void
job_clear (Job *job)
{
  if (job->out != job->src)
    g_clear_pointer (&job->out, pf_image_destroy);
  job->out = NULL;
  g_clear_pointer (&job->src, pf_image_destroy);
  g_clear_pointer (&job->overlay, pf_image_destroy);
}

static gboolean
run_op (const Op   *op,
        Args       *args,
        const char *in_path,
        const char *out_path,
        GError    **error)
{
  g_autoptr (PfContext) ctx = NULL;
  g_autoptr (PfBitmap) input = NULL;
  g_autoptr (PfBitmap) result = NULL;
  Job job = { .op = op, .args = args };
  double dpi = 0;
  gboolean ok = FALSE;

  /* The backend first: asking for CUDA where there is none should fail before any
   * decoding. */
  if (!context_create ((PfBackend) args->choice[OPT_BACKEND], &ctx, error))
    return FALSE;
  job.ctx = ctx;

  gint64 start = g_get_monotonic_time ();
  if (op->input == INPUT_OPTIONAL && in_path != NULL)
    {
      /* IN only gives the size: no need to decode it. */
      if (!pf_image_probe (in_path, &job.width, &job.height, error))
        {
          prefix_file (error, in_path);
          return FALSE;
        }
    }
  else if (op->input == INPUT_OPTIONAL)
    {
      job.width = (int) args->num[OPT_WIDTH];
      job.height = (int) args->num[OPT_HEIGHT];
    }
  else
    {
      input = load (in_path, error);
      if (input == NULL)
        return FALSE;
      job.width = input->width;
      job.height = input->height;
      dpi = input->dpi;
    }

  g_autoptr (PfBitmap) overlay = NULL;
  if (args->text[OPT_OVERLAY] != NULL)
    {
      overlay = load (args->text[OPT_OVERLAY], error);
      if (overlay == NULL)
        return FALSE;
    }
  double load_ms = ms_since (start);

  start = g_get_monotonic_time ();
  if (input != NULL && !upload (&job, input, &job.src, error))
    goto out;
  g_clear_pointer (&input, pf_bitmap_free);
  if (overlay != NULL && !upload (&job, overlay, &job.overlay, error))
    goto out;
  g_clear_pointer (&overlay, pf_bitmap_free);

  if (!op->run (&job, error))
    goto out;
  /* Device errors of queued ops surface here rather than as a failed download. */
  if (!engine_check (&job, pf_context_finish (ctx), NULL, error))
    goto out;
  double engine_ms = ms_since (start);

  int out_w = pf_image_get_width (job.out), out_h = pf_image_get_height (job.out);
  result = pf_bitmap_new (out_w, out_h, error);
  if (result == NULL)
    goto out;
  start = g_get_monotonic_time ();
  if (!engine_check (&job, pf_image_download (ctx, job.out, result->data, result->stride),
                     _("downloading the result"), error))
    goto out;
  engine_ms += ms_since (start);
  job_clear (&job);

  start = g_get_monotonic_time ();
  PfSaveOptions save = { .dpi = dpi, .compression = -1 };
  if (args->set[OPT_DPI])
    save.dpi = args->num[OPT_DPI];
  if (args->set[OPT_QUALITY])
    save.quality = (int) args->num[OPT_QUALITY];
  if (!pf_image_save (result, out_path, &save, error))
    {
      prefix_file (error, out_path);
      goto out;
    }
  double save_ms = ms_since (start);

  if (!args->flag[OPT_QUIET])
    {
      g_autofree char *out_name = g_filename_display_name (out_path);
      g_autofree char *in_size = NULL;
      if (in_path != NULL)
        in_size = g_strdup_printf ("%d×%d ", job.width, job.height);
      /* Engine time is upload, op and download: what the backend is responsible for. */
      g_print (_("%s %s→ %s %d×%d in %.1f ms on %s; load %.1f ms, save %.1f ms\n"), op->name,
               in_size != NULL ? in_size : "", out_name, out_w, out_h, engine_ms,
               pf_context_describe (ctx), load_ms, save_ms);
    }
  ok = TRUE;

out:
  job_clear (&job);
  return ok;
}

static gboolean
run_info (Args    *args,
          GError **error)
{
  g_autoptr (PfContext) ctx = NULL;

  if (!context_create ((PfBackend) args->choice[OPT_BACKEND], &ctx, error))
    return FALSE;

  PfBackend backend = pf_context_get_backend (ctx);
  g_print (_("photoff-cli %s\n"), PACKAGE_VERSION);
  g_print (_("Backend: %s\n"), backend == PF_BACKEND_CUDA ? "CUDA" : "CPU");
  g_print (_("Device: %s\n"), pf_context_describe (ctx));
  if (backend == PF_BACKEND_CPU)
    g_print (_("CPU threads: %d\n"), pf_context_get_cpu_threads (ctx));
  g_print (_("CUDA support built in: %s\n"), HAVE_CUDA ? _("yes") : _("no"));
  long pages = sysconf (_SC_PHYS_PAGES), page_size = sysconf (_SC_PAGESIZE);
  if (pages > 0 && page_size > 0)
    {
      g_autofree char *host = g_format_size_full ((guint64) pages * (guint64) page_size,
                                                  G_FORMAT_SIZE_IEC_UNITS);
      g_print (_("Host memory: %s\n"), host);
    }
  g_autofree char *used = g_format_size_full (pf_context_get_memory_used (ctx),
                                              G_FORMAT_SIZE_IEC_UNITS);
  g_print (_("Engine memory in use: %s\n"), used);
  g_autofree char *largest = g_format_size_full ((guint64) PF_MAX_PIXELS * 4,
                                                 G_FORMAT_SIZE_IEC_UNITS);
  g_print (_("Largest image: %d pixels a side, %zu pixels (%s)\n"), PF_MAX_DIMENSION,
           PF_MAX_PIXELS, largest);
  return TRUE;
}

/* ---------------------------------------------------------------------------------------
 * Help and the entry point
 */

static void
print_help (void)
{
  g_autoptr (GString) s = g_string_new (NULL);

  g_string_append_printf (s, _("Usage:\n  %s COMMAND [IN] OUT [OPTION…]\n\n"), PROGRAM);
  g_string_append (s, _("Runs one PhotoFF engine op on one image, on the GPU when there is "
                        "one.\nThe output format follows OUT's extension: .png, .jpg or "
                        ".jpeg.\n\n"));
  g_string_append (s, _("Whole pages:\n"));
  g_string_append_printf (s, "  %-15s %s\n", "render",
                          _("Render a project: render PROJECT.photoff -o OUT.png [--scale F]"));
  g_string_append_printf (s, "  %-15s %s\n", "collage",
                          _("Lay photos out on a page: collage PHOTO… -o OUT.png [--grid RxC | "
                            "--mosaic] [--page a4]"));
  g_string_append (s, _("\nCommands:\n"));
  g_string_append_printf (s, "  %-15s %s\n", info_op.name,
                          g_dgettext (GETTEXT_PACKAGE, info_op.summary));
  for (gsize i = 0; i < G_N_ELEMENTS (ops); i++)
    g_string_append_printf (s, "  %-15s %s\n", ops[i].name,
                            g_dgettext (GETTEXT_PACKAGE, ops[i].summary));
  g_string_append (s, _("\nOptions of every command:\n"));
  for (gsize i = 0; i < G_N_ELEMENTS (global_options); i++)
    {
      const OptSpec *spec = &global_options[i];
      g_autofree char *left = NULL;
      if (spec->short_name != 0)
        left = g_strdup_printf ("-%c, --%s", spec->short_name, spec->long_name);
      else
        left = g_strdup_printf ("--%s=%s", spec->long_name,
                                g_dgettext (GETTEXT_PACKAGE, spec->arg_description));
      g_string_append_printf (s, "  %-24s %s\n", left,
                              g_dgettext (GETTEXT_PACKAGE, spec->description));
    }
  g_string_append_printf (s, "  %-24s %s\n", "--version", _("Show the version"));
  g_string_append_printf (s, "\n%s", _(COLOR_HELP));
  g_string_append_printf (s, _("\nRun “%s COMMAND --help” for the options of a command.\n"
                               "\nExamples:\n"
                               "  %s resize photo.jpg small.png --width 800\n"
                               "  %s round-corners in.png out.png --radius 40\n"
                               "  %s fill background.png --width 1200 --height 800 "
                               "--color '#336699'\n"),
                          PROGRAM, PROGRAM, PROGRAM, PROGRAM);
  g_print ("%s", s->str);
}

static void
print_usage_error (const Op     *op,
                   const GError *error)
{
  g_printerr ("%s: %s\n", PROGRAM, error->message);
  if (op != NULL)
    g_printerr (_("Try “%s %s --help” for more information.\n"), PROGRAM, op->name);
  else
    g_printerr (_("Try “%s --help” for more information.\n"), PROGRAM);
}

static int
report (const Op     *op,
        const GError *error)
{
  if (error->domain == CLI_ERROR && error->code == CLI_ERROR_USAGE)
    {
      print_usage_error (op, error);
      return PF_CLI_EXIT_USAGE;
    }
  g_printerr ("%s: %s\n", PROGRAM, error->message);
  return PF_CLI_EXIT_FAILURE;
}

/* Checks what GOption left of the command line (the command, then the files) and runs
 * @op on it. */
static gboolean
command_run (const Op *op,
             Args     *args,
             char    **rest,
             GError  **error)
{
  g_autoptr (GPtrArray) files = g_ptr_array_new ();
  gboolean dashes = FALSE;

  for (int i = 1; rest[i] != NULL; i++)
    {
      /* A "--" ends the options (a file may then start with a dash). */
      if (!dashes && strcmp (rest[i], "--") == 0)
        dashes = TRUE;
      else
        g_ptr_array_add (files, rest[i]);
    }

  guint min_files = op->input == INPUT_NONE ? 0 : op->input == INPUT_REQUIRED ? 2 : 1;
  guint max_files = op->input == INPUT_NONE ? 0 : 2;
  if (files->len > max_files)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE, _("%s: unexpected argument “%s”"),
                   op->name, (char *) files->pdata[max_files]);
      return FALSE;
    }
  if (files->len < min_files)
    {
      if (files->len == 0 && min_files == 2)
        g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE, _("%s: missing IN and OUT"),
                     op->name);
      else
        g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE, _("%s: missing OUT"), op->name);
      return FALSE;
    }
  if (op->input == INPUT_NONE)
    return parse_only || run_info (args, error);

  const char *in_path = files->len == 2 ? files->pdata[0] : NULL;
  const char *out_path = files->pdata[files->len - 1];

  if (op->input == INPUT_OPTIONAL && in_path != NULL && args->set[OPT_WIDTH])
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                   _("%s: give IN or --width and --height for the size, not both"), op->name);
      return FALSE;
    }
  if (op->input == INPUT_OPTIONAL && in_path == NULL && !args->set[OPT_WIDTH])
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                   _("%s: missing IN or --width and --height for the size"), op->name);
      return FALSE;
    }
  if (!output_format_known (out_path))
    {
      g_autofree char *display = g_filename_display_name (out_path);
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                   _("%s: unknown output format; OUT must end in .png, .jpg or .jpeg"),
                   display);
      return FALSE;
    }
  return parse_only || run_op (op, args, in_path, out_path, error);
}

/* Parses argv[1..] of @op (argv[0] is the command) and runs it. */
static int
command_main (const Op *op,
              int       argc,
              char    **argv)
{
  Args args = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) context = option_context_new (op, &args);
  g_auto (GStrv) strv = g_new0 (char *, argc + 1);
  int status = PF_CLI_EXIT_OK;

  for (int i = 0; i < argc; i++)
    strv[i] = g_strdup (argv[i]);

  if (!g_option_context_parse_strv (context, &strv, &error))
    {
      g_prefix_error (&error, "%s: ", op->name);
      print_usage_error (op, error);
      status = PF_CLI_EXIT_USAGE;
    }
  else if (args.flag[OPT_HELP])
    {
      g_autofree char *help = g_option_context_get_help (context, FALSE, NULL);
      g_print ("%s", help);
    }
  else if (!parse_values (op, global_options, G_N_ELEMENTS (global_options), &args, &error)
           || !parse_values (op, op->options, op->n_options, &args, &error)
           || (op->check != NULL && !op->check (op, &args, &error))
           || !command_run (op, &args, strv, &error))
    {
      status = report (op, error);
    }

  args_clear (&args);
  return status;
}

int
pf_cli_main (int    argc,
             char **argv)
{
  if (argc < 2 || argv == NULL || argv[1] == NULL)
    {
      g_printerr (_("Usage: %s COMMAND [IN] OUT [OPTION…]\n"), PROGRAM);
      g_printerr (_("Try “%s --help” for more information.\n"), PROGRAM);
      return PF_CLI_EXIT_USAGE;
    }

  const char *command = argv[1];
  if (strcmp (command, "--help") == 0 || strcmp (command, "-h") == 0
      || strcmp (command, "help") == 0)
    {
      if (argc > 2 && (strcmp (argv[2], "render") == 0 || strcmp (argv[2], "collage") == 0))
        {
          char *help_argv[] = { argv[2], (char *) "--help", NULL };
          return strcmp (argv[2], "render") == 0 ? pf_cli_render (2, help_argv)
                                                  : pf_cli_collage (2, help_argv);
        }
      const Op *op = argc > 2 ? find_op (argv[2]) : NULL;
      if (op != NULL)
        {
          char *help_argv[] = { argv[0], argv[2], (char *) "--help", NULL };
          return command_main (op, 2, help_argv + 1);
        }
      print_help ();
      return PF_CLI_EXIT_OK;
    }
  if (strcmp (command, "--version") == 0 || strcmp (command, "-V") == 0)
    {
      g_print ("%s %s\n", PROGRAM, PACKAGE_VERSION);
      return PF_CLI_EXIT_OK;
    }

  /* Whole pages have commands of their own (pf-cli-project.c). */
  if (strcmp (command, "render") == 0)
    return pf_cli_render (argc - 1, argv + 1);
  if (strcmp (command, "collage") == 0)
    return pf_cli_collage (argc - 1, argv + 1);

  const Op *op = find_op (command);
  if (op == NULL)
    {
      g_autoptr (GError) error = NULL;
      if (command[0] == '-')
        g_set_error (&error, CLI_ERROR, CLI_ERROR_USAGE,
                     _("unknown option “%s”; the command comes first"), command);
      else
        g_set_error (&error, CLI_ERROR, CLI_ERROR_USAGE, _("unknown command “%s”"), command);
      print_usage_error (NULL, error);
      return PF_CLI_EXIT_USAGE;
    }
  return command_main (op, argc - 1, argv + 1);
}
