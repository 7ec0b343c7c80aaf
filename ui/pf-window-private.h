/* pf-window-private.h — what the window's actions and the UI tests may see of it */
#pragma once

#include "pf-application.h"
#include "pf-background-panel.h"
#include "pf-canvas.h"
#include "pf-history.h"
#include "pf-layout-panel.h"
#include "pf-photo-panel.h"
#include "pf-render-worker.h"
#include "pf-style-panel.h"
#include "pf-window.h"

G_BEGIN_DECLS

struct _PfWindow
{
  GtkApplicationWindow parent_instance;

  PfDocument *document;
  PfHistory *history;
  GFile *file;
  PfRenderWorker *worker;
  PfRenderSpec *spec;        /* the layout last built, page coordinates */
  guint render_idle;
  gboolean render_waiting;   /* a spec waits for the canvas to know its preview size */
  gboolean building_spec;
  gboolean pristine;
  gboolean close_after_save;
  gboolean saving;
  GCancellable *cancellable;
  GMenu *recent_section;
  char *autosave_id;         /* names this document's snapshots (pf-autosave.h) */
  guint autosave_timeout;
  guint autosave_serial;     /* the history state last written there (0: none) */
  GHashTable *photo_monitors;  /* path → GFileMonitor, for the photos the page shows */
  guint photo_change_timeout;

  /* Template children */
  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  GtkInfoBar *missing_bar;
  GtkLabel *missing_label;
  GtkInfoBar *error_bar;
  GtkLabel *error_label;
  GtkScrolledWindow *canvas_scroller;
  PfCanvas *canvas;
  GtkStack *panel_stack;
  PfLayoutPanel *layout_panel;
  PfStylePanel *style_panel;
  PfBackgroundPanel *background_panel;
  PfPhotoPanel *photo_panel;
  GtkLabel *backend_label;
  GtkSpinner *render_spinner;
  GtkLabel *render_label;
  GtkButton *zoom_button;
};

/* pf-window-actions.c */
void pf_window_actions_init (PfWindow *self);
void pf_window_actions_update (PfWindow *self);

/* pf-window.c */
PfCanvas *pf_window_get_canvas (PfWindow *self);
PfRenderWorker *pf_window_get_worker (PfWindow *self);
PfHistory *pf_window_get_history (PfWindow *self);
/* Replaces the document (a new history starts; @file may be NULL). */
void pf_window_set_document (PfWindow   *self,
                             PfDocument *document,
                             GFile      *file);
/* Writes the project to @file (in a thread) and, when done, makes it the window's file
 * and marks the state saved (as it was when the save began). */
void pf_window_save_to (PfWindow *self,
                        GFile    *file);
/* Puts @paths (images) into cells: @target first (−1: the first empty cells), then the
 * next empty cells, then new cells; a grid grows rows to show them all. */
void pf_window_add_photos (PfWindow   *self,
                           const char *const *paths,
                           int         target);
void pf_window_show_error (PfWindow   *self,
                           const char *message);
/* Builds the render spec from the document now and submits it. */
void pf_window_queue_render (PfWindow *self);
/* Writes the autosave snapshot now if one is due (tests; the timer calls it). */
void pf_window_autosave_now (PfWindow *self);

G_END_DECLS
