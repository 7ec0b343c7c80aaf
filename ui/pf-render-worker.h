/* pf-render-worker.h — renders previews on a thread of its own
 *
 * The worker thread owns a PfRenderer. The main thread submits render specs; while one
 * renders, only the newest submission is kept (older ones are dropped unrendered), so
 * dragging a slider never queues work. Results come back on the main context through
 * the ::rendered and ::failed signals. Nothing here ever blocks the main loop, except
 * disposing the worker, which waits for the render in progress.
 *
 * Export renders at full resolution with a second renderer on a thread of its own, so
 * the preview keeps its caches and stays responsive meanwhile.
 */
#pragma once

#include <gtk/gtk.h>

#include "app/pf-image-io.h"
#include "app/pf-render-spec.h"

G_BEGIN_DECLS

#define PF_TYPE_RENDER_WORKER (pf_render_worker_get_type ())

G_DECLARE_FINAL_TYPE (PfRenderWorker, pf_render_worker, PF, RENDER_WORKER, GObject)

/* Signals (on the main context the worker was made on):
 *   rendered (PfRenderWorker *worker, GdkTexture *texture, guint serial)
 *     a preview is ready; the texture is the page scaled by the submission's @scale;
 *   failed (PfRenderWorker *worker, GError *error, guint serial)
 */

/* A worker rendering on @backend (PF_BACKEND_AUTO: the GPU when there is one). The
 * renderer is created on the worker thread at the first submission. */
PfRenderWorker *pf_render_worker_new (PfBackend backend);

/* Queues @spec (page coordinates; taken over) to be rendered at @scale (0 < scale ≤ 1:
 * preview pixels per page pixel), replacing any submission still waiting. Returns the
 * submission's serial, which the ::rendered signal repeats. */
guint pf_render_worker_submit (PfRenderWorker *self,
                               PfRenderSpec   *spec,
                               double          scale);

/* Makes the next render look at every photo file again (their cells are redrawn, and a
 * photo whose file changed is decoded again): for when photos changed on disk. */
void pf_render_worker_refresh_photos (PfRenderWorker *self);

/* The serial of the last submission, and that of the last result (rendered or failed). */
guint pf_render_worker_get_submitted (PfRenderWorker *self);
guint pf_render_worker_get_completed (PfRenderWorker *self);
/* Whether a submission is rendering or waiting. */
gboolean pf_render_worker_get_busy (PfRenderWorker *self);

/* What the renderer runs on (pf_renderer_describe()), or NULL before the first result. */
const char *pf_render_worker_get_description (PfRenderWorker *self);
/* Wall time of the last render (spec to preview pixels), in milliseconds. */
double pf_render_worker_get_render_ms (PfRenderWorker *self);
/* The last result's unreadable photos, "path: reason" (pf_renderer_get_missing()). */
const char *const *pf_render_worker_get_missing (PfRenderWorker *self);
/* The last texture, or NULL. Not referenced. */
GdkTexture *pf_render_worker_get_texture (PfRenderWorker *self);

typedef enum
{
  PF_EXPORT_PNG,
  PF_EXPORT_JPEG,
} PfExportFormat;

/* Called on the caller's main context with the fraction done (0..1) and what is going on. */
typedef void (*PfExportProgressFunc) (double      fraction,
                                      const char *stage,
                                      gpointer    user_data);

/* Renders @spec (copied) at full size with a renderer of its own and writes it atomically
 * to @path as @format with @options. Cancelling stops at the next stage; the file is then
 * not written. */
void pf_render_worker_export_async (PfRenderWorker        *self,
                                    const PfRenderSpec    *spec,
                                    const char            *path,
                                    PfExportFormat         format,
                                    const PfSaveOptions   *options,
                                    GCancellable          *cancellable,
                                    PfExportProgressFunc   progress,
                                    gpointer               progress_data,
                                    GDestroyNotify         progress_destroy,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);
gboolean pf_render_worker_export_finish (PfRenderWorker  *self,
                                         GAsyncResult    *result,
                                         GError         **error);

G_END_DECLS
