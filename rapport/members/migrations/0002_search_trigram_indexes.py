"""Trigram indexes for member search on PostgreSQL.

Search uses case-insensitive substring matches, which Django renders on
PostgreSQL as UPPER(col::text) LIKE UPPER('%term%'); a GIN trigram index on
that exact expression serves them. SQLite has no such index type and the demo
data is small there, so this migration does nothing on SQLite.
"""

from django.db import migrations

INDEXES = [
    ("search_user_name_trgm", "accounts_user", "display_name"),
    ("search_user_handle_trgm", "accounts_user", "handle"),
    ("search_profile_headline_trgm", "members_profile", "headline"),
    ("search_profile_location_trgm", "members_profile", "location"),
    ("search_position_title_trgm", "companies_position", "title"),
    ("search_company_name_trgm", "companies_company", "name"),
    ("search_skill_name_trgm", "members_skill", "name"),
    ("search_school_name_trgm", "members_school", "name"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("accounts", "0001_initial"),
        ("companies", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
