/* pf-photo-panel.h — the side panel page for the selected cell's photo */
#pragma once

#include <gtk/gtk.h>

#include "app/pf-document.h"

G_BEGIN_DECLS

#define PF_TYPE_PHOTO_PANEL (pf_photo_panel_get_type ())

G_DECLARE_FINAL_TYPE (PfPhotoPanel, pf_photo_panel, PF, PHOTO_PANEL, GtkWidget)

GtkWidget *pf_photo_panel_new (void);
/* The cell edited (NULL: nothing selected, the panel says how to select). */
PfCell *pf_photo_panel_get_cell (PfPhotoPanel *self);
void pf_photo_panel_set_cell (PfPhotoPanel *self,
                              PfCell       *cell);

G_END_DECLS
