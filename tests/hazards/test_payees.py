"""HAZ-PAYEE: payees' personal data (checked, masked, every unmasked view recorded), a collective's split,
the bank batch file and payments that are never paid twice."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from hazards import exports, services
from hazards.enums import PaymentState
from hazards.models import Payee, Payment
from hazards.payees import equal_split, id_number_refusal, mask_account, mask_id, split_refusal
from jinan_union.audit import history_of
from jinan_union.errors import DomainError
from jinan_union.exporter import write_xlsx
from tests import sheets

from .factories import AFTER_DEADLINE, report
from .payee_factories import collective, id_number, individual, payee_row

pytestmark = pytest.mark.rule("HAZ-PAYEE")

VALID = "11010519491231002X"  # the standard's own example


def test_id_number_check():
    assert id_number_refusal(VALID) == ""
    assert id_number_refusal(VALID.lower()) == ""
    assert id_number_refusal("11010519491231002") == "身份证号码应为18位。"
    assert "数字" in id_number_refusal("1101051949123100AX")
    assert id_number_refusal(id_number("11010519490230002")) == "身份证号码中的出生日期无效。"
    assert id_number_refusal(id_number("11010520990101002"), today=date(2026, 12, 1)) == "身份证号码中的出生日期无效。"
    assert id_number_refusal("110105194912310021") == "身份证号码校验位不正确，请核对。"


def test_masks():
    assert mask_id("110105194912311234") == "110***********1234"
    assert mask_account("6222 0216 0200 0001 234") == "6222 **** **** 1234"
    assert mask_id("") == "" and mask_account("") == ""


def test_equal_split_to_the_fen_remainder_to_the_first_members():
    assert equal_split(Decimal("3000.00"), 7) == [Decimal("428.58")] + [Decimal("428.57")] * 6
    assert equal_split(Decimal("5000.00"), 3) == [Decimal("1666.67")] * 2 + [Decimal("1666.66")]
    assert sum(equal_split(Decimal("8000.00"), 3)) == Decimal("8000.00")
    assert split_refusal([Decimal("1000"), Decimal("999.99")], Decimal("2000.00")).startswith("各成员金额合计")
    assert split_refusal([Decimal("1000.001"), Decimal("999.999")], Decimal("2000.00")) == "金额精确到分（两位小数）。"


def test_bad_payee_is_refused_beside_its_field_and_nothing_saved(world):
    item = report(world, state="draft")
    bad = payee_row("张三") | {"id_number": "110105194912310021", "account": "62-22"}
    with pytest.raises(DomainError) as refused:
        services.payees_set(report=item, by=world.users["lixia"], rows=[bad])
    assert refused.value.fields == {"payee-0-id_number": "身份证号码校验位不正确，请核对。",
                                    "payee-0-account": "银行账号应为8至30位数字。"}
    assert not Payee.objects.exists()
    with pytest.raises(DomainError):  # only the report's own clerk
        services.payees_set(report=item, by=world.users["shizhong"], rows=[payee_row("张三")])


def test_unmasked_payees_only_for_the_paying_finance_and_every_view_recorded(world):
    item = individual(world)
    for name in ("reviewer", "auditor", "lixia", "lixia_finance"):
        with pytest.raises(DomainError) as refused:
            services.payees_revealed(report=item, by=world.users[name])
        assert refused.value.forbidden
    [payee] = services.payees_revealed(report=item, by=world.users["finance"])
    assert len(payee.id_number) == 18 and "*" not in payee.id_number
    entries = [e for e in history_of(item) if e.action == services.REVEALED]
    assert [(e.actor.username, e.comment) for e in entries] == [("finance", "张三")]


def _close(world, item):
    services.round_close(round_=item.application.round, by=world.users["finance"], now=AFTER_DEADLINE)
    item.refresh_from_db()
    return item.paid_round


def test_collective_split_equal_by_default_and_editable_to_the_fen(world):
    item = collective(world, deaths=3)  # 三级: ¥3,000
    assert item.reward_amount == Decimal("3000.00")
    assert [a for _, a in services.split_of(item)] == [Decimal("1000.00")] * 3
    payees = list(item.payees.all())
    finance = world.users["finance"]
    with pytest.raises(DomainError) as refused:
        services.split_set(report=item, by=finance, parts={payees[0].pk: Decimal("1500"), payees[1].pk: Decimal("1000"),
                                                          payees[2].pk: Decimal("499.99")})
    assert "应等于奖励金额 3,000.00 元" in refused.value.text
    with pytest.raises(DomainError):
        services.split_set(report=item, by=world.users["lixia"], parts={})
    parts = {payees[0].pk: Decimal("1500.00"), payees[1].pk: Decimal("1000.00"), payees[2].pk: Decimal("500.00")}
    services.split_set(report=item, by=finance, parts=parts, reason="按贡献分配")
    assert [a for _, a in services.split_of(item)] == [Decimal("1500.00"), Decimal("1000.00"), Decimal("500.00")]
    assert any(e.action == "调整集体奖励分配" for e in history_of(item))


def test_payment_sheet_lists_members_parts_under_the_collective(world):
    item = collective(world, deaths=10)  # 二级: ¥5,000
    round_ = _close(world, item)
    rows, _, total = exports.payment_table(exports.selectors.payment_rows(round_))
    assert total == Decimal("5000.00")
    assert [(r[2], r[7]) for r in rows] == [
        ("三号班组（集体）", Decimal("5000.00")), ("其中：王强", Decimal("1666.67")),
        ("其中：李娜", Decimal("1666.67")), ("其中：赵磊", Decimal("1666.66")),
    ]
    flat = " ".join(str(cell) for row in rows for cell in row)
    assert "370102" not in flat and "62220216" not in flat  # no personal numbers outside the bank file


def test_bank_file_three_exact_parts_recorded_and_for_finance_only(world):
    item = collective(world, deaths=10)  # 二级: ¥5,000
    round_ = _close(world, item)
    issued = services.payments_issue(round_=round_, by=world.users["finance"])
    assert [p.amount for p in issued] == [Decimal("1666.67"), Decimal("1666.67"), Decimal("1666.66")]
    assert services.payments_issue(round_=round_, by=world.users["finance"]) == []  # nobody twice
    for name in ("reviewer", "lixia_finance"):
        with pytest.raises(PermissionDenied):
            exports.BankFileExport(world.users[name], {"pk": [str(round_.pk)]})
    export = exports.BankFileExport(world.users["finance"], {"pk": [str(round_.pk)]})
    assert any(e.action.startswith(services.REVEALED) for e in history_of(round_))
    buffer = BytesIO()
    write_xlsx(buffer, export)
    read = sheets.read(buffer.getvalue())
    assert (read.header_row, read.header[1]) == (1, "收款人姓名")  # the bank reads it: a plain table, no title
    sheet = read.sheet
    body = [row for row in read.rows if isinstance(row[0], int)]
    assert [row[1] for row in body] == ["王强", "李娜", "赵磊"]
    assert all(len(row[2]) == 18 and "*" not in row[2] for row in body)
    assert sum(Decimal(str(row[6])) for row in body) == Decimal("5000.00")
    amount_cell = next(row for row in sheet.iter_rows() if isinstance(row[0].value, int))[6]
    assert "¥" in amount_cell.number_format


def test_failed_payment_reissued_without_paying_twice(world):
    item = individual(world, deaths=3)
    round_ = _close(world, item)
    finance = world.users["finance"]
    [first] = services.payments_issue(round_=round_, by=finance)
    with pytest.raises(DomainError) as refused:
        services.payment_confirm(payment=first, by=finance, bank_reference=" ")
    assert refused.value.field == "bank_reference"
    services.payment_fail(payment=first, by=finance, reason="账号已销户")
    second = services.payment_reissue(payment=first, by=finance, comment="收款人提供新账号")
    first.refresh_from_db()
    assert (first.status, first.failure_reason, first.attempt) == (PaymentState.REISSUED, "账号已销户", 1)
    assert (second.status, second.attempt, second.previous_id, second.amount) == (
        PaymentState.ISSUED, 2, first.pk, Decimal("3000.00"))
    with pytest.raises(DomainError):
        services.payment_reissue(payment=first, by=finance)  # a reissued payment is not reissued again
    assert services.payments_issue(round_=round_, by=finance) == []
    services.payment_confirm(payment=second, by=finance, bank_reference="ICBC20261201-0001")
    second.refresh_from_db()
    assert (second.status, second.bank_reference) == (PaymentState.PAID, "ICBC20261201-0001")
    with pytest.raises(IntegrityError), transaction.atomic():  # the database refuses a second live payment
        Payment.objects.create(round=round_, report=item, payee=second.payee, amount=Decimal("1"),
                               created_by=finance)
