"""The workbook side of an import: the columns of each template, the template itself, and reading an uploaded
workbook into rows of typed values, with every problem by row and column (SYS-IMPORT).

A template has two sheets: 数据 (the one header row, then the rows to import) and 填写说明 (each column: required
or not, its format, what it means, and an example row). Reading looks at the sheet 数据 (or the first sheet),
finds the columns by their header (in any order), and reads every non-empty row below it. Cells are parsed by the
column's kind; a cell that does not parse is a problem of that row and column, never a guess.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from jinan_union.exporter import FORMATS, FORMULA_STARTS, clean_text
from jinan_union.money import format_yuan

from .enums import MAX_ROWS

TEXT, DATE, MONEY, INTEGER, CHOICE, MOMENT = "text", "date", "money", "integer", "choice", "datetime"
DATA_SHEET, HELP_SHEET = "数据", "填写说明"
# An .xlsx is a zip: refuse one whose parts unpack to more than this (a "zip bomb" of a few kilobytes).
UNPACKED_LIMIT = 100 * 1024 * 1024
FORMAT_HELP = {
    TEXT: "文字",
    DATE: "日期，如 2019-05-20（Excel 日期格式或文字均可）",
    MOMENT: "日期和时间，如 2019-05-20 14:30（只填日期按当日 0 时计）",
    MONEY: "金额（元），最多两位小数，如 50000 或 1234.50",
    INTEGER: "整数",
    CHOICE: "从下拉列表中选择",
}


@dataclass(frozen=True)
class Col:
    key: str
    label: str
    kind: str = TEXT
    required: bool = False
    help: str = ""
    example: Any = None
    choices: tuple[str, ...] = ()
    width: int = 18
    max_length: int = 200


@dataclass(frozen=True)
class Problem:
    row: int  # the row number as Excel shows it; 0 for the file as a whole
    column: str  # the column's header, "" for the row or the file
    message: str

    @property
    def where(self) -> str:
        if not self.row:
            return "文件"
        return f"第{self.row}行" + (f"“{self.column}”列" if self.column else "")

    def __str__(self) -> str:
        return f"{self.where}：{self.message}"


@dataclass
class Row:
    number: int
    values: dict[str, Any]
    raw: dict[str, str] = field(default_factory=dict)  # as typed, for the preview
    refs: dict[str, Any] = field(default_factory=dict)  # what the kind's check found (union, unit, …)
    bad: set[str] = field(default_factory=set)  # columns whose cell did not parse (their value is unknown)


class WorkbookRefused(Exception):
    """The file as a whole cannot be read: the message says why, in Chinese."""


# --- the template -------------------------------------------------------------------------------------------

HEADER_FILL = PatternFill("solid", fgColor="FDE9D9")


def _text_cell(value):
    """Text as the exporter writes it: never a formula."""
    return clean_text(value)


def template_workbook(title: str, columns: tuple[Col, ...], notes: tuple[str, ...], lists: dict | None = None) -> bytes:
    """The downloadable template of one kind: the header row on 数据, the instructions and an example on 填写说明,
    and (optionally) reference lists (the unions and units the user may name) on further sheets."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    for index, column in enumerate(columns, 1):
        cell = sheet.cell(row=1, column=index, value=column.label)
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.kind in (DATE, MOMENT, MONEY):
            number_format = FORMATS[{DATE: "date", MOMENT: "datetime", MONEY: "money"}[column.kind]]
            for row in range(2, 502):
                sheet.cell(row=row, column=index).number_format = number_format
        if column.kind == TEXT:
            for row in range(2, 502):
                sheet.cell(row=row, column=index).number_format = "@"
        if column.choices:
            validation = DataValidation(
                type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=not column.required,
                showErrorMessage=True, errorTitle="请从列表中选择", error=f"{column.label}：请从下拉列表中选择。",
            )
            validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"

    guide = workbook.create_sheet(HELP_SHEET)
    guide.append([title])
    guide["A1"].font = Font(bold=True, size=14)
    for note in notes:
        guide.append([note])
    guide.append([])
    guide.append(["列名", "必填", "格式", "说明", "示例"])
    for cell in guide[guide.max_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for column in columns:
        fmt = FORMAT_HELP[column.kind] + (f"：{'、'.join(column.choices)}" if column.choices else "")
        guide.append([column.label, "是" if column.required else "否", fmt, column.help, _example(column)])
    guide.append([])
    guide.append(["示例（一行）：在“数据”表中照此填写，一行一条记录；示例本身不会被导入。"])
    guide.append([c.label for c in columns])
    guide.append([_example(c) for c in columns])
    for letter, width in zip("ABCDE", (22, 8, 40, 60, 30), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type, cell.quotePrefix = "s", True
    for name, (headers, rows) in (lists or {}).items():
        extra = workbook.create_sheet(name)
        extra.append(list(headers))
        for cell in extra[1]:
            cell.font = Font(bold=True)
        for row in rows:
            extra.append([_text_cell(v) for v in row])
        for index in range(1, len(headers) + 1):
            extra.column_dimensions[get_column_letter(index)].width = 36
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _example(column: Col) -> str:
    value = column.example
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    return str(value)


# --- reading ------------------------------------------------------------------------------------------------


def _header_key(text) -> str:
    return re.sub(r"[\s*＊（(]必填[)）]|[\s*＊]", "", str(text or ""))


def read_workbook(source, columns: tuple[Col, ...]) -> tuple[list[Row], list[Problem]]:
    """Every non-empty row of the data sheet, parsed; and every problem of the file, its header and its cells."""
    try:
        with zipfile.ZipFile(source) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise WorkbookRefused("文件不是有效的 Excel（.xlsx）工作簿。") from None
    if unpacked > UNPACKED_LIMIT:
        raise WorkbookRefused("工作簿解压后过大，请只保留“数据”表中要导入的行后重新上传。")
    source.seek(0)
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise WorkbookRefused(
            "无法读取该 Excel 工作簿，文件可能已损坏，请用 Excel 或 WPS 另存为 .xlsx 后重试。") from None
    try:
        sheet = workbook[DATA_SHEET] if DATA_SHEET in workbook.sheetnames else workbook.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = next(lines, None) or ()
        positions: dict[str, int] = {}
        labels = {_header_key(c.label): c for c in columns}
        for index, text in enumerate(header):
            column = labels.get(_header_key(text))
            if column is not None and column.key not in positions:
                positions[column.key] = index
        missing = [c.label for c in columns if c.required and c.key not in positions]
        if missing:
            raise WorkbookRefused(
                "第1行（表头）缺少以下列：" + "、".join(missing) + "。请使用本页下载的导入模板，不要改动表头。"
            )
        rows: list[Row] = []
        problems: list[Problem] = []
        for number, line in enumerate(lines, 2):
            cells = {key: (line[index] if index < len(line) else None) for key, index in positions.items()}
            if all(_blank(v) for v in cells.values()):
                continue
            if len(rows) >= MAX_ROWS:
                raise WorkbookRefused(f"一次最多导入 {MAX_ROWS} 行，请分成几个文件导入。")
            row = Row(number, {})
            for column in columns:
                value = cells.get(column.key)
                row.raw[column.key] = _shown(value)
                parsed, problem = parse_cell(column, value)
                row.values[column.key] = parsed
                if problem:
                    problems.append(Problem(number, column.label, problem))
                    if parsed is None and not _blank(value):
                        row.bad.add(column.key)
            rows.append(row)
    finally:
        workbook.close()
    if not rows:
        raise WorkbookRefused("“数据”表中没有要导入的行（第1行是表头，数据从第2行起填写）。")
    return rows, problems


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}" if value.time() != time(0) else f"{value:%Y-%m-%d}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
MOMENT_TEXT = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})\s*分?$")
MONEY_TEXT = re.compile(r"^[¥￥]?\s*-?[\d,，]+(\.\d+)?\s*元?$")


def parse_cell(column: Col, value) -> tuple[Any, str]:
    """(value, "") or (None, the problem in Chinese)."""
    if _blank(value):
        return None, ("此列必须填写。" if column.required else "")
    kind = column.kind
    if kind in (TEXT, CHOICE):
        text = " ".join(_shown(value).split())
        if kind == CHOICE and text not in column.choices:
            return None, f"“{text}”不是可选的值，请填写：{'、'.join(column.choices)}。"
        if len(text) > column.max_length:
            return None, f"内容过长（{len(text)}字），最多{column.max_length}字。"
        return text, ""
    if kind == DATE:
        return _parse_date(value)
    if kind == MOMENT:
        return _parse_moment(value)
    if kind == MONEY:
        return _parse_money(value)
    if kind == INTEGER:
        if isinstance(value, bool):
            return None, "不是整数。"
        if isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str) and value.strip().isdigit():
            number = int(value.strip())
        else:
            return None, f"“{_shown(value)}”不是整数。"
        if number < 0:
            return None, "不能为负数。"
        return number, ""
    raise ValueError(kind)


def _parse_date(value) -> tuple[date | None, str]:
    if isinstance(value, datetime):
        if value.time() != time(0):
            return None, f"“{_shown(value)}”应只填日期，不带时间。"
        return value.date(), ""
    if isinstance(value, date):
        return value, ""
    match = DATE_TEXT.match(str(value).strip())
    if match:
        try:
            return date(*map(int, match.groups())), ""
        except ValueError:
            pass
    return None, f"“{_shown(value)}”不是有效日期，请按 2019-05-20 的格式填写。"


def _parse_moment(value) -> tuple[datetime | None, str]:
    local = timezone.get_current_timezone()
    if isinstance(value, datetime):
        return timezone.make_aware(value, local), ""
    if isinstance(value, date):
        return timezone.make_aware(datetime.combine(value, time(0)), local), ""
    text = str(value).strip()
    match = MOMENT_TEXT.match(text)
    try:
        if match:
            return timezone.make_aware(datetime(*map(int, match.groups())), local), ""
        match = DATE_TEXT.match(text)
        if match:
            return timezone.make_aware(datetime.combine(date(*map(int, match.groups())), time(0)), local), ""
    except ValueError:
        pass
    return None, f"“{text}”不是有效的日期时间，请按 2019-05-20 14:30 的格式填写。"


def _parse_money(value) -> tuple[Decimal | None, str]:
    if isinstance(value, bool):
        return None, "不是金额。"
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))  # the shortest text that is this float: 1234.5, never 1234.4999…
    elif isinstance(value, Decimal):
        amount = value
    else:
        text = str(value).strip()
        if not MONEY_TEXT.match(text):
            return None, f"“{text}”不是金额，请只填数字（元），如 50000 或 1234.50。"
        try:
            amount = Decimal(re.sub(r"[¥￥,，元\s]", "", text))
        except InvalidOperation:
            return None, f"“{text}”不是金额。"
    if not amount.is_finite():
        return None, "不是金额。"
    if amount != amount.quantize(Decimal("0.01")):
        return None, f"金额 {amount} 超过两位小数（分）。"
    if amount < 0:
        return None, f"金额 {format_yuan(amount)} 不能为负数。"
    if amount >= Decimal("1e12"):
        return None, "金额过大。"
    return amount.quantize(Decimal("0.01")), ""
