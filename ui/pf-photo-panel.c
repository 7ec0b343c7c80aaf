/* pf-photo-panel.c — the side panel page for the selected cell's photo */
#define G_LOG_DOMAIN "pf-photo-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "pf-photo-panel.h"

#include "app/pf-cell.h"
#include "pf-ui-util.h"

struct _PfPhotoPanel
{
  GtkWidget parent_instance;

  PfCell *cell;
  GPtrArray *bindings;
  gboolean syncing;

  GtkStack *stack;
  GtkLabel *photo_name;
  GtkLabel *photo_folder;
  GtkToggleButton *fit_cover;
  GtkToggleButton *fit_contain;
  GtkAdjustment *zoom_adjustment;
  GtkSpinButton *zoom_spin;
  GtkAdjustment *pan_x_adjustment;
  GtkSpinButton *pan_x_spin;
  GtkAdjustment *pan_y_adjustment;
  GtkSpinButton *pan_y_spin;
  GtkAdjustment *angle_adjustment;
  GtkSpinButton *angle_spin;
  GtkToggleButton *flip_h;
  GtkToggleButton *flip_v;
};

G_DEFINE_FINAL_TYPE (PfPhotoPanel, pf_photo_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CELL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_photo (PfPhotoPanel *self)
{
  const char *photo = pf_cell_get_photo (self->cell);

  if (photo == NULL)
    {
      gtk_label_set_text (self->photo_name, _("Empty Cell"));
      gtk_label_set_text (self->photo_folder, _("Replace it with a photo, or drop one on it"));
    }
  else
    {
      g_autofree char *name = g_path_get_basename (photo);
      g_autofree char *folder = g_path_get_dirname (photo);

      gtk_label_set_text (self->photo_name, name);
      gtk_label_set_text (self->photo_folder, folder);
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->photo_name), photo);
}

static void
update_toggles (PfPhotoPanel *self)
{
  PfFlip flip = pf_cell_get_flip (self->cell);

  self->syncing = TRUE;
  gtk_toggle_button_set_active (pf_cell_get_fit (self->cell) == PF_FIT_CONTAIN
                                ? self->fit_contain : self->fit_cover, TRUE);
  gtk_toggle_button_set_active (self->flip_h, flip == PF_FLIP_HORIZONTAL || flip == PF_FLIP_BOTH);
  gtk_toggle_button_set_active (self->flip_v, flip == PF_FLIP_VERTICAL || flip == PF_FLIP_BOTH);
  self->syncing = FALSE;
}

static void
on_cell_notify (PfCell       *cell,
                GParamSpec   *pspec,
                PfPhotoPanel *self)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "photo"))
    update_photo (self);
  else if (g_str_equal (name, "fit") || g_str_equal (name, "flip"))
    update_toggles (self);
}

static void
on_fit_toggled (GtkToggleButton *button,
                PfPhotoPanel    *self)
{
  if (self->syncing || self->cell == NULL || !gtk_toggle_button_get_active (button))
    return;

  pf_cell_set_fit (self->cell, button == self->fit_contain ? PF_FIT_CONTAIN : PF_FIT_COVER);
}

static void
on_flip_toggled (GtkToggleButton *button,
                 PfPhotoPanel    *self)
{
  gboolean h, v;

  if (self->syncing || self->cell == NULL)
    return;

  h = gtk_toggle_button_get_active (self->flip_h);
  v = gtk_toggle_button_get_active (self->flip_v);
  pf_cell_set_flip (self->cell, h && v ? PF_FLIP_BOTH
                                : h ? PF_FLIP_HORIZONTAL
                                : v ? PF_FLIP_VERTICAL
                                : PF_FLIP_NONE);
}

static void
on_rotate_left (PfPhotoPanel *self)
{
  if (self->cell != NULL)
    pf_cell_rotate_by (self->cell, -90);
}

static void
on_rotate_right (PfPhotoPanel *self)
{
  if (self->cell != NULL)
    pf_cell_rotate_by (self->cell, 90);
}

static void
on_replace_response (GtkNativeDialog *dialog,
                     int              response,
                     PfPhotoPanel    *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->cell != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        pf_cell_set_photo (self->cell, path);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
on_replace_clicked (PfPhotoPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *dialog;
  const char *photo;

  if (self->cell == NULL)
    return;

  dialog = gtk_file_chooser_native_new (_("Replace Photo"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Replace"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_pixbuf_formats (filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);

  photo = pf_cell_get_photo (self->cell);
  if (photo != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (photo);
      g_autoptr(GFile) folder = g_file_get_parent (file);

      if (folder != NULL && g_file_query_exists (folder, NULL))
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, NULL);
    }

  g_signal_connect (dialog, "response", G_CALLBACK (on_replace_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

GtkWidget *
pf_photo_panel_new (void)
{
  return g_object_new (PF_TYPE_PHOTO_PANEL, NULL);
}

PfCell *
pf_photo_panel_get_cell (PfPhotoPanel *self)
{
  g_return_val_if_fail (PF_IS_PHOTO_PANEL (self), NULL);

  return self->cell;
}

static void
bind_value (PfPhotoPanel  *self,
            const char    *property,
            GtkAdjustment *scale_adjustment,
            GtkSpinButton *spin)
{
  g_ptr_array_add (self->bindings, pf_bind_adjustment (self->cell, property, scale_adjustment));
  g_ptr_array_add (self->bindings,
                   pf_bind_adjustment (self->cell, property,
                                       gtk_spin_button_get_adjustment (spin)));
}

void
pf_photo_panel_set_cell (PfPhotoPanel *self,
                         PfCell       *cell)
{
  g_return_if_fail (PF_IS_PHOTO_PANEL (self));
  g_return_if_fail (cell == NULL || PF_IS_CELL (cell));

  if (self->cell == cell)
    return;

  g_ptr_array_set_size (self->bindings, 0);
  if (self->cell != NULL)
    g_signal_handlers_disconnect_by_func (self->cell, on_cell_notify, self);
  g_set_object (&self->cell, cell);

  if (cell != NULL)
    {
      g_signal_connect (cell, "notify", G_CALLBACK (on_cell_notify), self);
      bind_value (self, "zoom", self->zoom_adjustment, self->zoom_spin);
      bind_value (self, "pan-x", self->pan_x_adjustment, self->pan_x_spin);
      bind_value (self, "pan-y", self->pan_y_adjustment, self->pan_y_spin);
      bind_value (self, "rotate", self->angle_adjustment, self->angle_spin);
      update_photo (self);
      update_toggles (self);
    }

  gtk_stack_set_visible_child_name (self->stack, cell != NULL ? "cell" : "empty");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CELL]);
}

static void
pf_photo_panel_dispose (GObject *object)
{
  PfPhotoPanel *self = PF_PHOTO_PANEL (object);
  GtkWidget *child;

  pf_photo_panel_set_cell (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PF_TYPE_PHOTO_PANEL);
  /* The template's box is not bound to a field: unparent it ourselves. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (pf_photo_panel_parent_class)->dispose (object);
}

static void
pf_photo_panel_finalize (GObject *object)
{
  PfPhotoPanel *self = PF_PHOTO_PANEL (object);

  g_ptr_array_unref (self->bindings);

  G_OBJECT_CLASS (pf_photo_panel_parent_class)->finalize (object);
}

static void
pf_photo_panel_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PfPhotoPanel *self = PF_PHOTO_PANEL (object);

  switch (prop_id)
    {
    case PROP_CELL:
      g_value_set_object (value, self->cell);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pf_photo_panel_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PfPhotoPanel *self = PF_PHOTO_PANEL (object);

  switch (prop_id)
    {
    case PROP_CELL:
      pf_photo_panel_set_cell (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pf_photo_panel_class_init (PfPhotoPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pf_photo_panel_dispose;
  object_class->finalize = pf_photo_panel_finalize;
  object_class->get_property = pf_photo_panel_get_property;
  object_class->set_property = pf_photo_panel_set_property;

  properties[PROP_CELL] =
    g_param_spec_object ("cell", NULL, NULL, PF_TYPE_CELL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/photoff/PhotoFF/pf-photo-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, PfPhotoPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, PfPhotoPanel, photo_name);
  gtk_widget_class_bind_template_child (widget_class, PfPhotoPanel, photo_folder);
  gtk_widget_class_bind_template_child (widget_class, PfPhotoPanel, fit_cover);
  gtk_widget_class_bind_template_child (widget_class, PfPhotoPanel, fit_contain);
  gtk_widget_class_bind_template_child (widget_class, PfPhotoPanel, zoom_adjustment);
  gtk_widget_class_bind_template_child (widget_class, PfPhotoPanel, zoom_spin);
  gtk_widget_class_bind_template_child (widget_class, PfPhotoPanel, pan_x_adjustment);
  gtk_widget_class_bind_template_child (widget_class, PfPhotoPanel, pan_x_spin);
  gtk_widget_class_bind_template_child (widget_class, PfPhotoPanel, pan_y_adjustment);
  gtk_widget_class_bind_template_child (widget_class, PfPhotoPanel, pan_y_spin);
  gtk_widget_class_bind_template_child (widget_class, PfPhotoPanel, angle_adjustment);
  gtk_widget_class_bind_template_child (widget_class, PfPhotoPanel, angle_spin);
  gtk_widget_class_bind_template_child (widget_class, PfPhotoPanel, flip_h);
  gtk_widget_class_bind_template_child (widget_class, PfPhotoPanel, flip_v);
  gtk_widget_class_bind_template_callback (widget_class, on_replace_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_rotate_left);
  gtk_widget_class_bind_template_callback (widget_class, on_rotate_right);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
pf_photo_panel_init (PfPhotoPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->bindings = pf_bindings_new ();

  gtk_spin_button_set_range (self->zoom_spin, 1, PF_CELL_MAX_ZOOM);
  gtk_spin_button_set_increments (self->zoom_spin, 0.05, 0.5);
  gtk_spin_button_set_range (self->pan_x_spin, 0, 1);
  gtk_spin_button_set_increments (self->pan_x_spin, 0.01, 0.1);
  gtk_spin_button_set_range (self->pan_y_spin, 0, 1);
  gtk_spin_button_set_increments (self->pan_y_spin, 0.01, 0.1);
  gtk_spin_button_set_range (self->angle_spin, -PF_CELL_MAX_ROTATE, PF_CELL_MAX_ROTATE);
  gtk_spin_button_set_increments (self->angle_spin, 1, 15);

  g_signal_connect (self->fit_cover, "toggled", G_CALLBACK (on_fit_toggled), self);
  g_signal_connect (self->fit_contain, "toggled", G_CALLBACK (on_fit_toggled), self);
  g_signal_connect (self->flip_h, "toggled", G_CALLBACK (on_flip_toggled), self);
  g_signal_connect (self->flip_v, "toggled", G_CALLBACK (on_flip_toggled), self);
}
