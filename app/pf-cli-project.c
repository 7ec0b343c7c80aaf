/* pf-cli-project.c — photoff-cli render and collage: whole pages from projects or photos */
#define G_LOG_DOMAIN "pf-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "pf-cli.h"

#include "pf-document.h"
#include "pf-image-io.h"
#include "pf-page.h"
#include "pf-project.h"
#include "pf-renderer.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct
{
  char *output;
  char *backend;
  double scale;
  int quality;
  gboolean quiet;
  gboolean strict;
  gboolean help;
} RenderOptions;

static void
render_options_clear (RenderOptions *o)
{
  g_free (o->output);
  g_free (o->backend);
}

static int
usage_error (const char *command, const char *message)
{
  g_printerr ("photoff-cli: %s: %s\n", command, message);
  g_printerr (_("Try “photoff-cli %s --help” for its options.\n"), command);
  return PF_CLI_EXIT_USAGE;
}

static gboolean
parse_backend (const char *name, PfBackend *backend)
{
  if (name == NULL || g_str_equal (name, "auto"))
    *backend = PF_BACKEND_AUTO;
  else if (g_str_equal (name, "cpu"))
    *backend = PF_BACKEND_CPU;
  else if (g_str_equal (name, "cuda"))
    *backend = PF_BACKEND_CUDA;
  else
    return FALSE;
  return TRUE;
}

static void
add_render_entries (GOptionContext *context, RenderOptions *o)
{
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o->output,
      N_("Where to write the page (.png or .jpg)"), N_("FILE") },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &o->scale,
      N_("Render at this fraction of the page's pixels (0 < F ≤ 4, default 1)"), "F" },
    { "backend", 0, 0, G_OPTION_ARG_STRING, &o->backend, N_("auto, cpu or cuda"),
      N_("NAME") },
    { "quality", 0, 0, G_OPTION_ARG_INT, &o->quality, N_("JPEG quality 1–100 (default 92)"),
      "Q" },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &o->strict,
      N_("Fail when a photo is missing instead of drawing a placeholder"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet, N_("Print nothing but errors"), NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &o->help, N_("Show the options"), NULL },
    { NULL },
  };
  /* GOption's own --help would call exit(); pf_cli_main() must return instead. */
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

/* Prints @context's help when --help was given; TRUE if it did. */
static gboolean
print_help_if_asked (GOptionContext      *context,
                     const RenderOptions *o)
{
  if (!o->help)
    return FALSE;
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
  g_print ("%s", help);
  return TRUE;
}

static const char *
check_render_options (RenderOptions *o)
{
  if (o->output == NULL)
    return _("missing -o OUT.png");
  if (!(o->scale > 0 && o->scale <= 4))
    return _("--scale must be a number above 0 and at most 4");
  if (o->quality != 0 && (o->quality < 1 || o->quality > 100))
    return _("--quality must be from 1 to 100");
  PfBackend backend = PF_BACKEND_AUTO;
  if (!parse_backend (o->backend, &backend))
    return _("--backend must be auto, cpu or cuda");
  return NULL;
}

/* Renders @document per @o and writes the page. */
static int
render_document (PfDocument *document, const RenderOptions *o, const char *what)
{
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  guint unplaced = 0;
  g_autoptr (PfRenderSpec) spec = pf_render_spec_new_from_document (document, &unplaced, &error);
  if (spec == NULL)
    {
      g_printerr ("photoff-cli: %s: %s\n", what, error->message);
      return PF_CLI_EXIT_FAILURE;
    }
  if (unplaced > 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             "photoff-cli: warning: %u cell does not fit the grid\n",
                             "photoff-cli: warning: %u cells do not fit the grid\n", unplaced),
                unplaced);
  if (o->scale != 1.0)
    pf_render_spec_scale (spec, o->scale);

  PfBackend backend = PF_BACKEND_AUTO;
  parse_backend (o->backend, &backend);
  g_autoptr (PfRenderer) renderer = pf_renderer_new (backend, &error);
  if (renderer == NULL)
    {
      g_printerr ("photoff-cli: %s\n", error->message);
      return PF_CLI_EXIT_FAILURE;
    }
  if (!pf_renderer_render (renderer, spec, &error))
    {
      g_printerr ("photoff-cli: %s: %s\n", what, error->message);
      return PF_CLI_EXIT_FAILURE;
    }
  const char *const *missing = pf_renderer_get_missing (renderer);
  for (guint i = 0; missing[i] != NULL; i++)
    {
      if (o->strict)
        g_printerr ("photoff-cli: %s\n", missing[i]);
      else
        g_printerr (_("photoff-cli: warning: %s (drawn as a placeholder)\n"), missing[i]);
    }
  if (o->strict && missing[0] != NULL)
    return PF_CLI_EXIT_FAILURE;
  gint64 rendered = g_get_monotonic_time ();

  g_autoptr (PfBitmap) page = pf_renderer_download (renderer, &error);
  PfSaveOptions save = { .dpi = spec->dpi, .compression = -1, .quality = o->quality };
  if (page == NULL || !pf_image_save (page, o->output, &save, &error))
    {
      g_printerr ("photoff-cli: %s\n", error->message);
      return PF_CLI_EXIT_FAILURE;
    }
  gint64 done = g_get_monotonic_time ();

  if (!o->quiet)
    {
      g_autofree char *shown = g_filename_display_name (o->output);
      g_print (_("%s: %d×%d page at %.0f DPI → %s: rendered in %.1f ms, written in %.1f ms "
                 "on %s\n"),
               what, spec->width, spec->height, spec->dpi, shown, (rendered - start) / 1000.0,
               (done - rendered) / 1000.0, pf_renderer_describe (renderer));
    }
  return PF_CLI_EXIT_OK;
}

int
pf_cli_render (int argc, char **argv)
{
  RenderOptions o = { .scale = 1.0 };
  g_autoptr (GOptionContext) context =
    g_option_context_new (_("PROJECT.photoff — render a project"));
  g_option_context_set_summary (context,
                                _("Renders a PhotoFF project at print resolution (or --scale of "
                                  "it) to a PNG with the page's DPI, or a JPEG."));
  add_render_entries (context, &o);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) args = g_strdupv (argv);
  /* parse_strv() frees the arguments it removes; parse() would leak them. */
  gboolean parsed = g_option_context_parse_strv (context, &args, &error);
  int n = (int) g_strv_length (args);
  char **v = args;
  (void) argc;
  if (!parsed)
    {
      render_options_clear (&o);
      return usage_error ("render", error->message);
    }
  if (print_help_if_asked (context, &o))
    {
      render_options_clear (&o);
      return PF_CLI_EXIT_OK;
    }
  const char *problem = check_render_options (&o);
  if (problem == NULL && n != 2)
    problem = n < 2 ? _("missing PROJECT") : _("only one PROJECT at a time");
  if (problem != NULL)
    {
      render_options_clear (&o);
      return usage_error ("render", problem);
    }
  if (pf_cli_get_parse_only ())
    {
      render_options_clear (&o);
      return PF_CLI_EXIT_OK;
    }

  g_autoptr (PfDocument) document = pf_project_load_path (v[1], &error);
  int result;
  if (document == NULL)
    {
      g_printerr ("photoff-cli: %s\n", error->message);
      result = PF_CLI_EXIT_FAILURE;
    }
  else
    {
      g_autofree char *name = g_path_get_basename (v[1]);
      result = render_document (document, &o, name);
    }
  render_options_clear (&o);
  return result;
}

/* "a4", "letter", "4x6" … or WxH in pixels. */
static gboolean
set_page (PfDocument *document, const char *page, gboolean landscape, int dpi, GError **error)
{
  PfOrientation orientation = landscape ? PF_ORIENTATION_LANDSCAPE : PF_ORIENTATION_PORTRAIT;
  g_autofree char *id = g_ascii_strdown (page, -1);
  if (pf_page_preset_lookup (id) != NULL && !g_str_equal (id, "custom"))
    return pf_document_set_page (document, id, orientation, dpi, error);

  int w = 0, h = 0;
  char tail = 0;
  if (sscanf (page, "%dx%d%c", &w, &h, &tail) != 2 || !pf_page_size_is_valid (w, h))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--page must be a4, a3, a5, letter, legal, 4x6, 5x7, 8x10, square-8 or "
                     "WIDTHxHEIGHT in pixels (at most %d a side), not “%s”"),
                   PF_MAX_DIMENSION, page);
      return FALSE;
    }
  /* A size given in pixels is taken as it is; --landscape only turns a tall one. */
  if (landscape && w < h)
    {
      int t = w;
      w = h;
      h = t;
    }
  pf_document_set_dpi (document, dpi);
  pf_document_set_size (document, w, h);
  return TRUE;
}

typedef struct
{
  char *grid, *page, *save, *background;
  gboolean mosaic, landscape, shadow;
  int dpi, spacing, margin, seed;
  double corner_radius;
} CollageOptions;

static void
collage_options_clear (CollageOptions *c)
{
  g_free (c->grid);
  g_free (c->page);
  g_free (c->save);
  g_free (c->background);
}

/* Checks @c; returns a message for the first problem, or NULL. Fills rows/columns/colour. */
static const char *
check_collage_options (const CollageOptions *c, int photos, int *rows, int *columns,
                       PfRgba *background)
{
  char tail = 0;
  if (photos < 1)
    return _("no photos given");
  if (photos > PF_DOCUMENT_MAX_CELLS)
    return _("too many photos (at most 1000)");
  if (c->grid != NULL && c->mosaic)
    return _("--grid and --mosaic exclude each other");
  if (c->grid != NULL
      && (sscanf (c->grid, "%dx%d%c", rows, columns, &tail) != 2 || *rows < 1 || *columns < 1
          || *rows > PF_DOCUMENT_MAX_ROWS || *columns > PF_DOCUMENT_MAX_COLUMNS))
    return _("--grid must be ROWSxCOLUMNS, each from 1 to 50");
  if (c->dpi < 72 || c->dpi > 1200)
    return _("--dpi must be from 72 to 1200");
  if (c->spacing < -1 || c->spacing > PF_DOCUMENT_MAX_SPACING)
    return _("--spacing must be from 0 to 16384");
  if (c->margin < -1 || c->margin > PF_DOCUMENT_MAX_MARGIN)
    return _("--margin must be from 0 to 16384");
  if (!(c->corner_radius == -1 || (c->corner_radius >= 0 && c->corner_radius <= 16384)))
    return _("--corner-radius must be from 0 to 16384");
  if (c->seed < 0)
    return _("--seed must not be negative");
  if (c->background != NULL && !pf_rgba_parse (background, c->background))
    return _("--background must be a colour like #ffffff or #ffffff80");
  return NULL;
}

/* Builds the collage document of @photos; NULL with a message printed on failure (*usage
 * tells whether it was the user's arguments). */
static PfDocument *
build_collage (const CollageOptions *c, int rows, int columns, const PfRgba *background,
               char **photos, int n_photos, gboolean *usage)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PfDocument) document = pf_document_new ();
  *usage = FALSE;
  if (!set_page (document, c->page != NULL ? c->page : "a4", c->landscape, c->dpi, &error))
    {
      g_printerr ("photoff-cli: %s\n", error->message);
      *usage = TRUE;
      return NULL;
    }
  /* Spacing and margin follow the page unless given: 1.5 % and 3 % of its short side. */
  int short_side = MIN (pf_document_get_width (document), pf_document_get_height (document));
  pf_document_set_spacing (document, c->spacing >= 0 ? c->spacing : short_side * 15 / 1000);
  pf_document_set_margin (document, c->margin >= 0 ? c->margin : short_side * 3 / 100);
  if (c->mosaic)
    {
      pf_document_set_layout_type (document, PF_LAYOUT_MOSAIC);
      pf_document_set_mosaic_seed (document, (guint32) c->seed);
    }
  else
    {
      if (c->grid == NULL)
        {
          /* Enough slots, the page's orientation deciding which way is longer. */
          int longer = (int) ceil (sqrt (n_photos)), shorter = (n_photos + longer - 1) / longer;
          gboolean tall = pf_document_get_height (document) >= pf_document_get_width (document);
          rows = tall ? longer : shorter;
          columns = tall ? shorter : longer;
        }
      pf_document_set_grid (document, columns, rows);
    }
  pf_document_set_background_type (document, PF_BACKGROUND_COLOR);
  pf_document_set_background_color (document, background);
  PfStyle *style = pf_document_get_style (document);
  if (c->corner_radius >= 0)
    pf_style_set_corner_radius (style, c->corner_radius);
  pf_style_set_shadow_enabled (style, c->shadow);

  for (int i = 0; i < n_photos; i++)
    {
      g_autoptr (GFile) file = g_file_new_for_commandline_arg (photos[i]);
      g_autofree char *path = g_file_get_path (file);
      if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_printerr ("photoff-cli: %s: %s\n", photos[i], _("no such photo"));
          return NULL;
        }
      g_autoptr (PfCell) cell = pf_cell_new (path);
      if (!pf_document_add_cell (document, cell, &error))
        {
          g_printerr ("photoff-cli: %s\n", error->message);
          return NULL;
        }
    }
  return g_steal_pointer (&document);
}

int
pf_cli_collage (int argc, char **argv)
{
  RenderOptions o = { .scale = 1.0 };
  CollageOptions c = { .dpi = 300, .spacing = -1, .margin = -1, .corner_radius = -1 };
  GOptionEntry entries[] = {
    { "grid", 0, 0, G_OPTION_ARG_STRING, &c.grid,
      N_("Rows × columns, e.g. 3x2 (default: enough for the photos)"), "RxC" },
    { "mosaic", 0, 0, G_OPTION_ARG_NONE, &c.mosaic,
      N_("Justified rows that keep every photo's shape"), NULL },
    { "seed", 0, 0, G_OPTION_ARG_INT, &c.seed, N_("Shuffle the mosaic (0 keeps the order)"),
      "N" },
    { "page", 0, 0, G_OPTION_ARG_STRING, &c.page,
      N_("a4 (default), a3, a5, letter, legal, 4x6, 5x7, 8x10, square-8 or WxH pixels"),
      N_("PAGE") },
    { "landscape", 0, 0, G_OPTION_ARG_NONE, &c.landscape, N_("Turn the page sideways"), NULL },
    { "dpi", 0, 0, G_OPTION_ARG_INT, &c.dpi, N_("Print resolution, 72–1200 (default 300)"),
      "N" },
    { "spacing", 0, 0, G_OPTION_ARG_INT, &c.spacing, N_("Pixels between photos"), "N" },
    { "margin", 0, 0, G_OPTION_ARG_INT, &c.margin, N_("Pixels around the photos"), "N" },
    { "corner-radius", 0, 0, G_OPTION_ARG_DOUBLE, &c.corner_radius,
      N_("Rounded corners, pixels"), "N" },
    { "shadow", 0, 0, G_OPTION_ARG_NONE, &c.shadow, N_("A soft drop shadow under each photo"),
      NULL },
    { "background", 0, 0, G_OPTION_ARG_STRING, &c.background, N_("Page colour, #rrggbb[aa]"),
      N_("COLOR") },
    { "save", 0, 0, G_OPTION_ARG_FILENAME, &c.save, N_("Also save the collage as a project"),
      N_("PROJECT.photoff") },
    { NULL },
  };
  g_autoptr (GOptionContext) context =
    g_option_context_new (_("PHOTO… — lay photos out on a page"));
  g_option_context_set_summary (context, _("Makes a collage of the photos and renders it."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  add_render_entries (context, &o);

  g_autoptr (GError) error = NULL;
  g_auto (GStrv) args = g_strdupv (argv);
  int rows = 0, columns = 0, result;
  PfRgba background = { 255, 255, 255, 255 };
  const char *problem = NULL;
  (void) argc;
  /* parse_strv() frees the arguments it removes; parse() would leak them. */
  if (!g_option_context_parse_strv (context, &args, &error))
    problem = error->message;
  int n = (int) g_strv_length (args);
  char **v = args;
  gboolean help = problem == NULL && print_help_if_asked (context, &o);
  if (problem == NULL && !help)
    problem = check_render_options (&o);
  if (problem == NULL && !help)
    problem = check_collage_options (&c, n - 1, &rows, &columns, &background);

  if (problem != NULL)
    result = usage_error ("collage", problem);
  else if (help || pf_cli_get_parse_only ())
    result = PF_CLI_EXIT_OK;
  else
    {
      gboolean usage = FALSE;
      g_autoptr (PfDocument) document = build_collage (&c, rows, columns, &background, v + 1,
                                                       n - 1, &usage);
      if (document == NULL)
        result = usage ? PF_CLI_EXIT_USAGE : PF_CLI_EXIT_FAILURE;
      else if (c.save != NULL && !pf_project_save_path (document, c.save, &error))
        {
          g_printerr ("photoff-cli: %s\n", error->message);
          result = PF_CLI_EXIT_FAILURE;
        }
      else
        result = render_document (document, &o, _("collage"));
    }
  render_options_clear (&o);
  collage_options_clear (&c);
  return result;
}
