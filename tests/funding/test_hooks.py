import pytest

from funding.hooks import home_cards, nav_items, seed_demo
from funding.models import Grant, JournalEntry
from funding.selectors import trial_balance


@pytest.mark.rule("FUN-GRANT")
def test_seed_demo_grants_named_studios_and_is_idempotent(world):
    seed_demo(world)
    seed_demo(world)
    assert Grant.objects.count() >= 1
    langchao = world.units["山东浪潮通用软件有限公司"].grassroots_union
    assert JournalEntry.objects.filter(union=langchao).count() == 3  # receipt and two spendings
    assert trial_balance(langchao).balances


def test_nav_and_cards_follow_roles(world):
    assert nav_items(world.users["admin"]) == []
    assert [c.label for c in nav_items(world.users["finance"])[0].children] == ["资助资金", "工会账簿", "审查意见"]
    assert [c.title for c in home_cards(world.users["langchao"])] == [
        "待拨付的资助资金",
        "待答复的审查意见",
        "可支出的资助资金",
    ]
