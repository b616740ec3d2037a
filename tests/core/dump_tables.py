"""Every table's rows, as text, sorted: to compare two instances (python -m tests.core.dump_tables prints them
as JSON for the instance DATABASE_URL names)."""

import json


def dump(connection) -> dict[str, list[str]]:
    tables = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            tables[table] = sorted(repr(tuple(str(v) for v in row)) for row in cursor.fetchall())
    return tables


if __name__ == "__main__":
    import django

    django.setup()
    from django.db import connection

    print(json.dumps(dump(connection), ensure_ascii=False))
