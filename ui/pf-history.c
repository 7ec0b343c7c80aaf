/* pf-history.c — undo and redo for a document, by whole-state snapshots */
#define G_LOG_DOMAIN "pf-history"

#include "config.h"

#include <glib/gi18n.h>

#include "pf-history.h"

/* Beyond this many steps the oldest are forgotten. */
#define MAX_STEPS 200

typedef struct
{
  JsonNode *node;
  guint serial;
} State;

struct _PfHistory
{
  GObject parent_instance;

  PfDocument *document;
  PfStyle *style;

  State current;          /* the document as of the last recorded batch */
  GQueue undo;            /* State*, newest at the head */
  GQueue redo;
  guint next_serial;
  guint saved_serial;

  /* The batch of changes made since the last record, described by what it touched. */
  guint batch_idle;
  PfDocumentChange batch_what;
  int batch_cell;
  GPtrArray *batch_props;   /* interned property names */

  /* The step the next batch may join. */
  char *step_key;
  gint64 step_time;
  gboolean step_open;

  gboolean restoring;
  gboolean can_undo, can_redo, modified;
};

G_DEFINE_FINAL_TYPE (PfHistory, pf_history, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static State *
state_new (JsonNode *node,
           guint     serial)
{
  State *state = g_new (State, 1);

  state->node = node;
  state->serial = serial;
  return state;
}

static void
state_free (gpointer data)
{
  State *state = data;

  json_node_unref (state->node);
  g_free (state);
}

static void
update_flags (PfHistory *self)
{
  gboolean can_undo = !g_queue_is_empty (&self->undo);
  gboolean can_redo = !g_queue_is_empty (&self->redo);
  gboolean modified = self->current.serial != self->saved_serial || self->batch_idle != 0;

  g_object_freeze_notify (G_OBJECT (self));
  if (can_undo != self->can_undo)
    {
      self->can_undo = can_undo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
    }
  if (can_redo != self->can_redo)
    {
      self->can_redo = can_redo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }
  if (modified != self->modified)
    {
      self->modified = modified;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* What the batch touched, as a string: two batches with the same key came from the same
 * control (the same property of the same object). */
static char *
batch_key (PfHistory *self)
{
  GString *key = g_string_new (NULL);

  g_ptr_array_sort (self->batch_props, compare_strings);
  g_string_append_printf (key, "%x/%d", (guint) self->batch_what, self->batch_cell);
  for (guint i = 0; i < self->batch_props->len; i++)
    g_string_append_printf (key, "/%s", (const char *) g_ptr_array_index (self->batch_props, i));

  return g_string_free (key, FALSE);
}

static void
record_batch (PfHistory *self)
{
  g_autofree char *key = batch_key (self);
  JsonNode *node;
  gint64 now = g_get_monotonic_time ();
  gboolean join;

  g_clear_handle_id (&self->batch_idle, g_source_remove);
  self->batch_what = 0;
  self->batch_cell = -1;
  g_ptr_array_set_size (self->batch_props, 0);

  node = pf_document_to_json (self->document);
  if (json_node_equal (node, self->current.node))
    {
      json_node_unref (node);
      update_flags (self);
      return;
    }

  g_debug ("Batch %s; open step %s %.0f ms ago", key,
           self->step_open ? self->step_key : "(none)", (now - self->step_time) / 1000.0);
  join = self->step_open && g_strcmp0 (key, self->step_key) == 0 &&
         now - self->step_time < PF_HISTORY_COALESCE_MS * G_TIME_SPAN_MILLISECOND &&
         !g_queue_is_empty (&self->undo);

  if (join)
    {
      State *before = g_queue_peek_head (&self->undo);

      json_node_unref (self->current.node);
      self->current.node = node;
      self->current.serial = ++self->next_serial;

      /* Dragged back to where the step began: the step undoes nothing. */
      if (json_node_equal (node, before->node))
        {
          self->current.serial = before->serial;
          state_free (g_queue_pop_head (&self->undo));
          self->step_open = FALSE;
        }
    }
  else
    {
      g_queue_push_head (&self->undo, state_new (self->current.node, self->current.serial));
      self->current.node = node;
      self->current.serial = ++self->next_serial;
      while (g_queue_get_length (&self->undo) > MAX_STEPS)
        state_free (g_queue_pop_tail (&self->undo));

      g_free (self->step_key);
      self->step_key = g_steal_pointer (&key);
      self->step_open = TRUE;
    }
  self->step_time = now;

  g_queue_clear_full (&self->redo, state_free);
  update_flags (self);
}

static gboolean
batch_idle_cb (gpointer user_data)
{
  PfHistory *self = user_data;

  self->batch_idle = 0;
  record_batch (self);
  return G_SOURCE_REMOVE;
}

static void
note_change (PfHistory *self)
{
  if (self->restoring)
    return;

  if (self->batch_idle == 0)
    {
      self->batch_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, batch_idle_cb, self, NULL);
      update_flags (self);
    }
}

static void
add_batch_prop (PfHistory  *self,
                const char *name)
{
  const char *interned = g_intern_string (name);

  if (!g_ptr_array_find (self->batch_props, interned, NULL))
    g_ptr_array_add (self->batch_props, (gpointer) interned);
}

static void
on_document_changed (PfDocument       *document,
                     PfDocumentChange  what,
                     int               cell_index,
                     PfHistory        *self)
{
  if (self->restoring)
    return;

  self->batch_what |= what;
  if (what & PF_DOCUMENT_CHANGE_CELL)
    self->batch_cell = (self->batch_cell == -1 || self->batch_cell == cell_index)
                       ? cell_index : -2;
  note_change (self);
}

static void
on_document_notify (GObject    *object,
                    GParamSpec *pspec,
                    PfHistory  *self)
{
  if (self->restoring)
    return;

  add_batch_prop (self, g_param_spec_get_name (pspec));
  note_change (self);
}

static void
on_style_notify (GObject    *object,
                 GParamSpec *pspec,
                 PfHistory  *self)
{
  g_autofree char *name = NULL;

  if (self->restoring)
    return;

  name = g_strconcat ("style.", g_param_spec_get_name (pspec), NULL);
  add_batch_prop (self, name);
  note_change (self);
}

PfHistory *
pf_history_new (PfDocument *document)
{
  g_return_val_if_fail (PF_IS_DOCUMENT (document), NULL);

  return g_object_new (PF_TYPE_HISTORY, "document", document, NULL);
}

PfDocument *
pf_history_get_document (PfHistory *self)
{
  g_return_val_if_fail (PF_IS_HISTORY (self), NULL);

  return self->document;
}

gboolean
pf_history_get_can_undo (PfHistory *self)
{
  g_return_val_if_fail (PF_IS_HISTORY (self), FALSE);

  return self->can_undo;
}

gboolean
pf_history_get_can_redo (PfHistory *self)
{
  g_return_val_if_fail (PF_IS_HISTORY (self), FALSE);

  return self->can_redo;
}

gboolean
pf_history_get_modified (PfHistory *self)
{
  g_return_val_if_fail (PF_IS_HISTORY (self), FALSE);

  return self->modified;
}

void
pf_history_flush (PfHistory *self)
{
  g_return_if_fail (PF_IS_HISTORY (self));

  if (self->batch_idle != 0)
    record_batch (self);
}

void
pf_history_checkpoint (PfHistory *self)
{
  g_return_if_fail (PF_IS_HISTORY (self));

  pf_history_flush (self);
  self->step_open = FALSE;
}

static void
restore (PfHistory *self,
         GQueue    *from,
         GQueue    *to)
{
  g_autoptr(GError) error = NULL;
  State *state;

  pf_history_checkpoint (self);

  state = g_queue_pop_head (from);
  self->restoring = TRUE;
  if (!pf_document_load_json (self->document, state->node, &error))
    g_warning ("Could not restore the document: %s", error->message);
  self->restoring = FALSE;

  g_queue_push_head (to, state_new (self->current.node, self->current.serial));
  self->current = *state;
  g_free (state);

  update_flags (self);
}

gboolean
pf_history_undo (PfHistory *self)
{
  g_return_val_if_fail (PF_IS_HISTORY (self), FALSE);

  pf_history_flush (self);
  if (g_queue_is_empty (&self->undo))
    return FALSE;

  restore (self, &self->undo, &self->redo);
  return TRUE;
}

gboolean
pf_history_redo (PfHistory *self)
{
  g_return_val_if_fail (PF_IS_HISTORY (self), FALSE);

  pf_history_flush (self);
  if (g_queue_is_empty (&self->redo))
    return FALSE;

  restore (self, &self->redo, &self->undo);
  return TRUE;
}

void
pf_history_mark_saved (PfHistory *self)
{
  g_return_if_fail (PF_IS_HISTORY (self));

  pf_history_checkpoint (self);
  self->saved_serial = self->current.serial;
  update_flags (self);
}

guint
pf_history_get_serial (PfHistory *self)
{
  g_return_val_if_fail (PF_IS_HISTORY (self), 0);

  pf_history_flush (self);
  return self->current.serial;
}

void
pf_history_mark_saved_serial (PfHistory *self,
                              guint      serial)
{
  g_return_if_fail (PF_IS_HISTORY (self));

  self->saved_serial = serial;
  update_flags (self);
}

static void
pf_history_constructed (GObject *object)
{
  PfHistory *self = PF_HISTORY (object);

  G_OBJECT_CLASS (pf_history_parent_class)->constructed (object);

  g_assert (self->document != NULL);

  self->style = g_object_ref (pf_document_get_style (self->document));
  self->current.node = pf_document_to_json (self->document);
  self->current.serial = self->saved_serial = ++self->next_serial;

  g_signal_connect (self->document, "changed", G_CALLBACK (on_document_changed), self);
  g_signal_connect (self->document, "notify", G_CALLBACK (on_document_notify), self);
  g_signal_connect (self->style, "notify", G_CALLBACK (on_style_notify), self);
}

static void
pf_history_dispose (GObject *object)
{
  PfHistory *self = PF_HISTORY (object);

  g_clear_handle_id (&self->batch_idle, g_source_remove);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  if (self->style != NULL)
    g_signal_handlers_disconnect_by_data (self->style, self);
  g_clear_object (&self->document);
  g_clear_object (&self->style);

  G_OBJECT_CLASS (pf_history_parent_class)->dispose (object);
}

static void
pf_history_finalize (GObject *object)
{
  PfHistory *self = PF_HISTORY (object);

  g_clear_pointer (&self->current.node, json_node_unref);
  g_queue_clear_full (&self->undo, state_free);
  g_queue_clear_full (&self->redo, state_free);
  g_ptr_array_unref (self->batch_props);
  g_free (self->step_key);

  G_OBJECT_CLASS (pf_history_parent_class)->finalize (object);
}

static void
pf_history_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PfHistory *self = PF_HISTORY (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, self->can_undo);
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, self->can_redo);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pf_history_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PfHistory *self = PF_HISTORY (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      self->document = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pf_history_class_init (PfHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = pf_history_constructed;
  object_class->dispose = pf_history_dispose;
  object_class->finalize = pf_history_finalize;
  object_class->get_property = pf_history_get_property;
  object_class->set_property = pf_history_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, PF_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pf_history_init (PfHistory *self)
{
  g_queue_init (&self->undo);
  g_queue_init (&self->redo);
  self->batch_cell = -1;
  self->batch_props = g_ptr_array_new ();
}
