/* pf-style-panel.h — the side panel page for how photos look: corners, blur, shadow, border */
#pragma once

#include <gtk/gtk.h>

#include "app/pf-document.h"

G_BEGIN_DECLS

#define PF_TYPE_STYLE_PANEL (pf_style_panel_get_type ())

G_DECLARE_FINAL_TYPE (PfStylePanel, pf_style_panel, PF, STYLE_PANEL, GtkWidget)

GtkWidget *pf_style_panel_new (void);
PfDocument *pf_style_panel_get_document (PfStylePanel *self);
/* Edits the document's style (the one every cell without its own uses). */
void pf_style_panel_set_document (PfStylePanel *self,
                                  PfDocument   *document);
/* The selected cell, or NULL: its own style, when it has one, is what the panel edits, and
 * the panel's switch gives it one (a copy of the page's) or takes it away. */
void pf_style_panel_set_cell (PfStylePanel *self,
                              PfCell       *cell);

G_END_DECLS
