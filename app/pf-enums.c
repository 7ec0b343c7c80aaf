/* pf-enums.c — GTypes of the document model's enumerations */
#define G_LOG_DOMAIN "pf-enums"

#include "config.h"

#include "pf-enums.h"

G_DEFINE_ENUM_TYPE (PfBackgroundType, pf_background_type,
  G_DEFINE_ENUM_VALUE (PF_BACKGROUND_COLOR, "color"),
  G_DEFINE_ENUM_VALUE (PF_BACKGROUND_GRADIENT, "gradient"),
  G_DEFINE_ENUM_VALUE (PF_BACKGROUND_PHOTO, "photo"))

G_DEFINE_ENUM_TYPE (PfLayoutType, pf_layout_type,
  G_DEFINE_ENUM_VALUE (PF_LAYOUT_GRID, "grid"),
  G_DEFINE_ENUM_VALUE (PF_LAYOUT_MOSAIC, "mosaic"))

G_DEFINE_ENUM_TYPE (PfFit, pf_fit,
  G_DEFINE_ENUM_VALUE (PF_FIT_COVER, "cover"),
  G_DEFINE_ENUM_VALUE (PF_FIT_CONTAIN, "contain"))

G_DEFINE_ENUM_TYPE (PfOrientation, pf_orientation,
  G_DEFINE_ENUM_VALUE (PF_ORIENTATION_PORTRAIT, "portrait"),
  G_DEFINE_ENUM_VALUE (PF_ORIENTATION_LANDSCAPE, "landscape"))

G_DEFINE_FLAGS_TYPE (PfDocumentChange, pf_document_change,
  G_DEFINE_ENUM_VALUE (PF_DOCUMENT_CHANGE_PAGE, "page"),
  G_DEFINE_ENUM_VALUE (PF_DOCUMENT_CHANGE_BACKGROUND, "background"),
  G_DEFINE_ENUM_VALUE (PF_DOCUMENT_CHANGE_LAYOUT, "layout"),
  G_DEFINE_ENUM_VALUE (PF_DOCUMENT_CHANGE_STYLE, "style"),
  G_DEFINE_ENUM_VALUE (PF_DOCUMENT_CHANGE_CELL, "cell"),
  G_DEFINE_ENUM_VALUE (PF_DOCUMENT_CHANGE_CELLS, "cells"))

/* The engine's enums, registered here because gpu/ has no GLib. */
G_DEFINE_ENUM_TYPE (PfFlip, pf_flip,
  G_DEFINE_ENUM_VALUE (PF_FLIP_NONE, "none"),
  G_DEFINE_ENUM_VALUE (PF_FLIP_HORIZONTAL, "horizontal"),
  G_DEFINE_ENUM_VALUE (PF_FLIP_VERTICAL, "vertical"),
  G_DEFINE_ENUM_VALUE (PF_FLIP_BOTH, "both"))

G_DEFINE_ENUM_TYPE (PfGradient, pf_gradient,
  G_DEFINE_ENUM_VALUE (PF_GRADIENT_HORIZONTAL, "horizontal"),
  G_DEFINE_ENUM_VALUE (PF_GRADIENT_VERTICAL, "vertical"),
  G_DEFINE_ENUM_VALUE (PF_GRADIENT_DIAGONAL, "diagonal"),
  G_DEFINE_ENUM_VALUE (PF_GRADIENT_RADIAL, "radial"))

G_DEFINE_ENUM_TYPE (PfStrokePosition, pf_stroke_position,
  G_DEFINE_ENUM_VALUE (PF_STROKE_INSIDE, "inside"),
  G_DEFINE_ENUM_VALUE (PF_STROKE_OUTSIDE, "outside"),
  G_DEFINE_ENUM_VALUE (PF_STROKE_CENTER, "center"))

/* The class stays referenced for good, so the nicks handed out stay valid. */
static GEnumClass *
pf_enum_class (GType type)
{
  GEnumClass *klass = g_type_class_peek (type);

  if (klass == NULL)
    klass = g_type_class_ref (type);
  return klass;
}

const char *
pf_enum_to_nick (GType type,
                 int   value)
{
  GEnumValue *v = g_enum_get_value (pf_enum_class (type), value);

  return v != NULL ? v->value_nick : NULL;
}

gboolean
pf_enum_from_nick (GType       type,
                   const char *nick,
                   int        *value)
{
  GEnumValue *v;

  g_return_val_if_fail (nick != NULL, FALSE);

  v = g_enum_get_value_by_nick (pf_enum_class (type), nick);
  if (v == NULL)
    return FALSE;
  if (value != NULL)
    *value = v->value;
  return TRUE;
}
