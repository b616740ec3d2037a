"""HAZ-ROUND: a round is paid once, also when two finance users close it at the same moment."""

import threading

import pytest
from django.db import connection

from hazards import services
from hazards.models import Round
from jinan_union.demo import build_world
from jinan_union.errors import DomainError

from .factories import AFTER_DEADLINE, report


@pytest.mark.rule("HAZ-ROUND")
def test_two_simultaneous_closes_pay_once(transactional_db):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers itself; the row lock is exercised on PostgreSQL")
    world = build_world()
    item = report(world, state="verified", deaths=10)
    round_id = item.application.round_id
    outcomes, barrier = [], threading.Barrier(2)

    def close():
        barrier.wait()
        try:
            services.round_close(round_=Round(pk=round_id), by=world.users["finance"], now=AFTER_DEADLINE)
            outcomes.append("paid")
        except DomainError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=close) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["paid", "refused"]
    assert Round.objects.get(pk=round_id).total_paid == 5000
