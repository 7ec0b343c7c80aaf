/* pf-canvas.c — the page preview: zoom, selection, panning photos, swapping, dropping */
#define G_LOG_DOMAIN "pf-canvas"

#include "config.h"

#include <glib/gi18n.h>

#include "pf-canvas.h"

#include <math.h>
#include <string.h>

#define PAD 24.0              /* desk around the page, widget pixels */
#define ZOOM_STEP 1.25
#define MIN_ZOOM 0.02

typedef enum
{
  DRAG_NONE,
  DRAG_PAN_PHOTO,   /* moving the photo inside the selected cell */
  DRAG_SWAP,        /* carrying a cell onto another */
  DRAG_SCROLL,      /* moving the view of a zoomed page */
} DragMode;

struct _PfCanvas
{
  GtkWidget parent_instance;

  PfDocument *document;
  GdkTexture *texture;

  int page_width, page_height;
  /* The last layout: cell rectangles in drawing order (page pixels), corner radii for the
   * outlines, photos for the captions, fit, zoom and rotation for dragging. */
  PfRenderSpec *spec;
  char **missing;             /* "path: reason" of photos that could not be read */

  int selected;
  int hover;
  int drop_cell;
  gboolean drop_active;

  gboolean fit;
  double zoom;                /* when not fitting */
  double preview_scale;
  double notified_zoom;       /* the zoom last announced, to notify fit changes */
  guint notify_idle;

  /* A zoom waiting for the next allocation to place the view. */
  gboolean anchor_pending;
  double anchor_page_x, anchor_page_y, anchor_x, anchor_y;

  double pointer_x, pointer_y;

  GtkAdjustment *hadjustment, *vadjustment;
  guint hscroll_policy : 1;
  guint vscroll_policy : 1;

  DragMode drag_mode;
  int drag_cell;
  int drag_target;
  gboolean drag_started;
  double drag_start_x, drag_start_y;
  double drag_pan_x, drag_pan_y;
  double drag_h, drag_v;
};

static void pf_canvas_scrollable_init (GtkScrollableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PfCanvas, pf_canvas, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE,
                                                      pf_canvas_scrollable_init))

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_TEXTURE,
  PROP_SELECTED,
  PROP_ZOOM,
  PROP_FIT,
  PROP_PREVIEW_SCALE,
  N_PROPS,

  /* GtkScrollable */
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

static GParamSpec *properties[N_PROPS];

enum {
  FILES_DROPPED,
  EDIT_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- Geometry ------------------------------------------------------------------------ */

static double
fit_zoom (PfCanvas *self)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self)) - 2 * PAD;
  double h = gtk_widget_get_height (GTK_WIDGET (self)) - 2 * PAD;

  if (self->page_width <= 0 || self->page_height <= 0 || w <= 1 || h <= 1)
    return 0.0;

  return MIN (w / self->page_width, h / self->page_height);
}

static double
effective_zoom (PfCanvas *self)
{
  return self->fit ? fit_zoom (self) : self->zoom;
}

/* The page's top-left corner in widget coordinates. */
static void
page_origin (PfCanvas *self,
             double   *ox,
             double   *oy)
{
  double zoom = effective_zoom (self);
  double dw = self->page_width * zoom;
  double dh = self->page_height * zoom;
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));

  if (dw + 2 * PAD <= w || self->hadjustment == NULL)
    *ox = (w - dw) / 2;
  else
    *ox = PAD - gtk_adjustment_get_value (self->hadjustment);

  if (dh + 2 * PAD <= h || self->vadjustment == NULL)
    *oy = (h - dh) / 2;
  else
    *oy = PAD - gtk_adjustment_get_value (self->vadjustment);
}

void
pf_canvas_widget_to_page (PfCanvas *self,
                          double    x,
                          double    y,
                          double   *page_x,
                          double   *page_y)
{
  double ox, oy, zoom;

  g_return_if_fail (PF_IS_CANVAS (self));

  zoom = effective_zoom (self);
  page_origin (self, &ox, &oy);
  if (zoom <= 0)
    zoom = 1;
  *page_x = (x - ox) / zoom;
  *page_y = (y - oy) / zoom;
}

void
pf_canvas_page_to_widget (PfCanvas *self,
                          double    page_x,
                          double    page_y,
                          double   *x,
                          double   *y)
{
  double ox, oy, zoom;

  g_return_if_fail (PF_IS_CANVAS (self));

  zoom = effective_zoom (self);
  page_origin (self, &ox, &oy);
  *x = ox + page_x * zoom;
  *y = oy + page_y * zoom;
}

int
pf_canvas_cell_at (PfCanvas *self,
                   double    x,
                   double    y)
{
  double px, py;

  g_return_val_if_fail (PF_IS_CANVAS (self), -1);

  pf_canvas_widget_to_page (self, x, y, &px, &py);

  /* Last drawn is on top: search backwards. */
  for (int i = self->spec != NULL ? (int) self->spec->n_cells - 1 : -1; i >= 0; i--)
    {
      const PfRenderCell *c = &self->spec->cells[i];
      const PfBox *r = &c->rect;

      if (px >= r->x && px < r->x + r->width && py >= r->y && py < r->y + r->height)
        return (int) c->cell_index;
    }

  return -1;
}

/* The laid-out cell of document cell @index, or NULL when the layout did not place it. */
static const PfRenderCell *
find_render_cell (PfCanvas *self,
                  int       index)
{
  for (guint i = 0; self->spec != NULL && i < self->spec->n_cells; i++)
    if ((int) self->spec->cells[i].cell_index == index)
      return &self->spec->cells[i];

  return NULL;
}

static graphene_rect_t
cell_widget_rect (PfCanvas    *self,
                  const PfBox *r)
{
  double zoom = effective_zoom (self);
  double ox, oy;

  page_origin (self, &ox, &oy);
  return GRAPHENE_RECT_INIT (ox + r->x * zoom, oy + r->y * zoom,
                             r->width * zoom, r->height * zoom);
}

/* ---- Preview resolution -------------------------------------------------------------- */

static void
update_preview_scale (PfCanvas *self)
{
  double zoom = effective_zoom (self);
  double wanted, cap;
  int side;

  if (zoom <= 0 || self->page_width <= 0 || self->page_height <= 0)
    return;

  /* Device pixels, not widget pixels: on a HiDPI screen the preview has twice as many. */
  wanted = zoom * gtk_widget_get_scale_factor (GTK_WIDGET (self));
  side = MAX (self->page_width, self->page_height);
  cap = MIN (1.0, (double) PF_CANVAS_MAX_PREVIEW_SIDE / side);
  cap = MIN (cap, sqrt ((double) PF_CANVAS_MAX_PREVIEW_PIXELS /
                        ((double) self->page_width * self->page_height)));
  wanted = MIN (wanted, cap);

  /* More pixels are always fetched (no blurry upscale); fewer only when far too many are
   * shown, and with some headroom upwards, so that a window resize renders seldom. */
  if (wanted > self->preview_scale * 1.001)
    wanted = MIN (cap, wanted * 1.1);
  else if (wanted >= self->preview_scale * 0.7)
    return;

  self->preview_scale = wanted;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIEW_SCALE]);
}

double
pf_canvas_get_preview_scale (PfCanvas *self)
{
  g_return_val_if_fail (PF_IS_CANVAS (self), 0.0);

  return self->preview_scale;
}

/* ---- Scrolling ----------------------------------------------------------------------- */

static void
configure_adjustment (GtkAdjustment *adj,
                      double         content,
                      double         viewport)
{
  double upper = MAX (content, viewport);
  double value = CLAMP (gtk_adjustment_get_value (adj), 0, upper - viewport);

  gtk_adjustment_configure (adj, value, 0, upper, viewport * 0.1, viewport * 0.9, viewport);
}

static gboolean
notify_idle_cb (gpointer user_data)
{
  PfCanvas *self = user_data;
  double zoom = effective_zoom (self);

  self->notify_idle = 0;
  if (zoom != self->notified_zoom)
    {
      self->notified_zoom = zoom;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
  update_preview_scale (self);

  return G_SOURCE_REMOVE;
}

static void
pf_canvas_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  PfCanvas *self = PF_CANVAS (widget);
  double zoom = effective_zoom (self);
  double content_w = self->page_width * zoom + 2 * PAD;
  double content_h = self->page_height * zoom + 2 * PAD;

  if (self->hadjustment != NULL)
    configure_adjustment (self->hadjustment, content_w, width);
  if (self->vadjustment != NULL)
    configure_adjustment (self->vadjustment, content_h, height);

  if (self->anchor_pending && !self->fit)
    {
      /* Scroll so that the page point that was under the anchor stays there. */
      if (self->hadjustment != NULL)
        gtk_adjustment_set_value (self->hadjustment,
                                  PAD + self->anchor_page_x * zoom - self->anchor_x);
      if (self->vadjustment != NULL)
        gtk_adjustment_set_value (self->vadjustment,
                                  PAD + self->anchor_page_y * zoom - self->anchor_y);
    }
  self->anchor_pending = FALSE;

  /* Listeners resize other widgets (the zoom label): not while GTK is allocating. */
  if (self->notify_idle == 0)
    self->notify_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, notify_idle_cb, self, NULL);
}

static void
on_adjustment_value_changed (GtkAdjustment *adj,
                             PfCanvas      *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_adjustment (PfCanvas       *self,
                GtkAdjustment **slot,
                GtkAdjustment  *adj)
{
  if (adj == *slot)
    return;

  if (*slot != NULL)
    {
      g_signal_handlers_disconnect_by_func (*slot, on_adjustment_value_changed, self);
      g_object_unref (*slot);
    }

  if (adj == NULL)
    adj = gtk_adjustment_new (0, 0, 0, 0, 0, 0);

  *slot = g_object_ref_sink (adj);
  g_signal_connect (adj, "value-changed", G_CALLBACK (on_adjustment_value_changed), self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static gboolean
pf_canvas_get_border (GtkScrollable *scrollable,
                      GtkBorder     *border)
{
  return FALSE;
}

static void
pf_canvas_scrollable_init (GtkScrollableInterface *iface)
{
  iface->get_border = pf_canvas_get_border;
}

/* ---- Zoom ---------------------------------------------------------------------------- */

void
pf_canvas_set_zoom (PfCanvas *self,
                    double    zoom,
                    double    x,
                    double    y)
{
  double min_zoom;

  g_return_if_fail (PF_IS_CANVAS (self));

  min_zoom = MIN (MIN_ZOOM, fit_zoom (self) > 0 ? fit_zoom (self) : MIN_ZOOM);
  zoom = CLAMP (zoom, min_zoom, PF_CANVAS_MAX_ZOOM);

  if (x < 0 || y < 0)
    {
      x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
  /* Until the next allocation the view still maps with the old zoom: several zoom steps
   * in a row keep the first anchor. */
  if (!self->anchor_pending)
    {
      pf_canvas_widget_to_page (self, x, y, &self->anchor_page_x, &self->anchor_page_y);
      self->anchor_x = x;
      self->anchor_y = y;
      self->anchor_pending = TRUE;
    }

  self->zoom = zoom;
  if (self->fit)
    {
      self->fit = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIT]);
    }
  self->notified_zoom = zoom;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  /* The preview needed follows from the zoom alone: ask for it now, not a frame later. */
  update_preview_scale (self);
}

double
pf_canvas_get_zoom (PfCanvas *self)
{
  g_return_val_if_fail (PF_IS_CANVAS (self), 1.0);

  return effective_zoom (self);
}

gboolean
pf_canvas_get_fit (PfCanvas *self)
{
  g_return_val_if_fail (PF_IS_CANVAS (self), TRUE);

  return self->fit;
}

void
pf_canvas_zoom_in (PfCanvas *self)
{
  g_return_if_fail (PF_IS_CANVAS (self));

  pf_canvas_set_zoom (self, effective_zoom (self) * ZOOM_STEP, -1, -1);
}

void
pf_canvas_zoom_out (PfCanvas *self)
{
  g_return_if_fail (PF_IS_CANVAS (self));

  pf_canvas_set_zoom (self, effective_zoom (self) / ZOOM_STEP, -1, -1);
}

void
pf_canvas_zoom_fit (PfCanvas *self)
{
  g_return_if_fail (PF_IS_CANVAS (self));

  if (self->fit)
    return;

  self->fit = TRUE;
  self->notified_zoom = effective_zoom (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  update_preview_scale (self);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           PfCanvas                 *self)
{
  GdkModifierType state =
    gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if ((state & GDK_CONTROL_MASK) == 0 || dy == 0)
    return FALSE;   /* plain scrolling: the scrolled window's */

  pf_canvas_set_zoom (self, effective_zoom (self) * pow (1.1, -dy),
                      self->pointer_x, self->pointer_y);
  return TRUE;
}

/* ---- Pointer ------------------------------------------------------------------------- */

static void
set_hover (PfCanvas *self,
           int       hover)
{
  if (hover == self->hover)
    return;

  self->hover = hover;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           PfCanvas                 *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  if (self->drag_mode == DRAG_NONE)
    set_hover (self, pf_canvas_cell_at (self, x, y));
}

static void
on_leave (GtkEventControllerMotion *controller,
          PfCanvas                 *self)
{
  set_hover (self, -1);
}

static void
update_cursor (PfCanvas *self)
{
  const char *name = NULL;

  switch (self->drag_mode)
    {
    case DRAG_PAN_PHOTO:
    case DRAG_SCROLL:
      name = "grabbing";
      break;
    case DRAG_SWAP:
      name = self->drag_started ? "grabbing" : NULL;
      break;
    case DRAG_NONE:
    default:
      name = (self->hover >= 0 && self->hover == self->selected) ? "grab" : NULL;
      break;
    }

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), name);
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               PfCanvas       *self)
{
  GdkModifierType state =
    gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  int cell = pf_canvas_cell_at (self, x, y);
  PfCell *model_cell;

  gtk_widget_grab_focus (GTK_WIDGET (self));

  /* A press selects; what a drag then does depends on what was selected before. */
  self->drag_started = FALSE;
  self->drag_cell = cell;
  self->drag_target = -1;
  self->drag_start_x = x;
  self->drag_start_y = y;

  model_cell = (cell >= 0 && self->document != NULL)
               ? pf_document_get_cell (self->document, cell) : NULL;

  if (cell < 0 || model_cell == NULL)
    {
      self->drag_mode = DRAG_SCROLL;
      self->drag_h = self->hadjustment ? gtk_adjustment_get_value (self->hadjustment) : 0;
      self->drag_v = self->vadjustment ? gtk_adjustment_get_value (self->vadjustment) : 0;
    }
  else if (cell == self->selected && (state & GDK_SHIFT_MASK) == 0 &&
           pf_cell_get_photo (model_cell) != NULL)
    {
      self->drag_mode = DRAG_PAN_PHOTO;
      self->drag_pan_x = pf_cell_get_pan_x (model_cell);
      self->drag_pan_y = pf_cell_get_pan_y (model_cell);
    }
  else
    {
      self->drag_mode = DRAG_SWAP;
    }

  pf_canvas_set_selected (self, cell);
  update_cursor (self);
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                PfCanvas       *self)
{
  double zoom = effective_zoom (self);
  int threshold = 8;

  if (!self->drag_started)
    {
      g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)),
                    "gtk-dnd-drag-threshold", &threshold, NULL);
      if (hypot (dx, dy) < threshold)
        return;
      self->drag_started = TRUE;
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      update_cursor (self);
    }

  switch (self->drag_mode)
    {
    case DRAG_PAN_PHOTO:
      {
        PfCell *cell = pf_document_get_cell (self->document, self->drag_cell);
        const PfRenderCell *laid = find_render_cell (self, self->drag_cell);
        PfRenderCell from;
        double pan_x, pan_y;

        if (cell == NULL || laid == NULL || zoom <= 0)
          break;
        /* The photo follows the pointer exactly, from where it was at the press. */
        from = *laid;
        from.pan_x = self->drag_pan_x;
        from.pan_y = self->drag_pan_y;
        if (pf_render_cell_drag_pan (&from, dx / zoom, dy / zoom, &pan_x, &pan_y))
          {
            pf_cell_set_pan (cell, pan_x, pan_y);
            break;
          }
        /* The photo's size is unknown: one cell's width of drag sweeps the whole pan. */
        pf_cell_set_pan (cell,
                         self->drag_pan_x - dx / zoom / MAX (1, laid->rect.width),
                         self->drag_pan_y - dy / zoom / MAX (1, laid->rect.height));
      }
      break;

    case DRAG_SWAP:
      {
        int target = pf_canvas_cell_at (self, self->drag_start_x + dx, self->drag_start_y + dy);

        if (target == self->drag_cell)
          target = -1;
        if (target != self->drag_target)
          {
            self->drag_target = target;
            gtk_widget_queue_draw (GTK_WIDGET (self));
          }
      }
      break;

    case DRAG_SCROLL:
      if (self->hadjustment != NULL)
        gtk_adjustment_set_value (self->hadjustment, self->drag_h - dx);
      if (self->vadjustment != NULL)
        gtk_adjustment_set_value (self->vadjustment, self->drag_v - dy);
      break;

    case DRAG_NONE:
    default:
      break;
    }
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             PfCanvas       *self)
{
  DragMode mode = self->drag_mode;
  gboolean started = self->drag_started;

  self->drag_mode = DRAG_NONE;
  self->drag_started = FALSE;

  if (started && mode == DRAG_SWAP && self->drag_target >= 0 && self->document != NULL &&
      (guint) self->drag_target < pf_document_get_n_cells (self->document) &&
      (guint) self->drag_cell < pf_document_get_n_cells (self->document))
    {
      int target = self->drag_target;

      pf_document_swap_cells (self->document, self->drag_cell, target);
      /* The photo the user carried is now at the target: keep it selected. */
      pf_canvas_set_selected (self, target);
    }
  else if (started && mode == DRAG_SWAP)
    {
      pf_canvas_set_selected (self, self->drag_cell);
    }

  self->drag_target = -1;
  self->drag_cell = -1;
  update_cursor (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  if (started && (mode == DRAG_PAN_PHOTO || mode == DRAG_SWAP))
    g_signal_emit (self, signals[EDIT_FINISHED], 0);
}

/* ---- Drop ---------------------------------------------------------------------------- */

static GdkDragAction
on_drop_motion (GtkDropTarget *target,
                double         x,
                double         y,
                PfCanvas      *self)
{
  int cell = pf_canvas_cell_at (self, x, y);

  if (!self->drop_active || cell != self->drop_cell)
    {
      self->drop_active = TRUE;
      self->drop_cell = cell;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }

  return GDK_ACTION_COPY;
}

static void
on_drop_leave (GtkDropTarget *target,
               PfCanvas      *self)
{
  self->drop_active = FALSE;
  self->drop_cell = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         PfCanvas      *self)
{
  GdkFileList *files = g_value_get_boxed (value);

  on_drop_leave (target, self);
  if (files == NULL)
    return FALSE;

  g_signal_emit (self, signals[FILES_DROPPED], 0, files, pf_canvas_cell_at (self, x, y));
  return TRUE;
}

/* ---- Drawing ------------------------------------------------------------------------- */

static void
append_outline (GtkSnapshot           *snapshot,
                const graphene_rect_t *rect,
                float                  radius,
                float                  width,
                const GdkRGBA         *color)
{
  GskRoundedRect outline;
  float widths[4] = { width, width, width, width };
  GdkRGBA colors[4] = { *color, *color, *color, *color };

  radius = MIN (radius, MIN (rect->size.width, rect->size.height) / 2);
  gsk_rounded_rect_init_from_rect (&outline, rect, MAX (radius, 0));
  gtk_snapshot_append_border (snapshot, &outline, widths, colors);
}

static void
get_accent_color (PfCanvas *self,
                  GdkRGBA  *color)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  if (!gtk_style_context_lookup_color (context, "accent_color", color) &&
      !gtk_style_context_lookup_color (context, "theme_selected_bg_color", color))
    gdk_rgba_parse (color, "#3584e4");
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static gboolean
is_missing (PfCanvas   *self,
            const char *photo)
{
  gsize len = strlen (photo);

  for (guint i = 0; self->missing != NULL && self->missing[i] != NULL; i++)
    if (strncmp (self->missing[i], photo, len) == 0 && self->missing[i][len] == ':')
      return TRUE;
  return FALSE;
}

/* Says on the page what a placeholder stands for: a cell waiting for a photo, or a photo
 * that could not be read. */
static void
append_cell_caption (PfCanvas              *self,
                     GtkSnapshot           *snapshot,
                     const PfRenderCell    *cell,
                     const graphene_rect_t *r)
{
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *text = NULL;
  GdkRGBA color = { 0, 0, 0, 0.55 };
  int width, height;

  if (r->size.width < 72 || r->size.height < 36)
    return;

  if (cell->photo == NULL)
    {
      text = g_strdup (_("Drop a photo here"));
    }
  else if (is_missing (self, cell->photo))
    {
      g_autofree char *name = g_path_get_basename (cell->photo);

      /* TRANSLATORS: shown on the page over a photo that could not be read */
      text = g_strdup_printf (_("%s\nnot found"), name);
    }
  else
    {
      return;
    }

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_width (layout, (int) ((r->size.width - 16) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_MIDDLE);
  pango_layout_get_pixel_size (layout, &width, &height);
  if (height > r->size.height - 8)
    return;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (r->origin.x + 8,
                                                r->origin.y + (r->size.height - height) / 2));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
pf_canvas_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  PfCanvas *self = PF_CANVAS (widget);
  double zoom = effective_zoom (self);
  double ox, oy;
  graphene_rect_t page;
  GskRoundedRect page_outline;
  GdkRGBA accent, white = { 1, 1, 1, 1 }, shadow = { 0, 0, 0, 0.35 };
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);

  if (zoom <= 0 || self->page_width <= 0)
    return;

  page_origin (self, &ox, &oy);
  page = GRAPHENE_RECT_INIT (ox, oy, self->page_width * zoom, self->page_height * zoom);
  gsk_rounded_rect_init_from_rect (&page_outline, &page, 0);

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));

  gtk_snapshot_append_outset_shadow (snapshot, &page_outline, &shadow, 0, 2, 1, 10);
  if (self->texture != NULL)
    gtk_snapshot_append_texture (snapshot, self->texture, &page);
  else
    gtk_snapshot_append_color (snapshot, &white, &page);

  get_accent_color (self, &accent);

  for (guint k = 0; self->spec != NULL && k < self->spec->n_cells; k++)
    {
      const PfRenderCell *c = &self->spec->cells[k];
      int i = (int) c->cell_index;
      graphene_rect_t r = cell_widget_rect (self, &c->rect);
      float radius = c->corner_radius * zoom;

      append_cell_caption (self, snapshot, c, &r);
      gboolean is_drop = self->drop_active && self->drop_cell == i;
      gboolean is_swap_source = self->drag_mode == DRAG_SWAP && self->drag_started &&
                                self->drag_cell == i;
      gboolean is_swap_target = self->drag_mode == DRAG_SWAP && self->drag_target == i;

      if (is_drop || is_swap_target)
        {
          GdkRGBA fill = accent;

          fill.alpha = 0.25;
          gtk_snapshot_append_color (snapshot, &fill, &r);
          append_outline (snapshot, &r, radius, 3, &accent);
        }
      else if (is_swap_source)
        {
          GdkRGBA veil = { 1, 1, 1, 0.5 };

          gtk_snapshot_append_color (snapshot, &veil, &r);
        }
      else if (i == self->selected)
        {
          graphene_rect_t inner, outer;

          /* Accent outside, white inside: visible on dark and light photos alike. */
          graphene_rect_inset_r (&r, -2, -2, &outer);
          append_outline (snapshot, &outer, radius + 2, 3, &accent);
          graphene_rect_inset_r (&r, 1, 1, &inner);
          append_outline (snapshot, &inner, radius - 1, 1, &white);
        }
      else if (i == self->hover && self->drag_mode == DRAG_NONE)
        {
          GdkRGBA faint = accent;

          faint.alpha = 0.6;
          append_outline (snapshot, &r, radius, 2, &faint);
        }
    }

  gtk_snapshot_pop (snapshot);
}

static void
pf_canvas_measure (GtkWidget      *widget,
                   GtkOrientation  orientation,
                   int             for_size,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  PfCanvas *self = PF_CANVAS (widget);

  /* Zoomed, the natural size is the page's: the scrolled window then knows before
   * allocating whether it needs scroll bars. Fitted, any size will do. */
  *minimum = 120;
  if (self->fit || self->page_width <= 0)
    *natural = 400;
  else if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = (int) ceil (self->page_width * self->zoom + 2 * PAD);
  else
    *natural = (int) ceil (self->page_height * self->zoom + 2 * PAD);
}

/* ---- Public API ---------------------------------------------------------------------- */

GtkWidget *
pf_canvas_new (void)
{
  return g_object_new (PF_TYPE_CANVAS, NULL);
}

PfDocument *
pf_canvas_get_document (PfCanvas *self)
{
  g_return_val_if_fail (PF_IS_CANVAS (self), NULL);

  return self->document;
}

void
pf_canvas_set_document (PfCanvas   *self,
                        PfDocument *document)
{
  g_return_if_fail (PF_IS_CANVAS (self));
  g_return_if_fail (document == NULL || PF_IS_DOCUMENT (document));

  if (g_set_object (&self->document, document))
    {
      pf_canvas_set_selected (self, -1);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
    }
}

void
pf_canvas_set_layout (PfCanvas           *self,
                      const PfRenderSpec *spec)
{
  gboolean resized;

  g_return_if_fail (PF_IS_CANVAS (self));
  g_return_if_fail (spec != NULL);

  resized = spec->width != self->page_width || spec->height != self->page_height;
  self->page_width = spec->width;
  self->page_height = spec->height;

  g_clear_pointer (&self->spec, pf_render_spec_free);
  self->spec = pf_render_spec_copy (spec);

  if (self->selected >= 0 && (self->document == NULL ||
                              (guint) self->selected >= pf_document_get_n_cells (self->document)))
    pf_canvas_set_selected (self, -1);

  if (resized)
    {
      /* A new page size needs new preview pixels: forget the hysteresis, and say what
       * the new page needs now (the widget's size is known) rather than a frame later. */
      self->preview_scale = 0;
      gtk_widget_queue_resize (GTK_WIDGET (self));
      self->notified_zoom = effective_zoom (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
      update_preview_scale (self);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
pf_canvas_set_texture (PfCanvas   *self,
                       GdkTexture *texture)
{
  g_return_if_fail (PF_IS_CANVAS (self));

  if (g_set_object (&self->texture, texture))
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXTURE]);
    }
}

GdkTexture *
pf_canvas_get_texture (PfCanvas *self)
{
  g_return_val_if_fail (PF_IS_CANVAS (self), NULL);

  return self->texture;
}

void
pf_canvas_set_missing (PfCanvas           *self,
                       const char *const *missing)
{
  g_return_if_fail (PF_IS_CANVAS (self));

  g_strfreev (self->missing);
  self->missing = g_strdupv ((char **) missing);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
pf_canvas_get_selected (PfCanvas *self)
{
  g_return_val_if_fail (PF_IS_CANVAS (self), -1);

  return self->selected;
}

void
pf_canvas_set_selected (PfCanvas *self,
                        int       index)
{
  g_return_if_fail (PF_IS_CANVAS (self));

  if (index < 0 || self->document == NULL ||
      (guint) index >= pf_document_get_n_cells (self->document))
    index = -1;
  if (index == self->selected)
    return;

  self->selected = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_cursor (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

/* ---- GObject ------------------------------------------------------------------------- */

static void
pf_canvas_dispose (GObject *object)
{
  PfCanvas *self = PF_CANVAS (object);

  g_clear_handle_id (&self->notify_idle, g_source_remove);
  g_clear_object (&self->document);
  g_clear_object (&self->texture);
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->hadjustment, on_adjustment_value_changed, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, on_adjustment_value_changed, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);

  G_OBJECT_CLASS (pf_canvas_parent_class)->dispose (object);
}

static void
pf_canvas_finalize (GObject *object)
{
  PfCanvas *self = PF_CANVAS (object);

  g_clear_pointer (&self->spec, pf_render_spec_free);
  g_strfreev (self->missing);

  G_OBJECT_CLASS (pf_canvas_parent_class)->finalize (object);
}

static void
pf_canvas_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PfCanvas *self = PF_CANVAS (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_TEXTURE:
      g_value_set_object (value, self->texture);
      break;
    case PROP_SELECTED:
      g_value_set_int (value, self->selected);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, effective_zoom (self));
      break;
    case PROP_FIT:
      g_value_set_boolean (value, self->fit);
      break;
    case PROP_PREVIEW_SCALE:
      g_value_set_double (value, self->preview_scale);
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pf_canvas_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PfCanvas *self = PF_CANVAS (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      pf_canvas_set_document (self, g_value_get_object (value));
      break;
    case PROP_TEXTURE:
      pf_canvas_set_texture (self, g_value_get_object (value));
      break;
    case PROP_SELECTED:
      pf_canvas_set_selected (self, g_value_get_int (value));
      break;
    case PROP_FIT:
      if (g_value_get_boolean (value))
        pf_canvas_zoom_fit (self);
      else
        pf_canvas_set_zoom (self, effective_zoom (self), -1, -1);
      break;
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pf_canvas_class_init (PfCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pf_canvas_dispose;
  object_class->finalize = pf_canvas_finalize;
  object_class->get_property = pf_canvas_get_property;
  object_class->set_property = pf_canvas_set_property;

  widget_class->snapshot = pf_canvas_snapshot;
  widget_class->measure = pf_canvas_measure;
  widget_class->size_allocate = pf_canvas_size_allocate;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, PF_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXTURE] =
    g_param_spec_object ("texture", NULL, NULL, GDK_TYPE_TEXTURE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_int ("selected", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, 0, PF_CANVAS_MAX_ZOOM, 1,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIT] =
    g_param_spec_boolean ("fit", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREVIEW_SCALE] =
    g_param_spec_double ("preview-scale", NULL, NULL, 0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  signals[FILES_DROPPED] =
    g_signal_new ("files-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, GDK_TYPE_FILE_LIST, G_TYPE_INT);
  signals[EDIT_FINISHED] =
    g_signal_new ("edit-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "pfcanvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
pf_canvas_init (PfCanvas *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;
  GtkDropTarget *drop;

  self->selected = -1;
  self->hover = -1;
  self->drop_cell = -1;
  self->drag_cell = -1;
  self->drag_target = -1;
  self->fit = TRUE;
  self->zoom = 1.0;
  /* Scroll bars follow the natural size: the zoomed page's. */
  self->hscroll_policy = GTK_SCROLL_NATURAL;
  self->vscroll_policy = GTK_SCROLL_NATURAL;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  gesture = gtk_gesture_drag_new ();
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "motion", G_CALLBACK (on_drop_motion), self);
  g_signal_connect (drop, "enter", G_CALLBACK (on_drop_motion), self);
  g_signal_connect (drop, "leave", G_CALLBACK (on_drop_leave), self);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Page preview"),
                                  -1);
}
