/* pf-layout.h — where the cells go: grid and mosaic geometry
 *
 * Pure geometry on integer page pixels; no pixels are touched. The caller probes photo
 * sizes (pf_image_probe()) for the mosaic and passes aspect ratios in.
 *
 * Grid: rows × columns inside the margin, exactly @spacing pixels between neighbours; the
 * spare pixels of the division go one each to some columns/rows (sizes differ by at most
 * 1 px). Cells are auto-placed in document order like CSS grid "row dense": each goes to
 * the first free slot, in reading order, where its span (clamped to the grid) fits. Cells
 * that find no room are reported as not placed.
 *
 * Mosaic: justified rows that keep every photo's aspect ratio (to within rounding: 1 % for
 * cells of 100 px and more) with exactly @spacing between photos and rows. Row breaks are
 * chosen deterministically (dynamic programming, then the candidate that covers most of
 * the content area). Rows span the full content width and the block is centred vertically;
 * when even the best rows are too tall, the whole block is scaled down to the content
 * height and centred horizontally instead. A non-zero seed shuffles the order.
 *
 * Same input, same output, on every machine (integer and IEEE double arithmetic only).
 */
#pragma once

#include <glib.h>

#include "pf-document.h"

G_BEGIN_DECLS

/* Aspect ratios are clamped to this range; non-positive or non-finite ones mean 3:2. */
#define PF_LAYOUT_MIN_ASPECT 0.01
#define PF_LAYOUT_MAX_ASPECT 100.0
#define PF_LAYOUT_DEFAULT_ASPECT 1.5

typedef struct
{
  int x, y, width, height;   /* page pixels; width, height ≥ 1 */
  guint cell_index;          /* position of the cell in the document */
} PfLayoutCell;

typedef struct
{
  PfLayoutCell *cells;       /* the placed cells: grid in document order, mosaic row by row */
  guint n_placed;
  guint *unplaced;           /* indices of the cells that found no room (grid only) */
  guint n_unplaced;
  int content_x, content_y;  /* the page inside the margin */
  int content_width, content_height;
} PfLayout;

/* The document's layout. @aspects (width / height of each cell's photo as shown, see
 * pf_cell_get_display_aspect(); may be NULL) is used by the mosaic; entries past
 * @n_aspects count as 3:2. Fails with PF_DOCUMENT_ERROR_NO_ROOM when margin and spacing
 * leave no pixel for a cell (never yields empty or negative rectangles). */
PfLayout *pf_layout_compute (PfDocument    *document,
                             const double  *aspects,
                             guint          n_aspects,
                             GError       **error);

/* The grid of @columns × @rows; @spans holds 2 ints per cell (columns, rows), or NULL for
 * n_cells cells of 1 × 1. */
PfLayout *pf_layout_grid (int         page_width,
                          int         page_height,
                          int         margin,
                          int         spacing,
                          int         columns,
                          int         rows,
                          const int  *spans,
                          guint       n_cells,
                          GError    **error);

/* The mosaic of @n_cells photos with these @aspects (NULL = all 3:2); @seed 0 keeps their
 * order, any other value shuffles it, always the same way for the same seed. */
PfLayout *pf_layout_mosaic (int            page_width,
                            int            page_height,
                            int            margin,
                            int            spacing,
                            const double  *aspects,
                            guint          n_cells,
                            guint32        seed,
                            GError       **error);

void pf_layout_free (PfLayout *layout);

/* The rectangle of cell @cell_index, or NULL when it is not placed. */
const PfLayoutCell *pf_layout_lookup (const PfLayout *layout,
                                      guint           cell_index);
/* The index of the cell under page point (@x, @y), or −1 (spacing, margin, nothing). */
int pf_layout_cell_at (const PfLayout *layout,
                       int             x,
                       int             y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PfLayout, pf_layout_free)

G_END_DECLS
