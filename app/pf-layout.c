/* pf-layout.c — where the cells go: grid and mosaic geometry */
#define G_LOG_DOMAIN "pf-layout"

#include "config.h"

#include <glib/gi18n.h>

#include "pf-layout.h"

#include <math.h>
#include <string.h>

static PfLayout *
layout_new (guint n_cells)
{
  PfLayout *layout = g_new0 (PfLayout, 1);

  layout->cells = g_new0 (PfLayoutCell, MAX (n_cells, 1));
  layout->unplaced = g_new0 (guint, MAX (n_cells, 1));
  return layout;
}

void
pf_layout_free (PfLayout *layout)
{
  if (layout == NULL)
    return;
  g_free (layout->cells);
  g_free (layout->unplaced);
  g_free (layout);
}

const PfLayoutCell *
pf_layout_lookup (const PfLayout *layout,
                  guint           cell_index)
{
  g_return_val_if_fail (layout != NULL, NULL);

  for (guint i = 0; i < layout->n_placed; i++)
    if (layout->cells[i].cell_index == cell_index)
      return &layout->cells[i];
  return NULL;
}

int
pf_layout_cell_at (const PfLayout *layout,
                   int             x,
                   int             y)
{
  g_return_val_if_fail (layout != NULL, -1);

  for (guint i = 0; i < layout->n_placed; i++)
    {
      const PfLayoutCell *c = &layout->cells[i];

      if (x >= c->x && x < c->x + c->width && y >= c->y && y < c->y + c->height)
        return (int) c->cell_index;
    }
  return -1;
}

/* The page inside the margin; FALSE (with an error) when nothing is left of it. */
static gboolean
content_area (PfLayout  *layout,
              int        page_width,
              int        page_height,
              int        margin,
              int        spacing,
              GError   **error)
{
  if (!pf_page_size_is_valid (page_width, page_height))
    {
      g_set_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_INVALID,
                   _("page: %d × %d pixels is not a valid page size"),
                   page_width, page_height);
      return FALSE;
    }
  if (margin < 0 || spacing < 0)
    {
      g_set_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_INVALID,
                   _("layout: margin and spacing must not be negative"));
      return FALSE;
    }

  layout->content_x = margin;
  layout->content_y = margin;
  layout->content_width = page_width - 2 * margin;
  layout->content_height = page_height - 2 * margin;
  if (layout->content_width < 1 || layout->content_height < 1)
    {
      g_set_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_NO_ROOM,
                   _("layout.margin: a margin of %d pixels leaves no room on a %d × %d page"),
                   margin, page_width, page_height);
      layout->content_width = MAX (layout->content_width, 0);
      layout->content_height = MAX (layout->content_height, 0);
      return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------------------------------------
 * Grid
 */

/* Track @i of @n over @length pixels with @spacing between tracks: [start, end). The
 * spare pixels of length − gaps go one each to evenly spread tracks. */
static void
track (int  length,
       int  n,
       int  spacing,
       int  i,
       int *start,
       int *end)
{
  gint64 avail = length - (gint64) (n - 1) * spacing;

  *start = (int) (i * avail / n) + i * spacing;
  *end = (int) ((i + 1) * avail / n) + i * spacing;
}

PfLayout *
pf_layout_grid (int         page_width,
                int         page_height,
                int         margin,
                int         spacing,
                int         columns,
                int         rows,
                const int  *spans,
                guint       n_cells,
                GError    **error)
{
  g_autoptr(PfLayout) layout = NULL;
  g_autofree guint8 *used = NULL;
  gboolean failed[PF_CELL_MAX_SPAN + 1][PF_CELL_MAX_SPAN + 1];
  int free_slots;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  layout = layout_new (n_cells);
  if (!content_area (layout, page_width, page_height, margin, spacing, error))
    return NULL;

  if (columns < 1 || columns > PF_DOCUMENT_MAX_COLUMNS ||
      rows < 1 || rows > PF_DOCUMENT_MAX_ROWS)
    {
      g_set_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_INVALID,
                   _("layout: the grid must have 1 to %d rows and 1 to %d columns"),
                   PF_DOCUMENT_MAX_ROWS, PF_DOCUMENT_MAX_COLUMNS);
      return NULL;
    }
  /* Every track at least one pixel wide. */
  if (layout->content_width - (gint64) (columns - 1) * spacing < columns ||
      layout->content_height - (gint64) (rows - 1) * spacing < rows)
    {
      g_set_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_NO_ROOM,
                   _("layout.spacing: %d × %d cells with %d pixels between them do not fit "
                     "in %d × %d pixels"),
                   columns, rows, spacing, layout->content_width, layout->content_height);
      return NULL;
    }

  used = g_new0 (guint8, (gsize) rows * columns);
  memset (failed, 0, sizeof failed);
  free_slots = rows * columns;

  for (guint i = 0; i < n_cells; i++)
    {
      int span_c = spans != NULL ? CLAMP (spans[2 * i], 1, columns) : 1;
      int span_r = spans != NULL ? CLAMP (spans[2 * i + 1], 1, rows) : 1;
      gboolean placed = FALSE;

      /* The grid only fills up, so a span that found no room never will. */
      if (span_c * span_r <= free_slots && !failed[span_c][span_r])
        {
          for (int r = 0; r + span_r <= rows && !placed; r++)
            for (int c = 0; c + span_c <= columns && !placed; c++)
              {
                gboolean fits = TRUE;

                for (int dr = 0; dr < span_r && fits; dr++)
                  for (int dc = 0; dc < span_c && fits; dc++)
                    fits = !used[(r + dr) * columns + c + dc];
                if (!fits)
                  continue;

                for (int dr = 0; dr < span_r; dr++)
                  for (int dc = 0; dc < span_c; dc++)
                    used[(r + dr) * columns + c + dc] = 1;
                free_slots -= span_c * span_r;

                {
                  PfLayoutCell *cell = &layout->cells[layout->n_placed++];
                  int x0, x1, y0, y1, unused;

                  track (layout->content_width, columns, spacing, c, &x0, &unused);
                  track (layout->content_width, columns, spacing, c + span_c - 1, &unused, &x1);
                  track (layout->content_height, rows, spacing, r, &y0, &unused);
                  track (layout->content_height, rows, spacing, r + span_r - 1, &unused, &y1);
                  cell->x = layout->content_x + x0;
                  cell->y = layout->content_y + y0;
                  cell->width = x1 - x0;
                  cell->height = y1 - y0;
                  cell->cell_index = i;
                }
                placed = TRUE;
              }
        }

      if (!placed)
        {
          failed[span_c][span_r] = TRUE;
          layout->unplaced[layout->n_unplaced++] = i;
        }
    }

  return g_steal_pointer (&layout);
}

/* ---------------------------------------------------------------------------------------
 * Mosaic
 */

/* splitmix64: a fixed generator, so a seed means the same order everywhere. */
static guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static void
shuffle (guint   *order,
         guint    n,
         guint32  seed)
{
  guint64 state = seed;

  for (guint i = 0; i < n; i++)
    order[i] = i;
  if (seed == 0)
    return;
  for (guint i = n; i > 1; i--)
    {
      guint j = (guint) (splitmix64 (&state) % i);
      guint t = order[i - 1];
      order[i - 1] = order[j];
      order[j] = t;
    }
}

static double
sanitize_aspect (double a)
{
  if (!isfinite (a) || a <= 0)
    return PF_LAYOUT_DEFAULT_ASPECT;
  return CLAMP (a, PF_LAYOUT_MIN_ASPECT, PF_LAYOUT_MAX_ASPECT);
}

typedef struct
{
  guint n;              /* photos */
  const double *prefix; /* prefix[i] = sum of the first i aspects, in mosaic order */
  double width;         /* content width */
  double height;        /* content height */
  double spacing;
} Mosaic;

/* Row breaks for rows near @target pixels high: minimal Σ ((h − target) / target)².
 * @breaks[k] is where row k starts; returns the number of rows. */
static guint
partition (const Mosaic *m,
           double        target,
           double       *cost,
           guint        *prev,
           guint        *breaks)
{
  guint n_rows = 0;

  cost[0] = 0;
  for (guint j = 1; j <= m->n; j++)
    {
      cost[j] = INFINITY;
      prev[j] = j - 1;
      for (guint i = j; i-- > 0;)
        {
          guint count = j - i;
          double row_width = m->width - (count - 1) * m->spacing;
          double h, d, c;

          if (row_width < count)   /* not a pixel per photo: longer rows are worse */
            break;
          h = row_width / (m->prefix[j] - m->prefix[i]);
          d = (h - target) / target;
          c = cost[i] + d * d;
          if (c < cost[j])
            {
              cost[j] = c;
              prev[j] = i;
            }
          if (h < target / 4)      /* rows only get flatter from here */
            break;
        }
    }

  /* Walk back; then reverse into breaks[]. */
  for (guint j = m->n; j > 0; j = prev[j])
    breaks[n_rows++] = prev[j];
  for (guint a = 0, b = n_rows - 1; a < b; a++, b--)
    {
      guint t = breaks[a];
      breaks[a] = breaks[b];
      breaks[b] = t;
    }
  return n_rows;
}

/* The block width at which rows @breaks are exactly the content height; the content width
 * if they are not taller than it at full width. 0 when no width works. */
static double
block_width (const Mosaic *m,
             const guint  *breaks,
             guint         n_rows)
{
  double total = (n_rows - 1) * m->spacing;
  double inverse = 0, fixed = 0, width;

  for (guint k = 0; k < n_rows; k++)
    {
      guint start = breaks[k], end = k + 1 < n_rows ? breaks[k + 1] : m->n;
      double a = m->prefix[end] - m->prefix[start];
      double gaps = (end - start - 1) * m->spacing;

      if (m->width - gaps < end - start)
        return 0;
      total += (m->width - gaps) / a;
      inverse += 1 / a;
      fixed += gaps / a;
    }
  if (total <= m->height)
    return m->width;

  /* Σ (W' − gaps_k) / A_k + (rows − 1) s = H, solved for W'. */
  width = (m->height - (n_rows - 1) * m->spacing + fixed) / inverse;
  for (guint k = 0; k < n_rows; k++)
    {
      guint start = breaks[k], end = k + 1 < n_rows ? breaks[k + 1] : m->n;
      if (width - (end - start - 1) * m->spacing < end - start)
        return 0;
    }
  return width;
}

/* How much of the content area the rows cover at @width (0..1). */
static double
coverage (const Mosaic *m,
          const guint  *breaks,
          guint         n_rows,
          double        width)
{
  double total = (n_rows - 1) * m->spacing;

  if (width <= 0)
    return 0;
  if (width < m->width)
    return width / m->width;
  for (guint k = 0; k < n_rows; k++)
    {
      guint start = breaks[k], end = k + 1 < n_rows ? breaks[k + 1] : m->n;
      total += (width - (end - start - 1) * m->spacing) / (m->prefix[end] - m->prefix[start]);
    }
  return total / m->height;
}

/* Places rows @breaks in a block @width pixels wide; FALSE when they are taller than the
 * content or a photo would get no pixel. */
static gboolean
place_rows (PfLayout     *layout,
            const Mosaic *m,
            const double *aspect,  /* in mosaic order */
            const guint  *order,
            const guint  *breaks,
            guint         n_rows,
            int           width)
{
  int spacing = (int) m->spacing;
  int y = 0, total;
  int x0 = layout->content_x + (layout->content_width - width) / 2;

  layout->n_placed = 0;
  for (guint k = 0; k < n_rows; k++)
    {
      guint start = breaks[k], end = k + 1 < n_rows ? breaks[k + 1] : m->n;
      guint count = end - start;
      gint64 row_width = width - (gint64) (count - 1) * spacing;
      double a = m->prefix[end] - m->prefix[start];
      int row_height, left = 0;
      double cumulative = 0;

      if (row_width < count)
        return FALSE;
      row_height = MAX (1, (int) lround (row_width / a));

      for (guint t = start; t < end; t++)
        {
          PfLayoutCell *cell = &layout->cells[layout->n_placed++];
          int right;

          /* Cumulative rounding: the row's widths add up to row_width exactly. */
          cumulative += aspect[t];
          right = t + 1 == end ? (int) row_width
                               : (int) lround (row_width * cumulative / a);
          /* Each photo keeps at least a pixel, and leaves one for each after it. */
          right = CLAMP (right, left + 1, (int) row_width - (int) (end - t - 1));
          cell->x = x0 + left + (int) (t - start) * spacing;
          cell->y = y;
          cell->width = right - left;
          cell->height = row_height;
          cell->cell_index = order[t];
          left = right;
        }
      y += row_height + (k + 1 < n_rows ? spacing : 0);
    }

  total = y;
  if (total > layout->content_height)
    return FALSE;

  /* Centre the block vertically in the content area. */
  for (guint i = 0; i < layout->n_placed; i++)
    layout->cells[i].y += layout->content_y + (layout->content_height - total) / 2;
  return TRUE;
}

PfLayout *
pf_layout_mosaic (int            page_width,
                  int            page_height,
                  int            margin,
                  int            spacing,
                  const double  *aspects,
                  guint          n_cells,
                  guint32        seed,
                  GError       **error)
{
  g_autoptr(PfLayout) layout = NULL;
  g_autofree guint *order = NULL;
  g_autofree double *aspect = NULL;
  g_autofree double *prefix = NULL;
  g_autofree double *cost = NULL;
  g_autofree guint *prev = NULL;
  g_autofree guint *breaks = NULL;
  g_autofree guint *best_breaks = NULL;
  guint best_rows = 0, since_best = 0;
  double best_coverage = -1, best_width = 0;
  Mosaic m;
  int width;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  layout = layout_new (n_cells);
  if (!content_area (layout, page_width, page_height, margin, spacing, error))
    return NULL;
  if (n_cells == 0)
    return g_steal_pointer (&layout);

  order = g_new (guint, n_cells);
  aspect = g_new (double, n_cells);
  prefix = g_new (double, n_cells + 1);
  cost = g_new (double, n_cells + 1);
  prev = g_new (guint, n_cells + 1);
  breaks = g_new (guint, n_cells);
  best_breaks = g_new (guint, n_cells);

  shuffle (order, n_cells, seed);
  prefix[0] = 0;
  for (guint i = 0; i < n_cells; i++)
    {
      aspect[i] = sanitize_aspect (aspects != NULL ? aspects[order[i]]
                                                   : PF_LAYOUT_DEFAULT_ASPECT);
      prefix[i + 1] = prefix[i] + aspect[i];
    }

  m.n = n_cells;
  m.prefix = prefix;
  m.width = layout->content_width;
  m.height = layout->content_height;
  m.spacing = spacing;

  /* One candidate per number of rows aimed at; keep the one that covers most. Coverage
   * rises to a peak and falls after it, so stop a while past the best. */
  for (guint k = 1; k <= n_cells && since_best < 16; k++)
    {
      double target = (m.height - (k - 1) * m.spacing) / k;
      double w, c;
      guint n_rows;

      if (target < 1)
        break;
      n_rows = partition (&m, target, cost, prev, breaks);
      w = block_width (&m, breaks, n_rows);
      c = coverage (&m, breaks, n_rows, w);
      if (c > best_coverage + 1e-9)
        {
          best_coverage = c;
          best_width = w;
          best_rows = n_rows;
          memcpy (best_breaks, breaks, n_rows * sizeof (guint));
          since_best = 0;
        }
      else
        since_best++;
    }

  /* Rounding may add a pixel or two of height: narrow the block until it fits. */
  if (best_coverage > 0)
    for (width = (int) floor (best_width); width >= 1; width--)
      if (place_rows (layout, &m, aspect, order, best_breaks, best_rows, width))
        return g_steal_pointer (&layout);

  g_set_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_NO_ROOM,
               _("layout.spacing: %u photos with %d pixels between them do not fit in "
                 "%d × %d pixels"),
               n_cells, spacing, layout->content_width, layout->content_height);
  return NULL;
}

/* ---------------------------------------------------------------------------------------
 * Document
 */

PfLayout *
pf_layout_compute (PfDocument    *document,
                   const double  *aspects,
                   guint          n_aspects,
                   GError       **error)
{
  guint n = 0;

  g_return_val_if_fail (PF_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n = pf_document_get_n_cells (document);

  if (pf_document_get_layout_type (document) == PF_LAYOUT_MOSAIC)
    {
      g_autofree double *all = g_new (double, MAX (n, 1));

      for (guint i = 0; i < n; i++)
        all[i] = aspects != NULL && i < n_aspects ? aspects[i] : PF_LAYOUT_DEFAULT_ASPECT;
      return pf_layout_mosaic (pf_document_get_width (document),
                               pf_document_get_height (document),
                               pf_document_get_margin (document),
                               pf_document_get_spacing (document),
                               all, n, pf_document_get_mosaic_seed (document), error);
    }
  else
    {
      g_autofree int *spans = g_new (int, 2 * MAX (n, 1));

      for (guint i = 0; i < n; i++)
        {
          PfCell *cell = pf_document_get_cell (document, i);
          spans[2 * i] = pf_cell_get_span_columns (cell);
          spans[2 * i + 1] = pf_cell_get_span_rows (cell);
        }
      return pf_layout_grid (pf_document_get_width (document),
                             pf_document_get_height (document),
                             pf_document_get_margin (document),
                             pf_document_get_spacing (document),
                             pf_document_get_columns (document),
                             pf_document_get_rows (document),
                             spans, n, error);
    }
}
