/* pf-pool.c — scratch images handed out by minimum size
 *
 * The seed's pattern: allocate oversized buffers once and change their logical size,
 * so that a steady stream of ops allocates nothing. Requests are served best-fit from
 * the idle list; new scratch is rounded up so that neighbouring sizes share it.
 */
#include "pf-private.h"

#include <stdlib.h>

/* Idle images kept: a page's worth of cached cells, shadows and scratch, with room. */
#define PF_POOL_MAX_IDLE 64

struct _PfPool
{
  PfContext *ctx;
  PfImage *idle;   /* singly linked through pool_next */
  size_t idle_count;
};

PfPool *
pf_pool_new (PfContext *ctx)
{
  PfPool *pool = calloc (1, sizeof *pool);
  if (pool != NULL)
    pool->ctx = ctx;
  return pool;
}

void
pf_pool_destroy (PfPool *pool)
{
  if (pool == NULL)
    return;
  pf_pool_trim (pool);
  free (pool);
}

static int
round_up (int v, int to)
{
  int r = (v + to - 1) / to * to;
  return r <= PF_MAX_DIMENSION ? r : PF_MAX_DIMENSION;
}

PfStatus
pf_pool_acquire (PfPool *pool, int width, int height, PfImage **out)
{
  if (pool == NULL || out == NULL)
    return PF_ERROR_INVALID_ARGUMENT;
  *out = NULL;
  PfStatus status = pf_check_size (width, height);
  if (status != PF_OK)
    return status;

  size_t need = (size_t) width * (size_t) height;
  PfImage **best = NULL;
  for (PfImage **link = &pool->idle; *link != NULL; link = &(*link)->pool_next)
    if ((*link)->capacity >= need && (best == NULL || (*link)->capacity < (*best)->capacity))
      best = link;

  if (best != NULL)
    {
      PfImage *image = *best;
      *best = image->pool_next;
      image->pool_next = NULL;
      image->in_pool = false;
      pool->idle_count--;
      image->width = width;
      image->height = height;
      *out = image;
      return PF_OK;
    }

  /* Round to 64 px so that a cell resized by a few pixels reuses its scratch. */
  PfImage *image = NULL;
  int cap_w = round_up (width, 64), cap_h = round_up (height, 64);
  if (pf_check_size (cap_w, cap_h) != PF_OK)
    {
      cap_w = width;
      cap_h = height;
    }
  status = pf_image_create (pool->ctx, cap_w, cap_h, &image);
  if (status != PF_OK && (cap_w != width || cap_h != height))
    status = pf_image_create (pool->ctx, width, height, &image);
  if (status != PF_OK)
    return status;
  image->width = width;
  image->height = height;
  *out = image;
  return PF_OK;
}

void
pf_pool_release (PfPool *pool, PfImage *image)
{
  if (pool == NULL || image == NULL || image->in_pool || image->ctx != pool->ctx)
    return;
  image->in_pool = true;
  image->pool_next = pool->idle;
  pool->idle = image;
  pool->idle_count++;

  /* Bounded: past PF_POOL_MAX_IDLE the image idle longest goes (the list is newest first). */
  if (pool->idle_count > PF_POOL_MAX_IDLE)
    {
      PfImage **link = &pool->idle;
      while ((*link)->pool_next != NULL)
        link = &(*link)->pool_next;
      PfImage *oldest = *link;
      *link = NULL;
      pool->idle_count--;
      pf_image_destroy (oldest);
    }
}

void
pf_pool_trim (PfPool *pool)
{
  if (pool == NULL)
    return;
  /* Unlink first: destroying may re-enter the allocator, which may trim again. */
  PfImage *list = pool->idle;
  pool->idle = NULL;
  pool->idle_count = 0;
  while (list != NULL)
    {
      PfImage *next = list->pool_next;
      pf_image_destroy (list);
      list = next;
    }
}

size_t
pf_pool_get_idle_count (const PfPool *pool)
{
  return pool != NULL ? pool->idle_count : 0;
}
