"""STU-SCORE (S§11): experts assigned by the reviewer score on the published criteria; conflict of interest
excluded; scores hidden from other experts until each has scored; the ranking (mean, spread, missing)."""

from decimal import Decimal

import pytest

from jinan_union.enums import Role
from jinan_union.errors import DomainError
from jinan_union.models import User
from jinan_union.workflow import move
from notifications.models import Notification
from studios import selectors, services
from studios.enums import SCORE_CRITERIA
from studios.models import ExpertScore

from .factories import make_studio, ready_application


def expert(world, username, union="济南高新技术产业开发区工会"):
    return User.objects.create(username=username, full_name=f"{username}专家",
                               organisation=world.system_unions[union], roles=[Role.EXPERT])


def submitted(world, **studio):
    app = ready_application(world, make_studio(world, **studio) if studio else None)
    return move(app, "submit", by=world.users["lixia"])


def marks(basics="25", category="26.5", results="20", promotion="12", comment="场所制度健全，成果效益明显。"):
    return dict(basics=basics, category=category, results=results, promotion=promotion, comment=comment)


def test_the_published_criteria_add_up_to_100():
    assert sum(m for _, _, m, _ in SCORE_CRITERIA) == 100


@pytest.mark.rule("STU-SCORE")
def test_an_expert_of_the_applicants_own_union_or_unit_is_refused(world):
    app = submitted(world)
    reviewer = world.users["reviewer"]
    same_union = expert(world, "e_lixia", "历下区总工会")
    with pytest.raises(DomainError) as refused:
        services.expert_assign(application=app, expert=same_union, by=reviewer)
    assert refused.value.field == "expert" and "回避" in refused.value.message
    assert "历下区总工会" in refused.value.message
    same_unit = User.objects.create(username="e_unit", full_name="单位专家", roles=[Role.EXPERT],
                                    organisation=app.studio.work_unit.grassroots_union)
    with pytest.raises(DomainError, match="回避"):
        services.expert_assign(application=app, expert=same_unit, by=reviewer)
    with pytest.raises(DomainError, match="不是评审专家"):
        services.expert_assign(application=app, expert=world.users["shizhong"], by=reviewer)
    with pytest.raises(DomainError, match="您的角色不能执行此操作"):
        services.expert_assign(application=app, expert=expert(world, "e1"), by=world.users["lixia"])
    assert not app.expert_assignments.exists()


@pytest.mark.rule("STU-SCORE")
def test_assigning_notifies_the_expert_once(world):
    app = submitted(world)
    e1 = expert(world, "e1")
    assignment = services.expert_assign(application=app, expert=e1, by=world.users["reviewer"])
    note = Notification.objects.get(recipient=e1)
    assert str(assignment.pk) in note.link
    with pytest.raises(DomainError, match="已分配"):
        services.expert_assign(application=app, expert=e1, by=world.users["reviewer"])


@pytest.mark.rule("STU-SCORE")
def test_scores_are_decimal_checked_per_criterion_and_final(world):
    app = submitted(world)
    a1 = services.expert_assign(application=app, expert=expert(world, "e1"), by=world.users["reviewer"])
    e1 = a1.expert
    with pytest.raises(DomainError) as too_high:
        services.expert_score(assignment=a1, by=e1, data=marks(basics="31"))
    assert too_high.value.field == "basics" and "0至30分" in too_high.value.message
    with pytest.raises(DomainError) as text:
        services.expert_score(assignment=a1, by=e1, data=marks(results="很好"))
    assert text.value.field == "results"
    with pytest.raises(DomainError) as no_comment:
        services.expert_score(assignment=a1, by=e1, data=marks(comment=" "))
    assert no_comment.value.field == "comment"
    with pytest.raises(DomainError, match="只有被分配的评审专家"):
        services.expert_score(assignment=a1, by=expert(world, "e2"), data=marks())
    score = services.expert_score(assignment=a1, by=e1, data=marks())
    assert score.total == Decimal("83.5") and isinstance(score.total, Decimal)
    with pytest.raises(DomainError, match="不能修改"):
        services.expert_score(assignment=a1, by=e1, data=marks(basics="30"))
    assert ExpertScore.objects.count() == 1


@pytest.mark.rule("STU-SCORE")
def test_other_experts_scores_stay_hidden_until_the_expert_has_scored(world):
    app = submitted(world)
    reviewer = world.users["reviewer"]
    a1 = services.expert_assign(application=app, expert=expert(world, "e1"), by=reviewer)
    a2 = services.expert_assign(application=app, expert=expert(world, "e2"), by=reviewer)
    services.expert_score(assignment=a1, by=a1.expert, data=marks())
    assert selectors.scores_seen_by(a2.expert, app) == []
    assert len(selectors.scores_seen_by(a1.expert, app)) == 1
    assert len(selectors.scores_seen_by(reviewer, app)) == 1
    services.expert_score(assignment=a2, by=a2.expert, data=marks(basics="20"))
    assert len(selectors.scores_seen_by(a2.expert, app)) == 2


@pytest.mark.rule("STU-SCORE")
def test_the_ranking_gives_mean_spread_and_missing_scores(world):
    reviewer = world.users["reviewer"]
    first = submitted(world)
    second = submitted(world, name="历下第二创新工作室")
    e1, e2, e3 = expert(world, "e1"), expert(world, "e2"), expert(world, "e3")
    for app in (first, second):
        for e in (e1, e2):
            services.expert_assign(application=app, expert=e, by=reviewer)
    services.expert_assign(application=second, expert=e3, by=reviewer)
    a = {(x.application_id, x.expert_id): x for app in (first, second) for x in app.expert_assignments.all()}
    services.expert_score(assignment=a[first.pk, e1.pk], by=e1, data=marks("20", "20", "20", "10"))  # 70
    services.expert_score(assignment=a[first.pk, e2.pk], by=e2, data=marks("25", "25", "20", "10"))  # 80
    services.expert_score(assignment=a[second.pk, e1.pk], by=e1, data=marks("30", "28", "22", "12.5"))  # 92.5
    rows = selectors.ranking(first.call)
    assert [r["application"].pk for r in rows] == [second.pk, first.pk]
    top, other = rows
    assert (top["mean"], top["spread"], top["missing"], top["place"]) == (Decimal("92.50"), Decimal("0"), 2, 1)
    assert (other["mean"], other["spread"], other["missing"]) == (Decimal("75.00"), Decimal("10"), 0)
