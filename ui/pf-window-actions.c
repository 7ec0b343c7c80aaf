/* pf-window-actions.c — what the window can do: its GActions */
#define G_LOG_DOMAIN "pf-window-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "pf-window-private.h"

#include "app/pf-project.h"
#include "pf-export-dialog.h"

static void
set_enabled (PfWindow   *self,
             const char *name,
             gboolean    enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  if (G_IS_SIMPLE_ACTION (action))
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

void
pf_window_actions_update (PfWindow *self)
{
  gboolean have_document = self->document != NULL;
  int selected = pf_canvas_get_selected (self->canvas);

  set_enabled (self, "undo", self->history != NULL && pf_history_get_can_undo (self->history));
  set_enabled (self, "redo", self->history != NULL && pf_history_get_can_redo (self->history));
  set_enabled (self, "save", have_document && !self->saving);
  set_enabled (self, "save-as", have_document && !self->saving);
  set_enabled (self, "export", have_document);
  set_enabled (self, "add-photos", have_document);
  set_enabled (self, "remove-cell", have_document && selected >= 0);
}

/* ---- Save ---------------------------------------------------------------------------- */

static void
on_save_as_response (GtkNativeDialog *dialog,
                     int              response,
                     PfWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *name = g_file_get_basename (chosen);
      g_autoptr(GFile) file = NULL;
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

      /* A project without its extension would not be recognised when opened again. */
      if (!g_str_has_suffix (name, PF_PROJECT_EXTENSION))
        {
          g_autoptr(GFile) parent = g_file_get_parent (chosen);
          g_autofree char *full = g_strconcat (name, PF_PROJECT_EXTENSION, NULL);

          file = g_file_get_child (parent, full);
        }
      else
        file = g_object_ref (chosen);

      if (PF_IS_APPLICATION (app))
        pf_application_remember_folder (PF_APPLICATION (app), "last-folder", file);
      pf_window_save_to (self, file);
    }
  else
    {
      self->close_after_save = FALSE;
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
save_as_action (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  PfWindow *self = user_data;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *dialog;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  dialog = gtk_file_chooser_native_new (_("Save Project"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_filter_set_name (filter, _("PhotoFF projects"));
  gtk_file_filter_add_pattern (filter, "*" PF_PROJECT_EXTENSION);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);

  if (self->file != NULL)
    {
      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (dialog), self->file, NULL);
    }
  else
    {
      g_autoptr(GFile) folder = NULL;

      if (PF_IS_APPLICATION (app))
        folder = pf_application_dup_folder (PF_APPLICATION (app), "last-folder");
      if (folder == NULL)
        {
          const char *pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);

          if (pictures != NULL)
            folder = g_file_new_for_path (pictures);
        }
      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, NULL);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog),
                                         _("Untitled Collage.photoff"));
    }

  g_signal_connect (dialog, "response", G_CALLBACK (on_save_as_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
save_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  PfWindow *self = user_data;

  if (self->file == NULL)
    save_as_action (action, param, user_data);
  else
    pf_window_save_to (self, self->file);
}

/* ---- Export -------------------------------------------------------------------------- */

static void
export_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  PfWindow *self = user_data;
  PfExportDialog *dialog = pf_export_dialog_new (self);

  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Undo ---------------------------------------------------------------------------- */

static void
undo_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  PfWindow *self = user_data;

  pf_history_undo (self->history);
}

static void
redo_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  PfWindow *self = user_data;

  pf_history_redo (self->history);
}

/* ---- View ---------------------------------------------------------------------------- */

static void
zoom_in_action (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  pf_canvas_zoom_in (PF_WINDOW (user_data)->canvas);
}

static void
zoom_out_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  pf_canvas_zoom_out (PF_WINDOW (user_data)->canvas);
}

static void
zoom_fit_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  pf_canvas_zoom_fit (PF_WINDOW (user_data)->canvas);
}

/* ---- Cells --------------------------------------------------------------------------- */

static void
on_add_photos_response (GtkNativeDialog *dialog,
                        int              response,
                        PfWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
      guint n = g_list_model_get_n_items (files);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          char *path = g_file_get_path (file);

          if (path != NULL)
            g_ptr_array_add (paths, path);
        }
      g_ptr_array_add (paths, NULL);

      pf_window_add_photos (self, (const char *const *) paths->pdata, -1);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
add_photos_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  PfWindow *self = user_data;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *dialog;
  const char *pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);

  dialog = gtk_file_chooser_native_new (_("Add Photos"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Add"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);
  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_pixbuf_formats (filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);

  if (pictures != NULL)
    {
      g_autoptr(GFile) folder = g_file_new_for_path (pictures);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, NULL);
    }

  g_signal_connect (dialog, "response", G_CALLBACK (on_add_photos_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
remove_cell_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  PfWindow *self = user_data;
  int selected = pf_canvas_get_selected (self->canvas);
  guint n;

  if (selected < 0 || (guint) selected >= pf_document_get_n_cells (self->document))
    return;

  pf_history_checkpoint (self->history);
  pf_canvas_set_selected (self->canvas, -1);
  pf_document_remove_cell (self->document, selected);
  pf_history_checkpoint (self->history);

  /* Keep a selection where the removed cell was, so Delete can go on removing. */
  n = pf_document_get_n_cells (self->document);
  if (n > 0)
    pf_canvas_set_selected (self->canvas, MIN ((guint) selected, n - 1));
}

static void
close_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));
}

static const GActionEntry win_actions[] = {
  { "save", save_action },
  { "save-as", save_as_action },
  { "export", export_action },
  { "undo", undo_action },
  { "redo", redo_action },
  { "zoom-in", zoom_in_action },
  { "zoom-out", zoom_out_action },
  { "zoom-fit", zoom_fit_action },
  { "add-photos", add_photos_action },
  { "remove-cell", remove_cell_action },
  { "close", close_action },
};

void
pf_window_actions_init (PfWindow *self)
{
  GtkEventController *controller;
  GtkShortcut *shortcut;

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions,
                                   G_N_ELEMENTS (win_actions), self);

  /* Delete removes the selected cell, but only once the focused widget has let it go
   * (bubble phase): in a spin button's text it still deletes characters. The other
   * accelerators are the application's (pf-application.c). */
  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_BUBBLE);
  shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                               gtk_named_action_new ("win.remove-cell"));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
  shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_KP_Delete, 0),
                               gtk_named_action_new ("win.remove-cell"));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  pf_window_actions_update (self);
}
