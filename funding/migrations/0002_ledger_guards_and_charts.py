"""FUN-POSTING in the database.

PostgreSQL: a deferred constraint trigger refuses at commit any journal entry whose lines do not
balance (debits = credits = the entry's amount > 0, at least two lines), and row triggers refuse
UPDATE and DELETE of entries and lines. SQLite: triggers refuse UPDATE, and a line that would take
the debits or credits past the entry's amount; SQLite cannot defer a check to commit, so there the
balance itself is checked by the one service that writes lines (services.post_entry); SQLite's DELETE
triggers for entries and lines came later, in jinan_union 0004.

Also seeds the chart of accounts of every union that exists now; unions created later get theirs
lazily from services.ensure_chart.
"""

from django.db import migrations

IMMUTABLE = "posted journal entries are immutable: post a reversing entry"

PG_FORWARD = f"""
CREATE OR REPLACE FUNCTION funding_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '{IMMUTABLE}';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER funding_journalentry_immutable BEFORE UPDATE OR DELETE ON funding_journalentry
  FOR EACH ROW EXECUTE FUNCTION funding_refuse_change();
CREATE TRIGGER funding_journalline_immutable BEFORE UPDATE OR DELETE ON funding_journalline
  FOR EACH ROW EXECUTE FUNCTION funding_refuse_change();

CREATE OR REPLACE FUNCTION funding_check_entry_balanced() RETURNS trigger AS $$
DECLARE
  eid bigint; total numeric; debits numeric; credits numeric; n integer;
BEGIN
  IF TG_TABLE_NAME = 'funding_journalentry' THEN eid := NEW.id; ELSE eid := NEW.entry_id; END IF;
  SELECT amount INTO total FROM funding_journalentry WHERE id = eid;
  SELECT coalesce(sum(debit), 0), coalesce(sum(credit), 0), count(*) INTO debits, credits, n
    FROM funding_journalline WHERE entry_id = eid;
  IF n < 2 OR debits <> credits OR debits <= 0 OR debits <> total THEN
    RAISE EXCEPTION 'journal entry % does not balance (debits %, credits %, amount %, lines %)',
      eid, debits, credits, total, n;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE CONSTRAINT TRIGGER funding_journalentry_balanced AFTER INSERT ON funding_journalentry
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION funding_check_entry_balanced();
CREATE CONSTRAINT TRIGGER funding_journalline_balanced AFTER INSERT ON funding_journalline
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION funding_check_entry_balanced();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS funding_journalline_balanced ON funding_journalline;
DROP TRIGGER IF EXISTS funding_journalentry_balanced ON funding_journalentry;
DROP FUNCTION IF EXISTS funding_check_entry_balanced();
DROP TRIGGER IF EXISTS funding_journalline_immutable ON funding_journalline;
DROP TRIGGER IF EXISTS funding_journalentry_immutable ON funding_journalentry;
DROP FUNCTION IF EXISTS funding_refuse_change();
"""
SQLITE_FORWARD = [
    f"""CREATE TRIGGER funding_journalentry_no_update BEFORE UPDATE ON funding_journalentry
    BEGIN SELECT RAISE(ABORT, '{IMMUTABLE}'); END;""",
    f"""CREATE TRIGGER funding_journalline_no_update BEFORE UPDATE ON funding_journalline
    BEGIN SELECT RAISE(ABORT, '{IMMUTABLE}'); END;""",
    # Amounts are NUMERIC in SQLite; the half-fen margin absorbs binary rounding of the sums.
    """CREATE TRIGGER funding_journalline_within_amount BEFORE INSERT ON funding_journalline
    WHEN (SELECT coalesce(sum(debit), 0) FROM funding_journalline WHERE entry_id = NEW.entry_id) + NEW.debit
           > (SELECT amount FROM funding_journalentry WHERE id = NEW.entry_id) + 0.005
      OR (SELECT coalesce(sum(credit), 0) FROM funding_journalline WHERE entry_id = NEW.entry_id) + NEW.credit
           > (SELECT amount FROM funding_journalentry WHERE id = NEW.entry_id) + 0.005
    BEGIN SELECT RAISE(ABORT, 'journal line exceeds the entry amount: the entry would not balance'); END;""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS funding_journalline_within_amount;",
    "DROP TRIGGER IF EXISTS funding_journalline_no_update;",
    "DROP TRIGGER IF EXISTS funding_journalentry_no_update;",
]


def guards_forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def guards_backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


def seed_charts(apps, schema_editor):
    from funding.chart import BOOKKEEPING_KINDS, seed_chart

    Organisation = apps.get_model("jinan_union", "Organisation")
    Account = apps.get_model("funding", "Account")
    for union in Organisation.objects.filter(kind__in=BOOKKEEPING_KINDS):
        seed_chart(Account, union)


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial")]
    operations = [
        migrations.RunPython(guards_forward, guards_backward),
        migrations.RunPython(seed_charts, migrations.RunPython.noop),
    ]
