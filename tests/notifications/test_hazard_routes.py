"""SYS-NOTIFY: a hazard report moved on to next year's round tells the union that reported it why (H§9)."""

import pytest

from hazards import services
from notifications.models import Notification
from tests.hazards.factories import AFTER_DEADLINE, report, submit

pytestmark = pytest.mark.rule("SYS-NOTIFY")


def test_a_report_carried_over_to_next_year_notifies_the_reporting_clerks(world, settings, committed):
    settings.HAZARDS_NOW = AFTER_DEADLINE.isoformat()
    late = report(world, location="锅炉房", description="锅炉安全阀失效", deaths=10)
    submit(world, [late])
    late.refresh_from_db()
    with committed():
        services.report_carry_over(report=late, by=world.users["reviewer"], reason="等待市总工会专家现场复核")
    sent = list(Notification.objects.filter(reason="carry_over").values_list("recipient__username", "body"))
    assert [who for who, _ in sent] == ["lixia"]
    assert "等待市总工会专家现场复核" in sent[0][1] and "转入下一年度核实" in sent[0][1]
