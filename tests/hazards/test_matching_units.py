"""HAZ-FIRST, issue 15: looking beyond one hazard unit record. Reports of units of the same enterprise
(WorkUnit.enterprise) and of units at the same address (WorkUnit.address_key) are compared too, and the
proposals say which unit a candidate comes from and how it is related."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from hazards import units
from hazards.matching import address_key
from hazards.selectors import duplicate_proposals
from jinan_union.audit import history_of
from jinan_union.models import WorkUnit

from .factories import report, submit

pytestmark = pytest.mark.rule("HAZ-FIRST")

GROUP = "济南城建集团有限公司"


@pytest.mark.parametrize("written", [
    "济南市历下区经十路14588号", "历下区经十路14588号", "山东省济南市历下区经十路14588号", "经十路 14588 号",
    "經十路１４５８８號",
])
def test_addresses_written_differently_are_one_key(written):
    assert address_key(written) == address_key("济南市历下区经十路14588号") != ""


@pytest.mark.parametrize("vague", ["", "济南市", "济南市历下区", "济南市章丘区明水经济开发区世纪大道东首"])
def test_an_address_without_a_number_relates_no_units(vague):
    assert address_key(vague) == ""


def test_a_unit_stores_its_address_key_when_saved(world):
    unit = world.units[GROUP]
    assert unit.address_key == address_key(unit.address) != ""
    unit.address = "济南市历下区经十路一号"
    unit.save()
    unit.refresh_from_db()
    assert unit.address_key == "经10路1号"


def _branch(world, name, **fields) -> WorkUnit:
    fields.setdefault("address", f"济南市天桥区{name}路{len(world.units)}号")  # an address of its own
    unit = WorkUnit.objects.create(name=name, system_union=world.system_unions["济南市建筑业产业工会"], **fields)
    world.units[name] = unit
    return unit


def test_a_branch_of_the_enterprise_proposes_the_groups_report_and_says_so(world, client_for):
    group = world.units[GROUP]
    _branch(world, "济南城建集团第三项目部", enterprise=group, address="历城区工业北路9号")
    first = report(world, location="3号塔吊", description="塔吊基础积水，存在倾覆风险")
    again = report(world, unit="济南城建集团第三项目部", location="三号塔吊", description="塔吊基础泡水")
    submit(world, [first, again])
    proposals = duplicate_proposals(again)
    assert [(p.other.pk, p.via) for p in proposals] == [(first.pk, units.SAME_ENTERPRISE)]
    assert proposals[0].likely
    # and the other way: the group's report finds the branch's
    assert [(p.other.pk, p.via) for p in duplicate_proposals(first)] == [(again.pk, units.SAME_ENTERPRISE)]
    html = client_for("reviewer").get(reverse("hazards:report-detail", args=[again.pk])).content.decode()
    assert 'data-testid="proposal-unit"' in html and f"隐患单位：{GROUP}（同一企业）" in html


def test_two_branches_of_one_enterprise_are_compared(world):
    group = world.units[GROUP]
    _branch(world, "城建一分公司", enterprise=group)
    _branch(world, "城建二分公司", enterprise=group)
    first = report(world, unit="城建一分公司", location="搅拌站", description="搅拌机防护罩缺失")
    again = report(world, unit="城建二分公司", location="搅拌站", description="搅拌机保护罩没有安装")
    submit(world, [first, again])
    assert [(p.other.pk, p.via) for p in duplicate_proposals(again)] == [(first.pk, units.SAME_ENTERPRISE)]


def test_a_unit_at_the_same_address_is_compared_and_named(world):
    group = world.units[GROUP]
    _branch(world, "经十路14588号物业服务中心", address="历下区经十路１４５８８号")
    first = report(world, location="地下车库", description="消防栓被车辆堵住")
    again = report(world, unit="经十路14588号物业服务中心", location="负一层车库", description="消火栓前停满车")
    submit(world, [first, again])
    proposals = duplicate_proposals(again)
    assert [(p.other.pk, p.via) for p in proposals] == [(first.pk, units.SAME_ADDRESS)]
    assert proposals[0].other.hazard_unit == group


def test_unrelated_units_are_not_compared(world):
    _branch(world, "济南某某物流有限公司", address="历城区花园路200号")
    first = report(world, location="3号塔吊", description="塔吊基础积水")
    again = report(world, unit="济南某某物流有限公司", location="3号塔吊", description="塔吊基础积水")
    submit(world, [first, again])
    assert duplicate_proposals(again) == []


def test_the_clerk_sees_the_unit_a_similar_report_comes_from(world, client_for):
    group = world.units[GROUP]
    branch = _branch(world, "济南城建集团第三项目部", enterprise=group)
    submit(world, [report(world, location="3号塔吊", description="塔吊基础积水，存在倾覆风险")])
    response = client_for("jianzhu").get(reverse("hazards:report-similar"), {
        "hazard_unit": branch.pk, "location": "三号塔吊", "description": "塔吊基础泡水"})
    body = json.loads(response.content)
    assert body["likely"] == 1
    assert 'data-testid="similar-unit"' in body["html"] and f"隐患单位：{GROUP}（同一企业）" in body["html"]


def test_the_clerk_names_the_enterprise_of_a_new_unit(world, client_for):
    group = world.units[GROUP]
    clerk = client_for("jianzhu")
    form = clerk.get(reverse("hazards:unit-new")).content.decode()
    assert "所属企业（集团）" in form
    response = clerk.post(reverse("hazards:unit-new"), {"name": "济南城建集团第五项目部", "enterprise": group.pk,
                                                        "address": "济南市天桥区北园大街5号"})
    assert response.status_code == 302
    unit = WorkUnit.objects.get(name="济南城建集团第五项目部")
    assert unit.enterprise == group and unit.address_key == "北园大街5号"
    assert f"所属企业：{group}" in history_of(unit)[0].comment
    page = clerk.post(reverse("hazards:unit-new"), {"name": "济南城建集团第六项目部", "enterprise": "999999"})
    assert page.status_code == 200 and "所选企业不存在" in page.content.decode()
    assert not WorkUnit.objects.filter(name="济南城建集团第六项目部").exists()


def test_related_units_are_capped(world, monkeypatch):
    monkeypatch.setattr(units, "RELATED_UNITS", 2)
    group = world.units[GROUP]
    for n in range(4):
        _branch(world, f"城建分公司{n}", enterprise=group)
    assert len(units.related_units({group.pk})) == 2


def test_the_match_text_command_fills_address_keys_of_bulk_loaded_units(world):
    group = world.units[GROUP]
    WorkUnit.objects.filter(pk=group.pk).update(address_key="")
    call_command("hazards_match_texts")
    group.refresh_from_db()
    assert group.address_key == address_key(group.address) != ""
