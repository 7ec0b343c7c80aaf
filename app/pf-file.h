/* pf-file.h — replacing a file's contents in one step */
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

G_END_DECLS
