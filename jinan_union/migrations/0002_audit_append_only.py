"""SYS-AUDIT in the database: history rows cannot be updated (both databases) or deleted (PostgreSQL here;
SQLite's DELETE triggers came later, in jinan_union 0004, with the flush of the test runner let through)."""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION jinan_union_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit history is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER jinan_union_auditentry_no_update BEFORE UPDATE OR DELETE ON jinan_union_auditentry
  FOR EACH ROW EXECUTE FUNCTION jinan_union_audit_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS jinan_union_auditentry_no_update ON jinan_union_auditentry;
DROP FUNCTION IF EXISTS jinan_union_audit_append_only();
"""
SQLITE_FORWARD = """
CREATE TRIGGER jinan_union_auditentry_no_update BEFORE UPDATE ON jinan_union_auditentry
BEGIN SELECT RAISE(ABORT, 'audit history is append-only'); END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS jinan_union_auditentry_no_update;"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("jinan_union", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
