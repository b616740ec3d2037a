"""存在隐患单位 by searching (hazards/unit_picker.py, issue 10): the report form no longer lists every unit of the city
(5,000 in a province); the clerk searches, and the form still posts the unit's id. Without the script the clerk
types the unit's exact name."""

import pytest
from django.urls import reverse

from hazards.models import HazardReport
from jinan_union.models import WorkUnit

from .test_views import form_data


def label_of(unit) -> str:
    return f"{unit.name}（{unit.system_union.name}）"

pytestmark = pytest.mark.rule("HAZ-REPORT")


def test_the_search_answers_units_by_part_of_their_name_each_with_its_union(world, client_for):
    clerk = client_for("lixia")
    found = clerk.get(reverse("hazards:unit-search"), {"q": "城建集团"}).json()["results"]
    labels = [unit["label"] for unit in found]
    unit = world.units["济南城建集团有限公司"]
    assert label_of(unit) == "济南城建集团有限公司（济南市建筑业产业工会）"
    assert next(found_unit["id"] for found_unit in found if found_unit["label"] == label_of(unit)) == unit.pk
    assert all("城建集团" in label for label in labels)
    assert clerk.get(reverse("hazards:unit-search"), {"q": " "}).json() == {"results": []}


def test_the_search_puts_the_exact_name_first_and_answers_at_most_twenty(world, client_for):
    union = world.system_unions["历下区总工会"]
    # More partial matches than the search reads (100) whose names sort before the exact one.
    WorkUnit.objects.bulk_create([WorkUnit(name=f"一{n:03d}测试厂", system_union=union) for n in range(120)])
    WorkUnit.objects.create(name="测试厂", system_union=union)
    found = client_for("lixia").get(reverse("hazards:unit-search"), {"q": "测试厂"}).json()["results"]
    assert len(found) == 20 and found[0]["label"] == "测试厂（历下区总工会）"


def test_the_form_shows_a_search_box_not_every_unit(world, client_for):
    clerk = client_for("lixia")
    page = clerk.get(reverse("hazards:report-new")).content.decode()
    assert '<select name="hazard_unit"' not in page
    assert 'for="id_hazard_unit"' in page and 'id="id_hazard_unit"' in page and 'role="combobox"' in page
    assert "济南城建集团有限公司" not in page  # no unit is listed until the clerk searches
    # A saved draft's unit is shown by its name and union, its id in the hidden field.
    unit = world.units["济南城建集团有限公司"]
    clerk.post(reverse("hazards:report-new"), {"hazard_unit": unit.pk, "location": "二号车间", "action": "save"})
    report = HazardReport.objects.get()
    assert report.hazard_unit == unit
    page = clerk.get(reverse("hazards:report-edit", args=[report.pk])).content.decode()
    assert f'value="{label_of(unit)}"' in page
    assert f'<input type="hidden" name="hazard_unit" value="{unit.pk}" data-unit-id>' in page


def test_without_the_script_the_exact_name_chooses_the_unit(world, client_for):
    clerk = client_for("lixia")
    data = form_data(world, hazard_unit="", hazard_unit_text="济南城建集团有限公司", hazard_unit_shown="",
                     action="save")
    assert clerk.post(reverse("hazards:report-new"), data).status_code == 302
    assert HazardReport.objects.get().hazard_unit == world.units["济南城建集团有限公司"]


def test_a_name_that_no_unit_or_several_units_have_is_refused_beside_the_field(world, client_for):
    clerk = client_for("lixia")
    data = form_data(world, hazard_unit="", hazard_unit_text="没有这个单位", hazard_unit_shown="", action="save")
    response = clerk.post(reverse("hazards:report-new"), data)
    assert response.status_code == 200 and HazardReport.objects.count() == 0
    errors = response.context["form"].errors["hazard_unit"]
    assert errors == ["没有名为“没有这个单位”的单位，请从搜索结果中选择；搜索不到的，可新增本工会所属单位。"]
    page = response.content.decode()
    assert 'value="没有这个单位"' in page and "三号塔吊基础" in page  # nothing typed is lost
    WorkUnit.objects.create(name="同名单位", system_union=world.system_unions["历下区总工会"])
    WorkUnit.objects.create(name="同名单位", system_union=world.system_unions["市中区总工会"])
    data.update(hazard_unit_text="同名单位")
    response = clerk.post(reverse("hazards:report-new"), data)
    assert response.context["form"].errors["hazard_unit"] == [
        "有多个单位名为“同名单位”，请输入后从搜索结果中选择其中一个。"]


def test_the_shown_name_unchanged_keeps_the_chosen_id(world, client_for):
    """The script fills the id and the shown name together; a form posted again unchanged keeps the id even when
    another unit has the same name."""
    unit = world.units["济南城建集团有限公司"]
    WorkUnit.objects.create(name=unit.name, system_union=world.system_unions["市中区总工会"])
    label = label_of(unit)
    data = form_data(world, hazard_unit=unit.pk, hazard_unit_text=label, hazard_unit_shown=label, action="save")
    assert client_for("lixia").post(reverse("hazards:report-new"), data).status_code == 302
    assert HazardReport.objects.get().hazard_unit == unit
