/* pf-style.c — how cells look, and the RGBA colour type */
#define G_LOG_DOMAIN "pf-style"

#include "config.h"

#include <glib/gi18n.h>

#include "pf-style.h"

#include "pf-model-private.h"

#include <math.h>
#include <string.h>

/* ---------------------------------------------------------------------------------------
 * PfRgba
 */

G_DEFINE_BOXED_TYPE (PfRgba, pf_rgba, pf_rgba_copy, pf_rgba_free)

PfRgba *
pf_rgba_copy (const PfRgba *rgba)
{
  g_return_val_if_fail (rgba != NULL, NULL);

  return g_memdup2 (rgba, sizeof *rgba);
}

void
pf_rgba_free (PfRgba *rgba)
{
  g_free (rgba);
}

gboolean
pf_rgba_equal (const PfRgba *a,
               const PfRgba *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->r == b->r && a->g == b->g && a->b == b->b && a->a == b->a;
}

gboolean
pf_rgba_parse (PfRgba     *rgba,
               const char *spec)
{
  guint8 v[4] = { 0, 0, 0, 0xff };
  gsize len;
  guint digits;

  g_return_val_if_fail (rgba != NULL, FALSE);

  if (spec == NULL || spec[0] != '#')
    return FALSE;
  spec++;
  len = strlen (spec);
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isxdigit (spec[i]))
      return FALSE;

  switch (len)
    {
    case 3: case 4:    /* #rgb(a): each digit doubled, as in CSS */
      digits = 1;
      break;
    case 6: case 8:
      digits = 2;
      break;
    default:
      return FALSE;
    }

  for (gsize i = 0; i < len / digits; i++)
    {
      int hi = g_ascii_xdigit_value (spec[i * digits]);
      int lo = g_ascii_xdigit_value (spec[i * digits + digits - 1]);
      v[i] = (guint8) (hi * 16 + lo);
    }

  rgba->r = v[0];
  rgba->g = v[1];
  rgba->b = v[2];
  rgba->a = v[3];
  return TRUE;
}

char *
pf_rgba_to_string (const PfRgba *rgba)
{
  g_return_val_if_fail (rgba != NULL, NULL);

  return g_strdup_printf ("#%02x%02x%02x%02x", rgba->r, rgba->g, rgba->b, rgba->a);
}

/* ---------------------------------------------------------------------------------------
 * PfStyle
 */

struct _PfStyle
{
  GObject parent_instance;

  double corner_radius;
  double blur;

  gboolean shadow_enabled;
  int shadow_dx;
  int shadow_dy;
  double shadow_blur;
  double shadow_spread;
  PfRgba shadow_color;

  double stroke_width;
  PfRgba stroke_color;
  PfStrokePosition stroke_position;

  JsonObject *extra[PF_STYLE_N_EXTRAS];
};

G_DEFINE_FINAL_TYPE (PfStyle, pf_style, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CORNER_RADIUS,
  PROP_BLUR,
  PROP_SHADOW_ENABLED,
  PROP_SHADOW_DX,
  PROP_SHADOW_DY,
  PROP_SHADOW_BLUR,
  PROP_SHADOW_SPREAD,
  PROP_SHADOW_COLOR,
  PROP_STROKE_WIDTH,
  PROP_STROKE_COLOR,
  PROP_STROKE_POSITION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const PfRgba default_shadow_color = { 0x00, 0x00, 0x00, 0x66 };
static const PfRgba default_stroke_color = { 0xff, 0xff, 0xff, 0xff };

static void
pf_style_finalize (GObject *object)
{
  PfStyle *self = (PfStyle *) object;

  for (guint i = 0; i < PF_STYLE_N_EXTRAS; i++)
    pf_extra_replace (&self->extra[i], NULL);

  G_OBJECT_CLASS (pf_style_parent_class)->finalize (object);
}

static void
pf_style_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  PfStyle *self = PF_STYLE (object);

  switch (prop_id)
    {
    case PROP_CORNER_RADIUS:
      g_value_set_double (value, self->corner_radius);
      break;
    case PROP_BLUR:
      g_value_set_double (value, self->blur);
      break;
    case PROP_SHADOW_ENABLED:
      g_value_set_boolean (value, self->shadow_enabled);
      break;
    case PROP_SHADOW_DX:
      g_value_set_int (value, self->shadow_dx);
      break;
    case PROP_SHADOW_DY:
      g_value_set_int (value, self->shadow_dy);
      break;
    case PROP_SHADOW_BLUR:
      g_value_set_double (value, self->shadow_blur);
      break;
    case PROP_SHADOW_SPREAD:
      g_value_set_double (value, self->shadow_spread);
      break;
    case PROP_SHADOW_COLOR:
      g_value_set_boxed (value, &self->shadow_color);
      break;
    case PROP_STROKE_WIDTH:
      g_value_set_double (value, self->stroke_width);
      break;
    case PROP_STROKE_COLOR:
      g_value_set_boxed (value, &self->stroke_color);
      break;
    case PROP_STROKE_POSITION:
      g_value_set_enum (value, self->stroke_position);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pf_style_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  PfStyle *self = PF_STYLE (object);

  switch (prop_id)
    {
    case PROP_CORNER_RADIUS:
      pf_style_set_corner_radius (self, g_value_get_double (value));
      break;
    case PROP_BLUR:
      pf_style_set_blur (self, g_value_get_double (value));
      break;
    case PROP_SHADOW_ENABLED:
      pf_style_set_shadow_enabled (self, g_value_get_boolean (value));
      break;
    case PROP_SHADOW_DX:
      pf_style_set_shadow_dx (self, g_value_get_int (value));
      break;
    case PROP_SHADOW_DY:
      pf_style_set_shadow_dy (self, g_value_get_int (value));
      break;
    case PROP_SHADOW_BLUR:
      pf_style_set_shadow_blur (self, g_value_get_double (value));
      break;
    case PROP_SHADOW_SPREAD:
      pf_style_set_shadow_spread (self, g_value_get_double (value));
      break;
    case PROP_SHADOW_COLOR:
      if (g_value_get_boxed (value) != NULL)
        pf_style_set_shadow_color (self, g_value_get_boxed (value));
      break;
    case PROP_STROKE_WIDTH:
      pf_style_set_stroke_width (self, g_value_get_double (value));
      break;
    case PROP_STROKE_COLOR:
      if (g_value_get_boxed (value) != NULL)
        pf_style_set_stroke_color (self, g_value_get_boxed (value));
      break;
    case PROP_STROKE_POSITION:
      pf_style_set_stroke_position (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pf_style_class_init (PfStyleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pf_style_finalize;
  object_class->get_property = pf_style_get_property;
  object_class->set_property = pf_style_set_property;

  properties[PROP_CORNER_RADIUS] =
    g_param_spec_double ("corner-radius", NULL, NULL,
                         0, PF_STYLE_MAX_CORNER_RADIUS, 0, flags);
  properties[PROP_BLUR] =
    g_param_spec_double ("blur", NULL, NULL, 0, PF_STYLE_MAX_BLUR, 0, flags);
  properties[PROP_SHADOW_ENABLED] =
    g_param_spec_boolean ("shadow-enabled", NULL, NULL, FALSE, flags);
  properties[PROP_SHADOW_DX] =
    g_param_spec_int ("shadow-dx", NULL, NULL,
                      -PF_STYLE_MAX_SHADOW_OFFSET, PF_STYLE_MAX_SHADOW_OFFSET, 0, flags);
  properties[PROP_SHADOW_DY] =
    g_param_spec_int ("shadow-dy", NULL, NULL,
                      -PF_STYLE_MAX_SHADOW_OFFSET, PF_STYLE_MAX_SHADOW_OFFSET, 12, flags);
  properties[PROP_SHADOW_BLUR] =
    g_param_spec_double ("shadow-blur", NULL, NULL, 0, PF_STYLE_MAX_BLUR, 24, flags);
  properties[PROP_SHADOW_SPREAD] =
    g_param_spec_double ("shadow-spread", NULL, NULL,
                         -PF_STYLE_MAX_SHADOW_SPREAD, PF_STYLE_MAX_SHADOW_SPREAD, 0, flags);
  properties[PROP_SHADOW_COLOR] =
    g_param_spec_boxed ("shadow-color", NULL, NULL, PF_TYPE_RGBA, flags);
  properties[PROP_STROKE_WIDTH] =
    g_param_spec_double ("stroke-width", NULL, NULL,
                         0, PF_STYLE_MAX_STROKE_WIDTH, 0, flags);
  properties[PROP_STROKE_COLOR] =
    g_param_spec_boxed ("stroke-color", NULL, NULL, PF_TYPE_RGBA, flags);
  properties[PROP_STROKE_POSITION] =
    g_param_spec_enum ("stroke-position", NULL, NULL,
                       PF_TYPE_STROKE_POSITION, PF_STROKE_INSIDE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pf_style_init (PfStyle *self)
{
  self->shadow_dy = 12;
  self->shadow_blur = 24;
  self->shadow_color = default_shadow_color;
  self->stroke_color = default_stroke_color;
  self->stroke_position = PF_STROKE_INSIDE;
}

PfStyle *
pf_style_new (void)
{
  return g_object_new (PF_TYPE_STYLE, NULL);
}

PfStyle *
pf_style_copy (PfStyle *style)
{
  PfStyle *copy;

  g_return_val_if_fail (PF_IS_STYLE (style), NULL);

  copy = pf_style_new ();
  pf_style_assign (copy, style);
  return copy;
}

void
pf_style_assign (PfStyle *style,
                 PfStyle *source)
{
  g_return_if_fail (PF_IS_STYLE (style));
  g_return_if_fail (PF_IS_STYLE (source));

  if (style == source)
    return;

  g_object_freeze_notify (G_OBJECT (style));
  pf_style_set_corner_radius (style, source->corner_radius);
  pf_style_set_blur (style, source->blur);
  pf_style_set_shadow_enabled (style, source->shadow_enabled);
  pf_style_set_shadow_dx (style, source->shadow_dx);
  pf_style_set_shadow_dy (style, source->shadow_dy);
  pf_style_set_shadow_blur (style, source->shadow_blur);
  pf_style_set_shadow_spread (style, source->shadow_spread);
  pf_style_set_shadow_color (style, &source->shadow_color);
  pf_style_set_stroke_width (style, source->stroke_width);
  pf_style_set_stroke_color (style, &source->stroke_color);
  pf_style_set_stroke_position (style, source->stroke_position);
  for (guint i = 0; i < PF_STYLE_N_EXTRAS; i++)
    pf_extra_replace (&style->extra[i], source->extra[i]);
  g_object_thaw_notify (G_OBJECT (style));
}

gboolean
pf_style_equal (PfStyle *a,
                PfStyle *b)
{
  g_return_val_if_fail (PF_IS_STYLE (a), FALSE);
  g_return_val_if_fail (PF_IS_STYLE (b), FALSE);

  return a->corner_radius == b->corner_radius &&
         a->blur == b->blur &&
         a->shadow_enabled == b->shadow_enabled &&
         a->shadow_dx == b->shadow_dx &&
         a->shadow_dy == b->shadow_dy &&
         a->shadow_blur == b->shadow_blur &&
         a->shadow_spread == b->shadow_spread &&
         pf_rgba_equal (&a->shadow_color, &b->shadow_color) &&
         a->stroke_width == b->stroke_width &&
         pf_rgba_equal (&a->stroke_color, &b->stroke_color) &&
         a->stroke_position == b->stroke_position;
}

/* Stores a clamped double and notifies when it changed. NaN is a programming error. */
static void
set_double (PfStyle *self,
            double  *field,
            double   value,
            double   min,
            double   max,
            guint    prop)
{
  g_return_if_fail (!isnan (value));

  value = CLAMP (value, min, max);
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_int (PfStyle *self,
         int     *field,
         int      value,
         int      min,
         int      max,
         guint    prop)
{
  value = CLAMP (value, min, max);
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_color (PfStyle      *self,
           PfRgba       *field,
           const PfRgba *value,
           guint         prop)
{
  g_return_if_fail (value != NULL);

  if (pf_rgba_equal (field, value))
    return;
  *field = *value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

double
pf_style_get_corner_radius (PfStyle *style)
{
  g_return_val_if_fail (PF_IS_STYLE (style), 0);
  return style->corner_radius;
}

void
pf_style_set_corner_radius (PfStyle *style,
                            double   radius)
{
  g_return_if_fail (PF_IS_STYLE (style));
  set_double (style, &style->corner_radius, radius, 0, PF_STYLE_MAX_CORNER_RADIUS,
              PROP_CORNER_RADIUS);
}

double
pf_style_get_blur (PfStyle *style)
{
  g_return_val_if_fail (PF_IS_STYLE (style), 0);
  return style->blur;
}

void
pf_style_set_blur (PfStyle *style,
                   double   radius)
{
  g_return_if_fail (PF_IS_STYLE (style));
  set_double (style, &style->blur, radius, 0, PF_STYLE_MAX_BLUR, PROP_BLUR);
}

gboolean
pf_style_get_shadow_enabled (PfStyle *style)
{
  g_return_val_if_fail (PF_IS_STYLE (style), FALSE);
  return style->shadow_enabled;
}

void
pf_style_set_shadow_enabled (PfStyle  *style,
                             gboolean  enabled)
{
  g_return_if_fail (PF_IS_STYLE (style));

  enabled = !!enabled;
  if (style->shadow_enabled == enabled)
    return;
  style->shadow_enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (style), properties[PROP_SHADOW_ENABLED]);
}

int
pf_style_get_shadow_dx (PfStyle *style)
{
  g_return_val_if_fail (PF_IS_STYLE (style), 0);
  return style->shadow_dx;
}

void
pf_style_set_shadow_dx (PfStyle *style,
                        int      dx)
{
  g_return_if_fail (PF_IS_STYLE (style));
  set_int (style, &style->shadow_dx, dx, -PF_STYLE_MAX_SHADOW_OFFSET,
           PF_STYLE_MAX_SHADOW_OFFSET, PROP_SHADOW_DX);
}

int
pf_style_get_shadow_dy (PfStyle *style)
{
  g_return_val_if_fail (PF_IS_STYLE (style), 0);
  return style->shadow_dy;
}

void
pf_style_set_shadow_dy (PfStyle *style,
                        int      dy)
{
  g_return_if_fail (PF_IS_STYLE (style));
  set_int (style, &style->shadow_dy, dy, -PF_STYLE_MAX_SHADOW_OFFSET,
           PF_STYLE_MAX_SHADOW_OFFSET, PROP_SHADOW_DY);
}

double
pf_style_get_shadow_blur (PfStyle *style)
{
  g_return_val_if_fail (PF_IS_STYLE (style), 0);
  return style->shadow_blur;
}

void
pf_style_set_shadow_blur (PfStyle *style,
                          double   radius)
{
  g_return_if_fail (PF_IS_STYLE (style));
  set_double (style, &style->shadow_blur, radius, 0, PF_STYLE_MAX_BLUR, PROP_SHADOW_BLUR);
}

double
pf_style_get_shadow_spread (PfStyle *style)
{
  g_return_val_if_fail (PF_IS_STYLE (style), 0);
  return style->shadow_spread;
}

void
pf_style_set_shadow_spread (PfStyle *style,
                            double   spread)
{
  g_return_if_fail (PF_IS_STYLE (style));
  set_double (style, &style->shadow_spread, spread, -PF_STYLE_MAX_SHADOW_SPREAD,
              PF_STYLE_MAX_SHADOW_SPREAD, PROP_SHADOW_SPREAD);
}

void
pf_style_get_shadow_color (PfStyle *style,
                           PfRgba  *color)
{
  g_return_if_fail (PF_IS_STYLE (style));
  g_return_if_fail (color != NULL);
  *color = style->shadow_color;
}

void
pf_style_set_shadow_color (PfStyle      *style,
                           const PfRgba *color)
{
  g_return_if_fail (PF_IS_STYLE (style));
  set_color (style, &style->shadow_color, color, PROP_SHADOW_COLOR);
}

double
pf_style_get_stroke_width (PfStyle *style)
{
  g_return_val_if_fail (PF_IS_STYLE (style), 0);
  return style->stroke_width;
}

void
pf_style_set_stroke_width (PfStyle *style,
                           double   width)
{
  g_return_if_fail (PF_IS_STYLE (style));
  set_double (style, &style->stroke_width, width, 0, PF_STYLE_MAX_STROKE_WIDTH,
              PROP_STROKE_WIDTH);
}

void
pf_style_get_stroke_color (PfStyle *style,
                           PfRgba  *color)
{
  g_return_if_fail (PF_IS_STYLE (style));
  g_return_if_fail (color != NULL);
  *color = style->stroke_color;
}

void
pf_style_set_stroke_color (PfStyle      *style,
                           const PfRgba *color)
{
  g_return_if_fail (PF_IS_STYLE (style));
  set_color (style, &style->stroke_color, color, PROP_STROKE_COLOR);
}

PfStrokePosition
pf_style_get_stroke_position (PfStyle *style)
{
  g_return_val_if_fail (PF_IS_STYLE (style), PF_STROKE_INSIDE);
  return style->stroke_position;
}

void
pf_style_set_stroke_position (PfStyle          *style,
                              PfStrokePosition  position)
{
  g_return_if_fail (PF_IS_STYLE (style));
  g_return_if_fail (position == PF_STROKE_INSIDE || position == PF_STROKE_OUTSIDE ||
                    position == PF_STROKE_CENTER);

  if (style->stroke_position == position)
    return;
  style->stroke_position = position;
  g_object_notify_by_pspec (G_OBJECT (style), properties[PROP_STROKE_POSITION]);
}

gboolean
pf_style_get_engine_shadow (PfStyle  *style,
                            PfShadow *shadow)
{
  g_return_val_if_fail (PF_IS_STYLE (style), FALSE);
  g_return_val_if_fail (shadow != NULL, FALSE);

  shadow->dx = style->shadow_dx;
  shadow->dy = style->shadow_dy;
  shadow->blur = (float) style->shadow_blur;
  shadow->spread = (float) style->shadow_spread;
  shadow->color = pf_rgba_to_color (&style->shadow_color);
  shadow->inner = false;
  return style->shadow_enabled && style->shadow_color.a > 0;
}

gboolean
pf_style_get_engine_stroke (PfStyle  *style,
                            PfStroke *stroke)
{
  g_return_val_if_fail (PF_IS_STYLE (style), FALSE);
  g_return_val_if_fail (stroke != NULL, FALSE);

  stroke->width = (float) style->stroke_width;
  stroke->color = pf_rgba_to_color (&style->stroke_color);
  stroke->position = style->stroke_position;
  stroke->corner_radius = (float) style->corner_radius;
  return style->stroke_width > 0 && style->stroke_color.a > 0;
}

JsonObject *
pf_style_get_extra (PfStyle      *style,
                    PfStyleExtra  which)
{
  g_return_val_if_fail (PF_IS_STYLE (style), NULL);
  g_return_val_if_fail (which < PF_STYLE_N_EXTRAS, NULL);
  return style->extra[which];
}

void
pf_style_set_extra (PfStyle      *style,
                    PfStyleExtra  which,
                    JsonObject   *members)
{
  g_return_if_fail (PF_IS_STYLE (style));
  g_return_if_fail (which < PF_STYLE_N_EXTRAS);
  pf_extra_replace (&style->extra[which], members);
}
