/* pf-enums.h — the document model's enumerations and their GTypes
 *
 * Where the engine already has the enum (PfFlip, PfGradient, PfStrokePosition) the model
 * uses it as it is, so the renderer passes values straight through; this file only gives
 * those enums a GType for GObject properties. The nicks are the words of the project file.
 */
#pragma once

#include <glib-object.h>

#include "photoff-engine.h"

G_BEGIN_DECLS

typedef enum
{
  PF_BACKGROUND_COLOR = 0,   /* "color" */
  PF_BACKGROUND_GRADIENT,    /* "gradient" */
  PF_BACKGROUND_PHOTO,       /* "photo": covers the page, blurred */
} PfBackgroundType;

typedef enum
{
  PF_LAYOUT_GRID = 0,        /* "grid": rows × columns with spans */
  PF_LAYOUT_MOSAIC,          /* "mosaic": justified rows keeping each photo's aspect */
} PfLayoutType;

typedef enum
{
  PF_FIT_COVER = 0,          /* "cover": fill the cell, crop the overflow */
  PF_FIT_CONTAIN,            /* "contain": the whole photo inside the cell */
} PfFit;

typedef enum
{
  PF_ORIENTATION_PORTRAIT = 0,
  PF_ORIENTATION_LANDSCAPE,
} PfOrientation;

/* What a PfDocument::changed emission touched. Several bits may be set at once. */
typedef enum /*< flags >*/
{
  PF_DOCUMENT_CHANGE_PAGE       = 1 << 0,  /* width, height, dpi (preset, orientation) */
  PF_DOCUMENT_CHANGE_BACKGROUND = 1 << 1,  /* any background property */
  PF_DOCUMENT_CHANGE_LAYOUT     = 1 << 2,  /* cell rectangles must be computed again */
  PF_DOCUMENT_CHANGE_STYLE      = 1 << 3,  /* the document style: every cell without override */
  PF_DOCUMENT_CHANGE_CELL       = 1 << 4,  /* one cell (its properties or its own style) */
  PF_DOCUMENT_CHANGE_CELLS      = 1 << 5,  /* cells added, removed, moved or swapped */
} PfDocumentChange;

#define PF_DOCUMENT_CHANGE_ALL ((PfDocumentChange) 0x3f)

#define PF_TYPE_BACKGROUND_TYPE (pf_background_type_get_type ())
#define PF_TYPE_LAYOUT_TYPE (pf_layout_type_get_type ())
#define PF_TYPE_FIT (pf_fit_get_type ())
#define PF_TYPE_ORIENTATION (pf_orientation_get_type ())
#define PF_TYPE_DOCUMENT_CHANGE (pf_document_change_get_type ())
#define PF_TYPE_FLIP (pf_flip_get_type ())
#define PF_TYPE_GRADIENT (pf_gradient_get_type ())
#define PF_TYPE_STROKE_POSITION (pf_stroke_position_get_type ())

GType pf_background_type_get_type (void);
GType pf_layout_type_get_type (void);
GType pf_fit_get_type (void);
GType pf_orientation_get_type (void);
GType pf_document_change_get_type (void);
GType pf_flip_get_type (void);          /* none, horizontal, vertical, both */
GType pf_gradient_get_type (void);      /* horizontal, vertical, diagonal, radial */
GType pf_stroke_position_get_type (void); /* inside, outside, center */

/* The project-file word of @value of enum @type ("cover"), or NULL if @value is not one. */
const char *pf_enum_to_nick (GType type, int value);
/* Looks @nick up in enum @type; FALSE if it names no value. */
gboolean pf_enum_from_nick (GType type, const char *nick, int *value);

G_END_DECLS
