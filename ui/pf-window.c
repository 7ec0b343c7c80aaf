/* pf-window.c — one project's editor window */
#define G_LOG_DOMAIN "pf-window"

#include "config.h"

#include <glib/gi18n.h>

#include "pf-window.h"

#include "app/pf-project.h"
#include "pf-autosave.h"
#include "pf-window-private.h"

#define RECENT_MIME_TYPE "application/x-photoff"
#define MAX_RECENT 10
#define DEFAULT_WIDTH 1280
#define DEFAULT_HEIGHT 840

G_DEFINE_FINAL_TYPE (PfWindow, pf_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- Small helpers ------------------------------------------------------------------- */

static PfApplication *
get_app (PfWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return PF_IS_APPLICATION (app) ? PF_APPLICATION (app) : NULL;
}

static GSettings *
get_settings (PfWindow *self)
{
  PfApplication *app = get_app (self);

  return app != NULL ? pf_application_get_settings (app) : NULL;
}

static PfBackend
backend_from_environment (void)
{
  const char *name = g_getenv ("PHOTOFF_BACKEND");

  if (g_strcmp0 (name, "cpu") == 0)
    return PF_BACKEND_CPU;
  if (g_strcmp0 (name, "cuda") == 0)
    return PF_BACKEND_CUDA;
  return PF_BACKEND_AUTO;
}

/* A new collage: the default page with an empty grid, ready for photos to be dropped. */
static PfDocument *
new_document (void)
{
  PfDocument *document = pf_document_new ();
  guint n = (guint) (pf_document_get_rows (document) * pf_document_get_columns (document));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PfCell) cell = pf_cell_new (NULL);

      pf_document_add_cell (document, cell, NULL);
    }

  return document;
}

void
pf_window_show_error (PfWindow   *self,
                      const char *message)
{
  g_return_if_fail (PF_IS_WINDOW (self));

  gtk_label_set_text (self->error_label, message);
  gtk_info_bar_set_revealed (self->error_bar, message != NULL);
}

static void
on_error_bar_response (PfWindow *self,
                       int       response)
{
  gtk_info_bar_set_revealed (self->error_bar, FALSE);
}

static void
on_missing_bar_response (PfWindow *self,
                         int       response)
{
  gtk_info_bar_set_revealed (self->missing_bar, FALSE);
}

/* ---- Title --------------------------------------------------------------------------- */

static void
update_title (PfWindow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *window_title = NULL;
  gboolean modified = self->history != NULL && pf_history_get_modified (self->history);

  if (self->file != NULL)
    {
      g_autoptr(GFile) parent = g_file_get_parent (self->file);
      g_autofree char *folder = parent != NULL ? g_file_get_parse_name (parent) : NULL;
      const char *home = g_get_home_dir ();

      name = g_file_get_basename (self->file);
      /* ~/Pictures rather than /home/someone/Pictures, like the file manager says it. */
      if (folder != NULL && home != NULL && g_str_has_prefix (folder, home) &&
          (folder[strlen (home)] == '/' || folder[strlen (home)] == '\0'))
        {
          char *short_folder = g_strconcat ("~", folder + strlen (home), NULL);

          g_free (folder);
          folder = short_folder;
        }
      gtk_label_set_text (self->subtitle_label, folder);
      gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), folder != NULL);
    }
  else
    {
      name = g_strdup (_("Untitled Collage"));
      gtk_label_set_text (self->subtitle_label, _("Not saved"));
      gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), TRUE);
    }

  /* TRANSLATORS: the window title of a project with unsaved changes */
  title = modified ? g_strdup_printf (_("• %s"), name) : g_strdup (name);
  gtk_label_set_text (self->title_label, title);

  window_title = g_strdup_printf ("%s – %s", title, _("PhotoFF"));
  gtk_window_set_title (GTK_WINDOW (self), window_title);
}

/* ---- Photos changed on disk --------------------------------------------------------- */

static gboolean
photos_changed_cb (gpointer user_data)
{
  PfWindow *self = user_data;

  self->photo_change_timeout = 0;
  pf_render_worker_refresh_photos (self->worker);
  pf_window_queue_render (self);
  return G_SOURCE_REMOVE;
}

static void
on_photo_file_changed (GFileMonitor      *monitor,
                       GFile             *file,
                       GFile             *other,
                       GFileMonitorEvent  event,
                       PfWindow          *self)
{
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    case G_FILE_MONITOR_EVENT_RENAMED:
      break;
    default:
      return;   /* writes in progress: wait for their end */
    }
  /* An editor's save is a burst of events: redraw once, when it is over. */
  g_clear_handle_id (&self->photo_change_timeout, g_source_remove);
  self->photo_change_timeout = g_timeout_add (250, photos_changed_cb, self);
}

static void
watch_photo (PfWindow   *self,
             GHashTable *wanted,
             const char *path)
{
  if (path == NULL || g_hash_table_contains (wanted, path))
    return;
  g_hash_table_add (wanted, g_strdup (path));
  if (g_hash_table_contains (self->photo_monitors, path))
    return;

  g_autoptr(GFile) file = g_file_new_for_path (path);
  GFileMonitor *monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
  if (monitor == NULL)
    return;   /* not watchable (some network file systems): shown as it was read */
  g_signal_connect (monitor, "changed", G_CALLBACK (on_photo_file_changed), self);
  g_hash_table_insert (self->photo_monitors, g_strdup (path), monitor);
}

static void
drop_monitor (gpointer data)
{
  GFileMonitor *monitor = data;

  g_signal_handlers_disconnect_matched (monitor, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                        on_photo_file_changed, NULL);
  g_file_monitor_cancel (monitor);
  g_object_unref (monitor);
}

/* Watches the files of the photos @spec shows, and only those: when one changes on disk
 * (saved again from a photo editor, replaced, deleted, restored), the page is redrawn. */
static void
watch_photos (PfWindow           *self,
              const PfRenderSpec *spec)
{
  g_autoptr(GHashTable) wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer path;

  for (guint i = 0; i < spec->n_cells; i++)
    watch_photo (self, wanted, spec->cells[i].photo);
  if (spec->background.kind == PF_RENDER_BACKGROUND_PHOTO)
    watch_photo (self, wanted, spec->background.photo);

  g_hash_table_iter_init (&iter, self->photo_monitors);
  while (g_hash_table_iter_next (&iter, &path, NULL))
    if (!g_hash_table_contains (wanted, path))
      g_hash_table_iter_remove (&iter);
}

/* ---- Rendering ----------------------------------------------------------------------- */

static void
submit_spec (PfWindow *self)
{
  double scale = pf_canvas_get_preview_scale (self->canvas);

  /* Until the canvas has a size it cannot say what resolution it needs; it notifies
   * preview-scale once it can. */
  self->render_waiting = self->spec != NULL && scale <= 0;
  if (self->spec == NULL || scale <= 0)
    return;

  pf_render_worker_submit (self->worker, pf_render_spec_copy (self->spec), scale);
  gtk_spinner_start (self->render_spinner);
}

static gboolean
render_idle_cb (gpointer user_data)
{
  PfWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  PfRenderSpec *spec;
  guint n_unplaced = 0;

  self->render_idle = 0;
  if (self->document == NULL)
    return G_SOURCE_REMOVE;

  spec = pf_render_spec_new_from_document (self->document, &n_unplaced, &error);
  if (spec == NULL)
    {
      /* Keep showing the last good preview; say why this one cannot be made. */
      pf_window_show_error (self, error->message);
      return G_SOURCE_REMOVE;
    }
  if (gtk_info_bar_get_revealed (self->error_bar))
    pf_window_show_error (self, NULL);

  g_clear_pointer (&self->spec, pf_render_spec_free);
  self->spec = spec;
  watch_photos (self, spec);
  /* A new page size changes the preview scale at once; submit once, below. */
  self->building_spec = TRUE;
  pf_canvas_set_layout (self->canvas, spec);
  self->building_spec = FALSE;
  pf_layout_panel_set_unplaced (self->layout_panel, n_unplaced);
  submit_spec (self);

  return G_SOURCE_REMOVE;
}

void
pf_window_queue_render (PfWindow *self)
{
  g_return_if_fail (PF_IS_WINDOW (self));

  /* One document edit may emit several changes: build the spec once, after them all. */
  if (self->render_idle == 0)
    self->render_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, render_idle_cb, self, NULL);
}

static void
on_preview_scale_changed (PfWindow *self)
{
  if (!self->building_spec)
    submit_spec (self);
}

static void
update_missing (PfWindow *self)
{
  const char *const *missing = pf_render_worker_get_missing (self->worker);
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *text = NULL;
  guint n = g_strv_length ((char **) missing);

  if (n == 0)
    {
      gtk_info_bar_set_revealed (self->missing_bar, FALSE);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      const char *entry = missing[i];
      g_autofree char *name = NULL;

      /* Entries are "path: reason"; name the photo by the cell path it starts with. */
      for (guint c = 0; self->spec != NULL && c < self->spec->n_cells && name == NULL; c++)
        {
          const char *photo = self->spec->cells[c].photo;

          if (photo != NULL && g_str_has_prefix (entry, photo) && entry[strlen (photo)] == ':')
            name = g_path_get_basename (photo);
        }
      if (name == NULL && self->spec != NULL && self->spec->background.photo != NULL &&
          g_str_has_prefix (entry, self->spec->background.photo))
        name = g_path_get_basename (self->spec->background.photo);
      if (name == NULL)
        name = g_strdup (entry);

      if (i < 5)
        g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", name);
      g_string_append_printf (details, "%s%s", i > 0 ? "\n" : "", entry);
    }
  if (n > 5)
    g_string_append (names, ", …");

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u photo could not be read: %s. It is shown as a grey "
                                       "placeholder; saving keeps its path.",
                                       "%u photos could not be read: %s. They are shown as grey "
                                       "placeholders; saving keeps their paths.", n),
                          n, names->str);
  gtk_label_set_text (self->missing_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->missing_label), details->str);
  gtk_info_bar_set_revealed (self->missing_bar, TRUE);
}

static void
update_backend (PfWindow *self)
{
  const char *description = pf_render_worker_get_description (self->worker);

  if (description != NULL)
    {
      gtk_label_set_text (self->backend_label, description);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->backend_label), description);
    }
}

static void
on_worker_rendered (PfWindow       *self,
                    GdkTexture     *texture,
                    guint           serial)
{
  g_autofree char *text = NULL;

  update_backend (self);
  pf_canvas_set_texture (self->canvas, texture);
  pf_canvas_set_missing (self->canvas, pf_render_worker_get_missing (self->worker));

  text = g_strdup_printf (_("Preview %d × %d rendered in %.0f ms"),
                          gdk_texture_get_width (texture), gdk_texture_get_height (texture),
                          pf_render_worker_get_render_ms (self->worker));
  gtk_label_set_text (self->render_label, text);
  if (!pf_render_worker_get_busy (self->worker))
    gtk_spinner_stop (self->render_spinner);

  update_missing (self);
}

static void
on_worker_failed (PfWindow *self,
                  GError   *error,
                  guint     serial)
{
  update_backend (self);
  if (!pf_render_worker_get_busy (self->worker))
    gtk_spinner_stop (self->render_spinner);
  gtk_label_set_text (self->render_label, _("Rendering failed"));
  pf_window_show_error (self, error->message);
}

/* ---- Autosave ------------------------------------------------------------------------ */

/* Deletes the snapshot (the document is saved, or goes) and forgets any pending write. */
static void
discard_autosave (PfWindow *self)
{
  g_clear_handle_id (&self->autosave_timeout, g_source_remove);
  if (self->autosave_id != NULL)
    pf_autosave_remove (self->autosave_id);
  self->autosave_serial = 0;
}

void
pf_window_autosave_now (PfWindow *self)
{
  g_autoptr(GError) error = NULL;
  guint serial;

  g_return_if_fail (PF_IS_WINDOW (self));

  g_clear_handle_id (&self->autosave_timeout, g_source_remove);
  if (self->history == NULL || self->document == NULL || self->autosave_id == NULL)
    return;

  serial = pf_history_get_serial (self->history);
  if (!pf_history_get_modified (self->history))
    {
      /* Undone back to the saved state: nothing to recover. */
      discard_autosave (self);
      return;
    }
  if (serial == self->autosave_serial)
    return;

  /* Small and written atomically; a failure must not get in the way of editing. */
  if (!pf_autosave_write (self->autosave_id, self->document, self->file, &error))
    {
      g_warning ("Could not write the autosave snapshot: %s", error->message);
      return;
    }
  self->autosave_serial = serial;
}

static gboolean
autosave_timeout_cb (gpointer user_data)
{
  PfWindow *self = user_data;

  self->autosave_timeout = 0;
  pf_window_autosave_now (self);
  return G_SOURCE_REMOVE;
}

/* Writes the snapshot a while after the last change (each change restarts the wait). */
static void
schedule_autosave (PfWindow *self)
{
  g_clear_handle_id (&self->autosave_timeout, g_source_remove);
  self->autosave_timeout = g_timeout_add_full (G_PRIORITY_LOW, pf_autosave_get_delay_ms (),
                                               autosave_timeout_cb, self, NULL);
}

const char *
pf_window_get_autosave_id (PfWindow *self)
{
  g_return_val_if_fail (PF_IS_WINDOW (self), NULL);

  return self->autosave_id;
}

/* ---- Document ------------------------------------------------------------------------ */

static void
update_photo_panel (PfWindow *self)
{
  int selected = pf_canvas_get_selected (self->canvas);
  PfCell *cell = NULL;

  if (self->document != NULL && selected >= 0)
    cell = pf_document_get_cell (self->document, selected);

  pf_photo_panel_set_cell (self->photo_panel, cell);
  pf_style_panel_set_cell (self->style_panel, cell);
  pf_window_actions_update (self);
}

static void
on_document_changed (PfDocument       *document,
                     PfDocumentChange  what,
                     int               cell_index,
                     PfWindow         *self)
{
  self->pristine = FALSE;
  pf_window_queue_render (self);
  schedule_autosave (self);

  /* Swapped, moved or removed cells: the selection is a position, its cell may differ. */
  if (what & PF_DOCUMENT_CHANGE_CELLS)
    update_photo_panel (self);
}

static void
on_history_notify (PfWindow *self)
{
  update_title (self);
  pf_window_actions_update (self);
}

void
pf_window_set_document (PfWindow   *self,
                        PfDocument *document,
                        GFile      *file)
{
  g_return_if_fail (PF_IS_WINDOW (self));
  g_return_if_fail (PF_IS_DOCUMENT (document));

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_func (self->document, on_document_changed, self);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_func (self->history, on_history_notify, self);
  g_clear_object (&self->history);

  /* The old document's snapshot goes with it; the new one gets snapshots of its own. */
  discard_autosave (self);
  g_free (self->autosave_id);
  self->autosave_id = pf_autosave_new_id ();

  pf_canvas_set_selected (self->canvas, -1);
  g_set_object (&self->document, document);
  g_set_object (&self->file, file);

  self->history = pf_history_new (document);
  g_signal_connect_swapped (self->history, "notify", G_CALLBACK (on_history_notify), self);
  g_signal_connect (document, "changed", G_CALLBACK (on_document_changed), self);

  pf_canvas_set_document (self->canvas, document);
  pf_layout_panel_set_document (self->layout_panel, document);
  pf_style_panel_set_document (self->style_panel, document);
  pf_background_panel_set_document (self->background_panel, document);
  update_photo_panel (self);

  gtk_info_bar_set_revealed (self->missing_bar, FALSE);
  pf_window_show_error (self, NULL);
  pf_canvas_zoom_fit (self->canvas);

  update_title (self);
  pf_window_actions_update (self);
  pf_window_queue_render (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

PfDocument *
pf_window_get_document (PfWindow *self)
{
  g_return_val_if_fail (PF_IS_WINDOW (self), NULL);

  return self->document;
}

GFile *
pf_window_get_file (PfWindow *self)
{
  g_return_val_if_fail (PF_IS_WINDOW (self), NULL);

  return self->file;
}

void
pf_window_recover (PfWindow   *self,
                   PfDocument *document,
                   GFile      *file,
                   const char *autosave_id)
{
  g_return_if_fail (PF_IS_WINDOW (self));
  g_return_if_fail (PF_IS_DOCUMENT (document));
  g_return_if_fail (file == NULL || G_IS_FILE (file));
  g_return_if_fail (autosave_id != NULL);

  pf_window_set_document (self, document, file);
  g_free (self->autosave_id);
  self->autosave_id = g_strdup (autosave_id);
  self->pristine = FALSE;

  /* No state of this history is on disk: serial 0 names none. */
  pf_history_mark_saved_serial (self->history, 0);
  /* Rewritten at once, so that the snapshot says this process owns it now. */
  pf_window_autosave_now (self);
}

gboolean
pf_window_is_modified (PfWindow *self)
{
  g_return_val_if_fail (PF_IS_WINDOW (self), FALSE);

  return self->history != NULL && pf_history_get_modified (self->history);
}

gboolean
pf_window_is_pristine (PfWindow *self)
{
  g_return_val_if_fail (PF_IS_WINDOW (self), FALSE);

  return self->pristine && self->file == NULL &&
         (self->history == NULL || !pf_history_get_modified (self->history));
}

PfCanvas *
pf_window_get_canvas (PfWindow *self)
{
  g_return_val_if_fail (PF_IS_WINDOW (self), NULL);

  return self->canvas;
}

PfRenderWorker *
pf_window_get_worker (PfWindow *self)
{
  g_return_val_if_fail (PF_IS_WINDOW (self), NULL);

  return self->worker;
}

PfHistory *
pf_window_get_history (PfWindow *self)
{
  g_return_val_if_fail (PF_IS_WINDOW (self), NULL);

  return self->history;
}

/* ---- Recent projects ----------------------------------------------------------------- */

static void
add_to_recent (GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  GtkRecentData data = {
    .display_name = NULL,
    .description = NULL,
    .mime_type = (char *) RECENT_MIME_TYPE,
    .app_name = (char *) g_get_application_name (),
    .app_exec = (char *) "photoff %u",
  };

  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

static int
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GDateTime *ta = gtk_recent_info_get_modified ((GtkRecentInfo *) a);
  GDateTime *tb = gtk_recent_info_get_modified ((GtkRecentInfo *) b);

  return -g_date_time_compare (ta, tb);
}

static void
update_recent (PfWindow *self)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  GList *projects = NULL;
  guint n = 0;

  g_menu_remove_all (self->recent_section);

  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);

      if (g_str_has_suffix (uri, ".photoff") && gtk_recent_info_exists (info))
        projects = g_list_prepend (projects, info);
    }
  projects = g_list_sort (projects, compare_recent);

  for (GList *l = projects; l != NULL && n < MAX_RECENT; l = l->next, n++)
    {
      GtkRecentInfo *info = l->data;
      g_autoptr(GMenuItem) item = g_menu_item_new (gtk_recent_info_get_display_name (info),
                                                   NULL);

      g_menu_item_set_action_and_target (item, "app.open-uri", "s",
                                         gtk_recent_info_get_uri (info));
      g_menu_append_item (self->recent_section, item);
    }

  if (n == 0)
    /* An item without an action is shown insensitive: a quiet "nothing here". */
    g_menu_append (self->recent_section, _("No Recent Projects"), "win.no-recent");

  g_list_free (projects);
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

/* ---- Open and save ------------------------------------------------------------------- */

static void
show_message (PfWindow   *self,
              const char *primary,
              const char *secondary)
{
  GtkWidget *dialog;

  dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", primary);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", secondary);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  PfWindow *window;
  GFile *file;
  guint serial;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_object_unref (data->window);
  g_object_unref (data->file);
  g_free (data);
}

static void
on_project_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SaveData *data = user_data;
  PfWindow *self = data->window;
  g_autoptr(GError) error = NULL;
  g_autoptr(PfDocument) document = pf_project_load_finish (result, &error);

  if (document == NULL)
    {
      g_autofree char *name = g_file_get_basename (data->file);
      g_autofree char *primary = g_strdup_printf (_("Could not open “%s”"), name);

      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, primary, error->message);
    }
  else
    {
      pf_window_set_document (self, document, data->file);
      add_to_recent (data->file);
    }

  save_data_free (data);
}

void
pf_window_open_file (PfWindow *self,
                     GFile    *file)
{
  SaveData *data;

  g_return_if_fail (PF_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  /* A window being filled is no longer a free one for the next file to take. */
  self->pristine = FALSE;

  data = g_new0 (SaveData, 1);
  data->window = g_object_ref (self);
  data->file = g_object_ref (file);
  pf_project_load_async (file, self->cancellable, on_project_loaded, data);
}

static void
on_project_saved (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SaveData *data = user_data;
  PfWindow *self = data->window;
  g_autoptr(GError) error = NULL;

  self->saving = FALSE;

  if (!pf_project_save_finish (result, &error))
    {
      g_autofree char *name = g_file_get_basename (data->file);
      g_autofree char *primary = g_strdup_printf (_("Could not save “%s”"), name);

      self->close_after_save = FALSE;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, primary, error->message);
      pf_window_actions_update (self);
      save_data_free (data);
      return;
    }

  if (self->file == NULL || !g_file_equal (self->file, data->file))
    {
      g_set_object (&self->file, data->file);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
    }
  pf_history_mark_saved_serial (self->history, data->serial);
  if (!pf_history_get_modified (self->history))
    {
      discard_autosave (self);
    }
  else
    {
      /* Edited while saving: the next snapshot names the file it now belongs to. */
      self->autosave_serial = 0;
      schedule_autosave (self);
    }
  add_to_recent (data->file);
  update_title (self);
  pf_window_actions_update (self);

  if (self->close_after_save)
    gtk_window_destroy (GTK_WINDOW (self));

  save_data_free (data);
}

void
pf_window_save_to (PfWindow *self,
                   GFile    *file)
{
  SaveData *data;

  g_return_if_fail (PF_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  pf_history_checkpoint (self->history);

  data = g_new0 (SaveData, 1);
  data->window = g_object_ref (self);
  data->file = g_object_ref (file);
  /* The text is made now; later edits are not in this save. */
  data->serial = pf_history_get_serial (self->history);

  self->saving = TRUE;
  pf_window_actions_update (self);
  pf_project_save_async (self->document, file, self->cancellable, on_project_saved, data);
}

/* ---- Adding photos ------------------------------------------------------------------- */

void
pf_window_add_photos (PfWindow          *self,
                      const char *const *paths,
                      int                target)
{
  guint n_paths, n_cells, next = 0;
  int first_changed = -1;
  gboolean grid;

  g_return_if_fail (PF_IS_WINDOW (self));

  n_paths = paths != NULL ? g_strv_length ((char **) paths) : 0;
  if (n_paths == 0 || self->document == NULL)
    return;

  pf_history_checkpoint (self->history);
  grid = pf_document_get_layout_type (self->document) == PF_LAYOUT_GRID;
  n_cells = pf_document_get_n_cells (self->document);

  for (guint i = 0; i < n_paths; i++)
    {
      PfCell *cell = NULL;
      int index = -1;

      if (i == 0 && target >= 0 && (guint) target < n_cells)
        index = target;

      /* Then empty cells (placeholders waiting for photos), in order. */
      while (index < 0 && next < n_cells)
        {
          PfCell *candidate = pf_document_get_cell (self->document, next);

          if (pf_cell_get_photo (candidate) == NULL)
            index = (int) next;
          next++;
        }

      if (index >= 0)
        {
          cell = pf_document_get_cell (self->document, index);
          pf_cell_set_photo (cell, paths[i]);
        }
      else
        {
          g_autoptr(PfCell) new_cell = pf_cell_new (paths[i]);
          g_autoptr(GError) error = NULL;

          if (!pf_document_add_cell (self->document, new_cell, &error))
            {
              pf_window_show_error (self, error->message);
              break;
            }
          index = (int) pf_document_get_n_cells (self->document) - 1;
        }

      if (first_changed < 0)
        first_changed = index;
    }

  /* A grid that the photos overflow grows rows, so that every photo shows. */
  if (grid)
    {
      int columns = pf_document_get_columns (self->document);
      int rows = pf_document_get_rows (self->document);
      int needed = (int) ((pf_document_get_n_cells (self->document) + columns - 1) / columns);

      if (needed > rows)
        pf_document_set_grid (self->document, columns, MIN (needed, PF_DOCUMENT_MAX_ROWS));
    }

  if (first_changed >= 0)
    pf_canvas_set_selected (self->canvas, first_changed);
  pf_history_checkpoint (self->history);
}

static gboolean
is_image_file (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *type = g_content_type_guess (name, NULL, 0, NULL);
  g_autofree char *mime = g_content_type_get_mime_type (type);

  return mime != NULL && g_str_has_prefix (mime, "image/");
}

static void
on_files_dropped (PfWindow    *self,
                  GdkFileList *files,
                  int          cell_index)
{
  GSList *list = gdk_file_list_get_files (files);
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) projects = g_ptr_array_new_with_free_func (g_object_unref);

  for (GSList *l = list; l != NULL; l = l->next)
    {
      GFile *file = l->data;
      g_autofree char *name = g_file_get_basename (file);
      char *path;

      if (name != NULL && g_str_has_suffix (name, ".photoff"))
        g_ptr_array_add (projects, g_object_ref (file));
      else if (is_image_file (file) && (path = g_file_get_path (file)) != NULL)
        g_ptr_array_add (photos, path);
    }
  g_slist_free (list);

  if (photos->len > 0)
    {
      g_ptr_array_add (photos, NULL);
      pf_window_add_photos (self, (const char *const *) photos->pdata, cell_index);
    }

  if (projects->len > 0 && get_app (self) != NULL)
    g_application_open (G_APPLICATION (get_app (self)), (GFile **) projects->pdata,
                        (int) projects->len, "");
}

static void
on_canvas_edit_finished (PfWindow *self)
{
  /* One drag is one undo step, however long it took. */
  if (self->history != NULL)
    pf_history_checkpoint (self->history);
}

static void
on_canvas_selected (PfWindow *self)
{
  update_photo_panel (self);

  /* Selecting a photo brings up what can be done with it. */
  if (pf_canvas_get_selected (self->canvas) >= 0)
    gtk_stack_set_visible_child_name (self->panel_stack, "photo");
}

static void
update_zoom_label (PfWindow *self)
{
  g_autofree char *text = NULL;
  double percent = pf_canvas_get_zoom (self->canvas) * 100;

  if (pf_canvas_get_fit (self->canvas))
    text = g_strdup_printf (_("Fit (%.0f %%)"), percent);
  else
    text = g_strdup_printf (_("%.0f %%"), percent);
  gtk_button_set_label (self->zoom_button, text);
}

/* ---- Closing ------------------------------------------------------------------------- */

static void
save_window_state (PfWindow *self)
{
  GSettings *settings = get_settings (self);
  int width, height;

  if (settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
    }
}

static void
on_close_response (GtkDialog *dialog,
                   int        response,
                   PfWindow  *self)
{
  /* The window may go before the dialog's last reference (held by this very signal
   * emission) does: unlink them so the dialog does not reach back to it. */
  gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));

  switch (response)
    {
    case GTK_RESPONSE_ACCEPT:   /* Save */
      self->close_after_save = TRUE;
      gtk_widget_activate_action (GTK_WIDGET (self), "win.save", NULL);
      break;
    case GTK_RESPONSE_REJECT:   /* Discard */
      save_window_state (self);
      gtk_window_destroy (GTK_WINDOW (self));
      break;
    default:                    /* Cancel */
      break;
    }
}

static gboolean
pf_window_close_request (GtkWindow *window)
{
  PfWindow *self = PF_WINDOW (window);
  g_autofree char *name = NULL;
  GtkWidget *dialog;
  GtkWidget *discard;

  if (self->history != NULL)
    pf_history_flush (self->history);

  if (self->history == NULL || !pf_history_get_modified (self->history))
    {
      save_window_state (self);
      return GDK_EVENT_PROPAGATE;   /* close */
    }

  name = self->file != NULL ? g_file_get_basename (self->file) : g_strdup (_("Untitled Collage"));
  dialog = gtk_message_dialog_new (window, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Save changes to “%s” before closing?"), name);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            _("If you don’t save, your changes will be lost."));
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
  discard = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Discard"), GTK_RESPONSE_REJECT);
  gtk_widget_add_css_class (discard, "destructive-action");
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Save"), GTK_RESPONSE_ACCEPT);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_signal_connect (dialog, "response", G_CALLBACK (on_close_response), self);
  gtk_window_present (GTK_WINDOW (dialog));

  return GDK_EVENT_STOP;
}

/* ---- GObject ------------------------------------------------------------------------- */

PfWindow *
pf_window_new (PfApplication *application)
{
  PfWindow *self = g_object_new (PF_TYPE_WINDOW, "application", application, NULL);
  g_autoptr(PfDocument) document = new_document ();
  GSettings *settings = get_settings (self);

  pf_window_set_document (self, document, NULL);
  self->pristine = TRUE;

  if (settings != NULL)
    {
      int width = g_settings_get_int (settings, "window-width");
      int height = g_settings_get_int (settings, "window-height");

      if (width > 0 && height > 0)
        gtk_window_set_default_size (GTK_WINDOW (self), width, height);
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }

  return self;
}

static void
pf_window_dispose (GObject *object)
{
  PfWindow *self = PF_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->render_idle, g_source_remove);
  g_clear_handle_id (&self->photo_change_timeout, g_source_remove);
  g_clear_pointer (&self->photo_monitors, g_hash_table_unref);
  /* Closed in good order (saved, discarded or unchanged): nothing to recover. */
  discard_autosave (self);
  g_clear_pointer (&self->autosave_id, g_free);
  g_signal_handlers_disconnect_by_data (gtk_recent_manager_get_default (), self);
  if (self->worker != NULL)
    g_signal_handlers_disconnect_by_data (self->worker, self);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_func (self->document, on_document_changed, self);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_func (self->history, on_history_notify, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), PF_TYPE_WINDOW);

  g_clear_object (&self->worker);
  g_clear_object (&self->history);
  g_clear_object (&self->document);
  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->spec, pf_render_spec_free);

  G_OBJECT_CLASS (pf_window_parent_class)->dispose (object);
}

static void
pf_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PfWindow *self = PF_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pf_window_class_init (PfWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pf_window_dispose;
  object_class->get_property = pf_window_get_property;
  window_class->close_request = pf_window_close_request;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, PF_TYPE_DOCUMENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PF_TYPE_CANVAS);
  g_type_ensure (PF_TYPE_LAYOUT_PANEL);
  g_type_ensure (PF_TYPE_STYLE_PANEL);
  g_type_ensure (PF_TYPE_BACKGROUND_PANEL);
  g_type_ensure (PF_TYPE_PHOTO_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/photoff/PhotoFF/pf-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PfWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, PfWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, PfWindow, missing_bar);
  gtk_widget_class_bind_template_child (widget_class, PfWindow, missing_label);
  gtk_widget_class_bind_template_child (widget_class, PfWindow, error_bar);
  gtk_widget_class_bind_template_child (widget_class, PfWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, PfWindow, canvas_scroller);
  gtk_widget_class_bind_template_child (widget_class, PfWindow, canvas);
  gtk_widget_class_bind_template_child (widget_class, PfWindow, panel_stack);
  gtk_widget_class_bind_template_child (widget_class, PfWindow, layout_panel);
  gtk_widget_class_bind_template_child (widget_class, PfWindow, style_panel);
  gtk_widget_class_bind_template_child (widget_class, PfWindow, background_panel);
  gtk_widget_class_bind_template_child (widget_class, PfWindow, photo_panel);
  gtk_widget_class_bind_template_child (widget_class, PfWindow, backend_label);
  gtk_widget_class_bind_template_child (widget_class, PfWindow, render_spinner);
  gtk_widget_class_bind_template_child (widget_class, PfWindow, render_label);
  gtk_widget_class_bind_template_child (widget_class, PfWindow, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, PfWindow, recent_section);
  gtk_widget_class_bind_template_callback (widget_class, on_missing_bar_response);
  gtk_widget_class_bind_template_callback (widget_class, on_error_bar_response);
  gtk_widget_class_bind_template_callback (widget_class, on_files_dropped);
  gtk_widget_class_bind_template_callback (widget_class, on_canvas_edit_finished);
}

static void
pf_window_init (PfWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->photo_monitors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, drop_monitor);
  self->worker = pf_render_worker_new (backend_from_environment ());
  g_signal_connect_swapped (self->worker, "rendered", G_CALLBACK (on_worker_rendered), self);
  g_signal_connect_swapped (self->worker, "failed", G_CALLBACK (on_worker_failed), self);

  g_signal_connect_swapped (self->canvas, "notify::preview-scale",
                            G_CALLBACK (on_preview_scale_changed), self);
  g_signal_connect_swapped (self->canvas, "notify::selected",
                            G_CALLBACK (on_canvas_selected), self);
  g_signal_connect_swapped (self->canvas, "notify::zoom", G_CALLBACK (update_zoom_label), self);
  g_signal_connect_swapped (self->canvas, "notify::fit", G_CALLBACK (update_zoom_label), self);

  g_signal_connect_swapped (gtk_recent_manager_get_default (), "changed",
                            G_CALLBACK (update_recent), self);
  update_recent (self);

  pf_window_actions_init (self);
  update_zoom_label (self);

  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}
