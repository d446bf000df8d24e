"""The limits capability adopts the tables invitations made for quota slots, complaints
and standings: the same tables (db_table keeps their names), so nothing is copied; only
Django's idea of which app owns them moves (invitations 0006 lets go of them)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0008_operator_role_and_audit_log"),
        ("invitations", "0005_limits_move_to_the_registry"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Standing",
                    fields=[
                        (
                            "member",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                primary_key=True,
                                related_name="invitation_standing",
                                serialize=False,
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        ("restricted_at", models.DateTimeField(blank=True, null=True)),
                        ("restricted_until", models.DateTimeField(blank=True, null=True)),
                        ("counting_since", models.DateTimeField(blank=True, null=True)),
                        ("warned_at", models.DateTimeField(blank=True, null=True)),
                        ("throttled_since", models.DateTimeField(blank=True, null=True)),
                    ],
                    options={
                        "db_table": "invitations_standing",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("restricted_until__isnull", True),
                                    ("restricted_at__isnull", False),
                                    _connector="OR",
                                ),
                                name="standing_restriction_whole",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Complaint",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "source",
                            models.CharField(
                                choices=[
                                    ("message", "Message reported"),
                                    ("post", "Post reported"),
                                    ("comment", "Comment reported"),
                                ],
                                max_length=8,
                            ),
                        ),
                        ("reference", models.PositiveBigIntegerField()),
                        (
                            "reason",
                            models.CharField(
                                choices=[
                                    ("spam", "Spam"),
                                    ("scam", "Scam or fraud"),
                                    ("harassment", "Harassment"),
                                ],
                                default="spam",
                                max_length=10,
                            ),
                        ),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "member",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "reporter",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "invitations_complaint",
                        "indexes": [
                            models.Index(
                                fields=["member", "created_at"], name="complaint_member_idx"
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("reporter", "source", "reference"), name="complaint_once"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("member", models.F("reporter")), _negated=True),
                                name="complaint_not_self",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("source__in", ["message", "post", "comment"])),
                                name="complaint_source_valid",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="QuotaSlot",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("kind", models.CharField(max_length=4)),
                        ("number", models.PositiveIntegerField()),
                        ("used_at", models.DateTimeField()),
                        (
                            "member",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "invitations_quotaslot",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("member", "kind", "number"), name="quota_slot_once"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
