"""HAZ-FIRST, issues 10 and 15: the reviewer's duplicates page issues the same number of queries, at most 12,
for one proposal and one group as for many (the unpaid rounds' applications are read once per request, the
groups' report counts in the groups' query)."""

import pytest

from hazards import services
from tests.core.test_list_queries import MAX_QUERIES, queries

from .factories import report, submit

pytestmark = pytest.mark.rule("HAZ-FIRST")

UNITS = ["济南城建集团有限公司", "济南二七机车配件厂", "中建八局济南分公司", "济南公共交通集团有限公司",
         "山东齐鲁制药高新分厂"]


def _reports(world, units, groups, tag, unions):
    """Pairs of one hazard in each unit and `groups` further pairs confirmed as groups, entered by `unions` and
    submitted once (one application per union and round)."""
    made, grouped = [], []
    for unit in units:
        made += [report(world, unit=unit, location=f"{tag}3号塔吊基础", union=unions[0]),
                 report(world, unit=unit, location=f"{tag}三号塔吊基础", union=unions[1])]
    for n in range(groups):
        grouped.append([report(world, location=f"{tag}{n}号锅炉房安全阀", description="安全阀锈蚀", union=unions[0]),
                        report(world, location=f"{tag}{n}号锅炉房安全阀", description="安全阀严重锈蚀",
                               union=unions[1])])
    submit(world, made + [r for pair in grouped for r in pair])
    for pair in grouped:
        services.group_confirm(reports=pair, by=world.users["reviewer"])


def test_the_duplicates_page_takes_as_many_queries_for_one_row_as_for_many(world, client_for):
    reviewer = client_for("reviewer")
    _reports(world, UNITS[:1], 1, "甲", ["历下区总工会", "市中区总工会"])
    one = reviewer.get("/hazards/duplicates/")
    assert len(one.context["proposals"]) == 1 and len(one.context["groups"]) == 1
    few = queries(reviewer, "/hazards/duplicates/")

    _reports(world, UNITS, 3, "乙", ["济南市建筑业产业工会", "济南市建筑业产业工会"])
    many_page = reviewer.get("/hazards/duplicates/")
    assert len(many_page.context["proposals"]) >= 6 and len(many_page.context["groups"]) == 4
    assert [g.report_count for g in many_page.context["groups"]] == [2, 2, 2, 2]
    many = queries(reviewer, "/hazards/duplicates/")
    assert few == many <= MAX_QUERIES
