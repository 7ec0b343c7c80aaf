/* pf-application.c — the PhotoFF editor application: one window per project */
#define G_LOG_DOMAIN "pf-application"

#include "config.h"

#include <glib/gi18n.h>

#include "pf-application.h"

#include "app/pf-project.h"
#include "pf-autosave.h"
#include "pf-resources.h"
#include "pf-window.h"

#define RESOURCE_PATH "/io/github/photoff/PhotoFF"

struct _PfApplication
{
  GtkApplication parent_instance;

  GSettings *settings;   /* NULL when the schema is not installed */
  gboolean recovery_checked;
  GHashTable *offered;   /* autosave ids with a recovery question open */
};

G_DEFINE_FINAL_TYPE (PfApplication, pf_application, GTK_TYPE_APPLICATION)

PfApplication *
pf_application_new (void)
{
  return g_object_new (PF_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}

GSettings *
pf_application_get_settings (PfApplication *self)
{
  g_return_val_if_fail (PF_IS_APPLICATION (self), NULL);

  return self->settings;
}

GFile *
pf_application_dup_folder (PfApplication *self,
                           const char    *key)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (PF_IS_APPLICATION (self), NULL);

  if (self->settings == NULL)
    return NULL;

  path = g_settings_get_string (self->settings, key);
  if (path == NULL || path[0] == '\0' || !g_file_test (path, G_FILE_TEST_IS_DIR))
    return NULL;

  return g_file_new_for_path (path);
}

void
pf_application_remember_folder (PfApplication *self,
                                const char    *key,
                                GFile         *file)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (PF_IS_APPLICATION (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->settings == NULL)
    return;

  if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
    folder = g_object_ref (file);
  else
    folder = g_file_get_parent (file);

  if (folder != NULL && (path = g_file_get_path (folder)) != NULL)
    g_settings_set_string (self->settings, key, path);
}

/* The window already showing @file, if any. */
static PfWindow *
find_window_for_file (PfApplication *self,
                      GFile         *file)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      GFile *shown;

      if (!PF_IS_WINDOW (l->data))
        continue;
      shown = pf_window_get_file (l->data);
      if (shown != NULL && g_file_equal (shown, file))
        return l->data;
    }

  return NULL;
}

/* A window nobody has touched yet (new and unchanged), which an opened file may take over
 * instead of piling up empty windows. */
static PfWindow *
find_pristine_window (PfApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (PF_IS_WINDOW (window) && pf_window_is_pristine (PF_WINDOW (window)))
    return PF_WINDOW (window);

  return NULL;
}

/* ---- Recovery ------------------------------------------------------------------------ */

/* Whether a window of ours keeps the snapshot @id (it is no leftover). */
static gboolean
autosave_is_owned (PfApplication *self,
                   const char    *id)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (PF_IS_WINDOW (l->data) && g_strcmp0 (pf_window_get_autosave_id (l->data), id) == 0)
      return TRUE;

  return FALSE;
}

static void
show_error (PfApplication *self,
            const char    *primary,
            const char    *secondary)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *dialog;

  dialog = gtk_message_dialog_new (parent, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", primary);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", secondary);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
recover_autosave (PfApplication *self,
                  const char    *id)
{
  g_autoptr(PfAutosave) autosave = pf_autosave_lookup (id);
  g_autoptr(PfDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  PfWindow *window;

  if (autosave == NULL || autosave_is_owned (self, id))
    return;

  document = pf_project_load_path (autosave->path, &error);
  if (document == NULL)
    {
      /* The snapshot stays: Discard is still there to remove it. */
      show_error (self, _("Could not recover the unsaved changes"), error->message);
      return;
    }

  /* The project may be open already (opened again after the crash): its window takes the
   * recovered changes, unless it has changes of its own that they would overwrite. */
  window = autosave->original != NULL ? find_window_for_file (self, autosave->original) : NULL;
  if (window != NULL && pf_window_is_modified (window))
    window = NULL;
  if (window == NULL)
    window = find_pristine_window (self);
  if (window == NULL)
    window = pf_window_new (self);
  pf_window_recover (window, document, autosave->original, id);
  gtk_window_present (GTK_WINDOW (window));
}

static void
recover_autosave_action (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       user_data)
{
  recover_autosave (user_data, g_variant_get_string (param, NULL));
}

static void
discard_autosave_action (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       user_data)
{
  PfApplication *self = user_data;
  const char *id = g_variant_get_string (param, NULL);

  if (!autosave_is_owned (self, id))
    pf_autosave_remove (id);
}

static void
on_recovery_response (GtkDialog     *dialog,
                      int            response,
                      PfApplication *self)
{
  g_autofree char *id = g_strdup (g_object_get_data (G_OBJECT (dialog), "pf-autosave-id"));

  g_hash_table_remove (self->offered, id);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Closing the question without an answer keeps the snapshot for the next start. */
  if (response == GTK_RESPONSE_ACCEPT)
    g_action_group_activate_action (G_ACTION_GROUP (self), "recover-autosave",
                                    g_variant_new_string (id));
  else if (response == GTK_RESPONSE_REJECT)
    g_action_group_activate_action (G_ACTION_GROUP (self), "discard-autosave",
                                    g_variant_new_string (id));
}

guint
pf_application_offer_recovery (PfApplication *self)
{
  g_autoptr(GPtrArray) list = NULL;
  GtkWindow *parent;
  guint n = 0;

  g_return_val_if_fail (PF_IS_APPLICATION (self), 0);

  parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  list = pf_autosave_list ();
  for (guint i = 0; i < list->len; i++)
    {
      PfAutosave *autosave = g_ptr_array_index (list, i);
      g_autofree char *name = NULL;
      g_autofree char *time = NULL;
      GtkWidget *dialog, *discard;

      if (autosave_is_owned (self, autosave->id) ||
          g_hash_table_contains (self->offered, autosave->id))
        continue;

      if (autosave->original != NULL)
        name = g_file_get_basename (autosave->original);
      else
        name = g_strdup (_("Untitled Collage"));
      /* TRANSLATORS: when an autosave snapshot was written; see g_date_time_format() */
      time = g_date_time_format (autosave->time, _("%Y-%m-%d %H:%M"));

      dialog = gtk_message_dialog_new (parent, GTK_DIALOG_DESTROY_WITH_PARENT,
                                       GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                       _("Recover unsaved changes to “%s” from %s?"),
                                       name, time);
      gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                                _("PhotoFF did not close properly while these "
                                                  "changes were unsaved. Discarding them "
                                                  "cannot be undone."));
      discard = gtk_dialog_add_button (GTK_DIALOG (dialog), C_("recovery", "_Discard"),
                                       GTK_RESPONSE_REJECT);
      gtk_widget_add_css_class (discard, "destructive-action");
      gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Recover"), GTK_RESPONSE_ACCEPT);
      gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
      g_object_set_data_full (G_OBJECT (dialog), "pf-autosave-id", g_strdup (autosave->id),
                              g_free);
      g_hash_table_add (self->offered, g_strdup (autosave->id));
      g_signal_connect (dialog, "response", G_CALLBACK (on_recovery_response), self);
      gtk_window_present (GTK_WINDOW (dialog));
      n++;
    }

  return n;
}

/* Once per run, when the first window is up. */
static void
check_recovery (PfApplication *self)
{
  if (self->recovery_checked)
    return;
  self->recovery_checked = TRUE;
  pf_application_offer_recovery (self);
}

static int
pf_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("photoff %s\n", PACKAGE_VERSION);
      return 0;
    }

  return -1;   /* go on */
}

static void
pf_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (pf_window_new (PF_APPLICATION (app)));

  gtk_window_present (window);
  check_recovery (PF_APPLICATION (app));
}

static void
pf_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  PfApplication *self = PF_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      PfWindow *window = find_window_for_file (self, files[i]);

      if (window == NULL)
        {
          window = find_pristine_window (self);
          if (window == NULL)
            window = pf_window_new (self);
          pf_window_open_file (window, files[i]);
        }

      gtk_window_present (GTK_WINDOW (window));
    }

  check_recovery (self);
}

/* ---- Actions ------------------------------------------------------------------------- */

static void
new_action (GSimpleAction *action,
            GVariant      *param,
            gpointer       user_data)
{
  PfApplication *self = user_data;

  gtk_window_present (GTK_WINDOW (pf_window_new (self)));
}

static void
on_open_response (GtkNativeDialog *dialog,
                  int              response,
                  PfApplication   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      guint n = g_list_model_get_n_items (files);
      g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (array, g_list_model_get_item (files, i));

      if (n > 0)
        {
          pf_application_remember_folder (self, "last-folder", g_ptr_array_index (array, 0));
          g_application_open (G_APPLICATION (self), (GFile **) array->pdata, (int) n, "");
        }
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
open_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  PfApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  g_autoptr(GFile) folder = NULL;
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Open Project"), parent,
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);

  gtk_file_filter_set_name (filter, _("PhotoFF projects"));
  gtk_file_filter_add_pattern (filter, "*.photoff");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (dialog), filter);

  folder = pf_application_dup_folder (self, "last-folder");
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, NULL);

  g_signal_connect (dialog, "response", G_CALLBACK (on_open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Opens one project by URI: the Open Recent menu's items. */
static void
open_uri_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  PfApplication *self = user_data;
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (param, NULL));
  GFile *files[] = { file };

  g_application_open (G_APPLICATION (self), files, 1, "");
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  PfApplication *self = user_data;
  g_autoptr(GList) windows = NULL;

  /* Each window asks about its own unsaved changes; the application ends with the last. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  PfApplication *self = user_data;
  static const char *developers[] = { "The PhotoFF authors", NULL };

  gtk_show_about_dialog (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "program-name", _("PhotoFF"),
                         "logo-icon-name", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Lay out photos on a print-ready page"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", developers,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  PfApplication *self = user_data;
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *shortcuts;

  builder = gtk_builder_new_from_resource (RESOURCE_PATH "/pf-shortcuts.ui");
  shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts"));
  gtk_window_set_transient_for (shortcuts,
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_set_application (shortcuts, GTK_APPLICATION (self));
  gtk_window_present (shortcuts);
}

static const GActionEntry app_actions[] = {
  { "new", new_action },
  { "open", open_action },
  { "open-uri", open_uri_action, "s" },
  { "quit", quit_action },
  { "about", about_action },
  { "shortcuts", shortcuts_action },
  { "recover-autosave", recover_autosave_action, "s" },
  { "discard-autosave", discard_autosave_action, "s" },
};

static const struct
{
  const char *action;
  const char *accels[4];
} accels[] = {
  { "app.new", { "<Control>n", NULL } },
  { "app.open", { "<Control>o", NULL } },
  { "app.quit", { "<Control>q", NULL } },
  { "app.shortcuts", { "<Control>question", NULL } },
  { "win.save", { "<Control>s", NULL } },
  { "win.save-as", { "<Shift><Control>s", NULL } },
  { "win.export", { "<Control>e", NULL } },
  { "win.undo", { "<Control>z", NULL } },
  { "win.redo", { "<Shift><Control>z", "<Control>y", NULL } },
  { "win.zoom-in", { "<Control>plus", "<Control>equal", "<Control>KP_Add" } },
  { "win.zoom-out", { "<Control>minus", "<Control>KP_Subtract", NULL } },
  { "win.zoom-fit", { "<Control>0", "<Control>KP_0", NULL } },
  { "win.add-photos", { "<Control>i", NULL } },
  { "win.close", { "<Control>w", NULL } },
  /* win.remove-cell (Delete) is bound by the window itself, in the bubble phase, so that
   * Delete still edits text in entries and spin buttons. */
};

static void
load_settings (PfApplication *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* Run from the build tree the schema is usually not installed: go on with defaults. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

  if (schema != NULL)
    self->settings = g_settings_new_full (schema, NULL, NULL);
  else
    g_debug ("Settings schema %s not installed; using defaults", APP_ID);
}

static void
load_css (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, RESOURCE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
pf_application_startup (GApplication *app)
{
  PfApplication *self = PF_APPLICATION (app);

  G_APPLICATION_CLASS (pf_application_parent_class)->startup (app);

  g_set_application_name (_("PhotoFF"));
  gtk_window_set_default_icon_name (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);

  load_settings (self);
  load_css ();
}

static void
pf_application_dispose (GObject *object)
{
  PfApplication *self = PF_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->offered, g_hash_table_unref);

  G_OBJECT_CLASS (pf_application_parent_class)->dispose (object);
}

static void
pf_application_class_init (PfApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = pf_application_dispose;

  app_class->handle_local_options = pf_application_handle_local_options;
  app_class->startup = pf_application_startup;
  app_class->activate = pf_application_activate;
  app_class->open = pf_application_open;

  /* Linking the resource in from a static library needs a reference to it. */
  (void) pf_ui_get_resource ();
}

static void
pf_application_init (PfApplication *self)
{
  self->offered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_application_set_option_context_parameter_string (G_APPLICATION (self),
                                                     _("[FILE.photoff]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Lay out photos on a print-ready page. "
                                              "Without a file, a new collage opens."));
  g_application_add_main_option (G_APPLICATION (self), "version", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_NONE, _("Show the version and quit"), NULL);
}
