/* test-document.c — the collage document model: ranges, presets, colours, signals */
#include "config.h"

#include <math.h>
#include <string.h>

#include "pf-document.h"
#include "pf-project.h"

/* ---- helpers ------------------------------------------------------------------------- */

typedef struct
{
  PfDocumentChange what;
  int index;
} Event;

static void
on_changed (PfDocument       *document,
            PfDocumentChange  what,
            int               index,
            GArray           *events)
{
  Event e = { what, index };
  g_array_append_val (events, e);
}

static GArray *
record (PfDocument *document)
{
  GArray *events = g_array_new (FALSE, FALSE, sizeof (Event));

  g_signal_connect (document, "changed", G_CALLBACK (on_changed), events);
  return events;
}

static void
stop_recording (PfDocument *document,
                GArray     *events)
{
  g_signal_handlers_disconnect_by_func (document, on_changed, events);
  g_array_unref (events);
}

/* The union of what was reported, and checks every event names the same cell. */
static PfDocumentChange
all_changes (GArray *events,
             int    *index)
{
  PfDocumentChange what = 0;

  *index = -1;
  for (guint i = 0; i < events->len; i++)
    {
      Event *e = &g_array_index (events, Event, i);
      what |= e->what;
      if (e->index >= 0)
        *index = e->index;
    }
  return what;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              int        *count)
{
  (*count)++;
}

static PfDocument *
document_with_cells (guint n)
{
  PfDocument *document = pf_document_new ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("/photos/%u.jpg", i);
      g_autoptr(PfCell) cell = pf_cell_new (name);
      g_assert_true (pf_document_add_cell (document, cell, NULL));
    }
  return document;
}

/* "/photos/3.jpg" → 3 */
static int
cell_number (PfDocument *document,
             guint       index)
{
  const char *photo = pf_cell_get_photo (pf_document_get_cell (document, index));

  return atoi (strrchr (photo, '/') + 1);
}

/* ---- defaults and ranges ------------------------------------------------------------- */

static void
test_defaults (void)
{
  g_autoptr(PfDocument) document = pf_document_new ();
  PfStyle *style = pf_document_get_style (document);
  PfRgba color;

  g_assert_cmpint (pf_document_get_width (document), ==, 2480);
  g_assert_cmpint (pf_document_get_height (document), ==, 3508);
  g_assert_cmpint (pf_document_get_dpi (document), ==, 300);
  g_assert_cmpstr (pf_document_get_preset (document)->id, ==, "a4");
  g_assert_cmpint (pf_document_get_orientation (document), ==, PF_ORIENTATION_PORTRAIT);
  g_assert_cmpint (pf_document_get_background_type (document), ==, PF_BACKGROUND_COLOR);
  pf_document_get_background_color (document, &color);
  g_assert_true (color.r == 255 && color.g == 255 && color.b == 255 && color.a == 255);
  g_assert_cmpint (pf_document_get_layout_type (document), ==, PF_LAYOUT_GRID);
  g_assert_cmpint (pf_document_get_rows (document), ==, 3);
  g_assert_cmpint (pf_document_get_columns (document), ==, 2);
  g_assert_cmpint (pf_document_get_spacing (document), ==, 40);
  g_assert_cmpint (pf_document_get_margin (document), ==, 80);
  g_assert_cmpuint (pf_document_get_n_cells (document), ==, 0);
  g_assert_nonnull (style);
  g_assert_cmpfloat (pf_style_get_corner_radius (style), ==, 0);
  g_assert_false (pf_style_get_shadow_enabled (style));
  g_assert_cmpfloat (pf_style_get_stroke_width (style), ==, 0);
}

typedef struct
{
  GType (*type) (void);
  const char *name;
  double min, max;
} Range;

static double
pspec_min (GParamSpec *pspec)
{
  if (G_IS_PARAM_SPEC_INT (pspec))
    return G_PARAM_SPEC_INT (pspec)->minimum;
  if (G_IS_PARAM_SPEC_UINT (pspec))
    return G_PARAM_SPEC_UINT (pspec)->minimum;
  return G_PARAM_SPEC_DOUBLE (pspec)->minimum;
}

static double
pspec_max (GParamSpec *pspec)
{
  if (G_IS_PARAM_SPEC_INT (pspec))
    return G_PARAM_SPEC_INT (pspec)->maximum;
  if (G_IS_PARAM_SPEC_UINT (pspec))
    return G_PARAM_SPEC_UINT (pspec)->maximum;
  return G_PARAM_SPEC_DOUBLE (pspec)->maximum;
}

static void
test_property_ranges (void)
{
  /* The hard limits the task and the engine set, written out independently. */
  const Range ranges[] = {
    { pf_document_get_type, "width", 1, 32768 },
    { pf_document_get_type, "height", 1, 32768 },
    { pf_document_get_type, "dpi", 72, 1200 },
    { pf_document_get_type, "rows", 1, 50 },
    { pf_document_get_type, "columns", 1, 50 },
    { pf_document_get_type, "spacing", 0, 16384 },
    { pf_document_get_type, "margin", 0, 16384 },
    { pf_document_get_type, "mosaic-seed", 0, 4294967295.0 },
    { pf_document_get_type, "background-blur", 0, 1000 },
    { pf_cell_get_type, "pan-x", 0, 1 },
    { pf_cell_get_type, "pan-y", 0, 1 },
    { pf_cell_get_type, "zoom", 1, 20 },
    { pf_cell_get_type, "rotate", -360, 360 },
    { pf_cell_get_type, "span-columns", 1, 50 },
    { pf_cell_get_type, "span-rows", 1, 50 },
    { pf_style_get_type, "corner-radius", 0, 16384 },
    { pf_style_get_type, "blur", 0, 1000 },
    { pf_style_get_type, "shadow-dx", -4096, 4096 },
    { pf_style_get_type, "shadow-dy", -4096, 4096 },
    { pf_style_get_type, "shadow-blur", 0, 1000 },
    { pf_style_get_type, "shadow-spread", -1000, 1000 },
    { pf_style_get_type, "stroke-width", 0, 1000 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      g_autoptr(GTypeClass) klass = g_type_class_ref (ranges[i].type ());
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_CLASS (klass),
                                                        ranges[i].name);

      g_test_message ("%s", ranges[i].name);
      g_assert_nonnull (pspec);
      g_assert_cmpfloat (pspec_min (pspec), ==, ranges[i].min);
      g_assert_cmpfloat (pspec_max (pspec), ==, ranges[i].max);
      g_assert_true (pspec->flags & G_PARAM_EXPLICIT_NOTIFY);
    }
}

static void
test_setters_clamp (void)
{
  g_autoptr(PfDocument) document = pf_document_new ();
  g_autoptr(PfCell) cell = pf_cell_new ("/a.jpg");
  PfStyle *style = pf_document_get_style (document);

  pf_document_set_grid (document, 0, 1000);
  g_assert_cmpint (pf_document_get_columns (document), ==, 1);
  g_assert_cmpint (pf_document_get_rows (document), ==, 50);
  pf_document_set_spacing (document, -5);
  g_assert_cmpint (pf_document_get_spacing (document), ==, 0);
  pf_document_set_margin (document, 1 << 30);
  g_assert_cmpint (pf_document_get_margin (document), ==, 16384);
  pf_document_set_dpi (document, 10);
  g_assert_cmpint (pf_document_get_dpi (document), ==, 72);

  pf_cell_set_zoom (cell, 0.5);
  g_assert_cmpfloat (pf_cell_get_zoom (cell), ==, 1);
  pf_cell_set_zoom (cell, 100);
  g_assert_cmpfloat (pf_cell_get_zoom (cell), ==, 20);
  pf_cell_set_pan (cell, -1, 2);
  g_assert_cmpfloat (pf_cell_get_pan_x (cell), ==, 0);
  g_assert_cmpfloat (pf_cell_get_pan_y (cell), ==, 1);
  pf_cell_set_span (cell, 0, 99);
  g_assert_cmpint (pf_cell_get_span_columns (cell), ==, 1);
  g_assert_cmpint (pf_cell_get_span_rows (cell), ==, 50);
  pf_cell_set_rotate (cell, 1000);
  g_assert_cmpfloat (pf_cell_get_rotate (cell), ==, 360);

  pf_style_set_corner_radius (style, -3);
  g_assert_cmpfloat (pf_style_get_corner_radius (style), ==, 0);
  pf_style_set_shadow_dx (style, 100000);
  g_assert_cmpint (pf_style_get_shadow_dx (style), ==, 4096);
  pf_style_set_shadow_spread (style, -5000);
  g_assert_cmpfloat (pf_style_get_shadow_spread (style), ==, -1000);

  /* Through GObject too: g_object_set goes through the same clamping setters. */
  g_object_set (document, "rows", 7, "columns", 4, NULL);
  g_assert_cmpint (pf_document_get_rows (document), ==, 7);
  g_assert_cmpint (pf_document_get_columns (document), ==, 4);
}

static void
test_notify_only_on_change (void)
{
  g_autoptr(PfDocument) document = pf_document_new ();
  g_autoptr(PfCell) cell = pf_cell_new (NULL);
  int rows = 0, zoom = 0, corner = 0;

  g_signal_connect (document, "notify::rows", G_CALLBACK (count_notify), &rows);
  g_signal_connect (cell, "notify::zoom", G_CALLBACK (count_notify), &zoom);
  g_signal_connect (pf_document_get_style (document), "notify::corner-radius",
                    G_CALLBACK (count_notify), &corner);

  pf_document_set_grid (document, 2, 3);   /* the defaults: nothing changes */
  g_assert_cmpint (rows, ==, 0);
  pf_document_set_grid (document, 2, 4);
  g_assert_cmpint (rows, ==, 1);
  g_object_set (document, "rows", 4, NULL);
  g_assert_cmpint (rows, ==, 1);

  pf_cell_set_zoom (cell, 1);
  g_assert_cmpint (zoom, ==, 0);
  pf_cell_set_zoom (cell, 2.5);
  pf_cell_set_zoom (cell, 2.5);
  g_assert_cmpint (zoom, ==, 1);

  pf_style_set_corner_radius (pf_document_get_style (document), 12);
  g_assert_cmpint (corner, ==, 1);
}

/* ---- page presets -------------------------------------------------------------------- */

static void
test_presets_exact_sizes (void)
{
  struct { const char *id; int dpi; int w, h; } cases[] = {
    /* round (mm / 25.4 × dpi), worked out by hand */
    { "a4", 300, 2480, 3508 },
    { "a4", 72, 595, 842 },
    { "a4", 150, 1240, 1754 },
    { "a3", 300, 3508, 4961 },
    { "a5", 300, 1748, 2480 },
    { "letter", 300, 2550, 3300 },
    { "letter", 72, 612, 792 },
    { "legal", 300, 2550, 4200 },
    { "4x6", 300, 1200, 1800 },
    { "5x7", 300, 1500, 2100 },
    { "8x10", 300, 2400, 3000 },
    { "square-8", 300, 2400, 2400 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const PfPagePreset *preset = pf_page_preset_lookup (cases[i].id);
      int w, h;

      g_test_message ("%s at %d", cases[i].id, cases[i].dpi);
      g_assert_nonnull (preset);
      g_assert_true (pf_page_preset_get_size (preset, PF_ORIENTATION_PORTRAIT, cases[i].dpi,
                                              &w, &h));
      g_assert_cmpint (w, ==, cases[i].w);
      g_assert_cmpint (h, ==, cases[i].h);
      g_assert_true (pf_page_preset_get_size (preset, PF_ORIENTATION_LANDSCAPE, cases[i].dpi,
                                              &w, &h));
      g_assert_cmpint (w, ==, cases[i].h);
      g_assert_cmpint (h, ==, cases[i].w);
      /* and the size is recognised as the preset */
      g_assert_true (pf_page_preset_match (cases[i].h, cases[i].w, cases[i].dpi) == preset ||
                     cases[i].w == cases[i].h);
    }

  g_assert_cmpint (pf_page_mm_to_pixels (210, 300), ==, 2480);
  g_assert_cmpint (pf_page_mm_to_pixels (297, 300), ==, 3508);
  g_assert_cmpfloat_with_epsilon (pf_page_pixels_to_mm (2480, 300), 209.97, 0.01);
}

static void
test_presets_list (void)
{
  guint n;
  const PfPagePreset *presets = pf_page_presets (&n);
  const char *expected[] = { "a4", "a3", "a5", "letter", "legal", "4x6", "5x7", "8x10",
                             "square-8", "custom" };

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (presets[i].id, ==, expected[i]);
      g_assert_nonnull (pf_page_preset_get_label (&presets[i]));
      g_assert_cmpstr (pf_page_preset_get_label (&presets[i]), !=, "");
      g_assert_true (pf_page_preset_lookup (expected[i]) == &presets[i]);
    }
  g_assert_null (pf_page_preset_lookup ("b5"));
  g_assert_false (pf_page_preset_get_size (pf_page_preset_lookup ("custom"),
                                           PF_ORIENTATION_PORTRAIT, 300, NULL, NULL));
  g_assert_cmpstr (pf_page_preset_match (1000, 1000, 300)->id, ==, "custom");
}

static void
test_presets_pixel_budget (void)
{
  const PfPagePreset *a3 = pf_page_preset_lookup ("a3");
  int max = pf_page_preset_get_max_dpi (a3);
  g_autoptr(PfDocument) document = pf_document_new ();
  g_autoptr(GError) error = NULL;
  int w, h;

  /* A3 at 1200 DPI is 14031 × 19843 = 278 Mpx: beyond the 2^28-pixel budget. */
  g_assert_false (pf_page_preset_get_size (a3, PF_ORIENTATION_PORTRAIT, 1200, &w, &h));
  g_assert_cmpint (max, <, 1200);
  g_assert_true (pf_page_preset_get_size (a3, PF_ORIENTATION_PORTRAIT, max, &w, &h));
  g_assert_cmpint ((gint64) w * h, <=, (gint64) 1 << 28);
  g_assert_false (pf_page_preset_get_size (a3, PF_ORIENTATION_PORTRAIT, max + 1, &w, &h));
  g_assert_cmpint (pf_page_preset_get_max_dpi (pf_page_preset_lookup ("a4")), ==, 1200);

  g_assert_false (pf_document_set_page (document, "a3", PF_ORIENTATION_PORTRAIT, 1200,
                                        &error));
  g_assert_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_INVALID);
  g_assert_cmpint (pf_document_get_width (document), ==, 2480);   /* unchanged */
  g_clear_error (&error);

  /* Through the DPI setter the DPI is lowered instead. */
  g_assert_true (pf_document_set_page (document, "a3", PF_ORIENTATION_PORTRAIT, 300, NULL));
  pf_document_set_dpi (document, 1200);
  g_assert_cmpint (pf_document_get_dpi (document), ==, max);
  g_assert_cmpstr (pf_document_get_preset (document)->id, ==, "a3");

  g_assert_false (pf_document_set_page (document, "custom", PF_ORIENTATION_PORTRAIT, 300,
                                        &error));
  g_assert_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pf_document_set_page (document, "nope", PF_ORIENTATION_PORTRAIT, 300,
                                        &error));
  g_assert_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pf_document_set_page (document, "a4", PF_ORIENTATION_PORTRAIT, 71, &error));
  g_assert_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_INVALID);
}

static void
test_page_orientation_and_dpi (void)
{
  g_autoptr(PfDocument) document = pf_document_new ();
  int orientation = 0;

  g_signal_connect (document, "notify::orientation", G_CALLBACK (count_notify), &orientation);

  g_assert_true (pf_document_set_page (document, "letter", PF_ORIENTATION_LANDSCAPE, 300,
                                       NULL));
  g_assert_cmpint (pf_document_get_width (document), ==, 3300);
  g_assert_cmpint (pf_document_get_height (document), ==, 2550);
  g_assert_cmpint (pf_document_get_orientation (document), ==, PF_ORIENTATION_LANDSCAPE);
  g_assert_cmpstr (pf_document_get_preset (document)->id, ==, "letter");
  g_assert_cmpint (orientation, ==, 1);

  /* A preset page follows its DPI. */
  pf_document_set_dpi (document, 150);
  g_assert_cmpint (pf_document_get_width (document), ==, 1650);
  g_assert_cmpint (pf_document_get_height (document), ==, 1275);

  /* Orientation swaps the sides. */
  g_object_set (document, "orientation", PF_ORIENTATION_PORTRAIT, NULL);
  g_assert_cmpint (pf_document_get_width (document), ==, 1275);
  g_assert_cmpint (pf_document_get_height (document), ==, 1650);
  g_assert_cmpint (orientation, ==, 2);

  /* The preset property picks a preset at the current DPI and orientation. */
  g_object_set (document, "preset", "a4", NULL);
  g_assert_cmpint (pf_document_get_width (document), ==, 1240);
  g_assert_cmpint (pf_document_get_height (document), ==, 1754);

  /* A custom page keeps its pixels when the DPI changes. */
  pf_document_set_size (document, 1000, 700);
  g_assert_cmpstr (pf_document_get_preset (document)->id, ==, "custom");
  g_assert_cmpint (pf_document_get_orientation (document), ==, PF_ORIENTATION_LANDSCAPE);
  pf_document_set_dpi (document, 600);
  g_assert_cmpint (pf_document_get_width (document), ==, 1000);
  g_assert_cmpint (pf_document_get_height (document), ==, 700);
  g_assert_cmpint (pf_document_get_dpi (document), ==, 600);

  /* Sizes are clamped to the engine's limits: 32768 a side, 2^28 pixels. */
  pf_document_set_size (document, 100000, 100000);
  g_assert_cmpint (pf_document_get_width (document), ==, 32768);
  g_assert_cmpint (pf_document_get_height (document), ==, 8192);
  pf_document_set_size (document, 0, -4);
  g_assert_cmpint (pf_document_get_width (document), ==, 1);
  g_assert_cmpint (pf_document_get_height (document), ==, 1);
}

/* ---- colours ------------------------------------------------------------------------- */

static void
test_color_parse (void)
{
  struct { const char *spec; guint8 r, g, b, a; } good[] = {
    { "#fff", 0xff, 0xff, 0xff, 0xff },
    { "#F0a", 0xff, 0x00, 0xaa, 0xff },
    { "#1234", 0x11, 0x22, 0x33, 0x44 },
    { "#102030", 0x10, 0x20, 0x30, 0xff },
    { "#10203040", 0x10, 0x20, 0x30, 0x40 },
    { "#ABCDEF80", 0xab, 0xcd, 0xef, 0x80 },
    { "#00000000", 0, 0, 0, 0 },
  };
  const char *bad[] = {
    "", "#", "fff", "ffffff", "#ff", "#fffff", "#fffffff", "#fffffffff", "#ggg",
    "#12345g", "# 123456", "#123456 ", "rgb(1,2,3)", "red", "#-12345",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      PfRgba c = { 1, 2, 3, 4 };

      g_test_message ("%s", good[i].spec);
      g_assert_true (pf_rgba_parse (&c, good[i].spec));
      g_assert_cmpuint (c.r, ==, good[i].r);
      g_assert_cmpuint (c.g, ==, good[i].g);
      g_assert_cmpuint (c.b, ==, good[i].b);
      g_assert_cmpuint (c.a, ==, good[i].a);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      PfRgba c = { 1, 2, 3, 4 };

      g_test_message ("“%s”", bad[i]);
      g_assert_false (pf_rgba_parse (&c, bad[i]));
      g_assert_true (c.r == 1 && c.g == 2 && c.b == 3 && c.a == 4);   /* untouched */
    }
  {
    PfRgba c;
    g_assert_false (pf_rgba_parse (&c, NULL));
  }
}

static void
test_color_format (void)
{
  PfRgba c = { 0x0a, 0xb0, 0x0c, 0xd0 };
  g_autofree char *text = pf_rgba_to_string (&c);

  g_assert_cmpstr (text, ==, "#0ab00cd0");

  /* Every channel value survives format → parse. */
  for (guint v = 0; v < 256; v++)
    {
      PfRgba in = { v, 255 - v, (v * 7) & 0xff, (v * 13) & 0xff }, out;
      g_autofree char *s = pf_rgba_to_string (&in);

      g_assert_cmpuint (strlen (s), ==, 9);
      g_assert_true (pf_rgba_parse (&out, s));
      g_assert_true (pf_rgba_equal (&in, &out));
    }

  /* As a boxed property value. */
  {
    g_autoptr(PfStyle) style = pf_style_new ();
    g_autoptr(PfRgba) got = NULL;
    PfRgba red = { 255, 0, 0, 128 };

    g_object_set (style, "shadow-color", &red, NULL);
    g_object_get (style, "shadow-color", &got, NULL);
    g_assert_true (pf_rgba_equal (got, &red));
  }
}

/* ---- the changed signal -------------------------------------------------------------- */

static void
test_changed_flags (void)
{
  g_autoptr(PfDocument) document = document_with_cells (4);
  PfCell *cell2 = pf_document_get_cell (document, 2);
  GArray *events = record (document);
  PfRgba blue = { 0, 0, 255, 255 };
  int index;

#define EXPECT(action, flags, cell)                                       \
  G_STMT_START {                                                          \
    g_array_set_size (events, 0);                                         \
    action;                                                               \
    g_test_message ("%s", #action);                                       \
    g_assert_cmpuint (events->len, >=, 1);                                \
    g_assert_cmphex (all_changes (events, &index), ==, (flags));          \
    g_assert_cmpint (index, ==, (cell));                                  \
  } G_STMT_END

  EXPECT (pf_document_set_size (document, 2000, 3000),
          PF_DOCUMENT_CHANGE_PAGE | PF_DOCUMENT_CHANGE_LAYOUT, -1);
  EXPECT (pf_document_set_dpi (document, 200), PF_DOCUMENT_CHANGE_PAGE, -1); /* custom */
  EXPECT (pf_document_set_orientation (document, PF_ORIENTATION_LANDSCAPE),
          PF_DOCUMENT_CHANGE_PAGE | PF_DOCUMENT_CHANGE_LAYOUT, -1);
  EXPECT (pf_document_set_background_color (document, &blue),
          PF_DOCUMENT_CHANGE_BACKGROUND, -1);
  EXPECT (pf_document_set_background_type (document, PF_BACKGROUND_GRADIENT),
          PF_DOCUMENT_CHANGE_BACKGROUND, -1);
  EXPECT (pf_document_set_gradient (document, NULL, &blue, PF_GRADIENT_RADIAL),
          PF_DOCUMENT_CHANGE_BACKGROUND, -1);
  EXPECT (pf_document_set_background_photo (document, "/bg.jpg"),
          PF_DOCUMENT_CHANGE_BACKGROUND, -1);
  EXPECT (pf_document_set_background_blur (document, 3), PF_DOCUMENT_CHANGE_BACKGROUND, -1);
  EXPECT (pf_document_set_grid (document, 3, 3), PF_DOCUMENT_CHANGE_LAYOUT, -1);
  EXPECT (pf_document_set_spacing (document, 10), PF_DOCUMENT_CHANGE_LAYOUT, -1);
  EXPECT (pf_document_set_margin (document, 10), PF_DOCUMENT_CHANGE_LAYOUT, -1);
  EXPECT (pf_document_set_mosaic_seed (document, 5), PF_DOCUMENT_CHANGE_LAYOUT, -1);
  EXPECT (pf_style_set_corner_radius (pf_document_get_style (document), 30),
          PF_DOCUMENT_CHANGE_STYLE, -1);
  EXPECT (pf_style_set_shadow_enabled (pf_document_get_style (document), TRUE),
          PF_DOCUMENT_CHANGE_STYLE, -1);

  EXPECT (pf_cell_set_pan (cell2, 0.1, 0.9), PF_DOCUMENT_CHANGE_CELL, 2);
  EXPECT (pf_cell_set_zoom (cell2, 3), PF_DOCUMENT_CHANGE_CELL, 2);
  EXPECT (pf_cell_set_fit (cell2, PF_FIT_CONTAIN), PF_DOCUMENT_CHANGE_CELL, 2);
  EXPECT (pf_cell_set_flip (cell2, PF_FLIP_BOTH), PF_DOCUMENT_CHANGE_CELL, 2);
  EXPECT (pf_cell_set_photo (cell2, "/other.jpg"), PF_DOCUMENT_CHANGE_CELL, 2);
  EXPECT (pf_cell_set_rotate (cell2, 90), PF_DOCUMENT_CHANGE_CELL, 2);
  EXPECT (pf_cell_set_span (cell2, 2, 1), PF_DOCUMENT_CHANGE_CELL | PF_DOCUMENT_CHANGE_LAYOUT,
          2);
  {
    g_autoptr(PfStyle) own = pf_style_new ();
    EXPECT (pf_cell_set_style (cell2, own), PF_DOCUMENT_CHANGE_CELL, 2);
    EXPECT (pf_style_set_blur (own, 5), PF_DOCUMENT_CHANGE_CELL, 2);
  }

  /* In a mosaic, a cell's photo and rotation move rectangles too. */
  EXPECT (pf_document_set_layout_type (document, PF_LAYOUT_MOSAIC),
          PF_DOCUMENT_CHANGE_LAYOUT, -1);
  EXPECT (pf_cell_set_photo (cell2, "/third.jpg"),
          PF_DOCUMENT_CHANGE_CELL | PF_DOCUMENT_CHANGE_LAYOUT, 2);
  EXPECT (pf_cell_set_rotate (cell2, 0), PF_DOCUMENT_CHANGE_CELL | PF_DOCUMENT_CHANGE_LAYOUT,
          2);
  EXPECT (pf_cell_set_zoom (cell2, 2), PF_DOCUMENT_CHANGE_CELL, 2);

  /* Structure */
  {
    g_autoptr(PfCell) extra = pf_cell_new ("/x.jpg");
    EXPECT (pf_document_insert_cell (document, 0, extra, NULL),
            PF_DOCUMENT_CHANGE_CELLS | PF_DOCUMENT_CHANGE_LAYOUT, -1);
  }
  /* cell2 is now at 3 */
  EXPECT (pf_cell_set_zoom (cell2, 4), PF_DOCUMENT_CHANGE_CELL, 3);
  EXPECT (pf_document_move_cell (document, 3, 0),
          PF_DOCUMENT_CHANGE_CELLS | PF_DOCUMENT_CHANGE_LAYOUT, -1);
  EXPECT (pf_cell_set_zoom (cell2, 5), PF_DOCUMENT_CHANGE_CELL, 0);
  EXPECT (pf_document_swap_cells (document, 0, 4),
          PF_DOCUMENT_CHANGE_CELLS | PF_DOCUMENT_CHANGE_LAYOUT, -1);
  EXPECT (pf_cell_set_zoom (cell2, 6), PF_DOCUMENT_CHANGE_CELL, 4);
  {
    g_autoptr(PfCell) removed = g_object_ref (cell2);

    EXPECT (pf_document_remove_cell (document, 4),
            PF_DOCUMENT_CHANGE_CELLS | PF_DOCUMENT_CHANGE_LAYOUT, -1);
    /* A removed cell no longer reports to the document. */
    g_array_set_size (events, 0);
    pf_cell_set_zoom (removed, 7);
    g_assert_cmpuint (events->len, ==, 0);
  }

  /* No change, no signal. */
  g_array_set_size (events, 0);
  pf_document_set_spacing (document, 10);
  pf_style_set_corner_radius (pf_document_get_style (document), 30);
  pf_cell_set_zoom (pf_document_get_cell (document, 0),
                    pf_cell_get_zoom (pf_document_get_cell (document, 0)));
  g_assert_cmpuint (events->len, ==, 0);

  /* One call that sets several properties reports once. */
  g_array_set_size (events, 0);
  pf_document_set_size (document, 1234, 1000);
  g_assert_cmpuint (events->len, ==, 1);
  g_array_set_size (events, 0);
  g_object_set (document, "rows", 5, "columns", 5, "spacing", 11, NULL);
  g_assert_cmpuint (events->len, ==, 1);

#undef EXPECT
  stop_recording (document, events);
}

/* ---- cells --------------------------------------------------------------------------- */

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  int        *count)
{
  (*count)++;
}

static void
test_cells_edit (void)
{
  g_autoptr(PfDocument) document = document_with_cells (5);
  GListModel *model = pf_document_get_cells (document);
  int items_changed = 0, n_cells = 0;
  int expect[8];

  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &items_changed);
  g_signal_connect (document, "notify::n-cells", G_CALLBACK (count_notify), &n_cells);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);
  g_assert_true (g_list_model_get_item_type (model) == PF_TYPE_CELL);

  /* 0 1 2 3 4 → move 1 to 3 → 0 2 3 1 4 */
  pf_document_move_cell (document, 1, 3);
  expect[0] = 0, expect[1] = 2, expect[2] = 3, expect[3] = 1, expect[4] = 4;
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (cell_number (document, i), ==, expect[i]);
  g_assert_cmpint (items_changed, ==, 1);
  g_assert_cmpint (n_cells, ==, 0);

  /* move back down: 3 to 1 → 0 1 2 3 4 */
  pf_document_move_cell (document, 3, 1);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (cell_number (document, i), ==, (int) i);

  /* swap 0 and 4 → 4 1 2 3 0 */
  pf_document_swap_cells (document, 4, 0);
  expect[0] = 4, expect[1] = 1, expect[2] = 2, expect[3] = 3, expect[4] = 0;
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (cell_number (document, i), ==, expect[i]);
  g_assert_cmpint (items_changed, ==, 3);

  /* insert past the end appends; insert at 1 */
  {
    g_autoptr(PfCell) a = pf_cell_new ("/photos/10.jpg");
    g_autoptr(PfCell) b = pf_cell_new ("/photos/11.jpg");

    g_assert_true (pf_document_insert_cell (document, 99, a, NULL));
    g_assert_true (pf_document_insert_cell (document, 1, b, NULL));
    g_assert_cmpint (pf_document_find_cell (document, a), ==, 6);
    g_assert_cmpint (pf_document_find_cell (document, b), ==, 1);
  }
  g_assert_cmpuint (pf_document_get_n_cells (document), ==, 7);
  g_assert_cmpint (n_cells, ==, 2);

  /* remove: 4 11 1 2 3 0 10 → remove 0 → 11 1 2 3 0 10 */
  pf_document_remove_cell (document, 0);
  expect[0] = 11, expect[1] = 1, expect[2] = 2, expect[3] = 3, expect[4] = 0, expect[5] = 10;
  for (guint i = 0; i < 6; i++)
    g_assert_cmpint (cell_number (document, i), ==, expect[i]);
  g_assert_null (pf_document_get_cell (document, 6));
  g_assert_cmpint (pf_document_find_cell (document, NULL), ==, -1);

  pf_document_remove_all_cells (document);
  g_assert_cmpuint (pf_document_get_n_cells (document), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
}

static void
test_cells_limit (void)
{
  g_autoptr(PfDocument) document = document_with_cells (1000);
  g_autoptr(PfCell) one_more = pf_cell_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (pf_document_get_n_cells (document), ==, 1000);
  g_assert_false (pf_document_add_cell (document, one_more, &error));
  g_assert_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_TOO_MANY_CELLS);
  g_assert_cmpuint (pf_document_get_n_cells (document), ==, 1000);
}

static void
test_cell_basics (void)
{
  g_autoptr(PfCell) cell = pf_cell_new ("photos/../b.jpg");
  g_autoptr(PfCell) copy = NULL;
  g_autoptr(PfStyle) document_style = pf_style_new ();
  g_autoptr(PfStyle) own = pf_style_new ();
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *expected = g_build_filename (cwd, "b.jpg", NULL);

  /* Relative names become absolute (against the current directory) in memory. */
  g_assert_cmpstr (pf_cell_get_photo (cell), ==, expected);
  pf_cell_set_photo (cell, "");
  g_assert_null (pf_cell_get_photo (cell));
  pf_cell_set_photo (cell, "/x/y.jpg");
  g_assert_cmpstr (pf_cell_get_photo (cell), ==, "/x/y.jpg");

  /* rotate_by wraps into 0..360 */
  pf_cell_rotate_by (cell, 270);
  pf_cell_rotate_by (cell, 90);
  g_assert_cmpfloat (pf_cell_get_rotate (cell), ==, 0);
  pf_cell_rotate_by (cell, -90);
  g_assert_cmpfloat (pf_cell_get_rotate (cell), ==, 270);
  pf_cell_set_rotate (cell, 12.5);
  g_assert_cmpfloat (pf_cell_get_rotate (cell), ==, 12.5);

  /* The aspect ratio shown: swapped by quarter turns, 3:2 without a photo. */
  pf_cell_set_rotate (cell, 90);
  g_assert_cmpfloat (pf_cell_get_display_aspect (cell, 400, 300), ==, 0.75);
  pf_cell_set_rotate (cell, 180);
  g_assert_cmpfloat (pf_cell_get_display_aspect (cell, 400, 300), ==, 400.0 / 300);
  pf_cell_set_rotate (cell, -270);
  g_assert_cmpfloat (pf_cell_get_display_aspect (cell, 400, 300), ==, 0.75);
  g_assert_cmpfloat (pf_cell_get_display_aspect (cell, 0, 0), ==, 1.5);

  /* Style override */
  g_assert_true (pf_cell_get_effective_style (cell, document_style) == document_style);
  pf_cell_set_style (cell, own);
  g_assert_true (pf_cell_get_effective_style (cell, document_style) == own);

  /* Copies are deep: the style too. */
  pf_style_set_corner_radius (own, 8);
  copy = pf_cell_copy (cell);
  g_assert_cmpstr (pf_cell_get_photo (copy), ==, "/x/y.jpg");
  g_assert_nonnull (pf_cell_get_style (copy));
  g_assert_true (pf_cell_get_style (copy) != own);
  g_assert_true (pf_style_equal (pf_cell_get_style (copy), own));
  pf_cell_set_style (cell, NULL);
  g_assert_true (pf_cell_get_effective_style (cell, document_style) == document_style);
}

static void
test_style_engine_params (void)
{
  g_autoptr(PfStyle) style = pf_style_new ();
  PfShadow shadow;
  PfStroke stroke;
  PfRgba c = { 10, 20, 30, 40 };

  g_assert_false (pf_style_get_engine_shadow (style, &shadow));   /* off by default */
  g_assert_false (pf_style_get_engine_stroke (style, &stroke));   /* width 0 */

  pf_style_set_shadow_enabled (style, TRUE);
  pf_style_set_shadow_dx (style, -3);
  pf_style_set_shadow_color (style, &c);
  g_assert_true (pf_style_get_engine_shadow (style, &shadow));
  g_assert_cmpint (shadow.dx, ==, -3);
  g_assert_cmpint (shadow.dy, ==, 12);
  g_assert_cmpfloat (shadow.blur, ==, 24);
  g_assert_true (shadow.color.r == 10 && shadow.color.a == 40);
  g_assert_false (shadow.inner);

  pf_style_set_stroke_width (style, 4);
  pf_style_set_corner_radius (style, 9);
  pf_style_set_stroke_position (style, PF_STROKE_CENTER);
  g_assert_true (pf_style_get_engine_stroke (style, &stroke));
  g_assert_cmpfloat (stroke.width, ==, 4);
  g_assert_cmpfloat (stroke.corner_radius, ==, 9);
  g_assert_cmpint (stroke.position, ==, PF_STROKE_CENTER);
}

/* ---- snapshots ----------------------------------------------------------------------- */

static void
test_snapshot_restore (void)
{
  g_autoptr(PfDocument) document = document_with_cells (3);
  g_autoptr(JsonNode) before = NULL;
  g_autofree char *text_before = NULL;
  g_autofree char *text_after = NULL;
  PfCell *first = pf_document_get_cell (document, 0);
  GArray *events;
  int index;

  pf_cell_set_zoom (first, 2);
  pf_style_set_corner_radius (pf_document_get_style (document), 16);
  before = pf_document_to_json (document);
  text_before = pf_project_to_data (document, NULL, NULL);

  /* Edit a lot, then restore. */
  pf_document_set_grid (document, 5, 5);
  pf_cell_set_zoom (first, 3);
  pf_style_set_corner_radius (pf_document_get_style (document), 2);
  pf_document_remove_cell (document, 2);
  {
    g_autoptr(PfCell) cell = pf_cell_new ("/new.jpg");
    g_autoptr(PfCell) other = pf_cell_new ("/newer.jpg");

    pf_document_add_cell (document, cell, NULL);
    pf_document_add_cell (document, other, NULL);
  }

  events = record (document);
  g_assert_true (pf_document_load_json (document, before, NULL));
  text_after = pf_project_to_data (document, NULL, NULL);
  g_assert_cmpstr (text_after, ==, text_before);

  /* Cell objects are reused position by position; changes were reported. */
  g_assert_true (pf_document_get_cell (document, 0) == first);
  g_assert_cmpfloat (pf_cell_get_zoom (first), ==, 2);
  g_assert_cmphex (all_changes (events, &index) &
                   (PF_DOCUMENT_CHANGE_LAYOUT | PF_DOCUMENT_CHANGE_STYLE |
                    PF_DOCUMENT_CHANGE_CELL | PF_DOCUMENT_CHANGE_CELLS), ==,
                   PF_DOCUMENT_CHANGE_LAYOUT | PF_DOCUMENT_CHANGE_STYLE |
                   PF_DOCUMENT_CHANGE_CELL | PF_DOCUMENT_CHANGE_CELLS);
  stop_recording (document, events);
}

static void
test_snapshot_invalid_changes_nothing (void)
{
  g_autoptr(PfDocument) document = document_with_cells (2);
  g_autoptr(JsonNode) snapshot = pf_document_to_json (document);
  g_autofree char *text_before = pf_project_to_data (document, NULL, NULL);
  g_autofree char *text_after = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *layout;

  layout = json_object_get_object_member (json_node_get_object (snapshot), "layout");
  json_object_set_int_member (layout, "columns", 7);
  json_object_set_int_member (layout, "rows", 0);   /* bad: nothing may change */

  g_assert_false (pf_document_load_json (document, snapshot, &error));
  g_assert_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "layout.rows"));
  text_after = pf_project_to_data (document, NULL, NULL);
  g_assert_cmpstr (text_after, ==, text_before);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/document/defaults", test_defaults);
  g_test_add_func ("/document/properties/ranges-are-the-hard-limits", test_property_ranges);
  g_test_add_func ("/document/properties/setters-clamp", test_setters_clamp);
  g_test_add_func ("/document/properties/notify-only-on-change", test_notify_only_on_change);
  g_test_add_func ("/document/presets/exact-pixel-sizes", test_presets_exact_sizes);
  g_test_add_func ("/document/presets/list-for-the-ui", test_presets_list);
  g_test_add_func ("/document/presets/pixel-budget", test_presets_pixel_budget);
  g_test_add_func ("/document/page/orientation-and-dpi", test_page_orientation_and_dpi);
  g_test_add_func ("/document/color/parse", test_color_parse);
  g_test_add_func ("/document/color/format", test_color_format);
  g_test_add_func ("/document/changed/flags-say-what-changed", test_changed_flags);
  g_test_add_func ("/document/cells/add-insert-remove-move-swap", test_cells_edit);
  g_test_add_func ("/document/cells/at-most-1000", test_cells_limit);
  g_test_add_func ("/document/cell/basics", test_cell_basics);
  g_test_add_func ("/document/style/engine-parameters", test_style_engine_params);
  g_test_add_func ("/document/snapshot/restore", test_snapshot_restore);
  g_test_add_func ("/document/snapshot/invalid-changes-nothing",
                   test_snapshot_invalid_changes_nothing);

  return g_test_run ();
}
