"""SYS-AUDIT and FUN-POSTING on SQLite as on PostgreSQL: history rows, journal entries and journal lines
refuse DELETE as well as UPDATE, whoever asks (raw SQL included).

PostgreSQL got its row triggers in jinan_union 0002 and funding 0002; SQLite had only UPDATE triggers,
because the test runner's flush empties tables with DELETE. Django's SQLite flush now lifts the
triggers for its own statements only (jinan_union/sqlite_flush.py), so the DELETE triggers can be
added here.
"""

from django.db import migrations

AUDIT = "audit history is append-only"
IMMUTABLE = "posted journal entries are immutable: post a reversing entry"

SQLITE_FORWARD = [
    f"""CREATE TRIGGER jinan_union_auditentry_no_delete BEFORE DELETE ON jinan_union_auditentry
    BEGIN SELECT RAISE(ABORT, '{AUDIT}'); END;""",
    f"""CREATE TRIGGER funding_journalentry_no_delete BEFORE DELETE ON funding_journalentry
    BEGIN SELECT RAISE(ABORT, '{IMMUTABLE}'); END;""",
    f"""CREATE TRIGGER funding_journalline_no_delete BEFORE DELETE ON funding_journalline
    BEGIN SELECT RAISE(ABORT, '{IMMUTABLE}'); END;""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS funding_journalline_no_delete;",
    "DROP TRIGGER IF EXISTS funding_journalentry_no_delete;",
    "DROP TRIGGER IF EXISTS jinan_union_auditentry_no_delete;",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("jinan_union", "0003_export_job"),
        ("funding", "0002_ledger_guards_and_charts"),
    ]
    operations = [migrations.RunPython(forward, backward)]
