"""The lists paged in the second round of issue 10 (jinan_union/paging.py, the one mechanism): naming batches, the
named-studio public list, hazard rounds, calls, the administrator's users, organisations and units, the notification
inbox. Each issues the same number of queries for 1 row and for 5, at most 12, on page 2 too (SYS-SCOPE: the scoped
selector of the role, a bounded count and one page query)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from hazards.models import Round
from jinan_union.enums import OrgKind, Role
from jinan_union.models import Organisation, User, WorkUnit
from notifications.models import Notification
from studios.enums import StudioCategory
from studios.models import Call, NamingBatch, Studio

from .test_list_queries import MAX_QUERIES, queries

pytestmark = pytest.mark.rule("SYS-SCOPE")


def _batches(world, first, n):
    for i in range(first, first + n):
        NamingBatch.objects.create(year=2000 + i, title=f"{2000 + i}年度命名", created_by=world.users["secretary"])


def _named(world, first, n):
    unit = world.units["济南市中区热力有限公司"]
    for i in range(first, first + n):
        Studio.objects.create(name=f"公开名单{i}号创新工作室", system_union=unit.system_union, work_unit=unit,
                              category=StudioCategory.TECH, leader_name="某", system_named_on=datetime.date(2020, 1, 1),
                              status="municipal_named", naming_year=2024)


def _rounds(world, first, n):
    for i in range(first, first + n):
        Round.objects.create(year=1990 + i, deadline=timezone.now(), total_paid=Decimal("0"))


def _calls(world, first, n):
    for i in range(first, first + n):
        Call.objects.create(year=1990 + i, title=f"{1990 + i}年度申报通知", opens_on=datetime.date(1990 + i, 3, 1),
                            closes_on=datetime.date(1990 + i, 4, 1), categories=[StudioCategory.TECH],
                            notice="通知", created_by=world.users["reviewer"])


def _users(world, first, n):
    org = world.system_unions["历下区总工会"]
    for i in range(first, first + n):
        User.objects.create(username=f"paged{i}", full_name=f"分页用户{i}", organisation=org,
                            roles=[Role.SYSTEM_CLERK])


def _orgs(world, first, n):
    for i in range(first, first + n):
        Organisation.objects.create(name=f"分页{i}工会", kind=OrgKind.GRASSROOTS,
                                    parent=world.system_unions["历下区总工会"])


def _units(world, first, n):
    for i in range(first, first + n):
        WorkUnit.objects.create(name=f"分页单位{i}", system_union=world.system_unions["历下区总工会"])


def _notifications(world, first, n):
    for i in range(first, first + n):
        Notification.objects.create(recipient=world.users["lixia"], key=f"paged-{i}", title=f"消息{i}")


LISTS = [
    ("studios:batch-list", "secretary", _batches),
    ("studios:public-list", "lixia", _named),
    ("hazards:round-list", "finance", _rounds),
    ("studios:call-list", "lixia", _calls),
    ("manage-users", "admin", _users),
    ("manage-orgs", "admin", _orgs),
    ("manage-units", "admin", _units),
    ("notifications:inbox", "lixia", _notifications),
]


@pytest.mark.parametrize(("url_name", "username", "add"), LISTS, ids=[u for u, _, _ in LISTS])
def test_a_paged_list_with_1_and_5_more_rows_issues_the_same_few_queries(world, client_for, url_name, username,
                                                                           add):
    client, url = client_for(username), reverse(url_name)
    add(world, 0, 1)
    one = queries(client, url)
    add(world, 1, 4)
    assert queries(client, url) == one <= MAX_QUERIES
    assert queries(client, url, {"page": "2"}) == one
    assert 'data-testid="pager"' in client.get(url).content.decode()
