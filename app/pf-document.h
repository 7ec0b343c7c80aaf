/* pf-document.h — a collage: page, background, layout, style and cells
 *
 * Every setting is a GObject property with notify, so the editor can bind widgets to it.
 * On top of that the document emits one signal, PfDocument::changed, saying WHAT changed
 * (PfDocumentChange flags, and which cell), so the renderer can redo only that part:
 *
 *   void changed (PfDocument *document, PfDocumentChange what, int cell_index)
 *
 * @cell_index is the cell's position for PF_DOCUMENT_CHANGE_CELL, else −1. LAYOUT is set
 * together with whatever moved cell rectangles: page width/height, layout settings, cells
 * added/removed/moved, a cell's span, and in a mosaic a cell's photo or rotation. One edit
 * may emit several signals (e.g. width then height): coalesce in an idle.
 *
 * Setters clamp to the hard limits below (a GParamSpec range says the same); the project
 * loader refuses out-of-range values instead (pf-project.h).
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pf-cell.h"
#include "pf-enums.h"
#include "pf-page.h"
#include "pf-style.h"

G_BEGIN_DECLS

#define PF_DOCUMENT_ERROR (pf_document_error_quark ())

typedef enum
{
  PF_DOCUMENT_ERROR_PARSE,    /* not JSON: syntax error, truncated, empty, too deep, too big */
  PF_DOCUMENT_ERROR_INVALID,  /* a value missing, of the wrong type or out of range */
  PF_DOCUMENT_ERROR_VERSION,  /* written by a newer PhotoFF (a higher format version) */
  PF_DOCUMENT_ERROR_IO,       /* reading or writing the file failed */
  PF_DOCUMENT_ERROR_NO_ROOM,  /* margin and spacing leave no room for the cells */
  PF_DOCUMENT_ERROR_TOO_MANY_CELLS, /* more than PF_DOCUMENT_MAX_CELLS */
} PfDocumentError;

GQuark pf_document_error_quark (void);

/* Hard limits (besides those of pf-page.h, pf-style.h and pf-cell.h). */
#define PF_DOCUMENT_MAX_ROWS 50
#define PF_DOCUMENT_MAX_COLUMNS 50
#define PF_DOCUMENT_MAX_SPACING 16384     /* pixels between cells */
#define PF_DOCUMENT_MAX_MARGIN 16384      /* pixels around the cells */
#define PF_DOCUMENT_MAX_CELLS 1000
#define PF_DOCUMENT_MAX_BACKGROUND_BLUR 1000.0

#define PF_TYPE_DOCUMENT (pf_document_get_type ())

G_DECLARE_FINAL_TYPE (PfDocument, pf_document, PF, DOCUMENT, GObject)

/* A new document: A4 portrait at 300 DPI, white background (gradient white → #d0d0d0
 * vertical, photo blur 24 when switched), grid of 3 rows × 2 columns, spacing 40, margin 80,
 * pf_style_new()'s style, no cells. */
PfDocument *pf_document_new (void);

/* ---- Page ---------------------------------------------------------------------------- */

int pf_document_get_width (PfDocument *document);
int pf_document_get_height (PfDocument *document);
int pf_document_get_dpi (PfDocument *document);
/* Sets the page size in pixels, clamped to 1..PF_PAGE_MAX_SIDE; when the area exceeds
 * PF_PAGE_MAX_PIXELS the height is reduced to fit. */
void pf_document_set_size (PfDocument *document,
                           int         width,
                           int         height);
/* Sets the DPI (clamped to PF_PAGE_MIN_DPI..PF_PAGE_MAX_DPI). When the page is a preset
 * (see pf_document_get_preset()), the pixel size follows, and the DPI is lowered as far as
 * needed to stay within the page limits; a custom page keeps its pixels. */
void pf_document_set_dpi (PfDocument *document,
                          int         dpi);
/* The preset whose size at the current DPI is the page's, else the "custom" one. Derived
 * from width, height and dpi (the project file stores only those). Never NULL. */
const PfPagePreset *pf_document_get_preset (PfDocument *document);
/* Resizes the page to preset @id in @orientation at @dpi (0 = keep the DPI). Fails with
 * PF_DOCUMENT_ERROR_INVALID for an unknown id, "custom", a DPI out of range or a size
 * beyond the page limits; then nothing changes. */
gboolean pf_document_set_page (PfDocument     *document,
                               const char     *preset_id,
                               PfOrientation   orientation,
                               int             dpi,
                               GError        **error);
/* LANDSCAPE when wider than high. Setting it swaps width and height when needed. */
PfOrientation pf_document_get_orientation (PfDocument *document);
void pf_document_set_orientation (PfDocument    *document,
                                  PfOrientation  orientation);

/* ---- Background ---------------------------------------------------------------------- */

PfBackgroundType pf_document_get_background_type (PfDocument *document);
void pf_document_set_background_type (PfDocument       *document,
                                      PfBackgroundType  type);
void pf_document_get_background_color (PfDocument *document,
                                       PfRgba     *color);
void pf_document_set_background_color (PfDocument   *document,
                                       const PfRgba *color);
void pf_document_get_gradient (PfDocument *document,
                               PfRgba     *from,
                               PfRgba     *to,
                               PfGradient *direction);
/* @from / @to may be NULL to keep them. */
void pf_document_set_gradient (PfDocument   *document,
                               const PfRgba *from,
                               const PfRgba *to,
                               PfGradient    direction);
/* The background photo's absolute file name, or NULL. */
const char *pf_document_get_background_photo (PfDocument *document);
void pf_document_set_background_photo (PfDocument *document,
                                       const char *photo);
/* Blur radius of the background photo, 0..PF_DOCUMENT_MAX_BACKGROUND_BLUR. */
double pf_document_get_background_blur (PfDocument *document);
void pf_document_set_background_blur (PfDocument *document,
                                      double      radius);

/* ---- Layout -------------------------------------------------------------------------- */

PfLayoutType pf_document_get_layout_type (PfDocument *document);
void pf_document_set_layout_type (PfDocument   *document,
                                  PfLayoutType  type);
int pf_document_get_rows (PfDocument *document);
int pf_document_get_columns (PfDocument *document);
/* 1..PF_DOCUMENT_MAX_ROWS / _COLUMNS, clamped. */
void pf_document_set_grid (PfDocument *document,
                           int         columns,
                           int         rows);
int pf_document_get_spacing (PfDocument *document);
void pf_document_set_spacing (PfDocument *document,
                              int         spacing);
int pf_document_get_margin (PfDocument *document);
void pf_document_set_margin (PfDocument *document,
                             int         margin);
/* Mosaic order: 0 = the cells' order, anything else a fixed shuffle of it. */
guint32 pf_document_get_mosaic_seed (PfDocument *document);
void pf_document_set_mosaic_seed (PfDocument *document,
                                  guint32     seed);

/* ---- Style and cells ----------------------------------------------------------------- */

/* The document style (owned by the document for its lifetime; edit it in place). */
PfStyle *pf_document_get_style (PfDocument *document);

/* The cells, a GListModel of PfCell (owned by the document). Change it only through the
 * functions below. */
GListModel *pf_document_get_cells (PfDocument *document);
guint pf_document_get_n_cells (PfDocument *document);
/* The cell at @index (not referenced), or NULL past the end. */
PfCell *pf_document_get_cell (PfDocument *document,
                              guint       index);
/* The position of @cell, or −1. */
int pf_document_find_cell (PfDocument *document,
                           PfCell     *cell);
/* Inserts @cell (referenced) at @position (clamped to the end; G_MAXUINT = append). A cell
 * belongs to at most one place in one document. Fails with
 * PF_DOCUMENT_ERROR_TOO_MANY_CELLS beyond PF_DOCUMENT_MAX_CELLS. */
gboolean pf_document_insert_cell (PfDocument  *document,
                                  guint        position,
                                  PfCell      *cell,
                                  GError     **error);
gboolean pf_document_add_cell (PfDocument  *document,
                               PfCell      *cell,
                               GError     **error);
void pf_document_remove_cell (PfDocument *document,
                              guint       index);
void pf_document_remove_all_cells (PfDocument *document);
/* Moves the cell at @from so that it ends up at @to (the others shift). */
void pf_document_move_cell (PfDocument *document,
                            guint       from,
                            guint       to);
/* Exchanges the cells at @a and @b (the drag-between-cells gesture). */
void pf_document_swap_cells (PfDocument *document,
                             guint       a,
                             guint       b);

/* ---- Snapshots (undo) ---------------------------------------------------------------- */

/* The whole state as project JSON with absolute paths (unknown keys included). Free with
 * json_node_unref(). */
JsonNode *pf_document_to_json (PfDocument *document);
/* Replaces the document's whole state by @root (as from pf_document_to_json() or a project
 * file; relative photo paths resolve against the current directory). Validates first: on
 * error nothing changes. Existing cell and style objects are reused position by position,
 * so only what differs notifies. */
gboolean pf_document_load_json (PfDocument  *document,
                                JsonNode    *root,
                                GError     **error);
/* Makes @document a copy of @source (same as load_json of its to_json, without JSON). */
void pf_document_assign (PfDocument *document,
                         PfDocument *source);

G_END_DECLS
