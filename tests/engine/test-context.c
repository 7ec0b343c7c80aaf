/* test-context.c — contexts, images, capacity, the pool, transfers */
#include "pf-test-utils.h"

#include <stdlib.h>
#include <string.h>

static void
test_context_auto_says_which (void)
{
  PfContext *ctx = NULL;
  pf_assert_ok (pf_context_create (PF_BACKEND_AUTO, &ctx));
  const char *desc = pf_context_describe (ctx);
  if (pf_context_get_backend (ctx) == PF_BACKEND_CPU)
    {
      g_assert_true (g_str_has_prefix (desc, "CPU: "));
      g_assert_nonnull (strstr (desc, "no CUDA device"));
    }
  else
    g_assert_true (g_str_has_prefix (desc, "CUDA: "));
  pf_context_destroy (ctx);
}

static void
test_context_cuda_absent_is_an_error (void)
{
  PfContext *ctx = NULL;
  PfStatus status = pf_context_create (PF_BACKEND_CUDA, &ctx);
  if (status == PF_OK)
    {
      g_assert_cmpint (pf_context_get_backend (ctx), ==, PF_BACKEND_CUDA);
      pf_context_destroy (ctx);
      g_test_skip ("a CUDA device is present");
      return;
    }
  g_assert_cmpint (status, ==, PF_ERROR_NO_DEVICE);
  g_assert_null (ctx);
}

static void
test_context_invalid_arguments (void)
{
  PfContext *ctx = NULL;
  g_assert_cmpint (pf_context_create (PF_BACKEND_CPU, NULL), ==, PF_ERROR_INVALID_ARGUMENT);
  g_assert_cmpint (pf_context_create ((PfBackend) 42, &ctx), ==, PF_ERROR_INVALID_ARGUMENT);
  g_assert_null (ctx);
  PfContextOptions bad = { .backend = PF_BACKEND_CPU, .cpu_threads = -3 };
  g_assert_cmpint (pf_context_create_with_options (&bad, &ctx), ==, PF_ERROR_INVALID_ARGUMENT);
  pf_context_destroy (NULL);
  g_assert_cmpint (pf_context_finish (NULL), ==, PF_ERROR_INVALID_ARGUMENT);
}

static void
test_context_threads (void)
{
  PfContextOptions options = { .backend = PF_BACKEND_CPU, .cpu_threads = 3 };
  PfContext *ctx = NULL;
  pf_assert_ok (pf_context_create_with_options (&options, &ctx));
  g_assert_cmpint (pf_context_get_cpu_threads (ctx), ==, 3);
  g_assert_nonnull (strstr (pf_context_describe (ctx), "3 threads"));
  pf_context_destroy (ctx);
}

static void
test_status_strings (void)
{
  for (int s = PF_OK; s <= PF_ERROR_WRONG_CONTEXT; s++)
    {
      const char *text = pf_status_to_string ((PfStatus) s);
      g_assert_nonnull (text);
      g_assert_cmpstr (text, !=, "unknown status");
    }
  g_assert_cmpstr (pf_status_to_string ((PfStatus) 999), ==, "unknown status");
}

static void
test_image_is_zeroed (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  PfImage *image = NULL;
  pf_assert_ok (pf_image_create (ctx, 37, 11, &image));
  g_assert_cmpint (pf_image_get_width (image), ==, 37);
  g_assert_cmpint (pf_image_get_height (image), ==, 11);
  g_assert_cmpuint (pf_image_get_stride (image), ==, 37 * 4);
  g_assert_cmpuint (pf_image_get_capacity (image), ==, 37 * 11);
  g_assert_true (pf_image_get_context (image) == ctx);
  g_autofree guint8 *px = pf_test_download (ctx, image);
  for (int i = 0; i < 37 * 11 * 4; i++)
    g_assert_cmpuint (px[i], ==, 0);
  pf_image_destroy (image);
  pf_context_destroy (ctx);
}

static void
test_image_bad_sizes (void)
{
  PfContext *ctx = pf_test_cpu_context ();
  PfImage *image = NULL;
  g_assert_cmpint (pf_image_create (ctx, 0, 10, &image), ==, PF_ERROR_INVALID_ARGUMENT);
  g_assert_cmpint (pf_image_create (ctx, 10, -1, &image), ==, PF_ERROR_INVALID_ARGUMENT);
  g_assert_cmpint (pf_image_create (ctx, 100000, 100000, &image), ==, PF_ERROR_TOO_LARGE);
  g_assert_cmpint (pf_image_create (ctx, 32768, 32768, &image), ==, PF_ERROR_TOO_LARGE);
  g_assert_cmpint (pf_image_create (ctx, 40000, 1, &image), ==, PF_ERROR_TOO_LARGE);
  g_assert_cmpint (pf_image_create (NULL, 10, 10, &image), ==, PF_ERROR_INVALID_ARGUMENT);
  g_assert_cmpint (pf_image_create (ctx, 10, 10, NULL), ==, PF_ERROR_INVALID_ARGUMENT);
  g_assert_null (image);
  g_assert_cmpint (pf_image_set_size (NULL, 1, 1), ==, PF_ERROR_INVALID_ARGUMENT);
  pf_image_destroy (NULL);
  pf_context_destroy (ctx);
}

static void
test_image_capacity (void)
{
  PfContext *ctx = pf_test_cpu_context ();
  PfImage *image = NULL;
  pf_assert_ok (pf_image_create (ctx, 500, 500, &image));
  /* Metadata only: any shape whose pixel count fits. */
  pf_assert_ok (pf_image_set_size (image, 80, 60));
  g_assert_cmpint (pf_image_get_width (image), ==, 80);
  g_assert_cmpuint (pf_image_get_stride (image), ==, 320);
  pf_assert_ok (pf_image_set_size (image, 1000, 250));
  pf_assert_ok (pf_image_set_size (image, 1, 1));
  g_assert_cmpint (pf_image_set_size (image, 501, 500), ==, PF_ERROR_CAPACITY);
  g_assert_cmpint (pf_image_get_width (image), ==, 1);
  g_assert_cmpint (pf_image_set_size (image, 0, 5), ==, PF_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (pf_image_get_capacity (image), ==, 250000);
  pf_image_destroy (image);
  pf_context_destroy (ctx);
}

static void
test_image_round_trip_with_stride (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  const int w = 13, h = 7, stride = 13 * 4 + 12;
  guint8 src[7 * (13 * 4 + 12)], back[7 * (13 * 4 + 12)];
  for (gsize i = 0; i < sizeof src; i++)
    src[i] = (guint8) (i * 7 + 3);
  memset (back, 0xee, sizeof back);
  PfImage *image = NULL;
  pf_assert_ok (pf_image_create (ctx, w, h, &image));
  pf_assert_ok (pf_image_upload (ctx, image, src, stride));
  pf_assert_ok (pf_image_download (ctx, image, back, stride));
  for (int y = 0; y < h; y++)
    {
      g_assert_cmpmem (back + y * stride, w * 4, src + y * stride, w * 4);
      /* the padding of each row is left alone */
      g_assert_cmpuint (back[y * stride + w * 4], ==, 0xee);
    }
  g_assert_cmpint (pf_image_upload (ctx, image, src, w * 4 - 1), ==, PF_ERROR_INVALID_ARGUMENT);
  g_assert_cmpint (pf_image_upload (ctx, image, NULL, w * 4), ==, PF_ERROR_INVALID_ARGUMENT);
  pf_image_destroy (image);
  pf_context_destroy (ctx);
}

static void
test_image_large_round_trip (void)
{
  /* Larger than one staging band on CUDA, so the pipelined path runs. */
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  const int w = 2500, h = 3000;
  g_autofree guint8 *src = pf_test_pixels_random (w, h, 5, FALSE);
  PfImage *image = pf_test_image_from (ctx, w, h, src);
  g_autofree guint8 *back = pf_test_download (ctx, image);
  g_assert_true (memcmp (src, back, (gsize) w * h * 4) == 0);
  pf_image_destroy (image);
  pf_context_destroy (ctx);
}

static void
test_host_memory_downloads (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  const int w = 300, h = 200;
  g_autofree guint8 *src = pf_test_pixels_random (w, h, 3, FALSE);
  PfImage *image = pf_test_image_from (ctx, w, h, src);
  guint8 *host = NULL;
  pf_assert_ok (pf_host_alloc (ctx, (gsize) w * h * 4, (void **) &host));
  g_assert_nonnull (host);
  g_assert_cmpuint ((guintptr) host % 64, ==, 0);
  /* page-locked on CUDA: the download goes straight into it */
  pf_assert_ok (pf_image_download (ctx, image, host, (gsize) w * 4));
  g_assert_true (memcmp (host, src, (gsize) w * h * 4) == 0);
  pf_host_free (ctx, host);
  pf_host_free (ctx, NULL);
  void *none = NULL;
  g_assert_cmpint (pf_host_alloc (ctx, 0, &none), ==, PF_ERROR_INVALID_ARGUMENT);
  g_assert_cmpint (pf_host_alloc (NULL, 16, &none), ==, PF_ERROR_INVALID_ARGUMENT);
  g_assert_null (none);
  pf_image_destroy (image);
  pf_context_destroy (ctx);
}

static void
test_copy_box (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  PfImage *a = pf_test_image_random (ctx, 23, 19, 4), *b = pf_test_image_random (ctx, 23, 19, 5);
  PfImage *other = NULL;
  g_autofree guint8 *pa = pf_test_download (ctx, a);
  g_autofree guint8 *pb = pf_test_download (ctx, b);
  PfBox box = { -3, 5, 10, 100 };  /* cut to x 0..6, y 5..18 */
  pf_assert_ok (pf_copy_box (ctx, a, b, &box));
  g_autofree guint8 *out = pf_test_download (ctx, b);
  for (int y = 0; y < 19; y++)
    for (int x = 0; x < 23; x++)
      g_assert_cmpmem (pf_test_px (out, 23, x, y), 4,
                       pf_test_px (x < 7 && y >= 5 ? pa : pb, 23, x, y), 4);
  pf_assert_ok (pf_image_create (ctx, 22, 19, &other));
  g_assert_cmpint (pf_copy_box (ctx, a, other, &box), ==, PF_ERROR_INVALID_ARGUMENT);
  g_assert_cmpint (pf_copy_box (ctx, a, b, NULL), ==, PF_ERROR_INVALID_ARGUMENT);
  pf_image_destroy (a);
  pf_image_destroy (b);
  pf_image_destroy (other);
  pf_context_destroy (ctx);
}

static void
test_copy_sets_size (void)
{
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  PfImage *src = pf_test_image_random (ctx, 31, 17, 9), *dst = NULL, *small = NULL;
  pf_assert_ok (pf_image_create (ctx, 100, 100, &dst));
  pf_assert_ok (pf_copy (ctx, src, dst));
  g_assert_cmpint (pf_image_get_width (dst), ==, 31);
  g_assert_cmpint (pf_image_get_height (dst), ==, 17);
  g_autofree guint8 *a = pf_test_download (ctx, src);
  g_autofree guint8 *b = pf_test_download (ctx, dst);
  g_assert_cmpmem (a, 31 * 17 * 4, b, 31 * 17 * 4);
  pf_assert_ok (pf_image_create (ctx, 10, 10, &small));
  g_assert_cmpint (pf_copy (ctx, src, small), ==, PF_ERROR_CAPACITY);
  g_assert_cmpstr (pf_context_last_error (ctx), !=, "");
  pf_image_destroy (small);
  pf_image_destroy (src);
  pf_image_destroy (dst);
  pf_context_destroy (ctx);
}

static void
test_wrong_context (void)
{
  PfContext *a = pf_test_cpu_context (), *b = pf_test_cpu_context ();
  PfImage *ia = NULL, *ib = NULL;
  pf_assert_ok (pf_image_create (a, 4, 4, &ia));
  pf_assert_ok (pf_image_create (b, 4, 4, &ib));
  g_assert_cmpint (pf_copy (a, ia, ib), ==, PF_ERROR_WRONG_CONTEXT);
  g_assert_cmpint (pf_fill (a, ib, (PfColor) { 1, 2, 3, 4 }), ==, PF_ERROR_WRONG_CONTEXT);
  pf_image_destroy (ia);
  pf_image_destroy (ib);
  pf_context_destroy (a);
  pf_context_destroy (b);
}

static void
test_pool_reuse_returns_same_buffer (void)
{
  PfContext *ctx = pf_test_cpu_context ();
  PfPool *pool = pf_context_get_pool (ctx);
  PfImage *big = NULL, *again = NULL, *small = NULL;
  pf_assert_ok (pf_pool_acquire (pool, 5000, 5000, &big));
  pf_pool_release (pool, big);
  g_assert_cmpuint (pf_pool_get_idle_count (pool), ==, 1);
  /* an oversized scratch serves any smaller request, at the asked logical size */
  pf_assert_ok (pf_pool_acquire (pool, 640, 480, &again));
  g_assert_true (again == big);
  g_assert_cmpint (pf_image_get_width (again), ==, 640);
  g_assert_cmpint (pf_image_get_height (again), ==, 480);
  g_assert_cmpuint (pf_pool_get_idle_count (pool), ==, 0);
  /* with the big one out, a new request allocates */
  pf_assert_ok (pf_pool_acquire (pool, 10, 10, &small));
  g_assert_true (small != big);
  pf_pool_release (pool, small);
  pf_pool_release (pool, again);
  pf_pool_release (pool, again);  /* twice is harmless */
  g_assert_cmpuint (pf_pool_get_idle_count (pool), ==, 2);
  /* best fit: the small one serves a small request */
  PfImage *fit = NULL;
  pf_assert_ok (pf_pool_acquire (pool, 8, 8, &fit));
  g_assert_true (fit == small);
  pf_pool_release (pool, fit);
  size_t before = pf_context_get_memory_used (ctx);
  g_assert_cmpuint (before, >=, (size_t) 5000 * 5000 * 4);
  pf_pool_trim (pool);
  g_assert_cmpuint (pf_pool_get_idle_count (pool), ==, 0);
  g_assert_cmpuint (pf_context_get_memory_used (ctx), ==, 0);
  g_assert_cmpint (pf_pool_acquire (pool, 0, 5, &fit), ==, PF_ERROR_INVALID_ARGUMENT);
  pf_context_destroy (ctx);
}

/* The idle list is bounded: past 64 images the one idle longest is freed. */
static void
test_pool_keeps_at_most_64_idle (void)
{
  PfContext *ctx = pf_test_cpu_context ();
  PfPool *pool = pf_context_get_pool (ctx);
  PfImage *images[70];
  size_t unit = (size_t) 64 * 64 * 4, total = 0;
  for (int i = 0; i < 70; i++)
    {
      pf_assert_ok (pf_pool_acquire (pool, 64, 64 * (i + 1), &images[i]));
      total += unit * (size_t) (i + 1);
    }
  g_assert_cmpuint (pf_context_get_memory_used (ctx), ==, total);
  for (int i = 0; i < 70; i++)
    pf_pool_release (pool, images[i]);
  g_assert_cmpuint (pf_pool_get_idle_count (pool), ==, 64);
  /* the first six released (1 + 2 + … + 6 units) were freed */
  g_assert_cmpuint (pf_context_get_memory_used (ctx), ==, total - 21 * unit);
  /* the newest still serves its own size, best fit */
  PfImage *again = NULL;
  pf_assert_ok (pf_pool_acquire (pool, 64, 64 * 70, &again));
  g_assert_true (again == images[69]);
  pf_assert_ok (pf_pool_acquire (pool, 64, 64, &images[0]));
  g_assert_true (images[0] == images[6]);
  pf_pool_release (pool, again);
  pf_pool_release (pool, images[0]);
  pf_pool_trim (pool);
  g_assert_cmpuint (pf_context_get_memory_used (ctx), ==, 0);
  pf_context_destroy (ctx);
}

static void
test_memory_limit (void)
{
  PfContextOptions options = { .backend = PF_BACKEND_CPU, .memory_limit = 1 << 20 };
  PfContext *ctx = NULL;
  pf_assert_ok (pf_context_create_with_options (&options, &ctx));
  PfImage *a = NULL, *b = NULL;
  pf_assert_ok (pf_image_create (ctx, 256, 512, &a));  /* 512 KiB */
  g_assert_cmpint (pf_image_create (ctx, 512, 512, &b), ==, PF_ERROR_OUT_OF_MEMORY);
  g_assert_nonnull (strstr (pf_context_last_error (ctx), "limit"));
  g_assert_null (b);
  /* the context stays usable */
  pf_assert_ok (pf_fill (ctx, a, (PfColor) { 255, 0, 0, 255 }));
  pf_assert_ok (pf_image_create (ctx, 256, 256, &b));
  pf_image_destroy (b);
  /* idle pool scratch is trimmed to make room before giving up */
  PfImage *scratch = NULL;
  pf_assert_ok (pf_pool_acquire (pf_context_get_pool (ctx), 128, 256, &scratch));
  pf_pool_release (pf_context_get_pool (ctx), scratch);
  pf_assert_ok (pf_image_create (ctx, 256, 512, &b));
  g_assert_cmpuint (pf_pool_get_idle_count (pf_context_get_pool (ctx)), ==, 0);
  pf_image_destroy (a);
  pf_image_destroy (b);
  pf_context_destroy (ctx);
}

/* On a GPU: ask for more than the device has. Allocation must fail with a status (not a
 * crash), the message say so, and the context stay usable. */
static void
test_device_out_of_memory (void)
{
  if (g_strcmp0 (g_getenv ("PHOTOFF_TEST_BACKEND"), "cuda") != 0)
    {
      g_test_skip ("needs a GPU: set PHOTOFF_TEST_BACKEND=cuda");
      return;
    }
  PfContext *ctx = pf_test_context ();
  if (ctx == NULL)
    return;
  g_autoptr (GPtrArray) images = g_ptr_array_new_with_free_func ((GDestroyNotify) pf_image_destroy);
  PfStatus status = PF_OK;
  /* 1 GiB each (the largest image there is): a 80 GiB card runs out after about 80 */
  for (int i = 0; i < 512 && status == PF_OK; i++)
    {
      PfImage *image = NULL;
      status = pf_image_create (ctx, 16384, 16384, &image);
      if (status == PF_OK)
        g_ptr_array_add (images, image);
    }
  g_test_message ("%u GiB allocated before: %s (%s)", images->len, pf_status_to_string (status),
                  pf_context_last_error (ctx));
  g_assert_cmpint (status, ==, PF_ERROR_OUT_OF_MEMORY);
  g_assert_nonnull (strstr (pf_context_last_error (ctx), "cudaMalloc"));
  g_assert_cmpuint (images->len, >, 0);
  /* still usable once memory is given back */
  g_ptr_array_set_size (images, 0);
  PfImage *small = NULL;
  pf_assert_ok (pf_image_create (ctx, 64, 64, &small));
  pf_assert_ok (pf_fill (ctx, small, (PfColor) { 1, 2, 3, 255 }));
  g_autofree guint8 *px = pf_test_download (ctx, small);
  g_assert_cmpuint (px[2], ==, 3);
  pf_image_destroy (small);
  pf_context_destroy (ctx);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/context/auto-says-which-backend", test_context_auto_says_which);
  g_test_add_func ("/context/cuda-without-device-is-an-error",
                   test_context_cuda_absent_is_an_error);
  g_test_add_func ("/context/invalid-arguments", test_context_invalid_arguments);
  g_test_add_func ("/context/thread-count", test_context_threads);
  g_test_add_func ("/context/status-strings", test_status_strings);
  g_test_add_func ("/image/new-image-is-transparent", test_image_is_zeroed);
  g_test_add_func ("/image/bad-sizes-are-refused", test_image_bad_sizes);
  g_test_add_func ("/image/logical-size-within-capacity", test_image_capacity);
  g_test_add_func ("/image/upload-download-round-trip", test_image_round_trip_with_stride);
  g_test_add_func ("/image/large-round-trip", test_image_large_round_trip);
  g_test_add_func ("/image/copy-sets-destination-size", test_copy_sets_size);
  g_test_add_func ("/image/host-memory-downloads", test_host_memory_downloads);
  g_test_add_func ("/image/copy-box", test_copy_box);
  g_test_add_func ("/image/wrong-context-is-refused", test_wrong_context);
  g_test_add_func ("/pool/reuse-returns-same-buffer", test_pool_reuse_returns_same_buffer);
  g_test_add_func ("/pool/memory-limit-and-trim", test_memory_limit);
  g_test_add_func ("/pool/keeps-at-most-64-idle", test_pool_keeps_at_most_64_idle);
  g_test_add_func ("/context/device-out-of-memory-is-reported", test_device_out_of_memory);
  return g_test_run ();
}
