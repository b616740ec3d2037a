"""Django's SQLite backend, with one change: `flush` (the test runner between transactional tests,
`manage.py flush`) may empty the append-only tables.

SQLite has no TRUNCATE and no way to switch triggers off, so the DELETE and UPDATE triggers that keep
history and posted journal lines append-only (SYS-AUDIT, FUN-POSTING; migration jinan_union 0004)
would refuse the flush. Here the flush drops those triggers, empties the tables and creates the
triggers again, all in the flush's own transaction; any other DELETE or UPDATE is refused.
"""

from django.db.backends.sqlite3 import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        statements = super().sql_flush(
            style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        if not statements:
            return statements
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT name, sql, tbl_name FROM sqlite_master WHERE type = 'trigger'")
            triggers = [(name, sql) for name, sql, table in cursor.fetchall() if table in set(tables)]
        drop = [f'DROP TRIGGER IF EXISTS "{name}";' for name, _ in triggers]
        create = [sql + ";" for _, sql in triggers]
        return drop + statements + create


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
