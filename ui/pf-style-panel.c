/* pf-style-panel.c — the side panel page for how photos look: corners, blur, shadow, border */
#define G_LOG_DOMAIN "pf-style-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "pf-style-panel.h"

#include "app/pf-style.h"
#include "pf-ui-util.h"

struct _PfStylePanel
{
  GtkWidget parent_instance;

  PfDocument *document;
  PfCell *cell;                 /* selected, or NULL */
  gulong cell_style_handler;
  GPtrArray *bindings;

  GtkSwitch *own_switch;
  GtkLabel *scope_label;

  GtkAdjustment *radius_adjustment;
  GtkSpinButton *radius_spin;
  GtkAdjustment *blur_adjustment;
  GtkSpinButton *blur_spin;
  GtkSwitch *shadow_switch;
  GtkWidget *shadow_grid;
  GtkAdjustment *shadow_dx_adjustment;
  GtkSpinButton *shadow_dx_spin;
  GtkAdjustment *shadow_dy_adjustment;
  GtkSpinButton *shadow_dy_spin;
  GtkAdjustment *shadow_blur_adjustment;
  GtkSpinButton *shadow_blur_spin;
  GtkAdjustment *shadow_spread_adjustment;
  GtkSpinButton *shadow_spread_spin;
  GtkWidget *shadow_color;
  GtkAdjustment *stroke_width_adjustment;
  GtkSpinButton *stroke_width_spin;
  GtkWidget *stroke_color;
  GtkDropDown *stroke_position;
};

G_DEFINE_FINAL_TYPE (PfStylePanel, pf_style_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOCUMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
pf_style_panel_new (void)
{
  return g_object_new (PF_TYPE_STYLE_PANEL, NULL);
}

PfDocument *
pf_style_panel_get_document (PfStylePanel *self)
{
  g_return_val_if_fail (PF_IS_STYLE_PANEL (self), NULL);

  return self->document;
}

static void
bind_value (PfStylePanel  *self,
            PfStyle       *style,
            const char    *property,
            GtkAdjustment *scale_adjustment,
            GtkSpinButton *spin)
{
  g_ptr_array_add (self->bindings, pf_bind_adjustment (style, property, scale_adjustment));
  g_ptr_array_add (self->bindings,
                   pf_bind_adjustment (style, property, gtk_spin_button_get_adjustment (spin)));
}

/* Binds the controls to the style being edited: the selected cell's own, else the page's. */
static void
rebind (PfStylePanel *self)
{
  PfStyle *own = self->cell != NULL ? pf_cell_get_style (self->cell) : NULL;
  PfStyle *style;

  g_ptr_array_set_size (self->bindings, 0);

  g_signal_handlers_block_matched (self->own_switch, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_switch_set_active (self->own_switch, own != NULL);
  g_signal_handlers_unblock_matched (self->own_switch, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                     self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->own_switch), self->cell != NULL);
  gtk_label_set_label (self->scope_label,
                       self->cell == NULL ? _("Every photo follows the page’s style. Select a photo "
                                              "to give it a style of its own.")
                       : own != NULL      ? _("Editing this photo’s own style.")
                                          : _("Editing the page’s style, which this photo "
                                              "shares with the others."));

  if (self->document == NULL)
    return;
  style = own != NULL ? own : pf_document_get_style (self->document);

  bind_value (self, style, "corner-radius", self->radius_adjustment, self->radius_spin);
  bind_value (self, style, "blur", self->blur_adjustment, self->blur_spin);
  g_ptr_array_add (self->bindings,
                   pf_bind_boolean (style, "shadow-enabled", self->shadow_switch, "active"));
  bind_value (self, style, "shadow-dx", self->shadow_dx_adjustment, self->shadow_dx_spin);
  bind_value (self, style, "shadow-dy", self->shadow_dy_adjustment, self->shadow_dy_spin);
  bind_value (self, style, "shadow-blur", self->shadow_blur_adjustment, self->shadow_blur_spin);
  bind_value (self, style, "shadow-spread", self->shadow_spread_adjustment,
              self->shadow_spread_spin);
  g_ptr_array_add (self->bindings, pf_bind_rgba (style, "shadow-color", self->shadow_color));
  bind_value (self, style, "stroke-width", self->stroke_width_adjustment,
              self->stroke_width_spin);
  g_ptr_array_add (self->bindings, pf_bind_rgba (style, "stroke-color", self->stroke_color));
  g_ptr_array_add (self->bindings,
                   pf_bind_enum_dropdown (style, "stroke-position", self->stroke_position));
}

void
pf_style_panel_set_document (PfStylePanel *self,
                             PfDocument   *document)
{
  g_return_if_fail (PF_IS_STYLE_PANEL (self));
  g_return_if_fail (document == NULL || PF_IS_DOCUMENT (document));

  if (self->document == document)
    return;

  pf_style_panel_set_cell (self, NULL);
  g_set_object (&self->document, document);
  rebind (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self), document != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

void
pf_style_panel_set_cell (PfStylePanel *self,
                         PfCell       *cell)
{
  g_return_if_fail (PF_IS_STYLE_PANEL (self));
  g_return_if_fail (cell == NULL || PF_IS_CELL (cell));

  if (self->cell == cell)
    return;

  if (self->cell != NULL)
    g_clear_signal_handler (&self->cell_style_handler, self->cell);
  g_set_object (&self->cell, cell);
  /* Undo, or another view, may give or take the cell's own style. */
  if (cell != NULL)
    self->cell_style_handler = g_signal_connect_swapped (cell, "notify::style",
                                                         G_CALLBACK (rebind), self);
  rebind (self);
}

static void
on_own_switch_active (PfStylePanel *self)
{
  gboolean own = gtk_switch_get_active (self->own_switch);

  if (self->cell == NULL || self->document == NULL
      || own == (pf_cell_get_style (self->cell) != NULL))
    return;
  if (own)
    {
      /* It starts as the page's style, so nothing changes until it is edited. */
      g_autoptr (PfStyle) copy = pf_style_copy (pf_document_get_style (self->document));
      pf_cell_set_style (self->cell, copy);
    }
  else
    pf_cell_set_style (self->cell, NULL);
}

static void
pf_style_panel_dispose (GObject *object)
{
  PfStylePanel *self = PF_STYLE_PANEL (object);
  GtkWidget *child;

  pf_style_panel_set_document (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PF_TYPE_STYLE_PANEL);
  /* The template's box is not bound to a field: unparent it ourselves. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (pf_style_panel_parent_class)->dispose (object);
}

static void
pf_style_panel_finalize (GObject *object)
{
  PfStylePanel *self = PF_STYLE_PANEL (object);

  g_ptr_array_unref (self->bindings);

  G_OBJECT_CLASS (pf_style_panel_parent_class)->finalize (object);
}

static void
pf_style_panel_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PfStylePanel *self = PF_STYLE_PANEL (object);

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
pf_style_panel_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PfStylePanel *self = PF_STYLE_PANEL (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      pf_style_panel_set_document (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pf_style_panel_class_init (PfStylePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pf_style_panel_dispose;
  object_class->finalize = pf_style_panel_finalize;
  object_class->get_property = pf_style_panel_get_property;
  object_class->set_property = pf_style_panel_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, PF_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/photoff/PhotoFF/pf-style-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, PfStylePanel, own_switch);
  gtk_widget_class_bind_template_child (widget_class, PfStylePanel, scope_label);
  gtk_widget_class_bind_template_child (widget_class, PfStylePanel, radius_adjustment);
  gtk_widget_class_bind_template_child (widget_class, PfStylePanel, radius_spin);
  gtk_widget_class_bind_template_child (widget_class, PfStylePanel, blur_adjustment);
  gtk_widget_class_bind_template_child (widget_class, PfStylePanel, blur_spin);
  gtk_widget_class_bind_template_child (widget_class, PfStylePanel, shadow_switch);
  gtk_widget_class_bind_template_child (widget_class, PfStylePanel, shadow_grid);
  gtk_widget_class_bind_template_child (widget_class, PfStylePanel, shadow_dx_adjustment);
  gtk_widget_class_bind_template_child (widget_class, PfStylePanel, shadow_dx_spin);
  gtk_widget_class_bind_template_child (widget_class, PfStylePanel, shadow_dy_adjustment);
  gtk_widget_class_bind_template_child (widget_class, PfStylePanel, shadow_dy_spin);
  gtk_widget_class_bind_template_child (widget_class, PfStylePanel, shadow_blur_adjustment);
  gtk_widget_class_bind_template_child (widget_class, PfStylePanel, shadow_blur_spin);
  gtk_widget_class_bind_template_child (widget_class, PfStylePanel, shadow_spread_adjustment);
  gtk_widget_class_bind_template_child (widget_class, PfStylePanel, shadow_spread_spin);
  gtk_widget_class_bind_template_child (widget_class, PfStylePanel, shadow_color);
  gtk_widget_class_bind_template_child (widget_class, PfStylePanel, stroke_width_adjustment);
  gtk_widget_class_bind_template_child (widget_class, PfStylePanel, stroke_width_spin);
  gtk_widget_class_bind_template_child (widget_class, PfStylePanel, stroke_color);
  gtk_widget_class_bind_template_child (widget_class, PfStylePanel, stroke_position);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
pf_style_panel_init (PfStylePanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->bindings = pf_bindings_new ();

  /* The spin buttons take whatever the engine accepts; the sliders suggest a range. */
  gtk_spin_button_set_range (self->radius_spin, 0, PF_STYLE_MAX_CORNER_RADIUS);
  gtk_spin_button_set_increments (self->radius_spin, 1, 10);
  gtk_spin_button_set_range (self->blur_spin, 0, PF_STYLE_MAX_BLUR);
  gtk_spin_button_set_increments (self->blur_spin, 1, 5);
  gtk_spin_button_set_range (self->shadow_dx_spin, -PF_STYLE_MAX_SHADOW_OFFSET,
                             PF_STYLE_MAX_SHADOW_OFFSET);
  gtk_spin_button_set_increments (self->shadow_dx_spin, 1, 5);
  gtk_spin_button_set_range (self->shadow_dy_spin, -PF_STYLE_MAX_SHADOW_OFFSET,
                             PF_STYLE_MAX_SHADOW_OFFSET);
  gtk_spin_button_set_increments (self->shadow_dy_spin, 1, 5);
  gtk_spin_button_set_range (self->shadow_blur_spin, 0, PF_STYLE_MAX_BLUR);
  gtk_spin_button_set_increments (self->shadow_blur_spin, 1, 5);
  gtk_spin_button_set_range (self->shadow_spread_spin, -PF_STYLE_MAX_SHADOW_SPREAD,
                             PF_STYLE_MAX_SHADOW_SPREAD);
  gtk_spin_button_set_increments (self->shadow_spread_spin, 1, 5);
  gtk_spin_button_set_range (self->stroke_width_spin, 0, PF_STYLE_MAX_STROKE_WIDTH);
  gtk_spin_button_set_increments (self->stroke_width_spin, 1, 5);

  g_object_bind_property (self->shadow_switch, "active", self->shadow_grid, "sensitive",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (self->own_switch, "notify::active",
                            G_CALLBACK (on_own_switch_active), self);
  rebind (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
}
