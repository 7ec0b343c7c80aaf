/* pf-ui-util.h — binding document properties to controls
 *
 * g_object_bind_property() would let a control's range clamp the document: a project
 * with a corner radius beyond a slider's suggested range would be changed just by being
 * shown. These bindings push document values into controls without writing back, and
 * widen a slider's range to fit a value beyond it; only the user's changes go back.
 */
#pragma once

#include <gtk/gtk.h>

#include "app/pf-style.h"

G_BEGIN_DECLS

typedef struct _PfBinding PfBinding;

void pf_binding_free (PfBinding *binding);

/* A numeric property (int, uint or double) ↔ an adjustment's value. */
PfBinding *pf_bind_adjustment (gpointer       object,
                               const char    *property,
                               GtkAdjustment *adjustment);
/* A PfRgba property ↔ a GtkColorButton (or any GtkColorChooser). */
PfBinding *pf_bind_rgba (gpointer    object,
                         const char *property,
                         GtkWidget  *chooser);
/* An enum property ↔ a GtkDropDown whose item i is enum value i. */
PfBinding *pf_bind_enum_dropdown (gpointer     object,
                                  const char  *property,
                                  GtkDropDown *dropdown);
/* A boolean property ↔ a widget's boolean @widget_property ("active"). */
PfBinding *pf_bind_boolean (gpointer    object,
                            const char *property,
                            gpointer    widget,
                            const char *widget_property);

/* A GPtrArray that frees PfBindings. */
GPtrArray *pf_bindings_new (void);

/* PfRgba ↔ GdkRGBA. */
void pf_rgba_to_gdk (const PfRgba *rgba,
                     GdkRGBA      *color);
void pf_rgba_from_gdk (PfRgba        *rgba,
                       const GdkRGBA *color);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PfBinding, pf_binding_free)

G_END_DECLS
