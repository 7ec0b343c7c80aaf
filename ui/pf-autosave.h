/* pf-autosave.h — snapshots of unsaved documents, kept for recovery after a crash
 *
 * A window with unsaved changes writes its document (photo paths absolute) to
 * g_get_user_state_dir()/photoff/autosave/<id>.photoff a little after the last change,
 * beside <id>.info, a key file naming the project file the document belongs to (none for
 * a new document) and the process that wrote it. Both go when the document is saved or
 * its window closes in good order; what is left after a crash is offered back at the
 * next start.
 */
#pragma once

#include <gio/gio.h>

#include "app/pf-document.h"

G_BEGIN_DECLS

#define PF_AUTOSAVE_DELAY_MS 5000

/* The autosave folder (which need not exist yet). Free with g_free(). */
char *pf_autosave_get_dir (void);
/* How long after the last change a snapshot is written: PF_AUTOSAVE_DELAY_MS, or
 * PHOTOFF_AUTOSAVE_DELAY_MS from the environment (tests). */
guint pf_autosave_get_delay_ms (void);
/* A new id for a document's snapshots. Free with g_free(). */
char *pf_autosave_new_id (void);

/* Writes the snapshot of @document under @id (each file atomically; the key file first,
 * so a snapshot never lacks its original). @original may be NULL. */
gboolean pf_autosave_write (const char  *id,
                            PfDocument  *document,
                            GFile       *original,
                            GError     **error);
/* Deletes @id's snapshot and key file (missing ones are fine). */
void pf_autosave_remove (const char *id);

typedef struct
{
  char *id;
  char *path;          /* the snapshot */
  GFile *original;     /* NULL for a document never saved */
  GDateTime *time;     /* when it was written (local time) */
} PfAutosave;

void pf_autosave_free (PfAutosave *autosave);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PfAutosave, pf_autosave_free)

/* The snapshots in the folder, oldest first, but those written by another process that is
 * still running (another instance owns them). Of PfAutosave; free with
 * g_ptr_array_unref(). */
GPtrArray *pf_autosave_list (void);
/* The one named @id, or NULL (also for a malformed id). */
PfAutosave *pf_autosave_lookup (const char *id);

G_END_DECLS
