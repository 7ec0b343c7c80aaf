/* pf-background-panel.h — the side panel page for the page background */
#pragma once

#include <gtk/gtk.h>

#include "app/pf-document.h"

G_BEGIN_DECLS

#define PF_TYPE_BACKGROUND_PANEL (pf_background_panel_get_type ())

G_DECLARE_FINAL_TYPE (PfBackgroundPanel, pf_background_panel, PF, BACKGROUND_PANEL, GtkWidget)

GtkWidget *pf_background_panel_new (void);
PfDocument *pf_background_panel_get_document (PfBackgroundPanel *self);
void pf_background_panel_set_document (PfBackgroundPanel *self,
                                       PfDocument        *document);

G_END_DECLS
