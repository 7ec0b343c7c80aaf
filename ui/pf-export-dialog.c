/* pf-export-dialog.c — exporting the page as a print-resolution image */
#define G_LOG_DOMAIN "pf-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "pf-export-dialog.h"

#include "app/pf-page.h"
#include "app/pf-project.h"
#include "pf-window-private.h"

struct _PfExportDialog
{
  GtkWindow parent_instance;

  PfWindow *window;
  GFile *folder;
  GCancellable *cancellable;
  gboolean running;

  GtkButton *cancel_button;
  GtkButton *export_button;
  GtkWidget *settings_grid;
  GtkEntry *name_entry;
  GtkLabel *folder_name;
  GtkToggleButton *format_png;
  GtkToggleButton *format_jpeg;
  GtkSpinButton *dpi_spin;
  GtkLabel *pixels_info;
  GtkAdjustment *quality_adjustment;
  GtkSpinButton *quality_spin;
  GtkWidget *quality_scale;
  GtkWidget *quality_label;
  GtkRevealer *progress_revealer;
  GtkProgressBar *progress_bar;
  GtkLabel *progress_status;
};

G_DEFINE_FINAL_TYPE (PfExportDialog, pf_export_dialog, GTK_TYPE_WINDOW)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The application's settings when they have @key (an older installed schema may not). */
static GSettings *
settings_with_key (PfExportDialog *self,
                   const char     *key)
{
  GtkApplication *app = self->window != NULL
                        ? gtk_window_get_application (GTK_WINDOW (self->window)) : NULL;
  GSettings *settings = PF_IS_APPLICATION (app)
                        ? pf_application_get_settings (PF_APPLICATION (app)) : NULL;
  g_autoptr(GSettingsSchema) schema = NULL;

  if (settings == NULL)
    return NULL;
  g_object_get (settings, "settings-schema", &schema, NULL);
  return schema != NULL && g_settings_schema_has_key (schema, key) ? settings : NULL;
}

static PfExportFormat
get_format (PfExportDialog *self)
{
  return gtk_toggle_button_get_active (self->format_jpeg) ? PF_EXPORT_JPEG : PF_EXPORT_PNG;
}

static const char *
format_extension (PfExportFormat format)
{
  return format == PF_EXPORT_JPEG ? ".jpg" : ".png";
}

static void
update_folder_label (PfExportDialog *self)
{
  g_autofree char *name = g_file_get_parse_name (self->folder);

  gtk_label_set_text (self->folder_name, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->folder_name), name);
}

/* The page's pixels at the chosen resolution, as the export will make them. */
static void
get_export_size (PfExportDialog *self,
                 int            *width,
                 int            *height,
                 double         *factor)
{
  PfDocument *document = self->window->document;
  int dpi = gtk_spin_button_get_value_as_int (self->dpi_spin);
  int doc_dpi = pf_document_get_dpi (document);

  *factor = (double) dpi / doc_dpi;
  *width = MAX (1, (int) (pf_document_get_width (document) * *factor + 0.5));
  *height = MAX (1, (int) (pf_document_get_height (document) * *factor + 0.5));
}

static void
update_sensitivity (PfExportDialog *self)
{
  gboolean jpeg = get_format (self) == PF_EXPORT_JPEG;
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_entry));
  int width, height;
  double factor;
  g_autofree char *pixels = NULL;
  gboolean valid;

  if (self->window == NULL)   /* still being built, or already closed */
    return;

  get_export_size (self, &width, &height, &factor);
  valid = pf_page_size_is_valid (width, height);
  pixels = valid ? g_strdup_printf (_("%d × %d pixels"), width, height)
                 : g_strdup (_("Too large to export"));
  gtk_label_set_text (self->pixels_info, pixels);

  gtk_widget_set_sensitive (self->quality_scale, jpeg);
  gtk_widget_set_sensitive (GTK_WIDGET (self->quality_spin), jpeg);
  gtk_widget_set_sensitive (self->quality_label, jpeg);
  gtk_widget_set_sensitive (self->settings_grid, !self->running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button),
                            !self->running && valid && name[0] != '\0' &&
                            strchr (name, '/') == NULL);
}

static void
on_name_changed (PfExportDialog *self)
{
  update_sensitivity (self);
}

static void
on_dpi_changed (PfExportDialog *self)
{
  update_sensitivity (self);
}

/* Switching format renames the file to match, as users expect of an export dialog. */
static void
on_format_toggled (PfExportDialog  *self,
                   GtkToggleButton *button)
{
  const char *name;
  const char *dot;
  g_autofree char *base = NULL;
  g_autofree char *renamed = NULL;

  if (!gtk_toggle_button_get_active (button))
    return;

  name = gtk_editable_get_text (GTK_EDITABLE (self->name_entry));
  dot = strrchr (name, '.');
  base = dot != NULL ? g_strndup (name, dot - name) : g_strdup (name);
  renamed = g_strconcat (base, format_extension (get_format (self)), NULL);
  if (g_strcmp0 (renamed, name) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->name_entry), renamed);

  update_sensitivity (self);
}

static void
on_folder_response (GtkNativeDialog *dialog,
                    int              response,
                    PfExportDialog  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (folder != NULL)
        {
          g_set_object (&self->folder, folder);
          update_folder_label (self);
        }
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
on_folder_clicked (PfExportDialog *self)
{
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Export To Folder"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                        _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), self->folder, NULL);
  g_signal_connect (dialog, "response", G_CALLBACK (on_folder_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- Running ------------------------------------------------------------------------- */

static void
on_progress (double      fraction,
             const char *stage,
             gpointer    user_data)
{
  PfExportDialog *self = user_data;

  if (!self->running)
    return;
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_label_set_text (self->progress_status, stage);
}

static void
set_running (PfExportDialog *self,
             gboolean        running)
{
  /* Focus leaves the settings before they turn insensitive: GTK 4.8 warns when a
   * focused entry loses sensitivity. Cancel is what one may want next anyway. */
  if (running)
    gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));
  self->running = running;
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  update_sensitivity (self);
}

static void
on_export_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PfExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = self->window != NULL ? pf_export_dialog_dup_file (self) : NULL;
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  if (self->window == NULL)
    {
      /* Closed meanwhile (which cancelled): nobody is looking. */
      pf_render_worker_export_finish (PF_RENDER_WORKER (source), result, NULL);
      return;
    }

  set_running (self, FALSE);
  g_clear_object (&self->cancellable);

  if (!pf_render_worker_export_finish (PF_RENDER_WORKER (source), result, &error))
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_text (self->progress_status, _("Export cancelled; no file was written."));
          g_signal_emit (self, signals[FINISHED], 0, NULL, NULL);
        }
      else
        {
          gtk_label_set_text (self->progress_status, error->message);
          g_signal_emit (self, signals[FINISHED], 0, NULL, error->message);
        }
      return;
    }

  {
    GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self->window));
    g_autofree char *name = g_file_get_basename (file);
    g_autofree char *status = g_strdup_printf (_("Exported “%s”"), name);

    GSettings *settings;

    if (PF_IS_APPLICATION (app))
      pf_application_remember_folder (PF_APPLICATION (app), "last-export-folder", self->folder);
    /* The next export proposes the same format and quality. */
    if ((settings = settings_with_key (self, "export-format")) != NULL)
      g_settings_set_enum (settings, "export-format", get_format (self));
    if ((settings = settings_with_key (self, "export-jpeg-quality")) != NULL)
      g_settings_set_int (settings, "export-jpeg-quality",
                          (int) gtk_adjustment_get_value (self->quality_adjustment));
    gtk_label_set_text (self->window->render_label, status);
  }

  g_signal_emit (self, signals[FINISHED], 0, path, NULL);
  /* Let the focused entry see its focus go before it goes (else GTK warns). */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_window_destroy (GTK_WINDOW (self));
}

void
pf_export_dialog_start (PfExportDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PfRenderSpec) spec = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  PfSaveOptions options = { 0 };
  int width, height;
  double factor;

  g_return_if_fail (PF_IS_EXPORT_DIALOG (self));

  if (self->running)
    return;

  spec = pf_render_spec_new_from_document (self->window->document, NULL, &error);
  if (spec == NULL)
    {
      gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
      gtk_label_set_text (self->progress_status, error->message);
      g_signal_emit (self, signals[FINISHED], 0, NULL, error->message);
      return;
    }

  /* Another resolution is the same page with more or fewer pixels: scale the spec
   * (which scales its DPI too, so the print size stays). */
  get_export_size (self, &width, &height, &factor);
  if (factor != 1.0)
    pf_render_spec_scale (spec, factor);

  file = pf_export_dialog_dup_file (self);
  path = g_file_get_path (file);
  options.dpi = gtk_spin_button_get_value_as_int (self->dpi_spin);
  options.compression = -1;
  options.quality = (int) gtk_adjustment_get_value (self->quality_adjustment);

  self->cancellable = g_cancellable_new ();
  set_running (self, TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_text (self->progress_status, _("Starting…"));

  pf_render_worker_export_async (self->window->worker, spec, path, get_format (self), &options,
                                 self->cancellable, on_progress, g_object_ref (self),
                                 g_object_unref, on_export_done, g_object_ref (self));
}

gboolean
pf_export_dialog_get_running (PfExportDialog *self)
{
  g_return_val_if_fail (PF_IS_EXPORT_DIALOG (self), FALSE);

  return self->running;
}

void
pf_export_dialog_cancel (PfExportDialog *self)
{
  g_return_if_fail (PF_IS_EXPORT_DIALOG (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
on_replace_response (GtkDialog      *dialog,
                     int             response,
                     PfExportDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == GTK_RESPONSE_ACCEPT)
    pf_export_dialog_start (self);
}

static void
on_export_clicked (PfExportDialog *self)
{
  g_autoptr(GFile) file = pf_export_dialog_dup_file (self);
  g_autofree char *name = NULL;
  GtkWidget *dialog;
  GtkWidget *replace;

  if (!g_file_query_exists (file, NULL))
    {
      pf_export_dialog_start (self);
      return;
    }

  name = g_file_get_basename (file);
  dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Replace “%s”?"), name);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            _("A file with this name already exists in the "
                                              "folder. Replacing it overwrites its contents."));
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
  replace = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Replace"), GTK_RESPONSE_ACCEPT);
  gtk_widget_add_css_class (replace, "destructive-action");
  g_signal_connect (dialog, "response", G_CALLBACK (on_replace_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_cancel_clicked (PfExportDialog *self)
{
  if (self->running)
    pf_export_dialog_cancel (self);
  else
    gtk_window_close (GTK_WINDOW (self));
}

/* ---- Public API ---------------------------------------------------------------------- */

static GFile *
default_folder (PfExportDialog *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self->window));
  GFile *folder = NULL;
  const char *pictures;

  if (PF_IS_APPLICATION (app))
    folder = pf_application_dup_folder (PF_APPLICATION (app), "last-export-folder");
  if (folder == NULL && self->window->file != NULL)
    folder = g_file_get_parent (self->window->file);
  if (folder == NULL && (pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES)) != NULL)
    folder = g_file_new_for_path (pictures);
  if (folder == NULL)
    folder = g_file_new_for_path (g_get_home_dir ());

  return folder;
}

PfExportDialog *
pf_export_dialog_new (PfWindow *window)
{
  PfExportDialog *self;
  g_autofree char *name = NULL;

  g_return_val_if_fail (PF_IS_WINDOW (window), NULL);

  self = g_object_new (PF_TYPE_EXPORT_DIALOG,
                       "transient-for", window,
                       "application", gtk_window_get_application (GTK_WINDOW (window)),
                       NULL);
  self->window = g_object_ref (window);
  self->folder = default_folder (self);
  update_folder_label (self);

  if (window->file != NULL)
    {
      g_autofree char *base = g_file_get_basename (window->file);

      if (g_str_has_suffix (base, PF_PROJECT_EXTENSION))
        base[strlen (base) - strlen (PF_PROJECT_EXTENSION)] = '\0';
      name = g_strconcat (base, ".png", NULL);
    }
  else
    {
      name = g_strdup (_("Collage.png"));
    }
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name);

  {
    GSettings *settings;

    /* What was used last time; the name's extension follows the format. */
    if ((settings = settings_with_key (self, "export-format")) != NULL)
      pf_export_dialog_set_format (self, g_settings_get_enum (settings, "export-format") == 1
                                         ? PF_EXPORT_JPEG : PF_EXPORT_PNG);
    if ((settings = settings_with_key (self, "export-jpeg-quality")) != NULL)
      gtk_adjustment_set_value (self->quality_adjustment,
                                g_settings_get_int (settings, "export-jpeg-quality"));
  }

  gtk_spin_button_set_value (self->dpi_spin, pf_document_get_dpi (window->document));
  update_sensitivity (self);

  return self;
}

void
pf_export_dialog_set_file (PfExportDialog *self,
                           GFile          *file)
{
  g_autofree char *name = NULL;

  g_return_if_fail (PF_IS_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  g_clear_object (&self->folder);
  self->folder = g_file_get_parent (file);
  update_folder_label (self);

  name = g_file_get_basename (file);
  if (g_str_has_suffix (name, ".jpg") || g_str_has_suffix (name, ".jpeg") ||
      g_str_has_suffix (name, ".JPG") || g_str_has_suffix (name, ".JPEG"))
    pf_export_dialog_set_format (self, PF_EXPORT_JPEG);
  else if (g_str_has_suffix (name, ".png") || g_str_has_suffix (name, ".PNG"))
    pf_export_dialog_set_format (self, PF_EXPORT_PNG);
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name);
}

GFile *
pf_export_dialog_dup_file (PfExportDialog *self)
{
  g_return_val_if_fail (PF_IS_EXPORT_DIALOG (self), NULL);

  return g_file_get_child (self->folder, gtk_editable_get_text (GTK_EDITABLE (self->name_entry)));
}

void
pf_export_dialog_set_format (PfExportDialog *self,
                             PfExportFormat  format)
{
  g_return_if_fail (PF_IS_EXPORT_DIALOG (self));

  gtk_toggle_button_set_active (format == PF_EXPORT_JPEG ? self->format_jpeg : self->format_png,
                                TRUE);
}

void
pf_export_dialog_set_dpi (PfExportDialog *self,
                          int             dpi)
{
  g_return_if_fail (PF_IS_EXPORT_DIALOG (self));

  gtk_spin_button_set_value (self->dpi_spin, dpi);
}

/* ---- GObject ------------------------------------------------------------------------- */

static gboolean
pf_export_dialog_close_request (GtkWindow *window)
{
  PfExportDialog *self = PF_EXPORT_DIALOG (window);

  /* Closing while exporting cancels: nothing keeps running unseen. */
  pf_export_dialog_cancel (self);
  return GDK_EVENT_PROPAGATE;
}

static void
pf_export_dialog_dispose (GObject *object)
{
  PfExportDialog *self = PF_EXPORT_DIALOG (object);

  pf_export_dialog_cancel (self);
  self->running = FALSE;
  gtk_widget_dispose_template (GTK_WIDGET (self), PF_TYPE_EXPORT_DIALOG);
  g_clear_object (&self->window);
  g_clear_object (&self->folder);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (pf_export_dialog_parent_class)->dispose (object);
}

static void
pf_export_dialog_class_init (PfExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pf_export_dialog_dispose;
  window_class->close_request = pf_export_dialog_close_request;

  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/photoff/PhotoFF/pf-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PfExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, PfExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, PfExportDialog, settings_grid);
  gtk_widget_class_bind_template_child (widget_class, PfExportDialog, name_entry);
  gtk_widget_class_bind_template_child (widget_class, PfExportDialog, folder_name);
  gtk_widget_class_bind_template_child (widget_class, PfExportDialog, format_png);
  gtk_widget_class_bind_template_child (widget_class, PfExportDialog, format_jpeg);
  gtk_widget_class_bind_template_child (widget_class, PfExportDialog, dpi_spin);
  gtk_widget_class_bind_template_child (widget_class, PfExportDialog, pixels_info);
  gtk_widget_class_bind_template_child (widget_class, PfExportDialog, quality_adjustment);
  gtk_widget_class_bind_template_child (widget_class, PfExportDialog, quality_spin);
  gtk_widget_class_bind_template_child (widget_class, PfExportDialog, quality_scale);
  gtk_widget_class_bind_template_child (widget_class, PfExportDialog, quality_label);
  gtk_widget_class_bind_template_child (widget_class, PfExportDialog, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, PfExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PfExportDialog, progress_status);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_dpi_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_format_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_folder_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pf_export_dialog_init (PfExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_spin_button_set_range (self->dpi_spin, PF_PAGE_MIN_DPI, PF_PAGE_MAX_DPI);
  gtk_spin_button_set_increments (self->dpi_spin, 1, 50);
  gtk_spin_button_set_adjustment (self->quality_spin, self->quality_adjustment);
  gtk_adjustment_set_value (self->quality_adjustment, 92);
}
