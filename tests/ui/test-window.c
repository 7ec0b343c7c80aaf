/* test-window.c — the editor window driven through its actions and controls
 *
 * Runs the application in-process under a display (tools/test.sh gives it Xvfb and a
 * session bus), opens projects, changes them through the panels' widgets and the
 * window's actions, waits for the render thread with a bounded main-loop helper, and
 * checks the document, the preview texture's pixels and the files written.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "app/pf-image-io.h"
#include "app/pf-page.h"
#include "app/pf-project.h"
#include "app/pf-renderer.h"
#include "ui/pf-autosave.h"
#include "ui/pf-export-dialog.h"
#include "ui/pf-window-private.h"

#define TIMEOUT_S 20

static PfApplication *app;
static char *tmpdir;

/* ---- Waiting without hanging --------------------------------------------------------- */

typedef gboolean (*Condition) (gpointer data);

/* Runs the main loop until @condition holds; fails the test after TIMEOUT_S seconds. */
static void
wait_until (Condition   condition,
            gpointer    data,
            const char *what)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_S * G_TIME_SPAN_SECOND;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out after %d s waiting for %s", TIMEOUT_S, what);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
}

/* Lets pending idles run (history batches, render specs) for a little while. */
static void
run_idles (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static gboolean
render_settled (gpointer data)
{
  PfWindow *window = data;

  return window->render_idle == 0 && window->spec != NULL && !window->render_waiting &&
         pf_canvas_get_preview_scale (window->canvas) > 0 &&
         pf_render_worker_get_completed (window->worker) > 0 &&
         !pf_render_worker_get_busy (window->worker) &&
         pf_canvas_get_texture (window->canvas) != NULL;
}

static void
wait_for_render (PfWindow *window)
{
  /* Let the change reach the render idle first, then the worker. */
  run_idles (20);
  wait_until (render_settled, window, "the preview to be rendered");
}

static gboolean
document_loaded (gpointer data)
{
  PfWindow *window = data;

  return window->file != NULL;
}

/* ---- Fixtures ------------------------------------------------------------------------ */

static char *
write_photo (const char *name,
             int         width,
             int         height,
             guint8      r,
             guint8      g,
             guint8      b)
{
  g_autoptr(PfBitmap) bitmap = pf_bitmap_new (width, height, NULL);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmpdir, name, NULL);

  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      bitmap->data[i * 4 + 0] = r;
      bitmap->data[i * 4 + 1] = g;
      bitmap->data[i * 4 + 2] = b;
      bitmap->data[i * 4 + 3] = 255;
    }
  pf_image_save_png (bitmap, path, NULL, &error);
  g_assert_no_error (error);
  return path;
}

/* A 600 × 400 page at 100 DPI, white, 40 px margin, 20 px spacing, one row of two cells
 * showing @first and @second (relative paths): cell 0 covers x 40..290, cell 1 x 310..560,
 * both y 40..360. No effects. */
static char *
write_project (const char *name,
               const char *first,
               const char *second)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmpdir, name, NULL);

  text = g_strdup_printf (
    "{ \"format\": \"photoff\", \"version\": 1,\n"
    "  \"page\": { \"width\": 600, \"height\": 400, \"dpi\": 100 },\n"
    "  \"background\": { \"type\": \"color\", \"color\": \"#ffffff\" },\n"
    "  \"layout\": { \"type\": \"grid\", \"rows\": 1, \"columns\": 2, \"spacing\": 20,"
    " \"margin\": 40 },\n"
    "  \"style\": { \"corner_radius\": 0, \"blur\": 0 },\n"
    "  \"cells\": [ { \"photo\": \"%s\" }, { \"photo\": \"%s\" } ] }\n",
    first, second);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* write_project() with a red and (unless @second_photo says otherwise) a blue photo. */
static char *
write_two_cell_project (const char *name,
                        const char *second_photo)
{
  g_autofree char *red = write_photo ("red.png", 300, 200, 255, 0, 0);
  g_autofree char *blue = write_photo ("blue.png", 200, 300, 0, 0, 255);

  return write_project (name, "red.png", second_photo != NULL ? second_photo : "blue.png");
}

static PfWindow *
open_window (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  PfWindow *window = pf_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  pf_window_open_file (window, file);
  wait_until (document_loaded, window, "the project to load");
  wait_for_render (window);
  return window;
}

static void
close_window (PfWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  run_idles (10);
}

static void
activate (PfWindow   *window,
          const char *action)
{
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), action));
  g_action_group_activate_action (G_ACTION_GROUP (window), action, NULL);
}

/* A page point's colour in the preview (straight RGBA, from the texture's pixels). */
static void
preview_pixel (PfWindow *window,
               double    page_x,
               double    page_y,
               guint8    rgba[4])
{
  GdkTexture *texture = pf_canvas_get_texture (window->canvas);
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  int x = (int) (page_x * width / window->spec->width);
  int y = (int) (page_y * height / window->spec->height);
  g_autofree guint8 *data = g_malloc ((gsize) width * height * 4);
  const guint8 *p;

  /* gdk_texture_download() gives cairo's ARGB32: native-endian 32-bit words. */
  gdk_texture_download (texture, data, (gsize) width * 4);
  p = data + ((gsize) y * width + x) * 4;
  if (G_BYTE_ORDER == G_LITTLE_ENDIAN)
    {
      rgba[0] = p[2], rgba[1] = p[1], rgba[2] = p[0], rgba[3] = p[3];
    }
  else
    {
      rgba[0] = p[1], rgba[1] = p[2], rgba[2] = p[3], rgba[3] = p[0];
    }
}

static void
assert_preview_color (PfWindow *window,
                      double    page_x,
                      double    page_y,
                      guint8    r,
                      guint8    g,
                      guint8    b)
{
  guint8 p[4];

  preview_pixel (window, page_x, page_y, p);
  if (ABS (p[0] - r) > 8 || ABS (p[1] - g) > 8 || ABS (p[2] - b) > 8 || p[3] < 247)
    g_error ("preview at page (%.0f, %.0f) is %u,%u,%u,%u; expected %u,%u,%u",
             page_x, page_y, p[0], p[1], p[2], p[3], r, g, b);
}

static JsonNode *
snapshot (PfDocument *document)
{
  return pf_document_to_json (document);
}

/* ---- Tests --------------------------------------------------------------------------- */

static void
test_new_window_has_an_empty_grid (void)
{
  PfWindow *window = pf_window_new (app);
  PfDocument *document = pf_window_get_document (window);

  gtk_window_present (GTK_WINDOW (window));
  wait_for_render (window);

  g_assert_cmpuint (pf_document_get_n_cells (document), ==,
                    pf_document_get_rows (document) * pf_document_get_columns (document));
  for (guint i = 0; i < pf_document_get_n_cells (document); i++)
    g_assert_null (pf_cell_get_photo (pf_document_get_cell (document, i)));
  g_assert_null (pf_window_get_file (window));
  g_assert_true (pf_window_is_pristine (window));
  g_assert_cmpstr (gtk_label_get_text (window->title_label), ==, "Untitled Collage");
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "undo"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "redo"));

  /* The status names the backend the worker renders on. */
  g_assert_nonnull (pf_render_worker_get_description (window->worker));
  g_assert_cmpstr (gtk_label_get_text (window->backend_label), ==,
                   pf_render_worker_get_description (window->worker));

  close_window (window);
}

static void
test_preview_shows_the_page (void)
{
  g_autofree char *path = write_two_cell_project ("preview.photoff", NULL);
  PfWindow *window = open_window (path);
  GdkTexture *texture = pf_canvas_get_texture (window->canvas);

  /* The preview is the page's shape, never more pixels than the page has. */
  g_assert_cmpint (gdk_texture_get_width (texture), <=, 600);
  g_assert_cmpint (ABS (gdk_texture_get_width (texture) * 400 -
                        gdk_texture_get_height (texture) * 600), <=, 600);

  assert_preview_color (window, 165, 200, 255, 0, 0);     /* cell 0 */
  assert_preview_color (window, 435, 200, 0, 0, 255);     /* cell 1 */
  assert_preview_color (window, 20, 200, 255, 255, 255);  /* margin */
  assert_preview_color (window, 300, 200, 255, 255, 255); /* spacing */
  g_assert_false (gtk_info_bar_get_revealed (window->missing_bar));

  close_window (window);
}

static void
test_panel_controls_change_the_document (void)
{
  g_autofree char *path = write_two_cell_project ("controls.photoff", NULL);
  PfWindow *window = open_window (path);
  PfDocument *document = pf_window_get_document (window);
  PfStyle *style = pf_document_get_style (document);
  GtkWidget *panel = GTK_WIDGET (window->layout_panel);
  GtkSpinButton *rows_spin, *columns_spin, *radius_spin;
  GtkDropDown *preset_dropdown;
  const PfPagePreset *presets;
  guint n_presets, square = 0;
  int width, height;

  rows_spin = GTK_SPIN_BUTTON (gtk_widget_get_template_child (panel, PF_TYPE_LAYOUT_PANEL,
                                                              "rows_spin"));
  columns_spin = GTK_SPIN_BUTTON (gtk_widget_get_template_child (panel, PF_TYPE_LAYOUT_PANEL,
                                                                 "columns_spin"));
  preset_dropdown = GTK_DROP_DOWN (gtk_widget_get_template_child (panel, PF_TYPE_LAYOUT_PANEL,
                                                                  "preset_dropdown"));
  radius_spin = GTK_SPIN_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (window->style_panel),
                                                                PF_TYPE_STYLE_PANEL,
                                                                "radius_spin"));

  /* The controls show the project's values. */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (rows_spin), ==, 1);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (columns_spin), ==, 2);

  /* Two rows of one column: red above blue. */
  gtk_spin_button_set_value (rows_spin, 2);
  gtk_spin_button_set_value (columns_spin, 1);
  g_assert_cmpint (pf_document_get_rows (document), ==, 2);
  g_assert_cmpint (pf_document_get_columns (document), ==, 1);
  wait_for_render (window);
  assert_preview_color (window, 300, 100, 255, 0, 0);
  assert_preview_color (window, 300, 300, 0, 0, 255);

  /* Corner radius: the cell's corner pixel becomes background. */
  assert_preview_color (window, 43, 43, 255, 0, 0);
  gtk_spin_button_set_value (radius_spin, 60);
  g_assert_cmpfloat (pf_style_get_corner_radius (style), ==, 60);
  wait_for_render (window);
  assert_preview_color (window, 43, 43, 255, 255, 255);
  assert_preview_color (window, 300, 100, 255, 0, 0);

  /* Blur through the style: the document follows, and so does the panel. */
  pf_style_set_blur (style, 4);
  g_assert_cmpfloat (gtk_spin_button_get_value (
                       GTK_SPIN_BUTTON (gtk_widget_get_template_child (
                         GTK_WIDGET (window->style_panel), PF_TYPE_STYLE_PANEL, "blur_spin"))),
                     ==, 4);

  /* A page preset from the dropdown: 8 × 8 in at 100 DPI is 800 × 800, and the preview
   * turns square. */
  presets = pf_page_presets (&n_presets);
  for (guint i = 0; i < n_presets; i++)
    if (g_str_equal (presets[i].id, "square-8"))
      square = i;
  gtk_drop_down_set_selected (preset_dropdown, square);
  g_assert_true (pf_page_preset_get_size (&presets[square], PF_ORIENTATION_PORTRAIT, 100,
                                          &width, &height));
  g_assert_cmpint (pf_document_get_width (document), ==, width);
  g_assert_cmpint (pf_document_get_height (document), ==, height);
  wait_for_render (window);
  g_assert_cmpint (gdk_texture_get_width (pf_canvas_get_texture (window->canvas)), ==,
                   gdk_texture_get_height (pf_canvas_get_texture (window->canvas)));

  g_assert_true (pf_history_get_modified (window->history));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (window->title_label), "• "));

  /* Throw the changes away without a question. */
  pf_history_mark_saved (window->history);
  close_window (window);
}

static void
test_undo_restores_and_coalesces_slider_drags (void)
{
  g_autofree char *path = write_two_cell_project ("undo.photoff", NULL);
  PfWindow *window = open_window (path);
  PfDocument *document = pf_window_get_document (window);
  PfStyle *style = pf_document_get_style (document);
  g_autoptr(JsonNode) original = snapshot (document);
  GtkAdjustment *radius;

  radius = GTK_ADJUSTMENT (gtk_widget_get_template_child (GTK_WIDGET (window->style_panel),
                                                          PF_TYPE_STYLE_PANEL,
                                                          "radius_adjustment"));

  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "undo"));

  /* A slider drag: many values, one after another, quickly. */
  for (int v = 5; v <= 50; v += 5)
    {
      gtk_adjustment_set_value (radius, v);
      run_idles (5);
    }
  g_assert_cmpfloat (pf_style_get_corner_radius (style), ==, 50);
  run_idles (20);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "undo"));

  /* Then, later, another control. */
  run_idles (PF_HISTORY_COALESCE_MS + 100);
  pf_document_set_grid (document, 1, 2);
  run_idles (20);

  activate (window, "undo");
  g_assert_cmpint (pf_document_get_rows (document), ==, 1);
  g_assert_cmpfloat (pf_style_get_corner_radius (style), ==, 50);

  /* The whole drag is one step. */
  activate (window, "undo");
  g_assert_cmpfloat (pf_style_get_corner_radius (style), ==, 0);
  g_assert_cmpfloat (gtk_adjustment_get_value (radius), ==, 0);
  {
    g_autoptr(JsonNode) now = snapshot (document);
    g_assert_true (json_node_equal (now, original));
  }
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "undo"));
  g_assert_false (pf_history_get_modified (window->history));

  activate (window, "redo");
  g_assert_cmpfloat (pf_style_get_corner_radius (style), ==, 50);
  activate (window, "redo");
  g_assert_cmpint (pf_document_get_rows (document), ==, 2);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "redo"));

  /* The preview follows undo too. */
  wait_for_render (window);
  assert_preview_color (window, 43, 43, 255, 255, 255);

  pf_history_mark_saved (window->history);
  close_window (window);
}

static void
test_background_color_changes_the_preview (void)
{
  g_autofree char *path = write_two_cell_project ("background.photoff", NULL);
  PfWindow *window = open_window (path);
  PfDocument *document = pf_window_get_document (window);
  PfRgba green = { 0, 200, 0, 255 };

  pf_document_set_background_color (document, &green);
  wait_for_render (window);
  assert_preview_color (window, 20, 20, 0, 200, 0);
  assert_preview_color (window, 165, 200, 255, 0, 0);

  activate (window, "undo");
  wait_for_render (window);
  assert_preview_color (window, 20, 20, 255, 255, 255);

  close_window (window);
}

static gboolean
not_saving (gpointer data)
{
  return !PF_WINDOW (data)->saving;
}

static void
test_save_writes_what_loads_back (void)
{
  const char *sample = g_test_get_filename (G_TEST_DIST, "..", "data", "samples",
                                            "sample.photoff", NULL);
  g_autofree char *saved = g_build_filename (tmpdir, "saved.photoff", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (saved);
  g_autoptr(PfDocument) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) expected = NULL;
  g_autoptr(JsonNode) actual = NULL;
  PfWindow *window;
  PfDocument *document;

  if (!g_file_test (sample, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("data/samples/sample.photoff is missing");
      return;
    }

  window = open_window (sample);
  document = pf_window_get_document (window);
  g_assert_cmpuint (pf_document_get_n_cells (document), >, 0);
  g_assert_false (gtk_info_bar_get_revealed (window->missing_bar));

  pf_style_set_corner_radius (pf_document_get_style (document), 77);
  pf_document_set_margin (document, 123);
  run_idles (20);
  g_assert_true (pf_history_get_modified (window->history));

  pf_window_save_to (window, file);
  wait_until (not_saving, window, "the save to finish");
  g_assert_false (pf_history_get_modified (window->history));
  g_assert_true (g_file_equal (pf_window_get_file (window), file));
  g_assert_cmpstr (gtk_label_get_text (window->title_label), ==, "saved.photoff");

  loaded = pf_project_load_path (saved, &error);
  g_assert_no_error (error);
  expected = snapshot (document);
  actual = snapshot (loaded);
  g_assert_true (json_node_equal (expected, actual));
  g_assert_cmpfloat (pf_style_get_corner_radius (pf_document_get_style (loaded)), ==, 77);

  /* Save (Ctrl+S) now writes to the same file without asking. */
  pf_document_set_margin (document, 124);
  run_idles (20);
  activate (window, "save");
  wait_until (not_saving, window, "the second save to finish");
  g_clear_object (&loaded);
  loaded = pf_project_load_path (saved, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pf_document_get_margin (loaded), ==, 124);

  close_window (window);
}

typedef struct
{
  PfWindow *window;
  double x, y;
  guint8 rgb[3];
} PixelWanted;

static gboolean
preview_pixel_is (gpointer data)
{
  PixelWanted *want = data;
  guint8 p[4];

  if (!render_settled (want->window))
    return FALSE;
  preview_pixel (want->window, want->x, want->y, p);
  return ABS (p[0] - want->rgb[0]) <= 2 && ABS (p[1] - want->rgb[1]) <= 2 &&
         ABS (p[2] - want->rgb[2]) <= 2;
}

/* A photo saved again from another program, or one that appears where the project
 * expected it, shows without touching the editor. */
static void
test_photos_changed_on_disk_are_redrawn (void)
{
  g_autofree char *photo = write_photo ("ondisk.png", 300, 200, 255, 0, 0);
  g_autofree char *later = g_build_filename (tmpdir, "later.png", NULL);
  g_autofree char *path = NULL;
  PfWindow *window;
  PixelWanted want = { 0 };

  g_remove (later);
  path = write_project ("ondisk.photoff", "ondisk.png", "later.png");
  window = open_window (path);
  assert_preview_color (window, 165, 200, 255, 0, 0);
  g_assert_true (gtk_info_bar_get_revealed (window->missing_bar));

  /* saved again, green and at another size */
  g_free (write_photo ("ondisk.png", 240, 320, 0, 255, 0));
  want = (PixelWanted) { window, 165, 200, { 0, 255, 0 } };
  wait_until (preview_pixel_is, &want, "the rewritten photo to show");

  /* the missing one turns up */
  g_free (write_photo ("later.png", 200, 300, 0, 0, 255));
  want = (PixelWanted) { window, 435, 200, { 0, 0, 255 } };
  wait_until (preview_pixel_is, &want, "the new photo to show");
  g_assert_false (gtk_info_bar_get_revealed (window->missing_bar));

  close_window (window);
}

static void
test_missing_photos_show_a_banner_and_keep_their_paths (void)
{
  g_autofree char *path = write_two_cell_project ("missing.photoff", "gone/holiday.jpg");
  g_autofree char *gone = g_build_filename (tmpdir, "gone", "holiday.jpg", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PfDocument) loaded = NULL;
  g_autoptr(GError) error = NULL;
  PfWindow *window = open_window (path);

  g_assert_true (gtk_info_bar_get_revealed (window->missing_bar));
  g_assert_nonnull (strstr (gtk_label_get_text (window->missing_label), "holiday.jpg"));
  /* The missing cell is a placeholder, not blue and not background. */
  {
    guint8 p[4];

    preview_pixel (window, 435, 200, p);
    g_assert_false (p[0] == 255 && p[1] == 255 && p[2] == 255);
    g_assert_false (p[2] > 200 && p[0] < 50);
  }
  assert_preview_color (window, 165, 200, 255, 0, 0);

  /* Saving again keeps the path it could not read. */
  pf_document_set_spacing (pf_window_get_document (window), 30);
  run_idles (20);
  activate (window, "save");
  wait_until (not_saving, window, "the save to finish");
  loaded = pf_project_load_path (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pf_cell_get_photo (pf_document_get_cell (loaded, 1)), ==, gone);

  close_window (window);
}

typedef struct
{
  gboolean done;
  char *path;
  char *error;
} ExportResult;

static void
on_export_finished (PfExportDialog *dialog,
                    const char     *path,
                    const char     *error,
                    ExportResult   *result)
{
  result->done = TRUE;
  result->path = g_strdup (path);
  result->error = g_strdup (error);
}

static gboolean
export_done (gpointer data)
{
  return ((ExportResult *) data)->done;
}

static void
export_result_clear (ExportResult *result)
{
  g_clear_pointer (&result->path, g_free);
  g_clear_pointer (&result->error, g_free);
  result->done = FALSE;
}

static void
test_export_writes_the_page_at_its_dpi (void)
{
  g_autofree char *path = write_two_cell_project ("export.photoff", NULL);
  g_autofree char *png = g_build_filename (tmpdir, "export.png", NULL);
  g_autofree char *half = g_build_filename (tmpdir, "export-half.png", NULL);
  g_autoptr(GFile) png_file = g_file_new_for_path (png);
  g_autoptr(GFile) half_file = g_file_new_for_path (half);
  g_autoptr(PfBitmap) bitmap = NULL;
  g_autoptr(GError) error = NULL;
  ExportResult result = { 0 };
  PfWindow *window = open_window (path);
  PfExportDialog *dialog;

  dialog = pf_export_dialog_new (window);
  g_signal_connect (dialog, "finished", G_CALLBACK (on_export_finished), &result);
  gtk_window_present (GTK_WINDOW (dialog));
  pf_export_dialog_set_file (dialog, png_file);
  pf_export_dialog_start (dialog);
  g_assert_true (pf_export_dialog_get_running (dialog));
  wait_until (export_done, &result, "the export to finish");
  g_assert_null (result.error);
  g_assert_cmpstr (result.path, ==, png);

  bitmap = pf_image_load (png, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bitmap->width, ==, 600);
  g_assert_cmpint (bitmap->height, ==, 400);
  g_assert_cmpfloat_with_epsilon (bitmap->dpi, 100, 0.5);
  /* Full resolution: the cells' edges are where the layout put them. */
  g_assert_cmpint (bitmap->data[(200 * bitmap->stride) + 41 * 4 + 0], ==, 255);
  g_assert_cmpint (bitmap->data[(200 * bitmap->stride) + 38 * 4 + 2], ==, 255);
  g_assert_cmpint (bitmap->data[(200 * bitmap->stride) + 38 * 4 + 1], ==, 255);
  g_assert_cmpint (bitmap->data[(200 * bitmap->stride) + 320 * 4 + 2], ==, 255);
  g_assert_cmpint (bitmap->data[(200 * bitmap->stride) + 320 * 4 + 0], ==, 0);
  g_clear_pointer (&bitmap, pf_bitmap_free);

  /* Half the resolution: half the pixels, the same print size. */
  export_result_clear (&result);
  dialog = pf_export_dialog_new (window);
  g_signal_connect (dialog, "finished", G_CALLBACK (on_export_finished), &result);
  pf_export_dialog_set_file (dialog, half_file);
  pf_export_dialog_set_dpi (dialog, 72);
  pf_export_dialog_start (dialog);
  wait_until (export_done, &result, "the second export to finish");
  g_assert_null (result.error);
  bitmap = pf_image_load (half, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bitmap->width, ==, 432);
  g_assert_cmpint (bitmap->height, ==, 288);
  g_assert_cmpfloat_with_epsilon (bitmap->dpi, 72, 0.5);

  export_result_clear (&result);
  close_window (window);
}

static void
test_export_jpeg_is_remembered (void)
{
  g_autofree char *path = write_two_cell_project ("jpeg.photoff", NULL);
  g_autofree char *jpeg = g_build_filename (tmpdir, "export.jpg", NULL);
  g_autoptr(GFile) jpeg_file = g_file_new_for_path (jpeg);
  g_autoptr(PfBitmap) bitmap = NULL;
  g_autoptr(GError) error = NULL;
  ExportResult result = { 0 };
  PfWindow *window = open_window (path);
  PfExportDialog *dialog;
  g_autoptr(GFile) proposed = NULL;
  g_autofree char *proposed_name = NULL;

  dialog = pf_export_dialog_new (window);
  g_signal_connect (dialog, "finished", G_CALLBACK (on_export_finished), &result);
  pf_export_dialog_set_file (dialog, jpeg_file);
  pf_export_dialog_start (dialog);
  wait_until (export_done, &result, "the JPEG export to finish");
  g_assert_null (result.error);

  bitmap = pf_image_load (jpeg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bitmap->width, ==, 600);
  g_assert_cmpint (bitmap->height, ==, 400);
  g_assert_cmpfloat_with_epsilon (bitmap->dpi, 100, 0.5);
  /* Lossy, but the red cell is still red. */
  g_assert_cmpint (bitmap->data[(200 * bitmap->stride) + 165 * 4 + 0], >, 230);
  g_assert_cmpint (bitmap->data[(200 * bitmap->stride) + 165 * 4 + 2], <, 30);
  export_result_clear (&result);

  if (pf_application_get_settings (app) == NULL)
    {
      close_window (window);
      g_test_skip ("the settings schema is not installed: nothing remembered");
      return;
    }

  /* The next export proposes JPEG again. */
  dialog = pf_export_dialog_new (window);
  g_object_ref_sink (dialog);
  proposed = pf_export_dialog_dup_file (dialog);
  proposed_name = g_file_get_basename (proposed);
  g_assert_true (g_str_has_suffix (proposed_name, ".jpg"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);

  close_window (window);
}

static void
test_export_can_be_cancelled (void)
{
  const char *sample = g_test_get_filename (G_TEST_DIST, "..", "data", "samples",
                                            "sample.photoff", NULL);
  g_autofree char *png = g_build_filename (tmpdir, "cancelled.png", NULL);
  g_autoptr(GFile) png_file = g_file_new_for_path (png);
  ExportResult result = { 0 };
  PfExportDialog *dialog;
  PfWindow *window;

  if (!g_file_test (sample, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("data/samples/sample.photoff is missing");
      return;
    }

  window = open_window (sample);
  dialog = pf_export_dialog_new (window);
  g_object_ref_sink (dialog);
  g_signal_connect (dialog, "finished", G_CALLBACK (on_export_finished), &result);
  pf_export_dialog_set_file (dialog, png_file);
  pf_export_dialog_start (dialog);
  pf_export_dialog_cancel (dialog);
  wait_until (export_done, &result, "the cancelled export to stop");
  g_assert_null (result.path);
  g_assert_null (result.error);
  g_assert_false (pf_export_dialog_get_running (dialog));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));

  export_result_clear (&result);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  close_window (window);
}

static void
test_canvas_maps_points_and_zooms_sharply (void)
{
  g_autofree char *path = write_two_cell_project ("canvas.photoff", NULL);
  PfWindow *window = open_window (path);
  PfCanvas *canvas = window->canvas;
  double x, y, px, py, fit_zoom;

  /* Page ↔ widget round trip, and hit testing against the layout. */
  pf_canvas_page_to_widget (canvas, 165, 200, &x, &y);
  pf_canvas_widget_to_page (canvas, x, y, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, 165, 1e-6);
  g_assert_cmpfloat_with_epsilon (py, 200, 1e-6);
  g_assert_cmpint (pf_canvas_cell_at (canvas, x, y), ==, 0);
  pf_canvas_page_to_widget (canvas, 435, 200, &x, &y);
  g_assert_cmpint (pf_canvas_cell_at (canvas, x, y), ==, 1);
  pf_canvas_page_to_widget (canvas, 300, 200, &x, &y);
  g_assert_cmpint (pf_canvas_cell_at (canvas, x, y), ==, -1);
  pf_canvas_page_to_widget (canvas, 20, 20, &x, &y);
  g_assert_cmpint (pf_canvas_cell_at (canvas, x, y), ==, -1);

  /* The fitted page is centred in the canvas. */
  pf_canvas_page_to_widget (canvas, 300, 200, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, gtk_widget_get_width (GTK_WIDGET (canvas)) / 2.0, 1);
  g_assert_cmpfloat_with_epsilon (y, gtk_widget_get_height (GTK_WIDGET (canvas)) / 2.0, 1);

  /* Zooming out asks for fewer pixels; zooming back in asks for them again, up to the
   * page's own (no upscaled preview). */
  g_assert_true (pf_canvas_get_fit (canvas));
  fit_zoom = pf_canvas_get_zoom (canvas);
  pf_canvas_set_zoom (canvas, 0.25, -1, -1);
  wait_for_render (window);
  g_assert_false (pf_canvas_get_fit (canvas));
  g_assert_cmpint (gdk_texture_get_width (pf_canvas_get_texture (canvas)), <, 600 * 0.4);
  g_assert_cmpint (gdk_texture_get_width (pf_canvas_get_texture (canvas)), >=,
                   600 * 0.25 * gtk_widget_get_scale_factor (GTK_WIDGET (canvas)));

  activate (window, "zoom-in");
  activate (window, "zoom-in");
  activate (window, "zoom-in");
  activate (window, "zoom-in");
  activate (window, "zoom-in");
  activate (window, "zoom-in");
  activate (window, "zoom-in");
  wait_for_render (window);
  g_assert_cmpfloat (pf_canvas_get_zoom (canvas), >, 1.0);
  g_assert_cmpint (gdk_texture_get_width (pf_canvas_get_texture (canvas)), ==, 600);

  /* Zoomed past the widget, the mapping still holds under scrolling. */
  pf_canvas_page_to_widget (canvas, 435, 200, &x, &y);
  pf_canvas_widget_to_page (canvas, x, y, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, 435, 1e-6);

  activate (window, "zoom-fit");
  run_idles (50);
  g_assert_true (pf_canvas_get_fit (canvas));
  g_assert_cmpfloat_with_epsilon (pf_canvas_get_zoom (canvas), fit_zoom, 1e-6);

  close_window (window);
}

static GtkGesture *
find_drag_gesture (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (controller))
        return GTK_GESTURE (controller);
    }

  return NULL;
}

/* Plays a drag from page point (@x0, @y0) to (@x1, @y1) through the canvas's gesture
 * handlers, in steps, as GTK would report it. */
static void
drag_on_page (PfCanvas *canvas,
              double    x0,
              double    y0,
              double    x1,
              double    y1)
{
  GtkGesture *gesture = find_drag_gesture (GTK_WIDGET (canvas));
  double wx0, wy0, wx1, wy1;

  g_assert_nonnull (gesture);
  pf_canvas_page_to_widget (canvas, x0, y0, &wx0, &wy0);
  pf_canvas_page_to_widget (canvas, x1, y1, &wx1, &wy1);

  g_signal_emit_by_name (gesture, "drag-begin", wx0, wy0);
  for (int step = 1; step <= 4; step++)
    {
      g_signal_emit_by_name (gesture, "drag-update",
                             (wx1 - wx0) * step / 4, (wy1 - wy0) * step / 4);
      run_idles (5);
    }
  g_signal_emit_by_name (gesture, "drag-end", wx1 - wx0, wy1 - wy0);
}

static void
test_dragging_pans_and_swaps_photos (void)
{
  g_autofree char *path = write_two_cell_project ("drag.photoff", NULL);
  PfWindow *window = open_window (path);
  PfDocument *document = pf_window_get_document (window);
  PfCell *red = pf_document_get_cell (document, 0);
  double pan_x;

  /* The red photo (300 × 200) covers its cell (250 × 320) at 480 × 320, 230 px too wide:
   * dragging the selected cell 50 px to the right moves the photo exactly 50 px right,
   * so the pan goes from 0.5 to 0.5 − 50 / 230. */
  pf_canvas_set_selected (window->canvas, 0);
  drag_on_page (window->canvas, 165, 200, 215, 200);
  pan_x = pf_cell_get_pan_x (red);
  g_assert_cmpfloat_with_epsilon (pan_x, 0.5 - 50.0 / 230.0, 1e-3);
  g_assert_cmpfloat_with_epsilon (pf_cell_get_pan_y (red), 0.5, 1e-9);
  g_assert_true (pf_document_get_cell (document, 0) == red);

  /* The whole drag is one undo step. */
  run_idles (20);
  activate (window, "undo");
  g_assert_cmpfloat_with_epsilon (pf_cell_get_pan_x (red), 0.5, 1e-9);

  /* Dragging a cell that is not selected onto another swaps them; the carried photo stays
   * selected in its new place. */
  pf_canvas_set_selected (window->canvas, -1);
  drag_on_page (window->canvas, 165, 200, 435, 200);
  g_assert_true (pf_document_get_cell (document, 1) == red);
  g_assert_cmpint (pf_canvas_get_selected (window->canvas), ==, 1);
  wait_for_render (window);
  assert_preview_color (window, 165, 200, 0, 0, 255);
  assert_preview_color (window, 435, 200, 255, 0, 0);

  /* Dropped on the spacing between cells, nothing moves. */
  pf_canvas_set_selected (window->canvas, -1);
  drag_on_page (window->canvas, 165, 200, 300, 200);
  g_assert_true (pf_document_get_cell (document, 1) == red);

  /* Undo restores the state (cells are reused by position, so compare photos). */
  run_idles (20);
  activate (window, "undo");
  g_assert_true (g_str_has_suffix (pf_cell_get_photo (pf_document_get_cell (document, 0)),
                                   "red.png"));
  g_assert_false (pf_history_get_modified (window->history));

  close_window (window);
}

/* The style panel's switch gives the selected photo a style of its own (a copy of the
 * page's), which the panel then edits; the other photos keep the page's. */
static void
test_a_photo_gets_its_own_style (void)
{
  g_autofree char *path = write_two_cell_project ("own-style.photoff", NULL);
  PfWindow *window = open_window (path);
  PfDocument *document = pf_window_get_document (window);
  GtkWidget *panel = GTK_WIDGET (window->style_panel);
  GtkSwitch *own = GTK_SWITCH (gtk_widget_get_template_child (panel, PF_TYPE_STYLE_PANEL,
                                                              "own_switch"));
  GtkSpinButton *radius = GTK_SPIN_BUTTON (gtk_widget_get_template_child (panel,
                                                                          PF_TYPE_STYLE_PANEL,
                                                                          "radius_spin"));
  PfCell *first = pf_document_get_cell (document, 0);
  double page_radius = pf_style_get_corner_radius (pf_document_get_style (document));
  g_autoptr (GError) error = NULL;

  /* Nothing selected: the panel edits the page's style, and there is no photo to set apart. */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (own)));
  pf_canvas_set_selected (window->canvas, 0);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (own)));
  g_assert_false (gtk_switch_get_active (own));

  gtk_switch_set_active (own, TRUE);
  g_assert_nonnull (pf_cell_get_style (first));
  g_assert_cmpfloat (pf_style_get_corner_radius (pf_cell_get_style (first)), ==, page_radius);
  gtk_spin_button_set_value (radius, page_radius + 33);
  g_assert_cmpfloat (pf_style_get_corner_radius (pf_cell_get_style (first)), ==,
                     page_radius + 33);
  g_assert_cmpfloat (pf_style_get_corner_radius (pf_document_get_style (document)), ==,
                     page_radius);
  {
    g_autoptr (PfRenderSpec) spec = pf_render_spec_new_from_document (document, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpfloat (spec->cells[0].corner_radius, ==, page_radius + 33);
    g_assert_cmpfloat (spec->cells[1].corner_radius, ==, page_radius);
  }

  /* The other photo shows the page's style. */
  pf_canvas_set_selected (window->canvas, 1);
  g_assert_false (gtk_switch_get_active (own));
  g_assert_cmpfloat (gtk_spin_button_get_value (radius), ==, page_radius);

  /* Back on the first: its own again; switched off, it follows the page. */
  pf_canvas_set_selected (window->canvas, 0);
  g_assert_true (gtk_switch_get_active (own));
  g_assert_cmpfloat (gtk_spin_button_get_value (radius), ==, page_radius + 33);
  /* (a later, separate action: edits of one cell within moments make one undo step) */
  run_idles (20);
  pf_history_checkpoint (window->history);
  gtk_switch_set_active (own, FALSE);
  g_assert_null (pf_cell_get_style (first));
  g_assert_cmpfloat (gtk_spin_button_get_value (radius), ==, page_radius);

  /* Undo gives it back its own style, and the panel shows it. */
  run_idles (20);
  activate (window, "undo");
  first = pf_document_get_cell (document, 0);
  g_assert_nonnull (pf_cell_get_style (first));
  g_assert_true (gtk_switch_get_active (own));
  g_assert_cmpfloat (gtk_spin_button_get_value (radius), ==, page_radius + 33);

  pf_history_mark_saved (window->history);
  close_window (window);
}

static void
test_remove_cell_and_undo (void)
{
  g_autofree char *path = write_two_cell_project ("remove.photoff", NULL);
  PfWindow *window = open_window (path);
  PfDocument *document = pf_window_get_document (window);

  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "remove-cell"));
  pf_canvas_set_selected (window->canvas, 0);
  g_assert_true (pf_photo_panel_get_cell (window->photo_panel) ==
                 pf_document_get_cell (document, 0));

  activate (window, "remove-cell");
  g_assert_cmpuint (pf_document_get_n_cells (document), ==, 1);
  g_assert_true (g_str_has_suffix (pf_cell_get_photo (pf_document_get_cell (document, 0)),
                                   "blue.png"));
  wait_for_render (window);
  assert_preview_color (window, 165, 200, 0, 0, 255);

  activate (window, "undo");
  g_assert_cmpuint (pf_document_get_n_cells (document), ==, 2);
  g_assert_true (g_str_has_suffix (pf_cell_get_photo (pf_document_get_cell (document, 0)),
                                   "red.png"));

  /* Swapping (the drag-between-cells gesture's edit) is one undo step too. */
  pf_document_swap_cells (document, 0, 1);
  run_idles (20);
  wait_for_render (window);
  assert_preview_color (window, 165, 200, 0, 0, 255);
  activate (window, "undo");
  wait_for_render (window);
  assert_preview_color (window, 165, 200, 255, 0, 0);

  pf_history_mark_saved (window->history);
  close_window (window);
}

static void
test_dropped_files_fill_cells (void)
{
  g_autofree char *green = write_photo ("green.png", 120, 80, 0, 255, 0);
  g_autofree char *yellow = write_photo ("yellow.png", 120, 80, 255, 255, 0);
  g_autoptr(GSList) list = NULL;
  g_autoptr(GFile) green_file = g_file_new_for_path (green);
  g_autoptr(GFile) yellow_file = g_file_new_for_path (yellow);
  g_autoptr(GFile) text_file = g_file_new_for_path ("/etc/hostname");
  GdkFileList *files;
  PfWindow *window = pf_window_new (app);
  PfDocument *document = pf_window_get_document (window);
  guint n = pf_document_get_n_cells (document);

  gtk_window_present (GTK_WINDOW (window));
  wait_for_render (window);

  /* Onto the third cell: it takes the first photo, the next empty cell the second; files
   * that are not images are left alone. */
  list = g_slist_append (list, green_file);
  list = g_slist_append (list, text_file);
  list = g_slist_append (list, yellow_file);
  files = gdk_file_list_new_from_list (list);
  g_signal_emit_by_name (window->canvas, "files-dropped", files, 2);
  g_boxed_free (GDK_TYPE_FILE_LIST, files);

  g_assert_cmpuint (pf_document_get_n_cells (document), ==, n);
  g_assert_cmpstr (pf_cell_get_photo (pf_document_get_cell (document, 2)), ==, green);
  g_assert_cmpstr (pf_cell_get_photo (pf_document_get_cell (document, 0)), ==, yellow);
  g_assert_null (pf_cell_get_photo (pf_document_get_cell (document, 1)));
  g_assert_cmpint (pf_canvas_get_selected (window->canvas), ==, 2);
  g_assert_false (pf_window_is_pristine (window));

  /* Dropping one photo is one undo step. */
  run_idles (20);
  activate (window, "undo");
  g_assert_null (pf_cell_get_photo (pf_document_get_cell (document, 2)));
  g_assert_null (pf_cell_get_photo (pf_document_get_cell (document, 0)));

  pf_history_mark_saved (window->history);
  close_window (window);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static void
test_mosaic_cells_map_to_the_document (void)
{
  const char *sample = g_test_get_filename (G_TEST_DIST, "..", "data", "samples",
                                            "sample.photoff", NULL);
  PfWindow *window;
  PfDocument *document;
  GtkToggleButton *mosaic;
  GtkWidget *shuffle;
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) after = g_ptr_array_new_with_free_func (g_free);

  if (!g_file_test (sample, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("data/samples/sample.photoff is missing");
      return;
    }

  window = open_window (sample);
  document = pf_window_get_document (window);
  mosaic = GTK_TOGGLE_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (window->layout_panel),
                                                             PF_TYPE_LAYOUT_PANEL,
                                                             "mosaic_button"));
  gtk_toggle_button_set_active (mosaic, TRUE);
  g_assert_cmpint (pf_document_get_layout_type (document), ==, PF_LAYOUT_MOSAIC);
  wait_for_render (window);

  /* Every cell is placed, and the point in the middle of each drawn rectangle selects
   * that rectangle's document cell, whatever order the mosaic drew them in. */
  g_assert_cmpuint (window->spec->n_cells, ==, pf_document_get_n_cells (document));
  for (guint i = 0; i < window->spec->n_cells; i++)
    {
      const PfRenderCell *c = &window->spec->cells[i];
      double x, y;

      pf_canvas_page_to_widget (window->canvas, c->rect.x + c->rect.width / 2.0,
                                c->rect.y + c->rect.height / 2.0, &x, &y);
      g_assert_cmpint (pf_canvas_cell_at (window->canvas, x, y), ==, (int) c->cell_index);
    }

  /* Shuffle in a grid reorders the cells: the same photos, one undo step. */
  activate (window, "undo");
  g_assert_cmpint (pf_document_get_layout_type (document), ==, PF_LAYOUT_GRID);
  for (guint i = 0; i < pf_document_get_n_cells (document); i++)
    g_ptr_array_add (before, g_strdup (pf_cell_get_photo (pf_document_get_cell (document, i))));
  shuffle = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window->layout_panel),
                                                       PF_TYPE_LAYOUT_PANEL, "shuffle_button"));
  g_assert_nonnull (shuffle);
  g_signal_emit_by_name (shuffle, "clicked");
  run_idles (20);
  for (guint i = 0; i < pf_document_get_n_cells (document); i++)
    g_ptr_array_add (after, g_strdup (pf_cell_get_photo (pf_document_get_cell (document, i))));
  g_ptr_array_sort (before, compare_strings);
  g_ptr_array_sort (after, compare_strings);
  for (guint i = 0; i < before->len; i++)
    g_assert_cmpstr (g_ptr_array_index (before, i), ==, g_ptr_array_index (after, i));
  activate (window, "undo");
  g_assert_false (pf_history_get_modified (window->history));

  close_window (window);
}

static char *
autosave_path (const char *id,
               const char *suffix)
{
  g_autofree char *dir = pf_autosave_get_dir ();
  g_autofree char *name = g_strconcat (id, suffix, NULL);

  return g_build_filename (dir, name, NULL);
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static gboolean
window_gone (gpointer data)
{
  GWeakRef *ref = data;
  g_autoptr(GObject) object = g_weak_ref_get (ref);

  return object == NULL;
}

static void
test_closing_with_changes_asks (void)
{
  g_autofree char *path = write_two_cell_project ("close.photoff", NULL);
  PfWindow *window = open_window (path);
  GtkWidget *question = NULL;
  GListModel *toplevels;
  g_autofree char *snapshot_path = autosave_path (pf_window_get_autosave_id (window),
                                                  ".photoff");
  GWeakRef ref;

  g_weak_ref_init (&ref, window);

  pf_document_set_spacing (pf_window_get_document (window), 33);
  wait_until (file_exists, snapshot_path, "the autosave snapshot");
  activate (window, "close");
  run_idles (50);

  /* Still open, with a question on top. */
  g_assert_false (window_gone (&ref));
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_MESSAGE_DIALOG (toplevel) &&
          gtk_window_get_transient_for (GTK_WINDOW (toplevel)) == GTK_WINDOW (window))
        question = toplevel;
    }
  g_assert_nonnull (question);

  /* Discard: the window closes, the file is untouched. */
  gtk_dialog_response (GTK_DIALOG (question), GTK_RESPONSE_REJECT);
  wait_until (window_gone, &ref, "the window to close");
  {
    g_autoptr(PfDocument) loaded = pf_project_load_path (path, NULL);

    g_assert_cmpint (pf_document_get_spacing (loaded), ==, 20);
  }
  /* Discarded changes are not offered back at the next start. */
  g_assert_false (file_exists (snapshot_path));
  g_weak_ref_clear (&ref);
}

/* ---- Autosave and recovery ----------------------------------------------------------- */

static void
test_autosave_follows_unsaved_changes (void)
{
  g_autofree char *path = write_two_cell_project ("autosave.photoff", NULL);
  PfWindow *window = open_window (path);
  PfDocument *document = pf_window_get_document (window);
  const char *id = pf_window_get_autosave_id (window);
  g_autofree char *snapshot_path = NULL;
  g_autofree char *info_path = NULL;
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *original = NULL;

  g_assert_nonnull (id);
  snapshot_path = autosave_path (id, ".photoff");
  info_path = autosave_path (id, ".info");
  /* Unchanged: nothing written. */
  run_idles (300);
  g_assert_false (file_exists (snapshot_path));

  pf_style_set_corner_radius (pf_document_get_style (document), 33);
  wait_until (file_exists, snapshot_path, "the autosave snapshot");
  {
    g_autoptr(PfDocument) saved = pf_project_load_path (snapshot_path, &error);

    g_assert_no_error (error);
    g_assert_cmpfloat (pf_style_get_corner_radius (pf_document_get_style (saved)), ==, 33);
    /* Photo paths are absolute: the snapshot is far from the project. */
    g_assert_true (g_path_is_absolute (pf_cell_get_photo (pf_document_get_cell (saved, 0))));
  }
  g_key_file_load_from_file (keys, info_path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  original = g_key_file_get_string (keys, "Autosave", "Original", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (original, ==, path);

  /* Nothing changes: nothing is written again. */
  g_assert_cmpint (g_unlink (snapshot_path), ==, 0);
  run_idles (400);
  g_assert_false (file_exists (snapshot_path));

  /* A later change is written in its turn. */
  pf_document_set_spacing (document, 31);
  wait_until (file_exists, snapshot_path, "the second autosave snapshot");
  {
    g_autoptr(PfDocument) saved = pf_project_load_path (snapshot_path, &error);

    g_assert_no_error (error);
    g_assert_cmpint (pf_document_get_spacing (saved), ==, 31);
    g_assert_cmpfloat (pf_style_get_corner_radius (pf_document_get_style (saved)), ==, 33);
  }

  /* Saved: the snapshot and its key file go. */
  activate (window, "save");
  wait_until (not_saving, window, "the save to finish");
  g_assert_false (pf_history_get_modified (window->history));
  g_assert_false (file_exists (snapshot_path));
  g_assert_false (file_exists (info_path));
  run_idles (300);
  g_assert_false (file_exists (snapshot_path));

  /* Undoing back to the saved state removes it as well. */
  pf_document_set_margin (document, 41);
  wait_until (file_exists, snapshot_path, "the third autosave snapshot");
  activate (window, "undo");
  run_idles (400);
  g_assert_false (pf_history_get_modified (window->history));
  g_assert_false (file_exists (snapshot_path));

  /* A window that goes with changes (as after Discard) leaves nothing behind. */
  pf_document_set_margin (document, 42);
  wait_until (file_exists, snapshot_path, "the fourth autosave snapshot");
  close_window (window);
  g_assert_false (file_exists (snapshot_path));
  g_assert_false (file_exists (info_path));
}

/* The recovery question open for the snapshot @id. */
static GtkDialog *
find_recovery_question (const char *id)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */
  GtkDialog *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_MESSAGE_DIALOG (toplevel) &&
          g_strcmp0 (g_object_get_data (G_OBJECT (toplevel), "pf-autosave-id"), id) == 0)
        found = GTK_DIALOG (toplevel);
    }

  return found;
}

static PfWindow *
find_window_with_autosave (const char *id)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (PF_IS_WINDOW (l->data) &&
        g_strcmp0 (pf_window_get_autosave_id (l->data), id) == 0)
      return l->data;

  return NULL;
}

static gboolean
recovered (gpointer data)
{
  return find_window_with_autosave (data) != NULL;
}

static void
test_leftover_autosave_is_recovered (void)
{
  const char *id = "00000000-0000-4000-8000-0000000000a1";
  g_autofree char *path = write_two_cell_project ("recover.photoff", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *snapshot_path = autosave_path (id, ".photoff");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkDialog *question;
  PfWindow *window;

  /* What a crashed editor leaves: the project with its corner radius changed. */
  {
    g_autoptr(PfDocument) edited = pf_project_load_path (path, &error);

    g_assert_no_error (error);
    pf_style_set_corner_radius (pf_document_get_style (edited), 44);
    pf_autosave_write (id, edited, file, &error);
    g_assert_no_error (error);
  }

  g_assert_cmpuint (pf_application_offer_recovery (app), >=, 1);
  question = find_recovery_question (id);
  g_assert_nonnull (question);
  g_object_get (question, "text", &text, NULL);
  g_assert_nonnull (strstr (text, "“recover.photoff”"));
  /* Asked once, however often the folder is looked at. */
  g_assert_cmpuint (pf_application_offer_recovery (app), ==, 0);

  gtk_dialog_response (question, GTK_RESPONSE_ACCEPT);
  wait_until (recovered, (gpointer) id, "the recovered window");
  window = find_window_with_autosave (id);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  wait_for_render (window);

  g_assert_true (g_file_equal (pf_window_get_file (window), file));
  g_assert_cmpfloat (pf_style_get_corner_radius (
                       pf_document_get_style (pf_window_get_document (window))), ==, 44);
  g_assert_true (pf_history_get_modified (window->history));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (window->title_label), "• "));
  /* The window keeps the snapshot now: it is no leftover. */
  g_assert_true (file_exists (snapshot_path));
  g_assert_cmpuint (pf_application_offer_recovery (app), ==, 0);

  /* Save writes the original project, and the snapshot goes. */
  activate (window, "save");
  wait_until (not_saving, window, "the save to finish");
  {
    g_autoptr(PfDocument) loaded = pf_project_load_path (path, &error);

    g_assert_no_error (error);
    g_assert_cmpfloat (pf_style_get_corner_radius (pf_document_get_style (loaded)), ==, 44);
  }
  g_assert_false (pf_history_get_modified (window->history));
  g_assert_false (file_exists (snapshot_path));

  close_window (window);
}

/* A snapshot of a project that is open again (reopened after the crash) is recovered into
 * its window, when that window has no changes of its own, rather than into a second one. */
static void
test_recovery_into_the_open_window (void)
{
  const char *id = "00000000-0000-4000-8000-0000000000c3";
  g_autofree char *path = write_two_cell_project ("reopened.photoff", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  PfWindow *window = open_window (path);
  guint windows = g_list_length (gtk_application_get_windows (GTK_APPLICATION (app)));
  GtkDialog *question;

  {
    g_autoptr(PfDocument) edited = pf_project_load_path (path, &error);

    g_assert_no_error (error);
    pf_document_set_spacing (edited, 37);
    pf_autosave_write (id, edited, file, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (pf_application_offer_recovery (app), >=, 1);
  question = find_recovery_question (id);
  g_assert_nonnull (question);
  gtk_dialog_response (question, GTK_RESPONSE_ACCEPT);
  wait_until (recovered, (gpointer) id, "the recovered window");

  g_assert_true (find_window_with_autosave (id) == window);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==,
                    windows);
  g_assert_cmpint (pf_document_get_spacing (pf_window_get_document (window)), ==, 37);
  g_assert_true (pf_window_is_modified (window));

  /* Leave nothing for the next test: Discard's way out. */
  pf_history_mark_saved (window->history);
  close_window (window);
}

static void
test_leftover_autosave_can_be_discarded (void)
{
  const char *id = "00000000-0000-4000-8000-0000000000b2";
  g_autofree char *snapshot_path = autosave_path (id, ".photoff");
  g_autofree char *info_path = autosave_path (id, ".info");
  g_autoptr(PfDocument) edited = pf_document_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkDialog *question;

  pf_document_set_margin (edited, 77);
  pf_autosave_write (id, edited, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (pf_application_offer_recovery (app), >=, 1);
  question = find_recovery_question (id);
  g_assert_nonnull (question);
  g_object_get (question, "text", &text, NULL);
  g_assert_nonnull (strstr (text, "“Untitled Collage”"));

  gtk_dialog_response (question, GTK_RESPONSE_REJECT);
  run_idles (20);
  g_assert_false (file_exists (snapshot_path));
  g_assert_false (file_exists (info_path));
  g_assert_null (find_window_with_autosave (id));
  g_assert_null (find_recovery_question (id));
  g_assert_cmpuint (pf_application_offer_recovery (app), ==, 0);
}

/* ---- Rendering under a storm of edits ------------------------------------------------ */

static void
test_rapid_edits_end_in_the_final_preview (void)
{
  g_autofree char *path = write_two_cell_project ("storm.photoff", NULL);
  PfWindow *window = open_window (path);
  PfDocument *document = pf_window_get_document (window);
  PfStyle *style = pf_document_get_style (document);
  g_autoptr(PfRenderSpec) spec = NULL;
  g_autoptr(PfRenderer) renderer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *expected = NULL;
  g_autofree guint8 *actual = NULL;
  GdkTexture *texture;
  guint submitted_before = pf_render_worker_get_submitted (window->worker);
  double scale;
  int width, height, worst = 0;

  /* Edits issued back to back, the main loop turning just once between them, so that
   * specs are built and submitted while earlier ones are still rendering. */
  for (int i = 0; i < 300; i++)
    {
      switch (i % 4)
        {
        case 0:
          pf_style_set_corner_radius (style, (i * 7) % 60);
          break;
        case 1:
          pf_document_set_grid (document, 2, 1 + (i / 4) % 3);
          break;
        case 2:
          pf_cell_set_pan (pf_document_get_cell (document, (i / 4) % 2),
                           ((i * 13) % 100) / 100.0, ((i * 29) % 100) / 100.0);
          break;
        default:
          pf_document_swap_cells (document, 0, 1);
          break;
        }
      g_main_context_iteration (NULL, FALSE);
    }
  wait_for_render (window);
  g_test_message ("%u renders submitted for 300 edits",
                  pf_render_worker_get_submitted (window->worker) - submitted_before);
  g_assert_cmpuint (pf_render_worker_get_submitted (window->worker), >, submitted_before + 1);
  g_assert_cmpuint (pf_render_worker_get_completed (window->worker), ==,
                    pf_render_worker_get_submitted (window->worker));

  /* The final document drawn afresh at the preview's scale, by a renderer of its own. */
  spec = pf_render_spec_new_from_document (document, NULL, &error);
  g_assert_no_error (error);
  scale = MIN (pf_canvas_get_preview_scale (window->canvas), 1.0);
  g_assert_cmpfloat (scale, >, 0);
  if (scale < 1.0)
    pf_render_spec_scale (spec, scale);
  renderer = pf_renderer_new (PF_BACKEND_AUTO, &error);
  g_assert_no_error (error);
  pf_renderer_render (renderer, spec, &error);
  g_assert_no_error (error);
  expected = g_malloc ((gsize) spec->width * spec->height * 4);
  pf_renderer_get_preview (renderer, spec->width, spec->height, expected,
                           (gsize) spec->width * 4, &error);
  g_assert_no_error (error);

  texture = pf_canvas_get_texture (window->canvas);
  g_assert_true (texture == pf_render_worker_get_texture (window->worker));
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  g_assert_cmpint (width, ==, spec->width);
  g_assert_cmpint (height, ==, spec->height);
  actual = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, actual, (gsize) width * 4);

  /* gdk_texture_download() gives premultiplied ARGB32 words, as the renderer's
   * premultiplied RGBA bytes are before conversion: compare channel by channel. */
  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      const guint8 *e = expected + i * 4, *a = actual + i * 4;
      guint8 rgba[4];

      if (G_BYTE_ORDER == G_LITTLE_ENDIAN)
        rgba[0] = a[2], rgba[1] = a[1], rgba[2] = a[0], rgba[3] = a[3];
      else
        rgba[0] = a[1], rgba[1] = a[2], rgba[2] = a[3], rgba[3] = a[0];
      for (int c = 0; c < 4; c++)
        worst = MAX (worst, ABS ((int) rgba[c] - (int) e[c]));
      if (worst > 1)
        g_error ("preview pixel %" G_GSIZE_FORMAT " (%d, %d) is %u,%u,%u,%u; a fresh render "
                 "gives %u,%u,%u,%u", i, (int) (i % width), (int) (i / width),
                 rgba[0], rgba[1], rgba[2], rgba[3], e[0], e[1], e[2], e[3]);
    }

  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = NULL;
  g_autofree char *state_home = NULL;
  int status;

  tmpdir = g_dir_make_tmp ("photoff-ui-XXXXXX", &error);
  g_assert_no_error (error);

  /* Recent files and settings go to the test's own folder, not the user's. */
  data_home = g_build_filename (tmpdir, "data-home", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* Autosave snapshots too, and soon after each change rather than in seconds. */
  state_home = g_build_filename (tmpdir, "state-home", NULL);
  g_setenv ("XDG_STATE_HOME", state_home, TRUE);
  g_setenv ("PHOTOFF_AUTOSAVE_DELAY_MS", "100", TRUE);

  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  app = pf_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/window/new-window-has-an-empty-grid", test_new_window_has_an_empty_grid);
  g_test_add_func ("/window/preview-shows-the-page", test_preview_shows_the_page);
  g_test_add_func ("/window/panel-controls-change-the-document",
                   test_panel_controls_change_the_document);
  g_test_add_func ("/window/undo-restores-and-coalesces-slider-drags",
                   test_undo_restores_and_coalesces_slider_drags);
  g_test_add_func ("/window/background-color-changes-the-preview",
                   test_background_color_changes_the_preview);
  g_test_add_func ("/window/save-writes-what-loads-back", test_save_writes_what_loads_back);
  g_test_add_func ("/window/photos-changed-on-disk-are-redrawn",
                   test_photos_changed_on_disk_are_redrawn);
  g_test_add_func ("/window/missing-photos-show-a-banner-and-keep-their-paths",
                   test_missing_photos_show_a_banner_and_keep_their_paths);
  g_test_add_func ("/window/export-writes-the-page-at-its-dpi",
                   test_export_writes_the_page_at_its_dpi);
  g_test_add_func ("/window/export-jpeg-is-remembered", test_export_jpeg_is_remembered);
  g_test_add_func ("/window/export-can-be-cancelled", test_export_can_be_cancelled);
  g_test_add_func ("/window/canvas-maps-points-and-zooms-sharply",
                   test_canvas_maps_points_and_zooms_sharply);
  g_test_add_func ("/window/dragging-pans-and-swaps-photos",
                   test_dragging_pans_and_swaps_photos);
  g_test_add_func ("/window/remove-cell-and-undo", test_remove_cell_and_undo);
  g_test_add_func ("/window/a-photo-gets-its-own-style", test_a_photo_gets_its_own_style);
  g_test_add_func ("/window/dropped-files-fill-cells", test_dropped_files_fill_cells);
  g_test_add_func ("/window/mosaic-cells-map-to-the-document",
                   test_mosaic_cells_map_to_the_document);
  g_test_add_func ("/window/closing-with-changes-asks", test_closing_with_changes_asks);
  g_test_add_func ("/window/autosave-follows-unsaved-changes",
                   test_autosave_follows_unsaved_changes);
  g_test_add_func ("/window/leftover-autosave-is-recovered",
                   test_leftover_autosave_is_recovered);
  g_test_add_func ("/window/recovery-into-the-open-window", test_recovery_into_the_open_window);
  g_test_add_func ("/window/leftover-autosave-can-be-discarded",
                   test_leftover_autosave_can_be_discarded);
  g_test_add_func ("/window/rapid-edits-end-in-the-final-preview",
                   test_rapid_edits_end_in_the_final_preview);

  status = g_test_run ();

  g_object_unref (app);
  return status;
}
