/* test-hostile.c — hostile inputs the other suites do not make
 *
 * Every input is made here in a temporary folder: file names that are not UTF-8 or
 * close to NAME_MAX / PATH_MAX, symlink loops, projects whose photos climb out of their
 * folder or point at folders, FIFOs, /dev/zero or the project itself, a thousand cells
 * on one missing photo, and small files that decode to huge images. Each must give a
 * clear error (or a placeholder in a render), never a crash or a hang: alarm() turns a
 * hang into a failure.
 */
#include "config.h"

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pf-bitmap.h"
#include "pf-document.h"
#include "pf-image-io.h"
#include "pf-project.h"
#include "pf-render-spec.h"
#include "pf-renderer.h"

/* Generous for ASan on a busy machine; a hang is far longer. */
#define ALARM_SECONDS 120

static char *tmp_dir;

/* Helpers ------------------------------------------------------------------------------ */

static char *
make_dir (const char *name)
{
  char *dir = g_build_filename (tmp_dir, name, NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

static void
remove_tree (const char *path)
{
  GStatBuf st;
  if (g_lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      for (const char *name; dir != NULL && (name = g_dir_read_name (dir)) != NULL;)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static guint
count_entries (const char *dir_path)
{
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  guint n = 0;
  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* An error must exist, read as UTF-8 whatever the file name, and say something. */
static void
assert_clear_error (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_nonnull (error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (strlen (error->message), >, 10);
}

static PfBitmap *
make_bitmap (int width, int height)
{
  PfBitmap *bitmap = pf_bitmap_new (width, height, NULL);
  g_assert_nonnull (bitmap);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = bitmap->data + (gsize) y * bitmap->stride + (gsize) x * 4;
        p[0] = (guint8) (x * 37);
        p[1] = (guint8) (y * 53);
        p[2] = 90;
        p[3] = 255;
      }
  return bitmap;
}

/* A small valid PNG, as bytes. */
static GBytes *
small_png_bytes (void)
{
  g_autoptr (PfBitmap) bitmap = make_bitmap (6, 5);
  g_autofree char *path = g_build_filename (tmp_dir, "small-source.png", NULL);
  g_autofree char *data = NULL;
  gsize size = 0;
  g_assert_true (pf_image_save_png (bitmap, path, NULL, NULL));
  g_assert_true (g_file_get_contents (path, &data, &size, NULL));
  g_unlink (path);
  return g_bytes_new (data, size);
}

/* Writes @bytes with plain stdio, so that the file exists whatever the save code does. */
static gboolean
write_raw (const char *path,
           GBytes     *bytes)
{
  FILE *f = fopen (path, "wb");
  if (f == NULL)
    return FALSE;
  gsize size;
  const void *data = g_bytes_get_data (bytes, &size);
  gboolean ok = fwrite (data, 1, size, f) == size;
  return fclose (f) == 0 && ok;
}

static guint32 crc_table[256];

static guint32
crc32_of (const guint8 *data,
          gsize         size,
          guint32       crc)
{
  if (crc_table[1] == 0)
    for (guint32 n = 0; n < 256; n++)
      {
        guint32 c = n;
        for (int k = 0; k < 8; k++)
          c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
      }
  crc ^= 0xffffffffu;
  for (gsize i = 0; i < size; i++)
    crc = crc_table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return crc ^ 0xffffffffu;
}

static void
put_be32 (GByteArray *out,
          guint32     v)
{
  guint8 b[4] = { v >> 24, v >> 16, v >> 8, v };
  g_byte_array_append (out, b, 4);
}

static void
put_chunk (GByteArray   *out,
           const char   *type,
           const guint8 *data,
           gsize         size)
{
  put_be32 (out, (guint32) size);
  gsize start = out->len;
  g_byte_array_append (out, (const guint8 *) type, 4);
  if (size > 0)
    g_byte_array_append (out, data, (guint) size);
  put_be32 (out, crc32_of (out->data + start, size + 4, 0));
}

static GBytes *
zlib_compress (const guint8 *data,
               gsize         size)
{
  g_autoptr (GZlibCompressor) zlib = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 9);
  g_autoptr (GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr (GOutputStream) stream = g_converter_output_stream_new (memory,
                                                                     G_CONVERTER (zlib));
  g_assert_true (g_output_stream_write_all (stream, data, size, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

/* A 1-bit grey PNG of width × height whose image data holds only @rows rows of zeros
 * (all of them for a valid file, fewer for one that is cut short). */
static GBytes *
grey_bomb_png (guint32 width,
               guint32 height,
               guint32 rows)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr (GByteArray) out = g_byte_array_new ();
  guint8 ihdr[13] = { width >> 24, width >> 16, width >> 8, width,
                      height >> 24, height >> 16, height >> 8, height,
                      1, 0, 0, 0, 0 };
  gsize row_bytes = 1 + (width + 7) / 8;
  g_autofree guint8 *raw = g_malloc0 (row_bytes * rows);
  g_autoptr (GBytes) idat = zlib_compress (raw, row_bytes * rows);
  gsize idat_size;
  const guint8 *idat_data = g_bytes_get_data (idat, &idat_size);

  g_byte_array_append (out, signature, 8);
  put_chunk (out, "IHDR", ihdr, 13);
  put_chunk (out, "IDAT", idat_data, idat_size);
  put_chunk (out, "IEND", NULL, 0);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* A real 16×16 JPEG whose frame header is then made to claim width × height: a file of
 * a few hundred bytes with the header of a huge photo. */
static GBytes *
tiny_huge_jpeg (guint16 width,
                guint16 height)
{
  g_autoptr (PfBitmap) bitmap = make_bitmap (16, 16);
  g_autofree char *path = g_build_filename (tmp_dir, "tiny-source.jpg", NULL);
  g_autofree guint8 *data = NULL;
  gsize size = 0;
  g_assert_true (pf_image_save_jpeg (bitmap, path, NULL, NULL));
  g_assert_true (g_file_get_contents (path, (char **) &data, &size, NULL));
  g_unlink (path);
  gboolean patched = FALSE;
  for (gsize i = 2; i + 9 < size && !patched; i++)
    if (data[i] == 0xff && (data[i + 1] == 0xc0 || data[i + 1] == 0xc1))
      {
        data[i + 5] = height >> 8;
        data[i + 6] = height & 0xff;
        data[i + 7] = width >> 8;
        data[i + 8] = width & 0xff;
        patched = TRUE;
      }
  g_assert_true (patched);
  g_assert_cmpuint (size, <, 2048);
  return g_bytes_new (data, size);
}

/* Loads and probes @path: both either succeed with a sane size or fail clearly. Returns
 * whether loading worked. */
static gboolean
load_and_probe (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PfBitmap) bitmap = pf_image_load (path, NULL, &error);
  if (bitmap == NULL)
    assert_clear_error (error);
  else
    {
      g_assert_cmpint (bitmap->width, >, 0);
      g_assert_cmpint (bitmap->height, >, 0);
    }
  g_clear_error (&error);
  int w = -1, h = -1;
  if (pf_image_probe (path, &w, &h, &error))
    {
      g_assert_cmpint (w, >, 0);
      g_assert_cmpint (h, >, 0);
    }
  else
    assert_clear_error (error);
  return bitmap != NULL;
}

/* A small page of columns × rows cells with thin margins. */
static void
set_small_page (PfDocument *document,
                int         width,
                int         height,
                int         columns,
                int         rows)
{
  pf_document_set_size (document, width, height);
  pf_document_set_grid (document, columns, rows);
  pf_document_set_margin (document, 2);
  pf_document_set_spacing (document, 2);
}

/* Renders @document on the CPU at @scale: it must succeed. Returns the missing list's
 * length. */
static guint
render_on_cpu (PfDocument *document,
               double      scale)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PfRenderSpec) spec = pf_render_spec_new_from_document (document, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (spec);
  pf_render_spec_scale (spec, scale);
  g_autoptr (PfRenderer) renderer = pf_renderer_new (PF_BACKEND_CPU, &error);
  g_assert_no_error (error);
  g_assert_true (pf_renderer_render (renderer, spec, &error));
  g_assert_no_error (error);
  const char *const *missing = pf_renderer_get_missing (renderer);
  guint n = 0;
  for (; missing[n] != NULL; n++)
    {
      g_assert_true (g_utf8_validate (missing[n], -1, NULL));
      g_test_message ("missing: %s", missing[n]);
    }
  g_autoptr (PfBitmap) page = pf_renderer_download (renderer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (page);
  return n;
}

/* File names ------------------------------------------------------------------------- */

static void
test_names_not_utf8 (void)
{
  g_autofree char *dir = make_dir ("not-utf8-\xff\xfe");
  g_autofree char *path = g_build_filename (dir, "photo-\xc3\x28-\xff.png", NULL);
  g_autofree char *gone = g_build_filename (dir, "gone-\x80\x80.jpg", NULL);
  g_autoptr (PfBitmap) bitmap = make_bitmap (7, 3);
  g_autoptr (GError) error = NULL;

  alarm (ALARM_SECONDS);
  g_assert_true (pf_image_save (bitmap, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (load_and_probe (path));
  int w = 0, h = 0;
  g_assert_true (pf_image_probe (path, &w, &h, NULL));
  g_assert_cmpint (w, ==, 7);
  g_assert_cmpint (h, ==, 3);

  /* Errors about such names are still UTF-8 (the name is escaped, not copied). */
  g_assert_false (load_and_probe (gone));
  g_assert_null (pf_image_load (gone, NULL, &error));
  assert_clear_error (error);
  g_clear_error (&error);
  g_autofree char *nowhere = g_build_filename (dir, "no-\xfe-dir", "out.png", NULL);
  g_assert_false (pf_image_save (bitmap, nowhere, NULL, &error));
  assert_clear_error (error);
  g_clear_error (&error);
  g_autofree char *bad_ext = g_build_filename (dir, "out.\xff", NULL);
  g_assert_false (pf_image_save (bitmap, bad_ext, NULL, &error));
  assert_clear_error (error);
  g_clear_error (&error);

  /* A project is JSON, so it cannot hold such a photo path: saving says so and leaves no
   * file behind. Rendering the document works, the photo drawn. */
  g_autofree char *project = g_build_filename (dir, "p-\xff.photoff", NULL);
  g_autoptr (PfDocument) document = pf_document_new ();
  g_autoptr (PfCell) cell = pf_cell_new (path);
  g_assert_true (pf_document_add_cell (document, cell, NULL));
  g_assert_false (pf_project_save_path (document, project, &error));
  assert_clear_error (error);
  g_assert_nonnull (strstr (error->message, "UTF-8"));
  g_clear_error (&error);
  g_assert_false (g_file_test (project, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (dir), ==, 1);
  set_small_page (document, 100, 100, 1, 1);
  g_assert_cmpuint (render_on_cpu (document, 0.5), ==, 0);
  alarm (0);
  remove_tree (dir);
}

static char *
repeat (char c,
        gsize n)
{
  char *s = g_malloc (n + 1);
  memset (s, c, n);
  s[n] = '\0';
  return s;
}

static void
test_names_near_name_max (void)
{
  g_autofree char *dir = make_dir ("long-names");
  g_autoptr (PfBitmap) bitmap = make_bitmap (4, 4);
  g_autoptr (GBytes) png = small_png_bytes ();
  g_autoptr (GError) error = NULL;

  alarm (ALARM_SECONDS);
  /* Exactly NAME_MAX bytes: loading and probing work. */
  g_autofree char *stem = repeat ('n', NAME_MAX - 4);
  g_autofree char *max_name = g_strconcat (stem, ".png", NULL);
  g_autofree char *max_path = g_build_filename (dir, max_name, NULL);
  g_assert_true (write_raw (max_path, png));
  g_assert_true (load_and_probe (max_path));

  /* Saving over it works (the temporary file beside it has a short name of its own),
   * and leaves nothing else behind; a project of such a name saves too. */
  g_assert_true (pf_image_save (bitmap, max_path, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr (PfDocument) doc = pf_document_new ();
    g_autofree char *project_stem = repeat ('p', NAME_MAX - 8);
    g_autofree char *project_name = g_strconcat (project_stem, ".photoff", NULL);
    g_autofree char *project_path = g_build_filename (dir, project_name, NULL);
    g_assert_true (pf_project_save_path (doc, project_path, &error));
    g_assert_no_error (error);
    g_autoptr (PfDocument) back = pf_project_load_path (project_path, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_unlink (project_path), ==, 0);
  }
  g_assert_true (load_and_probe (max_path));
  g_assert_cmpuint (count_entries (dir), ==, 1);

  /* One byte over NAME_MAX: every call fails with a message. */
  g_autofree char *over_stem = repeat ('o', NAME_MAX - 3);
  g_autofree char *over_name = g_strconcat (over_stem, ".png", NULL);
  g_autofree char *over_path = g_build_filename (dir, over_name, NULL);
  g_assert_false (load_and_probe (over_path));
  g_assert_false (pf_image_save (bitmap, over_path, NULL, &error));
  assert_clear_error (error);
  g_clear_error (&error);
  g_assert_null (pf_project_load_path (over_path, &error));
  assert_clear_error (error);
  g_clear_error (&error);
  g_autoptr (PfDocument) document = pf_document_new ();
  g_assert_false (pf_project_save_path (document, over_path, &error));
  assert_clear_error (error);
  g_clear_error (&error);
  g_assert_cmpuint (count_entries (dir), ==, 1);

  /* A project whose photo has such names: a placeholder for each, no error. */
  g_autoptr (PfCell) a = pf_cell_new (max_path);
  g_autoptr (PfCell) b = pf_cell_new (over_path);
  set_small_page (document, 200, 100, 2, 1);
  g_assert_true (pf_document_add_cell (document, a, NULL));
  g_assert_true (pf_document_add_cell (document, b, NULL));
  g_assert_cmpuint (render_on_cpu (document, 0.5), ==, 1);
  alarm (0);
  remove_tree (dir);
}

static void
test_names_near_path_max (void)
{
  g_autofree char *top = make_dir ("deep");
  g_autoptr (PfBitmap) bitmap = make_bitmap (5, 2);
  g_autoptr (GError) error = NULL;
  g_autofree char *segment = repeat ('d', 200);

  alarm (ALARM_SECONDS);
  /* Nest folders until the next file name would bring the path close to PATH_MAX. */
  g_autoptr (GString) deep = g_string_new (top);
  while (deep->len + 1 + strlen (segment) + 40 < PATH_MAX)
    {
      g_string_append_printf (deep, "/%s", segment);
      g_assert_cmpint (g_mkdir (deep->str, 0700), ==, 0);
    }
  g_autofree char *path = g_strdup_printf ("%s/p.png", deep->str);
  g_assert_cmpuint (strlen (path), <, PATH_MAX);
  g_assert_cmpuint (strlen (path), >, PATH_MAX - 260);
  g_assert_true (pf_image_save (bitmap, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (load_and_probe (path));

  /* Beyond PATH_MAX (a real-looking chain of folders, then ../ to climb back). */
  g_autoptr (GString) beyond = g_string_new (path);
  while (beyond->len <= PATH_MAX + 16)
    g_string_append_printf (beyond, "/../%s", segment);
  g_string_append (beyond, ".png");
  g_assert_false (load_and_probe (beyond->str));
  g_assert_false (pf_image_save (bitmap, beyond->str, NULL, &error));
  assert_clear_error (error);
  g_clear_error (&error);
  g_assert_null (pf_project_load_path (beyond->str, &error));
  assert_clear_error (error);
  g_clear_error (&error);

  /* A project holding both: the deep photo draws, the impossible one is a placeholder. */
  g_autoptr (PfDocument) document = pf_document_new ();
  set_small_page (document, 200, 100, 2, 1);
  g_autoptr (PfCell) a = pf_cell_new (path);
  g_autoptr (PfCell) b = pf_cell_new (beyond->str);
  g_assert_true (pf_document_add_cell (document, a, NULL));
  g_assert_true (pf_document_add_cell (document, b, NULL));
  g_assert_cmpuint (render_on_cpu (document, 0.5), ==, 1);
  alarm (0);
  remove_tree (top);
}

static void
test_symlink_loops (void)
{
  g_autofree char *dir = make_dir ("loops");
  g_autofree char *a = g_build_filename (dir, "a.png", NULL);
  g_autofree char *b = g_build_filename (dir, "b.png", NULL);
  g_autofree char *self = g_build_filename (dir, "self.jpg", NULL);
  g_autofree char *through = g_build_filename (dir, "self.jpg", "x.png", NULL);
  g_autoptr (PfBitmap) bitmap = make_bitmap (3, 3);
  g_autoptr (GError) error = NULL;

  alarm (ALARM_SECONDS);
  g_assert_cmpint (symlink ("b.png", a), ==, 0);
  g_assert_cmpint (symlink ("a.png", b), ==, 0);
  g_assert_cmpint (symlink ("self.jpg", self), ==, 0);
  g_assert_false (load_and_probe (a));
  g_assert_false (load_and_probe (self));
  g_assert_false (load_and_probe (through));
  g_assert_null (pf_project_load_path (a, &error));
  assert_clear_error (error);
  g_clear_error (&error);

  /* Saving onto a looping link either replaces the link or fails; never a leftover. */
  guint before = count_entries (dir);
  if (pf_image_save (bitmap, self, NULL, &error))
    g_assert_true (load_and_probe (self));
  else
    assert_clear_error (error);
  g_clear_error (&error);
  g_assert_false (pf_image_save (bitmap, through, NULL, &error));
  assert_clear_error (error);
  g_clear_error (&error);
  g_assert_cmpuint (count_entries (dir), ==, before);
  alarm (0);
  remove_tree (dir);
}

/* Projects ------------------------------------------------------------------------------ */

static void
test_project_hostile_paths (void)
{
  g_autofree char *dir = make_dir ("proj/inner");
  g_autofree char *outside = g_build_filename (tmp_dir, "outside.png", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo.png", NULL);
  g_autofree char *loop = g_build_filename (dir, "loop.png", NULL);
  g_autofree char *project = g_build_filename (dir, "p.photoff", NULL);
  g_autoptr (PfBitmap) bitmap = make_bitmap (8, 6);
  g_autoptr (GError) error = NULL;

  alarm (ALARM_SECONDS);
  g_assert_true (pf_image_save (bitmap, outside, NULL, NULL));
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink ("loop.png", loop), ==, 0);

  /* Enough ../ to climb far past / (which stops there) from the project's folder. */
  g_autoptr (GString) climb = g_string_new ("");
  for (int i = 0; i < 64; i++)
    g_string_append (climb, "../");
  g_autofree char *escaped_outside = g_strescape (outside, NULL);
  const char *photos[] = {
    escaped_outside,                           /* absolute, outside the folder: drawn */
    "../outside.png",                          /* missing: one level up is proj/ */
    "../../outside.png",                       /* climbs out to the real photo: drawn */
    NULL,                                      /* ../…/dev/zero, filled in below */
    "/dev/zero",
    "/dev/null",
    ".",                                       /* the folder itself */
    "..",
    "/",
    "fifo.png",
    "loop.png",
    "p.photoff",                               /* the project file itself */
    NULL,                                      /* ../…/etc/passwd-like text, below */
  };
  g_autofree char *zero = g_strconcat (climb->str, "dev/zero", NULL);
  g_autofree char *text_file = g_strconcat (climb->str, "proc/self/status", NULL);
  photos[3] = zero;
  photos[12] = text_file;
  guint n = G_N_ELEMENTS (photos);

  g_autoptr (GString) json = g_string_new (
    "{\"format\":\"photoff\",\"version\":1,"
    "\"page\":{\"width\":480,\"height\":360,\"dpi\":72},"
    "\"layout\":{\"type\":\"grid\",\"rows\":4,\"columns\":4,\"spacing\":4,\"margin\":4},"
    "\"cells\":[");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (json, "%s{\"photo\":\"%s\"}", i > 0 ? "," : "", photos[i]);
  g_string_append (json, "]}");
  g_assert_true (g_file_set_contents (project, json->str, -1, NULL));

  PfDocument *document = pf_project_load_path (project, &error);
  g_assert_no_error (error);
  g_assert_nonnull (document);
  g_assert_cmpuint (pf_document_get_n_cells (document), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_true (g_path_is_absolute (pf_cell_get_photo (pf_document_get_cell (document, i))));

  /* The climb stops at /, as the kernel's would. */
  g_assert_cmpstr (pf_cell_get_photo (pf_document_get_cell (document, 3)), ==, "/dev/zero");

  /* Only the two real photos draw; every other cell is a placeholder, each photo listed
   * once (/dev/zero is there twice). */
  g_assert_cmpuint (render_on_cpu (document, 0.25), ==, n - 3);

  /* Saved and loaded back, the paths still resolve to the same files. */
  g_assert_true (pf_project_save_path (document, project, &error));
  g_assert_no_error (error);
  g_autoptr (PfDocument) again = pf_project_load_path (project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (render_on_cpu (again, 0.25), ==, n - 3);
  g_object_unref (document);
  alarm (0);
  g_autofree char *proj = g_build_filename (tmp_dir, "proj", NULL);
  remove_tree (proj);
  g_unlink (outside);
}

static void
test_project_thousand_missing (void)
{
  g_autofree char *dir = make_dir ("thousand");
  g_autofree char *gone = g_build_filename (dir, "gone.jpg", NULL);
  g_autofree char *project = g_build_filename (dir, "p.photoff", NULL);
  g_autoptr (PfDocument) document = pf_document_new ();
  g_autoptr (GError) error = NULL;

  alarm (ALARM_SECONDS);
  set_small_page (document, 2000, 1250, 40, 25);
  for (int i = 0; i < PF_DOCUMENT_MAX_CELLS; i++)
    {
      g_autoptr (PfCell) cell = pf_cell_new (gone);
      g_assert_true (pf_document_add_cell (document, cell, &error));
      g_assert_no_error (error);
    }
  g_assert_true (pf_project_save_path (document, project, &error));
  g_autoptr (PfDocument) loaded = pf_project_load_path (project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pf_document_get_n_cells (loaded), ==, PF_DOCUMENT_MAX_CELLS);

  gint64 start = g_get_monotonic_time ();
  guint missing = render_on_cpu (loaded, 0.1);
  g_assert_cmpuint (missing, ==, 1);   /* the one photo, listed once */
  g_test_message ("1000 missing cells: %u listed, %.0f ms", missing,
                  (g_get_monotonic_time () - start) / 1000.0);
  alarm (0);
  remove_tree (dir);
}

/* A save that runs out of room halfway, in a folder with a hostile name: the old file
 * stays, no temporary file is left, the message is UTF-8. */
static void
test_project_save_fails_midway_subprocess (void)
{
  g_autofree char *dir = make_dir ("midway-\xff");
  g_autofree char *path = g_build_filename (dir, "p-\xfe.photoff", NULL);
  g_autoptr (PfDocument) small = pf_document_new ();
  g_autoptr (PfDocument) big = pf_document_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  struct rlimit limit = { 16384, 16384 };

  g_assert_true (pf_project_save_path (small, path, &error));
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));
  for (int i = 0; i < PF_DOCUMENT_MAX_CELLS; i++)
    {
      g_autofree char *photo = g_strdup_printf ("%s/photo-\xff-%d.jpg", dir, i);
      g_autoptr (PfCell) cell = pf_cell_new (photo);
      g_assert_true (pf_document_add_cell (big, cell, NULL));
    }

  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  g_assert_false (pf_project_save_path (big, path, &error));
  assert_clear_error (error);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (count_entries (dir), ==, 1);
  g_autoptr (PfDocument) loaded = pf_project_load_path (path, NULL);
  g_assert_nonnull (loaded);
  g_assert_cmpuint (pf_document_get_n_cells (loaded), ==, 0);
  remove_tree (dir);
}

static void
test_project_save_fails_midway (void)
{
  g_test_trap_subprocess ("/hostile/project/save-fails-midway/subprocess", 0,
                          G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* Decompression bombs ---------------------------------------------------------------- */

static void
test_png_bomb (void)
{
  g_autofree char *dir = make_dir ("png-bomb");
  g_autofree char *path = g_build_filename (dir, "bomb.png", NULL);
  g_autofree char *cut = g_build_filename (dir, "cut.png", NULL);
  g_autoptr (GError) error = NULL;

  alarm (ALARM_SECONDS);
  /* 4096 × 4096 from a few KiB: it is a real image, so it decodes, to the size stated. */
  g_autoptr (GBytes) bomb = grey_bomb_png (4096, 4096, 4096);
  g_assert_cmpuint (g_bytes_get_size (bomb), <, 16384);
  g_assert_true (write_raw (path, bomb));
  g_autoptr (PfBitmap) bitmap = pf_image_load (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bitmap->width, ==, 4096);
  g_assert_cmpint (bitmap->height, ==, 4096);
  g_clear_pointer (&bitmap, pf_bitmap_free);

  /* Within the header limits but holding only 16 of 16384 rows: an error, quickly. */
  g_autoptr (GBytes) short_bomb = grey_bomb_png (16384, 16384, 16);
  g_assert_true (write_raw (cut, short_bomb));
  g_assert_null (pf_image_load (cut, NULL, &error));
  assert_clear_error (error);
  g_clear_error (&error);
  int w = 0, h = 0;
  if (pf_image_probe (cut, &w, &h, &error))
    g_assert_cmpint (w, ==, 16384);
  g_clear_error (&error);

  /* In a render at a small scale: the full bomb draws, the cut one is a placeholder. */
  g_autoptr (PfDocument) document = pf_document_new ();
  set_small_page (document, 400, 200, 2, 1);
  g_autoptr (PfCell) a = pf_cell_new (path);
  g_autoptr (PfCell) b = pf_cell_new (cut);
  g_assert_true (pf_document_add_cell (document, a, NULL));
  g_assert_true (pf_document_add_cell (document, b, NULL));
  g_assert_cmpuint (render_on_cpu (document, 0.25), ==, 1);
  alarm (0);
  remove_tree (dir);
}

static void
test_jpeg_bomb (void)
{
  g_autofree char *dir = make_dir ("jpeg-bomb");
  g_autofree char *huge = g_build_filename (dir, "huge.jpg", NULL);
  g_autofree char *big = g_build_filename (dir, "big.jpg", NULL);
  g_autoptr (GError) error = NULL;

  alarm (ALARM_SECONDS);
  /* 30000 × 30000 claimed by a file of a few hundred bytes. */
  g_autoptr (GBytes) huge_bytes = tiny_huge_jpeg (30000, 30000);
  g_assert_true (write_raw (huge, huge_bytes));
  g_assert_null (pf_image_load (huge, NULL, &error));
  g_assert_error (error, PF_IO_ERROR, PF_IO_ERROR_TOO_LARGE);
  g_clear_error (&error);
  /* Even where DCT scaling could bring it within the limits. */
  PfLoadOptions small = { .min_width = 64, .min_height = 64 };
  g_autoptr (PfBitmap) scaled = pf_image_load (huge, &small, &error);
  if (scaled == NULL)
    assert_clear_error (error);
  else
    g_assert_cmpint (scaled->width, <=, 30000 / 8 + 1);
  g_clear_error (&error);
  int w = 0, h = 0;
  if (pf_image_probe (huge, &w, &h, &error))
    g_assert_cmpint (w, ==, 30000);
  g_clear_error (&error);

  /* 16000 × 16000 is within the limits, but the data for it is not there. */
  g_autoptr (GBytes) big_bytes = tiny_huge_jpeg (16000, 16000);
  g_assert_true (write_raw (big, big_bytes));
  gint64 start = g_get_monotonic_time ();
  g_autoptr (PfBitmap) bitmap = pf_image_load (big, &small, &error);
  if (bitmap == NULL)
    assert_clear_error (error);
  else
    g_assert_cmpint (bitmap->width, <=, 16000 / 8);
  g_test_message ("16000² JPEG of %" G_GSIZE_FORMAT " bytes at 1/8: %s in %.0f ms",
                  g_bytes_get_size (big_bytes), bitmap != NULL ? "decoded" : "refused",
                  (g_get_monotonic_time () - start) / 1000.0);
  g_clear_error (&error);
  g_clear_pointer (&bitmap, pf_bitmap_free);

  /* In a render at a small scale: placeholders (or the padded image), never a failure. */
  g_autoptr (PfDocument) document = pf_document_new ();
  set_small_page (document, 400, 200, 2, 1);
  g_autoptr (PfCell) a = pf_cell_new (huge);
  g_autoptr (PfCell) b = pf_cell_new (big);
  g_assert_true (pf_document_add_cell (document, a, NULL));
  g_assert_true (pf_document_add_cell (document, b, NULL));
  g_assert_cmpuint (render_on_cpu (document, 0.25), >=, 1);
  alarm (0);
  remove_tree (dir);
}

int
main (int argc, char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("photoff-hostile-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  g_test_add_func ("/hostile/names/not-utf8", test_names_not_utf8);
  g_test_add_func ("/hostile/names/near-name-max", test_names_near_name_max);
  g_test_add_func ("/hostile/names/near-path-max", test_names_near_path_max);
  g_test_add_func ("/hostile/names/symlink-loops", test_symlink_loops);
  g_test_add_func ("/hostile/project/paths-outside-folders-devices-itself",
                   test_project_hostile_paths);
  g_test_add_func ("/hostile/project/thousand-cells-one-missing-photo",
                   test_project_thousand_missing);
  g_test_add_func ("/hostile/project/save-fails-midway", test_project_save_fails_midway);
  g_test_add_func ("/hostile/project/save-fails-midway/subprocess",
                   test_project_save_fails_midway_subprocess);
  g_test_add_func ("/hostile/bombs/png-inflates-or-is-cut-short", test_png_bomb);
  g_test_add_func ("/hostile/bombs/jpeg-tiny-file-huge-header", test_jpeg_bomb);

  ret = g_test_run ();

  remove_tree (tmp_dir);
  g_free (tmp_dir);
  return ret;
}
