"""The import journey in the browser (SYS-IMPORT): the reviewer downloads the studios template, fills it in,
uploads it with mistakes, reads the problems by row and column, fixes them, passes the dry run, imports and
undoes the whole import."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from studios.models import Studio

pytestmark = pytest.mark.e2e

ROWS = [
    ["历下区总工会", "山东浪潮通用软件有限公司", "浪潮数控创新工作室", "技术创新型", "张伟", 9, date(2017, 4, 1),
     "历工发〔2017〕3号"],
    ["历下区总工会", "不存在的公司", "历下服务创新工作室", "服务创新型", "李娜", 6, "2017-02-30", "历工发〔2017〕4号"],
]


def workbook(path, rows) -> str:
    book = load_workbook(path)
    sheet = book["数据"]
    for n, row in enumerate(rows, 2):
        for c, value in enumerate(row, 1):
            sheet.cell(row=n, column=c, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx(name, content):
    return {"name": name, "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": content}


@pytest.mark.rule("SYS-IMPORT")
def test_import_journey(login, page, live_server, world, tmp_path):
    login("reviewer")
    page.get_by_role("link", name="数据导入").first.click()
    expect(page.get_by_role("heading", name="往年数据导入")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="下载模板：往年命名的创新工作室").click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    assert download.value.suggested_filename == "往年命名的创新工作室导入模板.xlsx"

    page.get_by_role("link", name="上传试导入：往年命名的创新工作室").click()
    page.get_by_label("导入文件（.xlsx）").set_input_files(xlsx("往年工作室.xlsx", workbook(template, ROWS)))
    page.get_by_role("button", name="上传并试导入").click()
    problems = page.get_by_test_id("problems")
    expect(problems).to_contain_text("试导入发现 2 个问题，没有写入任何数据")
    expect(problems.get_by_role("row").nth(1)).to_contain_text("第3行所在单位系统中没有名为“不存在的公司”的单位")
    expect(problems.get_by_role("row").nth(2)).to_contain_text("第3行系统工会命名日期“2017-02-30”不是有效日期")
    assert Studio.objects.count() == 0

    fixed = [ROWS[0], [*ROWS[1][:1], "济南历下控股集团有限公司", *ROWS[1][2:6], date(2017, 2, 28), ROWS[1][7]]]
    page.get_by_label("导入文件（.xlsx）").set_input_files(xlsx("往年工作室（改）.xlsx", workbook(template, fixed)))
    page.get_by_role("button", name="上传并试导入").click()
    expect(page.get_by_text("试导入通过：2 个工作室（其中市级命名 0 个）")).to_be_visible()
    expect(page.get_by_test_id("preview")).to_contain_text("历下服务创新工作室")
    assert Studio.objects.count() == 0

    page.get_by_role("button", name="确认导入 2 行").click()
    expect(page.get_by_test_id("confirm-dialog")).to_contain_text("只能整批撤销")  # SYS-CONFIRM
    page.get_by_test_id("confirm-ok").click()
    expect(page.get_by_test_id("batch-status")).to_have_text("已导入")
    expect(page.get_by_test_id("records")).to_contain_text("浪潮数控创新工作室（山东浪潮通用软件有限公司）")
    assert Studio.objects.count() == 2

    page.get_by_label("撤销原因").fill("导入了测试文件")
    page.get_by_role("button", name="撤销整批导入").click()
    page.get_by_test_id("confirm-ok").click()
    expect(page.get_by_test_id("batch-status")).to_have_text("已撤销导入")
    expect(page.get_by_test_id("history")).to_contain_text("导入了测试文件")
    assert Studio.objects.count() == 0


@pytest.mark.rule("SYS-IMPORT")
def test_honours_journey_from_the_template_to_the_studio_page(login, page, live_server, world, tmp_path):
    """A system union's clerk brings in the honours and patents of its studio: the template, a dry run that names
    the unknown studio by row and column, the import, and the patent on the studio's page (往年成果档案)."""
    from studios.models import Honour
    from tests.studios.factories import make_studio

    studio = make_studio(world, name="浪潮张明技能大师创新工作室", with_call=False)
    login("lixia")
    page.get_by_role("link", name="数据导入").first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载模板：创新工作室荣誉和专利").click()
    template = tmp_path / "honours.xlsx"
    download.value.save_as(template)
    assert download.value.suggested_filename == "创新工作室荣誉和专利导入模板.xlsx"
    book = load_workbook(template)
    assert [c.value for c in book["工作室名录"][2]] == ["历下区总工会", "山东浪潮通用软件有限公司", studio.name]

    patent = ["山东浪潮通用软件有限公司", studio.name, "国家发明专利", None, "一种智能焊接检测装置", date(2024, 6, 1),
              "国家知识产权局", "ZL202410123456.7"]
    award = ["山东浪潮通用软件有限公司", "没有的工作室", "科学技术奖", "省级", "山东省科学技术进步奖二等奖",
             date(2023, 12, 1), "山东省人民政府", "鲁科奖2023-2-15"]
    page.get_by_role("link", name="上传试导入：创新工作室荣誉和专利").click()
    page.get_by_label("导入文件（.xlsx）").set_input_files(xlsx("荣誉.xlsx", workbook(template, [patent, award])))
    page.get_by_role("button", name="上传并试导入").click()
    problems = page.get_by_test_id("problems")
    expect(problems).to_contain_text("试导入发现 1 个问题，没有写入任何数据")
    expect(problems.get_by_role("row").nth(1)).to_contain_text(
        "第3行工作室名称系统中没有“山东浪潮通用软件有限公司”的“没有的工作室”")
    assert Honour.objects.count() == 0

    award[1] = studio.name
    page.get_by_label("导入文件（.xlsx）").set_input_files(xlsx("荣誉（改）.xlsx", workbook(template, [patent, award])))
    page.get_by_role("button", name="上传并试导入").click()
    expect(page.get_by_text("试导入通过：1 个工作室的 2 项荣誉和专利（其中专利 1 项）")).to_be_visible()
    page.get_by_role("button", name="确认导入 2 行").click()
    page.get_by_test_id("confirm-ok").click()
    expect(page.get_by_test_id("batch-status")).to_have_text("已导入")
    assert Honour.objects.filter(studio=studio).count() == 2

    page.goto(f"{live_server.url}/studios/{studio.pk}/")
    honours = page.get_by_test_id("studio-honours")
    expect(honours).to_contain_text("一种智能焊接检测装置")
    expect(honours).to_contain_text("ZL202410123456.7")
    expect(honours).to_contain_text("往年成果档案（导入）")
