/* test-renderer.c — render specs to pixels, caching, placeholders */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "pf-document.h"
#include "pf-file.h"
#include "pf-image-io.h"
#include "pf-project.h"
#include "pf-renderer.h"

static char *tmpdir;

/* Saves @bm as the PNG @name in the test folder and returns its path. */
static char *
save_photo (const PfBitmap *bm, const char *name)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (pf_image_save_png (bm, path, NULL, &error));
  g_assert_no_error (error);
  return path;
}

/* Writes a w×h PNG of one opaque colour and returns its path. */
static char *
write_photo (const char *name, int w, int h, guint8 r, guint8 g, guint8 b)
{
  g_autoptr (PfBitmap) bm = pf_bitmap_new (w, h, NULL);
  for (gsize i = 0; i < (gsize) w * h; i++)
    {
      bm->data[i * 4 + 0] = r;
      bm->data[i * 4 + 1] = g;
      bm->data[i * 4 + 2] = b;
      bm->data[i * 4 + 3] = 255;
    }
  return save_photo (bm, name);
}

static PfRenderer *
renderer (void)
{
  g_autoptr (GError) error = NULL;
  const char *backend = g_getenv ("PHOTOFF_TEST_BACKEND");
  PfRenderer *r = pf_renderer_new (g_strcmp0 (backend, "cuda") == 0 ? PF_BACKEND_CUDA
                                                                     : PF_BACKEND_CPU,
                                   &error);
  g_assert_no_error (error);
  return r;
}

/* A renderer whose engine may hold at most @limit of images (PHOTOFF_MEMORY_LIMIT). */
static PfRenderer *
renderer_with_limit (const char *limit)
{
  g_setenv ("PHOTOFF_MEMORY_LIMIT", limit, TRUE);
  PfRenderer *r = renderer ();
  g_unsetenv ("PHOTOFF_MEMORY_LIMIT");
  return r;
}

static const guint8 *
px (const PfBitmap *bm, int x, int y)
{
  return bm->data + (gsize) y * bm->stride + (gsize) x * 4;
}

static void
assert_px (const PfBitmap *bm, int x, int y, guint8 r, guint8 g, guint8 b, guint8 a, int tol)
{
  const guint8 *p = px (bm, x, y);
  if (ABS (p[0] - r) > tol || ABS (p[1] - g) > tol || ABS (p[2] - b) > tol
      || ABS (p[3] - a) > tol)
    g_error ("pixel (%d, %d) is %u,%u,%u,%u, expected %u,%u,%u,%u (±%d)", x, y, p[0], p[1],
             p[2], p[3], r, g, b, a, tol);
}

/* Two cells side by side on a 400×200 white page with 20 px margins and spacing. */
static PfRenderSpec *
two_cells (const char *left, const char *right)
{
  PfRenderSpec *spec = pf_render_spec_new (400, 200, 2);
  spec->cells[0].rect = (PfBox) { 20, 20, 170, 160 };
  spec->cells[0].photo = g_strdup (left);
  spec->cells[1].rect = (PfBox) { 210, 20, 170, 160 };
  spec->cells[1].photo = g_strdup (right);
  return spec;
}

static void
test_cells_show_their_photos (void)
{
  g_autofree char *red = write_photo ("red.png", 300, 200, 255, 0, 0);
  g_autofree char *blue = write_photo ("blue.png", 100, 400, 0, 0, 255);
  g_autoptr (PfRenderSpec) spec = two_cells (red, blue);
  g_autoptr (PfRenderer) r = renderer ();
  g_autoptr (GError) error = NULL;
  g_assert_true (pf_renderer_render (r, spec, &error));
  g_autoptr (PfBitmap) page = pf_renderer_download (r, &error);
  g_assert_no_error (error);
  g_assert_cmpint (page->width, ==, 400);
  g_assert_cmpint (page->height, ==, 200);
  assert_px (page, 100, 100, 255, 0, 0, 255, 0);   /* inside the left cell */
  assert_px (page, 20, 20, 255, 0, 0, 255, 0);     /* its corner: square corners */
  assert_px (page, 300, 100, 0, 0, 255, 255, 0);   /* right cell */
  assert_px (page, 200, 100, 255, 255, 255, 255, 0);  /* the gap is background */
  assert_px (page, 5, 5, 255, 255, 255, 255, 0);   /* the margin too */
  g_assert_null (pf_renderer_get_missing (r)[0]);
}

static void
test_style_is_applied (void)
{
  g_autofree char *red = write_photo ("red2.png", 300, 300, 255, 0, 0);
  g_autoptr (PfRenderSpec) spec = two_cells (red, red);
  for (int i = 0; i < 2; i++)
    {
      spec->cells[i].corner_radius = 40;
      spec->cells[i].shadow = TRUE;
      spec->cells[i].shadow_dy = 10;
      spec->cells[i].shadow_blur = 6;
      spec->cells[i].shadow_color = (PfColor) { 0, 0, 0, 255 };
    }
  g_autoptr (PfRenderer) r = renderer ();
  g_autoptr (GError) error = NULL;
  g_assert_true (pf_renderer_render (r, spec, &error));
  g_autoptr (PfBitmap) page = pf_renderer_download (r, &error);
  /* a rounded corner lets the background (or a shadow) through */
  const guint8 *corner = px (page, 21, 21);
  g_assert_cmpuint (corner[1], >, 200);             /* not red: the white page … */
  g_assert_cmpuint (corner[2], >, 200);             /* … (the shadow lies lower) */
  assert_px (page, 100, 100, 255, 0, 0, 255, 0);    /* middle unchanged */
  /* below the cell the shadow darkens the white page */
  const guint8 *below = px (page, 100, 185);
  g_assert_cmpuint (below[0], <, 200);
  g_assert_cmpuint (below[0], ==, below[1]);        /* grey, not tinted */
  /* above the cell (shadow pushed down) it stays lighter than below */
  g_assert_cmpuint (px (page, 100, 15)[0], >, below[0]);
}

/* Re-rendering everything (photos decoded) takes its layers, shadows and scratch back from
 * the pool: a steady stream of full renders allocates no image memory, and gives the same
 * page each time. */
static void
test_rerender_allocates_nothing (void)
{
  g_autofree char *red = write_photo ("red-rerender.png", 300, 300, 255, 0, 0);
  g_autofree char *green = write_photo ("green-rerender.png", 200, 300, 0, 200, 0);
  g_autoptr (PfRenderSpec) spec = two_cells (red, green);
  for (int i = 0; i < 2; i++)
    {
      spec->cells[i].corner_radius = 24;
      spec->cells[i].stroke_width = 4;
      spec->cells[i].stroke_color = (PfColor) { 255, 255, 255, 255 };
      spec->cells[i].shadow = TRUE;
      spec->cells[i].shadow_dy = 6;
      spec->cells[i].shadow_blur = 8;
      spec->cells[i].shadow_color = (PfColor) { 0, 0, 0, 128 };
    }
  g_autoptr (PfRenderer) r = renderer ();
  g_autoptr (GError) error = NULL;
  g_assert_true (pf_renderer_render (r, spec, &error));
  g_autoptr (PfBitmap) first = pf_renderer_download (r, &error);
  g_assert_no_error (error);
  /* the second render settles the pool (scratch released by the first comes back) */
  pf_renderer_invalidate (r);
  g_assert_true (pf_renderer_render (r, spec, &error));
  PfContext *ctx = pf_renderer_get_context (r);
  size_t used = pf_context_get_memory_used (ctx), made = pf_context_get_allocations (ctx);
  for (int i = 0; i < 5; i++)
    {
      pf_renderer_invalidate (r);
      g_assert_true (pf_renderer_render (r, spec, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (pf_context_get_allocations (ctx), ==, made);
      g_assert_cmpuint (pf_context_get_memory_used (ctx), ==, used);
    }
  g_autoptr (PfBitmap) again = pf_renderer_download (r, &error);
  g_assert_cmpmem (first->data, (gsize) first->stride * first->height, again->data,
                   (gsize) again->stride * again->height);
}

/* A white w×h photo with a red disk of radius 10 at (cx, cy). */
static char *
write_dot_photo (const char *name, int w, int h, int cx, int cy)
{
  g_autoptr (PfBitmap) bm = pf_bitmap_new (w, h, NULL);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint8 *p = bm->data + (gsize) y * bm->stride + (gsize) x * 4;
        gboolean dot = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= 100;
        p[0] = 255;
        p[1] = p[2] = dot ? 0 : 255;
        p[3] = 255;
      }
  return save_photo (bm, name);
}

/* Where the red dot lies on the rendered page: the centroid of missing green. */
static void
dot_centre (PfRenderer *r, const PfRenderSpec *spec, double *x, double *y)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (pf_renderer_render (r, spec, &error));
  g_autoptr (PfBitmap) page = pf_renderer_download (r, &error);
  g_assert_no_error (error);
  double sum = 0, sx = 0, sy = 0;
  for (int j = 0; j < page->height; j++)
    for (int i = 0; i < page->width; i++)
      {
        double wgt = 255 - px (page, i, j)[1];
        sum += wgt;
        sx += wgt * i;
        sy += wgt * j;
      }
  g_assert_cmpfloat (sum, >, 255 * 20);  /* the dot is on the page */
  *x = sx / sum;
  *y = sy / sum;
}

/* Dragging a photo moves it with the pointer, pixel for pixel, whatever its fit, zoom,
 * rotation and flip. */
static void
test_drag_pan_follows_the_pointer (void)
{
  g_autofree char *wide = write_dot_photo ("dot-wide.png", 400, 200, 215, 110);
  g_autofree char *tall = write_dot_photo ("dot-tall.png", 200, 400, 90, 190);
  static const struct
  {
    gboolean tall, contain;
    double zoom, rotate;
    PfFlip flip;
    double dx, dy;
    gboolean moves_x, moves_y;
  } cases[] = {
    { FALSE, FALSE, 1.0, 0, PF_FLIP_NONE, 12, 9, TRUE, FALSE },    /* cover: only x has room */
    { FALSE, FALSE, 1.5, 0, PF_FLIP_NONE, -8, 6, TRUE, TRUE },     /* zoomed: both */
    { FALSE, TRUE, 1.0, 0, PF_FLIP_NONE, 7, 10, FALSE, TRUE },     /* contain: letterboxed */
    { TRUE, FALSE, 1.2, 90, PF_FLIP_HORIZONTAL, 9, -6, TRUE, TRUE },
    { FALSE, FALSE, 1.4, 30, PF_FLIP_NONE, 7, -5, TRUE, TRUE },   /* free rotation */
  };
  for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autoptr (PfRenderSpec) spec = pf_render_spec_new (200, 200, 1);
      PfRenderCell *c = &spec->cells[0];
      c->rect = (PfBox) { 50, 50, 100, 100 };
      c->photo = g_strdup (cases[k].tall ? tall : wide);
      c->contain = cases[k].contain;
      c->zoom = cases[k].zoom;
      c->rotate = cases[k].rotate;
      c->flip = cases[k].flip;
      g_autoptr (PfRenderer) r = renderer ();
      double x0, y0, x1, y1;
      dot_centre (r, spec, &x0, &y0);
      double pan_x = -1, pan_y = -1;
      g_assert_true (pf_render_cell_drag_pan (c, cases[k].dx, cases[k].dy, &pan_x, &pan_y));
      g_assert_true (cases[k].moves_x ? pan_x != 0.5 : pan_x == 0.5);
      g_assert_true (cases[k].moves_y ? pan_y != 0.5 : pan_y == 0.5);
      c->pan_x = pan_x;
      c->pan_y = pan_y;
      dot_centre (r, spec, &x1, &y1);
      double want_x = cases[k].moves_x || cases[k].rotate != 0 ? cases[k].dx : 0;
      double want_y = cases[k].moves_y || cases[k].rotate != 0 ? cases[k].dy : 0;
      g_test_message ("case %zu: pan %.3f, %.3f; the dot moved %.2f, %.2f (dragged %g, %g)",
                      k, pan_x, pan_y, x1 - x0, y1 - y0, cases[k].dx, cases[k].dy);
      g_assert_cmpfloat (fabs (x1 - x0 - want_x), <, 0.75);
      g_assert_cmpfloat (fabs (y1 - y0 - want_y), <, 0.75);
    }

  /* no photo to read: nothing to say */
  PfRenderCell empty = { .rect = { 0, 0, 10, 10 }, .zoom = 1, .pan_x = 0.5, .pan_y = 0.5 };
  double px_ = 0.25, py_ = 0.25;
  g_assert_false (pf_render_cell_drag_pan (&empty, 5, 5, &px_, &py_));
  g_assert_cmpfloat (px_, ==, 0.25);
}

/* A photo with transparency casts the shadow of what it shows, not of its cell. */
static void
test_transparent_photo_casts_its_own_shadow (void)
{
  g_autoptr (PfBitmap) clear = pf_bitmap_new (300, 200, NULL);  /* all transparent */
  g_autofree char *path = g_build_filename (tmpdir, "clear.png", NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (pf_image_save_png (clear, path, NULL, &error));
  g_autofree char *red = write_photo ("red7.png", 300, 200, 255, 0, 0);
  g_autoptr (PfRenderSpec) spec = two_cells (path, red);
  for (int i = 0; i < 2; i++)
    {
      spec->cells[i].shadow = TRUE;
      spec->cells[i].shadow_dy = 10;
      spec->cells[i].shadow_blur = 4;
      spec->cells[i].shadow_color = (PfColor) { 0, 0, 0, 255 };
    }
  g_autoptr (PfRenderer) r = renderer ();
  g_assert_true (pf_renderer_render (r, spec, &error));
  g_autoptr (PfBitmap) page = pf_renderer_download (r, &error);
  /* under the transparent cell: white page, no shadow; under the red one: a shadow */
  assert_px (page, 100, 186, 255, 255, 255, 255, 0);
  assert_px (page, 100, 100, 255, 255, 255, 255, 0);
  g_assert_cmpuint (px (page, 300, 186)[0], <, 200);
}

/* Partial re-composites where cells and shadows overlap give the page a fresh render
 * gives, step after step. */
static void
test_partial_composites_match_fresh_renders (void)
{
  g_autofree char *red = write_photo ("red9.png", 300, 200, 255, 0, 0);
  g_autofree char *blue = write_photo ("blue9.png", 120, 300, 0, 40, 255);
  g_autoptr (PfRenderSpec) spec = two_cells (red, blue);
  for (int i = 0; i < 2; i++)
    {
      spec->cells[i].shadow = TRUE;
      spec->cells[i].shadow_dx = 15;
      spec->cells[i].shadow_blur = 30;  /* reaches well over the 20 px gap */
      spec->cells[i].shadow_color = (PfColor) { 20, 0, 0, 200 };
      spec->cells[i].corner_radius = 25;
    }
  g_autoptr (PfRenderer) r = renderer ();
  g_autoptr (GError) error = NULL;
  g_assert_true (pf_renderer_render (r, spec, &error));
  for (int step = 0; step < 5; step++)
    {
      switch (step)
        {
        case 0: spec->cells[0].pan_x = 0.1; break;             /* content only */
        case 1: spec->cells[1].contain = TRUE; break;          /* own shadow from now on */
        case 2: spec->cells[1].zoom = 1.7; break;
        case 3: spec->cells[0].rect.width -= 30; break;        /* shape and shadow move */
        case 4: spec->cells[1].contain = FALSE; break;         /* back to the shared one */
        }
      g_assert_true (pf_renderer_render (r, spec, &error));
      g_assert_cmpuint (pf_renderer_get_last_redrawn (r), ==, 1);
      g_autoptr (PfBitmap) partial = pf_renderer_download (r, &error);
      g_autoptr (PfRenderer) fresh = renderer ();
      g_assert_true (pf_renderer_render (fresh, spec, &error));
      g_autoptr (PfBitmap) full = pf_renderer_download (fresh, &error);
      g_assert_cmpmem (partial->data, partial->stride * partial->height, full->data,
                       full->stride * full->height);
    }
}

static void
test_only_changed_cells_are_redrawn (void)
{
  g_autofree char *red = write_photo ("red3.png", 300, 200, 255, 0, 0);
  g_autofree char *green = write_photo ("green3.png", 300, 200, 0, 255, 0);
  g_autoptr (PfRenderSpec) spec = two_cells (red, green);
  g_autoptr (PfRenderer) r = renderer ();
  g_autoptr (GError) error = NULL;
  g_assert_true (pf_renderer_render (r, spec, &error));
  g_assert_cmpuint (pf_renderer_get_last_redrawn (r), ==, 2);
  g_assert_true (pf_renderer_render (r, spec, &error));
  g_assert_cmpuint (pf_renderer_get_last_redrawn (r), ==, 0);

  spec->cells[1].corner_radius = 30;
  spec->cells[1].stroke_width = 4;
  spec->cells[1].stroke_color = (PfColor) { 0, 0, 0, 255 };
  g_assert_true (pf_renderer_render (r, spec, &error));
  g_assert_cmpuint (pf_renderer_get_last_redrawn (r), ==, 1);
  g_autoptr (PfBitmap) cached = pf_renderer_download (r, &error);

  /* the partial update gives exactly what a fresh render of the same spec gives */
  g_autoptr (PfRenderer) fresh = renderer ();
  g_assert_true (pf_renderer_render (fresh, spec, &error));
  g_autoptr (PfBitmap) full = pf_renderer_download (fresh, &error);
  g_assert_cmpmem (cached->data, cached->stride * cached->height, full->data,
                   full->stride * full->height);

  /* a background change redraws no cell */
  spec->background.color = (PfColor) { 10, 20, 30, 255 };
  g_assert_true (pf_renderer_render (r, spec, &error));
  g_assert_cmpuint (pf_renderer_get_last_redrawn (r), ==, 0);
  g_autoptr (PfBitmap) dark = pf_renderer_download (r, &error);
  assert_px (dark, 5, 5, 10, 20, 30, 255, 0);

  pf_renderer_invalidate (r);
  g_assert_true (pf_renderer_render (r, spec, &error));
  g_assert_cmpuint (pf_renderer_get_last_redrawn (r), ==, 2);
}

/* A photo rewritten at another size within the same second (a camera tool exporting
 * twice, an editor saving again) is decoded again: the cache keys on the file's
 * nanosecond time, size and inode, not on whole seconds. */
static void
test_rewritten_photo_is_reloaded (void)
{
  g_autofree char *path = write_photo ("rewritten.png", 300, 200, 255, 0, 0);
  GStatBuf before;
  g_assert_cmpint (g_stat (path, &before), ==, 0);
  g_autoptr (PfRenderSpec) spec = two_cells (path, path);
  g_autoptr (PfRenderer) r = renderer ();
  g_autoptr (GError) error = NULL;
  g_assert_true (pf_renderer_render (r, spec, &error));
  g_autoptr (PfBitmap) page = pf_renderer_download (r, &error);
  assert_px (page, 100, 100, 255, 0, 0, 255, 0);

  /* blue, another size, and the very same modification time as the red one */
  g_free (write_photo ("rewritten.png", 120, 90, 0, 0, 255));
  struct timespec times[2] = { before.st_atim, before.st_mtim };
  g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);
  /* the cells are redone (their specs did not change), the photo is looked at again */
  pf_renderer_invalidate (r);
  g_assert_true (pf_renderer_render (r, spec, &error));
  g_autoptr (PfBitmap) again = pf_renderer_download (r, &error);
  g_assert_no_error (error);
  assert_px (again, 100, 100, 0, 0, 255, 255, 0);
  assert_px (again, 300, 100, 0, 0, 255, 255, 0);
}

static void
test_missing_photo_is_a_placeholder (void)
{
  g_autofree char *red = write_photo ("red4.png", 300, 200, 255, 0, 0);
  g_autofree char *gone = g_build_filename (tmpdir, "no-such-photo.jpg", NULL);
  g_autoptr (PfRenderSpec) spec = two_cells (red, gone);
  g_autoptr (PfRenderer) r = renderer ();
  g_autoptr (GError) error = NULL;
  g_assert_true (pf_renderer_render (r, spec, &error));
  g_assert_no_error (error);
  const char *const *missing = pf_renderer_get_missing (r);
  g_assert_nonnull (missing[0]);
  g_assert_true (g_str_has_prefix (missing[0], gone));
  g_assert_null (missing[1]);
  g_autoptr (PfBitmap) page = pf_renderer_download (r, &error);
  assert_px (page, 100, 100, 255, 0, 0, 255, 0);
  /* the placeholder is an opaque grey, neither photo nor background */
  const guint8 *p = px (page, 300, 100);
  g_assert_cmpuint (p[3], ==, 255);
  g_assert_cmpuint (p[0], ==, p[1]);
  g_assert_cmpuint (p[0], <, 230);
  g_assert_cmpuint (p[0], >, 150);

  /* a corrupt file is a placeholder too */
  g_autofree char *bad = g_build_filename (tmpdir, "bad.jpg", NULL);
  g_assert_true (g_file_set_contents (bad, "\xff\xd8\xff\xe0 not really", -1, NULL));
  g_free (spec->cells[1].photo);
  spec->cells[1].photo = g_strdup (bad);
  g_assert_true (pf_renderer_render (r, spec, &error));
  g_assert_true (g_str_has_prefix (pf_renderer_get_missing (r)[0], bad));
}

static void
test_preview_and_bad_pages (void)
{
  g_autofree char *red = write_photo ("red5.png", 300, 200, 255, 0, 0);
  g_autoptr (PfRenderSpec) spec = two_cells (red, red);
  g_autoptr (PfRenderer) r = renderer ();
  g_autoptr (GError) error = NULL;
  guint8 small[100 * 50 * 4];
  g_assert_false (pf_renderer_get_preview (r, 100, 50, small, 400, &error));
  g_clear_error (&error);
  g_assert_true (pf_renderer_render (r, spec, &error));
  g_assert_true (pf_renderer_get_preview (r, 100, 50, small, 400, &error));
  g_assert_no_error (error);
  /* the middle of the left cell, scaled down: still red */
  g_assert_cmpuint (small[(25 * 100 + 25) * 4 + 0], ==, 255);
  g_assert_cmpuint (small[(25 * 100 + 25) * 4 + 1], ==, 0);

  spec->width = 100000;
  g_assert_false (pf_renderer_render (r, spec, &error));
  g_assert_error (error, PF_RENDER_ERROR, PF_RENDER_ERROR_INVALID);
}

static void
test_scaled_spec (void)
{
  g_autoptr (PfRenderSpec) spec = two_cells ("/a.jpg", "/b.jpg");
  spec->cells[0].corner_radius = 20;
  spec->cells[0].shadow_dy = 12;
  pf_render_spec_scale (spec, 0.5);
  g_assert_cmpint (spec->width, ==, 200);
  g_assert_cmpint (spec->height, ==, 100);
  g_assert_cmpfloat (spec->dpi, ==, 150);
  g_assert_cmpint (spec->cells[0].rect.x, ==, 10);
  g_assert_cmpint (spec->cells[0].rect.width, ==, 85);
  g_assert_cmpint (spec->cells[1].rect.x, ==, 105);
  g_assert_cmpfloat (spec->cells[0].corner_radius, ==, 10);
  g_assert_cmpint (spec->cells[0].shadow_dy, ==, 6);
  g_autoptr (PfRenderSpec) copy = pf_render_spec_copy (spec);
  g_assert_true (pf_render_cell_equal (&copy->cells[0], &spec->cells[0]));
  copy->cells[0].zoom = 2;
  g_assert_false (pf_render_cell_equal (&copy->cells[0], &spec->cells[0]));
}

static gboolean
boxes_overlap (const PfBox *a, const PfBox *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width && a->y < b->y + b->height
         && b->y < a->y + a->height;
}

static void
test_spec_from_sample_project (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                 "sample.photoff", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (PfDocument) doc = pf_project_load_path (path, &error);
  g_assert_no_error (error);
  guint unplaced = 99;
  g_autoptr (PfRenderSpec) spec = pf_render_spec_new_from_document (doc, &unplaced, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unplaced, ==, 0);
  g_assert_cmpint (spec->width, ==, 2480);
  g_assert_cmpint (spec->height, ==, 3508);
  g_assert_cmpfloat (spec->dpi, ==, 300);
  g_assert_cmpint (spec->background.kind, ==, PF_RENDER_BACKGROUND_GRADIENT);
  g_assert_cmpuint (spec->n_cells, ==, 7);
  /* the first cell spans both columns of the 4 × 2 grid */
  g_assert_cmpint (spec->cells[0].rect.width, >, spec->cells[1].rect.width * 2);
  for (guint i = 0; i < spec->n_cells; i++)
    {
      const PfRenderCell *c = &spec->cells[i];
      g_assert_cmpuint (c->cell_index, ==, i);
      g_assert_true (g_path_is_absolute (c->photo));
      g_assert_true (g_file_test (c->photo, G_FILE_TEST_EXISTS));
      g_assert_cmpfloat (c->corner_radius, ==, 36);
      g_assert_true (c->shadow);
      g_assert_cmpint (c->shadow_dy, ==, 14);
      g_assert_cmpfloat (c->stroke_width, ==, 8);
      g_assert_cmpint (c->rect.x, >=, 100);
      g_assert_cmpint (c->rect.x + c->rect.width, <=, 2480 - 100);
      for (guint j = 0; j < i; j++)
        g_assert_false (boxes_overlap (&c->rect, &spec->cells[j].rect));
    }

  /* a cell's own style wins over the document's */
  PfStyle *own = pf_style_new ();
  pf_style_set_corner_radius (own, 5);
  pf_cell_set_style (pf_document_get_cell (doc, 2), own);
  g_object_unref (own);
  g_autoptr (PfRenderSpec) again = pf_render_spec_new_from_document (doc, NULL, &error);
  g_assert_cmpfloat (again->cells[2].corner_radius, ==, 5);
  g_assert_cmpfloat (again->cells[3].corner_radius, ==, 36);
  g_assert_false (again->cells[2].shadow);
}

static void
test_out_of_memory_is_an_error (void)
{
  g_autofree char *red = write_photo ("red6.png", 300, 200, 255, 0, 0);
  g_autoptr (PfRenderSpec) spec = two_cells (red, red);
  g_autoptr (GError) error = NULL;

  /* 400×200 pages are 320 KB each; canvas and background alone need more than 500 KB */
  g_autoptr (PfRenderer) small = renderer_with_limit ("500K");
  g_assert_false (pf_renderer_render (small, spec, &error));
  g_assert_error (error, PF_RENDER_ERROR, PF_RENDER_ERROR_OUT_OF_MEMORY);
  g_assert_nonnull (strstr (error->message, "limit"));
  g_clear_error (&error);
  /* and it stays usable: a smaller page fits */
  g_autoptr (PfRenderSpec) tiny = pf_render_spec_new (100, 100, 0);
  g_assert_true (pf_renderer_render (small, tiny, &error));
  g_assert_no_error (error);

  /* enough for the pages but not for every cached layer at once: the retry from scratch
   * gets through, and the result is the same as without a limit */
  g_autoptr (PfRenderer) tight = renderer_with_limit ("1600K");
  if (pf_renderer_render (tight, spec, &error))
    {
      g_autoptr (PfRenderer) free_r = renderer ();
      g_assert_true (pf_renderer_render (free_r, spec, &error));
      g_autoptr (PfBitmap) a = pf_renderer_download (tight, &error);
      g_autoptr (PfBitmap) b = pf_renderer_download (free_r, &error);
      g_assert_nonnull (a);
      g_assert_cmpmem (a->data, a->stride * a->height, b->data, b->stride * b->height);
    }
  else
    g_assert_error (error, PF_RENDER_ERROR, PF_RENDER_ERROR_OUT_OF_MEMORY);
}

/* A photo that does not fit the engine's memory is an out-of-memory error, on the retry
 * from scratch too: not a placeholder for a photo taken as unreadable. */
static void
test_photo_out_of_memory_is_not_unreadable (void)
{
  /* 700×700 decodes to 1.9 MB; the pages and cells need under 1 MB */
  g_autofree char *big = write_photo ("big.png", 700, 700, 0, 128, 0);
  g_autoptr (PfRenderSpec) spec = two_cells (big, big);
  g_autoptr (GError) error = NULL;
  g_autoptr (PfRenderer) r = renderer_with_limit ("1200K");
  for (int attempt = 0; attempt < 2; attempt++)
    {
      g_assert_false (pf_renderer_render (r, spec, &error));
      g_assert_error (error, PF_RENDER_ERROR, PF_RENDER_ERROR_OUT_OF_MEMORY);
      g_clear_error (&error);
      g_assert_null (pf_renderer_get_missing (r)[0]);
    }
}

/* Rewriting a file in place at the same size and putting its old modification time back
 * (cp -p, rsync -t) still changes its version: the status-change time moves. */
static void
test_file_version_sees_rewrites (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "version.txt", NULL);
  g_assert_true (g_file_set_contents (path, "aaaa", 4, NULL));
  PfFileVersion before, after;
  g_assert_true (pf_file_get_version (path, &before));
  g_usleep (30000);   /* past the kernel's timestamp tick */
  FILE *f = fopen (path, "r+");
  g_assert_nonnull (f);
  g_assert_cmpint (fwrite ("bbbb", 1, 4, f), ==, 4);
  g_assert_cmpint (fclose (f), ==, 0);
  struct timespec times[2] = { { before.mtime_sec, before.mtime_nsec },
                               { before.mtime_sec, before.mtime_nsec } };
  g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);
  g_assert_true (pf_file_get_version (path, &after));
  g_assert_cmpint (after.mtime_sec, ==, before.mtime_sec);
  g_assert_cmpint (after.size, ==, before.size);
  g_assert_false (pf_file_version_equal (&before, &after));

  g_autofree char *gone = g_build_filename (tmpdir, "no-such-file", NULL);
  g_assert_false (pf_file_get_version (gone, &after));
}

/* With PHOTOFF_TEST_BACKEND=cuda: a kernel launch made to fail (PHOTOFF_CUDA_FAULT_AFTER)
 * is reported, and the render is redone on the CPU, which the renderer keeps. */
static void
test_device_fault_falls_back_to_cpu (void)
{
  if (g_strcmp0 (g_getenv ("PHOTOFF_TEST_BACKEND"), "cuda") != 0)
    {
      g_test_skip ("needs a GPU: set PHOTOFF_TEST_BACKEND=cuda");
      return;
    }
  g_autofree char *red = write_photo ("red8.png", 300, 200, 255, 0, 0);
  g_autoptr (PfRenderSpec) spec = two_cells (red, red);
  spec->cells[0].corner_radius = spec->cells[1].corner_radius = 20;
  g_setenv ("PHOTOFF_CUDA_FAULT_AFTER", "6", TRUE);
  g_autoptr (PfRenderer) r = renderer ();
  g_unsetenv ("PHOTOFF_CUDA_FAULT_AFTER");
  g_assert_cmpint (pf_renderer_get_backend (r), ==, PF_BACKEND_CUDA);
  g_autoptr (GError) error = NULL;
  g_assert_true (pf_renderer_render (r, spec, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pf_renderer_get_backend (r), ==, PF_BACKEND_CPU);
  g_assert_nonnull (strstr (pf_renderer_describe (r), "injected device fault"));
  g_autoptr (PfRenderer) cpu = pf_renderer_new (PF_BACKEND_CPU, &error);
  g_assert_true (pf_renderer_render (cpu, spec, &error));
  g_autoptr (PfBitmap) a = pf_renderer_download (r, &error);
  g_autoptr (PfBitmap) b = pf_renderer_download (cpu, &error);
  g_assert_cmpmem (a->data, a->stride * a->height, b->data, b->stride * b->height);
  /* and it keeps working */
  spec->cells[1].zoom = 2;
  g_assert_true (pf_renderer_render (r, spec, &error));
}

/* With PHOTOFF_TEST_BACKEND=cuda: the whole sample page drawn on the GPU against the CPU
 * reference. Every op is within ±1 of its reference (most are exact), so the page is too. */
static void
test_backends_agree_on_the_sample (void)
{
  if (g_strcmp0 (g_getenv ("PHOTOFF_TEST_BACKEND"), "cuda") != 0)
    {
      g_test_skip ("compares CUDA with the CPU: set PHOTOFF_TEST_BACKEND=cuda");
      return;
    }
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                 "sample.photoff", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (PfDocument) doc = pf_project_load_path (path, &error);
  g_assert_no_error (error);
  g_autoptr (PfRenderSpec) spec = pf_render_spec_new_from_document (doc, NULL, &error);
  g_autoptr (PfRenderer) gpu = renderer ();
  g_autoptr (PfRenderer) cpu = pf_renderer_new (PF_BACKEND_CPU, &error);
  g_assert_true (pf_renderer_render (gpu, spec, &error));
  g_assert_true (pf_renderer_render (cpu, spec, &error));
  g_autoptr (PfBitmap) a = pf_renderer_download (gpu, &error);
  g_autoptr (PfBitmap) b = pf_renderer_download (cpu, &error);
  g_assert_no_error (error);
  int max = 0;
  gsize differing = 0;
  for (gsize i = 0; i < b->stride * b->height; i++)
    {
      int d = ABS ((int) a->data[i] - (int) b->data[i]);
      max = MAX (max, d);
      differing += d != 0;
    }
  g_test_message ("sample page on %s vs CPU: max difference %d, %zu of %zu bytes differ",
                  pf_renderer_describe (gpu), max, differing, b->stride * b->height);
  g_assert_cmpint (max, <=, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("photoff-renderer-XXXXXX", NULL);
  g_test_add_func ("/renderer/cells-show-their-photos", test_cells_show_their_photos);
  g_test_add_func ("/renderer/style-is-applied", test_style_is_applied);
  g_test_add_func ("/renderer/drag-pan-follows-the-pointer", test_drag_pan_follows_the_pointer);
  g_test_add_func ("/renderer/rerender-allocates-nothing", test_rerender_allocates_nothing);
  g_test_add_func ("/renderer/only-changed-cells-are-redrawn", test_only_changed_cells_are_redrawn);
  g_test_add_func ("/renderer/partial-composites-match-fresh-renders",
                   test_partial_composites_match_fresh_renders);
  g_test_add_func ("/renderer/transparent-photo-casts-its-own-shadow",
                   test_transparent_photo_casts_its_own_shadow);
  g_test_add_func ("/renderer/missing-photo-is-a-placeholder", test_missing_photo_is_a_placeholder);
  g_test_add_func ("/renderer/rewritten-photo-is-reloaded", test_rewritten_photo_is_reloaded);
  g_test_add_func ("/renderer/preview-and-bad-pages", test_preview_and_bad_pages);
  g_test_add_func ("/renderer/scaled-spec", test_scaled_spec);
  g_test_add_func ("/renderer/out-of-memory-is-an-error", test_out_of_memory_is_an_error);
  g_test_add_func ("/renderer/photo-out-of-memory-is-not-unreadable",
                   test_photo_out_of_memory_is_not_unreadable);
  g_test_add_func ("/file/version-sees-rewrites", test_file_version_sees_rewrites);
  g_test_add_func ("/render-spec/from-sample-project", test_spec_from_sample_project);
  g_test_add_func ("/renderer/backends-agree-on-the-sample", test_backends_agree_on_the_sample);
  g_test_add_func ("/renderer/device-fault-falls-back-to-cpu", test_device_fault_falls_back_to_cpu);
  int result = g_test_run ();
  g_autoptr (GDir) dir = g_dir_open (tmpdir, 0, NULL);
  for (const char *name; dir != NULL && (name = g_dir_read_name (dir)) != NULL;)
    {
      g_autofree char *path = g_build_filename (tmpdir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (tmpdir);
  return result;
}
