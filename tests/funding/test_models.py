"""FUN-POSTING in the database: posted entries cannot change, and an unbalanced entry cannot be saved."""

from decimal import Decimal

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from funding import chart, services
from funding.models import Account, JournalEntry, JournalLine

from .factories import DAY, fund_fully, make_grant

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's deferred triggers")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own triggers")


def posted_entry(world):
    grant = fund_fully(world, make_grant(world))
    return grant.transfers.first().entry


@pytest.mark.rule("FUN-POSTING")
def test_orm_refuses_to_change_or_delete_posted_entries(world):
    entry = posted_entry(world)
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        JournalEntry.objects.filter(pk=entry.pk).update(description="改")
    with pytest.raises(PermissionError):
        JournalLine.objects.filter(entry=entry).update(debit=1)
    with pytest.raises(PermissionError):
        JournalLine.objects.filter(entry=entry).delete()


@pytest.mark.rule("FUN-POSTING")
def test_orm_refuses_lines_written_outside_post_entry(world):
    entry = posted_entry(world)
    account = entry.lines.first().account
    with pytest.raises(PermissionError):
        JournalLine(entry=entry, account=account, debit=Decimal("1")).save()
    with pytest.raises(PermissionError):
        JournalLine.objects.bulk_create([JournalLine(entry=entry, account=account, debit=Decimal("1"))])


@pytest.mark.rule("FUN-POSTING")
def test_database_refuses_update_of_posted_lines(world):
    entry = posted_entry(world)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE funding_journalline SET debit = 1 WHERE entry_id = %s", [entry.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE funding_journalentry SET description = 'x' WHERE id = %s", [entry.pk])


@pytest.mark.rule("FUN-POSTING")
def test_database_refuses_a_line_with_both_sides(world):
    entry = posted_entry(world)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO funding_journalline (entry_id, account_id, debit, credit) VALUES (%s, %s, 1, 1)",
            [entry.pk, entry.lines.first().account_id],
        )


@on_sqlite
@pytest.mark.rule("FUN-POSTING")
def test_sqlite_refuses_a_line_beyond_the_entry_amount(world):
    entry = posted_entry(world)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO funding_journalline (entry_id, account_id, debit, credit) VALUES (%s, %s, 0.01, 0)",
            [entry.pk, entry.lines.first().account_id],
        )


@on_postgres
@pytest.mark.rule("FUN-POSTING")
def test_postgres_refuses_delete_of_posted_lines(world):
    entry = posted_entry(world)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM funding_journalline WHERE entry_id = %s", [entry.pk])


@on_postgres
@pytest.mark.rule("FUN-POSTING")
def test_postgres_refuses_an_unbalanced_entry_at_commit(world):
    union = world.system_unions["历下区总工会"]
    bank = services.ensure_chart(union)[chart.BANK]
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO funding_journalentry (union_id, date, voucher_year, number, description, amount,"
            " created_by_id, created_at) VALUES (%s, %s, 2026, 99, 'x', 10, %s, now()) RETURNING id",
            [union.pk, DAY, world.users["finance"].pk],
        )
        entry_id = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO funding_journalline (entry_id, account_id, debit, credit) VALUES (%s, %s, 10, 0)",
            [entry_id, bank.pk],
        )
        # The check is deferred to commit; the test's transaction never commits, so ask for it now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@on_postgres
@pytest.mark.rule("FUN-POSTING")
def test_postgres_accepts_balanced_entries_at_commit(world):
    posted_entry(world)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_data_migration_seeds_every_existing_union(world):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("funding.migrations.0002_ledger_guards_and_charts")
    migration.seed_charts(apps, None)
    unions = {a.union.name for a in Account.objects.filter(key=chart.CUSTODY).select_related("union")}
    assert "历下区总工会" in unions and "山东浪潮通用软件有限公司工会" in unions
    assert Account.objects.filter(union=world.municipal).count() == len(chart.CHART)


@pytest.mark.rule("SYS-MONEY")
def test_spending_and_matching_fund_name_their_amount_in_yuan():
    from decimal import Decimal

    from funding.enums import SpendingCategory
    from funding.models import MatchingFund, Spending

    assert str(Spending(category=SpendingCategory.EQUIPMENT, amount=Decimal("18600"))) == "设备购置 ¥18,600.00"
    assert str(MatchingFund(source="单位自筹", amount=Decimal("20000.5"))) == "单位自筹 ¥20,000.50"
