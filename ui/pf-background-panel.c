/* pf-background-panel.c — the side panel page for the page background */
#define G_LOG_DOMAIN "pf-background-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "pf-background-panel.h"

#include "pf-ui-util.h"

struct _PfBackgroundPanel
{
  GtkWidget parent_instance;

  PfDocument *document;
  GPtrArray *bindings;
  gboolean syncing;

  GtkToggleButton *type_color;
  GtkToggleButton *type_gradient;
  GtkToggleButton *type_photo;
  GtkStack *type_stack;
  GtkWidget *background_color;
  GtkWidget *gradient_from;
  GtkWidget *gradient_to;
  GtkDropDown *gradient_direction;
  GtkLabel *photo_name;
  GtkAdjustment *photo_blur_adjustment;
  GtkSpinButton *photo_blur_spin;
  GtkWidget *photo_color;
};

G_DEFINE_FINAL_TYPE (PfBackgroundPanel, pf_background_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOCUMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_type (PfBackgroundPanel *self)
{
  static const char *pages[] = { "color", "gradient", "photo" };
  PfBackgroundType type;
  GtkToggleButton *button;

  if (self->document == NULL)
    return;

  type = pf_document_get_background_type (self->document);
  switch (type)
    {
    case PF_BACKGROUND_GRADIENT:
      button = self->type_gradient;
      break;
    case PF_BACKGROUND_PHOTO:
      button = self->type_photo;
      break;
    case PF_BACKGROUND_COLOR:
    default:
      type = PF_BACKGROUND_COLOR;
      button = self->type_color;
      break;
    }

  self->syncing = TRUE;
  gtk_toggle_button_set_active (button, TRUE);
  self->syncing = FALSE;
  gtk_stack_set_visible_child_name (self->type_stack, pages[type]);
}

static void
update_photo (PfBackgroundPanel *self)
{
  const char *photo;
  g_autofree char *name = NULL;

  if (self->document == NULL)
    return;

  photo = pf_document_get_background_photo (self->document);
  if (photo != NULL)
    name = g_path_get_basename (photo);

  gtk_label_set_text (self->photo_name, name != NULL ? name : _("Choose…"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->photo_name), photo);
}

static void
on_document_notify (PfDocument        *document,
                    GParamSpec        *pspec,
                    PfBackgroundPanel *self)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "background-type"))
    update_type (self);
  else if (g_str_equal (name, "background-photo"))
    update_photo (self);
}

static void
on_type_toggled (GtkToggleButton   *button,
                 PfBackgroundPanel *self)
{
  PfBackgroundType type;

  if (self->syncing || self->document == NULL || !gtk_toggle_button_get_active (button))
    return;

  if (button == self->type_gradient)
    type = PF_BACKGROUND_GRADIENT;
  else if (button == self->type_photo)
    type = PF_BACKGROUND_PHOTO;
  else
    type = PF_BACKGROUND_COLOR;

  pf_document_set_background_type (self->document, type);
}

static void
on_photo_response (GtkNativeDialog   *dialog,
                   int                response,
                   PfBackgroundPanel *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->document != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        {
          pf_document_set_background_photo (self->document, path);
          pf_document_set_background_type (self->document, PF_BACKGROUND_PHOTO);
        }
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
on_photo_clicked (PfBackgroundPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *dialog;
  const char *photo;

  dialog = gtk_file_chooser_native_new (_("Choose a Background Photo"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_pixbuf_formats (filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);

  photo = self->document != NULL ? pf_document_get_background_photo (self->document) : NULL;
  if (photo != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (photo);
      g_autoptr(GFile) folder = g_file_get_parent (file);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, NULL);
    }

  g_signal_connect (dialog, "response", G_CALLBACK (on_photo_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

GtkWidget *
pf_background_panel_new (void)
{
  return g_object_new (PF_TYPE_BACKGROUND_PANEL, NULL);
}

PfDocument *
pf_background_panel_get_document (PfBackgroundPanel *self)
{
  g_return_val_if_fail (PF_IS_BACKGROUND_PANEL (self), NULL);

  return self->document;
}

void
pf_background_panel_set_document (PfBackgroundPanel *self,
                                  PfDocument        *document)
{
  g_return_if_fail (PF_IS_BACKGROUND_PANEL (self));
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
      g_ptr_array_add (self->bindings,
                       pf_bind_rgba (document, "background-color", self->background_color));
      g_ptr_array_add (self->bindings,
                       pf_bind_rgba (document, "background-color", self->photo_color));
      g_ptr_array_add (self->bindings,
                       pf_bind_rgba (document, "gradient-from", self->gradient_from));
      g_ptr_array_add (self->bindings,
                       pf_bind_rgba (document, "gradient-to", self->gradient_to));
      g_ptr_array_add (self->bindings,
                       pf_bind_enum_dropdown (document, "gradient-direction",
                                              self->gradient_direction));
      g_ptr_array_add (self->bindings,
                       pf_bind_adjustment (document, "background-blur",
                                           self->photo_blur_adjustment));
      g_ptr_array_add (self->bindings,
                       pf_bind_adjustment (document, "background-blur",
                                           gtk_spin_button_get_adjustment (self->photo_blur_spin)));
      update_type (self);
      update_photo (self);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self), document != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

static void
pf_background_panel_dispose (GObject *object)
{
  PfBackgroundPanel *self = PF_BACKGROUND_PANEL (object);
  GtkWidget *child;

  pf_background_panel_set_document (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PF_TYPE_BACKGROUND_PANEL);
  /* The template's box is not bound to a field: unparent it ourselves. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (pf_background_panel_parent_class)->dispose (object);
}

static void
pf_background_panel_finalize (GObject *object)
{
  PfBackgroundPanel *self = PF_BACKGROUND_PANEL (object);

  g_ptr_array_unref (self->bindings);

  G_OBJECT_CLASS (pf_background_panel_parent_class)->finalize (object);
}

static void
pf_background_panel_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  PfBackgroundPanel *self = PF_BACKGROUND_PANEL (object);

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
pf_background_panel_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  PfBackgroundPanel *self = PF_BACKGROUND_PANEL (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      pf_background_panel_set_document (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pf_background_panel_class_init (PfBackgroundPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pf_background_panel_dispose;
  object_class->finalize = pf_background_panel_finalize;
  object_class->get_property = pf_background_panel_get_property;
  object_class->set_property = pf_background_panel_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, PF_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/photoff/PhotoFF/pf-background-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, PfBackgroundPanel, type_color);
  gtk_widget_class_bind_template_child (widget_class, PfBackgroundPanel, type_gradient);
  gtk_widget_class_bind_template_child (widget_class, PfBackgroundPanel, type_photo);
  gtk_widget_class_bind_template_child (widget_class, PfBackgroundPanel, type_stack);
  gtk_widget_class_bind_template_child (widget_class, PfBackgroundPanel, background_color);
  gtk_widget_class_bind_template_child (widget_class, PfBackgroundPanel, gradient_from);
  gtk_widget_class_bind_template_child (widget_class, PfBackgroundPanel, gradient_to);
  gtk_widget_class_bind_template_child (widget_class, PfBackgroundPanel, gradient_direction);
  gtk_widget_class_bind_template_child (widget_class, PfBackgroundPanel, photo_name);
  gtk_widget_class_bind_template_child (widget_class, PfBackgroundPanel, photo_blur_adjustment);
  gtk_widget_class_bind_template_child (widget_class, PfBackgroundPanel, photo_blur_spin);
  gtk_widget_class_bind_template_child (widget_class, PfBackgroundPanel, photo_color);
  gtk_widget_class_bind_template_callback (widget_class, on_photo_clicked);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
pf_background_panel_init (PfBackgroundPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->bindings = pf_bindings_new ();

  gtk_spin_button_set_range (self->photo_blur_spin, 0, PF_DOCUMENT_MAX_BACKGROUND_BLUR);
  gtk_spin_button_set_increments (self->photo_blur_spin, 1, 10);

  g_signal_connect (self->type_color, "toggled", G_CALLBACK (on_type_toggled), self);
  g_signal_connect (self->type_gradient, "toggled", G_CALLBACK (on_type_toggled), self);
  g_signal_connect (self->type_photo, "toggled", G_CALLBACK (on_type_toggled), self);

  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
}
