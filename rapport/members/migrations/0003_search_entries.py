"""Search entries (decision 0030): one folded text per member, filled for the members
already here, with a trigram index on PostgreSQL so that `text LIKE '%term%'` is an
index scan. SQLite has no such index type; there the entry still saves the joins."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

BATCH = 1_000


def fill(apps, schema_editor):
    from rapport.members.search_entries import entries_of

    user = apps.get_model("accounts", "User")
    entry = apps.get_model("members", "SearchEntry")
    ids = list(user.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        found = entries_of(
            ids[start : start + BATCH],
            members=user,
            positions=apps.get_model("companies", "Position"),
            skill_links=apps.get_model("members", "Profile").skills.through,
        )
        entry.objects.bulk_create(
            [entry(member_id=pk, text=text, roles=roles) for pk, text, roles in found]
        )


def index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        'CREATE INDEX IF NOT EXISTS "search_entry_text_trgm" ON "members_searchentry" '
        'USING gin ("text" gin_trgm_ops)'
    )


def unindex(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('DROP INDEX IF EXISTS "search_entry_text_trgm"')


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0009_account_deletion"),
        ("companies", "0007_position_announced"),
        ("members", "0002_search_trigram_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "member",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                ("text", models.TextField(blank=True)),
                ("roles", models.TextField(blank=True)),
            ],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(index, unindex, elidable=False),
    ]
