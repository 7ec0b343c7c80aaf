/* pf-cell.c — one photo slot of a collage */
#define G_LOG_DOMAIN "pf-cell"

#include "config.h"

#include <glib/gi18n.h>

#include "pf-cell.h"

#include "pf-model-private.h"

#include <math.h>

struct _PfCell
{
  GObject parent_instance;

  char *photo;
  PfFit fit;
  double pan_x;
  double pan_y;
  double zoom;
  double rotate;
  PfFlip flip;
  int span_columns;
  int span_rows;
  PfStyle *style;

  JsonObject *extra;
};

G_DEFINE_FINAL_TYPE (PfCell, pf_cell, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PHOTO,
  PROP_FIT,
  PROP_PAN_X,
  PROP_PAN_Y,
  PROP_ZOOM,
  PROP_ROTATE,
  PROP_FLIP,
  PROP_SPAN_COLUMNS,
  PROP_SPAN_ROWS,
  PROP_STYLE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
on_style_notify (PfStyle    *style,
                 GParamSpec *pspec,
                 PfCell     *self)
{
  g_signal_emit (self, signals[CHANGED], 0, pspec);
}

static void
pf_cell_notify (GObject    *object,
                GParamSpec *pspec)
{
  if (G_OBJECT_CLASS (pf_cell_parent_class)->notify != NULL)
    G_OBJECT_CLASS (pf_cell_parent_class)->notify (object, pspec);

  g_signal_emit (object, signals[CHANGED], 0, pspec);
}

static void
pf_cell_dispose (GObject *object)
{
  PfCell *self = (PfCell *) object;

  if (self->style != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->style, on_style_notify, self);
      g_clear_object (&self->style);
    }

  G_OBJECT_CLASS (pf_cell_parent_class)->dispose (object);
}

static void
pf_cell_finalize (GObject *object)
{
  PfCell *self = (PfCell *) object;

  g_free (self->photo);
  pf_extra_replace (&self->extra, NULL);

  G_OBJECT_CLASS (pf_cell_parent_class)->finalize (object);
}

static void
pf_cell_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  PfCell *self = PF_CELL (object);

  switch (prop_id)
    {
    case PROP_PHOTO:
      g_value_set_string (value, self->photo);
      break;
    case PROP_FIT:
      g_value_set_enum (value, self->fit);
      break;
    case PROP_PAN_X:
      g_value_set_double (value, self->pan_x);
      break;
    case PROP_PAN_Y:
      g_value_set_double (value, self->pan_y);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_ROTATE:
      g_value_set_double (value, self->rotate);
      break;
    case PROP_FLIP:
      g_value_set_enum (value, self->flip);
      break;
    case PROP_SPAN_COLUMNS:
      g_value_set_int (value, self->span_columns);
      break;
    case PROP_SPAN_ROWS:
      g_value_set_int (value, self->span_rows);
      break;
    case PROP_STYLE:
      g_value_set_object (value, self->style);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pf_cell_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  PfCell *self = PF_CELL (object);

  switch (prop_id)
    {
    case PROP_PHOTO:
      pf_cell_set_photo (self, g_value_get_string (value));
      break;
    case PROP_FIT:
      pf_cell_set_fit (self, g_value_get_enum (value));
      break;
    case PROP_PAN_X:
      pf_cell_set_pan (self, g_value_get_double (value), self->pan_y);
      break;
    case PROP_PAN_Y:
      pf_cell_set_pan (self, self->pan_x, g_value_get_double (value));
      break;
    case PROP_ZOOM:
      pf_cell_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_ROTATE:
      pf_cell_set_rotate (self, g_value_get_double (value));
      break;
    case PROP_FLIP:
      pf_cell_set_flip (self, g_value_get_enum (value));
      break;
    case PROP_SPAN_COLUMNS:
      pf_cell_set_span (self, g_value_get_int (value), self->span_rows);
      break;
    case PROP_SPAN_ROWS:
      pf_cell_set_span (self, self->span_columns, g_value_get_int (value));
      break;
    case PROP_STYLE:
      pf_cell_set_style (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pf_cell_class_init (PfCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = pf_cell_dispose;
  object_class->finalize = pf_cell_finalize;
  object_class->get_property = pf_cell_get_property;
  object_class->set_property = pf_cell_set_property;
  object_class->notify = pf_cell_notify;

  properties[PROP_PHOTO] =
    g_param_spec_string ("photo", NULL, NULL, NULL, flags);
  properties[PROP_FIT] =
    g_param_spec_enum ("fit", NULL, NULL, PF_TYPE_FIT, PF_FIT_COVER, flags);
  properties[PROP_PAN_X] =
    g_param_spec_double ("pan-x", NULL, NULL, 0, 1, 0.5, flags);
  properties[PROP_PAN_Y] =
    g_param_spec_double ("pan-y", NULL, NULL, 0, 1, 0.5, flags);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, 1, PF_CELL_MAX_ZOOM, 1, flags);
  properties[PROP_ROTATE] =
    g_param_spec_double ("rotate", NULL, NULL,
                         -PF_CELL_MAX_ROTATE, PF_CELL_MAX_ROTATE, 0, flags);
  properties[PROP_FLIP] =
    g_param_spec_enum ("flip", NULL, NULL, PF_TYPE_FLIP, PF_FLIP_NONE, flags);
  properties[PROP_SPAN_COLUMNS] =
    g_param_spec_int ("span-columns", NULL, NULL, 1, PF_CELL_MAX_SPAN, 1, flags);
  properties[PROP_SPAN_ROWS] =
    g_param_spec_int ("span-rows", NULL, NULL, 1, PF_CELL_MAX_SPAN, 1, flags);
  properties[PROP_STYLE] =
    g_param_spec_object ("style", NULL, NULL, PF_TYPE_STYLE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL,
                  g_cclosure_marshal_VOID__PARAM,
                  G_TYPE_NONE, 1, G_TYPE_PARAM);
  g_signal_set_va_marshaller (signals[CHANGED], G_TYPE_FROM_CLASS (klass),
                              g_cclosure_marshal_VOID__PARAMv);
}

static void
pf_cell_init (PfCell *self)
{
  self->fit = PF_FIT_COVER;
  self->pan_x = 0.5;
  self->pan_y = 0.5;
  self->zoom = 1;
  self->flip = PF_FLIP_NONE;
  self->span_columns = 1;
  self->span_rows = 1;
}

PfCell *
pf_cell_new (const char *photo)
{
  return g_object_new (PF_TYPE_CELL, "photo", photo, NULL);
}

PfCell *
pf_cell_copy (PfCell *cell)
{
  PfCell *copy;

  g_return_val_if_fail (PF_IS_CELL (cell), NULL);

  copy = pf_cell_new (NULL);
  pf_cell_assign (copy, cell);
  return copy;
}

void
pf_cell_assign (PfCell *cell,
                PfCell *source)
{
  g_return_if_fail (PF_IS_CELL (cell));
  g_return_if_fail (PF_IS_CELL (source));

  if (cell == source)
    return;

  g_object_freeze_notify (G_OBJECT (cell));
  pf_cell_set_photo (cell, source->photo);
  pf_cell_set_fit (cell, source->fit);
  pf_cell_set_pan (cell, source->pan_x, source->pan_y);
  pf_cell_set_zoom (cell, source->zoom);
  pf_cell_set_rotate (cell, source->rotate);
  pf_cell_set_flip (cell, source->flip);
  pf_cell_set_span (cell, source->span_columns, source->span_rows);

  /* Keep our own style object where both have one, so that only what differs notifies. */
  if (source->style == NULL)
    pf_cell_set_style (cell, NULL);
  else if (cell->style != NULL && cell->style != source->style)
    pf_style_assign (cell->style, source->style);
  else if (cell->style == NULL)
    {
      g_autoptr(PfStyle) style = pf_style_copy (source->style);
      pf_cell_set_style (cell, style);
    }

  pf_extra_replace (&cell->extra, source->extra);
  g_object_thaw_notify (G_OBJECT (cell));
}

const char *
pf_cell_get_photo (PfCell *cell)
{
  g_return_val_if_fail (PF_IS_CELL (cell), NULL);
  return cell->photo;
}

void
pf_cell_set_photo (PfCell     *cell,
                   const char *photo)
{
  g_autofree char *absolute = NULL;

  g_return_if_fail (PF_IS_CELL (cell));

  if (photo != NULL && photo[0] != '\0')
    absolute = g_canonicalize_filename (photo, NULL);

  if (g_strcmp0 (cell->photo, absolute) == 0)
    return;
  g_free (cell->photo);
  cell->photo = g_steal_pointer (&absolute);
  g_object_notify_by_pspec (G_OBJECT (cell), properties[PROP_PHOTO]);
}

PfFit
pf_cell_get_fit (PfCell *cell)
{
  g_return_val_if_fail (PF_IS_CELL (cell), PF_FIT_COVER);
  return cell->fit;
}

void
pf_cell_set_fit (PfCell *cell,
                 PfFit   fit)
{
  g_return_if_fail (PF_IS_CELL (cell));
  g_return_if_fail (fit == PF_FIT_COVER || fit == PF_FIT_CONTAIN);

  if (cell->fit == fit)
    return;
  cell->fit = fit;
  g_object_notify_by_pspec (G_OBJECT (cell), properties[PROP_FIT]);
}

double
pf_cell_get_pan_x (PfCell *cell)
{
  g_return_val_if_fail (PF_IS_CELL (cell), 0.5);
  return cell->pan_x;
}

double
pf_cell_get_pan_y (PfCell *cell)
{
  g_return_val_if_fail (PF_IS_CELL (cell), 0.5);
  return cell->pan_y;
}

void
pf_cell_set_pan (PfCell *cell,
                 double  pan_x,
                 double  pan_y)
{
  g_return_if_fail (PF_IS_CELL (cell));
  g_return_if_fail (!isnan (pan_x) && !isnan (pan_y));

  pan_x = CLAMP (pan_x, 0.0, 1.0);
  pan_y = CLAMP (pan_y, 0.0, 1.0);

  g_object_freeze_notify (G_OBJECT (cell));
  if (cell->pan_x != pan_x)
    {
      cell->pan_x = pan_x;
      g_object_notify_by_pspec (G_OBJECT (cell), properties[PROP_PAN_X]);
    }
  if (cell->pan_y != pan_y)
    {
      cell->pan_y = pan_y;
      g_object_notify_by_pspec (G_OBJECT (cell), properties[PROP_PAN_Y]);
    }
  g_object_thaw_notify (G_OBJECT (cell));
}

double
pf_cell_get_zoom (PfCell *cell)
{
  g_return_val_if_fail (PF_IS_CELL (cell), 1);
  return cell->zoom;
}

void
pf_cell_set_zoom (PfCell *cell,
                  double  zoom)
{
  g_return_if_fail (PF_IS_CELL (cell));
  g_return_if_fail (!isnan (zoom));

  zoom = CLAMP (zoom, 1.0, PF_CELL_MAX_ZOOM);
  if (cell->zoom == zoom)
    return;
  cell->zoom = zoom;
  g_object_notify_by_pspec (G_OBJECT (cell), properties[PROP_ZOOM]);
}

double
pf_cell_get_rotate (PfCell *cell)
{
  g_return_val_if_fail (PF_IS_CELL (cell), 0);
  return cell->rotate;
}

void
pf_cell_set_rotate (PfCell *cell,
                    double  degrees)
{
  g_return_if_fail (PF_IS_CELL (cell));
  g_return_if_fail (!isnan (degrees));

  degrees = CLAMP (degrees, -PF_CELL_MAX_ROTATE, PF_CELL_MAX_ROTATE);
  if (degrees == 0)
    degrees = 0;  /* no −0 in files */
  if (cell->rotate == degrees)
    return;
  cell->rotate = degrees;
  g_object_notify_by_pspec (G_OBJECT (cell), properties[PROP_ROTATE]);
}

void
pf_cell_rotate_by (PfCell *cell,
                   double  degrees)
{
  double angle;

  g_return_if_fail (PF_IS_CELL (cell));
  g_return_if_fail (isfinite (degrees));

  angle = fmod (cell->rotate + fmod (degrees, 360.0), 360.0);
  if (angle < 0)
    angle += 360.0;
  if (angle >= 360.0)
    angle = 0;
  pf_cell_set_rotate (cell, angle);
}

PfFlip
pf_cell_get_flip (PfCell *cell)
{
  g_return_val_if_fail (PF_IS_CELL (cell), PF_FLIP_NONE);
  return cell->flip;
}

void
pf_cell_set_flip (PfCell *cell,
                  PfFlip  flip)
{
  g_return_if_fail (PF_IS_CELL (cell));
  g_return_if_fail (flip >= PF_FLIP_NONE && flip <= PF_FLIP_BOTH);

  if (cell->flip == flip)
    return;
  cell->flip = flip;
  g_object_notify_by_pspec (G_OBJECT (cell), properties[PROP_FLIP]);
}

int
pf_cell_get_span_columns (PfCell *cell)
{
  g_return_val_if_fail (PF_IS_CELL (cell), 1);
  return cell->span_columns;
}

int
pf_cell_get_span_rows (PfCell *cell)
{
  g_return_val_if_fail (PF_IS_CELL (cell), 1);
  return cell->span_rows;
}

void
pf_cell_set_span (PfCell *cell,
                  int     columns,
                  int     rows)
{
  g_return_if_fail (PF_IS_CELL (cell));

  columns = CLAMP (columns, 1, PF_CELL_MAX_SPAN);
  rows = CLAMP (rows, 1, PF_CELL_MAX_SPAN);

  g_object_freeze_notify (G_OBJECT (cell));
  if (cell->span_columns != columns)
    {
      cell->span_columns = columns;
      g_object_notify_by_pspec (G_OBJECT (cell), properties[PROP_SPAN_COLUMNS]);
    }
  if (cell->span_rows != rows)
    {
      cell->span_rows = rows;
      g_object_notify_by_pspec (G_OBJECT (cell), properties[PROP_SPAN_ROWS]);
    }
  g_object_thaw_notify (G_OBJECT (cell));
}

PfStyle *
pf_cell_get_style (PfCell *cell)
{
  g_return_val_if_fail (PF_IS_CELL (cell), NULL);
  return cell->style;
}

void
pf_cell_set_style (PfCell  *cell,
                   PfStyle *style)
{
  g_return_if_fail (PF_IS_CELL (cell));
  g_return_if_fail (style == NULL || PF_IS_STYLE (style));

  if (cell->style == style)
    return;

  if (cell->style != NULL)
    g_signal_handlers_disconnect_by_func (cell->style, on_style_notify, cell);
  g_set_object (&cell->style, style);
  if (style != NULL)
    g_signal_connect (style, "notify", G_CALLBACK (on_style_notify), cell);

  g_object_notify_by_pspec (G_OBJECT (cell), properties[PROP_STYLE]);
}

PfStyle *
pf_cell_get_effective_style (PfCell  *cell,
                             PfStyle *document_style)
{
  g_return_val_if_fail (PF_IS_CELL (cell), NULL);

  return cell->style != NULL ? cell->style : document_style;
}

double
pf_cell_get_display_aspect (PfCell *cell,
                            int     photo_width,
                            int     photo_height)
{
  double quarter_turns;

  g_return_val_if_fail (PF_IS_CELL (cell), 1.5);

  if (photo_width <= 0 || photo_height <= 0)
    return 1.5;

  quarter_turns = fabs (round (cell->rotate / 90.0));
  if (fmod (quarter_turns, 2.0) == 1.0)
    return (double) photo_height / photo_width;
  return (double) photo_width / photo_height;
}

JsonObject *
pf_cell_get_extra (PfCell *cell)
{
  g_return_val_if_fail (PF_IS_CELL (cell), NULL);
  return cell->extra;
}

void
pf_cell_set_extra (PfCell     *cell,
                   JsonObject *members)
{
  g_return_if_fail (PF_IS_CELL (cell));
  pf_extra_replace (&cell->extra, members);
}
