/* pf-layout-panel.c — the side panel page for page size and arrangement */
#define G_LOG_DOMAIN "pf-layout-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "pf-layout-panel.h"

#include "app/pf-page.h"
#include "pf-ui-util.h"

struct _PfLayoutPanel
{
  GtkWidget parent_instance;

  PfDocument *document;
  GPtrArray *bindings;
  guint n_unplaced;
  gboolean syncing;

  GtkDropDown *preset_dropdown;
  GtkDropDown *orientation_dropdown;
  GtkSpinButton *dpi_spin;
  GtkSpinButton *width_spin;
  GtkSpinButton *height_spin;
  GtkLabel *page_size_info;
  GtkToggleButton *grid_button;
  GtkToggleButton *mosaic_button;
  GtkWidget *rows_label;
  GtkWidget *rows_scale;
  GtkSpinButton *rows_spin;
  GtkWidget *columns_label;
  GtkWidget *columns_scale;
  GtkSpinButton *columns_spin;
  GtkSpinButton *spacing_spin;
  GtkSpinButton *margin_spin;
  GtkWidget *shuffle_button;
  GtkAdjustment *rows_adjustment;
  GtkAdjustment *columns_adjustment;
  GtkAdjustment *spacing_adjustment;
  GtkAdjustment *margin_adjustment;
  GtkLabel *cells_info;
};

G_DEFINE_FINAL_TYPE (PfLayoutPanel, pf_layout_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOCUMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_page (PfLayoutPanel *self)
{
  const PfPagePreset *preset;
  const PfPagePreset *presets;
  guint n_presets;
  int width, height, dpi;
  g_autofree char *text = NULL;

  if (self->document == NULL)
    return;

  width = pf_document_get_width (self->document);
  height = pf_document_get_height (self->document);
  dpi = pf_document_get_dpi (self->document);

  preset = pf_document_get_preset (self->document);
  presets = pf_page_presets (&n_presets);
  self->syncing = TRUE;
  for (guint i = 0; i < n_presets; i++)
    if (&presets[i] == preset || g_str_equal (presets[i].id, preset->id))
      gtk_drop_down_set_selected (self->preset_dropdown, i);
  self->syncing = FALSE;

  /* TRANSLATORS: the page's printed size: millimetres, then inches */
  text = g_strdup_printf (_("%.0f × %.0f mm, %.1f × %.1f in"),
                          pf_page_pixels_to_mm (width, dpi), pf_page_pixels_to_mm (height, dpi),
                          (double) width / dpi, (double) height / dpi);
  gtk_label_set_text (self->page_size_info, text);
}

static void
update_layout (PfLayoutPanel *self)
{
  gboolean grid;
  guint n_cells;
  g_autofree char *text = NULL;

  if (self->document == NULL)
    return;

  grid = pf_document_get_layout_type (self->document) == PF_LAYOUT_GRID;
  self->syncing = TRUE;
  gtk_toggle_button_set_active (grid ? self->grid_button : self->mosaic_button, TRUE);
  self->syncing = FALSE;

  /* A mosaic makes its own rows: the grid's numbers mean nothing there. */
  gtk_widget_set_sensitive (self->rows_label, grid);
  gtk_widget_set_sensitive (self->rows_scale, grid);
  gtk_widget_set_sensitive (GTK_WIDGET (self->rows_spin), grid);
  gtk_widget_set_sensitive (self->columns_label, grid);
  gtk_widget_set_sensitive (self->columns_scale, grid);
  gtk_widget_set_sensitive (GTK_WIDGET (self->columns_spin), grid);

  n_cells = pf_document_get_n_cells (self->document);
  if (self->n_unplaced > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u photo does not fit the grid: add rows or columns.",
                                         "%u photos do not fit the grid: add rows or columns.",
                                         self->n_unplaced),
                            self->n_unplaced);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u cell on the page.",
                                         "%u cells on the page.", n_cells),
                            n_cells);
  gtk_label_set_text (self->cells_info, text);
}

static void
on_document_notify (PfDocument    *document,
                    GParamSpec    *pspec,
                    PfLayoutPanel *self)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "width") || g_str_equal (name, "height") ||
      g_str_equal (name, "dpi") || g_str_equal (name, "preset"))
    update_page (self);
  else if (g_str_equal (name, "layout-type") || g_str_equal (name, "n-cells"))
    update_layout (self);
}

static void
on_preset_selected (GtkDropDown   *dropdown,
                    GParamSpec    *pspec,
                    PfLayoutPanel *self)
{
  const PfPagePreset *presets;
  guint n_presets, selected;
  g_autoptr(GError) error = NULL;

  if (self->syncing || self->document == NULL)
    return;

  presets = pf_page_presets (&n_presets);
  selected = gtk_drop_down_get_selected (dropdown);
  if (selected >= n_presets || g_str_equal (presets[selected].id, "custom"))
    {
      /* "Custom" is what editing the pixels gives; choosing it changes nothing. */
      update_page (self);
      return;
    }

  if (!pf_document_set_page (self->document, presets[selected].id,
                             pf_document_get_orientation (self->document), 0, &error))
    {
      g_warning ("Could not set the page size: %s", error->message);
      update_page (self);
    }
}

static void
on_layout_toggled (GtkToggleButton *button,
                   PfLayoutPanel   *self)
{
  if (self->syncing || self->document == NULL || !gtk_toggle_button_get_active (button))
    return;

  pf_document_set_layout_type (self->document,
                               button == self->mosaic_button ? PF_LAYOUT_MOSAIC
                                                             : PF_LAYOUT_GRID);
}

static void
on_shuffle_clicked (PfLayoutPanel *self)
{
  guint n;

  if (self->document == NULL)
    return;

  if (pf_document_get_layout_type (self->document) == PF_LAYOUT_MOSAIC)
    {
      guint32 seed;

      /* 0 means "the cells' own order": never pick it, nor the seed already in use. */
      do
        seed = g_random_int ();
      while (seed == 0 || seed == pf_document_get_mosaic_seed (self->document));
      pf_document_set_mosaic_seed (self->document, seed);
      return;
    }

  /* A grid shows the cells in order: shuffle the order (Fisher–Yates). */
  n = pf_document_get_n_cells (self->document);
  for (guint i = n; i > 1; i--)
    {
      guint j = (guint) g_random_int_range (0, (gint32) i);

      if (j != i - 1)
        pf_document_swap_cells (self->document, i - 1, j);
    }
}

GtkWidget *
pf_layout_panel_new (void)
{
  return g_object_new (PF_TYPE_LAYOUT_PANEL, NULL);
}

PfDocument *
pf_layout_panel_get_document (PfLayoutPanel *self)
{
  g_return_val_if_fail (PF_IS_LAYOUT_PANEL (self), NULL);

  return self->document;
}

void
pf_layout_panel_set_document (PfLayoutPanel *self,
                              PfDocument    *document)
{
  g_return_if_fail (PF_IS_LAYOUT_PANEL (self));
  g_return_if_fail (document == NULL || PF_IS_DOCUMENT (document));

  if (self->document == document)
    return;

  g_ptr_array_set_size (self->bindings, 0);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_func (self->document, on_document_notify, self);
  g_set_object (&self->document, document);

  if (document != NULL)
    {
      g_signal_connect (document, "notify", G_CALLBACK (on_document_notify), self);

#define BIND(prop, adj) g_ptr_array_add (self->bindings, pf_bind_adjustment (document, prop, adj))
      BIND ("dpi", gtk_spin_button_get_adjustment (self->dpi_spin));
      BIND ("width", gtk_spin_button_get_adjustment (self->width_spin));
      BIND ("height", gtk_spin_button_get_adjustment (self->height_spin));
      BIND ("rows", self->rows_adjustment);
      BIND ("rows", gtk_spin_button_get_adjustment (self->rows_spin));
      BIND ("columns", self->columns_adjustment);
      BIND ("columns", gtk_spin_button_get_adjustment (self->columns_spin));
      BIND ("spacing", self->spacing_adjustment);
      BIND ("spacing", gtk_spin_button_get_adjustment (self->spacing_spin));
      BIND ("margin", self->margin_adjustment);
      BIND ("margin", gtk_spin_button_get_adjustment (self->margin_spin));
#undef BIND
      g_ptr_array_add (self->bindings,
                       pf_bind_enum_dropdown (document, "orientation",
                                              self->orientation_dropdown));
      update_page (self);
      update_layout (self);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self), document != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

void
pf_layout_panel_set_unplaced (PfLayoutPanel *self,
                              guint          n_unplaced)
{
  g_return_if_fail (PF_IS_LAYOUT_PANEL (self));

  if (self->n_unplaced == n_unplaced)
    return;
  self->n_unplaced = n_unplaced;
  update_layout (self);
}

static void
pf_layout_panel_dispose (GObject *object)
{
  PfLayoutPanel *self = PF_LAYOUT_PANEL (object);
  GtkWidget *child;

  pf_layout_panel_set_document (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PF_TYPE_LAYOUT_PANEL);
  /* The template's box is not bound to a field: unparent it ourselves. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (pf_layout_panel_parent_class)->dispose (object);
}

static void
pf_layout_panel_finalize (GObject *object)
{
  PfLayoutPanel *self = PF_LAYOUT_PANEL (object);

  g_ptr_array_unref (self->bindings);

  G_OBJECT_CLASS (pf_layout_panel_parent_class)->finalize (object);
}

static void
pf_layout_panel_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PfLayoutPanel *self = PF_LAYOUT_PANEL (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pf_layout_panel_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PfLayoutPanel *self = PF_LAYOUT_PANEL (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      pf_layout_panel_set_document (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pf_layout_panel_class_init (PfLayoutPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pf_layout_panel_dispose;
  object_class->finalize = pf_layout_panel_finalize;
  object_class->get_property = pf_layout_panel_get_property;
  object_class->set_property = pf_layout_panel_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, PF_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/photoff/PhotoFF/pf-layout-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, PfLayoutPanel, preset_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PfLayoutPanel, orientation_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PfLayoutPanel, dpi_spin);
  gtk_widget_class_bind_template_child (widget_class, PfLayoutPanel, width_spin);
  gtk_widget_class_bind_template_child (widget_class, PfLayoutPanel, height_spin);
  gtk_widget_class_bind_template_child (widget_class, PfLayoutPanel, page_size_info);
  gtk_widget_class_bind_template_child (widget_class, PfLayoutPanel, grid_button);
  gtk_widget_class_bind_template_child (widget_class, PfLayoutPanel, mosaic_button);
  gtk_widget_class_bind_template_child (widget_class, PfLayoutPanel, rows_label);
  gtk_widget_class_bind_template_child (widget_class, PfLayoutPanel, rows_scale);
  gtk_widget_class_bind_template_child (widget_class, PfLayoutPanel, rows_spin);
  gtk_widget_class_bind_template_child (widget_class, PfLayoutPanel, columns_label);
  gtk_widget_class_bind_template_child (widget_class, PfLayoutPanel, columns_scale);
  gtk_widget_class_bind_template_child (widget_class, PfLayoutPanel, columns_spin);
  gtk_widget_class_bind_template_child (widget_class, PfLayoutPanel, spacing_spin);
  gtk_widget_class_bind_template_child (widget_class, PfLayoutPanel, margin_spin);
  gtk_widget_class_bind_template_child (widget_class, PfLayoutPanel, shuffle_button);
  gtk_widget_class_bind_template_child (widget_class, PfLayoutPanel, rows_adjustment);
  gtk_widget_class_bind_template_child (widget_class, PfLayoutPanel, columns_adjustment);
  gtk_widget_class_bind_template_child (widget_class, PfLayoutPanel, spacing_adjustment);
  gtk_widget_class_bind_template_child (widget_class, PfLayoutPanel, margin_adjustment);
  gtk_widget_class_bind_template_child (widget_class, PfLayoutPanel, cells_info);
  gtk_widget_class_bind_template_callback (widget_class, on_shuffle_clicked);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
pf_layout_panel_init (PfLayoutPanel *self)
{
  g_autoptr(GtkStringList) presets_model = gtk_string_list_new (NULL);
  const PfPagePreset *presets;
  guint n_presets;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->bindings = pf_bindings_new ();

  presets = pf_page_presets (&n_presets);
  for (guint i = 0; i < n_presets; i++)
    gtk_string_list_append (presets_model, pf_page_preset_get_label (&presets[i]));
  gtk_drop_down_set_model (self->preset_dropdown, G_LIST_MODEL (presets_model));

  /* The spin buttons take any value the document accepts; the sliders suggest a range. */
  gtk_spin_button_set_range (self->dpi_spin, PF_PAGE_MIN_DPI, PF_PAGE_MAX_DPI);
  gtk_spin_button_set_increments (self->dpi_spin, 1, 50);
  gtk_spin_button_set_range (self->width_spin, 1, PF_PAGE_MAX_SIDE);
  gtk_spin_button_set_increments (self->width_spin, 1, 100);
  gtk_spin_button_set_range (self->height_spin, 1, PF_PAGE_MAX_SIDE);
  gtk_spin_button_set_increments (self->height_spin, 1, 100);
  gtk_spin_button_set_range (self->rows_spin, 1, PF_DOCUMENT_MAX_ROWS);
  gtk_spin_button_set_increments (self->rows_spin, 1, 1);
  gtk_spin_button_set_range (self->columns_spin, 1, PF_DOCUMENT_MAX_COLUMNS);
  gtk_spin_button_set_increments (self->columns_spin, 1, 1);
  gtk_spin_button_set_range (self->spacing_spin, 0, PF_DOCUMENT_MAX_SPACING);
  gtk_spin_button_set_increments (self->spacing_spin, 1, 10);
  gtk_spin_button_set_range (self->margin_spin, 0, PF_DOCUMENT_MAX_MARGIN);
  gtk_spin_button_set_increments (self->margin_spin, 1, 10);

  g_signal_connect (self->preset_dropdown, "notify::selected",
                    G_CALLBACK (on_preset_selected), self);
  g_signal_connect (self->grid_button, "toggled", G_CALLBACK (on_layout_toggled), self);
  g_signal_connect (self->mosaic_button, "toggled", G_CALLBACK (on_layout_toggled), self);

  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
}
