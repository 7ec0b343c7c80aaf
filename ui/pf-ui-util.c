/* pf-ui-util.c — binding document properties to controls */
#define G_LOG_DOMAIN "pf-ui-util"

#include "config.h"

#include <glib/gi18n.h>

#include "pf-ui-util.h"

#include <math.h>

typedef enum
{
  BIND_ADJUSTMENT,
  BIND_RGBA,
  BIND_ENUM_DROPDOWN,
  BIND_BOOLEAN,
} BindKind;

struct _PfBinding
{
  BindKind kind;
  GObject *object;
  GParamSpec *pspec;
  GObject *widget;
  const char *widget_property;
  gulong object_handler;
  gulong widget_handler;
};

void
pf_binding_free (PfBinding *binding)
{
  if (binding == NULL)
    return;

  g_clear_signal_handler (&binding->object_handler, binding->object);
  g_clear_signal_handler (&binding->widget_handler, binding->widget);
  g_clear_object (&binding->object);
  g_clear_object (&binding->widget);
  g_free (binding);
}

GPtrArray *
pf_bindings_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) pf_binding_free);
}

void
pf_rgba_to_gdk (const PfRgba *rgba,
                GdkRGBA      *color)
{
  color->red = rgba->r / 255.f;
  color->green = rgba->g / 255.f;
  color->blue = rgba->b / 255.f;
  color->alpha = rgba->a / 255.f;
}

static guint8
channel_to_byte (float value)
{
  return (guint8) CLAMP (lroundf (value * 255.f), 0, 255);
}

void
pf_rgba_from_gdk (PfRgba        *rgba,
                  const GdkRGBA *color)
{
  rgba->r = channel_to_byte (color->red);
  rgba->g = channel_to_byte (color->green);
  rgba->b = channel_to_byte (color->blue);
  rgba->a = channel_to_byte (color->alpha);
}

/* Object → widget, without the widget's own handler writing it back. */
static void
sync_to_widget (PfBinding *binding)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, binding->pspec->value_type);
  g_object_get_property (binding->object, binding->pspec->name, &value);

  g_signal_handler_block (binding->widget, binding->widget_handler);

  switch (binding->kind)
    {
    case BIND_ADJUSTMENT:
      {
        GtkAdjustment *adj = GTK_ADJUSTMENT (binding->widget);
        g_auto(GValue) dvalue = G_VALUE_INIT;
        double v;

        g_value_init (&dvalue, G_TYPE_DOUBLE);
        g_value_transform (&value, &dvalue);
        v = g_value_get_double (&dvalue);
        /* The adjustment suggests a range; the document may hold more. */
        if (v > gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj))
          gtk_adjustment_set_upper (adj, v + gtk_adjustment_get_page_size (adj));
        if (v < gtk_adjustment_get_lower (adj))
          gtk_adjustment_set_lower (adj, v);
        gtk_adjustment_set_value (adj, v);
      }
      break;

    case BIND_RGBA:
      {
        const PfRgba *rgba = g_value_get_boxed (&value);
        GdkRGBA color = { 0, 0, 0, 0 };

        if (rgba != NULL)
          pf_rgba_to_gdk (rgba, &color);
        gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (binding->widget), &color);
      }
      break;

    case BIND_ENUM_DROPDOWN:
      gtk_drop_down_set_selected (GTK_DROP_DOWN (binding->widget),
                                  (guint) g_value_get_enum (&value));
      break;

    case BIND_BOOLEAN:
      g_object_set (binding->widget, binding->widget_property,
                    g_value_get_boolean (&value), NULL);
      break;

    default:
      g_assert_not_reached ();
    }

  g_signal_handler_unblock (binding->widget, binding->widget_handler);
}

static void
on_object_notify (GObject    *object,
                  GParamSpec *pspec,
                  PfBinding  *binding)
{
  sync_to_widget (binding);
}

static void
on_widget_changed (PfBinding *binding)
{
  g_auto(GValue) value = G_VALUE_INIT;
  GType type = binding->pspec->value_type;

  g_value_init (&value, type);

  switch (binding->kind)
    {
    case BIND_ADJUSTMENT:
      {
        double v = gtk_adjustment_get_value (GTK_ADJUSTMENT (binding->widget));

        if (type == G_TYPE_INT)
          g_value_set_int (&value, (int) lround (v));
        else if (type == G_TYPE_UINT)
          g_value_set_uint (&value, (guint) MAX (0, lround (v)));
        else
          g_value_set_double (&value, v);
      }
      break;

    case BIND_RGBA:
      {
        GdkRGBA color;
        PfRgba rgba;

        gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (binding->widget), &color);
        pf_rgba_from_gdk (&rgba, &color);
        g_value_set_boxed (&value, &rgba);
      }
      break;

    case BIND_ENUM_DROPDOWN:
      {
        guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (binding->widget));

        if (selected == GTK_INVALID_LIST_POSITION)
          return;
        g_value_set_enum (&value, (int) selected);
      }
      break;

    case BIND_BOOLEAN:
      {
        gboolean active;

        g_object_get (binding->widget, binding->widget_property, &active, NULL);
        g_value_set_boolean (&value, active);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  /* Set-property notifies the object → sync_to_widget; block it, the widget is right. */
  g_signal_handler_block (binding->object, binding->object_handler);
  g_object_set_property (binding->object, binding->pspec->name, &value);
  g_signal_handler_unblock (binding->object, binding->object_handler);

  /* The object may have clamped the value: show what it kept. */
  sync_to_widget (binding);
}

static void
on_widget_notify (GObject    *widget,
                  GParamSpec *pspec,
                  PfBinding  *binding)
{
  on_widget_changed (binding);
}

static void
on_adjustment_value_changed (GtkAdjustment *adj,
                             PfBinding     *binding)
{
  on_widget_changed (binding);
}

static PfBinding *
binding_new (BindKind    kind,
             gpointer    object,
             const char *property,
             gpointer    widget)
{
  PfBinding *binding;
  GParamSpec *pspec;
  g_autofree char *detailed = NULL;

  g_return_val_if_fail (G_IS_OBJECT (object), NULL);
  g_return_val_if_fail (G_IS_OBJECT (widget), NULL);

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), property);
  g_return_val_if_fail (pspec != NULL, NULL);

  binding = g_new0 (PfBinding, 1);
  binding->kind = kind;
  binding->object = g_object_ref (object);
  binding->pspec = pspec;
  binding->widget = g_object_ref (widget);

  detailed = g_strconcat ("notify::", property, NULL);
  binding->object_handler = g_signal_connect (object, detailed,
                                              G_CALLBACK (on_object_notify), binding);
  return binding;
}

PfBinding *
pf_bind_adjustment (gpointer       object,
                    const char    *property,
                    GtkAdjustment *adjustment)
{
  PfBinding *binding = binding_new (BIND_ADJUSTMENT, object, property, adjustment);

  binding->widget_handler = g_signal_connect (adjustment, "value-changed",
                                              G_CALLBACK (on_adjustment_value_changed),
                                              binding);
  sync_to_widget (binding);
  return binding;
}

PfBinding *
pf_bind_rgba (gpointer    object,
              const char *property,
              GtkWidget  *chooser)
{
  PfBinding *binding = binding_new (BIND_RGBA, object, property, chooser);

  binding->widget_handler = g_signal_connect (chooser, "notify::rgba",
                                              G_CALLBACK (on_widget_notify), binding);
  sync_to_widget (binding);
  return binding;
}

PfBinding *
pf_bind_enum_dropdown (gpointer     object,
                       const char  *property,
                       GtkDropDown *dropdown)
{
  PfBinding *binding = binding_new (BIND_ENUM_DROPDOWN, object, property, dropdown);

  binding->widget_handler = g_signal_connect (dropdown, "notify::selected",
                                              G_CALLBACK (on_widget_notify), binding);
  sync_to_widget (binding);
  return binding;
}

PfBinding *
pf_bind_boolean (gpointer    object,
                 const char *property,
                 gpointer    widget,
                 const char *widget_property)
{
  PfBinding *binding = binding_new (BIND_BOOLEAN, object, property, widget);
  g_autofree char *detailed = g_strconcat ("notify::", widget_property, NULL);

  binding->widget_property = g_intern_string (widget_property);
  binding->widget_handler = g_signal_connect (widget, detailed,
                                              G_CALLBACK (on_widget_notify), binding);
  sync_to_widget (binding);
  return binding;
}
