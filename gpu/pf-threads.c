/* pf-threads.c — a small persistent worker pool for the CPU backend
 *
 * Workers sleep on a condition variable; a job is a row range cut into chunks that
 * the workers and the calling thread take from an atomic counter until none are left.
 */
#include "pf-private.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

struct _PfThreads
{
  int count;              /* workers, not counting the caller */
  pthread_t *workers;
  pthread_mutex_t lock;
  pthread_cond_t wake;
  pthread_cond_t done;
  unsigned long generation;
  int busy;               /* workers still inside the current job */
  bool quit;

  /* the current job */
  PfRowFunc fn;
  void *data;
  int rows;
  int chunk;
  atomic_int next;
};

static void
run_chunks (PfThreads *t)
{
  for (;;)
    {
      int y0 = atomic_fetch_add (&t->next, t->chunk);
      if (y0 >= t->rows)
        break;
      int y1 = y0 + t->chunk < t->rows ? y0 + t->chunk : t->rows;
      t->fn (t->data, y0, y1);
    }
}

static void *
worker_main (void *arg)
{
  PfThreads *t = arg;
  unsigned long seen = 0;

  pthread_mutex_lock (&t->lock);
  for (;;)
    {
      while (!t->quit && t->generation == seen)
        pthread_cond_wait (&t->wake, &t->lock);
      if (t->quit)
        break;
      seen = t->generation;
      pthread_mutex_unlock (&t->lock);

      run_chunks (t);

      pthread_mutex_lock (&t->lock);
      if (--t->busy == 0)
        pthread_cond_signal (&t->done);
    }
  pthread_mutex_unlock (&t->lock);
  return NULL;
}

PfThreads *
pf_threads_new (int count)
{
  PfThreads *t = calloc (1, sizeof *t);
  if (t == NULL)
    return NULL;
  pthread_mutex_init (&t->lock, NULL);
  pthread_cond_init (&t->wake, NULL);
  pthread_cond_init (&t->done, NULL);
  atomic_init (&t->next, 0);

  /* The caller works too, so count − 1 extra threads. */
  t->workers = calloc (count > 1 ? (size_t) count - 1 : 1, sizeof (pthread_t));
  if (t->workers == NULL)
    {
      pf_threads_free (t);
      return NULL;
    }
  for (int i = 0; i < count - 1; i++)
    {
      if (pthread_create (&t->workers[i], NULL, worker_main, t) != 0)
        break;  /* fewer workers still work */
      t->count++;
    }
  return t;
}

void
pf_threads_free (PfThreads *t)
{
  if (t == NULL)
    return;
  pthread_mutex_lock (&t->lock);
  t->quit = true;
  pthread_cond_broadcast (&t->wake);
  pthread_mutex_unlock (&t->lock);
  for (int i = 0; i < t->count; i++)
    pthread_join (t->workers[i], NULL);
  pthread_cond_destroy (&t->wake);
  pthread_cond_destroy (&t->done);
  pthread_mutex_destroy (&t->lock);
  free (t->workers);
  free (t);
}

int
pf_threads_get_count (const PfThreads *t)
{
  return t->count + 1;
}

void
pf_threads_run (PfThreads *t, int rows, int chunk, PfRowFunc fn, void *data)
{
  if (t->count == 0 || rows <= chunk)
    {
      fn (data, 0, rows);
      return;
    }

  pthread_mutex_lock (&t->lock);
  t->fn = fn;
  t->data = data;
  t->rows = rows;
  t->chunk = chunk;
  atomic_store (&t->next, 0);
  t->busy = t->count;
  t->generation++;
  pthread_cond_broadcast (&t->wake);
  pthread_mutex_unlock (&t->lock);

  run_chunks (t);

  pthread_mutex_lock (&t->lock);
  while (t->busy > 0)
    pthread_cond_wait (&t->done, &t->lock);
  pthread_mutex_unlock (&t->lock);
}

void
pf_parallel_rows (PfContext *ctx, int rows, size_t cost_per_row, PfRowFunc fn, void *data)
{
  if (rows <= 0)
    return;
  /* Below ~64k pixel operations a wake-up costs more than it saves. */
  size_t total = (size_t) rows * (cost_per_row ? cost_per_row : 1);
  if (ctx->threads == NULL || total < 65536)
    {
      fn (data, 0, rows);
      return;
    }
  int n = pf_threads_get_count (ctx->threads);
  /* Four chunks per thread balance uneven rows without much counter traffic. */
  int chunk = (rows + 4 * n - 1) / (4 * n);
  if (chunk < 1)
    chunk = 1;
  pf_threads_run (ctx->threads, rows, chunk, fn, data);
}
