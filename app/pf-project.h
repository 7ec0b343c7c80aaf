/* pf-project.h — the .photoff project file
 *
 * A project is a JSON object: { "format": "photoff", "version": 1, "page", "background",
 * "layout", "style", "cells" } (data/photoff-project.schema.json describes every key).
 * Photo paths are stored relative to the project file's folder with forward slashes, or
 * absolute when the photo shares no folder but / with it; in memory they are absolute.
 * Members this version does not know are kept and written back, at every level.
 *
 * Loading validates everything before building anything: each malformed or out-of-range
 * value gives a PF_DOCUMENT_ERROR naming its key path ("layout.rows: must be an integer
 * from 1 to 50"); a higher "version" gives PF_DOCUMENT_ERROR_VERSION. Missing keys take
 * their defaults (pf_document_new(), pf_style_new(), pf_cell_new()); a cell's "style"
 * takes missing keys from the document's style. A photo that does not exist is not an
 * error (the renderer shows a placeholder).
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pf-document.h"

G_BEGIN_DECLS

#define PF_PROJECT_FORMAT "photoff"
#define PF_PROJECT_VERSION 1
#define PF_PROJECT_EXTENSION ".photoff"
/* Files larger than this, or nested deeper, are refused before parsing. */
#define PF_PROJECT_MAX_FILE_SIZE (16 * 1024 * 1024)
#define PF_PROJECT_MAX_DEPTH 64

/* Reads and validates the project at @file (a local file). Errors start with its name. */
PfDocument *pf_project_load (GFile   *file,
                             GError **error);
PfDocument *pf_project_load_path (const char  *path,
                                  GError     **error);
/* Parses project text; relative photo paths resolve against @base_dir (an absolute
 * folder; NULL = the current directory). */
PfDocument *pf_project_load_data (const char  *data,
                                  gsize        length,
                                  const char  *base_dir,
                                  GError     **error);

/* Writes @document to @file (a local file) atomically: the text is written to a temporary
 * file beside it, flushed to disk and renamed over it, so a failed save leaves the old
 * file as it was. Errors (PF_DOCUMENT_ERROR_IO) start with the file's name. */
gboolean pf_project_save (PfDocument  *document,
                          GFile       *file,
                          GError     **error);
gboolean pf_project_save_path (PfDocument  *document,
                               const char  *path,
                               GError     **error);
/* The project text (pretty-printed, final newline) with photo paths relative to @base_dir
 * (NULL = absolute). Identical documents give identical text. Free with g_free(). */
char *pf_project_to_data (PfDocument *document,
                          const char *base_dir,
                          gsize      *length);

/* Saving in a worker thread: the text is made at once (the document may change after the
 * call), the write happens in the thread. */
void pf_project_save_async (PfDocument          *document,
                            GFile               *file,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data);
gboolean pf_project_save_finish (GAsyncResult  *result,
                                 GError       **error);
/* Loading in a worker thread; the document is handed over in _finish(). */
void pf_project_load_async (GFile               *file,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data);
PfDocument *pf_project_load_finish (GAsyncResult  *result,
                                    GError       **error);

/* The JSON tree of @document (paths relative to @base_dir, or absolute for NULL) and a new
 * document from one. These are what the functions above and pf_document_to_json() /
 * pf_document_load_json() use. */
JsonNode *pf_project_to_json (PfDocument *document,
                              const char *base_dir);
PfDocument *pf_project_from_json (JsonNode    *root,
                                  const char  *base_dir,
                                  GError     **error);

G_END_DECLS
