"""The clerk's application steps (issue 11): each says whether it is complete; a failed pre-submit check lists
each problem with a link to the step and field that fixes it; required materials are marked and the upload
limit stated; the category's narrative conditions are shown to the clerk with help text."""

import re

import pytest
from django.urls import reverse

from studios import services
from studios.enums import BasicCondition, MaterialKind

from .factories import fill_application, make_studio, open_call, pdf


def _steps(page: str) -> dict[str, str]:
    return dict(re.findall(r'data-testid="step-(\w+)" data-complete="(\d)"', page))


@pytest.fixture
def started(world):
    open_call(world)
    return services.application_start(studio=make_studio(world), by=world.users["lixia"])


@pytest.mark.rule("SYS-ERR")
def test_a_new_application_shows_every_step_unfinished_then_complete_as_filled(world, client_for, started):
    client = client_for("lixia")
    page = client.get(reverse("studios:application-edit", args=[started.pk, "basic"])).content.decode()
    assert _steps(page) == {"basic": "0", "leader": "0", "category": "0", "materials": "0"}
    assert "未完成 6项" in page  # the six 六有 statements
    assert 'data-testid="step-problems"' in page

    fill_application(started, world.users["lixia"], materials=False)
    page = client.get(reverse("studios:application-edit", args=[started.pk, "materials"])).content.decode()
    assert _steps(page) == {"basic": "1", "leader": "1", "category": "1", "materials": "0"}
    assert "未完成 6项" in page  # materials (一) to (六)
    for kind in MaterialKind:
        if kind != MaterialKind.OTHER:
            services.file_add(application=started, by=world.users["lixia"], kind=kind, upload=pdf())
    page = client.get(reverse("studios:application-edit", args=[started.pk, "basic"])).content.decode()
    assert set(_steps(page).values()) == {"1"} and "未完成" not in page
    assert 'data-testid="step-problems"' not in page


@pytest.mark.rule("SYS-ERR")
def test_a_failed_pre_submit_check_links_each_problem_to_its_step_and_field(world, client_for, started):
    client = client_for("lixia")
    services.application_save(application=started, by=world.users["lixia"], changes={
        f"basic_{c.value}": "已具备" for c in BasicCondition if c != BasicCondition.FUNDS})
    page = client.get(reverse("studios:application-check", args=[started.pk])).content.decode()
    problems = re.search(r'<ol class="mb-0 mt-2" data-testid="problems">(.*?)</ol>', page, re.S).group(1)
    links = re.findall(r'href="([^"]+)" data-testid="fix-(\w+)"', problems)
    edit = reverse("studios:application-edit", args=[started.pk, "x"]).rsplit("x/", 1)[0]
    assert (f"{edit}basic/#id_basic_funds", "basic") in links
    assert (f"{edit}leader/#id_leader_qualification", "leader") in links
    assert (f"{edit}category/#honours", "category") in links  # no honour of the studio's category yet
    assert (f"{edit}materials/#id_{MaterialKind.FORM.value}", "materials") in links
    assert "《管理办法》第四条第（五）项" in problems and "§" not in problems
    # Each anchor is a field of its step's page.
    for url, _ in links:
        path, anchor = url.split("#")
        assert f'id="{anchor}"' in client.get(path).content.decode(), url
    # In the order of the steps.
    steps = [step for _, step in links]
    assert steps == sorted(steps, key=["basic", "leader", "category", "materials"].index)


@pytest.mark.rule("STU-MATERIALS")
def test_required_materials_are_marked_and_the_size_limit_stated(world, client_for, started, settings):
    settings.UPLOAD_MAX_BYTES = 20 * 1024 * 1024
    page = client_for("lixia").get(reverse("studios:application-edit", args=[started.pk, "materials"]))
    page = page.content.decode()
    for kind in MaterialKind:
        mark = "（非必备）" if kind == MaterialKind.OTHER else "（必备）"
        block = re.search(rf'data-testid="material-{kind.value}">(.*?)</div>\s*</div>', page, re.S).group(1)
        assert f"{kind.label}{mark}" in block, kind
        assert "单个文件不超过 20 MB" in block, kind
    leader = client_for("lixia").get(reverse("studios:application-edit", args=[started.pk, "leader"]))
    assert "领衔人资格证明（必备）" in leader.content.decode()
    assert "单个文件不超过 20 MB" in leader.content.decode()


@pytest.mark.rule("STU-CATEGORY")
def test_the_category_step_shows_the_narrative_conditions_with_help(world, client_for, started):
    client = client_for("lixia")
    url = reverse("studios:application-edit", args=[started.pk, "category"])
    page = client.get(url).content.decode()
    conditions = re.search(r'data-testid="category-conditions">(.*?)</div></div>', page, re.S).group(1)
    # The studio's category (技术创新型): its conditions, each with its article as users cite it.
    for words in ("技术创新型", "《管理办法》第七条第（二）项", "相关创新成果已产生良好经济效益或社会效益",
                  "《管理办法》第七条第（四）项"):
        assert words in conditions, words
    assert "对照上方所列本类别条件逐项说明" in page  # the statement's help text
    services.application_save(application=started, by=world.users["lixia"], changes={"category": "service"})
    conditions = re.search(r'data-testid="category-conditions">(.*?)</div></div>',
                           client.get(url).content.decode(), re.S).group(1)
    assert "服务得到服务对象的普遍认可" in conditions and "技术创新型" not in conditions


@pytest.mark.rule("STU-CATEGORY")
def test_before_a_category_is_chosen_every_categorys_conditions_are_shown():
    from studios.steps import category_conditions

    groups = category_conditions("")
    assert [g["category"] for g in groups] == ["技术创新型", "服务创新型", "管理创新型"]
    assert not any(g["chosen"] for g in groups)
    assert groups[2]["items"][0]["article"] == "《管理办法》第九条第（一）项"


@pytest.mark.rule("STU-LEADER")
def test_a_leader_problem_links_to_the_field_that_fixes_it():
    """Only the evidence missing → the evidence upload; a qualification not met (with or without evidence) → the
    qualification field, where the clerk starts."""
    from studios import rules, steps
    from studios.enums import LeaderQualification

    craftsman = dict(qualification=LeaderQualification.JINAN_CRAFTSMAN, title_level="", skill_level="",
                     is_frontline=True)
    assert steps.fix_of(rules.check_leader(**craftsman, has_evidence=False)) == ("leader", "id_evidence")
    unqualified = {**craftsman, "qualification": ""}
    for has_evidence in (False, True):
        check = rules.check_leader(**unqualified, has_evidence=has_evidence)
        assert check.blocks
        assert steps.fix_of(check) == ("leader", "id_leader_qualification")
