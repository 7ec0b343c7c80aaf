/* pf-cell.h — one photo slot of a collage
 *
 * A cell shows one photo (or nothing: a placeholder) with its own crop: fit, pan, zoom,
 * rotation and mirroring, and, in a grid, how many rows and columns it spans. Its style is
 * the document's unless it carries its own. Photo paths are absolute in memory.
 */
#pragma once

#include <glib-object.h>

#include "pf-enums.h"
#include "pf-style.h"

G_BEGIN_DECLS

#define PF_CELL_MAX_ZOOM 20.0
#define PF_CELL_MAX_ROTATE 360.0   /* rotate lies in −360..360 degrees */
#define PF_CELL_MAX_SPAN 50        /* = PF_DOCUMENT_MAX_ROWS/COLUMNS */

#define PF_TYPE_CELL (pf_cell_get_type ())

G_DECLARE_FINAL_TYPE (PfCell, pf_cell, PF, CELL, GObject)

/* Signal PfCell::changed (PfCell *cell, GParamSpec *pspec): emitted after every property
 * notification of the cell and of its own style (then @pspec belongs to PfStyle). The
 * document listens to it; other code may too. */

/* A cell showing @photo (a file name; a relative one is made absolute against the current
 * directory; NULL = empty cell), cover, centred, zoom 1, upright, span 1 × 1. */
PfCell *pf_cell_new (const char *photo);
/* A new cell with @cell's values; its style override, if any, is copied too. */
PfCell *pf_cell_copy (PfCell *cell);
/* Gives @cell the values of @source (style override copied), notifying what changes. */
void pf_cell_assign (PfCell *cell,
                     PfCell *source);

/* The photo's absolute file name, or NULL for an empty cell. The file may be missing. */
const char *pf_cell_get_photo (PfCell *cell);
void pf_cell_set_photo (PfCell     *cell,
                        const char *photo);

PfFit pf_cell_get_fit (PfCell *cell);
void pf_cell_set_fit (PfCell *cell,
                      PfFit   fit);
/* Which part of the photo shows when it overflows the cell: 0..1 on each axis,
 * 0.5 = centred (the engine's pf_cover()/pf_contain() pan). Clamped. */
double pf_cell_get_pan_x (PfCell *cell);
double pf_cell_get_pan_y (PfCell *cell);
void pf_cell_set_pan (PfCell *cell,
                      double  pan_x,
                      double  pan_y);
/* 1..PF_CELL_MAX_ZOOM, clamped. */
double pf_cell_get_zoom (PfCell *cell);
void pf_cell_set_zoom (PfCell *cell,
                       double  zoom);
/* Clockwise rotation in degrees, −360..360 (clamped); any angle, 90° steps are exact. */
double pf_cell_get_rotate (PfCell *cell);
void pf_cell_set_rotate (PfCell *cell,
                         double  degrees);
/* Adds @degrees (e.g. 90 or −90) and wraps the result into 0 ≤ angle < 360. */
void pf_cell_rotate_by (PfCell *cell,
                        double  degrees);
PfFlip pf_cell_get_flip (PfCell *cell);
void pf_cell_set_flip (PfCell *cell,
                       PfFlip  flip);

/* Grid span, 1..PF_CELL_MAX_SPAN each (clamped); the layout clamps it to the grid. */
int pf_cell_get_span_columns (PfCell *cell);
int pf_cell_get_span_rows (PfCell *cell);
void pf_cell_set_span (PfCell *cell,
                       int     columns,
                       int     rows);

/* The cell's own style, or NULL when it follows the document's. */
PfStyle *pf_cell_get_style (PfCell *cell);
/* Gives the cell its own @style (referenced, not copied; NULL = follow the document). */
void pf_cell_set_style (PfCell  *cell,
                        PfStyle *style);
/* The style that applies: the cell's own, else @document_style. Not referenced. */
PfStyle *pf_cell_get_effective_style (PfCell  *cell,
                                      PfStyle *document_style);

/* The aspect ratio (width / height) the photo shows in the cell, given its upright size:
 * swapped when the cell turns it by 90° or 270° (± 45°). A missing photo (size ≤ 0)
 * counts as 3:2. What pf_layout_mosaic() wants for each cell. */
double pf_cell_get_display_aspect (PfCell *cell,
                                   int     photo_width,
                                   int     photo_height);

G_END_DECLS
