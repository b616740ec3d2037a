"""Workbooks for the import tests: the real template of a kind, downloaded as the user would, filled in."""

import io
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from imports.kinds import kind_class
from imports.sheets import template_workbook


def template_bytes(kind: str, user) -> bytes:
    spec = kind_class(kind)(user)
    return template_workbook(spec.title, spec.columns, spec.notes, spec.reference_lists())


def filled(kind: str, user, rows: list[dict], name: str = "导入.xlsx") -> SimpleUploadedFile:
    """The kind's template with `rows` (by column label) written below its header row."""
    workbook = load_workbook(io.BytesIO(template_bytes(kind, user)))
    sheet = workbook["数据"]
    headers = [c.value for c in sheet[1]]
    for number, row in enumerate(rows, 2):
        for label, value in row.items():
            sheet.cell(row=number, column=headers.index(label) + 1, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


UNITS = ("山东浪潮通用软件有限公司", "济南历下控股集团有限公司")


def studio_row(n: int, **more) -> dict:
    row = {
        "系统工会": "历下区总工会", "所在单位": UNITS[n % 2], "工作室名称": f"往年创新工作室{n:03d}",
        "类别": "技术创新型", "领衔人": f"领衔人{n}", "成员人数": 8, "系统工会命名日期": date(2016, 3, 1),
        "系统工会命名文号": f"历工发〔2016〕{n}号",
    }
    row.update(more)
    return {k: v for k, v in row.items() if v is not None}


def reward_row(n: int, **more) -> dict:
    from datetime import datetime

    row = {
        "评选年度": 2023, "填报工会": "历下区总工会", "发现人": f"发现人{n}",
        "存在隐患单位": "山东浪潮通用软件有限公司",
        "隐患部位": f"{n}号厂房配电室", "隐患描述": "配电柜接地线松脱，柜门无法关闭", "发现日期": date(2023, 3, 2),
        "向单位报告时间": datetime(2023, 3, 2, 9, 30), "隐患等级": "三级", "奖励金额": Decimal("2000"),
        "发放日期": date(2023, 12, 20),
    }
    row.update(more)
    return {k: v for k, v in row.items() if v is not None}


def balance_rows(union: str = "历下区总工会", on: date = date(2025, 12, 31)) -> list[dict]:
    return [
        {"工会": union, "期初日期": on, "科目编号": "102", "科目名称": "银行存款", "借方余额": Decimal("150000.00")},
        {"工会": union, "期初日期": on, "科目编号": "231", "贷方余额": Decimal("100000.00")},
        {"工会": union, "期初日期": on, "科目编号": "321", "贷方余额": Decimal("50000.00")},
    ]


def member_row(n: int, **more) -> dict:
    row = {
        "所在单位": "山东浪潮通用软件有限公司", "工作室名称": "浪潮张明技能大师创新工作室", "姓名": f"成员{n:03d}",
        "岗位/职务": "技术骨干", "职业技能等级": "高级工（三级）", "领衔人": "否",
    }
    row.update(more)
    return {k: v for k, v in row.items() if v is not None}


def honour_row(n: int, **more) -> dict:
    row = {
        "所在单位": "山东浪潮通用软件有限公司", "工作室名称": "浪潮张明技能大师创新工作室", "类型": "科学技术奖",
        "级别": "省级", "名称": f"山东省科学技术进步奖{n:03d}", "获得日期": date(2021, 5, 1),
        "颁发/授予单位": "山东省人民政府", "证书/专利号": f"证书{n:03d}",
    }
    row.update(more)
    return {k: v for k, v in row.items() if v is not None}


def ended_row(n: int, **more) -> dict:
    """A studio named at municipal level in 2019 and de-listed in 2022 after a failed re-check."""
    row = studio_row(n, 工作室名称=f"已摘牌工作室{n:03d}", 市级命名日期=date(2019, 12, 10),
                     市级命名文号="济工发〔2019〕48号")
    row.update({
        "决定": "摘牌", "原因": "整改复查不达标", "查实的情况": "2021年抽查不达标，限期整改后复查仍未达到要求",
        "会议类型": "党组会", "会议日期": date(2022, 3, 20), "会议纪要编号": "党组会纪要〔2022〕5号",
        "发文文号": "济工发〔2022〕30号", "发文日期": date(2022, 4, 1),
    })
    row.update(more)
    return {k: v for k, v in row.items() if v is not None}
