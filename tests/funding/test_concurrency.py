"""FUN-GRANT under concurrency: two namings at the same moment, on two database connections."""

import threading

import pytest
from django.db import connection, connections

from funding import services
from funding.enums import TransferStep
from funding.hooks import on_studio_named
from funding.models import Grant, JournalEntry
from jinan_union.demo import build_world
from jinan_union.errors import DomainError

from .factories import DAY, make_studio

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises all writers with one database lock; row locks need PostgreSQL",
)


def run_twice_at_once(fn):
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(fn())
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


@pytest.mark.rule("FUN-GRANT")
@pytest.mark.django_db(transaction=True)
def test_two_namings_at_the_same_moment_leave_one_grant():
    world = build_world()
    studio = make_studio(world)
    results, errors = run_twice_at_once(lambda: on_studio_named(studio=studio, by=world.users["secretary"]).pk)
    assert errors == []
    assert len(set(results)) == 1
    assert Grant.objects.filter(studio=studio).count() == 1


@pytest.mark.rule("FUN-POSTING")
@pytest.mark.django_db(transaction=True)
def test_the_same_transfer_recorded_twice_at_once_posts_one_entry():
    world = build_world()
    grant = services.grant_create(studio=make_studio(world), by=world.users["finance"])
    results, errors = run_twice_at_once(
        lambda: (
            services.transfer_record(
                grant=grant, step=TransferStep.MUNICIPAL_PAYS, on=DAY, by=world.users["finance"]
            ).pk
        )
    )
    assert len(results) == 1
    assert [type(e) for e in errors] == [DomainError]
    assert JournalEntry.objects.count() == 1
