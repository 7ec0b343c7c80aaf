/* pf-autosave.c — snapshots of unsaved documents, kept for recovery after a crash */
#define G_LOG_DOMAIN "pf-autosave"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "pf-autosave.h"

#include "app/pf-project.h"

#define GROUP "Autosave"
#define SNAPSHOT_SUFFIX ".photoff"
#define INFO_SUFFIX ".info"

char *
pf_autosave_get_dir (void)
{
  return g_build_filename (g_get_user_state_dir (), "photoff", "autosave", NULL);
}

guint
pf_autosave_get_delay_ms (void)
{
  const char *text = g_getenv ("PHOTOFF_AUTOSAVE_DELAY_MS");
  guint64 value;

  if (text != NULL && g_ascii_string_to_unsigned (text, 10, 1, 3600 * 1000, &value, NULL))
    return (guint) value;
  return PF_AUTOSAVE_DELAY_MS;
}

char *
pf_autosave_new_id (void)
{
  return g_uuid_string_random ();
}

/* Ids name files: only what pf_autosave_new_id() makes (hex digits and dashes). */
static gboolean
id_is_valid (const char *id)
{
  if (id == NULL || id[0] == '\0' || strlen (id) > 64)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

static char *
file_path (const char *id,
           const char *suffix)
{
  g_autofree char *dir = pf_autosave_get_dir ();
  g_autofree char *name = g_strconcat (id, suffix, NULL);

  return g_build_filename (dir, name, NULL);
}

gboolean
pf_autosave_write (const char  *id,
                   PfDocument  *document,
                   GFile       *original,
                   GError     **error)
{
  g_autofree char *dir = pf_autosave_get_dir ();
  g_autofree char *info_path = NULL;
  g_autofree char *snapshot_path = NULL;
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  gsize info_length, length;

  g_return_val_if_fail (id_is_valid (id), FALSE);
  g_return_val_if_fail (PF_IS_DOCUMENT (document), FALSE);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }

  if (original != NULL)
    {
      g_autofree char *path = g_file_get_path (original);

      if (path != NULL)
        g_key_file_set_string (keys, GROUP, "Original", path);
    }
  g_key_file_set_int64 (keys, GROUP, "Pid", (gint64) getpid ());
  info = g_key_file_to_data (keys, &info_length, NULL);
  info_path = file_path (id, INFO_SUFFIX);
  if (!g_file_set_contents_full (info_path, info, (gssize) info_length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;

  /* Absolute photo paths: the snapshot lives far from the project. */
  text = pf_project_to_data (document, NULL, &length);
  snapshot_path = file_path (id, SNAPSHOT_SUFFIX);
  return g_file_set_contents_full (snapshot_path, text, (gssize) length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

void
pf_autosave_remove (const char *id)
{
  g_autofree char *snapshot_path = NULL;
  g_autofree char *info_path = NULL;

  if (!id_is_valid (id))
    return;

  /* The snapshot first: a key file alone is never offered. */
  snapshot_path = file_path (id, SNAPSHOT_SUFFIX);
  info_path = file_path (id, INFO_SUFFIX);
  if (g_unlink (snapshot_path) != 0 && errno != ENOENT)
    g_warning ("Could not delete %s: %s", snapshot_path, g_strerror (errno));
  if (g_unlink (info_path) != 0 && errno != ENOENT)
    g_warning ("Could not delete %s: %s", info_path, g_strerror (errno));
}

void
pf_autosave_free (PfAutosave *autosave)
{
  if (autosave == NULL)
    return;

  g_free (autosave->id);
  g_free (autosave->path);
  g_clear_object (&autosave->original);
  g_clear_pointer (&autosave->time, g_date_time_unref);
  g_free (autosave);
}

/* Whether @pid is another process that is still running. */
static gboolean
other_process_alive (gint64 pid)
{
  if (pid <= 0 || pid == (gint64) getpid ())
    return FALSE;
  return kill ((pid_t) pid, 0) == 0 || errno == EPERM;
}

PfAutosave *
pf_autosave_lookup (const char *id)
{
  g_autoptr(PfAutosave) autosave = NULL;
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autofree char *info_path = NULL;
  g_autofree char *original = NULL;
  GStatBuf st;

  if (!id_is_valid (id))
    return NULL;

  autosave = g_new0 (PfAutosave, 1);
  autosave->id = g_strdup (id);
  autosave->path = file_path (id, SNAPSHOT_SUFFIX);
  if (g_stat (autosave->path, &st) != 0 || !S_ISREG (st.st_mode))
    return NULL;
  autosave->time = g_date_time_new_from_unix_local (st.st_mtime);

  info_path = file_path (id, INFO_SUFFIX);
  if (g_key_file_load_from_file (keys, info_path, G_KEY_FILE_NONE, NULL))
    {
      if (other_process_alive (g_key_file_get_int64 (keys, GROUP, "Pid", NULL)))
        return NULL;
      original = g_key_file_get_string (keys, GROUP, "Original", NULL);
      if (original != NULL && g_path_is_absolute (original))
        autosave->original = g_file_new_for_path (original);
    }

  return g_steal_pointer (&autosave);
}

static int
compare_time (gconstpointer a,
              gconstpointer b)
{
  const PfAutosave *x = *(PfAutosave *const *) a;
  const PfAutosave *y = *(PfAutosave *const *) b;
  int order = g_date_time_compare (x->time, y->time);

  return order != 0 ? order : g_strcmp0 (x->id, y->id);
}

GPtrArray *
pf_autosave_list (void)
{
  g_autofree char *dir_path = pf_autosave_get_dir ();
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) pf_autosave_free);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return list;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *id = NULL;
      PfAutosave *autosave;

      if (!g_str_has_suffix (name, SNAPSHOT_SUFFIX))
        continue;
      id = g_strndup (name, strlen (name) - strlen (SNAPSHOT_SUFFIX));
      autosave = pf_autosave_lookup (id);
      if (autosave != NULL)
        g_ptr_array_add (list, autosave);
    }

  g_ptr_array_sort (list, compare_time);
  return list;
}
