"""FUN-AUDIT: the fund statement and the grant list draw their numbers as bar charts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from .factories import fund_fully, make_grant, spend


def chart_of(response):
    return [(b.label, b.value, b.display, b.tone) for b in response.context["chart"]]


@pytest.mark.rule("FUN-AUDIT")
def test_fund_statement_chart_shows_spent_by_category_against_the_remaining_balance(world, client_for):
    grant = fund_fully(world, make_grant(world))
    spend(world, grant, "18600.00", category="equipment")
    spend(world, grant, "1400.00", category="training")
    spend(world, grant, "600.00", category="equipment")
    response = client_for("auditor").get(reverse("funding:grant-detail", args=[grant.pk]))
    assert chart_of(response) == [
        ("设备购置", Decimal("19200.00"), "¥19,200.00", "warning"),
        ("培训学习", Decimal("1400.00"), "¥1,400.00", "warning"),
        ("结余", Decimal("29400.00"), "¥29,400.00", "success"),
    ]
    assert [b.percent for b in response.context["chart"]] == [
        float(Decimal("19200") * 100 / Decimal("29400")),
        float(Decimal("1400") * 100 / Decimal("29400")),
        100.0,
    ]
    html = response.content.decode()
    assert "资助资金按类别支出与结余" in html
    assert 'aria-label="设备购置：¥19,200.00"' in html


@pytest.mark.rule("FUN-AUDIT")
def test_fund_statement_chart_before_any_money_arrives(world, client_for):
    grant = make_grant(world)
    response = client_for("lixia").get(reverse("funding:grant-detail", args=[grant.pk]))
    assert chart_of(response) == [("结余", Decimal("0.00"), "¥0.00", "success")]


@pytest.fixture
def three_grants(world):
    a = fund_fully(world, make_grant(world, unit="山东浪潮通用软件有限公司", name="浪潮工作室"))
    spend(world, a, "10000.00")
    b = fund_fully(world, make_grant(world, unit="济南历下控股集团有限公司", name="控股工作室"))
    c = make_grant(world, unit="济南市中区热力有限公司", name="热力工作室")  # named, money not yet arrived
    return a, b, c


@pytest.mark.rule("FUN-AUDIT")
def test_municipal_grant_list_charts_received_spent_and_remaining_per_system_union(world, client_for, three_grants):
    response = client_for("finance").get(reverse("funding:grant-list"))
    # Grants are listed newest first, so 市中 comes first.
    assert chart_of(response) == [
        ("市中区总工会 收到", Decimal("0"), "¥0.00", "primary"),
        ("市中区总工会 已支出", Decimal("0"), "¥0.00", "warning"),
        ("市中区总工会 结余", Decimal("0"), "¥0.00", "success"),
        ("历下区总工会 收到", Decimal("100000.00"), "¥100,000.00", "primary"),
        ("历下区总工会 已支出", Decimal("10000.00"), "¥10,000.00", "warning"),
        ("历下区总工会 结余", Decimal("90000.00"), "¥90,000.00", "success"),
    ]
    assert response.context["chart_title"] == "各系统工会资助资金收支"


@pytest.mark.rule("FUN-AUDIT")
def test_municipal_grant_chart_follows_the_filters(world, client_for, three_grants):
    response = client_for("auditor").get(reverse("funding:grant-list") + "?stage=paid_out")
    assert [b.label for b in response.context["chart"]] == [
        "市中区总工会 收到",
        "市中区总工会 已支出",
        "市中区总工会 结余",
    ]


@pytest.mark.rule("FUN-AUDIT")
def test_system_union_grant_list_charts_its_own_studios(world, client_for, three_grants):
    response = client_for("lixia").get(reverse("funding:grant-list"))
    assert chart_of(response) == [
        ("控股工作室 收到", Decimal("50000.00"), "¥50,000.00", "primary"),
        ("控股工作室 已支出", Decimal("0"), "¥0.00", "warning"),
        ("控股工作室 结余", Decimal("50000.00"), "¥50,000.00", "success"),
        ("浪潮工作室 收到", Decimal("50000.00"), "¥50,000.00", "primary"),
        ("浪潮工作室 已支出", Decimal("10000.00"), "¥10,000.00", "warning"),
        ("浪潮工作室 结余", Decimal("40000.00"), "¥40,000.00", "success"),
    ]
    assert response.context["chart_title"] == "各工作室资助资金收支"
