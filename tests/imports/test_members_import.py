"""SYS-IMPORT, STU-MEMBERS: studio members from the archive — name, role, skill level, honours, joined date — for
a studio found by its unit and name; problems by row and column; undone while nothing refers to the members."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from imports import services
from imports.enums import BatchState
from imports.models import ImportBatch
from imports.workflows import ImportProblems
from jinan_union.audit import history_of
from jinan_union.errors import DomainError
from studios import services as studio_services
from studios.enums import SkillLevel
from studios.models import StudioMember
from tests.studios.factories import make_studio

from .factories import filled, member_row

pytestmark = [pytest.mark.rule("SYS-IMPORT"), pytest.mark.rule("STU-MEMBERS")]


def upload(client, file):
    return client.post(reverse("imports:upload", kwargs={"kind": "members"}), {"file": file})


@pytest.fixture
def studio(world):
    return make_studio(world, name="浪潮张明技能大师创新工作室", with_call=False)


def test_the_template_has_the_member_columns_and_the_studios_the_user_sees(world, client_for, studio):
    from io import BytesIO

    from openpyxl import load_workbook

    response = client_for("lixia").get(reverse("imports:template", kwargs={"kind": "members"}))
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    assert [c.value for c in book["数据"][1]] == ["所在单位", "工作室名称", "姓名", "岗位/职务", "职业技能等级",
                                                 "荣誉称号", "领衔人", "加入日期"]
    listed = [tuple(c.value for c in r) for r in book["工作室名录"].iter_rows(min_row=2)]
    assert ("历下区总工会", "山东浪潮通用软件有限公司", "浪潮张明技能大师创新工作室") in listed
    # 市中区总工会's clerk sees none of 历下's studios in the list.
    other = load_workbook(BytesIO(client_for("shizhong").get(
        reverse("imports:template", kwargs={"kind": "members"})).content))
    assert not [r for r in other["工作室名录"].iter_rows(min_row=2) if r[2].value == studio.name]


def test_dry_run_lists_every_problem_by_row_and_column_then_imports_all_rows(world, client_for, studio):
    lixia = world.users["lixia"]
    studio_services.member_add(studio=studio, by=lixia, data=dict(
        name="张明", position="领衔人", skill_level=SkillLevel.SENIOR_TECHNICIAN, honours="", is_leader=True))
    tomorrow = timezone.localdate() + timedelta(days=1)
    rows = [
        member_row(1),
        member_row(2, 工作室名称="没有的工作室"),  # row 3: unknown studio
        member_row(3, 加入日期="2019-02-30"),  # row 4: bad date
        member_row(4, 姓名=member_row(1)["姓名"]),  # row 5: duplicate of row 2
        member_row(5, 姓名="张明"),  # row 6: already a member
        member_row(6, 领衔人="是"),  # row 7: the studio has its leader
        member_row(7, 加入日期=tomorrow),  # row 8: in the future
        member_row(8, 职业技能等级="特级"),  # row 9: not a choice
        member_row(9, 所在单位="不存在的公司"),  # row 10: unknown unit
    ]
    response = upload(client_for("lixia"), filled("members", lixia, rows))
    problems = [(p.row, p.column) for p in response.context["problems"]]
    assert problems == [(3, "工作室名称"), (4, "加入日期"), (5, "姓名"), (6, "姓名"), (7, "领衔人"), (8, "加入日期"),
                        (9, "职业技能等级"), (10, "所在单位")]
    page = response.content.decode()
    assert "系统中没有“山东浪潮通用软件有限公司”的“没有的工作室”" in page
    assert "同一工作室的成员与第2行重复" in page and "张明已是“浪潮张明技能大师创新工作室”的在册成员" in page
    assert "已登记领衔人张明" in page and "系统中没有名为“不存在的公司”的单位" in page
    assert StudioMember.objects.count() == 1 and ImportBatch.objects.count() == 0

    good = [member_row(n) for n in range(1, 6)]
    good[0].update({"职业技能等级": "技师（二级）", "荣誉称号": "济南工匠、齐鲁首席技师", "加入日期": date(2018, 4, 1)})
    response = upload(client_for("lixia"), filled("members", lixia, good))
    batch = ImportBatch.objects.get()
    assert batch.summary == "1 个工作室的 5 名成员"
    client_for("lixia").post(reverse("imports:confirm", kwargs={"pk": batch.pk}))
    batch.refresh_from_db()
    assert batch.status == BatchState.IMPORTED
    first = StudioMember.objects.get(name=good[0]["姓名"])
    assert (first.studio, first.position, first.skill_level, first.honours, first.joined_on, first.is_leader) == (
        studio, "技术骨干", SkillLevel.TECHNICIAN, "济南工匠、齐鲁首席技师", date(2018, 4, 1), False)
    assert [(e.action, e.actor.username) for e in history_of(first)] == [("补录成员", "lixia")]
    assert f"{batch}第2行" in history_of(first).first().comment
    # The members page of the studio lists them, with the joined date.
    page = client_for("lixia").get(reverse("studios:members", kwargs={"pk": studio.pk})).content.decode()
    assert good[0]["姓名"] in page and "2018-04-01" in page and "济南工匠、齐鲁首席技师" in page


def test_a_clerk_imports_only_its_own_unions_studios_and_the_reviewer_any(world, studio):
    shizhong, reviewer = world.users["shizhong"], world.users["reviewer"]
    with pytest.raises(ImportProblems) as refused:
        services.batch_create(kind="members", upload=filled("members", shizhong, [member_row(1)]), by=shizhong)
    assert [(p.row, p.column) for p in refused.value.problems] == [(2, "工作室名称")]
    assert "只能导入本系统工会（市中区总工会）的工作室" in refused.value.problems[0].message
    batch = services.batch_create(kind="members", upload=filled("members", reviewer, [member_row(1)]), by=reviewer)
    services.batch_import(batch=batch, by=reviewer)
    assert StudioMember.objects.get().studio == studio
    with pytest.raises(DomainError, match="只有市总工会生产保护部审核人和命名工作室的系统工会的经办人"):
        services.batch_create(kind="members", upload=filled("members", reviewer, [member_row(2)]),
                              by=world.users["finance"])


def test_undo_removes_the_members_while_nothing_refers_to_them(world, studio):
    lixia = world.users["lixia"]
    batch = services.batch_create(kind="members", upload=filled("members", lixia, [member_row(n) for n in range(3)]),
                                  by=lixia)
    services.batch_import(batch=batch, by=lixia)
    member = StudioMember.objects.order_by("pk").first()
    # An edit through the members page is later use: the undo is refused and nothing changes.
    studio_services.member_change(member=member, by=lixia, data=dict(
        name=member.name, position="副组长", skill_level=member.skill_level, honours="", is_leader=False))
    with pytest.raises(DomainError, match="已有后续操作"):
        services.batch_undo(batch=batch, by=lixia, reason="填错了")
    batch.refresh_from_db()
    assert batch.status == BatchState.IMPORTED and StudioMember.objects.count() == 3

    other = services.batch_create(kind="members", upload=filled("members", lixia, [member_row(n) for n in (7, 8)]),
                                  by=lixia)
    services.batch_import(batch=other, by=lixia)
    services.batch_undo(batch=other, by=lixia, reason="成员名单有误")
    other.refresh_from_db()
    assert other.status == BatchState.UNDONE
    assert StudioMember.objects.count() == 3
    assert [e.action for e in history_of(other)] == ["上传并试导入", "确认导入", "撤销导入"]
