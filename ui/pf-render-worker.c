/* pf-render-worker.c — renders previews on a thread of its own */
#define G_LOG_DOMAIN "pf-render-worker"

#include "config.h"

#include <glib/gi18n.h>

#include "pf-render-worker.h"

#include "app/pf-renderer.h"

/* A weak reference the worker thread's results can hold without touching the worker's own
 * reference count (which may already be zero while it waits for the thread in dispose). */
typedef struct
{
  gatomicrefcount refs;
  GWeakRef worker;
} WorkerRef;

static WorkerRef *
worker_ref_new (gpointer worker)
{
  WorkerRef *ref = g_new0 (WorkerRef, 1);

  g_atomic_ref_count_init (&ref->refs);
  g_weak_ref_init (&ref->worker, worker);
  return ref;
}

static WorkerRef *
worker_ref_ref (WorkerRef *ref)
{
  g_atomic_ref_count_inc (&ref->refs);
  return ref;
}

static void
worker_ref_unref (WorkerRef *ref)
{
  if (g_atomic_ref_count_dec (&ref->refs))
    {
      g_weak_ref_clear (&ref->worker);
      g_free (ref);
    }
}

typedef struct
{
  WorkerRef *worker;
  guint serial;
  GBytes *pixels;
  int width, height;
  gsize stride;
  double ms;
  char **missing;
  char *description;
  GError *error;
} Result;

static void
result_free (gpointer data)
{
  Result *result = data;

  worker_ref_unref (result->worker);
  g_clear_pointer (&result->pixels, g_bytes_unref);
  g_strfreev (result->missing);
  g_free (result->description);
  g_clear_error (&result->error);
  g_free (result);
}

struct _PfRenderWorker
{
  GObject parent_instance;

  PfBackend backend;
  GMainContext *main_context;
  WorkerRef *self_ref;
  GThread *thread;

  /* Shared with the thread, under the lock. */
  GMutex lock;
  GCond cond;
  PfRenderSpec *pending;
  double pending_scale;
  guint pending_serial;
  gboolean refresh;          /* invalidate the renderer before the next render */
  gboolean quit;

  /* Main thread only. */
  guint submitted;
  guint completed;
  char *description;
  double render_ms;
  char **missing;
  GdkTexture *texture;
};

G_DEFINE_FINAL_TYPE (PfRenderWorker, pf_render_worker, G_TYPE_OBJECT)

enum {
  RENDERED,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Runs @func on @context's thread. Not g_main_context_invoke(): called from a thread with
 * no context of its own, it runs the function right there whenever it can acquire the
 * global default context, and that would be GTK code on the worker thread. */
static void
run_on_context (GMainContext   *context,
                GSourceFunc     func,
                gpointer        data,
                GDestroyNotify  notify)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, "[photoff] from the render thread");
  g_source_attach (source, context);
  g_source_unref (source);
}

/* ---- Main thread: results ------------------------------------------------------------ */

static gboolean
deliver_result (gpointer data)
{
  Result *result = data;
  g_autoptr(PfRenderWorker) self = g_weak_ref_get (&result->worker->worker);

  if (self == NULL)
    return G_SOURCE_REMOVE;

  self->completed = result->serial;
  if (result->description != NULL)
    {
      g_free (self->description);
      self->description = g_steal_pointer (&result->description);
    }

  if (result->error != NULL)
    {
      g_signal_emit (self, signals[FAILED], 0, result->error, result->serial);
      return G_SOURCE_REMOVE;
    }

  g_clear_object (&self->texture);
  self->texture = gdk_memory_texture_new (result->width, result->height,
                                          GDK_MEMORY_R8G8B8A8_PREMULTIPLIED,
                                          result->pixels, result->stride);
  self->render_ms = result->ms;
  g_strfreev (self->missing);
  self->missing = g_steal_pointer (&result->missing);

  g_signal_emit (self, signals[RENDERED], 0, self->texture, result->serial);
  return G_SOURCE_REMOVE;
}

/* ---- Worker thread ------------------------------------------------------------------- */

static Result *
render_one (PfRenderWorker  *self,
            PfRenderer     **renderer,
            PfRenderSpec    *spec,
            double           scale,
            guint            serial)
{
  Result *result = g_new0 (Result, 1);
  gint64 start = g_get_monotonic_time ();
  g_autofree guint8 *pixels = NULL;
  const char *const *missing;

  result->worker = worker_ref_ref (self->self_ref);
  result->serial = serial;

  if (*renderer == NULL)
    {
      *renderer = pf_renderer_new (self->backend, &result->error);
      if (*renderer == NULL)
        return result;
      result->description = g_strdup (pf_renderer_describe (*renderer));
    }

  /* The preview is the page drawn at the scale the screen needs, not a downscaled
   * full-size render: on a CPU a full page per slider step would be far too slow. */
  if (scale < 1.0)
    pf_render_spec_scale (spec, scale);

  if (!pf_renderer_render (*renderer, spec, &result->error))
    return result;

  result->width = spec->width;
  result->height = spec->height;
  result->stride = (gsize) spec->width * 4;
  pixels = g_try_malloc (result->stride * (gsize) spec->height);
  if (pixels == NULL)
    {
      g_set_error (&result->error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Not enough memory for a %d × %d preview"), spec->width, spec->height);
      return result;
    }
  if (!pf_renderer_get_preview (*renderer, spec->width, spec->height, pixels, result->stride,
                                &result->error))
    return result;

  result->pixels = g_bytes_new_take (g_steal_pointer (&pixels),
                                     result->stride * (gsize) spec->height);
  result->ms = (g_get_monotonic_time () - start) / 1000.0;

  missing = pf_renderer_get_missing (*renderer);
  result->missing = g_strdupv ((char **) missing);

  return result;
}

static gpointer
worker_thread (gpointer data)
{
  PfRenderWorker *self = data;
  PfRenderer *renderer = NULL;

  for (;;)
    {
      g_autoptr(PfRenderSpec) spec = NULL;
      double scale;
      guint serial;
      gboolean refresh;
      Result *result;

      g_mutex_lock (&self->lock);
      while (!self->quit && self->pending == NULL)
        g_cond_wait (&self->cond, &self->lock);
      if (self->quit)
        {
          g_mutex_unlock (&self->lock);
          break;
        }
      spec = g_steal_pointer (&self->pending);
      scale = self->pending_scale;
      serial = self->pending_serial;
      refresh = self->refresh;
      self->refresh = FALSE;
      g_mutex_unlock (&self->lock);

      if (refresh && renderer != NULL)
        pf_renderer_invalidate (renderer);

      result = render_one (self, &renderer, spec, scale, serial);
      run_on_context (self->main_context, deliver_result, result, result_free);
    }

  /* The renderer belongs to this thread: it goes with it. */
  g_clear_object (&renderer);
  return NULL;
}

/* ---- Public API ---------------------------------------------------------------------- */

PfRenderWorker *
pf_render_worker_new (PfBackend backend)
{
  PfRenderWorker *self = g_object_new (PF_TYPE_RENDER_WORKER, NULL);

  self->backend = backend;
  return self;
}

guint
pf_render_worker_submit (PfRenderWorker *self,
                         PfRenderSpec   *spec,
                         double          scale)
{
  g_return_val_if_fail (PF_IS_RENDER_WORKER (self), 0);
  g_return_val_if_fail (spec != NULL, 0);
  g_return_val_if_fail (scale > 0.0, 0);

  if (self->thread == NULL)
    self->thread = g_thread_new ("pf-render", worker_thread, self);

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->pending, pf_render_spec_free);
  self->pending = spec;
  self->pending_scale = MIN (scale, 1.0);
  self->pending_serial = ++self->submitted;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  return self->submitted;
}

void
pf_render_worker_refresh_photos (PfRenderWorker *self)
{
  g_return_if_fail (PF_IS_RENDER_WORKER (self));

  g_mutex_lock (&self->lock);
  self->refresh = TRUE;
  g_mutex_unlock (&self->lock);
}

guint
pf_render_worker_get_submitted (PfRenderWorker *self)
{
  g_return_val_if_fail (PF_IS_RENDER_WORKER (self), 0);

  return self->submitted;
}

guint
pf_render_worker_get_completed (PfRenderWorker *self)
{
  g_return_val_if_fail (PF_IS_RENDER_WORKER (self), 0);

  return self->completed;
}

gboolean
pf_render_worker_get_busy (PfRenderWorker *self)
{
  g_return_val_if_fail (PF_IS_RENDER_WORKER (self), FALSE);

  return self->completed != self->submitted;
}

const char *
pf_render_worker_get_description (PfRenderWorker *self)
{
  g_return_val_if_fail (PF_IS_RENDER_WORKER (self), NULL);

  return self->description;
}

double
pf_render_worker_get_render_ms (PfRenderWorker *self)
{
  g_return_val_if_fail (PF_IS_RENDER_WORKER (self), 0.0);

  return self->render_ms;
}

const char *const *
pf_render_worker_get_missing (PfRenderWorker *self)
{
  static const char *const none[] = { NULL };

  g_return_val_if_fail (PF_IS_RENDER_WORKER (self), none);

  return self->missing != NULL ? (const char *const *) self->missing : none;
}

GdkTexture *
pf_render_worker_get_texture (PfRenderWorker *self)
{
  g_return_val_if_fail (PF_IS_RENDER_WORKER (self), NULL);

  return self->texture;
}

/* ---- Export -------------------------------------------------------------------------- */

typedef struct
{
  gatomicrefcount refs;
  PfBackend backend;
  PfRenderSpec *spec;
  char *path;
  PfExportFormat format;
  PfSaveOptions options;
  GMainContext *context;
  PfExportProgressFunc progress;
  gpointer progress_data;
  GDestroyNotify progress_destroy;
} ExportJob;

static ExportJob *
export_job_ref (ExportJob *job)
{
  g_atomic_ref_count_inc (&job->refs);
  return job;
}

static void
export_job_unref (gpointer data)
{
  ExportJob *job = data;

  if (!g_atomic_ref_count_dec (&job->refs))
    return;

  pf_render_spec_free (job->spec);
  g_free (job->path);
  g_main_context_unref (job->context);
  if (job->progress_destroy != NULL)
    job->progress_destroy (job->progress_data);
  g_free (job);
}

typedef struct
{
  ExportJob *job;
  double fraction;
  const char *stage;
} Progress;

static gboolean
deliver_progress (gpointer data)
{
  Progress *progress = data;

  progress->job->progress (progress->fraction, progress->stage, progress->job->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  export_job_unref (progress->job);
  g_free (progress);
}

static void
report_progress (ExportJob  *job,
                 double      fraction,
                 const char *stage)
{
  Progress *progress;

  if (job->progress == NULL)
    return;

  progress = g_new (Progress, 1);
  progress->job = export_job_ref (job);
  progress->fraction = fraction;
  progress->stage = stage;
  run_on_context (job->context, deliver_progress, progress, progress_free);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(PfRenderer) renderer = NULL;
  g_autoptr(PfBitmap) bitmap = NULL;
  GError *error = NULL;
  gboolean ok;

  report_progress (job, 0.02, _("Starting the renderer…"));
  renderer = pf_renderer_new (job->backend, &error);
  if (renderer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  report_progress (job, 0.1, _("Rendering the page…"));
  if (!pf_renderer_render (renderer, job->spec, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  report_progress (job, 0.6, _("Reading the pixels back…"));
  bitmap = pf_renderer_download (renderer, &error);
  if (bitmap == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_clear_object (&renderer);   /* give its memory back before encoding */
  if (g_task_return_error_if_cancelled (task))
    return;

  report_progress (job, 0.7, job->format == PF_EXPORT_JPEG ? _("Writing the JPEG file…")
                                                           : _("Writing the PNG file…"));
  if (job->format == PF_EXPORT_JPEG)
    ok = pf_image_save_jpeg (bitmap, job->path, &job->options, &error);
  else
    ok = pf_image_save_png (bitmap, job->path, &job->options, &error);
  if (!ok)
    {
      g_task_return_error (task, error);
      return;
    }

  report_progress (job, 1.0, _("Done"));
  g_task_return_boolean (task, TRUE);
}

void
pf_render_worker_export_async (PfRenderWorker        *self,
                               const PfRenderSpec    *spec,
                               const char            *path,
                               PfExportFormat         format,
                               const PfSaveOptions   *options,
                               GCancellable          *cancellable,
                               PfExportProgressFunc   progress,
                               gpointer               progress_data,
                               GDestroyNotify         progress_destroy,
                               GAsyncReadyCallback    callback,
                               gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  g_return_if_fail (PF_IS_RENDER_WORKER (self));
  g_return_if_fail (spec != NULL);
  g_return_if_fail (path != NULL);

  job = g_new0 (ExportJob, 1);
  g_atomic_ref_count_init (&job->refs);
  job->backend = self->backend;
  job->spec = pf_render_spec_copy (spec);
  job->path = g_strdup (path);
  job->format = format;
  if (options != NULL)
    job->options = *options;
  else
    job->options.compression = -1;
  job->context = g_main_context_ref_thread_default ();
  job->progress = progress;
  job->progress_data = progress_data;
  job->progress_destroy = progress_destroy;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pf_render_worker_export_async);
  g_task_set_task_data (task, job, export_job_unref);
  g_task_run_in_thread (task, export_thread);
}

gboolean
pf_render_worker_export_finish (PfRenderWorker  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- GObject ------------------------------------------------------------------------- */

static void
pf_render_worker_dispose (GObject *object)
{
  PfRenderWorker *self = PF_RENDER_WORKER (object);

  if (self->thread != NULL)
    {
      g_mutex_lock (&self->lock);
      self->quit = TRUE;
      g_cond_signal (&self->cond);
      g_mutex_unlock (&self->lock);
      g_thread_join (g_steal_pointer (&self->thread));
    }

  g_clear_object (&self->texture);

  G_OBJECT_CLASS (pf_render_worker_parent_class)->dispose (object);
}

static void
pf_render_worker_finalize (GObject *object)
{
  PfRenderWorker *self = PF_RENDER_WORKER (object);

  g_clear_pointer (&self->pending, pf_render_spec_free);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_main_context_unref (self->main_context);
  worker_ref_unref (self->self_ref);
  g_free (self->description);
  g_strfreev (self->missing);

  G_OBJECT_CLASS (pf_render_worker_parent_class)->finalize (object);
}

static void
pf_render_worker_class_init (PfRenderWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pf_render_worker_dispose;
  object_class->finalize = pf_render_worker_finalize;

  signals[RENDERED] =
    g_signal_new ("rendered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, GDK_TYPE_TEXTURE, G_TYPE_UINT);
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_ERROR, G_TYPE_UINT);
}

static void
pf_render_worker_init (PfRenderWorker *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->backend = PF_BACKEND_AUTO;
  self->main_context = g_main_context_ref_thread_default ();
  self->self_ref = worker_ref_new (self);
}
