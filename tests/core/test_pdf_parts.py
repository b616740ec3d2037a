"""A long export's PDF rendered in parts (issue 10): each part its own WeasyPrint document, joined with pypdf and
numbered afterwards. Forced here with parts of one row, so that the small test round's sheet runs to several
parts: it must read as one document — 第1页/共M页 … 第M页/共M页 in order, the header row on every page, the title
only on the first, the 合计 and signatures once at the end, the CJK fonts embedded."""

import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from jinan_union import exporter as ex
from tests.core.test_document_layout import exporter_for, squeezed
from tests.core.test_exporter import data  # noqa: F401 (the fixture)

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler's pdftotext reads the pages")


def page_texts(content: bytes) -> list[str]:
    count = len(PdfReader(io.BytesIO(content)).pages)
    return [squeezed(subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), "-", "-"], input=content,
                                    capture_output=True, check=True).stdout.decode()) for n in range(1, count + 1)]


def payment_sheet(d, **options):
    exporter = exporter_for("hazards-payment", d)
    rows = [row for row in exporter.rows() if row[0]]  # the numbered rows (a collective's members follow theirs)
    return exporter, rows, ex.render_export_pdf(exporter, **options)


def assert_reads_as_one_document(exporter, rows, content, parts):
    texts = page_texts(content)
    total = len(texts)
    assert total >= parts  # every part starts a page
    for number, text in enumerate(texts, 1):
        assert text.count(f"第{number}页/共{total}页") == 1, (number, text)  # numbered in order, once
        assert "第" + "页/共" not in text.replace(f"第{number}页/共{total}页", "")  # and no part's own number
        assert f"制表日期：{exporter.made_on()}" in text
        assert all(squeezed(c.label) in text for c in exporter.columns), number  # the header row on every page
        assert (squeezed(exporter.title) in text) == (number == 1), number  # the title only on the first
        assert ("合计" in text) == (number == total), number
        assert all((label in text) == (number == total) for label in ex.SIGNATURES), number
    assert texts[-1].count("合计") == 1 and "财务部门（盖章）" in texts[-1]
    whole = "".join(texts)
    names = [squeezed(str(row[2])) for row in rows]
    positions = [whole.find(name, whole.find(f"{row[0]}{row[1]}")) for name, row in zip(names, rows, strict=True)]
    assert -1 not in positions and positions == sorted(positions)  # every payee, in the sheet's order
    fonts = subprocess.run(["pdffonts", "-"], input=content, capture_output=True, check=True).stdout.decode()
    cjk = [line for line in fonts.splitlines() if re.search(r"Noto-?(Sans|Serif)-?CJK-?SC", line)]
    assert cjk and all(re.search(r"\byes\s+yes\s+yes\b", line) for line in cjk), fonts  # embedded subsets
    # Every glyph in the Simplified Chinese face, the page numbers and 制表日期 too (the foot once fell back to DejaVu
    # Serif for its digits and to the Japanese face for 第页共).
    assert len(cjk) == len(fonts.splitlines()) - 2, fonts


@pytest.mark.rule("SYS-LANG")
def test_a_sheet_rendered_in_parts_reads_as_one_document(data):  # noqa: F811
    exporter, rows, content = payment_sheet(data, part_rows=1, workers=1)
    assert len(rows) >= 2, "the test round needs rows for two parts"
    assert_reads_as_one_document(exporter, rows, content, parts=len(rows))


@pytest.mark.rule("SYS-LANG")
def test_parts_rendered_in_two_processes_make_the_same_document(data):  # noqa: F811
    exporter, rows, content = payment_sheet(data, part_rows=1, workers=2)
    assert_reads_as_one_document(exporter, rows, content, parts=len(rows))
    _, _, alone = payment_sheet(data, part_rows=1, workers=1)
    assert page_texts(content) == page_texts(alone)


def test_a_short_sheet_is_one_document(data, settings):  # noqa: F811
    settings.PDF_PART_ROWS = 10_000
    exporter, rows, content = payment_sheet(data)
    texts = page_texts(content)
    assert squeezed(exporter.title) in texts[0] and "合计" in texts[-1]
    assert f"第1页/共{len(texts)}页" in texts[0]
