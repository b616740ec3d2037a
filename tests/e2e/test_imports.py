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
