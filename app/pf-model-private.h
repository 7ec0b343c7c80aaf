/* pf-model-private.h — what the project codec may see of the model: unknown keys
 *
 * Members of the project file that this version does not know are kept, per JSON object,
 * so that a load/save round trip writes them back. They are treated as immutable and
 * shared between copies; NULL means none.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pf-cell.h"
#include "pf-document.h"
#include "pf-style.h"

G_BEGIN_DECLS

typedef enum
{
  PF_DOCUMENT_EXTRA_ROOT = 0,
  PF_DOCUMENT_EXTRA_PAGE,
  PF_DOCUMENT_EXTRA_BACKGROUND,
  PF_DOCUMENT_EXTRA_LAYOUT,
  PF_DOCUMENT_N_EXTRAS,
} PfDocumentExtra;

typedef enum
{
  PF_STYLE_EXTRA_STYLE = 0,
  PF_STYLE_EXTRA_SHADOW,
  PF_STYLE_EXTRA_STROKE,
  PF_STYLE_N_EXTRAS,
} PfStyleExtra;

JsonObject *pf_document_get_extra (PfDocument      *document,
                                   PfDocumentExtra  which);
void pf_document_set_extra (PfDocument      *document,
                            PfDocumentExtra  which,
                            JsonObject      *members);
JsonObject *pf_style_get_extra (PfStyle      *style,
                                PfStyleExtra  which);
void pf_style_set_extra (PfStyle      *style,
                         PfStyleExtra  which,
                         JsonObject   *members);
JsonObject *pf_cell_get_extra (PfCell *cell);
void pf_cell_set_extra (PfCell     *cell,
                        JsonObject *members);

/* Replaces a JsonObject reference (either may be NULL). */
static inline void
pf_extra_replace (JsonObject **slot,
                  JsonObject  *members)
{
  if (members != NULL)
    json_object_ref (members);
  if (*slot != NULL)
    json_object_unref (*slot);
  *slot = members;
}

G_END_DECLS
