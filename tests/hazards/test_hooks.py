"""What the home page and navigation show each role."""

from hazards.hooks import home_cards, nav_items

from .factories import report


def test_clerk_sees_drafts_and_ready_reports(world):
    report(world, state="draft")
    report(world)
    cards = {c.title: c.count for c in home_cards(world.users["lixia"])}
    assert cards == {"隐患报告草稿": 1, "填报完成、待报送的隐患": 1}
    assert home_cards(world.users["shizhong"])[0].count == 0


def test_reviewer_sees_reports_awaiting_verification(world):
    report(world, state="submitted")
    assert [(c.title, c.count) for c in home_cards(world.users["reviewer"])] == [("待核实的隐患", 1)]


def test_nav_per_role(world):
    assert nav_items(world.users["secretary"]) == []
    labels = [c.label for c in nav_items(world.users["finance"])[0].children]
    assert labels == ["隐患报告", "申报", "年度结算发放"]
    labels = [c.label for c in nav_items(world.users["lixia"])[0].children]
    assert labels == ["填报隐患", "隐患报告", "本年度申报", "申报"]
    labels = [c.label for c in nav_items(world.users["lixia_finance"])[0].children]
    assert labels == ["隐患报告", "申报", "奖励发放表"]
    labels = [c.label for c in nav_items(world.users["lixia_auditor"])[0].children]
    assert labels == ["隐患报告", "申报"]
