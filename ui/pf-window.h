/* pf-window.h — one project's editor window */
#pragma once

#include <gtk/gtk.h>

#include "app/pf-document.h"
#include "pf-application.h"

G_BEGIN_DECLS

#define PF_TYPE_WINDOW (pf_window_get_type ())

G_DECLARE_FINAL_TYPE (PfWindow, pf_window, PF, WINDOW, GtkApplicationWindow)

/* A window with a new collage (an empty grid ready for photos). */
PfWindow *pf_window_new (PfApplication *application);

/* Loads @file in the background; on failure an error dialog says why and the window
 * keeps what it had. */
void pf_window_open_file (PfWindow *self,
                          GFile    *file);

/* The project file, or NULL for a document never saved. */
GFile *pf_window_get_file (PfWindow *self);
PfDocument *pf_window_get_document (PfWindow *self);

/* Whether the window holds a new, untouched document (a file opened from elsewhere may
 * take it over). */
gboolean pf_window_is_pristine (PfWindow *self);
/* Whether the window's document has changes that are not saved. */
gboolean pf_window_is_modified (PfWindow *self);

/* Shows @document, recovered from the autosave snapshot @autosave_id, as unsaved changes
 * to @file (NULL: a new document); the window takes the snapshot over. */
void pf_window_recover (PfWindow   *self,
                        PfDocument *document,
                        GFile      *file,
                        const char *autosave_id);
/* The id of the autosave snapshot this window keeps (pf-autosave.h). */
const char *pf_window_get_autosave_id (PfWindow *self);

G_END_DECLS
