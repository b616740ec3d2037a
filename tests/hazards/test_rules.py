"""Pure clauses: HAZ-ROUND deadline, HAZ-REPORT/-EXCLUDE/-RECTIFIED submit checks, reward decisions."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from hazards.rules import (
    deadline_for,
    duplicate_score,
    reward_decision,
    round_year_for,
    submit_problems,
    text_similarity,
)

SH = ZoneInfo("Asia/Shanghai")


@pytest.mark.rule("HAZ-ROUND")
def test_submission_at_2359_on_30_september_is_in_this_years_round():
    assert round_year_for(datetime(2026, 9, 30, 23, 59, tzinfo=SH)) == 2026


@pytest.mark.rule("HAZ-ROUND")
def test_submission_at_midnight_on_1_october_goes_to_next_year():
    assert round_year_for(datetime(2026, 10, 1, 0, 0, tzinfo=SH)) == 2027


@pytest.mark.rule("HAZ-ROUND")
def test_round_uses_shanghai_date_not_utc():
    # 2026-09-30 16:30 UTC is already 1 October 00:30 in Shanghai.
    assert round_year_for(datetime(2026, 9, 30, 16, 30, tzinfo=ZoneInfo("UTC"))) == 2027
    assert round_year_for(datetime(2026, 9, 30, 15, 59, tzinfo=ZoneInfo("UTC"))) == 2026


@pytest.mark.rule("HAZ-ROUND")
def test_deadline_is_end_of_30_september_shanghai():
    deadline = deadline_for(2026)
    assert deadline.astimezone(SH).date() == date(2026, 9, 30)
    assert datetime(2026, 9, 30, 23, 59, tzinfo=SH) <= deadline < datetime(2026, 10, 1, tzinfo=SH)


def complete_data(**overrides):
    data = {
        "finder_kind": "individual", "finder_name": "张三", "finder_unit": 1, "hazard_unit": 2,
        "hazard_address": "济南市", "location": "二号车间", "description": "配电柜接地缺失",
        "deaths": 3, "serious_injuries": 0, "direct_loss": Decimal("0"),
        "found_on": date(2026, 3, 1), "reported_at": datetime(2026, 3, 2, 9, tzinfo=SH),
        "rectification": "rectified", "rectified_on": date(2026, 3, 10), "experts": "李工",
        "expert_grade": 3, "is_safety_manager": False, "members": [], "photo_count": 1, "scan_count": 1,
    }
    data.update(overrides)
    return data


@pytest.mark.rule("HAZ-REPORT")
def test_complete_report_has_no_problems():
    assert submit_problems(complete_data()) == []


@pytest.mark.rule("HAZ-REPORT")
def test_missing_photo_and_scan_block_submit():
    problems = submit_problems(complete_data(photo_count=0, scan_count=0))
    assert [p.field for p in problems] == ["photos", "expert_scan"]
    assert problems[0].message == "请上传至少一份隐患影像资料（照片或视频）。"


@pytest.mark.rule("HAZ-REPORT")
def test_collective_needs_members():
    problems = submit_problems(complete_data(finder_kind="collective"))
    assert [p.field for p in problems] == ["members"]


@pytest.mark.rule("HAZ-REPORT")
def test_missing_location_is_named_by_field():
    problems = submit_problems(complete_data(location=""))
    assert [(p.field, p.article) for p in problems] == [("location", "H§6")]


@pytest.mark.rule("HAZ-EXCLUDE")
def test_safety_manager_find_cannot_be_submitted():
    problems = submit_problems(complete_data(is_safety_manager=True))
    assert [(p.field, p.article) for p in problems] == [("is_safety_manager", "H§3")]


@pytest.mark.rule("HAZ-RECTIFIED")
def test_unrectified_hazard_cannot_be_submitted():
    problems = submit_problems(complete_data(rectification="", rectified_on=None))
    assert [p.field for p in problems] == ["rectification", "rectified_on"]


@pytest.mark.rule("HAZ-RECTIFIED")
def test_rectified_before_report_is_refused():
    problems = submit_problems(complete_data(rectified_on=date(2026, 3, 1)))
    assert [p.field for p in problems] == ["rectified_on"]


@pytest.mark.rule("HAZ-EXCLUDE")
def test_safety_manager_earns_nothing():
    decision = reward_decision(grade=1, is_safety_manager=True)
    assert decision.amount == Decimal("0.00")
    assert decision.reason == "企业专职安全管理人员排查出的隐患不予奖励（《奖励办法》第三条）"


@pytest.mark.rule("HAZ-REWARD")
def test_grade_four_earns_nothing_with_reason():
    decision = reward_decision(grade=4, is_safety_manager=False)
    assert (decision.amount, decision.reason) == (Decimal("0.00"), "四级事故隐患不予奖励（《奖励办法》第七条）")


@pytest.mark.rule("HAZ-FIRST")
def test_later_finder_earns_nothing():
    decision = reward_decision(grade=2, is_safety_manager=False, first_finder=False, first_finder_name="张三")
    assert decision.amount == Decimal("0.00")
    assert decision.reason == "同一隐患只奖励第一发现人（《奖励办法》第十条）：第一发现人为张三"


@pytest.mark.rule("HAZ-FIRST")
def test_rewarded_in_earlier_year_earns_nothing():
    decision = reward_decision(grade=1, is_safety_manager=False, rewarded_before_year=2025)
    assert decision.amount == Decimal("0.00")


@pytest.mark.rule("HAZ-FIRST")
def test_similar_chinese_text_scores_high_and_different_low():
    assert text_similarity("二号车间配电柜", "二号车间配电柜") == 1.0
    assert duplicate_score("二号车间配电柜", "接地线缺失", "2号车间 配电柜", "配电柜接地线缺失") >= 0.25
    assert duplicate_score("二号车间配电柜", "接地线缺失", "食堂燃气管道", "燃气泄漏") < 0.25
