/* pf-render-spec.h — what to draw, as plain data
 *
 * A render spec is a document with its layout resolved: the page, the background and
 * each cell's rectangle, photo and effective style. It holds no GObjects, so the editor
 * can build one on the main thread and hand it to the render thread, and the renderer
 * can compare two specs to redo only what changed.
 */
#pragma once

#include <glib.h>

#include "photoff-engine.h"

G_BEGIN_DECLS

typedef enum
{
  PF_RENDER_BACKGROUND_COLOR,
  PF_RENDER_BACKGROUND_GRADIENT,
  PF_RENDER_BACKGROUND_PHOTO,
} PfRenderBackgroundKind;

typedef struct
{
  PfRenderBackgroundKind kind;
  PfColor color;          /* COLOR; also under a PHOTO background's transparent parts */
  PfColor from, to;       /* GRADIENT */
  PfGradient direction;
  char *photo;            /* PHOTO: absolute path */
  float blur;             /* PHOTO: blur radius in page pixels */
} PfRenderBackground;

typedef struct
{
  guint cell_index;       /* the cell's position in its document */
  PfBox rect;             /* on the page, pixels */
  char *photo;            /* absolute path; NULL for an empty cell (drawn as a placeholder) */
  gboolean contain;       /* fit: contain instead of cover */
  double pan_x, pan_y;    /* 0..1 */
  double zoom;            /* ≥ 1 */
  double rotate;          /* degrees clockwise */
  PfFlip flip;

  /* the effective style */
  float corner_radius;
  float blur;
  gboolean shadow;
  int shadow_dx, shadow_dy;
  float shadow_blur, shadow_spread;
  PfColor shadow_color;
  float stroke_width;
  PfColor stroke_color;
  PfStrokePosition stroke_position;
} PfRenderCell;

typedef struct
{
  int width, height;      /* page, pixels */
  double dpi;
  PfRenderBackground background;
  PfRenderCell *cells;
  guint n_cells;
} PfRenderSpec;

PfRenderSpec *pf_render_spec_new (int width, int height, guint n_cells);
PfRenderSpec *pf_render_spec_copy (const PfRenderSpec *spec);
void pf_render_spec_free (PfRenderSpec *spec);
/* Scales every length (page, rectangles, radii, offsets) by @factor > 0, for previews and
 * `photoff-cli render --scale`. DPI scales too, so the print size stays the same. */
void pf_render_spec_scale (PfRenderSpec *spec, double factor);

/* @c's rotation in degrees clockwise, within [0, 360). */
double pf_render_cell_get_rotation (const PfRenderCell *c);
/* The area @c's photo is fitted into: the cell's rectangle, or for a free rotation the
 * cell's rotated bounding box, which is then turned about its centre and cropped to the
 * cell (the renderer's geometry). */
void pf_render_cell_get_fit_area (const PfRenderCell *c, int *width, int *height);

/* The pan that moves @c's photo by (@dx, @dy) page pixels from where @c's pan puts it, so
 * that a dragged photo follows the pointer exactly whatever its fit, zoom, rotation and
 * flip; each axis clamped to 0..1, and kept where the photo has no room to move. Reads the
 * photo's size from its header (cached). FALSE, leaving the outputs alone, for a cell
 * without a readable photo. */
gboolean pf_render_cell_drag_pan (const PfRenderCell *c, double dx, double dy, double *pan_x,
                                  double *pan_y);

/* Whether two cells draw the same pixels (rectangle, photo, fit and style). */
gboolean pf_render_cell_equal (const PfRenderCell *a, const PfRenderCell *b);
gboolean pf_render_background_equal (const PfRenderBackground *a, const PfRenderBackground *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PfRenderSpec, pf_render_spec_free)

typedef struct _PfDocument PfDocument;

/* Resolves @document into a spec: the layout computed (a mosaic probes each photo's
 * aspect ratio, cached per file), each cell's effective style. Call it on the thread that
 * owns the document; the spec can then go to any thread. Fails only when the layout has no
 * room at all (PF_DOCUMENT_ERROR_NO_ROOM); cells a grid cannot place are left out and
 * counted in @n_unplaced (may be NULL). */
PfRenderSpec *pf_render_spec_new_from_document (PfDocument *document, guint *n_unplaced,
                                                GError **error);

G_END_DECLS
