/* pf-bitmap.c — host-memory RGBA8 bitmaps and the size limits every decoder checks */
#define G_LOG_DOMAIN "pf-image-io"

#include "config.h"

#include <glib/gi18n.h>

#include "pf-bitmap.h"

#include "pf-image-io-private.h"
#include "pf-image-io.h"
#include "photoff-engine.h"

gboolean
pf_image_check_size (guint32     width,
                     guint32     height,
                     const char *name,
                     GError    **error)
{
  if (width == 0 || height == 0)
    {
      g_set_error (error, PF_IO_ERROR, PF_IO_ERROR_CORRUPT,
                   _("“%s” claims to be %u × %u pixels"), name, width, height);
      return FALSE;
    }
  if (width > PF_MAX_DIMENSION || height > PF_MAX_DIMENSION)
    {
      g_set_error (error, PF_IO_ERROR, PF_IO_ERROR_TOO_LARGE,
                   _("“%s” is %u × %u pixels; images may be at most %u pixels wide or high"),
                   name, width, height, (guint) PF_MAX_DIMENSION);
      return FALSE;
    }
  if ((guint64) width * height > PF_MAX_PIXELS)
    {
      g_set_error (error, PF_IO_ERROR, PF_IO_ERROR_TOO_LARGE,
                   _("“%s” is %u × %u pixels; images may have at most %u megapixels"),
                   name, width, height, (guint) (PF_MAX_PIXELS / 1000000));
      return FALSE;
    }
  return TRUE;
}

PfBitmap *
pf_bitmap_new (int      width,
               int      height,
               GError **error)
{
  g_autoptr(PfBitmap) bitmap = NULL;
  gsize stride;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (width <= 0 || height <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot make an image of %d × %d pixels"), width, height);
      return NULL;
    }
  if (width > PF_MAX_DIMENSION || height > PF_MAX_DIMENSION
      || (guint64) width * (guint64) height > PF_MAX_PIXELS)
    {
      g_set_error (error, PF_IO_ERROR, PF_IO_ERROR_TOO_LARGE,
                   _("An image of %d × %d pixels is larger than the %u pixels a side and "
                     "%u megapixels PhotoFF can handle"),
                   width, height, (guint) PF_MAX_DIMENSION, (guint) (PF_MAX_PIXELS / 1000000));
      return NULL;
    }

  stride = (gsize) width * 4;
  bitmap = g_new0 (PfBitmap, 1);
  bitmap->width = width;
  bitmap->height = height;
  bitmap->stride = stride;
  bitmap->data = g_try_malloc0 (stride * (gsize) height);
  if (bitmap->data == NULL)
    {
      g_autofree char *size = g_format_size (stride * (gsize) height);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Not enough memory for an image of %d × %d pixels (%s)"),
                   width, height, size);
      return NULL;
    }

  return g_steal_pointer (&bitmap);
}

void
pf_bitmap_free (PfBitmap *bitmap)
{
  if (bitmap == NULL)
    return;

  g_free (bitmap->data);
  g_free (bitmap);
}
