/* pf-export-dialog.h — exporting the page as a print-resolution image
 *
 * Asks for a file name, folder, format (PNG or JPEG), resolution and JPEG quality, then
 * renders the page at full size on a thread (pf_render_worker_export_async()) with a
 * progress bar and a Cancel button, and writes the file atomically.
 */
#pragma once

#include <gtk/gtk.h>

#include "pf-render-worker.h"
#include "pf-window.h"

G_BEGIN_DECLS

#define PF_TYPE_EXPORT_DIALOG (pf_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PfExportDialog, pf_export_dialog, PF, EXPORT_DIALOG, GtkWindow)

/* Signal: finished (PfExportDialog *dialog, const char *path, const char *error_message)
 *   after an export ends: @path on success (the dialog then closes), else @error_message
 *   (NULL when cancelled). */

/* A dialog exporting @window's document, transient for it. */
PfExportDialog *pf_export_dialog_new (PfWindow *window);

/* Presets the target (folder and name; the format follows a .png/.jpg extension). */
void pf_export_dialog_set_file (PfExportDialog *self,
                                GFile          *file);
GFile *pf_export_dialog_dup_file (PfExportDialog *self);
void pf_export_dialog_set_format (PfExportDialog *self,
                                  PfExportFormat  format);
void pf_export_dialog_set_dpi (PfExportDialog *self,
                               int             dpi);

/* Starts exporting as the Export button does, but replaces an existing file without
 * asking. */
void pf_export_dialog_start (PfExportDialog *self);
gboolean pf_export_dialog_get_running (PfExportDialog *self);
/* Stops a running export (as Cancel does, without closing). */
void pf_export_dialog_cancel (PfExportDialog *self);

G_END_DECLS
