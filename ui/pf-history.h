/* pf-history.h — undo and redo for a document, by whole-state snapshots
 *
 * The history watches the document and records its state (pf_document_to_json()) after
 * every batch of changes (all changes made in one main-loop iteration). Consecutive
 * batches that change the same thing within PF_HISTORY_COALESCE_MS form one step, so a
 * slider drag undoes at once; pf_history_checkpoint() ends a step early (gesture end).
 */
#pragma once

#include "app/pf-document.h"

G_BEGIN_DECLS

#define PF_HISTORY_COALESCE_MS 500

#define PF_TYPE_HISTORY (pf_history_get_type ())

G_DECLARE_FINAL_TYPE (PfHistory, pf_history, PF, HISTORY, GObject)

/* A history for @document whose present state counts as saved. */
PfHistory *pf_history_new (PfDocument *document);
PfDocument *pf_history_get_document (PfHistory *self);

gboolean pf_history_get_can_undo (PfHistory *self);
gboolean pf_history_get_can_redo (PfHistory *self);
/* Whether the document differs from the state last marked saved (by snapshot identity:
 * undoing back to the saved state clears it). */
gboolean pf_history_get_modified (PfHistory *self);

/* Ends the current step: the next change starts a new one. */
void pf_history_checkpoint (PfHistory *self);
/* Records any pending change now instead of at the end of the main-loop iteration. */
void pf_history_flush (PfHistory *self);

/* Restores the state before the last step (or after the next one). FALSE if there is none. */
gboolean pf_history_undo (PfHistory *self);
gboolean pf_history_redo (PfHistory *self);

/* Marks the present state as the saved one (after a successful save). */
void pf_history_mark_saved (PfHistory *self);
/* A number naming the present state (pending changes recorded first); states reached
 * again by undo or redo keep their number. For saves that finish later: */
guint pf_history_get_serial (PfHistory *self);
/* Marks the state named @serial as the saved one. */
void pf_history_mark_saved_serial (PfHistory *self,
                                   guint      serial);

G_END_DECLS
