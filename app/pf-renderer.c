/* pf-renderer.c — turns a render spec into engine ops on a page-sized canvas */
#define G_LOG_DOMAIN "pf-renderer"

#include "config.h"

#include <glib/gi18n.h>

#include "pf-renderer.h"

#include "pf-file.h"
#include "pf-image-io.h"

#include <math.h>
#include <string.h>

G_DEFINE_QUARK (pf-render-error-quark, pf_render_error)

typedef struct
{
  char *path;
  PfFileVersion version;
  int full_width, full_height;  /* upright size of the file */
  PfImage *image;               /* decoded (maybe DCT-scaled) on the engine, or NULL */
  gboolean opaque;              /* no pixel has alpha < 255 */
  char *error;                  /* why it could not be read */
} Photo;

/* A drop shadow depends only on the shape it falls from. Cells that are opaque inside their
 * rounded rectangle share one shadow per shape: one blur for a page of equal cells, none
 * when only a photo's crop changes. */
typedef struct
{
  int width, height;
  float corner_radius;
  float stroke_width;
  PfColor stroke_color;
  PfStrokePosition stroke_position;
  int dx, dy;
  float blur, spread;
  PfColor color;
} ShadowKey;

typedef struct
{
  ShadowKey key;
  PfImage *image;               /* the shadow alone */
  int ox, oy;                   /* the cell's top-left in it */
  guint64 serial;               /* tells shadows apart across frees and reallocations */
  gboolean used;                /* by the current spec */
} SharedShadow;

/* Where a shared shadow lies on the page under one cell. */
typedef struct
{
  guint64 serial;
  int x, y;
} ShadowPlacement;

typedef struct
{
  PfRenderCell key;             /* what the layer shows; key.photo is owned */
  PfImage *image;               /* the finished cell: photo, style, stroke (and shadow) */
  int x, y;                     /* its top-left on the page */
  SharedShadow *shadow;         /* drawn under it when the shadow is shared, or NULL */
  int shadow_x, shadow_y;
  gboolean valid;
} Layer;

struct _PfRenderer
{
  GObject parent_instance;

  PfContext *ctx;
  PfImage *canvas;
  PfImage *background;
  PfRenderBackground background_key;  /* .photo owned */
  gboolean background_valid;
  /* The background with every shared shadow on it: cells only need to go on top, and it
   * changes only when a shadow or the background does. */
  PfImage *underlay;
  GArray *underlay_key;         /* ShadowPlacement, in cell order */
  gboolean underlay_valid;
  guint64 next_shadow_serial;

  GHashTable *photos;   /* path → Photo */
  GPtrArray *shadows;   /* SharedShadow */
  GArray *layers;       /* Layer, one per cell of the last spec */
  GPtrArray *missing;   /* "path: reason", NULL-terminated */
  guint last_redrawn;
  /* When canvas_valid, the canvas is the last render's page except inside @dirty, the box
   * of the cells rebuilt since: the next composite redoes only that. */
  gboolean canvas_valid;
  PfBox dirty;
  char *fallback_note;  /* why the renderer moved to the CPU, or NULL */
};

G_DEFINE_FINAL_TYPE (PfRenderer, pf_renderer, G_TYPE_OBJECT)

/* A light, clearly-not-a-photo fill for cells whose photo is missing. */
static const PfColor placeholder_from = { 214, 214, 214, 255 };
static const PfColor placeholder_to = { 176, 176, 176, 255 };

static gboolean
engine_failed (PfRenderer *self, PfStatus status, const char *what, GError **error)
{
  const char *detail = pf_context_last_error (self->ctx);
  g_set_error (error, PF_RENDER_ERROR,
               status == PF_ERROR_OUT_OF_MEMORY ? PF_RENDER_ERROR_OUT_OF_MEMORY
               : status == PF_ERROR_DEVICE      ? PF_RENDER_ERROR_DEVICE
                                                : PF_RENDER_ERROR_ENGINE,
               _("Rendering failed while %s: %s%s%s"), what, pf_status_to_string (status),
               detail[0] != '\0' ? " — " : "", detail);
  return FALSE;
}

#define TRY(expr, what)                                                                      \
  G_STMT_START                                                                               \
  {                                                                                          \
    PfStatus _st = (expr);                                                                   \
    if (_st != PF_OK)                                                                        \
      return engine_failed (self, _st, what, error);                                         \
  }                                                                                          \
  G_STMT_END

/* Images go back to their context's pool rather than to the allocator: the next render
 * takes them again, so that re-rendering allocates (and frees, which waits for the device)
 * nothing. NULL is fine. */
static void
release (PfImage *image)
{
  if (image != NULL)
    pf_pool_release (pf_context_get_pool (pf_image_get_context (image)), image);
}

static void
photo_free (gpointer data)
{
  Photo *photo = data;
  pf_image_destroy (photo->image);
  g_free (photo->path);
  g_free (photo->error);
  g_free (photo);
}

static void
shared_shadow_free (gpointer data)
{
  SharedShadow *shadow = data;
  release (shadow->image);
  g_free (shadow);
}

static void
layer_clear (gpointer data)
{
  Layer *layer = data;
  g_free (layer->key.photo);
  layer->key.photo = NULL;
  release (layer->image);
  layer->image = NULL;
  layer->shadow = NULL;  /* owned by self->shadows */
  layer->valid = FALSE;
}

static void
pf_renderer_finalize (GObject *object)
{
  PfRenderer *self = PF_RENDERER (object);

  g_clear_pointer (&self->layers, g_array_unref);
  g_clear_pointer (&self->shadows, g_ptr_array_unref);
  g_clear_pointer (&self->photos, g_hash_table_unref);
  g_clear_pointer (&self->missing, g_ptr_array_unref);
  g_clear_pointer (&self->background_key.photo, g_free);
  g_clear_pointer (&self->fallback_note, g_free);
  pf_image_destroy (self->canvas);
  pf_image_destroy (self->background);
  pf_image_destroy (self->underlay);
  g_clear_pointer (&self->underlay_key, g_array_unref);
  pf_context_destroy (self->ctx);

  G_OBJECT_CLASS (pf_renderer_parent_class)->finalize (object);
}

static void
pf_renderer_class_init (PfRendererClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pf_renderer_finalize;
}

static void
pf_renderer_init (PfRenderer *self)
{
  self->photos = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, photo_free);
  self->shadows = g_ptr_array_new_with_free_func (shared_shadow_free);
  self->underlay_key = g_array_new (FALSE, FALSE, sizeof (ShadowPlacement));
  self->layers = g_array_new (FALSE, TRUE, sizeof (Layer));
  g_array_set_clear_func (self->layers, layer_clear);
  self->missing = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->missing, NULL);
}

/* PHOTOFF_MEMORY_LIMIT caps the engine's image memory (bytes, or with a K, M or G
 * suffix): how the tests make a device run out of memory on purpose. */
static size_t
memory_limit_from_env (void)
{
  const char *env = g_getenv ("PHOTOFF_MEMORY_LIMIT");
  if (env == NULL || *env == '\0')
    return 0;
  char *end = NULL;
  guint64 v = g_ascii_strtoull (env, &end, 10);
  switch (end != NULL ? g_ascii_toupper (*end) : 0)
    {
    case 'G': v <<= 30; break;
    case 'M': v <<= 20; break;
    case 'K': v <<= 10; break;
    default: break;
    }
  return (size_t) v;
}

PfRenderer *
pf_renderer_new (PfBackend backend, GError **error)
{
  PfContext *ctx = NULL;
  PfContextOptions options = { .backend = backend, .memory_limit = memory_limit_from_env () };
  PfStatus status = pf_context_create_with_options (&options, &ctx);
  if (status != PF_OK)
    {
      g_set_error (error, PF_RENDER_ERROR, PF_RENDER_ERROR_ENGINE,
                   _("Could not start the %s engine: %s"),
                   backend == PF_BACKEND_CUDA ? "CUDA" : backend == PF_BACKEND_CPU ? "CPU" : "",
                   pf_status_to_string (status));
      return NULL;
    }
  PfRenderer *self = g_object_new (PF_TYPE_RENDERER, NULL);
  self->ctx = ctx;
  return self;
}

const char *
pf_renderer_describe (PfRenderer *self)
{
  g_return_val_if_fail (PF_IS_RENDERER (self), "");
  return self->fallback_note != NULL ? self->fallback_note : pf_context_describe (self->ctx);
}

PfBackend
pf_renderer_get_backend (PfRenderer *self)
{
  g_return_val_if_fail (PF_IS_RENDERER (self), PF_BACKEND_CPU);
  return pf_context_get_backend (self->ctx);
}

PfContext *
pf_renderer_get_context (PfRenderer *self)
{
  g_return_val_if_fail (PF_IS_RENDERER (self), NULL);
  return self->ctx;
}

guint
pf_renderer_get_last_redrawn (PfRenderer *self)
{
  g_return_val_if_fail (PF_IS_RENDERER (self), 0);
  return self->last_redrawn;
}

const char *const *
pf_renderer_get_missing (PfRenderer *self)
{
  g_return_val_if_fail (PF_IS_RENDERER (self), NULL);
  return (const char *const *) self->missing->pdata;
}

void
pf_renderer_invalidate (PfRenderer *self)
{
  g_return_if_fail (PF_IS_RENDERER (self));
  for (guint i = 0; i < self->layers->len; i++)
    layer_clear (&g_array_index (self->layers, Layer, i));
  g_ptr_array_set_size (self->shadows, 0);
  self->background_valid = FALSE;
  self->underlay_valid = FALSE;
  self->canvas_valid = FALSE;
}

/* ---------------------------------------------------------------------------------------
 * Photos: probed once, decoded once at the size the cells need, kept on the engine.
 */

/* Returns the photo at @path decoded to at least @need_w × @need_h (upright pixels) where
 * the file is that large, decoding again only when the cached copy is too small or the
 * file changed. A photo that cannot be read comes back with ->image NULL and ->error set. */
static Photo *
get_photo (PfRenderer *self, const char *path, int need_w, int need_h, GError **error)
{
  Photo *photo = g_hash_table_lookup (self->photos, path);
  PfFileVersion version;
  pf_file_get_version (path, &version);

  if (photo != NULL && pf_file_version_equal (&photo->version, &version))
    {
      if (photo->image == NULL)
        return photo;  /* known unreadable, unchanged since */
      int w = pf_image_get_width (photo->image), h = pf_image_get_height (photo->image);
      if ((w >= need_w && h >= need_h) || (w >= photo->full_width && h >= photo->full_height))
        return photo;
    }

  if (photo == NULL)
    {
      photo = g_new0 (Photo, 1);
      photo->path = g_strdup (path);
      g_hash_table_insert (self->photos, photo->path, photo);
    }
  pf_image_destroy (g_steal_pointer (&photo->image));
  g_clear_pointer (&photo->error, g_free);
  photo->version = version;

  g_autoptr (GError) local_error = NULL;
  if (!pf_image_probe (path, &photo->full_width, &photo->full_height, &local_error))
    {
      photo->error = g_strdup (local_error->message);
      return photo;
    }
  PfLoadOptions options = { .min_width = need_w, .min_height = need_h };
  g_autoptr (PfBitmap) bitmap = pf_image_load (path, &options, &local_error);
  if (bitmap == NULL)
    {
      photo->error = g_strdup (local_error->message);
      return photo;
    }

  photo->opaque = TRUE;
  for (int y = 0; y < bitmap->height && photo->opaque; y++)
    {
      const guint8 *row = bitmap->data + (gsize) y * bitmap->stride;
      for (int x = 0; x < bitmap->width; x++)
        if (row[x * 4 + 3] != 255)
          {
            photo->opaque = FALSE;
            break;
          }
    }

  PfImage *image = NULL;
  PfStatus status = pf_image_create (self->ctx, bitmap->width, bitmap->height, &image);
  if (status == PF_OK)
    status = pf_image_upload (self->ctx, image, bitmap->data, bitmap->stride);
  if (status != PF_OK)
    {
      pf_image_destroy (image);
      /* not the file's fault: forget it, so that the next render tries again */
      g_hash_table_remove (self->photos, path);
      engine_failed (self, status, _("loading a photo"), error);
      return NULL;
    }
  photo->image = image;
  return photo;
}

/* The upright photo size needed so that fitting it into @c's rectangle never upscales
 * the decoded copy. */
static void
needed_size (const PfRenderCell *c, int full_w, int full_h, int *need_w, int *need_h)
{
  double w = c->rect.width, h = c->rect.height;
  double rot = pf_render_cell_get_rotation (c);
  if (fmod (rot, 90.0) != 0.0)
    {
      /* free rotation covers the cell's rotated bounding box */
      double t = rot * G_PI / 180.0;
      double bw = w * fabs (cos (t)) + h * fabs (sin (t));
      double bh = w * fabs (sin (t)) + h * fabs (cos (t));
      w = bw;
      h = bh;
    }
  gboolean sideways = fabs (fmod (rot, 180.0) - 90.0) < 45.0;
  double pw = sideways ? full_h : full_w, ph = sideways ? full_w : full_h;
  double s = c->contain ? MIN (w / pw, h / ph) : MAX (w / pw, h / ph);
  s *= c->zoom;
  /* back in the file's orientation, which is what the decoder scales */
  double nw = ceil (pw * s), nh = ceil (ph * s);
  *need_w = (int) (sideways ? nh : nw);
  *need_h = (int) (sideways ? nw : nh);
}

/* ---------------------------------------------------------------------------------------
 * Cells
 */

static PfStatus
acquire (PfRenderer *self, int w, int h, PfImage **out)
{
  return pf_pool_acquire (pf_context_get_pool (self->ctx), MAX (1, w), MAX (1, h), out);
}

static PfStatus
fit (PfRenderer *self, PfImage *src, const PfRenderCell *c, PfImage *dst)
{
  static const PfColor clear = { 0, 0, 0, 0 };
  if (c->contain)
    return pf_contain (self->ctx, src, dst, c->pan_x, c->pan_y, c->zoom, clear,
                       PF_RESIZE_LANCZOS3);
  return pf_cover (self->ctx, src, dst, c->pan_x, c->pan_y, c->zoom, PF_RESIZE_LANCZOS3);
}

/* Draws the photo into @cell (the cell's size): orientation, fit, pan and zoom. */
static gboolean
draw_photo (PfRenderer *self, PfImage *photo, const PfRenderCell *c, PfImage *cell,
            GError **error)
{
  double rot = pf_render_cell_get_rotation (c);
  gboolean quarter = fmod (rot, 90.0) == 0.0;
  PfImage *oriented = photo, *tmp = NULL;

  if ((quarter && rot != 0.0) || c->flip != PF_FLIP_NONE)
    {
      int w = pf_image_get_width (photo), h = pf_image_get_height (photo);
      TRY (acquire (self, w, h, &tmp), _("orienting a photo"));
      PfStatus st = quarter && rot != 0.0 ? pf_rotate (self->ctx, photo, tmp, rot)
                                          : pf_copy (self->ctx, photo, tmp);
      if (st == PF_OK && c->flip != PF_FLIP_NONE)
        st = pf_flip (self->ctx, tmp, c->flip);
      if (st != PF_OK)
        {
          release (tmp);
          return engine_failed (self, st, _("orienting a photo"), error);
        }
      oriented = tmp;
    }

  PfStatus st;
  if (quarter)
    st = fit (self, oriented, c, cell);
  else
    {
      /* Free rotation: fit the photo to the cell's rotated bounding box, turn it, and keep
       * the middle, so that no corner of the cell shows through. */
      int w = pf_image_get_width (cell), h = pf_image_get_height (cell), bw, bh;
      pf_render_cell_get_fit_area (c, &bw, &bh);
      PfImage *box = NULL, *turned = NULL;
      st = acquire (self, bw, bh, &box);
      if (st == PF_OK)
        st = fit (self, oriented, c, box);
      if (st == PF_OK)
        st = acquire (self, bw + bh, bw + bh, &turned);
      if (st == PF_OK)
        st = pf_rotate (self->ctx, box, turned, rot);
      if (st == PF_OK)
        {
          PfBox middle = { (pf_image_get_width (turned) - w) / 2,
                           (pf_image_get_height (turned) - h) / 2, w, h };
          st = pf_crop (self->ctx, turned, cell, &middle);
        }
      release (box);
      release (turned);
    }
  release (tmp);
  if (st != PF_OK)
    return engine_failed (self, st, _("fitting a photo into its cell"), error);
  return TRUE;
}

/* How far stroke and shadow may reach past the cell, generously. */
static int
reach (const PfRenderCell *c)
{
  int r = 4;
  if (c->stroke_width > 0)
    r += (int) ceil (c->stroke_width) + 2;
  if (c->shadow)
    r += (int) ceil (c->shadow_blur * 2.0f + MAX (c->shadow_spread, 0.0f))
         + MAX (ABS (c->shadow_dx), ABS (c->shadow_dy)) + 2;
  return r;
}

static ShadowKey
shadow_key (const PfRenderCell *c)
{
  ShadowKey k = { 0 };
  k.width = c->rect.width;
  k.height = c->rect.height;
  k.corner_radius = c->corner_radius;
  if (c->stroke_width > 0 && c->stroke_color.a > 0)
    {
      k.stroke_width = c->stroke_width;
      k.stroke_color = c->stroke_color;
      k.stroke_position = c->stroke_position;
    }
  k.dx = c->shadow_dx;
  k.dy = c->shadow_dy;
  k.blur = c->shadow_blur;
  k.spread = c->shadow_spread;
  k.color = c->shadow_color;
  return k;
}

static gboolean
shadow_key_equal (const ShadowKey *a, const ShadowKey *b)
{
  return a->width == b->width && a->height == b->height && a->corner_radius == b->corner_radius
         && a->stroke_width == b->stroke_width
         && memcmp (&a->stroke_color, &b->stroke_color, sizeof (PfColor)) == 0
         && a->stroke_position == b->stroke_position && a->dx == b->dx && a->dy == b->dy
         && a->blur == b->blur && a->spread == b->spread
         && memcmp (&a->color, &b->color, sizeof (PfColor)) == 0;
}

/* The shadow of an opaque cell of @c's shape (its rectangle rounded and stroked), made on
 * first use and shared after. */
static SharedShadow *
get_shared_shadow (PfRenderer *self, const PfRenderCell *c, GError **error)
{
  ShadowKey key = shadow_key (c);
  for (guint i = 0; i < self->shadows->len; i++)
    {
      SharedShadow *shadow = self->shadows->pdata[i];
      if (shadow_key_equal (&shadow->key, &key))
        {
          shadow->used = TRUE;
          return shadow;
        }
    }

  static const PfColor opaque = { 255, 255, 255, 255 };
  int w = key.width, h = key.height, r = reach (c);
  PfImage *shape = NULL, *stroked = NULL, *image = NULL;
  int sx = 0, sy = 0, ox = 0, oy = 0;
  PfStatus st = acquire (self, w, h, &shape);
  if (st == PF_OK)
    st = pf_fill (self->ctx, shape, opaque);
  if (st == PF_OK && key.corner_radius > 0)
    st = pf_round_corners (self->ctx, shape, key.corner_radius);
  PfImage *outline = shape;
  if (st == PF_OK && key.stroke_width > 0)
    {
      PfStroke stroke = { key.stroke_width, key.stroke_color, key.stroke_position,
                          key.corner_radius };
      st = acquire (self, w + 2 * r, h + 2 * r, &stroked);
      if (st == PF_OK)
        st = pf_stroke (self->ctx, shape, stroked, &stroke, &sx, &sy);
      outline = stroked;
    }
  if (st == PF_OK)
    st = acquire (self, pf_image_get_width (outline) + 2 * r,
                  pf_image_get_height (outline) + 2 * r, &image);
  if (st == PF_OK)
    {
      PfShadow shadow = { key.dx, key.dy, key.blur, key.spread, key.color, false, true };
      st = pf_drop_shadow (self->ctx, outline, image, &shadow, &ox, &oy);
    }
  release (shape);
  release (stroked);
  if (st != PF_OK)
    {
      release (image);
      engine_failed (self, st, _("drawing a shadow"), error);
      return NULL;
    }

  SharedShadow *shadow = g_new0 (SharedShadow, 1);
  shadow->key = key;
  shadow->image = image;
  shadow->ox = ox + sx;  /* where the cell's own top-left lies in the shadow image */
  shadow->oy = oy + sy;
  shadow->serial = ++self->next_shadow_serial;
  shadow->used = TRUE;
  g_ptr_array_add (self->shadows, shadow);
  return shadow;
}

static gboolean
build_layer (PfRenderer *self, const PfRenderCell *c, Layer *layer, GError **error)
{
  int w = c->rect.width, h = c->rect.height;
  PfImage *cell = NULL;

  TRY (acquire (self, w, h, &cell), _("preparing a cell"));

  Photo *photo = NULL;
  if (c->photo != NULL)
    {
      int need_w = w, need_h = h;
      Photo *known = g_hash_table_lookup (self->photos, c->photo);
      if (known != NULL && known->full_width > 0)
        needed_size (c, known->full_width, known->full_height, &need_w, &need_h);
      photo = get_photo (self, c->photo, need_w, need_h, error);
      if (photo == NULL)
        {
          release (cell);
          return FALSE;
        }
      if (known == NULL && photo->image != NULL)
        {
          /* First sight of the file: now that its size is known, decode what is needed. */
          needed_size (c, photo->full_width, photo->full_height, &need_w, &need_h);
          photo = get_photo (self, c->photo, need_w, need_h, error);
          if (photo == NULL)
            {
              release (cell);
              return FALSE;
            }
        }
    }

  /* Opaque inside its rounded rectangle: a covering opaque photo (free rotation crops to
   * the cell too, and a blur extends the edges), or the placeholder. */
  gboolean opaque = photo == NULL || photo->image == NULL || (photo->opaque && !c->contain);
  SharedShadow *shared = NULL;
  if (c->shadow && c->shadow_color.a > 0 && opaque)
    {
      shared = get_shared_shadow (self, c, error);
      if (shared == NULL)
        {
          release (cell);
          return FALSE;
        }
    }

  PfStatus st;
  if (photo != NULL && photo->image != NULL)
    {
      if (!draw_photo (self, photo->image, c, cell, error))
        {
          release (cell);
          return FALSE;
        }
      st = c->blur > 0 ? pf_blur (self->ctx, cell, c->blur, NULL) : PF_OK;
    }
  else
    st = pf_fill_gradient (self->ctx, cell, PF_GRADIENT_DIAGONAL, placeholder_from,
                           placeholder_to);
  if (st == PF_OK && c->corner_radius > 0)
    st = pf_round_corners (self->ctx, cell, c->corner_radius);

  PfImage *current = cell;
  int ox = 0, oy = 0, r = reach (c);
  if (st == PF_OK && c->stroke_width > 0 && c->stroke_color.a > 0)
    {
      PfStroke stroke = { c->stroke_width, c->stroke_color, c->stroke_position,
                          c->corner_radius };
      PfImage *stroked = NULL;
      int sx = 0, sy = 0;
      st = acquire (self, w + 2 * r, h + 2 * r, &stroked);
      if (st == PF_OK)
        st = pf_stroke (self->ctx, current, stroked, &stroke, &sx, &sy);
      release (current);
      current = stroked;
      ox += sx;
      oy += sy;
    }
  if (st == PF_OK && c->shadow && c->shadow_color.a > 0 && shared == NULL)
    {
      PfShadow shadow = { c->shadow_dx, c->shadow_dy, c->shadow_blur, c->shadow_spread,
                          c->shadow_color, FALSE, FALSE };
      PfImage *shadowed = NULL;
      int sx = 0, sy = 0;
      st = acquire (self, pf_image_get_width (current) + 2 * r,
                    pf_image_get_height (current) + 2 * r, &shadowed);
      if (st == PF_OK)
        st = pf_drop_shadow (self->ctx, current, shadowed, &shadow, &sx, &sy);
      release (current);
      current = shadowed;
      ox += sx;
      oy += sy;
    }
  if (st != PF_OK)
    {
      release (current);
      return engine_failed (self, st, _("styling a cell"), error);
    }

  layer_clear (layer);
  layer->key = *c;
  layer->key.photo = g_strdup (c->photo);
  layer->image = current;  /* owned by the layer from now on, out of the pool's hands */
  layer->x = c->rect.x - ox;
  layer->y = c->rect.y - oy;
  layer->shadow = shared;
  if (shared != NULL)
    {
      layer->shadow_x = c->rect.x - shared->ox;
      layer->shadow_y = c->rect.y - shared->oy;
    }
  layer->valid = TRUE;
  return TRUE;
}

/* ---------------------------------------------------------------------------------------
 * Background and page
 */

static gboolean
build_background (PfRenderer *self, const PfRenderSpec *spec, GError **error)
{
  const PfRenderBackground *bg = &spec->background;
  switch (bg->kind)
    {
    case PF_RENDER_BACKGROUND_COLOR:
      TRY (pf_fill (self->ctx, self->background, bg->color), _("filling the background"));
      break;
    case PF_RENDER_BACKGROUND_GRADIENT:
      TRY (pf_fill_gradient (self->ctx, self->background, bg->direction, bg->from, bg->to),
           _("drawing the background gradient"));
      break;
    case PF_RENDER_BACKGROUND_PHOTO:
      {
        TRY (pf_fill (self->ctx, self->background, bg->color), _("filling the background"));
        Photo *photo = bg->photo != NULL ? get_photo (self, bg->photo, spec->width / 2,
                                                      spec->height / 2, error)
                                         : NULL;
        if (bg->photo != NULL && photo == NULL)
          return FALSE;
        if (photo != NULL && photo->image != NULL)
          {
            /* a blurred backdrop needs no more than half the page's resolution */
            PfImage *tmp = NULL;
            TRY (acquire (self, spec->width, spec->height, &tmp), _("drawing the background"));
            PfStatus st = pf_cover (self->ctx, photo->image, tmp, 0.5, 0.5, 1.0,
                                    PF_RESIZE_BILINEAR);
            if (st == PF_OK && bg->blur > 0)
              st = pf_blur (self->ctx, tmp, bg->blur, NULL);
            if (st == PF_OK)
              st = pf_blend (self->ctx, self->background, tmp, 0, 0, 1.0f, PF_BLEND_NORMAL);
            release (tmp);
            TRY (st, _("drawing the background photo"));
          }
      }
      break;
    }
  g_free (self->background_key.photo);
  self->background_key = *bg;
  self->background_key.photo = g_strdup (bg->photo);
  self->background_valid = TRUE;
  return TRUE;
}

static void
note_missing (PfRenderer *self, const char *path)
{
  Photo *photo = g_hash_table_lookup (self->photos, path);
  if (photo == NULL || photo->image != NULL)
    return;
  /* once per path */
  for (guint i = 0; i + 1 < self->missing->len; i++)
    if (g_str_has_prefix (self->missing->pdata[i], path)
        && ((char *) self->missing->pdata[i])[strlen (path)] == ':')
      return;
  g_ptr_array_insert (self->missing, (int) self->missing->len - 1,
                      g_strdup_printf ("%s: %s", path, photo->error));
}

/* The page area a layer covers, or an empty box. */
static PfBox
layer_box (const Layer *layer)
{
  PfBox box = { 0, 0, 0, 0 };
  if (layer->image != NULL)
    box = (PfBox) { layer->x, layer->y, pf_image_get_width (layer->image),
                    pf_image_get_height (layer->image) };
  return box;
}

static void
box_union (PfBox *into, const PfBox *box)
{
  if (box->width <= 0 || box->height <= 0)
    return;
  if (into->width <= 0 || into->height <= 0)
    {
      *into = *box;
      return;
    }
  int x0 = MIN (into->x, box->x), y0 = MIN (into->y, box->y);
  int x1 = MAX (into->x + into->width, box->x + box->width);
  int y1 = MAX (into->y + into->height, box->y + box->height);
  *into = (PfBox) { x0, y0, x1 - x0, y1 - y0 };
}

/* Brings the underlay (background + shared shadows, in cell order) up to date. */
static gboolean
update_underlay (PfRenderer *self, const PfRenderSpec *spec, GError **error)
{
  g_autoptr (GArray) key = g_array_new (FALSE, FALSE, sizeof (ShadowPlacement));
  for (guint i = 0; i < self->layers->len; i++)
    {
      Layer *layer = &g_array_index (self->layers, Layer, i);
      if (layer->shadow != NULL)
        {
          ShadowPlacement p = { layer->shadow->serial, layer->shadow_x, layer->shadow_y };
          g_array_append_val (key, p);
        }
    }
  /* (an empty GArray's data is NULL, which memcmp may not be given) */
  if (self->underlay_valid && key->len == self->underlay_key->len
      && (key->len == 0
          || memcmp (key->data, self->underlay_key->data,
                     key->len * sizeof (ShadowPlacement)) == 0))
    return TRUE;

  if (key->len > 0)
    {
      if (self->underlay == NULL)
        TRY (pf_image_create (self->ctx, spec->width, spec->height, &self->underlay),
             _("allocating the page"));
      TRY (pf_copy (self->ctx, self->background, self->underlay), _("drawing the shadows"));
      for (guint i = 0; i < self->layers->len; i++)
        {
          Layer *layer = &g_array_index (self->layers, Layer, i);
          if (layer->shadow != NULL)
            TRY (pf_blend (self->ctx, self->underlay, layer->shadow->image, layer->shadow_x,
                           layer->shadow_y, 1.0f, PF_BLEND_NORMAL),
                 _("drawing the shadows"));
        }
    }
  g_array_unref (self->underlay_key);
  self->underlay_key = g_steal_pointer (&key);
  self->underlay_valid = TRUE;
  self->canvas_valid = FALSE;  /* what lies under every cell changed */
  return TRUE;
}

static gboolean
render_once (PfRenderer *self, const PfRenderSpec *spec, GError **error)
{
  if (spec->width <= 0 || spec->height <= 0 || spec->width > PF_MAX_DIMENSION
      || spec->height > PF_MAX_DIMENSION
      || (gsize) spec->width * (gsize) spec->height > PF_MAX_PIXELS)
    {
      g_set_error (error, PF_RENDER_ERROR, PF_RENDER_ERROR_INVALID,
                   _("A %d×%d page cannot be rendered (at most %d pixels a side)"), spec->width,
                   spec->height, PF_MAX_DIMENSION);
      return FALSE;
    }

  /* A new page size: new canvas and background, every layer redone. */
  if (self->canvas == NULL || self->background == NULL
      || pf_image_get_width (self->canvas) != spec->width
      || pf_image_get_height (self->canvas) != spec->height)
    {
      pf_image_destroy (g_steal_pointer (&self->canvas));
      pf_image_destroy (g_steal_pointer (&self->background));
      pf_image_destroy (g_steal_pointer (&self->underlay));
      pf_renderer_invalidate (self);
      TRY (pf_image_create (self->ctx, spec->width, spec->height, &self->canvas),
           _("allocating the page"));
      TRY (pf_image_create (self->ctx, spec->width, spec->height, &self->background),
           _("allocating the page"));
    }

  if (!self->background_valid || !pf_render_background_equal (&self->background_key,
                                                               &spec->background))
    {
      if (!build_background (self, spec, error))
        return FALSE;
      self->underlay_valid = FALSE;
    }

  if (spec->n_cells < self->layers->len)
    self->canvas_valid = FALSE;  /* cells went away: their area needs redoing too */
  g_array_set_size (self->layers, spec->n_cells);  /* clears dropped layers, zeroes new ones */

  for (guint i = 0; i < self->shadows->len; i++)
    ((SharedShadow *) self->shadows->pdata[i])->used = FALSE;
  for (guint i = 0; i < spec->n_cells; i++)
    {
      Layer *layer = &g_array_index (self->layers, Layer, i);
      if (layer->valid && layer->shadow != NULL && pf_render_cell_equal (&layer->key,
                                                                         &spec->cells[i]))
        layer->shadow->used = TRUE;
    }

  self->last_redrawn = 0;
  for (guint i = 0; i < spec->n_cells; i++)
    {
      Layer *layer = &g_array_index (self->layers, Layer, i);
      const PfRenderCell *c = &spec->cells[i];
      if (layer->valid && pf_render_cell_equal (&layer->key, c))
        continue;
      PfBox old_box = layer_box (layer);
      box_union (&self->dirty, &old_box);
      if (c->rect.width <= 0 || c->rect.height <= 0)
        {
          layer_clear (layer);
          layer->valid = TRUE;  /* nothing to draw, and that is settled */
          layer->key = *c;
          layer->key.photo = g_strdup (c->photo);
          continue;
        }
      if (!build_layer (self, c, layer, error))
        return FALSE;
      PfBox new_box = layer_box (layer);
      box_union (&self->dirty, &new_box);
      self->last_redrawn++;
    }

  /* Shadows no cell uses any more go (layers that used them were rebuilt above). */
  for (guint i = self->shadows->len; i-- > 0;)
    if (!((SharedShadow *) self->shadows->pdata[i])->used)
      g_ptr_array_remove_index_fast (self->shadows, i);

  if (!update_underlay (self, spec, error))
    return FALSE;

  /* Re-composite what changed: the whole page, or only the box the rebuilt cells covered
   * before and after (the same pixels as a whole composite, for less work). */
  PfImage *under = self->underlay != NULL && self->underlay_key->len > 0 ? self->underlay
                                                                         : self->background;
  PfBox page = { 0, 0, spec->width, spec->height };
  const PfBox *clip = self->canvas_valid ? &self->dirty : &page;
  if (clip->width > 0 && clip->height > 0)
    {
      TRY (pf_copy_box (self->ctx, under, self->canvas, clip), _("compositing the page"));
      for (guint i = 0; i < self->layers->len; i++)
        {
          Layer *layer = &g_array_index (self->layers, Layer, i);
          if (layer->image != NULL)
            TRY (pf_blend_box (self->ctx, self->canvas, layer->image, layer->x, layer->y, 1.0f,
                               PF_BLEND_NORMAL, clip),
                 _("compositing the page"));
        }
    }
  self->canvas_valid = TRUE;
  self->dirty = (PfBox) { 0, 0, 0, 0 };

  g_ptr_array_set_size (self->missing, 0);
  g_ptr_array_add (self->missing, NULL);
  if (spec->background.kind == PF_RENDER_BACKGROUND_PHOTO && spec->background.photo != NULL)
    note_missing (self, spec->background.photo);
  for (guint i = 0; i < spec->n_cells; i++)
    if (spec->cells[i].photo != NULL)
      note_missing (self, spec->cells[i].photo);
  return TRUE;
}

/* Moves the renderer to a new CPU context after the GPU failed: everything that lived on the
 * old one (photos, layers, shadows, pages) is dropped and made again on the next render. */
static gboolean
fall_back_to_cpu (PfRenderer *self, const GError *why, GError **error)
{
  PfContextOptions options = { .backend = PF_BACKEND_CPU,
                               .memory_limit = memory_limit_from_env () };
  PfContext *cpu = NULL;
  PfStatus status = pf_context_create_with_options (&options, &cpu);
  if (status != PF_OK)
    {
      g_set_error (error, PF_RENDER_ERROR, PF_RENDER_ERROR_DEVICE,
                   _("%s, and the CPU engine could not start: %s"), why->message,
                   pf_status_to_string (status));
      return FALSE;
    }
  g_message ("GPU failed, rendering on the CPU from now on: %s", why->message);
  pf_renderer_invalidate (self);
  g_array_set_size (self->layers, 0);
  g_hash_table_remove_all (self->photos);
  pf_image_destroy (g_steal_pointer (&self->canvas));
  pf_image_destroy (g_steal_pointer (&self->background));
  pf_image_destroy (g_steal_pointer (&self->underlay));
  pf_context_destroy (self->ctx);
  self->ctx = cpu;
  g_free (self->fallback_note);
  self->fallback_note = g_strdup_printf (_("%s (the GPU failed: %s)"), pf_context_describe (cpu),
                                         why->message);
  return TRUE;
}

gboolean
pf_renderer_render (PfRenderer *self, const PfRenderSpec *spec, GError **error)
{
  g_return_val_if_fail (PF_IS_RENDERER (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  g_autoptr (GError) local_error = NULL;
  if (render_once (self, spec, &local_error))
    return TRUE;
  if (g_error_matches (local_error, PF_RENDER_ERROR, PF_RENDER_ERROR_DEVICE)
      && pf_context_get_backend (self->ctx) == PF_BACKEND_CUDA)
    {
      if (!fall_back_to_cpu (self, local_error, error))
        return FALSE;
      return render_once (self, spec, error);
    }
  if (!g_error_matches (local_error, PF_RENDER_ERROR, PF_RENDER_ERROR_OUT_OF_MEMORY))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* Out of (device) memory: give back every cached layer, decoded photo and idle scratch,
   * then try once more from nothing before reporting it. */
  g_debug ("render ran out of memory, retrying from scratch: %s", local_error->message);
  pf_renderer_invalidate (self);
  g_hash_table_remove_all (self->photos);
  pf_pool_trim (pf_context_get_pool (self->ctx));
  return render_once (self, spec, error);
}

gboolean
pf_renderer_get_preview (PfRenderer *self, int width, int height, guint8 *pixels, gsize stride,
                         GError **error)
{
  g_return_val_if_fail (PF_IS_RENDERER (self), FALSE);
  if (self->canvas == NULL)
    {
      g_set_error (error, PF_RENDER_ERROR, PF_RENDER_ERROR_INVALID, _("Nothing rendered yet"));
      return FALSE;
    }
  TRY (pf_image_download_scaled (self->ctx, self->canvas, width, height, PF_RESIZE_BILINEAR,
                                 pixels, stride),
       _("making the preview"));
  return TRUE;
}

PfBitmap *
pf_renderer_download (PfRenderer *self, GError **error)
{
  g_return_val_if_fail (PF_IS_RENDERER (self), NULL);
  if (self->canvas == NULL)
    {
      g_set_error (error, PF_RENDER_ERROR, PF_RENDER_ERROR_INVALID, _("Nothing rendered yet"));
      return NULL;
    }
  PfBitmap *bitmap = pf_bitmap_new (pf_image_get_width (self->canvas),
                                    pf_image_get_height (self->canvas), error);
  if (bitmap == NULL)
    return NULL;
  PfStatus st = pf_image_download (self->ctx, self->canvas, bitmap->data, bitmap->stride);
  if (st != PF_OK)
    {
      pf_bitmap_free (bitmap);
      engine_failed (self, st, _("downloading the page"), error);
      return NULL;
    }
  return bitmap;
}
