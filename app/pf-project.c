/* pf-project.c — the .photoff project file: validation, reading and writing */
#define G_LOG_DOMAIN "pf-project"

#include "config.h"

#include <glib/gi18n.h>

#include "pf-project.h"

#include "pf-file.h"
#include "pf-model-private.h"

#include <math.h>
#include <string.h>

/* =======================================================================================
 * Before parsing: what json-glib would crash on or silently get wrong
 * =======================================================================================
 *
 * json-glib parses recursively (deep nesting overflows the stack), truncates strings at
 * "\u0000" and wraps integers beyond 64 bits. One linear pass catches all three and says
 * where, naming the member the value belongs to.
 */

static void
set_scan_error (GError     **error,
                const char  *data,
                gsize        key_start,
                gsize        key_len,
                guint        line,
                const char  *what)
{
  if (key_len > 0)
    {
      g_autofree char *key = g_strndup (data + key_start, MIN (key_len, 64));
      g_set_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_PARSE,
                   /* Translators: line number, JSON member name, what is wrong */
                   _("line %u: “%s”: %s"), line, key, what);
    }
  else
    {
      g_set_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_PARSE,
                   _("line %u: %s"), line, what);
    }
}

static gboolean
scan_text (const char  *data,
           gsize        length,
           GError     **error)
{
  guint line = 1;
  int depth = 0;
  gsize string_start = 0, string_len = 0;   /* the last string seen */
  gsize key_start = 0, key_len = 0;         /* the member being read */

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '\0')
        {
          set_scan_error (error, data, 0, 0, line, _("the file contains a NUL byte"));
          return FALSE;
        }
      else if (c == '\n')
        {
          line++;
        }
      else if (c == '"')
        {
          gsize j = i + 1;

          while (j < length && data[j] != '"')
            {
              if (data[j] == '\\' && j + 1 < length)
                {
                  if (data[j + 1] == 'u' && j + 5 < length &&
                      strncmp (data + j + 2, "0000", 4) == 0)
                    {
                      set_scan_error (error, data, key_start, key_len, line,
                                      _("text must not contain NUL characters"));
                      return FALSE;
                    }
                  j += 2;
                  continue;
                }
              if (data[j] == '\0')
                break;
              if (data[j] == '\n')
                line++;
              j++;
            }
          string_start = i + 1;
          string_len = j - i - 1;
          i = j;   /* at the closing quote, or past the end when truncated */
        }
      else if (c == ':')
        {
          key_start = string_start;
          key_len = string_len;
        }
      else if (c == '{' || c == '[')
        {
          if (++depth > PF_PROJECT_MAX_DEPTH)
            {
              g_autofree char *what =
                g_strdup_printf (_("nested deeper than %d levels"), PF_PROJECT_MAX_DEPTH);
              set_scan_error (error, data, key_start, key_len, line, what);
              return FALSE;
            }
        }
      else if (c == '}' || c == ']')
        {
          depth--;
        }
      else if (c == '-' || g_ascii_isdigit (c))
        {
          gsize j = i, digits = 0;
          gboolean integer = TRUE;

          for (; j < length && strchr ("+-0123456789.eE", data[j]) != NULL; j++)
            {
              if (g_ascii_isdigit (data[j]))
                digits++;
              else if (data[j] != '-')
                integer = FALSE;
            }
          /* 18 digits always fit in 64 bits; no key of ours needs more. */
          if (integer && digits > 18)
            {
              set_scan_error (error, data, key_start, key_len, line,
                              _("integer too large"));
              return FALSE;
            }
          i = j - 1;
        }
    }

  return TRUE;
}

/* =======================================================================================
 * Reading: validation with key paths
 * ======================================================================================= */

typedef struct
{
  const char *base_dir;   /* absolute folder relative paths resolve against, or NULL */
} Reader;

/* "layout" + "rows" → "layout.rows"; "" + "page" → "page". */
static char *
key_path (const char *where,
          const char *key)
{
  if (where == NULL || where[0] == '\0')
    return g_strdup (key);
  if (key == NULL || key[0] == '\0')
    return g_strdup (where);
  return g_strconcat (where, ".", key, NULL);
}

static gboolean G_GNUC_PRINTF (4, 5)
invalid (GError     **error,
         const char  *where,
         const char  *key,
         const char  *format,
         ...)
{
  g_autofree char *path = key_path (where, key);
  g_autofree char *message = NULL;
  va_list args;

  if (path == NULL)
    path = g_strdup (_("(top level)"));

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_INVALID,
               /* Translators: a key path such as "layout.rows", then what is wrong */
               _("%s: %s"), path, message);
  return FALSE;
}

/* A member, or NULL when absent. */
static JsonNode *
member (JsonObject *object,
        const char *key)
{
  return object != NULL ? json_object_get_member (object, key) : NULL;
}

static gboolean
node_is_number (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

/* The node's number, when it is a finite one (integers included). */
static gboolean
node_get_number (JsonNode *node,
                 double   *value)
{
  double v;

  if (!node_is_number (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    v = (double) json_node_get_int (node);
  else
    v = json_node_get_double (node);
  if (!isfinite (v))
    return FALSE;
  *value = v;
  return TRUE;
}

static gboolean
read_int (JsonObject  *object,
          const char  *where,
          const char  *key,
          gint64       min,
          gint64       max,
          gint64      *value,
          GError     **error)
{
  JsonNode *node = member (object, key);
  double v;

  if (node == NULL)
    return TRUE;   /* keep the default */

  /* 3.0 is an integer (as in JSON Schema); 3.5, "3", NaN-like overflows are not. */
  if (!node_get_number (node, &v) || v != floor (v) || v < min || v > max)
    return invalid (error, where, key,
                    _("must be an integer from %lld to %lld"),
                    (long long) min, (long long) max);
  *value = (gint64) v;
  return TRUE;
}

static gboolean
read_int32 (JsonObject  *object,
            const char  *where,
            const char  *key,
            int          min,
            int          max,
            int         *value,
            GError     **error)
{
  gint64 v = *value;

  if (!read_int (object, where, key, min, max, &v, error))
    return FALSE;
  *value = (int) v;
  return TRUE;
}

static gboolean
read_double (JsonObject  *object,
             const char  *where,
             const char  *key,
             double       min,
             double       max,
             double      *value,
             GError     **error)
{
  JsonNode *node = member (object, key);
  double v;

  if (node == NULL)
    return TRUE;

  if (!node_get_number (node, &v) || v < min || v > max)
    return invalid (error, where, key, _("must be a number from %g to %g"), min, max);
  *value = v == 0 ? 0 : v;   /* no −0 */
  return TRUE;
}

static gboolean
read_bool (JsonObject  *object,
           const char  *where,
           const char  *key,
           gboolean    *value,
           GError     **error)
{
  JsonNode *node = member (object, key);

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return invalid (error, where, key, _("must be true or false"));
  *value = json_node_get_boolean (node);
  return TRUE;
}

static const char *
node_get_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
read_enum (JsonObject  *object,
           const char  *where,
           const char  *key,
           GType        type,
           int         *value,
           GError     **error)
{
  JsonNode *node = member (object, key);
  const char *nick;

  if (node == NULL)
    return TRUE;

  nick = node_get_string (node);
  if (nick == NULL || !pf_enum_from_nick (type, nick, value))
    {
      GEnumClass *klass = g_type_class_ref (type);
      g_autoptr(GString) choices = g_string_new (NULL);

      for (guint i = 0; i < klass->n_values; i++)
        g_string_append_printf (choices, "%s“%s”", i > 0 ? ", " : "",
                                klass->values[i].value_nick);
      g_type_class_unref (klass);
      return invalid (error, where, key, _("must be one of %s"), choices->str);
    }
  return TRUE;
}

static gboolean
read_color (JsonObject  *object,
            const char  *where,
            const char  *key,
            PfRgba      *value,
            GError     **error)
{
  JsonNode *node = member (object, key);
  const char *spec;

  if (node == NULL)
    return TRUE;

  spec = node_get_string (node);
  if (spec == NULL || !pf_rgba_parse (value, spec))
    return invalid (error, where, key,
                    _("must be a colour written “#rrggbb” or “#rrggbbaa”"));
  return TRUE;
}

/* A file name: absolute as it is, relative against the project's folder. @value gets an
 * absolute path, or stays NULL when the key is absent or null. */
static gboolean
read_path (Reader      *reader,
           JsonObject  *object,
           const char  *where,
           const char  *key,
           char       **value,
           GError     **error)
{
  JsonNode *node = member (object, key);
  const char *text;
  g_autofree char *filename = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  text = node_get_string (node);
  if (text == NULL || text[0] == '\0')
    return invalid (error, where, key, _("must be a non-empty file name"));

  filename = g_filename_from_utf8 (text, -1, NULL, NULL, NULL);
  if (filename == NULL)
    return invalid (error, where, key, _("cannot be a file name here"));
  if (G_DIR_SEPARATOR != '/')
    g_strdelimit (filename, "/", G_DIR_SEPARATOR);

  /* g_canonicalize_filename() keeps absolute names and resolves relative ones. */
  g_free (*value);
  *value = g_canonicalize_filename (filename, reader->base_dir);
  return TRUE;
}

/* [a, b] with both numbers within min..max. */
static gboolean
read_pair (JsonObject  *object,
           const char  *where,
           const char  *key,
           double       min,
           double       max,
           gboolean     integers,
           double      *a,
           double      *b,
           GError     **error)
{
  JsonNode *node = member (object, key);
  JsonArray *array;
  double v[2];

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (array = json_node_get_array (node)) != 2)
    goto bad;
  for (guint i = 0; i < 2; i++)
    {
      if (!node_get_number (json_array_get_element (array, i), &v[i]) ||
          v[i] < min || v[i] > max || (integers && v[i] != floor (v[i])))
        goto bad;
    }
  *a = v[0] == 0 ? 0 : v[0];
  *b = v[1] == 0 ? 0 : v[1];
  return TRUE;

bad:
  if (integers)
    return invalid (error, where, key, _("must be two integers from %g to %g"), min, max);
  return invalid (error, where, key, _("must be two numbers from %g to %g"), min, max);
}

/* The object at @key: NULL and TRUE when absent; FALSE when not an object. */
static gboolean
read_object (JsonObject  *object,
             const char  *where,
             const char  *key,
             JsonObject **value,
             GError     **error)
{
  JsonNode *node = member (object, key);

  *value = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, where, key, _("must be an object"));
  *value = json_node_get_object (node);
  return TRUE;
}

/* json-glib decodes a lone surrogate escape ("\udc00") into bytes that are not UTF-8:
 * such text could be written out but never read back. */
static gboolean
check_text (const char  *text,
            const char  *where,
            const char  *what,
            GError     **error)
{
  if (g_utf8_validate (text, -1, NULL))
    return TRUE;
  return invalid (error, where, NULL, "%s", what);
}

/* Numbers json-glib turned into ±inf (1e309) cannot be written back as JSON, nor text
 * that is not Unicode. */
static gboolean
check_unknown_value (JsonNode    *node,
                     const char  *path,
                     GError     **error)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_DOUBLE &&
          !isfinite (json_node_get_double (node)))
        return invalid (error, path, NULL, _("number out of range"));
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        return check_text (json_node_get_string (node), path,
                           _("text is not valid Unicode (a lone surrogate escape?)"), error);
      return TRUE;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            g_autofree char *item = g_strdup_printf ("%s[%u]", path, i);
            if (!check_unknown_value (json_array_get_element (array, i), item, error))
              return FALSE;
          }
        return TRUE;
      }

    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *child;

        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &child))
          {
            g_autofree char *item = NULL;

            if (!check_text (name, path, _("a member name is not valid Unicode"), error))
              return FALSE;
            item = key_path (path, name);
            if (!check_unknown_value (child, item, error))
              return FALSE;
          }
        return TRUE;
      }

    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

/* The members of @object not in @known (NULL-terminated), in file order, or NULL. */
static gboolean
collect_unknown (JsonObject          *object,
                 const char          *where,
                 const char * const  *known,
                 JsonObject         **extra,
                 GError             **error)
{
  g_autoptr(JsonObject) found = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  *extra = NULL;
  if (object == NULL)
    return TRUE;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      g_autofree char *path = NULL;

      if (g_strv_contains (known, name))
        continue;

      if (!check_text (name, where, _("a member name is not valid Unicode"), error))
        return FALSE;
      path = key_path (where, name);
      if (!check_unknown_value (node, path, error))
        return FALSE;
      if (found == NULL)
        found = json_object_new ();
      json_object_set_member (found, name, json_node_copy (node));
    }

  *extra = g_steal_pointer (&found);
  return TRUE;
}

static gboolean
read_style (JsonObject  *object,
            const char  *where,
            PfStyle     *style,
            GError     **error)
{
  static const char * const style_keys[] = {
    "corner_radius", "blur", "shadow", "stroke", NULL
  };
  static const char * const shadow_keys[] = {
    "enabled", "dx", "dy", "blur", "spread", "color", NULL
  };
  static const char * const stroke_keys[] = { "width", "color", "position", NULL };
  g_autofree char *shadow_where = key_path (where, "shadow");
  g_autofree char *stroke_where = key_path (where, "stroke");
  JsonObject *shadow, *stroke;
  JsonObject *extra[PF_STYLE_N_EXTRAS];
  double corner_radius = pf_style_get_corner_radius (style);
  double blur = pf_style_get_blur (style);
  gboolean shadow_enabled = pf_style_get_shadow_enabled (style);
  int shadow_dx = pf_style_get_shadow_dx (style);
  int shadow_dy = pf_style_get_shadow_dy (style);
  double shadow_blur = pf_style_get_shadow_blur (style);
  double shadow_spread = pf_style_get_shadow_spread (style);
  double stroke_width = pf_style_get_stroke_width (style);
  int stroke_position = pf_style_get_stroke_position (style);
  PfRgba shadow_color, stroke_color;

  pf_style_get_shadow_color (style, &shadow_color);
  pf_style_get_stroke_color (style, &stroke_color);

  if (!read_double (object, where, "corner_radius", 0, PF_STYLE_MAX_CORNER_RADIUS,
                    &corner_radius, error) ||
      !read_double (object, where, "blur", 0, PF_STYLE_MAX_BLUR, &blur, error) ||
      !read_object (object, where, "shadow", &shadow, error) ||
      !read_object (object, where, "stroke", &stroke, error))
    return FALSE;

  /* A "shadow" object is a shadow: "enabled" only needs saying to turn it off. */
  if (shadow != NULL)
    shadow_enabled = TRUE;

  if (!read_bool (shadow, shadow_where, "enabled", &shadow_enabled, error) ||
      !read_int32 (shadow, shadow_where, "dx", -PF_STYLE_MAX_SHADOW_OFFSET,
                   PF_STYLE_MAX_SHADOW_OFFSET, &shadow_dx, error) ||
      !read_int32 (shadow, shadow_where, "dy", -PF_STYLE_MAX_SHADOW_OFFSET,
                   PF_STYLE_MAX_SHADOW_OFFSET, &shadow_dy, error) ||
      !read_double (shadow, shadow_where, "blur", 0, PF_STYLE_MAX_BLUR, &shadow_blur,
                    error) ||
      !read_double (shadow, shadow_where, "spread", -PF_STYLE_MAX_SHADOW_SPREAD,
                    PF_STYLE_MAX_SHADOW_SPREAD, &shadow_spread, error) ||
      !read_color (shadow, shadow_where, "color", &shadow_color, error) ||
      !read_double (stroke, stroke_where, "width", 0, PF_STYLE_MAX_STROKE_WIDTH,
                    &stroke_width, error) ||
      !read_color (stroke, stroke_where, "color", &stroke_color, error) ||
      !read_enum (stroke, stroke_where, "position", PF_TYPE_STROKE_POSITION,
                  &stroke_position, error))
    return FALSE;

  if (!collect_unknown (object, where, style_keys, &extra[PF_STYLE_EXTRA_STYLE], error))
    return FALSE;
  if (!collect_unknown (shadow, shadow_where, shadow_keys, &extra[PF_STYLE_EXTRA_SHADOW],
                        error))
    {
      g_clear_pointer (&extra[PF_STYLE_EXTRA_STYLE], json_object_unref);
      return FALSE;
    }
  if (!collect_unknown (stroke, stroke_where, stroke_keys, &extra[PF_STYLE_EXTRA_STROKE],
                        error))
    {
      g_clear_pointer (&extra[PF_STYLE_EXTRA_STYLE], json_object_unref);
      g_clear_pointer (&extra[PF_STYLE_EXTRA_SHADOW], json_object_unref);
      return FALSE;
    }

  pf_style_set_corner_radius (style, corner_radius);
  pf_style_set_blur (style, blur);
  pf_style_set_shadow_enabled (style, shadow_enabled);
  pf_style_set_shadow_dx (style, shadow_dx);
  pf_style_set_shadow_dy (style, shadow_dy);
  pf_style_set_shadow_blur (style, shadow_blur);
  pf_style_set_shadow_spread (style, shadow_spread);
  pf_style_set_shadow_color (style, &shadow_color);
  pf_style_set_stroke_width (style, stroke_width);
  pf_style_set_stroke_color (style, &stroke_color);
  pf_style_set_stroke_position (style, stroke_position);
  for (guint i = 0; i < PF_STYLE_N_EXTRAS; i++)
    {
      pf_style_set_extra (style, i, extra[i]);
      g_clear_pointer (&extra[i], json_object_unref);
    }
  return TRUE;
}

static PfCell *
read_cell (Reader      *reader,
           JsonNode    *node,
           guint        index,
           PfStyle     *document_style,
           GError     **error)
{
  static const char * const keys[] = {
    "photo", "fit", "pan", "zoom", "rotate", "flip", "span", "style", NULL
  };
  g_autofree char *where = g_strdup_printf ("cells[%u]", index);
  g_autofree char *photo = NULL;
  g_autoptr(PfCell) cell = pf_cell_new (NULL);
  g_autoptr(PfStyle) style = NULL;
  g_autoptr(JsonObject) extra = NULL;
  JsonObject *object, *style_object;
  int fit = PF_FIT_COVER, flip = PF_FLIP_NONE;
  double pan_x = 0.5, pan_y = 0.5, zoom = 1, rotate = 0;
  double span_columns = 1, span_rows = 1;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, where, NULL, _("must be an object"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!read_path (reader, object, where, "photo", &photo, error) ||
      !read_enum (object, where, "fit", PF_TYPE_FIT, &fit, error) ||
      !read_pair (object, where, "pan", 0, 1, FALSE, &pan_x, &pan_y, error) ||
      !read_double (object, where, "zoom", 1, PF_CELL_MAX_ZOOM, &zoom, error) ||
      !read_double (object, where, "rotate", -PF_CELL_MAX_ROTATE, PF_CELL_MAX_ROTATE,
                    &rotate, error) ||
      !read_enum (object, where, "flip", PF_TYPE_FLIP, &flip, error) ||
      !read_pair (object, where, "span", 1, PF_CELL_MAX_SPAN, TRUE, &span_columns,
                  &span_rows, error))
    return NULL;

  /* "style": null, like no "style", means the document's. */
  if (member (object, "style") != NULL && !JSON_NODE_HOLDS_NULL (member (object, "style")))
    {
      g_autofree char *style_where = key_path (where, "style");

      if (!read_object (object, where, "style", &style_object, error))
        return NULL;
      /* What the cell's style does not say, it takes from the document's. */
      style = pf_style_copy (document_style);
      for (guint i = 0; i < PF_STYLE_N_EXTRAS; i++)
        pf_style_set_extra (style, i, NULL);
      if (!read_style (style_object, style_where, style, error))
        return NULL;
    }

  if (!collect_unknown (object, where, keys, &extra, error))
    return NULL;

  pf_cell_set_photo (cell, photo);
  pf_cell_set_fit (cell, fit);
  pf_cell_set_pan (cell, pan_x, pan_y);
  pf_cell_set_zoom (cell, zoom);
  pf_cell_set_rotate (cell, rotate);
  pf_cell_set_flip (cell, flip);
  pf_cell_set_span (cell, (int) span_columns, (int) span_rows);
  pf_cell_set_style (cell, style);
  pf_cell_set_extra (cell, extra);
  return g_steal_pointer (&cell);
}

static gboolean
read_version (JsonObject  *root,
              GError     **error)
{
  JsonNode *node = member (root, "format");
  const char *format = node_get_string (node);
  double version;

  if (node == NULL)
    {
      g_set_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_INVALID,
                   _("format: missing; this is not a PhotoFF project"));
      return FALSE;
    }
  if (format == NULL || !g_str_equal (format, PF_PROJECT_FORMAT))
    return invalid (error, NULL, "format", _("must be “%s”; this is not a PhotoFF project"),
                    PF_PROJECT_FORMAT);

  node = member (root, "version");
  if (node == NULL)
    return invalid (error, NULL, "version", _("missing"));
  if (!node_get_number (node, &version) || version != floor (version) || version < 1)
    return invalid (error, NULL, "version", _("must be an integer from 1"));
  if (version > PF_PROJECT_VERSION)
    {
      g_set_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_VERSION,
                   _("version: this project is in format version %.0f, written by a newer "
                     "PhotoFF; this version reads up to version %d"),
                   version, PF_PROJECT_VERSION);
      return FALSE;
    }
  return TRUE;
}

PfDocument *
pf_project_from_json (JsonNode    *root,
                      const char  *base_dir,
                      GError     **error)
{
  static const char * const root_keys[] = {
    "format", "version", "page", "background", "layout", "style", "cells", NULL
  };
  static const char * const page_keys[] = { "width", "height", "dpi", NULL };
  static const char * const background_keys[] = {
    "type", "color", "gradient_from", "gradient_to", "gradient_direction", "photo", "blur",
    NULL
  };
  static const char * const layout_keys[] = {
    "type", "rows", "columns", "spacing", "margin", "seed", NULL
  };
  g_autoptr(PfDocument) document = NULL;
  g_autofree char *absolute_base = NULL;
  g_autofree char *background_photo = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  JsonObject *object, *page, *background, *layout, *style;
  JsonObject *extra[PF_DOCUMENT_N_EXTRAS] = { NULL, };
  JsonNode *cells_node;
  Reader reader = { NULL };
  int width, height, dpi = 300;
  int background_type = PF_BACKGROUND_COLOR, gradient_direction;
  PfGradient direction;
  PfRgba background_color, gradient_from, gradient_to;
  double background_blur;
  int layout_type = PF_LAYOUT_GRID, rows, columns, spacing, margin;
  gint64 seed;
  gboolean ok = FALSE;

  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (base_dir != NULL)
    reader.base_dir = absolute_base = g_canonicalize_filename (base_dir, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      invalid (error, NULL, NULL, _("must be an object; this is not a PhotoFF project"));
      return NULL;
    }
  object = json_node_get_object (root);
  if (!read_version (object, error))
    return NULL;

  document = pf_document_new ();

  /* Page: a missing size is A4 at the file's DPI. */
  if (!read_object (object, NULL, "page", &page, error) ||
      !read_int32 (page, "page", "dpi", PF_PAGE_MIN_DPI, PF_PAGE_MAX_DPI, &dpi, error))
    return NULL;
  pf_page_preset_get_size (pf_page_preset_lookup ("a4"), PF_ORIENTATION_PORTRAIT, dpi,
                           &width, &height);
  if (!read_int32 (page, "page", "width", 1, PF_PAGE_MAX_SIDE, &width, error) ||
      !read_int32 (page, "page", "height", 1, PF_PAGE_MAX_SIDE, &height, error))
    return NULL;
  if (!pf_page_size_is_valid (width, height))
    {
      invalid (error, "page", NULL,
               _("%d × %d pixels is more than the limit of %lld pixels"),
               width, height, (long long) PF_PAGE_MAX_PIXELS);
      return NULL;
    }

  /* Background */
  pf_document_get_background_color (document, &background_color);
  pf_document_get_gradient (document, &gradient_from, &gradient_to, &direction);
  gradient_direction = direction;
  background_blur = pf_document_get_background_blur (document);
  if (!read_object (object, NULL, "background", &background, error) ||
      !read_enum (background, "background", "type", PF_TYPE_BACKGROUND_TYPE,
                  &background_type, error) ||
      !read_color (background, "background", "color", &background_color, error) ||
      !read_color (background, "background", "gradient_from", &gradient_from, error) ||
      !read_color (background, "background", "gradient_to", &gradient_to, error) ||
      !read_enum (background, "background", "gradient_direction", PF_TYPE_GRADIENT,
                  &gradient_direction, error) ||
      !read_path (&reader, background, "background", "photo", &background_photo, error) ||
      !read_double (background, "background", "blur", 0, PF_DOCUMENT_MAX_BACKGROUND_BLUR,
                    &background_blur, error))
    return NULL;

  /* Layout */
  rows = pf_document_get_rows (document);
  columns = pf_document_get_columns (document);
  spacing = pf_document_get_spacing (document);
  margin = pf_document_get_margin (document);
  seed = pf_document_get_mosaic_seed (document);
  if (!read_object (object, NULL, "layout", &layout, error) ||
      !read_enum (layout, "layout", "type", PF_TYPE_LAYOUT_TYPE, &layout_type, error) ||
      !read_int32 (layout, "layout", "rows", 1, PF_DOCUMENT_MAX_ROWS, &rows, error) ||
      !read_int32 (layout, "layout", "columns", 1, PF_DOCUMENT_MAX_COLUMNS, &columns,
                   error) ||
      !read_int32 (layout, "layout", "spacing", 0, PF_DOCUMENT_MAX_SPACING, &spacing,
                   error) ||
      !read_int32 (layout, "layout", "margin", 0, PF_DOCUMENT_MAX_MARGIN, &margin, error) ||
      !read_int (layout, "layout", "seed", 0, G_MAXUINT32, &seed, error))
    return NULL;

  /* Style (before the cells, whose styles start from it) */
  if (!read_object (object, NULL, "style", &style, error) ||
      !read_style (style, "style", pf_document_get_style (document), error))
    return NULL;

  /* Cells */
  cells = g_ptr_array_new_with_free_func (g_object_unref);
  cells_node = member (object, "cells");
  if (cells_node != NULL)
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (cells_node))
        {
          invalid (error, NULL, "cells", _("must be an array"));
          return NULL;
        }
      array = json_node_get_array (cells_node);
      if (json_array_get_length (array) > PF_DOCUMENT_MAX_CELLS)
        {
          invalid (error, NULL, "cells", _("at most %d cells are allowed, not %u"),
                   PF_DOCUMENT_MAX_CELLS, json_array_get_length (array));
          return NULL;
        }
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          PfCell *cell = read_cell (&reader, json_array_get_element (array, i), i,
                                    pf_document_get_style (document), error);
          if (cell == NULL)
            return NULL;
          g_ptr_array_add (cells, cell);
        }
    }

  /* Unknown members, then everything is known good: build. */
  if (!collect_unknown (object, NULL, root_keys, &extra[PF_DOCUMENT_EXTRA_ROOT], error) ||
      !collect_unknown (page, "page", page_keys, &extra[PF_DOCUMENT_EXTRA_PAGE], error) ||
      !collect_unknown (background, "background", background_keys,
                        &extra[PF_DOCUMENT_EXTRA_BACKGROUND], error) ||
      !collect_unknown (layout, "layout", layout_keys, &extra[PF_DOCUMENT_EXTRA_LAYOUT],
                        error))
    goto out;

  /* DPI first: on a preset page it rescales the size, which is then set exactly. */
  pf_document_set_dpi (document, dpi);
  pf_document_set_size (document, width, height);

  pf_document_set_background_type (document, background_type);
  pf_document_set_background_color (document, &background_color);
  pf_document_set_gradient (document, &gradient_from, &gradient_to, gradient_direction);
  pf_document_set_background_photo (document, background_photo);
  pf_document_set_background_blur (document, background_blur);

  pf_document_set_layout_type (document, layout_type);
  pf_document_set_grid (document, columns, rows);
  pf_document_set_spacing (document, spacing);
  pf_document_set_margin (document, margin);
  pf_document_set_mosaic_seed (document, (guint32) seed);

  if (cells->len > 0)
    g_list_store_splice (G_LIST_STORE (pf_document_get_cells (document)), 0, 0,
                         cells->pdata, cells->len);

  for (guint i = 0; i < PF_DOCUMENT_N_EXTRAS; i++)
    pf_document_set_extra (document, i, extra[i]);
  ok = TRUE;

out:
  for (guint i = 0; i < PF_DOCUMENT_N_EXTRAS; i++)
    g_clear_pointer (&extra[i], json_object_unref);
  return ok ? g_steal_pointer (&document) : NULL;
}

PfDocument *
pf_project_load_data (const char  *data,
                      gsize        length,
                      const char  *base_dir,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) json_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length > PF_PROJECT_MAX_FILE_SIZE)
    {
      g_set_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_PARSE,
                   _("the file is larger than %d MiB"), PF_PROJECT_MAX_FILE_SIZE >> 20);
      return NULL;
    }
  if (!scan_text (data, length, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &json_error))
    {
      g_set_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_PARSE,
                   _("not valid JSON: %s"), json_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_PARSE,
                   _("the file is empty"));
      return NULL;
    }

  return pf_project_from_json (root, base_dir, error);
}

static char *
file_display_name (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);

  if (path != NULL)
    return g_filename_display_name (path);
  return g_file_get_parse_name (file);
}

PfDocument *
pf_project_load (GFile   *file,
                 GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *data = NULL;
  g_autofree char *base_dir = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) io_error = NULL;
  PfDocument *document;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = file_display_name (file);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_IO,
                   _("%s: only local files can be opened"), name);
      return NULL;
    }

  /* Refuse an enormous file before reading it into memory. */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, &io_error);
  if (info != NULL && g_file_info_get_size (info) > PF_PROJECT_MAX_FILE_SIZE)
    {
      g_set_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_PARSE,
                   _("%s: the file is larger than %d MiB"), name,
                   PF_PROJECT_MAX_FILE_SIZE >> 20);
      return NULL;
    }

  if (io_error != NULL || !g_file_get_contents (path, &data, &length, &io_error))
    {
      g_set_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_IO,
                   _("Could not read %s: %s"), name, io_error->message);
      return NULL;
    }

  base_dir = g_path_get_dirname (path);
  document = pf_project_load_data (data, length, base_dir, error);
  if (document == NULL)
    g_prefix_error (error, "%s: ", name);
  return document;
}

PfDocument *
pf_project_load_path (const char  *path,
                      GError     **error)
{
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  return pf_project_load (file, error);
}

/* =======================================================================================
 * Writing
 * ======================================================================================= */

/* An integral value as a JSON integer ("24", like people write it), else a double. */
static void
set_number (JsonObject *object,
            const char *key,
            double      value)
{
  if (value == floor (value) && fabs (value) < 1e15)
    json_object_set_int_member (object, key, (gint64) value);
  else
    json_object_set_double_member (object, key, value);
}

static void
set_color (JsonObject   *object,
           const char   *key,
           const PfRgba *color)
{
  g_autofree char *text = pf_rgba_to_string (color);

  json_object_set_string_member (object, key, text);
}

static void
set_enum (JsonObject *object,
          const char *key,
          GType       type,
          int         value)
{
  json_object_set_string_member (object, key, pf_enum_to_nick (type, value));
}

static void
set_pair (JsonObject *object,
          const char *key,
          double      a,
          double      b)
{
  JsonArray *array = json_array_new ();
  JsonNode *node;

  node = json_node_new (JSON_NODE_VALUE);
  if (a == floor (a))
    json_node_set_int (node, (gint64) a);
  else
    json_node_set_double (node, a);
  json_array_add_element (array, node);

  node = json_node_new (JSON_NODE_VALUE);
  if (b == floor (b))
    json_node_set_int (node, (gint64) b);
  else
    json_node_set_double (node, b);
  json_array_add_element (array, node);

  json_object_set_array_member (object, key, array);
}

static void
add_unknown (JsonObject *object,
             JsonObject *extra)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (extra == NULL)
    return;

  json_object_iter_init_ordered (&iter, extra);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    if (!json_object_has_member (object, name))
      json_object_set_member (object, name, json_node_copy (node));
}

/* @path relative to @base_dir with "/" separators, or absolute when they share nothing but
 * the root (a photo on another disk should not become "../../../media/…"). */
static char *
relative_path (const char *path,
               const char *base_dir)
{
  g_auto(GStrv) p = NULL;
  g_auto(GStrv) b = NULL;
  g_autoptr(GString) out = NULL;
  guint np, nb, common = 0;

  if (base_dir == NULL || !g_path_is_absolute (path))
    return g_strdup (path);

  p = g_strsplit (path, G_DIR_SEPARATOR_S, -1);
  b = g_strsplit (base_dir, G_DIR_SEPARATOR_S, -1);
  np = g_strv_length (p);
  nb = g_strv_length (b);
  /* Drop the empty last component of "/" or "/a/". */
  if (nb > 0 && b[nb - 1][0] == '\0')
    nb--;

  /* p[0] and b[0] are "" (the root); count shared components after it. */
  while (common + 1 < np - 1 && common + 1 < nb && g_str_equal (p[common + 1], b[common + 1]))
    common++;
  if (common == 0)
    return g_strdup (path);

  out = g_string_new (NULL);
  for (guint i = common + 1; i < nb; i++)
    g_string_append (out, "../");
  for (guint i = common + 1; i < np; i++)
    {
      g_string_append (out, p[i]);
      if (i + 1 < np)
        g_string_append_c (out, '/');
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
set_path (JsonObject *object,
          const char *key,
          const char *path,
          const char *base_dir)
{
  g_autofree char *relative = NULL;
  g_autofree char *utf8 = NULL;

  if (path == NULL)
    return;

  relative = relative_path (path, base_dir);
  utf8 = g_filename_to_utf8 (relative, -1, NULL, NULL, NULL);
  if (utf8 == NULL)
    {
      /* pf_project_save() refuses such names before getting here. */
      g_warning ("File name %s is not valid UTF-8; saved approximately", relative);
      utf8 = g_filename_display_name (relative);
    }
  json_object_set_string_member (object, key, utf8);
}

static JsonObject *
style_to_json (PfStyle *style)
{
  JsonObject *object = json_object_new ();
  JsonObject *shadow = json_object_new ();
  JsonObject *stroke = json_object_new ();
  PfRgba color;

  set_number (object, "corner_radius", pf_style_get_corner_radius (style));
  set_number (object, "blur", pf_style_get_blur (style));

  json_object_set_boolean_member (shadow, "enabled", pf_style_get_shadow_enabled (style));
  json_object_set_int_member (shadow, "dx", pf_style_get_shadow_dx (style));
  json_object_set_int_member (shadow, "dy", pf_style_get_shadow_dy (style));
  set_number (shadow, "blur", pf_style_get_shadow_blur (style));
  set_number (shadow, "spread", pf_style_get_shadow_spread (style));
  pf_style_get_shadow_color (style, &color);
  set_color (shadow, "color", &color);
  add_unknown (shadow, pf_style_get_extra (style, PF_STYLE_EXTRA_SHADOW));
  json_object_set_object_member (object, "shadow", shadow);

  set_number (stroke, "width", pf_style_get_stroke_width (style));
  pf_style_get_stroke_color (style, &color);
  set_color (stroke, "color", &color);
  set_enum (stroke, "position", PF_TYPE_STROKE_POSITION, pf_style_get_stroke_position (style));
  add_unknown (stroke, pf_style_get_extra (style, PF_STYLE_EXTRA_STROKE));
  json_object_set_object_member (object, "stroke", stroke);

  add_unknown (object, pf_style_get_extra (style, PF_STYLE_EXTRA_STYLE));
  return object;
}

static JsonObject *
cell_to_json (PfCell     *cell,
              const char *base_dir)
{
  JsonObject *object = json_object_new ();

  set_path (object, "photo", pf_cell_get_photo (cell), base_dir);
  set_enum (object, "fit", PF_TYPE_FIT, pf_cell_get_fit (cell));
  set_pair (object, "pan", pf_cell_get_pan_x (cell), pf_cell_get_pan_y (cell));
  set_number (object, "zoom", pf_cell_get_zoom (cell));
  set_number (object, "rotate", pf_cell_get_rotate (cell));
  set_enum (object, "flip", PF_TYPE_FLIP, pf_cell_get_flip (cell));
  set_pair (object, "span", pf_cell_get_span_columns (cell), pf_cell_get_span_rows (cell));
  if (pf_cell_get_style (cell) != NULL)
    json_object_set_object_member (object, "style", style_to_json (pf_cell_get_style (cell)));
  add_unknown (object, pf_cell_get_extra (cell));
  return object;
}

JsonNode *
pf_project_to_json (PfDocument *document,
                    const char *base_dir)
{
  g_autofree char *absolute_base = NULL;
  JsonObject *root, *page, *background, *layout;
  JsonArray *cells;
  JsonNode *node;
  PfRgba color, from, to;
  PfGradient direction;

  g_return_val_if_fail (PF_IS_DOCUMENT (document), NULL);

  if (base_dir != NULL)
    base_dir = absolute_base = g_canonicalize_filename (base_dir, NULL);

  root = json_object_new ();
  json_object_set_string_member (root, "format", PF_PROJECT_FORMAT);
  json_object_set_int_member (root, "version", PF_PROJECT_VERSION);

  page = json_object_new ();
  json_object_set_int_member (page, "width", pf_document_get_width (document));
  json_object_set_int_member (page, "height", pf_document_get_height (document));
  json_object_set_int_member (page, "dpi", pf_document_get_dpi (document));
  add_unknown (page, pf_document_get_extra (document, PF_DOCUMENT_EXTRA_PAGE));
  json_object_set_object_member (root, "page", page);

  background = json_object_new ();
  set_enum (background, "type", PF_TYPE_BACKGROUND_TYPE,
            pf_document_get_background_type (document));
  pf_document_get_background_color (document, &color);
  set_color (background, "color", &color);
  pf_document_get_gradient (document, &from, &to, &direction);
  set_color (background, "gradient_from", &from);
  set_color (background, "gradient_to", &to);
  set_enum (background, "gradient_direction", PF_TYPE_GRADIENT, direction);
  set_path (background, "photo", pf_document_get_background_photo (document), base_dir);
  set_number (background, "blur", pf_document_get_background_blur (document));
  add_unknown (background, pf_document_get_extra (document, PF_DOCUMENT_EXTRA_BACKGROUND));
  json_object_set_object_member (root, "background", background);

  layout = json_object_new ();
  set_enum (layout, "type", PF_TYPE_LAYOUT_TYPE, pf_document_get_layout_type (document));
  json_object_set_int_member (layout, "rows", pf_document_get_rows (document));
  json_object_set_int_member (layout, "columns", pf_document_get_columns (document));
  json_object_set_int_member (layout, "spacing", pf_document_get_spacing (document));
  json_object_set_int_member (layout, "margin", pf_document_get_margin (document));
  json_object_set_int_member (layout, "seed", pf_document_get_mosaic_seed (document));
  add_unknown (layout, pf_document_get_extra (document, PF_DOCUMENT_EXTRA_LAYOUT));
  json_object_set_object_member (root, "layout", layout);

  json_object_set_object_member (root, "style",
                                 style_to_json (pf_document_get_style (document)));

  cells = json_array_new ();
  for (guint i = 0; i < pf_document_get_n_cells (document); i++)
    json_array_add_object_element (cells,
                                   cell_to_json (pf_document_get_cell (document, i), base_dir));
  json_object_set_array_member (root, "cells", cells);

  add_unknown (root, pf_document_get_extra (document, PF_DOCUMENT_EXTRA_ROOT));

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, root);
  return node;
}

/* ---- Text ---------------------------------------------------------------------------- */

/* The shortest text that reads back as the same double ("0.1", not json-glib's
 * "0.10000000000000001"); an integral double keeps a ".0" so it stays a double. */
static void
write_double (GString *out,
              double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      g_string_append (out, "null");   /* cannot happen: loading refuses them */
      return;
    }

  for (int precision = 15; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  g_string_append (out, buffer);
  if (strpbrk (buffer, ".eE") == NULL)
    g_string_append (out, ".0");
}

static void
write_string (GString    *out,
              const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static gboolean
node_is_scalar (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) || JSON_NODE_HOLDS_NULL (node);
}

static void
write_node (GString  *out,
            JsonNode *node,
            int       indent)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;

    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_INT64)
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
        else if (type == G_TYPE_DOUBLE)
          write_double (out, json_node_get_double (node));
        else if (type == G_TYPE_BOOLEAN)
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
        else if (type == G_TYPE_STRING)
          write_string (out, json_node_get_string (node));
        else
          g_string_append (out, "null");
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);
        gboolean flat = TRUE;

        for (guint i = 0; i < n && flat; i++)
          flat = node_is_scalar (json_array_get_element (array, i));

        /* Short lists of numbers ("pan": [0.5, 0.5]) stay on one line. */
        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            if (flat)
              {
                if (i > 0)
                  g_string_append_c (out, ' ');
              }
            else
              {
                g_string_append_c (out, '\n');
                g_string_append_printf (out, "%*s", indent + 2, "");
              }
            write_node (out, json_array_get_element (array, i), indent + 2);
          }
        if (!flat && n > 0)
          g_string_append_printf (out, "\n%*s", indent, "");
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *child;
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &child))
          {
            g_string_append (out, first ? "\n" : ",\n");
            g_string_append_printf (out, "%*s", indent + 2, "");
            write_string (out, name);
            g_string_append (out, ": ");
            write_node (out, child, indent + 2);
            first = FALSE;
          }
        if (!first)
          g_string_append_printf (out, "\n%*s", indent, "");
        g_string_append_c (out, '}');
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

char *
pf_project_to_data (PfDocument *document,
                    const char *base_dir,
                    gsize      *length)
{
  g_autoptr(JsonNode) root = NULL;
  GString *out;

  g_return_val_if_fail (PF_IS_DOCUMENT (document), NULL);

  root = pf_project_to_json (document, base_dir);
  out = g_string_sized_new (4096);
  write_node (out, root, 0);
  g_string_append_c (out, '\n');

  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

/* Every file name must be storable as JSON text (UTF-8). */
static gboolean
check_paths (PfDocument  *document,
             GError     **error)
{
  const char *photo = pf_document_get_background_photo (document);

  if (photo != NULL && !g_utf8_validate (photo, -1, NULL))
    return invalid (error, "background", "photo", _("the file name is not valid UTF-8"));

  for (guint i = 0; i < pf_document_get_n_cells (document); i++)
    {
      photo = pf_cell_get_photo (pf_document_get_cell (document, i));
      if (photo != NULL && !g_utf8_validate (photo, -1, NULL))
        {
          g_autofree char *where = g_strdup_printf ("cells[%u]", i);
          return invalid (error, where, "photo", _("the file name is not valid UTF-8"));
        }
    }
  return TRUE;
}

static gboolean
write_file (const char  *path,
            const char  *data,
            gsize        length,
            GError     **error)
{
  g_autoptr(GError) io_error = NULL;

  if (!pf_file_replace_contents (path, data, length, &io_error))
    {
      g_autofree char *name = g_filename_display_name (path);
      g_set_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_IO,
                   _("Could not save %s: %s"), name, io_error->message);
      return FALSE;
    }
  return TRUE;
}

/* The text for @file, or NULL with an error. */
static char *
prepare_save (PfDocument  *document,
              GFile       *file,
              char       **path_out,
              gsize       *length,
              GError     **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *base_dir = NULL;
  char *data;

  if (path == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);
      g_set_error (error, PF_DOCUMENT_ERROR, PF_DOCUMENT_ERROR_IO,
                   _("Could not save %s: only local files can be written"), name);
      return NULL;
    }
  if (!check_paths (document, error))
    {
      g_autofree char *name = g_filename_display_name (path);
      g_prefix_error (error, _("Could not save %s: "), name);
      return NULL;
    }

  base_dir = g_path_get_dirname (path);
  data = pf_project_to_data (document, base_dir, length);
  *path_out = g_steal_pointer (&path);
  return data;
}

gboolean
pf_project_save (PfDocument  *document,
                 GFile       *file,
                 GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (PF_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = prepare_save (document, file, &path, &length, error);
  if (data == NULL)
    return FALSE;
  return write_file (path, data, length, error);
}

gboolean
pf_project_save_path (PfDocument  *document,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  file = g_file_new_for_path (path);
  return pf_project_save (document, file, error);
}

/* ---- Asynchronous -------------------------------------------------------------------- */

typedef struct
{
  char *path;
  char *data;
  gsize length;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_free (job->path);
  g_free (job->data);
  g_free (job);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveJob *job = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (write_file (job->path, job->data, job->length, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
pf_project_save_async (PfDocument          *document,
                       GFile               *file,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  SaveJob *job;

  g_return_if_fail (PF_IS_DOCUMENT (document));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (document, cancellable, callback, user_data);
  g_task_set_source_tag (task, pf_project_save_async);

  job = g_new0 (SaveJob, 1);
  job->data = prepare_save (document, file, &job->path, &job->length, &error);
  if (job->data == NULL)
    {
      save_job_free (job);
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, job, (GDestroyNotify) save_job_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
pf_project_save_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pf_project_save_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  PfDocument *document;

  if (g_task_return_error_if_cancelled (task))
    return;
  document = pf_project_load (task_data, &error);
  if (document != NULL)
    g_task_return_pointer (task, document, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
pf_project_load_async (GFile               *file,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pf_project_load_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

PfDocument *
pf_project_load_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pf_project_load_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
