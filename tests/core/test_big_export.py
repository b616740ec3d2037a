"""The .xlsx writer at scale (issue 10): the table's rows go straight into the sheet's XML stream, each cell with
the style made once for its kind. The workbook must be the same as the office knows it: openpyxl and LibreOffice
read every row, text stays text (also with XML's special characters and leading spaces), amounts, dates and
datetimes keep their formats, the table is ruled in the office layout and plain for software, long texts wrap,
and the 合计 and the signature line follow the rows. Never timed: docs/performance.md has the figures."""

import csv
import io
import shutil
import subprocess
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from jinan_union import exporter as ex
from tests import sheets

pytestmark = pytest.mark.rule("SYS-MONEY")

ROWS = 3000
TEXTS = ["a < b & c > d", "  前后有空格  ", "=SUM(A1:A3)", "济南" * 40, "第一行\n第二行"]


def many(rows: int = ROWS, office: bool = True, signed: bool = True):
    """A TableExporter of `rows` rows of every kind of cell."""
    def table(self):
        body = [[n, TEXTS[n % len(TEXTS)], Decimal("1234.50"), date(2026, 9, 30),
                 datetime.fromisoformat("2026-09-30T08:00:00+00:00"), None] for n in range(1, rows + 1)]
        return body, []

    return type("Many", (ex.TableExporter,), {
        "title": "大表", "__init__": lambda self: None, "office_layout": office, "signatures": signed,
        "scope_items": lambda self: [("单位", "济南市总工会")],
        "columns": [ex.number("序号"), ex.text("说明", 30), ex.money("金额（元）"), ex.day("日期"),
                    ex.moment("时间"), ex.text("备注")],
        "table": table,
    })()


def written(exporter) -> bytes:
    buffer = io.BytesIO()
    ex.write_xlsx(buffer, exporter)
    return buffer.getvalue()


def test_every_row_comes_back_with_its_type_and_format():
    content = written(many())
    read = sheets.read(content)
    sheet = load_workbook(io.BytesIO(content)).active
    body, (total,) = read.rows[:-1], read.rows[-1:]
    assert len(body) == ROWS and [r[0] for r in body[:3]] == [1, 2, 3] and body[-1][0] == ROWS
    assert [r[1] for r in body[:5]] == [TEXTS[n % 5] for n in range(1, 6)]
    assert body[0][2:5] == (Decimal("1234.5"), datetime(2026, 9, 30), datetime(2026, 9, 30, 16, 0))
    assert total[0] == "合计" and total[2] == Decimal("1234.50") * ROWS
    assert read.signatures == [tuple([*ex.SIGNATURES[:1], None, *ex.SIGNATURES[1:2], None, *ex.SIGNATURES[2:], None])]
    first = sheets.header_row(sheet) + 1
    row = {c.column_letter: c for c in sheet[first]}
    assert (row["C"].number_format, row["D"].number_format, row["E"].number_format) == (
        ex.FORMATS[ex.MONEY], ex.FORMATS[ex.DATE], ex.FORMATS[ex.DATETIME])
    assert row["A"].border.left.style == "thin" and row["F"].border.bottom.style == "thin"  # ruled, empty too
    formula = sheet[f"B{first + 1}"]  # "=SUM(A1:A3)": text, kept as text when edited
    assert (formula.data_type, formula.quotePrefix, formula.value) == ("s", True, "=SUM(A1:A3)")
    assert sheet[f"B{first + 1}"].alignment.wrap_text is not True
    assert sheet[f"B{first + 2}"].alignment.wrap_text is True  # 160 wide (a CJK character is 2) in a column of 30
    bold = sheet[f"A{first + ROWS}"]
    assert bold.value == "合计" and bold.font.b


def test_a_plain_export_has_no_ruling_and_nothing_around_its_table():
    content = written(many(rows=10, office=False, signed=False))
    read = sheets.read(content)
    sheet = load_workbook(io.BytesIO(content)).active
    assert (read.header_row, read.above, read.signatures, len(read.rows)) == (1, [], [], 10)
    assert sheet["A2"].border.left.style is None and sheet["C2"].number_format == ex.FORMATS[ex.MONEY]


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_opens_the_big_workbook(tmp_path):
    """LibreOffice converts the 3,000-row workbook to CSV: every row, the texts as written, the 合计."""
    (tmp_path / "big.xlsx").write_bytes(written(many()))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path), str(tmp_path / "big.xlsx")],
                   check=True, capture_output=True, timeout=300)
    rows = list(csv.reader((tmp_path / "big.csv").read_text(encoding="utf-8").splitlines(keepends=True)))
    numbered = [r for r in rows if r and r[0].isdigit()]
    assert len(numbered) == ROWS and numbered[-1][0] == str(ROWS)
    assert [r[1] for r in numbered[:5]] == [TEXTS[n % 5] for n in range(1, 6)]
    assert numbered[0][2:5] == ["¥1,234.50", "2026-09-30", "2026-09-30 16:00"]
    assert rows[0][0] == "大表" and any(r and r[0] == "合计" and r[2] == "¥3,703,500.00" for r in rows)
    assert any(r and r[0] == "制表：" for r in rows)
