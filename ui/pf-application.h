/* pf-application.h — the PhotoFF editor application: one window per project */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PF_TYPE_APPLICATION (pf_application_get_type ())

G_DECLARE_FINAL_TYPE (PfApplication, pf_application, PF, APPLICATION, GtkApplication)

PfApplication *pf_application_new (void);

/* The application's settings, or NULL when the schema is not installed (running from the
 * build tree): callers then use their defaults. Not referenced. */
GSettings *pf_application_get_settings (PfApplication *self);

/* The folder remembered under settings @key ("last-folder", "last-export-folder"), or NULL
 * when there is none (or no settings). Free with g_object_unref(). */
GFile *pf_application_dup_folder (PfApplication *self,
                                  const char    *key);
/* Remembers @file's parent folder (or @file itself when @is_folder) under @key. */
void pf_application_remember_folder (PfApplication *self,
                                     const char    *key,
                                     GFile         *file);

/* Asks about each autosave snapshot (pf-autosave.h) that no window keeps and no question
 * is open for: Recover opens it as unsaved changes to its project, Discard deletes it.
 * The first window does this by itself; returns how many questions were shown. The
 * answers are the actions app.recover-autosave and app.discard-autosave (the id). */
guint pf_application_offer_recovery (PfApplication *self);

G_END_DECLS
