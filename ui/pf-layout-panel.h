/* pf-layout-panel.h — the side panel page for page size and arrangement */
#pragma once

#include <gtk/gtk.h>

#include "app/pf-document.h"

G_BEGIN_DECLS

#define PF_TYPE_LAYOUT_PANEL (pf_layout_panel_get_type ())

G_DECLARE_FINAL_TYPE (PfLayoutPanel, pf_layout_panel, PF, LAYOUT_PANEL, GtkWidget)

GtkWidget *pf_layout_panel_new (void);
PfDocument *pf_layout_panel_get_document (PfLayoutPanel *self);
void pf_layout_panel_set_document (PfLayoutPanel *self,
                                   PfDocument    *document);
/* How many cells the last layout could not place (shown as a hint). */
void pf_layout_panel_set_unplaced (PfLayoutPanel *self,
                                   guint          n_unplaced);

G_END_DECLS
