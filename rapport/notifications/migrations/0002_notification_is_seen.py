"""Seen apart from read: the badge counts what arrived since the member last looked.

What was already read counts as seen, so nobody's badge changes on upgrade. The index is
built concurrently on PostgreSQL (the notifications table is the largest one that grows
with activity), hence a non-atomic migration; the backfill is one UPDATE.
"""

from django.conf import settings
from django.db import migrations, models

UNSEEN = models.Index(
    condition=models.Q(("is_seen", False)),
    fields=["recipient"],
    name="notif_unseen_idx",
)


def read_means_seen(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    Notification.objects.filter(is_read=True).update(is_seen=True)


def add_index(apps, schema_editor):
    model = apps.get_model("notifications", "Notification")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNSEEN.create_sql(model, schema_editor, concurrently=True))
    else:
        schema_editor.add_index(model, UNSEEN)


def remove_index(apps, schema_editor):
    schema_editor.remove_index(apps.get_model("notifications", "Notification"), UNSEEN)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("notifications", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="is_seen",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(read_means_seen, migrations.RunPython.noop),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="notification", index=UNSEEN)],
            database_operations=[migrations.RunPython(add_index, remove_index)],
        ),
    ]
