"""The daily pages in the browser at an office screen (1280 px) and a phone (390 px, lists as cards), issue 11:
a sorted, paged list keeps its filter across page links and sort clicks; the naming batch walks its numbered steps
and becomes read-only once named; the work ledger filters by year and kind, keeps an upload after a failed save,
and takes a correction as a new entry that references the corrected one."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from jinan_union import paging
from studios import services
from studios.enums import StudioStatus
from studios.models import LedgerEntry, NamingBatch, Studio
from tests.conftest import make_pdf
from tests.hazards.factories import report
from tests.studios.factories import batch_with_meeting, make_studio, recommended_application

pytestmark = [pytest.mark.e2e]

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _open_filters(page, size):
    if size == "phone":  # the filters fold behind 筛选 on a phone
        page.get_by_test_id("filters-toggle").click()
        # Bootstrap's collapse is open once its transition ends ("collapsing" → "show"): a click during the
        # transition can land on a button that is still moving.
        expect(page.locator("#list-filters")).to_have_class(re.compile(r"\bshow\b"))
    expect(page.get_by_test_id("filters")).to_be_visible()


def _confirm(page):
    """The dialog of static/js/confirm.js states the consequence; 确认."""
    expect(page.get_by_test_id("confirm-dialog")).to_be_visible()
    page.get_by_test_id("confirm-ok").click()


@pytest.mark.rule("SYS-SCOPE")
@pytest.mark.parametrize("size", SIZES)
def test_a_sorted_paged_list_keeps_its_filter(login, page, live_server, world, monkeypatch, size):
    monkeypatch.setattr(paging, "PER_PAGE", 2)
    for i in range(5):
        report(world, state="draft", location=f"草稿部位{i}")
    for i in range(2):
        report(world, state="ready", location=f"待申报部位{i}")
    page.set_viewport_size(SIZES[size])
    login("lixia")
    page.goto(f"{live_server.url}/hazards/")
    expect(page.get_by_test_id("list-total")).to_have_text("共7条")
    _open_filters(page, size)
    page.get_by_test_id("filters").get_by_label("状态").select_option(label="草稿")
    page.get_by_test_id("filters").get_by_role("button", name="筛选").click()
    expect(page.get_by_test_id("list-total")).to_have_text("共5条")

    table = page.get_by_test_id("report-table")
    if size == "phone":  # cards have no header row: the sort is the filters' 排序
        _open_filters(page, size)
        expect(page.get_by_test_id("filters").get_by_label("状态")).to_have_value("draft")
        page.get_by_test_id("filters").get_by_label("排序").select_option("created")
        page.get_by_test_id("filters").get_by_role("button", name="筛选").click()
    else:
        table.locator("a[data-sort=created]").click()  # sort by 编号 (the header link)
    expect(page).to_have_url(re.compile(r"status=draft"))
    expect(page.get_by_test_id("list-total")).to_have_text("共5条")
    first_sorted = re.search(r"sort=[^&]+", page.url).group(0)
    page.get_by_role("link", name="下一页").click()
    expect(page).to_have_url(re.compile(r"status=draft"))
    assert first_sorted in page.url and "page=2" in page.url
    expect(page.get_by_test_id("list-total")).to_have_text("共5条")
    states = table.locator("td.cell-state").all_inner_texts()
    assert states and all(s.startswith("草稿") for s in states), states
    page.get_by_role("link", name="3", exact=True).click()
    expect(table.locator("tbody tr")).to_have_count(1)
    assert "status=draft" in page.url and first_sorted in page.url
    if size == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") == SIZES["phone"]["width"]


@pytest.mark.rule("STU-FLOW")
@pytest.mark.parametrize("size", SIZES)
def test_the_naming_batch_walks_its_numbered_steps_and_is_read_only_once_named(login, page, live_server, world,
                                                                               size):
    batch = batch_with_meeting(world)
    app = recommended_application(world)
    services.batch_add(batch=batch, applications=[app], by=world.users["secretary"])
    page.set_viewport_size(SIZES[size])
    login("secretary")
    page.goto(f"{live_server.url}/studios/batches/{batch.pk}/")
    steps = page.get_by_test_id("batch-steps")
    expect(steps).to_contain_text("① 会议审定")
    expect(page.get_by_test_id("current-step")).to_contain_text("② 决定")

    page.get_by_test_id("batch-applications").get_by_role("button", name="审定通过").click()
    _confirm(page)
    expect(page.get_by_test_id("current-step")).to_contain_text("③ 发文命名")
    form = page.get_by_test_id("naming-form")
    form.locator('[name="naming-document_number"]').fill("济工发〔2026〕18号")
    form.get_by_role("button", name="发文命名").click()
    _confirm(page)

    expect(page.get_by_test_id("read-only")).to_contain_text("页面只读")
    expect(page.get_by_test_id("current-step")).to_have_count(0)
    expect(steps.locator("li.badge")).to_have_count(3)
    assert page.get_by_test_id("naming-form").count() == 0 and page.get_by_test_id("meeting-form").count() == 0
    expect(page.get_by_test_id("batch-applications").get_by_role("button")).to_have_count(0)
    assert NamingBatch.objects.get(pk=batch.pk).document_number == "济工发〔2026〕18号"
    if size == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") == SIZES["phone"]["width"]


@pytest.mark.rule("STU-LEDGER")
@pytest.mark.parametrize("size", SIZES)
def test_the_work_ledger_filters_keeps_an_upload_and_takes_a_correction(login, page, live_server, world, tmp_path,
                                                                        size):
    studio = make_studio(world)
    Studio.objects.filter(pk=studio.pk).update(status=StudioStatus.MUNICIPAL_NAMED, naming_year=2025)
    clerk = world.users["langchao"]
    services.ledger_add(studio=studio, by=clerk, data=dict(kind="training", happened_on=date(2024, 3, 1),
                                                           title="2024年数控培训", participants=12))
    services.ledger_add(studio=studio, by=clerk, data=dict(kind="project", happened_on=date(2025, 2, 1),
                                                           title="2025年攻关课题"))
    scan = tmp_path / "签到表.pdf"
    scan.write_bytes(make_pdf("签到表"))

    page.set_viewport_size(SIZES[size])
    login("langchao")
    page.goto(f"{live_server.url}/studios/{studio.pk}/ledger/")
    form = page.get_by_test_id("ledger-form")
    # A failed save (no title) keeps the upload: the page says so and the next save attaches it.
    form.locator('[name="kind"]').select_option("training")
    form.locator('[name="happened_on"]').fill("2025-06-01")
    form.locator('[name="attachment"]').set_input_files(str(scan))
    form.get_by_role("button", name="记录").click()
    expect(form).to_contain_text("已上传：签到表.pdf")
    expect(form.locator(".invalid-feedback, .text-danger").first).to_be_visible()
    form.locator('[name="title"]').fill("2025年技能培训")
    form.get_by_role("button", name="记录").click()
    entry = LedgerEntry.objects.get(title="2025年技能培训")
    row = page.get_by_test_id(f"ledger-entry-{entry.pk}")
    expect(row).to_contain_text("签到表.pdf")

    # Filter by year and kind.
    _open_filters(page, size)
    filters = page.get_by_test_id("filters")
    filters.get_by_label("年度").select_option(label="2025年")  # labels name the filters' own fields
    filters.get_by_label("类别").select_option(label="活动·技能培训")
    filters.get_by_role("button", name="筛选").click()
    table = page.get_by_test_id("ledger-table")
    expect(table).to_contain_text("2025年技能培训")
    expect(table).not_to_contain_text("2024年数控培训")
    expect(table).not_to_contain_text("2025年攻关课题")

    # A correction is a new entry referencing the corrected one; the original stays as it was.
    page.get_by_test_id(f"correct-{entry.pk}").click()
    expect(page.get_by_test_id("correcting")).to_be_visible()
    form = page.get_by_test_id("ledger-form")
    expect(form.locator('[name="title"]')).to_have_value("2025年技能培训")
    form.locator('[name="participants"]').fill("21")
    form.get_by_role("button", name="保存更正").click()
    correction = LedgerEntry.objects.get(corrects=entry)
    page.goto(f"{live_server.url}/studios/{studio.pk}/ledger/")
    original = page.get_by_test_id(f"ledger-entry-{entry.pk}")
    expect(original.get_by_test_id("corrected")).to_be_visible()
    expect(original).to_contain_text(f"见更正记录 #{correction.pk}")
    expect(page.get_by_test_id(f"ledger-entry-{correction.pk}")).to_contain_text(f"更正 #{entry.pk}")
    assert LedgerEntry.objects.get(pk=entry.pk).participants != 21  # nothing edited in place
    if size == "phone":
        expect(table.locator("thead")).to_be_hidden()  # cards
        assert page.evaluate("document.documentElement.scrollWidth") == SIZES["phone"]["width"]
