/* test-layout.c — grid and mosaic geometry */
#include "config.h"

#include <math.h>
#include <string.h>

#include "pf-layout.h"

/* ---- helpers ------------------------------------------------------------------------- */

static void
assert_sane (const PfLayout *layout,
             int             page_width,
             int             page_height,
             int             margin)
{
  for (guint i = 0; i < layout->n_placed; i++)
    {
      const PfLayoutCell *a = &layout->cells[i];

      g_assert_cmpint (a->width, >=, 1);
      g_assert_cmpint (a->height, >=, 1);
      /* inside the margin */
      g_assert_cmpint (a->x, >=, margin);
      g_assert_cmpint (a->y, >=, margin);
      g_assert_cmpint (a->x + a->width, <=, page_width - margin);
      g_assert_cmpint (a->y + a->height, <=, page_height - margin);

      for (guint j = i + 1; j < layout->n_placed; j++)
        {
          const PfLayoutCell *b = &layout->cells[j];
          gboolean apart = a->x + a->width <= b->x || b->x + b->width <= a->x ||
                           a->y + a->height <= b->y || b->y + b->height <= a->y;

          g_assert_true (apart);
          g_assert_cmpuint (a->cell_index, !=, b->cell_index);
        }
    }
}

/* A small fixed generator, so test inputs do not depend on GLib's. */
static guint32
lcg (guint32 *state)
{
  *state = *state * 1664525u + 1013904223u;
  return *state >> 8;
}

static double
random_aspect (guint32 *state)
{
  return 0.5 + (lcg (state) % 1700) / 1000.0;   /* 0.5 .. 2.2 */
}

/* ---- grid ---------------------------------------------------------------------------- */

static void
check_full_grid (int page_width,
                 int page_height,
                 int margin,
                 int spacing,
                 int columns,
                 int rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PfLayout) layout = NULL;
  int content_w = page_width - 2 * margin, content_h = page_height - 2 * margin;
  int avail_w = content_w - (columns - 1) * spacing, avail_h = content_h - (rows - 1) * spacing;
  guint n = (guint) (rows * columns);

  layout = pf_layout_grid (page_width, page_height, margin, spacing, columns, rows, NULL, n,
                           &error);
  if (avail_w < columns || avail_h < rows || content_w < 1 || content_h < 1)
    {
      /* Not a pixel per cell: a clear error, never an empty or negative rectangle. */
      g_assert_null (layout);
      g_assert_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_NO_ROOM);
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (layout->n_placed, ==, n);
  g_assert_cmpuint (layout->n_unplaced, ==, 0);
  assert_sane (layout, page_width, page_height, margin);

  for (guint i = 0; i < n; i++)
    {
      const PfLayoutCell *c = &layout->cells[i];
      int row = i / columns, col = i % columns;

      g_assert_cmpuint (c->cell_index, ==, i);   /* reading order */
      /* Sizes differ by at most one pixel. */
      g_assert_cmpint (c->width, >=, avail_w / columns);
      g_assert_cmpint (c->width, <=, avail_w / columns + 1);
      g_assert_cmpint (c->height, >=, avail_h / rows);
      g_assert_cmpint (c->height, <=, avail_h / rows + 1);

      /* Columns line up; spacing is exact between neighbours; the grid fills the content. */
      if (row > 0)
        {
          g_assert_cmpint (c->x, ==, layout->cells[i - columns].x);
          g_assert_cmpint (c->width, ==, layout->cells[i - columns].width);
          g_assert_cmpint (c->y, ==, layout->cells[i - columns].y +
                                     layout->cells[i - columns].height + spacing);
        }
      else
        g_assert_cmpint (c->y, ==, margin);
      if (col > 0)
        {
          g_assert_cmpint (c->y, ==, layout->cells[i - 1].y);
          g_assert_cmpint (c->x, ==, layout->cells[i - 1].x + layout->cells[i - 1].width + spacing);
        }
      else
        g_assert_cmpint (c->x, ==, margin);
      if (col == columns - 1)
        g_assert_cmpint (c->x + c->width, ==, page_width - margin);
      if (row == rows - 1)
        g_assert_cmpint (c->y + c->height, ==, page_height - margin);
    }
}

static void
test_grid_regular (void)
{
  const int pages[][2] = { { 2480, 3508 }, { 1001, 777 }, { 37, 53 }, { 1, 1 }, { 5, 3 } };
  const int margins[] = { 0, 7, 80 };
  const int spacings[] = { 0, 1, 13, 40 };

  for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
    for (guint m = 0; m < G_N_ELEMENTS (margins); m++)
      for (guint s = 0; s < G_N_ELEMENTS (spacings); s++)
        for (int columns = 1; columns <= 7; columns += 2)
          for (int rows = 1; rows <= 6; rows++)
            check_full_grid (pages[p][0], pages[p][1], margins[m], spacings[s], columns, rows);

  /* The largest grid */
  check_full_grid (2480, 3508, 0, 3, 50, 50);
}

static void
test_grid_spans (void)
{
  /* 3 × 3 on 1000 × 1000, spacing 10: tracks [0,326) [336,663) [673,1000) */
  const int spans[] = { 2, 2,   1, 1,   1, 1,   1, 1,   3, 1,   1, 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PfLayout) layout = pf_layout_grid (1000, 1000, 0, 10, 3, 3, spans, 6, &error);
  const PfLayoutCell *c;

  g_assert_no_error (error);
  assert_sane (layout, 1000, 1000, 0);

  /* The 2 × 2 cell covers two tracks and the spacing between them. */
  c = pf_layout_lookup (layout, 0);
  g_assert_cmpint (c->x, ==, 0);
  g_assert_cmpint (c->y, ==, 0);
  g_assert_cmpint (c->width, ==, 663);
  g_assert_cmpint (c->height, ==, 663);
  /* then (row 0, col 2), (1, 2), (2, 0) */
  c = pf_layout_lookup (layout, 1);
  g_assert_cmpint (c->x, ==, 673);
  g_assert_cmpint (c->y, ==, 0);
  g_assert_cmpint (c->width, ==, 327);
  c = pf_layout_lookup (layout, 2);
  g_assert_cmpint (c->x, ==, 673);
  g_assert_cmpint (c->y, ==, 336);
  c = pf_layout_lookup (layout, 3);
  g_assert_cmpint (c->x, ==, 0);
  g_assert_cmpint (c->y, ==, 673);
  /* a full-width cell finds no row left … */
  g_assert_null (pf_layout_lookup (layout, 4));
  g_assert_cmpuint (layout->n_unplaced, ==, 1);
  g_assert_cmpuint (layout->unplaced[0], ==, 4);
  /* … but the next small one still fills the hole after it. */
  c = pf_layout_lookup (layout, 5);
  g_assert_cmpint (c->x, ==, 336);
  g_assert_cmpint (c->y, ==, 673);
  g_assert_cmpuint (layout->n_placed, ==, 5);
}

static void
test_grid_dense_placement (void)
{
  /* 3 columns: a 1 × 1, a full row, a 1 × 1 that goes back into row 0. */
  const int spans[] = { 1, 1,   3, 1,   1, 1 };
  g_autoptr(PfLayout) layout = pf_layout_grid (300, 300, 0, 0, 3, 3, spans, 3, NULL);

  g_assert_cmpuint (layout->n_placed, ==, 3);
  g_assert_cmpint (pf_layout_lookup (layout, 0)->x, ==, 0);
  g_assert_cmpint (pf_layout_lookup (layout, 1)->y, ==, 100);
  g_assert_cmpint (pf_layout_lookup (layout, 1)->width, ==, 300);
  g_assert_cmpint (pf_layout_lookup (layout, 2)->x, ==, 100);
  g_assert_cmpint (pf_layout_lookup (layout, 2)->y, ==, 0);
}

static void
test_grid_span_clamped (void)
{
  const int spans[] = { 10, 10 };
  g_autoptr(PfLayout) layout = pf_layout_grid (800, 600, 20, 8, 2, 3, spans, 1, NULL);
  const PfLayoutCell *c = pf_layout_lookup (layout, 0);

  g_assert_nonnull (c);
  g_assert_cmpint (c->x, ==, 20);
  g_assert_cmpint (c->y, ==, 20);
  g_assert_cmpint (c->width, ==, 760);
  g_assert_cmpint (c->height, ==, 560);
}

static void
test_grid_overflow (void)
{
  g_autoptr(PfLayout) layout = pf_layout_grid (2480, 3508, 80, 40, 2, 3, NULL, 7, NULL);

  g_assert_cmpuint (layout->n_placed, ==, 6);
  g_assert_cmpuint (layout->n_unplaced, ==, 1);
  g_assert_cmpuint (layout->unplaced[0], ==, 6);
  g_assert_null (pf_layout_lookup (layout, 6));
}

static void
test_grid_edges (void)
{
  g_autoptr(GError) error = NULL;
  PfLayout *layout;

  /* one cell, 1 × 1 grid: the whole content area */
  layout = pf_layout_grid (2480, 3508, 80, 40, 1, 1, NULL, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (layout->n_placed, ==, 1);
  g_assert_cmpint (layout->cells[0].x, ==, 80);
  g_assert_cmpint (layout->cells[0].width, ==, 2320);
  g_assert_cmpint (layout->cells[0].height, ==, 3348);
  pf_layout_free (layout);

  /* no cells */
  layout = pf_layout_grid (2480, 3508, 80, 40, 3, 3, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (layout->n_placed, ==, 0);
  g_assert_cmpuint (layout->n_unplaced, ==, 0);
  g_assert_cmpint (layout->content_width, ==, 2320);
  pf_layout_free (layout);

  /* spacing that leaves no room */
  layout = pf_layout_grid (2480, 3508, 80, 5000, 3, 1, NULL, 3, &error);
  g_assert_null (layout);
  g_assert_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_NO_ROOM);
  g_assert_nonnull (strstr (error->message, "spacing"));
  g_clear_error (&error);

  /* a margin that eats the page */
  layout = pf_layout_grid (2480, 3508, 1240, 0, 1, 1, NULL, 1, &error);
  g_assert_null (layout);
  g_assert_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_NO_ROOM);
  g_assert_nonnull (strstr (error->message, "margin"));
  g_clear_error (&error);

  /* just enough: 2 px of content, two columns of 1 px */
  layout = pf_layout_grid (2480, 3508, 1239, 0, 2, 1, NULL, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (layout->cells[0].width, ==, 1);
  g_assert_cmpint (layout->cells[1].width, ==, 1);
  pf_layout_free (layout);

  /* Every spacing from tight to impossible: an error or honest rectangles. */
  for (int spacing = 0; spacing < 2000; spacing += 37)
    {
      layout = pf_layout_grid (1200, 1800, 50, spacing, 4, 5, NULL, 20, &error);
      if (layout == NULL)
        {
          g_assert_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_NO_ROOM);
          g_clear_error (&error);
          continue;
        }
      assert_sane (layout, 1200, 1800, 50);
      pf_layout_free (layout);
    }
}

/* ---- mosaic -------------------------------------------------------------------------- */

/* Checks a mosaic against its specification, independently of how it was computed. */
static void
check_mosaic (const PfLayout *layout,
              const double   *aspects,
              guint           n,
              int             page_width,
              int             page_height,
              int             margin,
              int             spacing,
              double          tolerance)
{
  int content_w = page_width - 2 * margin, content_h = page_height - 2 * margin;
  int block_left = -1, block_right = -1, top = -1, bottom = -1;
  guint seen[1000] = { 0 };

  g_assert_cmpuint (layout->n_placed, ==, n);
  g_assert_cmpuint (layout->n_unplaced, ==, 0);
  assert_sane (layout, page_width, page_height, margin);

  for (guint i = 0; i < n; i++)
    {
      const PfLayoutCell *c = &layout->cells[i];
      double a = aspects != NULL ? aspects[c->cell_index] : 1.5;

      seen[c->cell_index]++;
      if (tolerance > 0)
        g_assert_cmpfloat (fabs ((double) c->width / c->height / a - 1), <=, tolerance);

      /* Rows: the next cell is either to the right (same row, exact spacing) or starts
       * the next row (exact spacing below, back at the block's left edge). */
      if (i == 0 || c->y != layout->cells[i - 1].y)
        {
          if (i == 0)
            {
              block_left = c->x;
              top = c->y;
            }
          else
            {
              const PfLayoutCell *p = &layout->cells[i - 1];
              g_assert_cmpint (c->y, ==, p->y + p->height + spacing);
              g_assert_cmpint (p->x + p->width, ==, block_right);   /* rows end together */
            }
          g_assert_cmpint (c->x, ==, block_left);                   /* rows start together */
        }
      else
        {
          const PfLayoutCell *p = &layout->cells[i - 1];
          g_assert_cmpint (c->height, ==, p->height);
          g_assert_cmpint (c->x, ==, p->x + p->width + spacing);
        }
      if (i + 1 == n || layout->cells[i + 1].y != c->y)
        {
          if (block_right < 0)
            block_right = c->x + c->width;
          g_assert_cmpint (c->x + c->width, ==, block_right);
        }
      bottom = c->y + c->height;
    }
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (seen[i], ==, 1);

  if (n == 0)
    return;

  /* The block is centred; it spans the full width, or (too tall) the full height. */
  g_assert_cmpint (block_left - margin, ==, (content_w - (block_right - block_left)) / 2);
  g_assert_cmpint (top - margin, ==, (content_h - (bottom - top)) / 2);
  if (block_right - block_left < content_w)
    g_assert_cmpint (bottom - top, >=, content_h - 4 * (int) n);
}

static void
test_mosaic_keeps_aspects (void)
{
  guint32 state = 12345;

  for (guint n = 1; n <= 40; n++)
    {
      double aspects[40];
      g_autoptr(GError) error = NULL;
      g_autoptr(PfLayout) layout = NULL;

      for (guint i = 0; i < n; i++)
        aspects[i] = random_aspect (&state);

      g_test_message ("%u photos", n);
      layout = pf_layout_mosaic (2480, 3508, 80, 40, aspects, n, 0, &error);
      g_assert_no_error (error);
      check_mosaic (layout, aspects, n, 2480, 3508, 80, 40, 0.01);

      /* landscape page, no spacing */
      g_clear_pointer (&layout, pf_layout_free);
      layout = pf_layout_mosaic (3508, 2480, 0, 0, aspects, n, 0, &error);
      g_assert_no_error (error);
      check_mosaic (layout, aspects, n, 3508, 2480, 0, 0, 0.01);
    }
}

static void
test_mosaic_single (void)
{
  const double wide = 1.5, tall = 0.2;
  g_autoptr(PfLayout) a = pf_layout_mosaic (2480, 3508, 80, 40, &wide, 1, 0, NULL);
  g_autoptr(PfLayout) b = pf_layout_mosaic (2480, 3508, 80, 40, &tall, 1, 0, NULL);

  /* A 3:2 photo on a portrait page: full width, centred vertically. */
  g_assert_cmpuint (a->n_placed, ==, 1);
  g_assert_cmpint (a->cells[0].x, ==, 80);
  g_assert_cmpint (a->cells[0].width, ==, 2320);
  g_assert_cmpint (a->cells[0].height, ==, 1547);   /* round (2320 / 1.5) */
  g_assert_cmpint (a->cells[0].y, ==, 80 + (3348 - 1547) / 2);

  /* A 1:5 photo is too tall for full width: full height, centred horizontally. */
  check_mosaic (b, &tall, 1, 2480, 3508, 80, 40, 0.01);
  g_assert_cmpint (b->cells[0].height, >=, 3348 - 5);
  g_assert_cmpint (b->cells[0].height, <=, 3348);
  g_assert_cmpint (b->cells[0].x - 80, ==, (2320 - b->cells[0].width) / 2);
}

static void
test_mosaic_tall_photos_shrink (void)
{
  const double aspects[] = { 0.25, 0.3, 0.2, 0.25 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PfLayout) layout = pf_layout_mosaic (3508, 2480, 60, 20, aspects, 4, 0, &error);

  g_assert_no_error (error);
  check_mosaic (layout, aspects, 4, 3508, 2480, 60, 20, 0.01);
}

static void
test_mosaic_deterministic_and_shuffled (void)
{
  double aspects[12];
  guint32 state = 99;
  g_autoptr(PfLayout) a = NULL;
  g_autoptr(PfLayout) b = NULL;
  g_autoptr(PfLayout) c = NULL;
  g_autoptr(PfLayout) d = NULL;
  gboolean identity = TRUE, same_as_7 = TRUE;

  for (guint i = 0; i < 12; i++)
    aspects[i] = random_aspect (&state);

  /* Seed 0: document order, row by row. */
  a = pf_layout_mosaic (2480, 3508, 80, 40, aspects, 12, 0, NULL);
  for (guint i = 0; i < 12; i++)
    g_assert_cmpuint (a->cells[i].cell_index, ==, i);

  /* Same seed, same output. */
  b = pf_layout_mosaic (2480, 3508, 80, 40, aspects, 12, 7, NULL);
  c = pf_layout_mosaic (2480, 3508, 80, 40, aspects, 12, 7, NULL);
  g_assert_cmpuint (b->n_placed, ==, c->n_placed);
  g_assert_cmpmem (b->cells, b->n_placed * sizeof (PfLayoutCell),
                   c->cells, c->n_placed * sizeof (PfLayoutCell));

  /* Another order, the same photos, still a valid mosaic. */
  check_mosaic (b, aspects, 12, 2480, 3508, 80, 40, 0.01);
  for (guint i = 0; i < 12; i++)
    identity = identity && b->cells[i].cell_index == i;
  g_assert_false (identity);

  d = pf_layout_mosaic (2480, 3508, 80, 40, aspects, 12, 8, NULL);
  for (guint i = 0; i < 12; i++)
    same_as_7 = same_as_7 && b->cells[i].cell_index == d->cells[i].cell_index;
  g_assert_false (same_as_7);
}

static void
test_mosaic_bad_aspects (void)
{
  const double bad[] = { NAN, -1, 0, INFINITY, 1.5 };
  const double fine[] = { 1.5, 1.5, 1.5, 1.5, 1.5 };
  g_autoptr(PfLayout) a = pf_layout_mosaic (2480, 3508, 80, 40, bad, 5, 0, NULL);
  g_autoptr(PfLayout) b = pf_layout_mosaic (2480, 3508, 80, 40, fine, 5, 0, NULL);
  g_autoptr(PfLayout) c = pf_layout_mosaic (2480, 3508, 80, 40, NULL, 5, 0, NULL);

  g_assert_cmpmem (a->cells, 5 * sizeof (PfLayoutCell), b->cells, 5 * sizeof (PfLayoutCell));
  g_assert_cmpmem (c->cells, 5 * sizeof (PfLayoutCell), b->cells, 5 * sizeof (PfLayoutCell));
}

static void
test_mosaic_edges (void)
{
  g_autoptr(GError) error = NULL;
  PfLayout *layout;
  double aspects[1000];
  guint32 state = 7;

  layout = pf_layout_mosaic (2480, 3508, 80, 40, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (layout->n_placed, ==, 0);
  pf_layout_free (layout);

  layout = pf_layout_mosaic (2480, 3508, 1240, 40, NULL, 3, 0, &error);
  g_assert_null (layout);
  g_assert_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_NO_ROOM);
  g_clear_error (&error);

  /* 10 photos, 16384 px between them on an A4 page: one per row cannot fit, nor two. */
  layout = pf_layout_mosaic (2480, 3508, 0, 16384, NULL, 10, 0, &error);
  g_assert_null (layout);
  g_assert_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_NO_ROOM);
  g_clear_error (&error);

  /* Spacing from tight to impossible: an error or honest rectangles. */
  for (int spacing = 0; spacing < 3000; spacing += 111)
    {
      layout = pf_layout_mosaic (1200, 1800, 30, spacing, NULL, 9, 0, &error);
      if (layout == NULL)
        {
          g_assert_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_NO_ROOM);
          g_clear_error (&error);
          continue;
        }
      check_mosaic (layout, NULL, 9, 1200, 1800, 30, spacing, 0);
      pf_layout_free (layout);
    }

  /* The most cells a document may have: valid, if too small to keep aspects to 1 %. */
  for (guint i = 0; i < 1000; i++)
    aspects[i] = random_aspect (&state);
  layout = pf_layout_mosaic (2480, 3508, 80, 10, aspects, 1000, 3, &error);
  g_assert_no_error (error);
  check_mosaic (layout, aspects, 1000, 2480, 3508, 80, 10, 0.25);
  pf_layout_free (layout);
}

/* ---- from a document ----------------------------------------------------------------- */

static void
test_compute_from_document (void)
{
  g_autoptr(PfDocument) document = pf_document_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PfLayout) grid = NULL;
  g_autoptr(PfLayout) mosaic = NULL;
  const double aspects[] = { 0.75, 2.0 };

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(PfCell) cell = pf_cell_new (NULL);
      if (i == 0)
        pf_cell_set_span (cell, 2, 1);
      pf_document_add_cell (document, cell, NULL);
    }

  /* Grid 3 rows × 2 columns, first cell spanning both columns. */
  grid = pf_layout_compute (document, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (grid->n_placed, ==, 4);
  g_assert_cmpint (pf_layout_lookup (grid, 0)->width, ==, 2320);
  g_assert_cmpint (pf_layout_lookup (grid, 1)->y, ==, pf_layout_lookup (grid, 2)->y);
  assert_sane (grid, 2480, 3508, 80);

  /* Hit testing */
  for (guint i = 0; i < grid->n_placed; i++)
    {
      const PfLayoutCell *c = &grid->cells[i];
      g_assert_cmpint (pf_layout_cell_at (grid, c->x + c->width / 2, c->y + c->height / 2), ==,
                       (int) c->cell_index);
    }
  g_assert_cmpint (pf_layout_cell_at (grid, 10, 10), ==, -1);   /* margin */
  g_assert_cmpint (pf_layout_cell_at (grid, 1240, pf_layout_lookup (grid, 1)->y + 5), ==, -1);

  /* Mosaic: aspects for the first two; the others count as 3:2. */
  pf_document_set_layout_type (document, PF_LAYOUT_MOSAIC);
  mosaic = pf_layout_compute (document, aspects, 2, &error);
  g_assert_no_error (error);
  {
    const double all[] = { 0.75, 2.0, 1.5, 1.5 };
    check_mosaic (mosaic, all, 4, 2480, 3508, 80, 40, 0.01);
  }

  /* No room is an error naming what to change. */
  pf_document_set_margin (document, 5000);
  g_clear_pointer (&mosaic, pf_layout_free);
  mosaic = pf_layout_compute (document, aspects, 2, &error);
  g_assert_null (mosaic);
  g_assert_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_NO_ROOM);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/layout/grid/regular-cells-tile-the-content-exactly", test_grid_regular);
  g_test_add_func ("/layout/grid/spans-cover-tracks-and-spacing", test_grid_spans);
  g_test_add_func ("/layout/grid/first-free-slot-where-the-span-fits",
                   test_grid_dense_placement);
  g_test_add_func ("/layout/grid/span-clamped-to-the-grid", test_grid_span_clamped);
  g_test_add_func ("/layout/grid/overflow-reported", test_grid_overflow);
  g_test_add_func ("/layout/grid/edges", test_grid_edges);
  g_test_add_func ("/layout/mosaic/keeps-aspects-full-rows-exact-spacing",
                   test_mosaic_keeps_aspects);
  g_test_add_func ("/layout/mosaic/single-photo", test_mosaic_single);
  g_test_add_func ("/layout/mosaic/tall-photos-shrink-the-block", test_mosaic_tall_photos_shrink);
  g_test_add_func ("/layout/mosaic/deterministic-and-shuffled",
                   test_mosaic_deterministic_and_shuffled);
  g_test_add_func ("/layout/mosaic/bad-aspects-count-as-3-2", test_mosaic_bad_aspects);
  g_test_add_func ("/layout/mosaic/edges", test_mosaic_edges);
  g_test_add_func ("/layout/document/grid-mosaic-hit-test", test_compute_from_document);

  return g_test_run ();
}
