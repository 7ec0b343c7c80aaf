/* pf-image-io.c — opening, sniffing and saving image files; gdk-pixbuf as the fallback */
#define G_LOG_DOMAIN "pf-image-io"

#include "config.h"

#include <glib/gi18n.h>

#include "pf-image-io.h"

#include "pf-file.h"
#include "pf-image-io-private.h"
#include "pf-png-encoder.h"

#include <errno.h>
#include <fcntl.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* Photos are tens of megabytes; anything beyond this is not a photo we want in memory. */
#define PF_MAX_FILE_SIZE ((goffset) 1 << 30)
#define PF_PROBE_CHUNK 65536

G_DEFINE_QUARK (pf-io-error-quark, pf_io_error)

typedef enum
{
  PF_FORMAT_OTHER,
  PF_FORMAT_JPEG,
  PF_FORMAT_PNG,
} PfFormat;

/* By content, never by name: a PNG called photo.jpg is still a PNG. A truncated signature
 * still picks its decoder, which then reports the truncation. */
static PfFormat
pf_sniff (const guint8 *data,
          gsize         size)
{
  static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (size >= 2 && data[0] == 0xff && data[1] == 0xd8)
    return PF_FORMAT_JPEG;
  if (size >= 4 && memcmp (data, png_signature, MIN (size, sizeof png_signature)) == 0)
    return PF_FORMAT_PNG;
  return PF_FORMAT_OTHER;
}

gssize
pf_image_read_fd (int    fd,
                  void  *buffer,
                  gsize  len)
{
  gsize done = 0;

  while (done < len)
    {
      gssize n = read (fd, (guint8 *) buffer + done, MIN (len - done, (gsize) G_MAXSSIZE));

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return -1;
        }
      if (n == 0)
        break;
      done += (gsize) n;
    }

  return (gssize) done;
}

/* Opens @path for reading without ever blocking (a FIFO would hang a plain open) and
 * refuses anything but a regular file of 1 byte to 1 GiB. */
static int
pf_open_image_file (const char  *path,
                    const char  *name,
                    struct stat *st,
                    GError     **error)
{
  int fd;

  do
    fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  while (fd < 0 && errno == EINTR);

  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not open “%s”: %s"), name, g_strerror (saved_errno));
      return -1;
    }

  if (fstat (fd, st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not read “%s”: %s"), name, g_strerror (saved_errno));
      close (fd);
      return -1;
    }

  if (S_ISDIR (st->st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("“%s” is a folder, not an image"), name);
      close (fd);
      return -1;
    }
  if (!S_ISREG (st->st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("“%s” is not a regular file"), name);
      close (fd);
      return -1;
    }
  if (st->st_size == 0)
    {
      g_set_error (error, PF_IO_ERROR, PF_IO_ERROR_CORRUPT, _("“%s” is empty"), name);
      close (fd);
      return -1;
    }
  if (st->st_size > PF_MAX_FILE_SIZE)
    {
      g_autofree char *size = g_format_size ((guint64) st->st_size);

      g_set_error (error, PF_IO_ERROR, PF_IO_ERROR_TOO_LARGE,
                   _("“%s” is too large to be a photo (%s)"), name, size);
      close (fd);
      return -1;
    }

  return fd;
}

static GBytes *
pf_read_image_file (const char  *path,
                    const char  *name,
                    GError     **error)
{
  g_autofree guint8 *data = NULL;
  struct stat st;
  gssize n;
  int fd;

  fd = pf_open_image_file (path, name, &st, error);
  if (fd < 0)
    return NULL;

  data = g_try_malloc ((gsize) st.st_size);
  if (data == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Not enough memory to read “%s”"), name);
      close (fd);
      return NULL;
    }

  /* At most the size fstat gave: a file that grows meanwhile cannot make us read more. */
  n = pf_image_read_fd (fd, data, (gsize) st.st_size);
  if (n < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not read “%s”: %s"), name, g_strerror (saved_errno));
      close (fd);
      return NULL;
    }
  close (fd);

  if (n == 0)
    {
      g_set_error (error, PF_IO_ERROR, PF_IO_ERROR_CORRUPT, _("“%s” is empty"), name);
      return NULL;
    }

  return g_bytes_new_take (g_steal_pointer (&data), (gsize) n);
}

/* gdk-pixbuf ---------------------------------------------------------------------------- */

typedef struct
{
  const char *name;
  gboolean probing;
  gboolean have_size;
  int width;
  int height;
  GError *error;   /* the size check's verdict */
} PfPixbufJob;

/* Runs before the loader allocates anything (gdk_pixbuf_get_file_info relies on the same
 * signal); a 0 × 0 size makes every loader stop there. */
static void
pf_pixbuf_size_prepared_cb (GdkPixbufLoader *loader,
                            int              width,
                            int              height,
                            gpointer         user_data)
{
  PfPixbufJob *job = user_data;

  if (job->have_size)
    return;

  job->have_size = TRUE;
  job->width = width;
  job->height = height;

  if (width <= 0 || height <= 0
      || !pf_image_check_size ((guint32) width, (guint32) height, job->name, &job->error)
      || job->probing)
    gdk_pixbuf_loader_set_size (loader, 0, 0);
}

static void
pf_pixbuf_set_error (GError     **error,
                     const char  *name,
                     GError      *pixbuf_error)
{
  if (pixbuf_error == NULL)
    g_set_error (error, PF_IO_ERROR, PF_IO_ERROR_CORRUPT,
                 _("Could not decode “%s”"), name);
  else if (g_error_matches (pixbuf_error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_UNKNOWN_TYPE)
           || g_error_matches (pixbuf_error, GDK_PIXBUF_ERROR,
                               GDK_PIXBUF_ERROR_UNSUPPORTED_OPERATION))
    g_set_error (error, PF_IO_ERROR, PF_IO_ERROR_UNSUPPORTED,
                 _("“%s” is not an image PhotoFF can read"), name);
  else if (g_error_matches (pixbuf_error, GDK_PIXBUF_ERROR,
                            GDK_PIXBUF_ERROR_INSUFFICIENT_MEMORY))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                 _("Not enough memory to decode “%s”: %s"), name, pixbuf_error->message);
  else
    g_set_error (error, PF_IO_ERROR, PF_IO_ERROR_CORRUPT,
                 _("Could not decode “%s”: %s"), name, pixbuf_error->message);
}

/* Feeds @data to a new loader. Returns the closed loader; *@failure holds the loader's own
 * error, if any (the size check's verdict is in @job). */
static GdkPixbufLoader *
pf_pixbuf_feed (PfPixbufJob   *job,
                const guint8  *data,
                gsize          size,
                int            fd,
                GError       **failure)
{
  GdkPixbufLoader *loader = gdk_pixbuf_loader_new ();
  gboolean open = TRUE;

  g_signal_connect (loader, "size-prepared", G_CALLBACK (pf_pixbuf_size_prepared_cb), job);

  if (fd < 0)
    {
      /* On failure the loader closes itself; closing it again would be a critical. */
      open = gdk_pixbuf_loader_write (loader, data, size, failure);
    }
  else
    {
      g_autofree guint8 *chunk = g_malloc (PF_PROBE_CHUNK);

      while (open && !job->have_size)
        {
          gssize n = pf_image_read_fd (fd, chunk, PF_PROBE_CHUNK);

          if (n <= 0)
            break;
          open = gdk_pixbuf_loader_write (loader, chunk, (gsize) n, failure);
        }
    }

  if (open)
    gdk_pixbuf_loader_close (loader, *failure == NULL ? failure : NULL);

  return loader;
}

static PfBitmap *
pf_pixbuf_decode (GBytes     *bytes,
                  const char *name,
                  GError    **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) failure = NULL;
  g_autoptr(PfBitmap) bitmap = NULL;
  PfPixbufJob job = { .name = name };
  GdkPixbuf *pixbuf;
  const guint8 *pixels;
  int width, height, channels, stride;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  loader = pf_pixbuf_feed (&job, data, size, -1, &failure);

  if (job.error != NULL)
    {
      g_propagate_error (error, job.error);
      return NULL;
    }

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (failure != NULL || pixbuf == NULL)
    {
      pf_pixbuf_set_error (error, name, failure);
      return NULL;
    }

  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  channels = gdk_pixbuf_get_n_channels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  if (gdk_pixbuf_get_colorspace (pixbuf) != GDK_COLORSPACE_RGB
      || gdk_pixbuf_get_bits_per_sample (pixbuf) != 8
      || (channels != 3 && channels != 4)
      || channels != (gdk_pixbuf_get_has_alpha (pixbuf) ? 4 : 3))
    {
      g_set_error (error, PF_IO_ERROR, PF_IO_ERROR_UNSUPPORTED,
                   _("“%s” decodes to a pixel format PhotoFF does not know"), name);
      return NULL;
    }

  bitmap = pf_bitmap_new (width, height, error);
  if (bitmap == NULL)
    return NULL;

  pixels = gdk_pixbuf_read_pixels (pixbuf);
  for (int y = 0; y < height; y++)
    {
      const guint8 *src = pixels + (gsize) y * (gsize) stride;
      guint8 *dst = bitmap->data + (gsize) y * bitmap->stride;

      if (channels == 4)
        {
          memcpy (dst, src, (gsize) width * 4);
          pf_premultiply_row (dst, width);
        }
      else
        {
          for (int x = 0; x < width; x++, src += 3, dst += 4)
            {
              dst[0] = src[0];
              dst[1] = src[1];
              dst[2] = src[2];
              dst[3] = 255;
            }
        }
    }

  return g_steal_pointer (&bitmap);
}

static gboolean
pf_pixbuf_probe (int         fd,
                 const char *name,
                 int        *width,
                 int        *height,
                 GError    **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) failure = NULL;
  PfPixbufJob job = { .name = name, .probing = TRUE };

  loader = pf_pixbuf_feed (&job, NULL, 0, fd, &failure);

  if (job.error != NULL)
    {
      g_propagate_error (error, job.error);
      return FALSE;
    }
  if (!job.have_size)
    {
      pf_pixbuf_set_error (error, name, failure);
      return FALSE;
    }

  *width = job.width;
  *height = job.height;
  return TRUE;
}

/* Loading ------------------------------------------------------------------------------ */

static PfBitmap *
pf_image_decode (GBytes               *bytes,
                 const char           *name,
                 const PfLoadOptions  *options,
                 GError              **error)
{
  PfImageSource source = { .fd = -1, .name = name };

  source.data = g_bytes_get_data (bytes, &source.size);
  if (source.size == 0)
    {
      g_set_error (error, PF_IO_ERROR, PF_IO_ERROR_CORRUPT, _("“%s” is empty"), name);
      return NULL;
    }

  switch (pf_sniff (source.data, source.size))
    {
    case PF_FORMAT_JPEG:
      return pf_jpeg_decode (&source, options, error);
    case PF_FORMAT_PNG:
      return pf_png_decode (&source, error);
    case PF_FORMAT_OTHER:
    default:
      return pf_pixbuf_decode (bytes, name, error);
    }
}

PfBitmap *
pf_image_load (const char           *path,
               const PfLoadOptions  *options,
               GError              **error)
{
  g_autofree char *name = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_filename_display_name (path);
  bytes = pf_read_image_file (path, name, error);
  if (bytes == NULL)
    return NULL;

  return pf_image_decode (bytes, name, options, error);
}

PfBitmap *
pf_image_load_bytes (GBytes               *bytes,
                     const char           *name,
                     const PfLoadOptions  *options,
                     GError              **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return pf_image_decode (bytes, name != NULL ? name : _("image data"), options, error);
}

gboolean
pf_image_probe (const char  *path,
                int         *width,
                int         *height,
                GError     **error)
{
  g_autofree char *name = NULL;
  guint8 head[8];
  PfImageSource source = { 0 };
  struct stat st;
  gboolean ok;
  gssize n;
  int w = 0, h = 0;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_filename_display_name (path);
  fd = pf_open_image_file (path, name, &st, error);
  if (fd < 0)
    return FALSE;

  n = pf_image_read_fd (fd, head, sizeof head);
  if (n < 0 || lseek (fd, 0, SEEK_SET) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not read “%s”: %s"), name, g_strerror (saved_errno));
      close (fd);
      return FALSE;
    }

  source.fd = fd;
  source.name = name;
  switch (pf_sniff (head, (gsize) n))
    {
    case PF_FORMAT_JPEG:
      ok = pf_jpeg_probe (&source, &w, &h, error);
      break;
    case PF_FORMAT_PNG:
      ok = pf_png_probe (&source, &w, &h, error);
      break;
    case PF_FORMAT_OTHER:
    default:
      ok = pf_pixbuf_probe (fd, name, &w, &h, error);
      break;
    }
  close (fd);

  if (ok)
    {
      if (width != NULL)
        *width = w;
      if (height != NULL)
        *height = h;
    }
  return ok;
}

/* Saving ------------------------------------------------------------------------------- */

static gboolean
pf_check_save_args (const PfBitmap       *bitmap,
                    const PfSaveOptions  *options,
                    const char           *name,
                    GError              **error)
{
  if (bitmap->width <= 0 || bitmap->height <= 0 || bitmap->data == NULL
      || bitmap->stride < (gsize) bitmap->width * 4)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot save “%s”: the image is empty or malformed"), name);
      return FALSE;
    }
  if (options != NULL
      && (!isfinite (options->dpi) || options->dpi < 0
          || options->compression < -1 || options->compression > 9
          || options->quality < 0 || options->quality > 100))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot save “%s”: resolution, compression or quality out of range"),
                   name);
      return FALSE;
    }
  return TRUE;
}

/* Replaces @path in one step (temporary file, fsync, rename): a failed save leaves the old
 * file as it was. */
static gboolean
pf_write_atomically (const char  *path,
                     const char  *name,
                     GBytes      *bytes,
                     GError     **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  if (!pf_file_replace_contents (path, data, size, error))
    {
      g_prefix_error (error, _("Could not save “%s”: "), name);
      return FALSE;
    }
  return TRUE;
}

gboolean
pf_image_save_png (const PfBitmap       *bitmap,
                   const char           *path,
                   const PfSaveOptions  *options,
                   GError              **error)
{
  g_autofree char *name = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (bitmap != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_filename_display_name (path);
  if (!pf_check_save_args (bitmap, options, name, error))
    return FALSE;

  /* Strips compressed on every core: a print page is millions of pixels. */
  PfPngEncodeOptions encode = {
    .dpi = options != NULL ? options->dpi : 0,
    .level = options != NULL ? options->compression : -1,
    .srgb = TRUE,
  };
  bytes = pf_png_encode (bitmap, &encode, error);
  if (bytes == NULL)
    {
      g_prefix_error (error, _("Could not encode “%s” as PNG: "), name);
      return FALSE;
    }

  return pf_write_atomically (path, name, bytes, error);
}

gboolean
pf_image_save_jpeg (const PfBitmap       *bitmap,
                    const char           *path,
                    const PfSaveOptions  *options,
                    GError              **error)
{
  g_autofree char *name = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (bitmap != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_filename_display_name (path);
  if (!pf_check_save_args (bitmap, options, name, error))
    return FALSE;

  bytes = pf_jpeg_encode (bitmap, options, name, error);
  if (bytes == NULL)
    return FALSE;

  return pf_write_atomically (path, name, bytes, error);
}

gboolean
pf_image_save (const PfBitmap       *bitmap,
               const char           *path,
               const PfSaveOptions  *options,
               GError              **error)
{
  g_autofree char *lower = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (bitmap != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".png"))
    return pf_image_save_png (bitmap, path, options, error);
  if (g_str_has_suffix (lower, ".jpg") || g_str_has_suffix (lower, ".jpeg"))
    return pf_image_save_jpeg (bitmap, path, options, error);

  name = g_filename_display_name (path);
  g_set_error (error, PF_IO_ERROR, PF_IO_ERROR_UNSUPPORTED,
               _("Cannot save “%s”: the name must end in .png, .jpg or .jpeg"), name);
  return FALSE;
}
