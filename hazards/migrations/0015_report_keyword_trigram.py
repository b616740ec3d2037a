"""Issue 10: the report list's keyword search (hazards.filters.ReportFilter.filter_q: UPPER(col) LIKE UPPER('%…%')
on the location, the description and the finder) served on PostgreSQL by a pg_trgm GIN index over the same
expressions, instead of reading all 200,000 reports. PostgreSQL only: SQLite migrates without it (the extension
operation skips other databases, and so does the index). Not in the model's Meta.indexes (a GIN index cannot be
built on SQLite), so the model state has no such index and makemigrations stays clean."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "hazard_keyword_trgm_idx"
COLUMNS = ("UPPER(location::text) gin_trgm_ops", "UPPER(description::text) gin_trgm_ops",
           "UPPER(finder_name::text) gin_trgm_ops")


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON hazards_hazardreport USING gin ({', '.join(COLUMNS)})")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("hazards", "0014_unit_address_keys"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index),
    ]
