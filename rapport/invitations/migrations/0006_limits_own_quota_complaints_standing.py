"""Quota slots, complaints and standings now belong to `limits` (its 0001 adopts the
tables as they are): this only removes them from invitations' state; no table changes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("invitations", "0005_limits_move_to_the_registry"),
        ("limits", "0001_adopt_quota_complaints_standing"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="quotaslot",
                    name="member",
                ),
                migrations.RemoveField(
                    model_name="standing",
                    name="member",
                ),
                migrations.DeleteModel(
                    name="Complaint",
                ),
                migrations.DeleteModel(
                    name="QuotaSlot",
                ),
                migrations.DeleteModel(
                    name="Standing",
                ),
            ],
            database_operations=[],
        ),
    ]
