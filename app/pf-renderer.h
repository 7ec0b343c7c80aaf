/* pf-renderer.h — turns a render spec into engine ops on a page-sized canvas
 *
 * The renderer owns an engine context, the decoded photos (kept on the device, decoded
 * once at the size the cells need), the background and one finished layer per cell, so
 * that a change re-renders only the cells it touched and re-composites the page. It is
 * not thread-safe: one thread (the editor's render thread, or the CLI) owns it.
 */
#pragma once

#include <glib-object.h>

#include "pf-bitmap.h"
#include "pf-render-spec.h"

G_BEGIN_DECLS

#define PF_RENDER_ERROR (pf_render_error_quark ())

typedef enum
{
  PF_RENDER_ERROR_ENGINE,         /* the engine refused or failed; message says why */
  PF_RENDER_ERROR_OUT_OF_MEMORY,  /* host or device memory ran out */
  PF_RENDER_ERROR_INVALID,        /* the spec is unusable (page size …) */
  PF_RENDER_ERROR_DEVICE,         /* the GPU failed (the renderer then falls back to the CPU) */
} PfRenderError;

GQuark pf_render_error_quark (void);

#define PF_TYPE_RENDERER (pf_renderer_get_type ())
G_DECLARE_FINAL_TYPE (PfRenderer, pf_renderer, PF, RENDERER, GObject)

/* Creates a renderer on @backend (AUTO: the GPU when there is one). */
PfRenderer *pf_renderer_new (PfBackend backend, GError **error);

/* "CUDA: NVIDIA …" or "CPU: 16 threads (…)". After a GPU failure the renderer carries on on
 * the CPU, and says so here. */
const char *pf_renderer_describe (PfRenderer *self);
PfBackend pf_renderer_get_backend (PfRenderer *self);

/* Brings the canvas up to date with @spec, redoing only the cells (and background) that
 * differ from the last render. Missing or unreadable photos are drawn as placeholders
 * and listed by pf_renderer_get_missing(); they are not errors. Out of memory, the render
 * is retried once from nothing; after a GPU error it is redone on the CPU backend, which
 * the renderer keeps from then on. */
gboolean pf_renderer_render (PfRenderer *self, const PfRenderSpec *spec, GError **error);

/* Forgets every cached layer and the background (photos stay decoded): the next render
 * redoes the whole page. */
void pf_renderer_invalidate (PfRenderer *self);

/* Paths of the photos the last render could not read, with the reason
 * ("path: message"), in cell order. NULL-terminated, owned by the renderer. */
const char *const *pf_renderer_get_missing (PfRenderer *self);

/* Cells whose layer the last render recomputed (for tests and timing). */
guint pf_renderer_get_last_redrawn (PfRenderer *self);

/* Downloads the canvas resampled to width × height (premultiplied RGBA8): the preview
 * path, where only the small image leaves the device. */
gboolean pf_renderer_get_preview (PfRenderer *self, int width, int height, guint8 *pixels,
                                  gsize stride, GError **error);

/* Downloads the whole canvas, for export. */
PfBitmap *pf_renderer_download (PfRenderer *self, GError **error);

/* The engine context, for benchmarks (timing with its stream). */
PfContext *pf_renderer_get_context (PfRenderer *self);

G_END_DECLS
