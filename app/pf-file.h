/* pf-file.h — replacing a file's contents in one step; telling a file's versions apart */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writes @data to a temporary file beside @path (a short name, so that any name the
 * directory accepts can be saved over), flushes it to disk and renames it over @path: a
 * reader sees the old file or the new one, never part of either, and a failed save (full
 * disk, file size limit, no permission) leaves the old file and no temporary behind.
 * @error (G_FILE_ERROR) says why without naming @path: callers say what was being saved. */
gboolean pf_file_replace_contents (const char  *path,
                                   const void  *data,
                                   gsize        length,
                                   GError     **error);

/* What caches of a file's decoded contents compare: a rewrite shows as another
 * modification or status-change time (to the nanosecond), size or inode (a save by rename
 * makes a new file). Whole seconds are not enough: a photo saved twice within one second
 * at other sizes would keep its first decode; the status-change time, which no tool can
 * set, catches a copy that kept the old modification time. */
typedef struct
{
  gint64 mtime_sec;
  gint64 mtime_nsec;
  gint64 ctime_sec;
  gint64 ctime_nsec;
  gint64 size;
  guint64 inode;
  guint64 device;
} PfFileVersion;

/* Fills @version from @path's metadata (following links); FALSE where it cannot be read
 * (then @version is all zeros, which no existing file has). */
gboolean pf_file_get_version   (const char          *path,
                                PfFileVersion       *version);
gboolean pf_file_version_equal (const PfFileVersion *a,
                                const PfFileVersion *b);

G_END_DECLS
