/* test-project.c — the .photoff project file: round trips, paths, validation, saving */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "pf-project.h"

/* ---- helpers ------------------------------------------------------------------------- */

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);

  if (dir != NULL)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_dir_close (dir);
      g_chmod (path, 0755);
      g_rmdir (path);
    }
  else
    {
      g_unlink (path);
    }
}

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("photoff-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static void
write_text (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

/* A document where every setting differs from its default. */
static PfDocument *
full_document (const char *photo_dir)
{
  PfDocument *document = pf_document_new ();
  PfStyle *style = pf_document_get_style (document);
  PfRgba c1 = { 0x11, 0x22, 0x33, 0x44 }, c2 = { 0xfe, 0xdc, 0xba, 0x98 };
  PfRgba c3 = { 1, 2, 3, 4 }, c4 = { 200, 100, 50, 25 };

  g_assert_true (pf_document_set_page (document, "letter", PF_ORIENTATION_LANDSCAPE, 150,
                                       NULL));
  pf_document_set_background_type (document, PF_BACKGROUND_PHOTO);
  pf_document_set_background_color (document, &c1);
  pf_document_set_gradient (document, &c2, &c3, PF_GRADIENT_DIAGONAL);
  {
    g_autofree char *bg = g_build_filename (photo_dir, "bg.jpg", NULL);
    pf_document_set_background_photo (document, bg);
  }
  pf_document_set_background_blur (document, 12.25);
  pf_document_set_layout_type (document, PF_LAYOUT_MOSAIC);
  pf_document_set_grid (document, 4, 5);
  pf_document_set_spacing (document, 17);
  pf_document_set_margin (document, 33);
  pf_document_set_mosaic_seed (document, 4000000000u);

  pf_style_set_corner_radius (style, 24);
  pf_style_set_blur (style, 0.1);
  pf_style_set_shadow_enabled (style, TRUE);
  pf_style_set_shadow_dx (style, -7);
  pf_style_set_shadow_dy (style, 9);
  pf_style_set_shadow_blur (style, 31.5);
  pf_style_set_shadow_spread (style, -2);
  pf_style_set_shadow_color (style, &c4);
  pf_style_set_stroke_width (style, 3.75);
  pf_style_set_stroke_color (style, &c2);
  pf_style_set_stroke_position (style, PF_STROKE_OUTSIDE);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("photos/p%u.jpg", i);
      g_autofree char *path = g_build_filename (photo_dir, name, NULL);
      g_autoptr(PfCell) cell = pf_cell_new (i == 1 ? NULL : path);

      pf_cell_set_fit (cell, i == 0 ? PF_FIT_CONTAIN : PF_FIT_COVER);
      pf_cell_set_pan (cell, 0.1 * (i + 1), 1.0 / 3.0);
      pf_cell_set_zoom (cell, 1.5 + i);
      pf_cell_set_rotate (cell, i == 2 ? -33.3 : 90);
      pf_cell_set_flip (cell, i == 0 ? PF_FLIP_VERTICAL : PF_FLIP_HORIZONTAL);
      pf_cell_set_span (cell, i + 1, 3 - i);
      if (i == 2)
        {
          g_autoptr(PfStyle) own = pf_style_new ();
          pf_style_set_corner_radius (own, 99);
          pf_style_set_stroke_position (own, PF_STROKE_CENTER);
          pf_cell_set_style (cell, own);
        }
      g_assert_true (pf_document_add_cell (document, cell, NULL));
    }
  return document;
}

/* Compares every setting of two documents through the public getters. */
static void
assert_documents_equal (PfDocument *a,
                        PfDocument *b)
{
  PfRgba ca, cb, fa, fb, ta, tb;
  PfGradient da, db;

  g_assert_cmpint (pf_document_get_width (a), ==, pf_document_get_width (b));
  g_assert_cmpint (pf_document_get_height (a), ==, pf_document_get_height (b));
  g_assert_cmpint (pf_document_get_dpi (a), ==, pf_document_get_dpi (b));
  g_assert_true (pf_document_get_preset (a) == pf_document_get_preset (b));
  g_assert_cmpint (pf_document_get_background_type (a), ==,
                   pf_document_get_background_type (b));
  pf_document_get_background_color (a, &ca);
  pf_document_get_background_color (b, &cb);
  g_assert_true (pf_rgba_equal (&ca, &cb));
  pf_document_get_gradient (a, &fa, &ta, &da);
  pf_document_get_gradient (b, &fb, &tb, &db);
  g_assert_true (pf_rgba_equal (&fa, &fb));
  g_assert_true (pf_rgba_equal (&ta, &tb));
  g_assert_cmpint (da, ==, db);
  g_assert_cmpstr (pf_document_get_background_photo (a), ==,
                   pf_document_get_background_photo (b));
  g_assert_cmpfloat (pf_document_get_background_blur (a), ==,
                     pf_document_get_background_blur (b));
  g_assert_cmpint (pf_document_get_layout_type (a), ==, pf_document_get_layout_type (b));
  g_assert_cmpint (pf_document_get_rows (a), ==, pf_document_get_rows (b));
  g_assert_cmpint (pf_document_get_columns (a), ==, pf_document_get_columns (b));
  g_assert_cmpint (pf_document_get_spacing (a), ==, pf_document_get_spacing (b));
  g_assert_cmpint (pf_document_get_margin (a), ==, pf_document_get_margin (b));
  g_assert_cmpuint (pf_document_get_mosaic_seed (a), ==, pf_document_get_mosaic_seed (b));
  g_assert_true (pf_style_equal (pf_document_get_style (a), pf_document_get_style (b)));

  g_assert_cmpuint (pf_document_get_n_cells (a), ==, pf_document_get_n_cells (b));
  for (guint i = 0; i < pf_document_get_n_cells (a); i++)
    {
      PfCell *x = pf_document_get_cell (a, i), *y = pf_document_get_cell (b, i);

      g_assert_cmpstr (pf_cell_get_photo (x), ==, pf_cell_get_photo (y));
      g_assert_cmpint (pf_cell_get_fit (x), ==, pf_cell_get_fit (y));
      g_assert_cmpfloat (pf_cell_get_pan_x (x), ==, pf_cell_get_pan_x (y));
      g_assert_cmpfloat (pf_cell_get_pan_y (x), ==, pf_cell_get_pan_y (y));
      g_assert_cmpfloat (pf_cell_get_zoom (x), ==, pf_cell_get_zoom (y));
      g_assert_cmpfloat (pf_cell_get_rotate (x), ==, pf_cell_get_rotate (y));
      g_assert_cmpint (pf_cell_get_flip (x), ==, pf_cell_get_flip (y));
      g_assert_cmpint (pf_cell_get_span_columns (x), ==, pf_cell_get_span_columns (y));
      g_assert_cmpint (pf_cell_get_span_rows (x), ==, pf_cell_get_span_rows (y));
      g_assert_true ((pf_cell_get_style (x) == NULL) == (pf_cell_get_style (y) == NULL));
      if (pf_cell_get_style (x) != NULL)
        g_assert_true (pf_style_equal (pf_cell_get_style (x), pf_cell_get_style (y)));
    }
}

/* ---- round trips --------------------------------------------------------------------- */

static void
test_round_trip (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *first = g_build_filename (dir, "first.photoff", NULL);
  g_autofree char *second = g_build_filename (dir, "second.photoff", NULL);
  g_autoptr(PfDocument) document = full_document (dir);
  g_autoptr(PfDocument) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text1 = NULL;
  g_autofree char *text2 = NULL;

  g_assert_true (pf_project_save_path (document, first, &error));
  g_assert_no_error (error);
  loaded = pf_project_load_path (first, &error);
  g_assert_no_error (error);
  assert_documents_equal (document, loaded);

  g_assert_true (pf_project_save_path (loaded, second, &error));
  g_assert_no_error (error);
  text1 = read_text (first);
  text2 = read_text (second);
  g_assert_cmpstr (text1, ==, text2);

  /* The file reads as people write it. */
  g_assert_nonnull (strstr (text1, "\"format\": \"photoff\""));
  g_assert_nonnull (strstr (text1, "\"version\": 1"));
  g_assert_nonnull (strstr (text1, "\"photo\": \"photos/p0.jpg\""));
  g_assert_nonnull (strstr (text1, "\"corner_radius\": 24,"));
  g_assert_nonnull (strstr (text1, "\"blur\": 0.1,"));
  g_assert_nonnull (strstr (text1, "\"span\": [1, 3]"));
  g_assert_nonnull (strstr (text1, "\"color\": \"#c8643219\""));
  g_assert_true (g_str_has_suffix (text1, "}\n"));

  remove_tree (dir);
}

static void
test_defaults_when_missing (void)
{
  const char *minimal = "{\"format\": \"photoff\", \"version\": 1}";
  g_autoptr(PfDocument) loaded = NULL;
  g_autoptr(PfDocument) fresh = pf_document_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  loaded = pf_project_load_data (minimal, strlen (minimal), NULL, &error);
  g_assert_no_error (error);
  a = pf_project_to_data (loaded, NULL, NULL);
  b = pf_project_to_data (fresh, NULL, NULL);
  g_assert_cmpstr (a, ==, b);

  /* Only a DPI: the page is A4 at that DPI. */
  {
    const char *dpi_only = "{\"format\": \"photoff\", \"version\": 1, \"page\": {\"dpi\": 150}}";
    g_autoptr(PfDocument) d = pf_project_load_data (dpi_only, strlen (dpi_only), NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (pf_document_get_width (d), ==, 1240);
    g_assert_cmpint (pf_document_get_height (d), ==, 1754);
  }
}

static void
test_design_example (void)
{
  /* The example of DESIGN.md, as it stands. */
  const char *text =
    "{\n"
    "  \"format\": \"photoff\", \"version\": 1,\n"
    "  \"page\": { \"width\": 2480, \"height\": 3508, \"dpi\": 300 },\n"
    "  \"background\": { \"type\": \"color\", \"color\": \"#ffffff\" },\n"
    "  \"layout\": { \"type\": \"grid\", \"rows\": 3, \"columns\": 2, \"spacing\": 40, "
    "\"margin\": 80 },\n"
    "  \"style\": { \"corner_radius\": 24, \"blur\": 0,\n"
    "             \"shadow\": { \"dx\": 0, \"dy\": 12, \"blur\": 24, \"color\": \"#00000066\" },\n"
    "             \"stroke\": { \"width\": 0, \"color\": \"#ffffffff\" } },\n"
    "  \"cells\": [ { \"photo\": \"photos/beach.jpg\", \"fit\": \"cover\", \"pan\": [0.5, 0.5], "
    "\"zoom\": 1.0,\n"
    "               \"rotate\": 0, \"flip\": \"none\", \"span\": [1, 1] } ]\n"
    "}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(PfDocument) document = pf_project_load_data (text, strlen (text), "/home/me/album",
                                                         &error);
  PfStyle *style;
  PfRgba color;

  g_assert_no_error (error);
  g_assert_cmpstr (pf_document_get_preset (document)->id, ==, "a4");
  style = pf_document_get_style (document);
  g_assert_cmpfloat (pf_style_get_corner_radius (style), ==, 24);
  g_assert_true (pf_style_get_shadow_enabled (style));   /* a "shadow" object is a shadow */
  g_assert_cmpint (pf_style_get_shadow_dy (style), ==, 12);
  pf_style_get_shadow_color (style, &color);
  g_assert_cmpuint (color.a, ==, 0x66);
  g_assert_cmpuint (pf_document_get_n_cells (document), ==, 1);
  g_assert_cmpstr (pf_cell_get_photo (pf_document_get_cell (document, 0)), ==,
                   "/home/me/album/photos/beach.jpg");
}

static void
test_sample_project (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                 "sample.photoff", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PfDocument) document = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("data/samples/sample.photoff not found (run through meson test)");
      return;
    }

  document = pf_project_load_path (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pf_document_get_n_cells (document), ==, 7);
  for (guint i = 0; i < 7; i++)
    {
      const char *photo = pf_cell_get_photo (pf_document_get_cell (document, i));

      g_assert_true (g_path_is_absolute (photo));
      g_assert_true (g_file_test (photo, G_FILE_TEST_IS_REGULAR));
    }
  g_assert_cmpint (pf_cell_get_span_columns (pf_document_get_cell (document, 0)), ==, 2);
}

/* ---- unknown keys -------------------------------------------------------------------- */

static void
test_unknown_keys_survive (void)
{
  const char *text =
    "{\"format\": \"photoff\", \"version\": 1, \"x-top\": {\"a\": [1, 2.5, \"three\", null]},\n"
    " \"page\": {\"width\": 1000, \"height\": 800, \"dpi\": 300, \"x-page\": \"é\\n\\\"\"},\n"
    " \"background\": {\"type\": \"color\", \"x-bg\": true},\n"
    " \"layout\": {\"type\": \"grid\", \"x-layout\": -12},\n"
    " \"style\": {\"x-style\": 1e-7, \"shadow\": {\"x-shadow\": [[]]},\n"
    "            \"stroke\": {\"x-stroke\": {}}},\n"
    " \"cells\": [{\"photo\": \"/a.jpg\", \"x-cell\": {\"deep\": {\"er\": [false]}},\n"
    "             \"style\": {\"x-cell-style\": 0.5, \"shadow\": {\"x-cs\": 1}}}],\n"
    " \"x-last\": 123456789012}\n";
  struct { const char *path; const char *json; } expect[] = {
    { "x-top", "{\"a\": [1, 2.5, \"three\", null]}" },
    { "page.x-page", "\"é\\n\\\"\"" },
    { "background.x-bg", "true" },
    { "layout.x-layout", "-12" },
    { "style.x-style", "1e-7" },
    { "style.shadow.x-shadow", "[[]]" },
    { "style.stroke.x-stroke", "{}" },
    { "cells.0.x-cell", "{\"deep\": {\"er\": [false]}}" },
    { "cells.0.style.x-cell-style", "0.5" },
    { "cells.0.style.shadow.x-cs", "1" },
    { "x-last", "123456789012" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PfDocument) document = pf_project_load_data (text, strlen (text), "/", &error);
  g_autofree char *saved = NULL;
  g_autofree char *again = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(PfDocument) reloaded = NULL;
  JsonNode *root;

  g_assert_no_error (error);
  saved = pf_project_to_data (document, "/", NULL);
  g_assert_true (json_parser_load_from_data (parser, saved, -1, &error));
  g_assert_no_error (error);
  root = json_parser_get_root (parser);

  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      g_auto(GStrv) parts = g_strsplit (expect[i].path, ".", -1);
      g_autoptr(JsonParser) want_parser = json_parser_new ();
      JsonNode *node = root;

      g_test_message ("%s", expect[i].path);
      for (guint p = 0; parts[p] != NULL; p++)
        {
          if (JSON_NODE_HOLDS_ARRAY (node))
            node = json_array_get_element (json_node_get_array (node), atoi (parts[p]));
          else
            node = json_object_get_member (json_node_get_object (node), parts[p]);
          g_assert_nonnull (node);
        }
      g_assert_true (json_parser_load_from_data (want_parser, expect[i].json, -1, &error));
      g_assert_true (json_node_equal (node, json_parser_get_root (want_parser)));
    }

  /* and a second round gives the same text */
  reloaded = pf_project_load_data (saved, strlen (saved), "/", &error);
  g_assert_no_error (error);
  again = pf_project_to_data (reloaded, "/", NULL);
  g_assert_cmpstr (saved, ==, again);

  /* Snapshots keep them too. */
  {
    g_autoptr(JsonNode) snapshot = pf_document_to_json (document);
    g_autoptr(PfDocument) restored = pf_document_new ();
    g_autofree char *restored_text = NULL;

    g_assert_true (pf_document_load_json (restored, snapshot, &error));
    restored_text = pf_project_to_data (restored, "/", NULL);
    g_assert_cmpstr (restored_text, ==, saved);
  }
}

/* ---- paths --------------------------------------------------------------------------- */

static void
test_paths_relative (void)
{
  g_autofree char *tmp = make_tmp_dir ();
  g_autofree char *a = g_build_filename (tmp, "A", NULL);
  g_autofree char *photos = g_build_filename (a, "photos", NULL);
  g_autofree char *photo = g_build_filename (photos, "b.jpg", NULL);
  g_autofree char *sibling = g_build_filename (tmp, "B", "c.jpg", NULL);
  g_autofree char *elsewhere = g_build_filename (tmp, "elsewhere", NULL);
  g_autofree char *project = g_build_filename (a, "p.photoff", NULL);
  g_autofree char *cwd = g_get_current_dir ();
  g_autoptr(PfDocument) document = pf_document_new ();
  g_autoptr(PfDocument) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpint (g_mkdir_with_parents (photos, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (elsewhere, 0755), ==, 0);
  write_text (photo, "not really a jpeg");

  {
    g_autoptr(PfCell) c1 = pf_cell_new (photo);
    g_autoptr(PfCell) c2 = pf_cell_new (sibling);
    g_autoptr(PfCell) c3 = pf_cell_new ("/usr/share/pixmaps/x.png");

    pf_document_add_cell (document, c1, NULL);
    pf_document_add_cell (document, c2, NULL);
    pf_document_add_cell (document, c3, NULL);
  }
  g_assert_true (pf_project_save_path (document, project, &error));
  g_assert_no_error (error);

  text = read_text (project);
  g_assert_nonnull (strstr (text, "\"photo\": \"photos/b.jpg\""));
  g_assert_nonnull (strstr (text, "\"photo\": \"../B/c.jpg\""));
  /* Sharing nothing but the root, a path stays absolute. */
  g_assert_nonnull (strstr (text, "\"photo\": \"/usr/share/pixmaps/x.png\""));

  /* Open it from another working directory, by a relative name. */
  g_assert_cmpint (g_chdir (elsewhere), ==, 0);
  loaded = pf_project_load_path ("../A/p.photoff", &error);
  g_assert_cmpint (g_chdir (cwd), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpstr (pf_cell_get_photo (pf_document_get_cell (loaded, 0)), ==, photo);
  g_assert_cmpstr (pf_cell_get_photo (pf_document_get_cell (loaded, 1)), ==, sibling);
  g_assert_cmpstr (pf_cell_get_photo (pf_document_get_cell (loaded, 2)), ==,
                   "/usr/share/pixmaps/x.png");

  remove_tree (tmp);
}

static void
test_paths_absolute_kept (void)
{
  const char *text =
    "{\"format\": \"photoff\", \"version\": 1, \"background\": {\"photo\": \"/srv/bg.png\"},"
    " \"cells\": [{\"photo\": \"/mnt/photos/x.jpg\"}, {\"photo\": \"sub/../y.jpg\"},"
    " {\"photo\": null}, {}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(PfDocument) document = pf_project_load_data (text, strlen (text), "/home/u/p",
                                                         &error);
  g_autofree char *saved = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (pf_document_get_background_photo (document), ==, "/srv/bg.png");
  g_assert_cmpstr (pf_cell_get_photo (pf_document_get_cell (document, 0)), ==,
                   "/mnt/photos/x.jpg");
  g_assert_cmpstr (pf_cell_get_photo (pf_document_get_cell (document, 1)), ==,
                   "/home/u/p/y.jpg");
  g_assert_null (pf_cell_get_photo (pf_document_get_cell (document, 2)));
  g_assert_null (pf_cell_get_photo (pf_document_get_cell (document, 3)));

  /* Written relative to the same folder, each comes back as it was. */
  saved = pf_project_to_data (document, "/home/u/p", NULL);
  g_assert_nonnull (strstr (saved, "\"photo\": \"/mnt/photos/x.jpg\""));
  g_assert_nonnull (strstr (saved, "\"photo\": \"y.jpg\""));
  g_assert_nonnull (strstr (saved, "\"photo\": \"/srv/bg.png\""));
}

static void
test_missing_photo_is_fine (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *project = g_build_filename (dir, "p.photoff", NULL);
  g_autofree char *expected = g_build_filename (dir, "photos", "gone.jpg", NULL);
  g_autoptr(PfDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  write_text (project, "{\"format\": \"photoff\", \"version\": 1, "
                       "\"cells\": [{\"photo\": \"photos/gone.jpg\"}]}");
  document = pf_project_load_path (project, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pf_cell_get_photo (pf_document_get_cell (document, 0)), ==, expected);
  g_assert_false (g_file_test (expected, G_FILE_TEST_EXISTS));
  remove_tree (dir);
}

/* ---- refusing bad files -------------------------------------------------------------- */

static void
test_newer_version_refused (void)
{
  const char *text = "{\"format\": \"photoff\", \"version\": 7, \"something\": \"new\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(PfDocument) document = pf_project_load_data (text, strlen (text), NULL, &error);

  g_assert_null (document);
  g_assert_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_VERSION);
  g_assert_nonnull (strstr (error->message, "7"));
  g_assert_nonnull (strstr (error->message, "newer"));
}

#define HEAD "{\"format\": \"photoff\", \"version\": 1, "

typedef struct
{
  const char *json;
  PfDocumentError code;
  const char *message;   /* a substring of the error message: the key path, mostly */
} Bad;

static const Bad bad_files[] = {
  /* not JSON */
  { "", PF_DOCUMENT_ERROR_PARSE, "empty" },
  { "   \n", PF_DOCUMENT_ERROR_PARSE, "empty" },
  { HEAD "\"page\": {\"width\": 2480", PF_DOCUMENT_ERROR_PARSE, "JSON" },   /* truncated */
  { "{\"format\": \"photoff\" \"version\": 1}", PF_DOCUMENT_ERROR_PARSE, "JSON" },
  { HEAD "\"layout\": {\"rows\": NaN}}", PF_DOCUMENT_ERROR_PARSE, "JSON" },
  { HEAD "\"cells\": [],}", PF_DOCUMENT_ERROR_PARSE, "JSON" },
  { HEAD "\"cells\": []} trailing", PF_DOCUMENT_ERROR_PARSE, "JSON" },
  { HEAD "\"x\": \"\xff\xfe\"}", PF_DOCUMENT_ERROR_PARSE, "UTF-8" },
  { HEAD "\"layout\": {\"rows\": 99999999999999999999}}", PF_DOCUMENT_ERROR_PARSE, "rows" },
  { HEAD "\"cells\": [{\"photo\": \"a\\u0000b.jpg\"}]}", PF_DOCUMENT_ERROR_PARSE, "photo" },
  /* lone surrogates: json-glib refuses a high one, or a low one that ends its text, but
   * decodes a low one inside text into bytes that are not UTF-8 (such a file would save
   * but never load again) */
  { HEAD "\"x\": \"\\ud800\"}", PF_DOCUMENT_ERROR_PARSE, "JSON" },
  { HEAD "\"x\\udcffy\": 1}", PF_DOCUMENT_ERROR_INVALID,
    "(top level): a member name is not valid Unicode" },
  { HEAD "\"x\": {\"a\\udcffb\": 1}}", PF_DOCUMENT_ERROR_INVALID, "x: a member name" },
  { HEAD "\"x\": [\"a\\udc00b\"]}", PF_DOCUMENT_ERROR_INVALID, "x[0]: text is not valid" },
  { HEAD "\"layout\": {\"note\": \"\\udc00b\"}}", PF_DOCUMENT_ERROR_INVALID, "layout.note" },
  { HEAD "\"cells\": [{\"photo\": \"\\udc00.jpg\"}]}", PF_DOCUMENT_ERROR_INVALID, "photo" },
  /* not a project */
  { "[1, 2]", PF_DOCUMENT_ERROR_INVALID, "top level" },
  { "\"photoff\"", PF_DOCUMENT_ERROR_INVALID, "top level" },
  { "{\"version\": 1}", PF_DOCUMENT_ERROR_INVALID, "format" },
  { "{\"format\": \"gimp\", \"version\": 1}", PF_DOCUMENT_ERROR_INVALID, "format" },
  { "{\"format\": \"photoff\"}", PF_DOCUMENT_ERROR_INVALID, "version" },
  { "{\"format\": \"photoff\", \"version\": \"1\"}", PF_DOCUMENT_ERROR_INVALID, "version" },
  { "{\"format\": \"photoff\", \"version\": 0}", PF_DOCUMENT_ERROR_INVALID, "version" },
  { "{\"format\": \"photoff\", \"version\": 1.5}", PF_DOCUMENT_ERROR_INVALID, "version" },
  /* page */
  { HEAD "\"page\": []}", PF_DOCUMENT_ERROR_INVALID, "page: must be an object" },
  { HEAD "\"page\": {\"width\": 1000000}}", PF_DOCUMENT_ERROR_INVALID,
    "page.width: must be an integer from 1 to 32768" },
  { HEAD "\"page\": {\"width\": 0}}", PF_DOCUMENT_ERROR_INVALID, "page.width" },
  { HEAD "\"page\": {\"height\": -3508}}", PF_DOCUMENT_ERROR_INVALID, "page.height" },
  { HEAD "\"page\": {\"width\": \"2480\"}}", PF_DOCUMENT_ERROR_INVALID, "page.width" },
  { HEAD "\"page\": {\"width\": 2480.5}}", PF_DOCUMENT_ERROR_INVALID, "page.width" },
  { HEAD "\"page\": {\"width\": 32768, \"height\": 32768}}", PF_DOCUMENT_ERROR_INVALID,
    "page: 32768 × 32768 pixels" },
  { HEAD "\"page\": {\"dpi\": 1e309}}", PF_DOCUMENT_ERROR_INVALID, "page.dpi" },
  { HEAD "\"page\": {\"dpi\": 71}}", PF_DOCUMENT_ERROR_INVALID, "page.dpi" },
  /* background */
  { HEAD "\"background\": {\"type\": \"video\"}}", PF_DOCUMENT_ERROR_INVALID,
    "background.type: must be one of “color”, “gradient”, “photo”" },
  { HEAD "\"background\": {\"color\": \"#12345\"}}", PF_DOCUMENT_ERROR_INVALID,
    "background.color" },
  { HEAD "\"background\": {\"color\": 16777215}}", PF_DOCUMENT_ERROR_INVALID,
    "background.color" },
  { HEAD "\"background\": {\"gradient_to\": \"white\"}}", PF_DOCUMENT_ERROR_INVALID,
    "background.gradient_to" },
  { HEAD "\"background\": {\"gradient_direction\": \"up\"}}", PF_DOCUMENT_ERROR_INVALID,
    "background.gradient_direction" },
  { HEAD "\"background\": {\"photo\": \"\"}}", PF_DOCUMENT_ERROR_INVALID, "background.photo" },
  { HEAD "\"background\": {\"blur\": -1e309}}", PF_DOCUMENT_ERROR_INVALID, "background.blur" },
  /* layout */
  { HEAD "\"layout\": {\"rows\": 0}}", PF_DOCUMENT_ERROR_INVALID,
    "layout.rows: must be an integer from 1 to 50" },
  { HEAD "\"layout\": {\"columns\": 51}}", PF_DOCUMENT_ERROR_INVALID, "layout.columns" },
  { HEAD "\"layout\": {\"columns\": null}}", PF_DOCUMENT_ERROR_INVALID, "layout.columns" },
  { HEAD "\"layout\": {\"spacing\": -1}}", PF_DOCUMENT_ERROR_INVALID, "layout.spacing" },
  { HEAD "\"layout\": {\"margin\": 1e300}}", PF_DOCUMENT_ERROR_INVALID, "layout.margin" },
  { HEAD "\"layout\": {\"type\": \"spiral\"}}", PF_DOCUMENT_ERROR_INVALID,
    "layout.type: must be one of “grid”, “mosaic”" },
  { HEAD "\"layout\": {\"seed\": -1}}", PF_DOCUMENT_ERROR_INVALID, "layout.seed" },
  { HEAD "\"layout\": {\"seed\": 4294967296}}", PF_DOCUMENT_ERROR_INVALID, "layout.seed" },
  /* style */
  { HEAD "\"style\": 5}", PF_DOCUMENT_ERROR_INVALID, "style: must be an object" },
  { HEAD "\"style\": {\"corner_radius\": -1}}", PF_DOCUMENT_ERROR_INVALID,
    "style.corner_radius" },
  { HEAD "\"style\": {\"blur\": \"soft\"}}", PF_DOCUMENT_ERROR_INVALID, "style.blur" },
  { HEAD "\"style\": {\"shadow\": {\"color\": \"black\"}}}", PF_DOCUMENT_ERROR_INVALID,
    "style.shadow.color" },
  { HEAD "\"style\": {\"shadow\": {\"enabled\": \"yes\"}}}", PF_DOCUMENT_ERROR_INVALID,
    "style.shadow.enabled" },
  { HEAD "\"style\": {\"shadow\": {\"dx\": 1e9}}}", PF_DOCUMENT_ERROR_INVALID,
    "style.shadow.dx" },
  { HEAD "\"style\": {\"shadow\": {\"spread\": 1001}}}", PF_DOCUMENT_ERROR_INVALID,
    "style.shadow.spread" },
  { HEAD "\"style\": {\"stroke\": {\"position\": \"middle\"}}}", PF_DOCUMENT_ERROR_INVALID,
    "style.stroke.position" },
  { HEAD "\"style\": {\"stroke\": {\"width\": -0.5}}}", PF_DOCUMENT_ERROR_INVALID,
    "style.stroke.width" },
  { HEAD "\"style\": {\"stroke\": []}}", PF_DOCUMENT_ERROR_INVALID, "style.stroke" },
  /* cells */
  { HEAD "\"cells\": {}}", PF_DOCUMENT_ERROR_INVALID, "cells: must be an array" },
  { HEAD "\"cells\": [5]}", PF_DOCUMENT_ERROR_INVALID, "cells[0]: must be an object" },
  { HEAD "\"cells\": [{\"zoom\": 0.5}]}", PF_DOCUMENT_ERROR_INVALID, "cells[0].zoom" },
  { HEAD "\"cells\": [{\"zoom\": true}]}", PF_DOCUMENT_ERROR_INVALID, "cells[0].zoom" },
  { HEAD "\"cells\": [{}, {\"pan\": [0.5]}]}", PF_DOCUMENT_ERROR_INVALID, "cells[1].pan" },
  { HEAD "\"cells\": [{\"pan\": [0.5, 1.5]}]}", PF_DOCUMENT_ERROR_INVALID, "cells[0].pan" },
  { HEAD "\"cells\": [{\"pan\": \"center\"}]}", PF_DOCUMENT_ERROR_INVALID, "cells[0].pan" },
  { HEAD "\"cells\": [{\"span\": [0, 1]}]}", PF_DOCUMENT_ERROR_INVALID, "cells[0].span" },
  { HEAD "\"cells\": [{\"span\": [1.5, 1]}]}", PF_DOCUMENT_ERROR_INVALID, "cells[0].span" },
  { HEAD "\"cells\": [{\"fit\": \"stretch\"}]}", PF_DOCUMENT_ERROR_INVALID, "cells[0].fit" },
  { HEAD "\"cells\": [{\"flip\": 1}]}", PF_DOCUMENT_ERROR_INVALID, "cells[0].flip" },
  { HEAD "\"cells\": [{\"rotate\": 1e400}]}", PF_DOCUMENT_ERROR_INVALID, "cells[0].rotate" },
  { HEAD "\"cells\": [{\"rotate\": 361}]}", PF_DOCUMENT_ERROR_INVALID, "cells[0].rotate" },
  { HEAD "\"cells\": [{\"photo\": 42}]}", PF_DOCUMENT_ERROR_INVALID, "cells[0].photo" },
  { HEAD "\"cells\": [{\"photo\": \"\"}]}", PF_DOCUMENT_ERROR_INVALID, "cells[0].photo" },
  { HEAD "\"cells\": [{\"style\": {\"blur\": 5000}}]}", PF_DOCUMENT_ERROR_INVALID,
    "cells[0].style.blur" },
  { HEAD "\"cells\": [{\"style\": [1]}]}", PF_DOCUMENT_ERROR_INVALID, "cells[0].style" },
  /* unknown members must still be writable JSON */
  { HEAD "\"x-extra\": {\"n\": [1e999]}}", PF_DOCUMENT_ERROR_INVALID, "x-extra.n[0]" },
};

static void
test_malformed (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      const Bad *bad = &bad_files[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(PfDocument) document = NULL;

      {
        g_autofree char *shown = g_strescape (bad->json, NULL);
        g_test_message ("%s", shown);
      }
      document = pf_project_load_data (bad->json, strlen (bad->json), "/base", &error);
      g_assert_null (document);
      g_assert_nonnull (error);
      g_test_message ("→ %s", error->message);
      g_assert_error (error, PF_DOCUMENT_ERROR, bad->code);
      g_assert_nonnull (strstr (error->message, bad->message));
    }
}

static void
test_malformed_structure (void)
{
  g_autoptr(GString) text = g_string_new (HEAD "\"cells\": [");
  g_autoptr(GError) error = NULL;
  g_autoptr(PfDocument) document = NULL;

  /* 1001 cells */
  for (guint i = 0; i < 1001; i++)
    g_string_append (text, i > 0 ? ", {}" : "{}");
  g_string_append (text, "]}");
  document = pf_project_load_data (text->str, text->len, NULL, &error);
  g_assert_null (document);
  g_assert_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "cells"));
  g_assert_nonnull (strstr (error->message, "1000"));
  g_clear_error (&error);

  /* 1000 are fine */
  g_string_assign (text, HEAD "\"cells\": [");
  for (guint i = 0; i < 1000; i++)
    g_string_append (text, i > 0 ? ", {}" : "{}");
  g_string_append (text, "]}");
  document = pf_project_load_data (text->str, text->len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pf_document_get_n_cells (document), ==, 1000);
  g_clear_object (&document);

  /* Deep nesting (which would overflow json-glib's stack) is refused up front. */
  g_string_assign (text, HEAD "\"x-deep\": ");
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (text, ']');
  g_string_append (text, "}");
  document = pf_project_load_data (text->str, text->len, NULL, &error);
  g_assert_null (document);
  g_assert_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "x-deep"));
  g_assert_nonnull (strstr (error->message, "nested"));
  g_clear_error (&error);

  /* A NUL byte in the file */
  {
    const char with_nul[] = "{\"format\": \"photoff\",\0 \"version\": 1}";
    document = pf_project_load_data (with_nul, sizeof with_nul - 1, NULL, &error);
    g_assert_null (document);
    g_assert_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_PARSE);
    g_assert_nonnull (strstr (error->message, "NUL"));
    g_clear_error (&error);
  }

  /* Errors from a file name it. */
  {
    g_autofree char *dir = make_tmp_dir ();
    g_autofree char *path = g_build_filename (dir, "bad.photoff", NULL);
    g_autofree char *missing = g_build_filename (dir, "missing.photoff", NULL);

    write_text (path, HEAD "\"layout\": {\"rows\": 0}}");
    document = pf_project_load_path (path, &error);
    g_assert_null (document);
    g_assert_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "bad.photoff"));
    g_assert_nonnull (strstr (error->message, "layout.rows"));
    g_clear_error (&error);

    document = pf_project_load_path (missing, &error);
    g_assert_null (document);
    g_assert_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_IO);
    g_assert_nonnull (strstr (error->message, "missing.photoff"));
    g_clear_error (&error);
    remove_tree (dir);
  }
}

/* ---- saving -------------------------------------------------------------------------- */

static guint
count_entries (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  g_dir_close (d);
  return n;
}

static void
test_save_failure_keeps_file_subprocess (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "p.photoff", NULL);
  g_autoptr(PfDocument) small = pf_document_new ();
  g_autoptr(PfDocument) big = pf_document_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  struct rlimit limit = { 8192, 8192 };

  g_assert_true (pf_project_save_path (small, path, &error));
  before = read_text (path);
  g_assert_cmpuint (strlen (before), <, 8192);

  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(PfCell) cell = pf_cell_new ("/some/photo/with/a/long/name.jpg");
      pf_document_add_cell (big, cell, NULL);
    }

  /* Writes beyond 8 KiB now fail (EFBIG), even for root: the new text cannot be written
   * completely, and the old file must survive. */
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  g_assert_false (pf_project_save_path (big, path, &error));
  g_assert_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "p.photoff"));

  after = read_text (path);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (count_entries (dir), ==, 1);   /* no temporary file left behind */
  remove_tree (dir);
}

static void
test_save_failure_keeps_file (void)
{
  g_test_trap_subprocess ("/project/save/failure-keeps-the-old-file/subprocess", 0,
                          G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_save_read_only_dir (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(PfDocument) document = pf_document_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (geteuid () == 0)
    {
      g_test_skip ("root writes into read-only folders (the rlimit test covers failure)");
      return;
    }

  dir = make_tmp_dir ();
  path = g_build_filename (dir, "p.photoff", NULL);
  g_assert_true (pf_project_save_path (document, path, &error));
  before = read_text (path);

  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
  pf_document_set_grid (document, 5, 5);
  g_assert_false (pf_project_save_path (document, path, &error));
  g_assert_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_IO);
  after = read_text (path);
  g_assert_cmpstr (after, ==, before);

  g_chmod (dir, 0755);
  remove_tree (dir);
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
  PfDocument *document;
} AsyncResult;

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  AsyncResult *r = user_data;

  r->ok = pf_project_save_finish (result, &r->error);
  r->done = TRUE;
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncResult *r = user_data;

  r->document = pf_project_load_finish (result, &r->error);
  r->done = TRUE;
}

static void
test_save_and_load_async (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "async.photoff", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.photoff", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing);
  g_autoptr(PfDocument) document = full_document (dir);
  g_autoptr(PfDocument) expected = full_document (dir);
  AsyncResult saved = { 0 }, loaded = { 0 }, failed = { 0 };

  pf_project_save_async (document, file, NULL, on_saved, &saved);
  /* The text is taken at the call: an edit made meanwhile is not in this save. */
  pf_document_set_spacing (document, 1);
  while (!saved.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (saved.error);
  g_assert_true (saved.ok);

  pf_project_load_async (file, NULL, on_loaded, &loaded);
  while (!loaded.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (loaded.error);
  assert_documents_equal (expected, loaded.document);
  g_object_unref (loaded.document);

  pf_project_load_async (missing_file, NULL, on_loaded, &failed);
  while (!failed.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (failed.document);
  g_assert_error (failed.error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_IO);
  g_clear_error (&failed.error);

  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/project/round-trip/identical-text-and-fields", test_round_trip);
  g_test_add_func ("/project/round-trip/missing-keys-take-defaults", test_defaults_when_missing);
  g_test_add_func ("/project/round-trip/design-example-loads", test_design_example);
  g_test_add_func ("/project/round-trip/sample-project-loads", test_sample_project);
  g_test_add_func ("/project/unknown-keys/survive-at-every-level", test_unknown_keys_survive);
  g_test_add_func ("/project/paths/relative-to-the-project", test_paths_relative);
  g_test_add_func ("/project/paths/absolute-kept", test_paths_absolute_kept);
  g_test_add_func ("/project/paths/missing-photo-is-not-an-error", test_missing_photo_is_fine);
  g_test_add_func ("/project/refuse/newer-version", test_newer_version_refused);
  g_test_add_func ("/project/refuse/malformed-values-name-their-key", test_malformed);
  g_test_add_func ("/project/refuse/too-many-cells-deep-nesting-nul",
                   test_malformed_structure);
  g_test_add_func ("/project/save/failure-keeps-the-old-file", test_save_failure_keeps_file);
  g_test_add_func ("/project/save/failure-keeps-the-old-file/subprocess",
                   test_save_failure_keeps_file_subprocess);
  g_test_add_func ("/project/save/read-only-folder", test_save_read_only_dir);
  g_test_add_func ("/project/save/async", test_save_and_load_async);

  return g_test_run ();
}
