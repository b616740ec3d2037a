"""SQLite's `flush` (the test runner between transactional tests, `manage.py flush`) may empty the
append-only tables; nothing else may.

SQLite has no TRUNCATE and no way to switch triggers off, so the DELETE and UPDATE triggers that keep
history and posted journal entries append-only (SYS-AUDIT, FUN-POSTING; migration jinan_union 0004)
would refuse the flush. Installed from JinanUnionConfig.ready(), Django's SQLite flush drops the
triggers of the tables it empties, empties them and creates the same triggers again, in the flush's
own transaction. (PostgreSQL's flush is a TRUNCATE, which row triggers do not see.) The backend stays
Django's own, so tools that recognise it by its ENGINE (pytest-django) keep working.
"""

from django.db.backends.sqlite3.base import DatabaseOperations  # base first: it imports operations

_original_sql_flush = DatabaseOperations.sql_flush


def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
    statements = _original_sql_flush(
        self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
    )
    if not statements:
        return statements
    emptied = set(tables)
    with self.connection.cursor() as cursor:
        cursor.execute("SELECT name, sql, tbl_name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        triggers = [(name, sql) for name, sql, table in cursor.fetchall() if table in emptied]
    drop = [f'DROP TRIGGER IF EXISTS "{name}";' for name, _ in triggers]
    create = [f"{sql};" for _, sql in triggers]
    return drop + statements + create


def install() -> None:
    if DatabaseOperations.sql_flush is not sql_flush:
        DatabaseOperations.sql_flush = sql_flush
