"""SYS-IMPORT templates and uploads: a template per kind with its Chinese header row and instructions; uploads
checked by content (SYS-FILES), a workbook that is not the template answered with what is wrong."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from imports.models import ImportBatch
from jinan_union.models import Attachment
from tests.conftest import make_png

from .factories import filled, studio_row

pytestmark = pytest.mark.rule("SYS-IMPORT")


def upload(client, file, kind="studios"):
    return client.post(reverse("imports:upload", kwargs={"kind": kind}), {"file": file})


@pytest.mark.parametrize(("user", "kind", "headers"), [
    ("reviewer", "studios", ["系统工会", "所在单位", "工作室名称", "类别", "领衔人", "成员人数", "系统工会命名日期",
                             "系统工会命名文号", "市级命名日期", "市级命名文号", "命名依据"]),
    ("reviewer", "rewards", ["评选年度", "填报工会", "发现人", "发现人类型", "发现人所在单位", "存在隐患单位",
                             "隐患部位", "隐患描述", "发现日期", "向单位报告时间", "隐患等级", "奖励金额", "发放日期"]),
    ("finance", "balances", ["工会", "期初日期", "科目编号", "科目名称", "借方余额", "贷方余额", "摘要"]),
])
def test_each_kind_has_a_template_with_a_chinese_header_row_and_instructions(client_for, user, kind, headers):
    response = client_for(user).get(reverse("imports:template", kwargs={"kind": kind}))
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:2] == ["数据", "填写说明"]
    data = workbook["数据"]
    assert [c.value for c in data[1]] == headers
    assert data.max_row == 1 or all(c.value is None for row in data.iter_rows(min_row=2) for c in row)
    guide = [_trimmed([c.value for c in row]) for row in workbook["填写说明"].iter_rows()]
    assert ["列名", "必填", "格式", "说明", "示例"] in guide
    assert headers in guide  # the example row, under its header


def _trimmed(values):
    while values and values[-1] is None:
        values.pop()
    return values


def test_the_clerks_template_lists_its_own_units_only(client_for):
    response = client_for("lixia").get(reverse("imports:template", kwargs={"kind": "studios"}))
    units = [[c.value for c in row] for row in load_workbook(io.BytesIO(response.content))["单位名录"].iter_rows()]
    assert units[0] == ["系统工会", "所在单位"]
    assert sorted(units[1:]) == [["历下区总工会", "山东浪潮通用软件有限公司"],
                                 ["历下区总工会", "济南历下控股集团有限公司"]]


def test_who_may_not_import_a_kind_gets_no_template(client_for):
    assert client_for("finance").get(reverse("imports:template", kwargs={"kind": "studios"})).status_code == 403
    assert client_for("lixia").get(reverse("imports:template", kwargs={"kind": "balances"})).status_code == 403
    assert client_for("reviewer").get(reverse("imports:template", kwargs={"kind": "nothing"})).status_code == 404
    assert client_for("lixia").post(reverse("imports:upload", kwargs={"kind": "rewards"}), {}).status_code == 403


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.mark.rule("SYS-FILES")
@pytest.mark.parametrize("content", [make_png(), _docx(), b"PK\x03\x04 not a zip", "系统工会,所在单位\n".encode()])
def test_a_disguised_file_is_refused_by_its_content(world, client_for, content):
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = upload(client_for("reviewer"), SimpleUploadedFile("往年工作室.xlsx", content, content_type=xlsx))
    assert response.status_code == 200
    assert "的内容不是允许的类型（只接受 Excel 表格），已拒绝" in response.content.decode()
    assert ImportBatch.objects.count() == 0 and Attachment.objects.count() == 0


def _workbook(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("别的表.xlsx", buffer.getvalue())


def test_a_workbook_that_is_not_the_template_says_what_is_missing(world, client_for):
    page = upload(client_for("reviewer"), _workbook([["序号", "工作室名称"], [1, "某工作室"]])).content.decode()
    assert "第1行（表头）缺少以下列：系统工会、所在单位、类别、领衔人、系统工会命名日期、系统工会命名文号" in page
    empty = upload(client_for("reviewer"), filled("studios", world.users["reviewer"], [])).content.decode()
    assert "“数据”表中没有要导入的行" in empty


def test_columns_may_come_in_any_order(world, client_for):
    row = studio_row(1, 领衔人="王 五")
    headers = list(reversed(row))
    response = upload(client_for("reviewer"), _workbook([headers, [row[h] for h in headers]]))
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.preview["rows"][0][:6] == [
        "2", "历下区总工会", "济南历下控股集团有限公司", "往年创新工作室001", "技术创新型", "王 五"]


@pytest.mark.parametrize(("user", "shown"), [("reviewer", True), ("finance", True), ("lixia", True),
                                             ("auditor", False), ("langchao", False), ("jianzhu", False)])
def test_the_menu_and_the_home_page_offer_imports_to_importers_only(client_for, user, shown):
    page = client_for(user).get(reverse("home")).content.decode()
    assert (reverse("imports:list") in page) is shown
    assert ("往年数据导入" in page) is shown
