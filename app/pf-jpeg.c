/* pf-jpeg.c — JPEG decoding and encoding through libjpeg-turbo
 *
 * libjpeg reports errors through longjmp: every decode or encode runs in a function that
 * calls setjmp and touches its state only through a job struct owned by its caller, who
 * frees whatever the job holds however far it got.
 */
#define G_LOG_DOMAIN "pf-image-io"

#include "config.h"

#include <glib/gi18n.h>

#include "pf-image-io-private.h"

#include <libexif/exif-data.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

/* libjpeg's whole-image buffers (progressive and multi-scan files) may take this much; a
 * progressive file claiming a huge size fails here instead of taking all memory. */
#define PF_JPEG_MAX_MEMORY (1024L * 1024L * 1024L)
/* Real progressive files have about ten scans; thousands of tiny ones are a CPU bomb. */
#define PF_JPEG_MAX_SCANS 500
/* Rows decoded at a time before they are placed (turned) into the bitmap. */
#define PF_JPEG_BATCH 16
#define PF_JPEG_DEFAULT_QUALITY 92

typedef struct
{
  struct jpeg_error_mgr pub;
  jmp_buf jump;
  const char *name;
  gboolean encoding;
  GError *error;
} PfJpegErrorMgr;

typedef struct
{
  struct jpeg_source_mgr pub;
  int fd;
  JOCTET buffer[16384];
} PfJpegFdSource;

typedef struct
{
  struct jpeg_decompress_struct cinfo;
  PfJpegErrorMgr err;
  struct jpeg_progress_mgr progress;
  PfJpegFdSource fd_source;
  const PfImageSource *source;
  const PfLoadOptions *options;
  gboolean probing;

  int orientation;   /* EXIF 1..8 */
  int width;         /* upright output size */
  int height;
  PfBitmap *bitmap;
  guint8 *rows;
} PfJpegDecodeJob;

/* Error handling ----------------------------------------------------------------------- */

static void G_GNUC_NORETURN
pf_jpeg_error_exit (j_common_ptr cinfo)
{
  PfJpegErrorMgr *err = (PfJpegErrorMgr *) cinfo->err;
  char message[JMSG_LENGTH_MAX];

  (*cinfo->err->format_message) (cinfo, message);
  g_clear_error (&err->error);

  switch (err->pub.msg_code)
    {
    case JERR_NO_BACKING_STORE:
      /* what a whole-image buffer beyond PF_JPEG_MAX_MEMORY ends in */
      g_set_error (&err->error, PF_IO_ERROR, PF_IO_ERROR_TOO_LARGE,
                   _("“%s” needs more memory to decode than PhotoFF allows"), err->name);
      break;
    case JERR_OUT_OF_MEMORY:
      g_set_error (&err->error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Not enough memory for “%s”: %s"), err->name, message);
      break;
    default:
      if (err->encoding)
        g_set_error (&err->error, PF_IO_ERROR, PF_IO_ERROR_WRITE,
                     _("Could not encode “%s” as JPEG: %s"), err->name, message);
      else
        g_set_error (&err->error, PF_IO_ERROR, PF_IO_ERROR_CORRUPT,
                     _("“%s” is not a valid JPEG file: %s"), err->name, message);
      break;
    }

  longjmp (err->jump, 1);
}

/* Warnings that lose image data (truncation, bad entropy codes, resync) are errors: a
 * half-grey photo must not pass for a good one. Those about metadata are only logged. */
static void
pf_jpeg_emit_message (j_common_ptr cinfo,
                      int          msg_level)
{
  PfJpegErrorMgr *err = (PfJpegErrorMgr *) cinfo->err;
  char message[JMSG_LENGTH_MAX];

  if (msg_level >= 0)
    return;   /* trace messages */

  switch (err->pub.msg_code)
    {
    case JWRN_ADOBE_XFORM:
    case JWRN_BOGUS_ICC:
    case JWRN_EXTRANEOUS_DATA:   /* stray bytes between markers; the markers are intact */
    case JWRN_JFIF_MAJOR:
      (*cinfo->err->format_message) (cinfo, message);
      g_debug ("%s: %s", err->name, message);
      err->pub.num_warnings++;
      break;
    default:
      pf_jpeg_error_exit (cinfo);
    }
}

static void
pf_jpeg_output_message (j_common_ptr cinfo)
{
  PfJpegErrorMgr *err = (PfJpegErrorMgr *) cinfo->err;
  char message[JMSG_LENGTH_MAX];

  (*cinfo->err->format_message) (cinfo, message);
  g_debug ("%s: %s", err->name, message);
}

static void
pf_jpeg_error_init (PfJpegErrorMgr *err,
                    const char     *name,
                    gboolean        encoding)
{
  jpeg_std_error (&err->pub);
  err->pub.error_exit = pf_jpeg_error_exit;
  err->pub.emit_message = pf_jpeg_emit_message;
  err->pub.output_message = pf_jpeg_output_message;
  err->name = name;
  err->encoding = encoding;
}

static void
pf_jpeg_progress (j_common_ptr cinfo)
{
  PfJpegErrorMgr *err = (PfJpegErrorMgr *) cinfo->err;
  j_decompress_ptr dinfo = (j_decompress_ptr) cinfo;

  if (cinfo->is_decompressor && dinfo->input_scan_number > PF_JPEG_MAX_SCANS)
    {
      g_clear_error (&err->error);
      g_set_error (&err->error, PF_IO_ERROR, PF_IO_ERROR_CORRUPT,
                   _("“%s” is not a valid JPEG file: more than %d scans"),
                   err->name, PF_JPEG_MAX_SCANS);
      longjmp (err->jump, 1);
    }
}

/* Reading a file descriptor on demand (probing) ------------------------------------------ */

static void
pf_jpeg_fd_init (j_decompress_ptr cinfo)
{
}

static boolean
pf_jpeg_fd_fill (j_decompress_ptr cinfo)
{
  PfJpegFdSource *src = (PfJpegFdSource *) cinfo->src;
  gssize n = pf_image_read_fd (src->fd, src->buffer, sizeof src->buffer);

  if (n <= 0)
    {
      /* Like libjpeg's own sources: warn (an error here) and pretend an end marker. */
      WARNMS (cinfo, JWRN_JPEG_EOF);
      src->buffer[0] = (JOCTET) 0xFF;
      src->buffer[1] = (JOCTET) JPEG_EOI;
      n = 2;
    }

  src->pub.next_input_byte = src->buffer;
  src->pub.bytes_in_buffer = (size_t) n;
  return TRUE;
}

static void
pf_jpeg_fd_skip (j_decompress_ptr cinfo,
                 long             num_bytes)
{
  struct jpeg_source_mgr *src = cinfo->src;

  if (num_bytes <= 0)
    return;
  while (num_bytes > (long) src->bytes_in_buffer)
    {
      num_bytes -= (long) src->bytes_in_buffer;
      (*src->fill_input_buffer) (cinfo);
    }
  src->next_input_byte += num_bytes;
  src->bytes_in_buffer -= (size_t) num_bytes;
}

static void
pf_jpeg_fd_term (j_decompress_ptr cinfo)
{
}

static void
pf_jpeg_fd_src (PfJpegDecodeJob *job)
{
  PfJpegFdSource *src = &job->fd_source;

  src->fd = job->source->fd;
  src->pub.init_source = pf_jpeg_fd_init;
  src->pub.fill_input_buffer = pf_jpeg_fd_fill;
  src->pub.skip_input_data = pf_jpeg_fd_skip;
  src->pub.resync_to_restart = jpeg_resync_to_restart;
  src->pub.term_source = pf_jpeg_fd_term;
  src->pub.bytes_in_buffer = 0;
  src->pub.next_input_byte = NULL;
  job->cinfo.src = &src->pub;
}

/* EXIF orientation ---------------------------------------------------------------------- */

/* The orientation tag of IFD 0 in an APP1 "Exif\0\0" payload, or 1 (upright). */
static int
pf_exif_orientation (const guint8 *data,
                     gsize         size)
{
  ExifData *exif;
  ExifEntry *entry;
  int orientation = 1;

  exif = exif_data_new ();
  if (exif == NULL)
    return 1;
  /* Read what is there; don't "fix" the data by adding default tags. */
  exif_data_unset_option (exif, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
  exif_data_load_data (exif, data, (unsigned int) MIN (size, (gsize) G_MAXUINT));

  entry = exif_content_get_entry (exif->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
  if (entry != NULL && entry->format == EXIF_FORMAT_SHORT && entry->components >= 1
      && entry->data != NULL && entry->size >= 2)
    {
      int value = exif_get_short (entry->data, exif_data_get_byte_order (exif));

      if (value >= 1 && value <= 8)
        orientation = value;
    }

  exif_data_unref (exif);
  return orientation;
}

static int
pf_jpeg_orientation (j_decompress_ptr cinfo)
{
  for (jpeg_saved_marker_ptr m = cinfo->marker_list; m != NULL; m = m->next)
    {
      if (m->marker == JPEG_APP0 + 1 && m->data_length > 6
          && memcmp (m->data, "Exif\0\0", 6) == 0)
        return pf_exif_orientation (m->data, m->data_length);
    }
  return 1;
}

/* Orientations 5..8 swap width and height. */
static inline gboolean
pf_orientation_swaps (int orientation)
{
  return orientation >= 5;
}

/* Copies @n_rows decoded RGBA rows (source rows @first.., @src_w × @src_h in all) to where
 * EXIF @orientation puts them in the upright @bitmap. The destination of source pixel (x, y)
 * is origin + x·step_x + y·step_y, in pixels, for every orientation. */
static void
pf_place_rows (PfBitmap     *bitmap,
               const guint8 *rows,
               int           first,
               int           n_rows,
               int           src_w,
               int           src_h,
               int           orientation)
{
  gssize w = bitmap->width;
  gssize origin, step_x, step_y;
  guint8 *dst = bitmap->data;

  switch (orientation)
    {
    case 2: origin = src_w - 1; step_x = -1; step_y = w; break;                   /* mirror */
    case 3: origin = (gssize) (src_h - 1) * w + src_w - 1; step_x = -1; step_y = -w; break;
    case 4: origin = (gssize) (src_h - 1) * w; step_x = 1; step_y = -w; break;   /* flip */
    case 5: origin = 0; step_x = w; step_y = 1; break;                           /* transpose */
    case 6: origin = src_h - 1; step_x = w; step_y = -1; break;                  /* 90° cw */
    case 7: origin = (gssize) (src_w - 1) * w + src_h - 1; step_x = -w; step_y = -1; break;
    case 8: origin = (gssize) (src_w - 1) * w; step_x = -w; step_y = 1; break;   /* 90° ccw */
    case 1:
    default: origin = 0; step_x = 1; step_y = w; break;
    }

  if (orientation == 1 || orientation == 4)
    {
      for (int r = 0; r < n_rows; r++)
        memcpy (dst + (origin + (gssize) (first + r) * step_y) * 4,
                rows + (gsize) r * (gsize) src_w * 4, (gsize) src_w * 4);
    }
  else if (!pf_orientation_swaps (orientation))
    {
      for (int r = 0; r < n_rows; r++)
        {
          const guint8 *src = rows + (gsize) r * (gsize) src_w * 4;
          gssize row_origin = origin + (gssize) (first + r) * step_y;

          for (int x = 0; x < src_w; x++)
            memcpy (dst + (row_origin + x * step_x) * 4, src + (gsize) x * 4, 4);
        }
    }
  else
    {
      /* Source rows become destination columns: walk so that writes stay contiguous. */
      for (int x = 0; x < src_w; x++)
        {
          gssize column = origin + x * step_x;

          for (int r = 0; r < n_rows; r++)
            memcpy (dst + (column + (gssize) (first + r) * step_y) * 4,
                    rows + ((gsize) r * (gsize) src_w + (gsize) x) * 4, 4);
        }
    }
}

/* CMYK as libjpeg hands it over, to opaque RGBA in place. Adobe applications write
 * inverted CMYK (and say so with their APP14 marker); others write plain ink values. */
static void
pf_cmyk_to_rgba (guint8   *row,
                 int       width,
                 gboolean  inverted)
{
  for (int x = 0; x < width; x++, row += 4)
    {
      guint c = row[0], m = row[1], y = row[2], k = row[3];

      if (!inverted)
        {
          c = 255 - c;
          m = 255 - m;
          y = 255 - y;
          k = 255 - k;
        }
      row[0] = pf_div255 (c * k);
      row[1] = pf_div255 (m * k);
      row[2] = pf_div255 (y * k);
      row[3] = 255;
    }
}

/* Decoding ------------------------------------------------------------------------------ */

/* Largest DCT scale 1/8, 1/4 or 1/2 whose upright output is still at least min_width ×
 * min_height; 1/1 when none is, or when no minimum is asked for. */
static void
pf_jpeg_choose_scale (PfJpegDecodeJob *job)
{
  j_decompress_ptr cinfo = &job->cinfo;
  const PfLoadOptions *options = job->options;
  unsigned int denom;

  cinfo->scale_num = 1;
  cinfo->scale_denom = 1;
  if (options == NULL || (options->min_width <= 0 && options->min_height <= 0))
    return;

  for (denom = 8; denom > 1; denom /= 2)
    {
      JDIMENSION w, h;

      cinfo->scale_denom = denom;
      jpeg_calc_output_dimensions (cinfo);
      w = pf_orientation_swaps (job->orientation) ? cinfo->output_height : cinfo->output_width;
      h = pf_orientation_swaps (job->orientation) ? cinfo->output_width : cinfo->output_height;
      if ((options->min_width <= 0 || w >= (JDIMENSION) options->min_width)
          && (options->min_height <= 0 || h >= (JDIMENSION) options->min_height))
        return;
    }
  cinfo->scale_denom = 1;
}

/* Returns FALSE with job->err.error set; the caller cleans up. */
static gboolean
pf_jpeg_run_decode (PfJpegDecodeJob *job)
{
  j_decompress_ptr cinfo = &job->cinfo;
  const PfImageSource *source = job->source;

  pf_jpeg_error_init (&job->err, source->name, FALSE);
  cinfo->err = &job->err.pub;
  if (setjmp (job->err.jump) != 0)
    return FALSE;

  jpeg_create_decompress (cinfo);
  cinfo->mem->max_memory_to_use = PF_JPEG_MAX_MEMORY;
  job->progress.progress_monitor = pf_jpeg_progress;
  cinfo->progress = &job->progress;

  if (source->fd >= 0)
    pf_jpeg_fd_src (job);
  else
    jpeg_mem_src (cinfo, source->data, (unsigned long) source->size);

  if (job->options == NULL || !job->options->ignore_orientation)
    jpeg_save_markers (cinfo, JPEG_APP0 + 1, 0xffff);
  jpeg_read_header (cinfo, TRUE);

  if (!pf_image_check_size (cinfo->image_width, cinfo->image_height, source->name,
                            &job->err.error))
    return FALSE;

  job->orientation = pf_jpeg_orientation (cinfo);
  if (job->probing)
    {
      gboolean swap = pf_orientation_swaps (job->orientation);

      job->width = (int) (swap ? cinfo->image_height : cinfo->image_width);
      job->height = (int) (swap ? cinfo->image_width : cinfo->image_height);
      return TRUE;
    }

  switch (cinfo->jpeg_color_space)
    {
    case JCS_GRAYSCALE:
    case JCS_YCbCr:
    case JCS_RGB:
      cinfo->out_color_space = JCS_EXT_RGBA;
      break;
    case JCS_CMYK:
    case JCS_YCCK:
      cinfo->out_color_space = JCS_CMYK;
      break;
    default:
      g_set_error (&job->err.error, PF_IO_ERROR, PF_IO_ERROR_UNSUPPORTED,
                   _("“%s” uses a JPEG colour space PhotoFF cannot read"), source->name);
      return FALSE;
    }

  pf_jpeg_choose_scale (job);
  jpeg_start_decompress (cinfo);

  if (cinfo->output_components != 4)
    {
      g_set_error (&job->err.error, PF_IO_ERROR, PF_IO_ERROR_UNSUPPORTED,
                   _("“%s” uses a JPEG colour space PhotoFF cannot read"), source->name);
      return FALSE;
    }

  {
    int src_w = (int) cinfo->output_width;
    int src_h = (int) cinfo->output_height;
    gboolean swap = pf_orientation_swaps (job->orientation);
    JSAMPROW pointers[PF_JPEG_BATCH];

    job->width = swap ? src_h : src_w;
    job->height = swap ? src_w : src_h;
    job->bitmap = pf_bitmap_new (job->width, job->height, &job->err.error);
    if (job->bitmap == NULL)
      return FALSE;

    job->rows = g_try_malloc ((gsize) PF_JPEG_BATCH * (gsize) src_w * 4);
    if (job->rows == NULL)
      {
        g_set_error (&job->err.error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                     _("Not enough memory to decode “%s”"), source->name);
        return FALSE;
      }
    for (int r = 0; r < PF_JPEG_BATCH; r++)
      pointers[r] = job->rows + (gsize) r * (gsize) src_w * 4;

    while (cinfo->output_scanline < cinfo->output_height)
      {
        int first = (int) cinfo->output_scanline;
        int n = 0;

        while (n < PF_JPEG_BATCH && cinfo->output_scanline < cinfo->output_height)
          n += (int) jpeg_read_scanlines (cinfo, pointers + n, (JDIMENSION) (PF_JPEG_BATCH - n));

        if (cinfo->out_color_space == JCS_CMYK)
          for (int r = 0; r < n; r++)
            pf_cmyk_to_rgba (pointers[r], src_w, cinfo->saw_Adobe_marker);

        pf_place_rows (job->bitmap, job->rows, first, n, src_w, src_h, job->orientation);
      }
  }

  /* Reads up to the end marker, so that a file cut after its last row is caught too. */
  jpeg_finish_decompress (cinfo);

  if (cinfo->saw_JFIF_marker && cinfo->X_density > 0)
    {
      double scale = (double) cinfo->scale_num / cinfo->scale_denom;

      if (cinfo->density_unit == 1)
        job->bitmap->dpi = cinfo->X_density * scale;
      else if (cinfo->density_unit == 2)
        job->bitmap->dpi = cinfo->X_density * 2.54 * scale;
    }

  return TRUE;
}

static gboolean
pf_jpeg_decode_job (PfJpegDecodeJob *job,
                    GError         **error)
{
  gboolean ok = pf_jpeg_run_decode (job);

  jpeg_destroy_decompress (&job->cinfo);
  g_clear_pointer (&job->rows, g_free);
  if (!ok)
    {
      g_clear_pointer (&job->bitmap, pf_bitmap_free);
      if (job->err.error == NULL)
        g_set_error (&job->err.error, PF_IO_ERROR, PF_IO_ERROR_CORRUPT,
                     _("“%s” is not a valid JPEG file"), job->source->name);
      g_propagate_error (error, job->err.error);
      job->err.error = NULL;
    }
  return ok;
}

PfBitmap *
pf_jpeg_decode (const PfImageSource  *source,
                const PfLoadOptions  *options,
                GError              **error)
{
  g_autofree PfJpegDecodeJob *job = g_new0 (PfJpegDecodeJob, 1);

  job->source = source;
  job->options = options;
  job->orientation = 1;
  if (!pf_jpeg_decode_job (job, error))
    return NULL;

  return g_steal_pointer (&job->bitmap);
}

gboolean
pf_jpeg_probe (const PfImageSource  *source,
               int                  *width,
               int                  *height,
               GError              **error)
{
  g_autofree PfJpegDecodeJob *job = g_new0 (PfJpegDecodeJob, 1);

  job->source = source;
  job->probing = TRUE;
  job->orientation = 1;
  if (!pf_jpeg_decode_job (job, error))
    return FALSE;

  *width = job->width;
  *height = job->height;
  return TRUE;
}

/* Encoding ------------------------------------------------------------------------------ */

typedef struct
{
  struct jpeg_destination_mgr pub;
  guint8 *data;
  gsize size;
  gsize capacity;
} PfJpegDest;

typedef struct
{
  struct jpeg_compress_struct cinfo;
  PfJpegErrorMgr err;
  PfJpegDest dest;
  const PfBitmap *bitmap;
  const PfSaveOptions *options;
  guint8 *row;
} PfJpegEncodeJob;

/* Grows the output by doubling, with g_try_realloc: libjpeg's own memory destination leaks
 * its buffer when an error interrupts it. */
static gboolean
pf_jpeg_dest_grow (j_compress_ptr cinfo)
{
  PfJpegDest *dest = (PfJpegDest *) cinfo->dest;
  gsize capacity = dest->capacity > 0 ? dest->capacity * 2 : 65536;
  guint8 *data = g_try_realloc (dest->data, capacity);

  if (data == NULL)
    ERREXIT1 (cinfo, JERR_OUT_OF_MEMORY, 10);

  dest->data = data;
  dest->capacity = capacity;
  dest->pub.next_output_byte = dest->data + dest->size;
  dest->pub.free_in_buffer = capacity - dest->size;
  return TRUE;
}

static void
pf_jpeg_dest_init (j_compress_ptr cinfo)
{
  pf_jpeg_dest_grow (cinfo);
}

static boolean
pf_jpeg_dest_empty (j_compress_ptr cinfo)
{
  PfJpegDest *dest = (PfJpegDest *) cinfo->dest;

  /* libjpeg calls this when the buffer is full, whatever free_in_buffer last said */
  dest->size = dest->capacity;
  return pf_jpeg_dest_grow (cinfo);
}

static void
pf_jpeg_dest_term (j_compress_ptr cinfo)
{
  PfJpegDest *dest = (PfJpegDest *) cinfo->dest;

  dest->size = dest->capacity - dest->pub.free_in_buffer;
}

static gboolean
pf_jpeg_run_encode (PfJpegEncodeJob *job)
{
  j_compress_ptr cinfo = &job->cinfo;
  const PfBitmap *bitmap = job->bitmap;
  const PfSaveOptions *options = job->options;
  int quality = options != NULL && options->quality > 0 ? options->quality
                                                          : PF_JPEG_DEFAULT_QUALITY;

  cinfo->err = &job->err.pub;
  if (setjmp (job->err.jump) != 0)
    return FALSE;

  jpeg_create_compress (cinfo);
  job->dest.pub.init_destination = pf_jpeg_dest_init;
  job->dest.pub.empty_output_buffer = pf_jpeg_dest_empty;
  job->dest.pub.term_destination = pf_jpeg_dest_term;
  cinfo->dest = &job->dest.pub;

  cinfo->image_width = (JDIMENSION) bitmap->width;
  cinfo->image_height = (JDIMENSION) bitmap->height;
  cinfo->input_components = 3;
  cinfo->in_color_space = JCS_RGB;
  jpeg_set_defaults (cinfo);
  jpeg_set_quality (cinfo, quality, TRUE);
  cinfo->optimize_coding = TRUE;
  if (quality >= 90)
    {
      /* Print quality: keep full colour resolution (crisp coloured borders and text). */
      for (int c = 0; c < cinfo->num_components; c++)
        {
          cinfo->comp_info[c].h_samp_factor = 1;
          cinfo->comp_info[c].v_samp_factor = 1;
        }
    }

  cinfo->write_JFIF_header = TRUE;
  if (options != NULL && options->dpi > 0)
    {
      long density = lround (options->dpi);

      cinfo->density_unit = 1;   /* dots per inch */
      cinfo->X_density = (UINT16) CLAMP (density, 1, 65535);
      cinfo->Y_density = cinfo->X_density;
    }

  job->row = g_try_malloc ((gsize) bitmap->width * 3);
  if (job->row == NULL)
    ERREXIT1 (cinfo, JERR_OUT_OF_MEMORY, 11);

  jpeg_start_compress (cinfo, TRUE);
  while (cinfo->next_scanline < cinfo->image_height)
    {
      const guint8 *src = bitmap->data + (gsize) cinfo->next_scanline * bitmap->stride;
      guint8 *dst = job->row;
      JSAMPROW pointer = job->row;

      /* Over white: c·a/255 + 255·(1 − a/255) is the premultiplied value plus 255 − a. */
      for (int x = 0; x < bitmap->width; x++, src += 4, dst += 3)
        {
          guint white = 255u - src[3];

          dst[0] = (guint8) MIN (src[0] + white, 255u);
          dst[1] = (guint8) MIN (src[1] + white, 255u);
          dst[2] = (guint8) MIN (src[2] + white, 255u);
        }
      jpeg_write_scanlines (cinfo, &pointer, 1);
    }
  jpeg_finish_compress (cinfo);

  return TRUE;
}

GBytes *
pf_jpeg_encode (const PfBitmap       *bitmap,
                const PfSaveOptions  *options,
                const char           *name,
                GError              **error)
{
  g_autofree PfJpegEncodeJob *job = g_new0 (PfJpegEncodeJob, 1);
  gboolean ok;

  job->bitmap = bitmap;
  job->options = options;
  pf_jpeg_error_init (&job->err, name, TRUE);

  ok = pf_jpeg_run_encode (job);
  jpeg_destroy_compress (&job->cinfo);
  g_clear_pointer (&job->row, g_free);

  if (!ok)
    {
      g_free (job->dest.data);
      if (job->err.error == NULL)
        g_set_error (&job->err.error, PF_IO_ERROR, PF_IO_ERROR_WRITE,
                     _("Could not encode “%s” as JPEG"), name);
      g_propagate_error (error, job->err.error);
      return NULL;
    }

  return g_bytes_new_take (job->dest.data, job->dest.size);
}
