/* pf-file.c — replacing a file's contents in one step; telling a file's versions apart */
#define G_LOG_DOMAIN "pf-file"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pf-file.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static gboolean
fail (GError **error, int saved_errno, const char *message)
{
  g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno), message);
  return FALSE;
}

gboolean
pf_file_replace_contents (const char  *path,
                          const void  *data,
                          gsize        length,
                          GError     **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  /* GLib's g_file_set_contents() names its temporary "NAME.XXXXXX", which fails for names
   * near NAME_MAX; ours is short and hidden. */
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmp = g_build_filename (dir, ".photoff-XXXXXX", NULL);
  int fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      int saved = errno;
      g_autofree char *name = g_filename_display_name (dir);
      g_autofree char *message = g_strdup_printf (_("cannot create a file in “%s”: %s"), name,
                                                  g_strerror (saved));
      return fail (error, saved, message);
    }

  const guint8 *p = data;
  gsize left = length;
  int saved = 0;
  while (left > 0 && saved == 0)
    {
      gssize n = write (fd, p, MIN (left, (gsize) G_MAXSSIZE));
      if (n < 0 && errno != EINTR)
        saved = errno;
      else if (n > 0)
        {
          p += n;
          left -= (gsize) n;
        }
    }
  /* On disk before it takes the old file's name, or a crash could leave it empty. */
  if (saved == 0 && fsync (fd) != 0)
    saved = errno;
  if (close (fd) != 0 && saved == 0)
    saved = errno;
  if (saved == 0 && g_rename (tmp, path) != 0)
    saved = errno;
  if (saved != 0)
    {
      g_unlink (tmp);
      return fail (error, saved, g_strerror (saved));
    }
  return TRUE;
}

gboolean
pf_file_get_version (const char    *path,
                     PfFileVersion *version)
{
  g_return_val_if_fail (path != NULL && version != NULL, FALSE);

  struct stat st;
  *version = (PfFileVersion) { 0 };
  if (stat (path, &st) != 0)
    return FALSE;
  *version = (PfFileVersion) {
    .mtime_sec = (gint64) st.st_mtim.tv_sec,
    .mtime_nsec = (gint64) st.st_mtim.tv_nsec,
    .ctime_sec = (gint64) st.st_ctim.tv_sec,
    .ctime_nsec = (gint64) st.st_ctim.tv_nsec,
    .size = (gint64) st.st_size,
    .inode = (guint64) st.st_ino,
    .device = (guint64) st.st_dev,
  };
  return TRUE;
}

gboolean
pf_file_version_equal (const PfFileVersion *a,
                       const PfFileVersion *b)
{
  return a->mtime_sec == b->mtime_sec && a->mtime_nsec == b->mtime_nsec
         && a->ctime_sec == b->ctime_sec && a->ctime_nsec == b->ctime_nsec
         && a->size == b->size && a->inode == b->inode && a->device == b->device;
}
