"""STU-CALL (S§5, S§6): the yearly call, its window for submission, and the one date it fixes for the windows
of S§6(一), S§7(一), S§8(六), S§9(四) (docs/decisions.md: the call's close date)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from jinan_union.errors import DomainError
from jinan_union.workflow import move
from studios import selectors, services
from studios.enums import ApplicationState, StudioCategory
from studios.models import Application
from studios.rules import shift_years

from .factories import fill_application, make_studio

OPENS, CLOSES = date(2026, 3, 1), date(2026, 3, 31)


@pytest.fixture
def day(monkeypatch):
    """Set the Shanghai date everything reads (`timezone.localdate`)."""
    current = {"d": OPENS}
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: current["d"])

    def set_day(d):
        current["d"] = d

    return set_day


def publish(world, **extra):
    data = dict(year=2026, title="关于开展2026年度市级示范性创新工作室申报工作的通知", opens_on=OPENS,
                closes_on=CLOSES, categories=[StudioCategory.TECH, StudioCategory.SERVICE],
                notice="各系统工会：……")
    data.update(extra)
    return services.call_publish(by=world.users["reviewer"], data=data)


def prepared(world, **studio):
    lixia = world.users["lixia"]
    award_on = studio.pop("award_on", None) or date(2025, 6, 1)
    app = services.application_start(studio=make_studio(world, **studio), by=lixia)
    return fill_application(app, lixia, award_on=award_on)


@pytest.mark.rule("STU-CALL")
def test_only_the_reviewer_publishes_a_call_and_its_dates_are_checked(world, day):
    day(date(2026, 2, 1))
    with pytest.raises(DomainError, match="只有市总工会审核人"):
        services.call_publish(by=world.users["lixia"], data={})
    with pytest.raises(DomainError) as wrong:
        publish(world, closes_on=date(2026, 2, 20))
    assert wrong.value.field == "closes_on"
    with pytest.raises(DomainError) as none:
        publish(world, categories=[])
    assert none.value.field == "categories"
    call = publish(world)
    with pytest.raises(DomainError) as twice:
        publish(world, opens_on=date(2026, 4, 1), closes_on=date(2026, 4, 30))
    assert twice.value.field == "year"
    with pytest.raises(DomainError, match="重叠"):
        publish(world, year=2027, opens_on=date(2026, 3, 30), closes_on=date(2026, 4, 30))
    assert call.category_labels() == ["技术创新型", "服务创新型"]


@pytest.mark.rule("STU-CALL")
def test_outside_the_call_a_union_prepares_but_cannot_submit(world, day):
    day(date(2026, 2, 20))
    call = publish(world)
    app = prepared(world, named_on=date(2023, 1, 10))
    assert app.call == call and app.state == ApplicationState.DRAFT  # prepared before the call opens
    with pytest.raises(DomainError) as early:
        move(app, "submit", by=world.users["lixia"])
    assert "尚未开始" in early.value.message and early.value.article == "《管理办法》第五条"
    day(CLOSES + timedelta(days=1))
    with pytest.raises(DomainError) as late:
        move(Application.objects.get(pk=app.pk), "submit", by=world.users["lixia"])
    assert "已经截止" in late.value.message
    assert Application.objects.get(pk=app.pk).state == ApplicationState.DRAFT
    day(CLOSES)  # the close date itself is still open (Shanghai date, both days included)
    done = move(Application.objects.get(pk=app.pk), "submit", by=world.users["lixia"])
    assert done.state == ApplicationState.SUBMITTED and done.year == 2026


@pytest.mark.rule("STU-CALL")
def test_without_an_open_call_nothing_is_submitted(world, day):
    day(date(2026, 2, 20))
    app = prepared(world, named_on=date(2023, 1, 10), with_call=False)
    assert app.call is None
    with pytest.raises(DomainError, match="没有开放的申报通知"):
        move(app, "submit", by=world.users["lixia"])


@pytest.mark.rule("STU-CALL")
def test_a_category_the_call_does_not_take_is_refused_beside_the_field(world, day):
    day(date(2026, 2, 20))
    publish(world, categories=[StudioCategory.SERVICE])
    app = prepared(world, named_on=date(2023, 1, 10))
    day(OPENS)
    with pytest.raises(DomainError) as refused:
        move(app, "submit", by=world.users["lixia"])
    assert refused.value.field == "category" and "服务创新型" in refused.value.message


@pytest.mark.rule("STU-CALL")
def test_one_application_per_studio_and_call(world, day):
    day(OPENS)
    publish(world)
    app = prepared(world, named_on=date(2023, 1, 10))
    move(app, "submit", by=world.users["lixia"])
    move(Application.objects.get(pk=app.pk), "reject", by=world.users["reviewer"], comment="条件不符")
    with pytest.raises(DomainError, match="每期申报通知只能申报一次"):
        services.application_start(studio=app.studio, by=world.users["lixia"])


@pytest.mark.rule("STU-CALL")
def test_windows_count_from_the_close_date_and_a_return_never_moves_them(world, day):
    """S§6(一) 2 years of stable running reached only on the close date: it passes at a submission on the first
    day. A return and a resubmission on the last day keep the same date, so nothing moves in or out."""
    day(OPENS)
    publish(world)
    app = prepared(world, named_on=shift_years(CLOSES, -2))
    lixia, reviewer = world.users["lixia"], world.users["reviewer"]
    assert selectors.check_date_of(app) == CLOSES
    app = move(app, "submit", by=lixia)
    assert selectors.check_date_of(app) == CLOSES
    day(OPENS + timedelta(days=10))
    app = move(app, "return", by=reviewer, comment="请补充效益证明")
    assert selectors.check_date_of(app) == CLOSES
    day(CLOSES)
    app = move(Application.objects.get(pk=app.pk), "submit", by=lixia)
    assert app.round == 2 and selectors.check_date_of(app) == CLOSES
    assert not [c for c in selectors.checks_for(app) if c.blocks]


@pytest.mark.rule("STU-CALL")
def test_an_honour_outside_the_window_from_the_close_date_is_refused_even_on_the_first_day(world, day):
    """S§7(一) 申报前2年内 counted from the close date: an honour a day older than that is out for everyone in
    the call, whether they submit on the first day or the last."""
    day(OPENS)
    publish(world)
    app = prepared(world, named_on=date(2023, 1, 10), award_on=shift_years(CLOSES, -2) - timedelta(days=1))
    with pytest.raises(DomainError, match="《管理办法》第七条"):
        move(app, "submit", by=world.users["lixia"])
