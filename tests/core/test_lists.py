"""Issue 11, "Lists": every list's filters offer 全部 as the empty choice and only the records the user may see;
an empty list says what to do next (or how to clear its filters); the total 共N条 stands above the pager."""

import re

import pytest
from django.urls import reverse

from jinan_union.filters import EMPTY

LISTS = {
    # url name: (a user who may open it, what the empty state calls the rows, the next step it names)
    "hazards:report-list": ("lixia", "隐患报告", "填报隐患"),
    "hazards:application-list": ("lixia", "隐患奖励申报", "本年度申报"),
    "studios:application-list": ("lixia", "市级命名申报", "申报市级命名"),
    "studios:studio-list": ("lixia", "创新工作室", "登记工作室"),
    "funding:grant-list": ("finance", "资助资金", "自动立项"),
    "funding:finding-list": ("auditor", "审查意见", "提出审查意见"),
}


def _selects(page: str) -> dict[str, list[str]]:
    form = re.search(r'<form method="get".*?</form>', page, re.S).group(0)
    return {name: re.findall(r"<option[^>]*>([^<]*)</option>", body)
            for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S)}


@pytest.mark.parametrize("url_name", sorted(LISTS))
def test_every_filter_starts_with_all_and_an_empty_list_says_what_next(url_name, world, client_for):
    username, what, step = LISTS[url_name]
    client = client_for(username)
    page = client.get(reverse(url_name)).content.decode()
    selects = _selects(page)
    assert selects, "the list has filters"
    for name, options in selects.items():
        assert options[0] == ("默认" if name == "sort" else EMPTY), (name, options)
    empty = re.search(r'data-testid="empty-state".*?</tr>', page, re.S).group(0)
    assert f"还没有{what}。" in empty and step in empty
    assert "共0条" in page

    filtered = client.get(reverse(url_name) + "?q=没有这个名字&sort=-pk").content.decode()
    if 'name="q"' in filtered:
        empty = re.search(r'data-testid="empty-state".*?</tr>', filtered, re.S).group(0)
        assert f"没有符合筛选条件的{what}。" in empty and "清除筛选" in empty


def test_the_union_filter_offers_only_the_unions_the_user_may_see(world, client_for):
    from tests.hazards.factories import report

    report(world, union="历下区总工会")
    report(world, union="市中区总工会", unit="济南二七机车配件厂", finder="孙七", location="行车轨道")
    url = reverse("hazards:report-list")
    assert _selects(client_for("lixia").get(url).content.decode())["union"] == [EMPTY, "历下区总工会"]
    reviewer = _selects(client_for("reviewer").get(url).content.decode())
    assert reviewer["union"] == [EMPTY, "历下区总工会", "市中区总工会"]
    page = client_for("lixia").get(url).content.decode()
    assert "共1条" in page
