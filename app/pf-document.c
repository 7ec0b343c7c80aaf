/* pf-document.c — a collage: page, background, layout, style and cells */
#define G_LOG_DOMAIN "pf-document"

#include "config.h"

#include <glib/gi18n.h>

#include "pf-document.h"

#include "pf-model-private.h"
#include "pf-project.h"

#include <math.h>
#include <string.h>

struct _PfDocument
{
  GObject parent_instance;

  int width;
  int height;
  int dpi;
  const PfPagePreset *preset;   /* derived from width, height, dpi */

  PfBackgroundType background_type;
  PfRgba background_color;
  PfRgba gradient_from;
  PfRgba gradient_to;
  PfGradient gradient_direction;
  char *background_photo;
  double background_blur;

  PfLayoutType layout_type;
  int rows;
  int columns;
  int spacing;
  int margin;
  guint32 mosaic_seed;

  PfStyle *style;

  GListStore *cells;
  /* The cells we are connected to, mirroring the store: items-changed no longer has the
   * removed items, so this is how their handlers get disconnected. */
  GPtrArray *connected;

  JsonObject *extra[PF_DOCUMENT_N_EXTRAS];
};

G_DEFINE_FINAL_TYPE (PfDocument, pf_document, G_TYPE_OBJECT)

G_DEFINE_QUARK (pf-document-error-quark, pf_document_error)

enum {
  PROP_0,
  /* page */
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_DPI,
  PROP_PRESET,
  PROP_ORIENTATION,
  /* background */
  PROP_BACKGROUND_TYPE,
  PROP_BACKGROUND_COLOR,
  PROP_GRADIENT_FROM,
  PROP_GRADIENT_TO,
  PROP_GRADIENT_DIRECTION,
  PROP_BACKGROUND_PHOTO,
  PROP_BACKGROUND_BLUR,
  /* layout */
  PROP_LAYOUT_TYPE,
  PROP_ROWS,
  PROP_COLUMNS,
  PROP_SPACING,
  PROP_MARGIN,
  PROP_MOSAIC_SEED,
  /* the rest */
  PROP_STYLE,
  PROP_CELLS,
  PROP_N_CELLS,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const PfRgba default_background = { 0xff, 0xff, 0xff, 0xff };
static const PfRgba default_gradient_to = { 0xd0, 0xd0, 0xd0, 0xff };

static void
emit_changed (PfDocument       *self,
              PfDocumentChange  what,
              int               cell_index)
{
  g_signal_emit (self, signals[CHANGED], 0, what, cell_index);
}

/* What a change of document property @prop_id touches. */
static PfDocumentChange
change_of_property (guint prop_id)
{
  switch (prop_id)
    {
    case PROP_WIDTH:
    case PROP_HEIGHT:
      return PF_DOCUMENT_CHANGE_PAGE | PF_DOCUMENT_CHANGE_LAYOUT;
    case PROP_DPI:
    case PROP_PRESET:
    case PROP_ORIENTATION:
      return PF_DOCUMENT_CHANGE_PAGE;
    case PROP_BACKGROUND_TYPE:
    case PROP_BACKGROUND_COLOR:
    case PROP_GRADIENT_FROM:
    case PROP_GRADIENT_TO:
    case PROP_GRADIENT_DIRECTION:
    case PROP_BACKGROUND_PHOTO:
    case PROP_BACKGROUND_BLUR:
      return PF_DOCUMENT_CHANGE_BACKGROUND;
    case PROP_LAYOUT_TYPE:
    case PROP_ROWS:
    case PROP_COLUMNS:
    case PROP_SPACING:
    case PROP_MARGIN:
    case PROP_MOSAIC_SEED:
      return PF_DOCUMENT_CHANGE_LAYOUT;
    default:
      return 0;   /* style, cells, n-cells: reported where they happen */
    }
}

/* Runs once per batch of notifications (one, or all queued while frozen), so one
 * pf_document_set_size() gives one ::changed, not one per property. */
static void
pf_document_dispatch_properties_changed (GObject     *object,
                                         guint        n_pspecs,
                                         GParamSpec **pspecs)
{
  PfDocument *self = PF_DOCUMENT (object);
  PfDocumentChange what = 0;

  G_OBJECT_CLASS (pf_document_parent_class)->dispatch_properties_changed (object, n_pspecs,
                                                                          pspecs);

  for (guint i = 0; i < n_pspecs; i++)
    if (pspecs[i]->owner_type == PF_TYPE_DOCUMENT)
      what |= change_of_property (pspecs[i]->param_id);

  if (what != 0)
    emit_changed (self, what, -1);
}

static void
on_style_notify (PfStyle    *style,
                 GParamSpec *pspec,
                 PfDocument *self)
{
  emit_changed (self, PF_DOCUMENT_CHANGE_STYLE, -1);
}

static void
on_cell_changed (PfCell     *cell,
                 GParamSpec *pspec,
                 PfDocument *self)
{
  PfDocumentChange what = PF_DOCUMENT_CHANGE_CELL;
  guint index;

  if (!g_ptr_array_find (self->connected, cell, &index))
    return;

  if (pspec->owner_type == PF_TYPE_CELL)
    {
      const char *name = g_param_spec_get_name (pspec);

      if (g_str_equal (name, "span-columns") || g_str_equal (name, "span-rows"))
        what |= PF_DOCUMENT_CHANGE_LAYOUT;
      /* A mosaic follows each photo's aspect ratio, which these change. */
      else if (self->layout_type == PF_LAYOUT_MOSAIC &&
               (g_str_equal (name, "photo") || g_str_equal (name, "rotate")))
        what |= PF_DOCUMENT_CHANGE_LAYOUT;
    }

  emit_changed (self, what, (int) index);
}

static void
on_cells_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  PfDocument *self)
{
  for (guint i = 0; i < removed; i++)
    {
      PfCell *cell = g_ptr_array_index (self->connected, position + i);
      g_signal_handlers_disconnect_by_func (cell, on_cell_changed, self);
    }
  g_ptr_array_remove_range (self->connected, position, removed);

  for (guint i = 0; i < added; i++)
    {
      PfCell *cell = g_list_model_get_item (model, position + i);   /* ref for the mirror */
      g_signal_connect (cell, "changed", G_CALLBACK (on_cell_changed), self);
      g_ptr_array_insert (self->connected, position + i, cell);
    }

  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CELLS]);
  emit_changed (self, PF_DOCUMENT_CHANGE_CELLS | PF_DOCUMENT_CHANGE_LAYOUT, -1);
}

static void
pf_document_dispose (GObject *object)
{
  PfDocument *self = (PfDocument *) object;

  if (self->cells != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->cells, on_cells_changed, self);
      g_clear_object (&self->cells);
    }
  if (self->connected != NULL)
    {
      for (guint i = 0; i < self->connected->len; i++)
        g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->connected, i),
                                              on_cell_changed, self);
      g_clear_pointer (&self->connected, g_ptr_array_unref);
    }
  if (self->style != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->style, on_style_notify, self);
      g_clear_object (&self->style);
    }

  G_OBJECT_CLASS (pf_document_parent_class)->dispose (object);
}

static void
pf_document_finalize (GObject *object)
{
  PfDocument *self = (PfDocument *) object;

  g_free (self->background_photo);
  for (guint i = 0; i < PF_DOCUMENT_N_EXTRAS; i++)
    pf_extra_replace (&self->extra[i], NULL);

  G_OBJECT_CLASS (pf_document_parent_class)->finalize (object);
}

static void
pf_document_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PfDocument *self = PF_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_WIDTH:
      g_value_set_int (value, self->width);
      break;
    case PROP_HEIGHT:
      g_value_set_int (value, self->height);
      break;
    case PROP_DPI:
      g_value_set_int (value, self->dpi);
      break;
    case PROP_PRESET:
      g_value_set_string (value, self->preset->id);
      break;
    case PROP_ORIENTATION:
      g_value_set_enum (value, pf_document_get_orientation (self));
      break;
    case PROP_BACKGROUND_TYPE:
      g_value_set_enum (value, self->background_type);
      break;
    case PROP_BACKGROUND_COLOR:
      g_value_set_boxed (value, &self->background_color);
      break;
    case PROP_GRADIENT_FROM:
      g_value_set_boxed (value, &self->gradient_from);
      break;
    case PROP_GRADIENT_TO:
      g_value_set_boxed (value, &self->gradient_to);
      break;
    case PROP_GRADIENT_DIRECTION:
      g_value_set_enum (value, self->gradient_direction);
      break;
    case PROP_BACKGROUND_PHOTO:
      g_value_set_string (value, self->background_photo);
      break;
    case PROP_BACKGROUND_BLUR:
      g_value_set_double (value, self->background_blur);
      break;
    case PROP_LAYOUT_TYPE:
      g_value_set_enum (value, self->layout_type);
      break;
    case PROP_ROWS:
      g_value_set_int (value, self->rows);
      break;
    case PROP_COLUMNS:
      g_value_set_int (value, self->columns);
      break;
    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;
    case PROP_MARGIN:
      g_value_set_int (value, self->margin);
      break;
    case PROP_MOSAIC_SEED:
      g_value_set_uint (value, self->mosaic_seed);
      break;
    case PROP_STYLE:
      g_value_set_object (value, self->style);
      break;
    case PROP_CELLS:
      g_value_set_object (value, self->cells);
      break;
    case PROP_N_CELLS:
      g_value_set_uint (value, pf_document_get_n_cells (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pf_document_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PfDocument *self = PF_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_WIDTH:
      pf_document_set_size (self, g_value_get_int (value), self->height);
      break;
    case PROP_HEIGHT:
      pf_document_set_size (self, self->width, g_value_get_int (value));
      break;
    case PROP_DPI:
      pf_document_set_dpi (self, g_value_get_int (value));
      break;
    case PROP_PRESET:
      {
        const char *id = g_value_get_string (value);
        g_autoptr(GError) error = NULL;

        /* "custom" (or an unknown id) keeps the size: any size is a custom one. */
        if (id != NULL && !g_str_equal (id, "custom") && pf_page_preset_lookup (id) != NULL)
          {
            const PfPagePreset *preset = pf_page_preset_lookup (id);
            int dpi = MIN (self->dpi, pf_page_preset_get_max_dpi (preset));

            if (!pf_document_set_page (self, id, pf_document_get_orientation (self), dpi,
                                       &error))
              g_warning ("%s", error->message);
          }
      }
      break;
    case PROP_ORIENTATION:
      pf_document_set_orientation (self, g_value_get_enum (value));
      break;
    case PROP_BACKGROUND_TYPE:
      pf_document_set_background_type (self, g_value_get_enum (value));
      break;
    case PROP_BACKGROUND_COLOR:
      if (g_value_get_boxed (value) != NULL)
        pf_document_set_background_color (self, g_value_get_boxed (value));
      break;
    case PROP_GRADIENT_FROM:
      pf_document_set_gradient (self, g_value_get_boxed (value), NULL,
                                self->gradient_direction);
      break;
    case PROP_GRADIENT_TO:
      pf_document_set_gradient (self, NULL, g_value_get_boxed (value),
                                self->gradient_direction);
      break;
    case PROP_GRADIENT_DIRECTION:
      pf_document_set_gradient (self, NULL, NULL, g_value_get_enum (value));
      break;
    case PROP_BACKGROUND_PHOTO:
      pf_document_set_background_photo (self, g_value_get_string (value));
      break;
    case PROP_BACKGROUND_BLUR:
      pf_document_set_background_blur (self, g_value_get_double (value));
      break;
    case PROP_LAYOUT_TYPE:
      pf_document_set_layout_type (self, g_value_get_enum (value));
      break;
    case PROP_ROWS:
      pf_document_set_grid (self, self->columns, g_value_get_int (value));
      break;
    case PROP_COLUMNS:
      pf_document_set_grid (self, g_value_get_int (value), self->rows);
      break;
    case PROP_SPACING:
      pf_document_set_spacing (self, g_value_get_int (value));
      break;
    case PROP_MARGIN:
      pf_document_set_margin (self, g_value_get_int (value));
      break;
    case PROP_MOSAIC_SEED:
      pf_document_set_mosaic_seed (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pf_document_class_init (PfDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = pf_document_dispose;
  object_class->finalize = pf_document_finalize;
  object_class->get_property = pf_document_get_property;
  object_class->set_property = pf_document_set_property;
  object_class->dispatch_properties_changed = pf_document_dispatch_properties_changed;

  properties[PROP_WIDTH] =
    g_param_spec_int ("width", NULL, NULL, 1, PF_PAGE_MAX_SIDE, 2480, flags);
  properties[PROP_HEIGHT] =
    g_param_spec_int ("height", NULL, NULL, 1, PF_PAGE_MAX_SIDE, 3508, flags);
  properties[PROP_DPI] =
    g_param_spec_int ("dpi", NULL, NULL, PF_PAGE_MIN_DPI, PF_PAGE_MAX_DPI, 300, flags);
  properties[PROP_PRESET] =
    g_param_spec_string ("preset", NULL, NULL, "a4", flags);
  properties[PROP_ORIENTATION] =
    g_param_spec_enum ("orientation", NULL, NULL,
                       PF_TYPE_ORIENTATION, PF_ORIENTATION_PORTRAIT, flags);

  properties[PROP_BACKGROUND_TYPE] =
    g_param_spec_enum ("background-type", NULL, NULL,
                       PF_TYPE_BACKGROUND_TYPE, PF_BACKGROUND_COLOR, flags);
  properties[PROP_BACKGROUND_COLOR] =
    g_param_spec_boxed ("background-color", NULL, NULL, PF_TYPE_RGBA, flags);
  properties[PROP_GRADIENT_FROM] =
    g_param_spec_boxed ("gradient-from", NULL, NULL, PF_TYPE_RGBA, flags);
  properties[PROP_GRADIENT_TO] =
    g_param_spec_boxed ("gradient-to", NULL, NULL, PF_TYPE_RGBA, flags);
  properties[PROP_GRADIENT_DIRECTION] =
    g_param_spec_enum ("gradient-direction", NULL, NULL,
                       PF_TYPE_GRADIENT, PF_GRADIENT_VERTICAL, flags);
  properties[PROP_BACKGROUND_PHOTO] =
    g_param_spec_string ("background-photo", NULL, NULL, NULL, flags);
  properties[PROP_BACKGROUND_BLUR] =
    g_param_spec_double ("background-blur", NULL, NULL,
                         0, PF_DOCUMENT_MAX_BACKGROUND_BLUR, 24, flags);

  properties[PROP_LAYOUT_TYPE] =
    g_param_spec_enum ("layout-type", NULL, NULL,
                       PF_TYPE_LAYOUT_TYPE, PF_LAYOUT_GRID, flags);
  properties[PROP_ROWS] =
    g_param_spec_int ("rows", NULL, NULL, 1, PF_DOCUMENT_MAX_ROWS, 3, flags);
  properties[PROP_COLUMNS] =
    g_param_spec_int ("columns", NULL, NULL, 1, PF_DOCUMENT_MAX_COLUMNS, 2, flags);
  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL, 0, PF_DOCUMENT_MAX_SPACING, 40, flags);
  properties[PROP_MARGIN] =
    g_param_spec_int ("margin", NULL, NULL, 0, PF_DOCUMENT_MAX_MARGIN, 80, flags);
  properties[PROP_MOSAIC_SEED] =
    g_param_spec_uint ("mosaic-seed", NULL, NULL, 0, G_MAXUINT32, 0, flags);

  properties[PROP_STYLE] =
    g_param_spec_object ("style", NULL, NULL, PF_TYPE_STYLE, ro);
  properties[PROP_CELLS] =
    g_param_spec_object ("cells", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_N_CELLS] =
    g_param_spec_uint ("n-cells", NULL, NULL, 0, PF_DOCUMENT_MAX_CELLS, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, PF_TYPE_DOCUMENT_CHANGE, G_TYPE_INT);
}

static void
pf_document_init (PfDocument *self)
{
  self->width = 2480;
  self->height = 3508;
  self->dpi = 300;
  self->preset = pf_page_preset_lookup ("a4");

  self->background_type = PF_BACKGROUND_COLOR;
  self->background_color = default_background;
  self->gradient_from = default_background;
  self->gradient_to = default_gradient_to;
  self->gradient_direction = PF_GRADIENT_VERTICAL;
  self->background_blur = 24;

  self->layout_type = PF_LAYOUT_GRID;
  self->rows = 3;
  self->columns = 2;
  self->spacing = 40;
  self->margin = 80;

  self->style = pf_style_new ();
  g_signal_connect (self->style, "notify", G_CALLBACK (on_style_notify), self);

  self->cells = g_list_store_new (PF_TYPE_CELL);
  self->connected = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (self->cells, "items-changed", G_CALLBACK (on_cells_changed), self);
}

PfDocument *
pf_document_new (void)
{
  return g_object_new (PF_TYPE_DOCUMENT, NULL);
}

/* ---- Page ---------------------------------------------------------------------------- */

/* Stores a valid page and notifies whatever changed, derived properties included. */
static void
update_page (PfDocument *self,
             int         width,
             int         height,
             int         dpi)
{
  PfOrientation old_orientation = pf_document_get_orientation (self);
  const PfPagePreset *preset = pf_page_preset_match (width, height, dpi);

  g_assert (pf_page_size_is_valid (width, height));
  g_assert (dpi >= PF_PAGE_MIN_DPI && dpi <= PF_PAGE_MAX_DPI);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->width != width)
    {
      self->width = width;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH]);
    }
  if (self->height != height)
    {
      self->height = height;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEIGHT]);
    }
  if (self->dpi != dpi)
    {
      self->dpi = dpi;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DPI]);
    }
  if (self->preset != preset)
    {
      self->preset = preset;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESET]);
    }
  if (pf_document_get_orientation (self) != old_orientation)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORIENTATION]);
  g_object_thaw_notify (G_OBJECT (self));
}

int
pf_document_get_width (PfDocument *document)
{
  g_return_val_if_fail (PF_IS_DOCUMENT (document), 0);
  return document->width;
}

int
pf_document_get_height (PfDocument *document)
{
  g_return_val_if_fail (PF_IS_DOCUMENT (document), 0);
  return document->height;
}

int
pf_document_get_dpi (PfDocument *document)
{
  g_return_val_if_fail (PF_IS_DOCUMENT (document), 0);
  return document->dpi;
}

void
pf_document_set_size (PfDocument *document,
                      int         width,
                      int         height)
{
  g_return_if_fail (PF_IS_DOCUMENT (document));

  width = CLAMP (width, 1, PF_PAGE_MAX_SIDE);
  height = CLAMP (height, 1, PF_PAGE_MAX_SIDE);
  if ((gint64) width * height > PF_PAGE_MAX_PIXELS)
    height = (int) (PF_PAGE_MAX_PIXELS / width);

  update_page (document, width, height, document->dpi);
}

void
pf_document_set_dpi (PfDocument *document,
                     int         dpi)
{
  const PfPagePreset *preset;
  int width, height;

  g_return_if_fail (PF_IS_DOCUMENT (document));

  dpi = CLAMP (dpi, PF_PAGE_MIN_DPI, PF_PAGE_MAX_DPI);
  preset = document->preset;
  if (preset->width_um <= 0)
    {
      update_page (document, document->width, document->height, dpi);
      return;
    }

  dpi = MIN (dpi, pf_page_preset_get_max_dpi (preset));
  if (!pf_page_preset_get_size (preset, pf_document_get_orientation (document), dpi,
                                &width, &height))
    g_return_if_reached ();
  update_page (document, width, height, dpi);
}

const PfPagePreset *
pf_document_get_preset (PfDocument *document)
{
  g_return_val_if_fail (PF_IS_DOCUMENT (document), NULL);
  return document->preset;
}

gboolean
pf_document_set_page (PfDocument     *document,
                      const char     *preset_id,
                      PfOrientation   orientation,
                      int             dpi,
                      GError        **error)
{
  const PfPagePreset *preset;
  int width, height;

  g_return_val_if_fail (PF_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (preset_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (dpi == 0)
    dpi = document->dpi;

  preset = pf_page_preset_lookup (preset_id);
  if (preset == NULL || preset->width_um <= 0)
    {
      g_set_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_INVALID,
                   _("“%s” is not a page size preset"), preset_id);
      return FALSE;
    }
  if (dpi < PF_PAGE_MIN_DPI || dpi > PF_PAGE_MAX_DPI)
    {
      g_set_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_INVALID,
                   _("The resolution must be from %d to %d DPI"),
                   PF_PAGE_MIN_DPI, PF_PAGE_MAX_DPI);
      return FALSE;
    }
  if (!pf_page_preset_get_size (preset, orientation, dpi, &width, &height))
    {
      g_set_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_INVALID,
                   _("%s at %d DPI is too large; the most is %d DPI"),
                   pf_page_preset_get_label (preset), dpi,
                   pf_page_preset_get_max_dpi (preset));
      return FALSE;
    }

  update_page (document, width, height, dpi);
  return TRUE;
}

PfOrientation
pf_document_get_orientation (PfDocument *document)
{
  g_return_val_if_fail (PF_IS_DOCUMENT (document), PF_ORIENTATION_PORTRAIT);

  return document->width > document->height ? PF_ORIENTATION_LANDSCAPE
                                            : PF_ORIENTATION_PORTRAIT;
}

void
pf_document_set_orientation (PfDocument    *document,
                             PfOrientation  orientation)
{
  g_return_if_fail (PF_IS_DOCUMENT (document));
  g_return_if_fail (orientation == PF_ORIENTATION_PORTRAIT ||
                    orientation == PF_ORIENTATION_LANDSCAPE);

  if (pf_document_get_orientation (document) != orientation)
    update_page (document, document->height, document->width, document->dpi);
}

/* ---- Background ---------------------------------------------------------------------- */

PfBackgroundType
pf_document_get_background_type (PfDocument *document)
{
  g_return_val_if_fail (PF_IS_DOCUMENT (document), PF_BACKGROUND_COLOR);
  return document->background_type;
}

void
pf_document_set_background_type (PfDocument       *document,
                                 PfBackgroundType  type)
{
  g_return_if_fail (PF_IS_DOCUMENT (document));
  g_return_if_fail (type >= PF_BACKGROUND_COLOR && type <= PF_BACKGROUND_PHOTO);

  if (document->background_type == type)
    return;
  document->background_type = type;
  g_object_notify_by_pspec (G_OBJECT (document), properties[PROP_BACKGROUND_TYPE]);
}

void
pf_document_get_background_color (PfDocument *document,
                                  PfRgba     *color)
{
  g_return_if_fail (PF_IS_DOCUMENT (document));
  g_return_if_fail (color != NULL);
  *color = document->background_color;
}

static void
set_color (PfDocument   *self,
           PfRgba       *field,
           const PfRgba *value,
           guint         prop)
{
  if (value == NULL || pf_rgba_equal (field, value))
    return;
  *field = *value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
pf_document_set_background_color (PfDocument   *document,
                                  const PfRgba *color)
{
  g_return_if_fail (PF_IS_DOCUMENT (document));
  g_return_if_fail (color != NULL);

  set_color (document, &document->background_color, color, PROP_BACKGROUND_COLOR);
}

void
pf_document_get_gradient (PfDocument *document,
                          PfRgba     *from,
                          PfRgba     *to,
                          PfGradient *direction)
{
  g_return_if_fail (PF_IS_DOCUMENT (document));

  if (from != NULL)
    *from = document->gradient_from;
  if (to != NULL)
    *to = document->gradient_to;
  if (direction != NULL)
    *direction = document->gradient_direction;
}

void
pf_document_set_gradient (PfDocument   *document,
                          const PfRgba *from,
                          const PfRgba *to,
                          PfGradient    direction)
{
  g_return_if_fail (PF_IS_DOCUMENT (document));
  g_return_if_fail (direction >= PF_GRADIENT_HORIZONTAL && direction <= PF_GRADIENT_RADIAL);

  g_object_freeze_notify (G_OBJECT (document));
  set_color (document, &document->gradient_from, from, PROP_GRADIENT_FROM);
  set_color (document, &document->gradient_to, to, PROP_GRADIENT_TO);
  if (document->gradient_direction != direction)
    {
      document->gradient_direction = direction;
      g_object_notify_by_pspec (G_OBJECT (document), properties[PROP_GRADIENT_DIRECTION]);
    }
  g_object_thaw_notify (G_OBJECT (document));
}

const char *
pf_document_get_background_photo (PfDocument *document)
{
  g_return_val_if_fail (PF_IS_DOCUMENT (document), NULL);
  return document->background_photo;
}

void
pf_document_set_background_photo (PfDocument *document,
                                  const char *photo)
{
  g_autofree char *absolute = NULL;

  g_return_if_fail (PF_IS_DOCUMENT (document));

  if (photo != NULL && photo[0] != '\0')
    absolute = g_canonicalize_filename (photo, NULL);
  if (g_strcmp0 (document->background_photo, absolute) == 0)
    return;
  g_free (document->background_photo);
  document->background_photo = g_steal_pointer (&absolute);
  g_object_notify_by_pspec (G_OBJECT (document), properties[PROP_BACKGROUND_PHOTO]);
}

double
pf_document_get_background_blur (PfDocument *document)
{
  g_return_val_if_fail (PF_IS_DOCUMENT (document), 0);
  return document->background_blur;
}

void
pf_document_set_background_blur (PfDocument *document,
                                 double      radius)
{
  g_return_if_fail (PF_IS_DOCUMENT (document));
  g_return_if_fail (!isnan (radius));

  radius = CLAMP (radius, 0, PF_DOCUMENT_MAX_BACKGROUND_BLUR);
  if (document->background_blur == radius)
    return;
  document->background_blur = radius;
  g_object_notify_by_pspec (G_OBJECT (document), properties[PROP_BACKGROUND_BLUR]);
}

/* ---- Layout -------------------------------------------------------------------------- */

PfLayoutType
pf_document_get_layout_type (PfDocument *document)
{
  g_return_val_if_fail (PF_IS_DOCUMENT (document), PF_LAYOUT_GRID);
  return document->layout_type;
}

void
pf_document_set_layout_type (PfDocument   *document,
                             PfLayoutType  type)
{
  g_return_if_fail (PF_IS_DOCUMENT (document));
  g_return_if_fail (type == PF_LAYOUT_GRID || type == PF_LAYOUT_MOSAIC);

  if (document->layout_type == type)
    return;
  document->layout_type = type;
  g_object_notify_by_pspec (G_OBJECT (document), properties[PROP_LAYOUT_TYPE]);
}

int
pf_document_get_rows (PfDocument *document)
{
  g_return_val_if_fail (PF_IS_DOCUMENT (document), 1);
  return document->rows;
}

int
pf_document_get_columns (PfDocument *document)
{
  g_return_val_if_fail (PF_IS_DOCUMENT (document), 1);
  return document->columns;
}

static void
set_int (PfDocument *self,
         int        *field,
         int         value,
         int         min,
         int         max,
         guint       prop)
{
  value = CLAMP (value, min, max);
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
pf_document_set_grid (PfDocument *document,
                      int         columns,
                      int         rows)
{
  g_return_if_fail (PF_IS_DOCUMENT (document));

  g_object_freeze_notify (G_OBJECT (document));
  set_int (document, &document->columns, columns, 1, PF_DOCUMENT_MAX_COLUMNS, PROP_COLUMNS);
  set_int (document, &document->rows, rows, 1, PF_DOCUMENT_MAX_ROWS, PROP_ROWS);
  g_object_thaw_notify (G_OBJECT (document));
}

int
pf_document_get_spacing (PfDocument *document)
{
  g_return_val_if_fail (PF_IS_DOCUMENT (document), 0);
  return document->spacing;
}

void
pf_document_set_spacing (PfDocument *document,
                         int         spacing)
{
  g_return_if_fail (PF_IS_DOCUMENT (document));
  set_int (document, &document->spacing, spacing, 0, PF_DOCUMENT_MAX_SPACING, PROP_SPACING);
}

int
pf_document_get_margin (PfDocument *document)
{
  g_return_val_if_fail (PF_IS_DOCUMENT (document), 0);
  return document->margin;
}

void
pf_document_set_margin (PfDocument *document,
                        int         margin)
{
  g_return_if_fail (PF_IS_DOCUMENT (document));
  set_int (document, &document->margin, margin, 0, PF_DOCUMENT_MAX_MARGIN, PROP_MARGIN);
}

guint32
pf_document_get_mosaic_seed (PfDocument *document)
{
  g_return_val_if_fail (PF_IS_DOCUMENT (document), 0);
  return document->mosaic_seed;
}

void
pf_document_set_mosaic_seed (PfDocument *document,
                             guint32     seed)
{
  g_return_if_fail (PF_IS_DOCUMENT (document));

  if (document->mosaic_seed == seed)
    return;
  document->mosaic_seed = seed;
  g_object_notify_by_pspec (G_OBJECT (document), properties[PROP_MOSAIC_SEED]);
}

/* ---- Style and cells ----------------------------------------------------------------- */

PfStyle *
pf_document_get_style (PfDocument *document)
{
  g_return_val_if_fail (PF_IS_DOCUMENT (document), NULL);
  return document->style;
}

GListModel *
pf_document_get_cells (PfDocument *document)
{
  g_return_val_if_fail (PF_IS_DOCUMENT (document), NULL);
  return G_LIST_MODEL (document->cells);
}

guint
pf_document_get_n_cells (PfDocument *document)
{
  g_return_val_if_fail (PF_IS_DOCUMENT (document), 0);
  return document->connected->len;
}

PfCell *
pf_document_get_cell (PfDocument *document,
                      guint       index)
{
  g_return_val_if_fail (PF_IS_DOCUMENT (document), NULL);

  if (index >= document->connected->len)
    return NULL;
  return g_ptr_array_index (document->connected, index);
}

int
pf_document_find_cell (PfDocument *document,
                       PfCell     *cell)
{
  guint index;

  g_return_val_if_fail (PF_IS_DOCUMENT (document), -1);

  if (cell == NULL || !g_ptr_array_find (document->connected, cell, &index))
    return -1;
  return (int) index;
}

gboolean
pf_document_insert_cell (PfDocument  *document,
                         guint        position,
                         PfCell      *cell,
                         GError     **error)
{
  g_return_val_if_fail (PF_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (PF_IS_CELL (cell), FALSE);
  g_return_val_if_fail (pf_document_find_cell (document, cell) < 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (document->connected->len >= PF_DOCUMENT_MAX_CELLS)
    {
      g_set_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_TOO_MANY_CELLS,
                   _("A collage can hold at most %d photos"), PF_DOCUMENT_MAX_CELLS);
      return FALSE;
    }

  position = MIN (position, document->connected->len);
  g_list_store_insert (document->cells, position, cell);
  return TRUE;
}

gboolean
pf_document_add_cell (PfDocument  *document,
                      PfCell      *cell,
                      GError     **error)
{
  return pf_document_insert_cell (document, G_MAXUINT, cell, error);
}

void
pf_document_remove_cell (PfDocument *document,
                         guint       index)
{
  g_return_if_fail (PF_IS_DOCUMENT (document));
  g_return_if_fail (index < document->connected->len);

  g_list_store_remove (document->cells, index);
}

void
pf_document_remove_all_cells (PfDocument *document)
{
  g_return_if_fail (PF_IS_DOCUMENT (document));

  if (document->connected->len > 0)
    g_list_store_remove_all (document->cells);
}

/* Rewrites positions lo..hi in one splice, so the model reports one change. */
static void
splice_range (PfDocument *self,
              guint       lo,
              guint       hi,
              gpointer   *items)
{
  g_list_store_splice (self->cells, lo, hi - lo + 1, items, hi - lo + 1);
}

void
pf_document_move_cell (PfDocument *document,
                       guint       from,
                       guint       to)
{
  g_autofree gpointer *items = NULL;
  guint lo, hi, n;

  g_return_if_fail (PF_IS_DOCUMENT (document));
  g_return_if_fail (from < document->connected->len);
  g_return_if_fail (to < document->connected->len);

  if (from == to)
    return;

  lo = MIN (from, to);
  hi = MAX (from, to);
  n = hi - lo + 1;
  items = g_new (gpointer, n);
  for (guint i = 0; i < n; i++)
    items[i] = g_ptr_array_index (document->connected, lo + i);

  /* Rotate the range by one, towards @to. */
  if (from < to)
    {
      gpointer moved = items[0];
      memmove (items, items + 1, (n - 1) * sizeof (gpointer));
      items[n - 1] = moved;
    }
  else
    {
      gpointer moved = items[n - 1];
      memmove (items + 1, items, (n - 1) * sizeof (gpointer));
      items[0] = moved;
    }

  splice_range (document, lo, hi, items);
}

void
pf_document_swap_cells (PfDocument *document,
                        guint       a,
                        guint       b)
{
  g_autofree gpointer *items = NULL;
  guint lo, hi, n;

  g_return_if_fail (PF_IS_DOCUMENT (document));
  g_return_if_fail (a < document->connected->len);
  g_return_if_fail (b < document->connected->len);

  if (a == b)
    return;

  lo = MIN (a, b);
  hi = MAX (a, b);
  n = hi - lo + 1;
  items = g_new (gpointer, n);
  for (guint i = 0; i < n; i++)
    items[i] = g_ptr_array_index (document->connected, lo + i);
  items[0] = g_ptr_array_index (document->connected, hi);
  items[n - 1] = g_ptr_array_index (document->connected, lo);

  splice_range (document, lo, hi, items);
}

/* ---- Snapshots ----------------------------------------------------------------------- */

JsonNode *
pf_document_to_json (PfDocument *document)
{
  g_return_val_if_fail (PF_IS_DOCUMENT (document), NULL);

  return pf_project_to_json (document, NULL);
}

gboolean
pf_document_load_json (PfDocument  *document,
                       JsonNode    *root,
                       GError     **error)
{
  g_autoptr(PfDocument) loaded = NULL;

  g_return_val_if_fail (PF_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (root != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  loaded = pf_project_from_json (root, NULL, error);
  if (loaded == NULL)
    return FALSE;

  pf_document_assign (document, loaded);
  return TRUE;
}

void
pf_document_assign (PfDocument *document,
                    PfDocument *source)
{
  guint n_old, n_new, n_common;

  g_return_if_fail (PF_IS_DOCUMENT (document));
  g_return_if_fail (PF_IS_DOCUMENT (source));

  if (document == source)
    return;

  g_object_freeze_notify (G_OBJECT (document));

  update_page (document, source->width, source->height, source->dpi);

  pf_document_set_background_type (document, source->background_type);
  pf_document_set_background_color (document, &source->background_color);
  pf_document_set_gradient (document, &source->gradient_from, &source->gradient_to,
                            source->gradient_direction);
  pf_document_set_background_photo (document, source->background_photo);
  pf_document_set_background_blur (document, source->background_blur);

  pf_document_set_layout_type (document, source->layout_type);
  pf_document_set_grid (document, source->columns, source->rows);
  pf_document_set_spacing (document, source->spacing);
  pf_document_set_margin (document, source->margin);
  pf_document_set_mosaic_seed (document, source->mosaic_seed);

  pf_style_assign (document->style, source->style);

  for (guint i = 0; i < PF_DOCUMENT_N_EXTRAS; i++)
    pf_extra_replace (&document->extra[i], source->extra[i]);

  /* Reuse cells position by position; only the tail is added or removed. */
  n_old = document->connected->len;
  n_new = source->connected->len;
  n_common = MIN (n_old, n_new);
  for (guint i = 0; i < n_common; i++)
    pf_cell_assign (g_ptr_array_index (document->connected, i),
                    g_ptr_array_index (source->connected, i));

  if (n_new > n_old)
    {
      g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = n_old; i < n_new; i++)
        g_ptr_array_add (added, pf_cell_copy (g_ptr_array_index (source->connected, i)));
      g_list_store_splice (document->cells, n_old, 0, added->pdata, added->len);
    }
  else if (n_new < n_old)
    {
      g_list_store_splice (document->cells, n_new, n_old - n_new, NULL, 0);
    }

  g_object_thaw_notify (G_OBJECT (document));
}

JsonObject *
pf_document_get_extra (PfDocument      *document,
                       PfDocumentExtra  which)
{
  g_return_val_if_fail (PF_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (which < PF_DOCUMENT_N_EXTRAS, NULL);
  return document->extra[which];
}

void
pf_document_set_extra (PfDocument      *document,
                       PfDocumentExtra  which,
                       JsonObject      *members)
{
  g_return_if_fail (PF_IS_DOCUMENT (document));
  g_return_if_fail (which < PF_DOCUMENT_N_EXTRAS);
  pf_extra_replace (&document->extra[which], members);
}
