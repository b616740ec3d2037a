"""SYS-NOBYPASS in funding: later moves re-check the studio's standing, past dates stay in the past, the
admin is a window, reading the books writes nothing, and every finding move is in its history."""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from funding import chart, services
from funding.enums import GrantStage, TransferStep
from funding.models import Account, Finding, Grant, JournalEntry, JournalLine, MatchingFund, Spending, Transfer
from jinan_union.audit import history_of
from jinan_union.errors import DomainError
from jinan_union.models import Organisation
from jinan_union.workflow import allowed, move
from studios.enums import StudioStatus

from .factories import DAY, fund_fully, make_grant, spend

S17 = "《管理办法》第十七条"
TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


def delist(studio):
    # The studios app de-lists through its own move; here only the standing funding reads matters.
    studio.status = StudioStatus.DELISTED
    studio.save(update_fields=["status"])


# --- the studio's standing, checked again at every later money move (S§12, S§17) -------------------


@pytest.mark.rule("SYS-NOBYPASS")
@pytest.mark.rule("FUN-POSTING")
@pytest.mark.parametrize("steps_before", [0, 1, 2, 3])
def test_a_studio_delisted_after_naming_gets_no_transfer_at_any_later_step(world, steps_before):
    grant = make_grant(world, paid_out=False)
    for step in list(TransferStep)[:steps_before]:
        services.transfer_record(grant=grant, step=step, on=DAY, by=world.users["finance"])
    delist(grant.studio)
    step = list(TransferStep)[steps_before]
    with pytest.raises(DomainError) as refused:
        services.transfer_record(grant=grant, step=step, on=DAY, by=world.users["finance"])
    assert refused.value.article == S17
    assert refused.value.text.startswith("该工作室已摘牌")
    grant.refresh_from_db()
    assert grant.transfers.count() == steps_before
    stages = [GrantStage.AWAITING, GrantStage.PAID_OUT, GrantStage.AT_SYSTEM, GrantStage.PASSED_ON]
    assert grant.stage == stages[steps_before]


@pytest.mark.rule("SYS-NOBYPASS")
@pytest.mark.rule("FUN-USE")
def test_a_studio_delisted_after_its_money_arrived_gets_no_spending(world):
    grant = fund_fully(world, make_grant(world))
    spend(world, grant, "100.00")
    delist(grant.studio)
    with pytest.raises(DomainError) as refused:
        spend(world, grant, "100.00")
    assert refused.value.article == S17
    assert refused.value.text.startswith("该工作室已摘牌，资助资金已冻结，资助资金不得再支出")
    assert Spending.objects.count() == 1


@pytest.mark.rule("SYS-NOBYPASS")
@pytest.mark.rule("FUN-USE")
def test_a_studio_past_its_rectification_deadline_gets_no_spending(world):
    grant = fund_fully(world, make_grant(world))
    studio = grant.studio
    studio.status = StudioStatus.RECTIFYING
    studio.rectification_deadline = timezone.localdate() - datetime.timedelta(days=1)
    studio.save()
    with pytest.raises(DomainError) as refused:
        spend(world, grant, "100.00")
    assert refused.value.article == S17
    assert Spending.objects.count() == 0


@pytest.mark.rule("SYS-NOBYPASS")
def test_the_stage_moves_only_with_its_voucher_and_the_move_rechecks_the_standing(world):
    """move() itself refuses a stage with no posted voucher, and a de-listed studio's stage, whoever calls it."""
    grant = make_grant(world)
    finance = world.users["finance"]
    with pytest.raises(DomainError) as refused:
        move(grant, TransferStep.SYSTEM_RECEIVES, by=finance)
    assert "尚未记账" in refused.value.text
    # A voucher posted by hand, then the studio de-listed: the move's guard still says no.
    Transfer.objects.create(grant=grant, step=TransferStep.SYSTEM_RECEIVES, date=DAY, recorded_by=finance)
    delist(grant.studio)
    with pytest.raises(DomainError) as refused:
        move(grant, TransferStep.SYSTEM_RECEIVES, by=finance)
    assert refused.value.article == S17
    grant.refresh_from_db()
    assert grant.stage == GrantStage.PAID_OUT


@pytest.mark.rule("SYS-NOBYPASS")
def test_services_ask_the_predicate_whoever_calls_them(world):
    grant = fund_fully(world, make_grant(world))
    with pytest.raises(DomainError) as refused:
        services.spending_record(
            grant=grant, category="equipment", on=DAY, amount=Decimal("10"), payee="某", by=world.users["finance"]
        )
    assert refused.value.forbidden
    with pytest.raises(DomainError) as refused:
        services.transfer_record(
            grant=make_grant(world, name="另一工作室"),
            step=TransferStep.SYSTEM_RECEIVES,
            on=DAY,
            by=world.users["auditor"],
        )
    assert refused.value.forbidden
    with pytest.raises(DomainError) as refused:
        services.matching_record(grant=grant, on=DAY, amount=Decimal("1"), source="某", by=world.users["finance"])
    assert refused.value.forbidden
    with pytest.raises(DomainError) as refused:
        services.reverse_entry(entry=grant.entries.first(), by=world.users["auditor"], reason="错")
    assert refused.value.forbidden
    with pytest.raises(DomainError) as refused:
        services.finding_raise(grant=grant, text="查", by=world.users["finance"])
    assert refused.value.forbidden


# --- dates of the past ------------------------------------------------------------------------------


@pytest.mark.rule("SYS-NOBYPASS")
@pytest.mark.rule("SYS-ERR")
@pytest.mark.parametrize(
    ("on", "message"),
    [
        (
            TOMORROW,
            f"日期不能晚于今天（{timezone.localdate().year}年{timezone.localdate().month}月"
            f"{timezone.localdate().day}日）。",
        ),
        (datetime.date(1999, 12, 31), "日期不能早于2000年1月1日。"),
    ],
)
def test_past_dates_out_of_range_are_refused_beside_the_field_on_every_page(world, client_for, pdf_file, on, message):
    grant = fund_fully(world, make_grant(world))
    entry = grant.transfers.get(step=TransferStep.GRASSROOTS_RECEIVES).entry
    other = make_grant(world, name="另一工作室")
    pages = [
        (
            "finance",
            reverse("funding:transfer-record", args=[other.pk, TransferStep.SYSTEM_RECEIVES]),
            {"on": on.isoformat(), "reference": "HD"},
        ),
        (
            "langchao",
            reverse("funding:spending-new", args=[grant.pk]),
            {"category": "equipment", "on": on.isoformat(), "amount": "10.00", "payee": "某", "invoice": pdf_file()},
        ),
        (
            "langchao",
            reverse("funding:matching-new", args=[grant.pk]),
            {"on": on.isoformat(), "amount": "10.00", "source": "单位自筹"},
        ),
        ("finance", reverse("funding:entry-reverse", args=[entry.pk]), {"on": on.isoformat(), "reason": "错"}),
    ]
    before = (JournalEntry.objects.count(), MatchingFund.objects.count())
    for username, url, data in pages:
        response = client_for(username).post(url, data)
        assert response.status_code == 200, url
        assert response.context["form"].errors == {"on": [message]}, url
    assert (JournalEntry.objects.count(), MatchingFund.objects.count()) == before


@pytest.mark.rule("SYS-NOBYPASS")
@pytest.mark.parametrize("on", [TOMORROW, datetime.date(1999, 12, 31)])
def test_services_recheck_the_dates_beside_the_field(world, on):
    grant = fund_fully(world, make_grant(world))
    calls = [
        lambda: services.transfer_record(
            grant=make_grant(world, name="另一工作室"),
            step=TransferStep.SYSTEM_RECEIVES,
            on=on,
            by=world.users["finance"],
        ),
        lambda: services.spending_record(
            grant=grant, category="equipment", on=on, amount=Decimal("1"), payee="某", by=world.users["langchao"]
        ),
        lambda: services.matching_record(
            grant=grant, on=on, amount=Decimal("1"), source="某", by=world.users["langchao"]
        ),
        lambda: services.reverse_entry(entry=grant.entries.last(), on=on, reason="错", by=world.users["finance"]),
    ]
    for call in calls:
        with pytest.raises(DomainError) as refused:
            call()
        assert refused.value.field == "on"


@pytest.mark.rule("SYS-NOBYPASS")
def test_the_first_transfer_is_not_dated_before_the_municipal_naming(world):
    grant = make_grant(world, paid_out=False)  # named 2026-04-01
    with pytest.raises(DomainError) as refused:
        services.transfer_record(
            grant=grant, step=TransferStep.MUNICIPAL_PAYS, on=datetime.date(2026, 3, 31), by=world.users["finance"]
        )
    assert refused.value.text == "日期不能早于工作室市级命名的日期（2026年4月1日）。"
    assert refused.value.field == "on"


# --- the admin is a window --------------------------------------------------------------------------

BUSINESS_MODELS = [Grant, Transfer, Spending, MatchingFund, JournalEntry, JournalLine, Account, Finding]


@pytest.mark.rule("SYS-NOBYPASS")
@pytest.mark.parametrize("model", BUSINESS_MODELS, ids=lambda m: m.__name__)
def test_admin_refuses_add_change_and_delete_of_every_funding_record(world, client_for, rf, model):
    model_admin = admin.site._registry[model]
    request = rf.get("/")
    request.user = world.users["admin"]  # a superuser
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    grant = fund_fully(world, make_grant(world))
    spend(world, grant, "100.00")
    services.matching_record(grant=grant, on=DAY, amount=Decimal("1"), source="单位自筹", by=world.users["langchao"])
    services.finding_raise(grant=grant, text="请说明", by=world.users["auditor"])
    obj = model.objects.first()
    meta = model._meta
    client = client_for("admin")
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code == 403
    assert client.post(reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[obj.pk])).status_code == 403
    page = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]))
    assert page.status_code == 200  # a window: viewable, not savable
    assert (
        client.post(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]), {}).status_code == 403
    )
    assert model.objects.filter(pk=obj.pk).exists()


@pytest.mark.rule("SYS-NOBYPASS")
def test_admin_actions_ask_the_same_role_and_refuse_in_chinese(world, client_for):
    grant = make_grant(world, paid_out=False)
    url = reverse("admin:funding_grant_changelist")
    data = {"action": "record_next_transfer", "_selected_action": [grant.pk]}
    response = client_for("admin").post(url, data, follow=True)
    texts = [str(m) for m in response.context["messages"]]
    assert any("未办理。只有财务人员可以记录拨付。" in t for t in texts)
    assert grant.transfers.count() == 0
    finance = world.users["finance"]
    finance.is_staff = finance.is_superuser = True
    finance.save()
    response = client_for("finance").post(url, data, follow=True)
    assert any("已记录拨付1条。" in str(m) for m in response.context["messages"])
    grant.refresh_from_db()
    assert grant.stage == GrantStage.PAID_OUT
    assert [e.action for e in history_of(grant)][-1] == "市总工会拨付系统工会"


@pytest.mark.rule("SYS-NOBYPASS")
def test_admin_finding_actions_are_the_auditors_moves(world, client_for):
    grant = make_grant(world)
    finding = services.finding_raise(grant=grant, text="请补充发票", by=world.users["auditor"])
    services.finding_answer(finding=finding, answer="已补充", by=world.users["finance"])
    url = reverse("admin:funding_finding_changelist")
    response = client_for("admin").post(url, {"action": "close", "_selected_action": [finding.pk]}, follow=True)
    assert any("只有经费审查人员可以关闭或退回审查意见。" in str(m) for m in response.context["messages"])
    finding.refresh_from_db()
    assert finding.status == "answered"


# --- reads never write ------------------------------------------------------------------------------


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            if table.startswith(("funding_", "jinan_union_", "studios_")):
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                counts[table] = cursor.fetchone()[0]
        return counts


@pytest.mark.rule("SYS-NOBYPASS")
def test_reading_the_books_of_a_union_without_a_chart_creates_no_account(world, client_for):
    union = Organisation.objects.create(
        name="新建区总工会", kind="system", system_kind="district", parent=world.municipal
    )
    assert not Account.objects.filter(union=union).exists()
    client = client_for("finance")
    before = table_counts()
    for name in ("funding:journal", "funding:ledger", "funding:trial-balance"):
        response = client.get(reverse(name, args=[union.pk]))
        assert response.status_code == 200, name
    assert client.get(reverse("funding:book-list")).status_code == 200
    assert response.context["tb"].rows == []
    assert not Account.objects.filter(union=union).exists()
    assert table_counts() == before
    # The first posting (a POST) makes the chart.
    services.post_entry(
        union=union,
        on=DAY,
        description="首笔",
        by=world.users["finance"],
        lines=[(chart.BANK, Decimal("1"), 0), (chart.SPECIAL_SUBSIDY, 0, Decimal("1"))],
    )
    assert Account.objects.filter(union=union).count() > 0


@pytest.mark.rule("SYS-NOBYPASS")
def test_funding_pages_write_nothing_on_get(world, client_for):
    grant = fund_fully(world, make_grant(world))
    spending = spend(world, grant, "100.00")
    finding = services.finding_raise(grant=grant, spending=spending, text="请说明", by=world.users["auditor"])
    union = grant.system_union
    entry = grant.entries.first()
    urls = [
        reverse("funding:grant-list"),
        reverse("funding:grant-detail", args=[grant.pk]),
        reverse("funding:transfer-record", args=[grant.pk, TransferStep.SYSTEM_RECEIVES]),
        reverse("funding:finding-list"),
        reverse("funding:finding-detail", args=[finding.pk]),
        reverse("funding:book-list"),
        reverse("funding:journal", args=[union.pk]),
        reverse("funding:ledger", args=[union.pk]),
        reverse("funding:trial-balance", args=[union.pk]),
        reverse("funding:entry-detail", args=[entry.pk]),
        reverse("funding:entry-reverse", args=[entry.pk]),
    ]
    # A studio past its rectification deadline: no page load de-lists it.
    studio = grant.studio
    studio.status = StudioStatus.RECTIFYING
    studio.rectification_deadline = timezone.localdate() - datetime.timedelta(days=1)
    studio.save()
    before = table_counts()
    for username in ("finance", "auditor", "lixia_finance", "langchao"):
        client = client_for(username)
        for url in urls:
            client.get(url)
    assert table_counts() == before
    studio.refresh_from_db()
    assert studio.status == StudioStatus.RECTIFYING


# --- findings move through move(), and their history says so ---------------------------------------


@pytest.mark.rule("SYS-NOBYPASS")
@pytest.mark.rule("SYS-AUDIT")
@pytest.mark.rule("FUN-AUDIT")
def test_finding_moves_are_recorded_in_its_history(world, client_for):
    grant = make_grant(world)
    auditor, finance = world.users["lixia_auditor"], world.users["lixia_finance"]
    finding = services.finding_raise(grant=grant, text="发票抬头不一致", by=auditor)
    assert not allowed(finding, "answer", auditor)
    with pytest.raises(DomainError) as refused:
        services.finding_answer(finding=finding, answer="自答", by=auditor)
    assert refused.value.forbidden
    with pytest.raises(DomainError) as refused:
        services.finding_answer(finding=finding, answer="  ", by=finance)
    assert refused.value.field == "answer"
    services.finding_answer(finding=finding, answer="已更正", by=finance)
    with pytest.raises(DomainError):
        services.finding_conclude(finding=finding, accept=True, by=finance)
    services.finding_conclude(finding=finding, accept=False, by=auditor, comment="抬头仍不一致")
    services.finding_answer(finding=finding, answer="已重开发票", by=finance)
    client_for("lixia_auditor").post(reverse("funding:finding-detail", args=[finding.pk]), {"accept": "1"})
    finding.refresh_from_db()
    assert finding.status == "closed"
    assert [(e.action, e.from_state, e.to_state, e.actor) for e in history_of(finding)] == [
        ("提出审查意见", "", "待答复", auditor),
        ("答复审查意见", "待答复", "已答复", finance),
        ("退回答复", "已答复", "待答复", auditor),
        ("答复审查意见", "待答复", "已答复", finance),
        ("关闭审查意见", "已答复", "已关闭", auditor),
    ]
    assert [e.comment for e in history_of(finding)][1:3] == ["已更正", "抬头仍不一致"]
    # A closed finding offers no form and refuses a POST.
    response = client_for("lixia_finance").post(reverse("funding:finding-detail", args=[finding.pk]), {"answer": "再"})
    assert response.status_code == 403


@pytest.mark.rule("SYS-NOBYPASS")
@pytest.mark.rule("SYS-AUDIT")
def test_grant_stage_moves_forward_and_back_in_its_history(world):
    grant = make_grant(world)
    finance = world.users["finance"]
    transfer = services.transfer_record(grant=grant, step=TransferStep.SYSTEM_RECEIVES, on=DAY, by=finance)
    services.reverse_entry(entry=transfer.entry, by=finance, reason="金额录错")
    moves = [(e.action, e.from_state, e.to_state) for e in history_of(grant) if e.from_state]
    assert moves == [
        ("市总工会拨付系统工会", "待拨付", "市总工会已拨付"),
        ("系统工会收到资助资金", "市总工会已拨付", "系统工会已收到"),
        ("冲销：系统工会收到资助资金", "系统工会已收到", "市总工会已拨付"),
    ]


@pytest.mark.rule("SYS-NOBYPASS")
def test_grant_page_offers_no_spending_to_a_delisted_studio_and_says_why(world, client_for):
    grant = fund_fully(world, make_grant(world))
    url = reverse("funding:grant-detail", args=[grant.pk])
    assert client_for("langchao").get(url).context["can_spend"] is True
    delist(grant.studio)
    response = client_for("langchao").get(url)
    assert response.context["can_spend"] is False
    body = response.content.decode()
    assert "登记支出</a>" not in body
    assert "资助资金不得再支出" in body and "第十七条" in body
