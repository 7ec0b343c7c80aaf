/* pf-style.h — how cells look: corners, blur, drop shadow, stroke; and RGBA colours
 *
 * A PfStyle is a plain GObject with one property per setting, so the editor can bind
 * widgets to it. The document has one; a cell may carry its own (see pf_cell_set_style()).
 * Ranges are hard limits, enforced by the GParamSpecs and by the setters (which clamp).
 */
#pragma once

#include <glib-object.h>

#include "photoff-engine.h"
#include "pf-enums.h"

G_BEGIN_DECLS

/* ---------------------------------------------------------------------------------------
 * PfRgba: a straight-alpha sRGB colour, laid out like the engine's PfColor.
 */

typedef struct
{
  guint8 r, g, b, a;
} PfRgba;

#define PF_TYPE_RGBA (pf_rgba_get_type ())

GType pf_rgba_get_type (void);
PfRgba *pf_rgba_copy (const PfRgba *rgba);
void pf_rgba_free (PfRgba *rgba);
gboolean pf_rgba_equal (const PfRgba *a,
                        const PfRgba *b);
/* Parses "#rgb", "#rgba", "#rrggbb" or "#rrggbbaa" (hex digits in either case; alpha
 * defaults to ff). Returns FALSE, leaving @rgba untouched, for anything else. */
gboolean pf_rgba_parse (PfRgba     *rgba,
                        const char *spec);
/* Formats as "#rrggbbaa", lower case. Free with g_free(). */
char *pf_rgba_to_string (const PfRgba *rgba);

static inline PfColor
pf_rgba_to_color (const PfRgba *rgba)
{
  PfColor c = { rgba->r, rgba->g, rgba->b, rgba->a };
  return c;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PfRgba, pf_rgba_free)

/* ---------------------------------------------------------------------------------------
 * PfStyle
 */

/* Hard limits, in page pixels. */
#define PF_STYLE_MAX_CORNER_RADIUS 16384.0
#define PF_STYLE_MAX_BLUR 1000.0          /* cell blur and shadow blur radius */
#define PF_STYLE_MAX_SHADOW_OFFSET 4096   /* |dx|, |dy| */
#define PF_STYLE_MAX_SHADOW_SPREAD 1000.0 /* |spread| */
#define PF_STYLE_MAX_STROKE_WIDTH 1000.0

#define PF_TYPE_STYLE (pf_style_get_type ())

G_DECLARE_FINAL_TYPE (PfStyle, pf_style, PF, STYLE, GObject)

/* A neutral style: square corners, no blur, shadow off (0, 12, blur 24, #00000066 when
 * turned on), no stroke (white, inside). */
PfStyle *pf_style_new (void);
/* A new style with @style's values (and its unknown project-file keys). */
PfStyle *pf_style_copy (PfStyle *style);
/* Gives @style the values of @source, notifying only what changes. */
void pf_style_assign (PfStyle *style,
                      PfStyle *source);
gboolean pf_style_equal (PfStyle *a,
                         PfStyle *b);

double pf_style_get_corner_radius (PfStyle *style);
void pf_style_set_corner_radius (PfStyle *style,
                                 double   radius);
double pf_style_get_blur (PfStyle *style);
void pf_style_set_blur (PfStyle *style,
                        double   radius);

gboolean pf_style_get_shadow_enabled (PfStyle *style);
void pf_style_set_shadow_enabled (PfStyle  *style,
                                  gboolean  enabled);
int pf_style_get_shadow_dx (PfStyle *style);
void pf_style_set_shadow_dx (PfStyle *style,
                             int      dx);
int pf_style_get_shadow_dy (PfStyle *style);
void pf_style_set_shadow_dy (PfStyle *style,
                             int      dy);
double pf_style_get_shadow_blur (PfStyle *style);
void pf_style_set_shadow_blur (PfStyle *style,
                               double   radius);
double pf_style_get_shadow_spread (PfStyle *style);
void pf_style_set_shadow_spread (PfStyle *style,
                                 double   spread);
void pf_style_get_shadow_color (PfStyle *style,
                                PfRgba  *color);
void pf_style_set_shadow_color (PfStyle      *style,
                                const PfRgba *color);

double pf_style_get_stroke_width (PfStyle *style);
void pf_style_set_stroke_width (PfStyle *style,
                                double   width);
void pf_style_get_stroke_color (PfStyle *style,
                                PfRgba  *color);
void pf_style_set_stroke_color (PfStyle      *style,
                                const PfRgba *color);
PfStrokePosition pf_style_get_stroke_position (PfStyle *style);
void pf_style_set_stroke_position (PfStyle          *style,
                                   PfStrokePosition  position);

/* The engine's parameters for this style (outer shadow; stroke following corner_radius).
 * pf_style_get_engine_shadow() returns FALSE when the shadow is off or invisible. */
gboolean pf_style_get_engine_shadow (PfStyle  *style,
                                     PfShadow *shadow);
gboolean pf_style_get_engine_stroke (PfStyle  *style,
                                     PfStroke *stroke);

G_END_DECLS
