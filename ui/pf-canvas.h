/* pf-canvas.h — the page preview: zoom, selection, panning photos, swapping, dropping
 *
 * The canvas shows the worker's preview texture centred on a grey desk with a page
 * shadow, scaled to fit the widget or at a chosen zoom (it is a GtkScrollable: put it in
 * a GtkScrolledWindow). It asks for previews at the resolution it displays through the
 * PfCanvas:preview-scale property. Cell rectangles come from the render spec, so hit
 * testing uses exactly the geometry that was drawn.
 */
#pragma once

#include <gtk/gtk.h>

#include "app/pf-document.h"
#include "app/pf-render-spec.h"

G_BEGIN_DECLS

#define PF_CANVAS_MAX_ZOOM 4.0      /* screen pixels per page pixel */
#define PF_CANVAS_MAX_PREVIEW_SIDE 8192
#define PF_CANVAS_MAX_PREVIEW_PIXELS (40 * 1000 * 1000)

#define PF_TYPE_CANVAS (pf_canvas_get_type ())

G_DECLARE_FINAL_TYPE (PfCanvas, pf_canvas, PF, CANVAS, GtkWidget)

/* Signals:
 *   files-dropped (PfCanvas *canvas, GdkFileList *files, int cell_index)
 *     files from a file manager were dropped on cell @cell_index (−1: not on a cell);
 *   edit-finished (PfCanvas *canvas)
 *     a pan or swap gesture ended: one undo step is complete.
 */

GtkWidget *pf_canvas_new (void);

PfDocument *pf_canvas_get_document (PfCanvas *self);
/* The document whose cells the gestures edit (pan, swap). */
void pf_canvas_set_document (PfCanvas   *self,
                             PfDocument *document);

/* The layout now shown: page size and cell rectangles (copied; each spec cell names its
 * document cell). Cells are identified by their position in the document. */
void pf_canvas_set_layout (PfCanvas           *self,
                           const PfRenderSpec *spec);
/* The preview to show (the page at any resolution). */
void pf_canvas_set_texture (PfCanvas   *self,
                            GdkTexture *texture);
GdkTexture *pf_canvas_get_texture (PfCanvas *self);

/* The photos the renderer could not read ("path: reason", as pf_renderer_get_missing()):
 * their placeholders are captioned with the file's name. */
void pf_canvas_set_missing (PfCanvas           *self,
                            const char *const *missing);

/* The selected cell, or −1. */
int pf_canvas_get_selected (PfCanvas *self);
void pf_canvas_set_selected (PfCanvas *self,
                             int       index);

/* Screen pixels per page pixel now shown. */
double pf_canvas_get_zoom (PfCanvas *self);
/* Whether the page follows the widget's size (the default). */
gboolean pf_canvas_get_fit (PfCanvas *self);
void pf_canvas_zoom_in (PfCanvas *self);
void pf_canvas_zoom_out (PfCanvas *self);
void pf_canvas_zoom_fit (PfCanvas *self);
/* Sets the zoom (screen pixels per page pixel), keeping the page point under widget
 * point (@x, @y) in place; x = y = −1 keeps the centre. */
void pf_canvas_set_zoom (PfCanvas *self,
                         double    zoom,
                         double    x,
                         double    y);

/* The preview resolution the canvas wants, as preview pixels per page pixel (0..1), or 0
 * before it has a size. Changes notify, with some hysteresis so that resizing the window
 * does not ask for a render per pixel. */
double pf_canvas_get_preview_scale (PfCanvas *self);

/* Widget point → page point, and the cell there (−1 for none). */
void pf_canvas_widget_to_page (PfCanvas *self,
                               double    x,
                               double    y,
                               double   *page_x,
                               double   *page_y);
void pf_canvas_page_to_widget (PfCanvas *self,
                               double    page_x,
                               double    page_y,
                               double   *x,
                               double   *y);
int pf_canvas_cell_at (PfCanvas *self,
                       double    x,
                       double    y);

G_END_DECLS
