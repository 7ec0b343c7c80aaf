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

G_END_DECLS
