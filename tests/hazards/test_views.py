"""Pages: the clerk's form (SYS-ERR), scoping (SYS-SCOPE), N+1 guards, exports and documents."""

import io
from datetime import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from hazards import exports, services
from hazards.enums import ReportState
from hazards.models import HazardReport
from jinan_union.files import attachments_of
from jinan_union.models import ExportJob
from tests import sheets

from .factories import AFTER_DEADLINE, SH, report, submit


def form_data(world, **overrides):
    data = {
        "finder_kind": "individual", "finder_name": "张三",
        "finder_unit": world.units["济南历下控股集团有限公司"].pk,
        "hazard_unit": world.units["济南城建集团有限公司"].pk, "hazard_address": "经十路14588号",
        "location": "三号塔吊基础", "description": "螺栓松动", "deaths": "3", "serious_injuries": "0",
        "direct_loss": "0", "found_on": "2026-03-01", "reported_at": "2026-03-02T09:00",
        "rectification": "rectified", "rectified_on": "2026-03-10", "experts": "李工", "expert_grade": "3",
        "members": "",
    }
    data.update(overrides)
    return data


@pytest.mark.rule("SYS-ERR")
def test_draft_saves_with_anything_missing(world, client_for):
    response = client_for("lixia").post(reverse("hazards:report-new"), {"location": "二号车间", "action": "save"})
    report_ = HazardReport.objects.get()
    assert response.status_code == 302
    assert (report_.location, report_.status) == ("二号车间", ReportState.DRAFT)


@pytest.mark.rule("HAZ-REPORT")
def test_submit_without_photo_and_scan_shows_reasons_beside_fields(world, client_for):
    response = client_for("lixia").post(reverse("hazards:report-new"), {**form_data(world), "action": "complete"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["photos"] == ["请上传至少一份隐患影像资料（照片或视频）。（《奖励办法》第六条）"]
    assert form.errors["expert_scan"] == ["请上传专家签字认可的《事故隐患报告》扫描件。（《奖励办法》第六条）"]
    assert HazardReport.objects.get().status == ReportState.DRAFT


@pytest.mark.rule("HAZ-EXCLUDE")
def test_safety_manager_submit_is_refused_beside_the_field(world, client_for, png_file, pdf_file):
    data = {**form_data(world, is_safety_manager="on"), "photos": png_file(), "expert_scan": pdf_file(),
            "action": "complete"}
    response = client_for("lixia").post(reverse("hazards:report-new"), data)
    assert response.context["form"].errors["is_safety_manager"] == [
        "企业专职安全管理人员排查出的事故隐患不在奖励范围之内，不能申报。（《奖励办法》第三条）"
    ]


@pytest.mark.rule("HAZ-REPORT")
def test_complete_report_with_files_is_ready(world, client_for, png_file, pdf_file):
    data = {**form_data(world), "photos": [png_file("a.png"), png_file("b.png")], "expert_scan": pdf_file(),
            "action": "complete"}
    response = client_for("lixia").post(reverse("hazards:report-new"), data)
    report_ = HazardReport.objects.get()
    assert response.status_code == 302
    assert report_.status == ReportState.READY
    assert attachments_of(report_, services.PHOTO).count() == 2


@pytest.mark.rule("SYS-ERR")
def test_failed_form_keeps_uploaded_files(world, client_for, png_file, pdf_file):
    client = client_for("lixia")
    data = {**form_data(world, deaths="很多"), "photos": png_file(), "expert_scan": pdf_file(), "action": "complete"}
    response = client.post(reverse("hazards:report-new"), data)
    assert response.status_code == 200
    assert "deaths" in response.context["form"].errors
    staged = [a.uuid for a in response.context["staged_photos"] + response.context["staged_scans"]]
    assert len(staged) == 2
    retry = {**form_data(world), "photos_ids": str(staged[0]), "expert_scan_ids": str(staged[1]),
             "action": "complete"}
    client.post(reverse("hazards:report-new"), retry)
    assert HazardReport.objects.get().status == ReportState.READY


@pytest.mark.rule("SYS-ERR")
def test_refused_submit_of_a_new_report_posts_the_retry_to_that_draft(world, client_for, png_file, pdf_file):
    """A new report's submit that is refused saves a draft; the page it shows must post to that draft,
    or the clerk's retry creates a second report and the files stay with the first."""
    client = client_for("lixia")
    wrong_order = {**form_data(world, found_on="2026-03-05"), "photos": png_file(), "expert_scan": pdf_file(),
                   "action": "complete"}
    response = client.post(reverse("hazards:report-new"), wrong_order)
    draft = HazardReport.objects.get()
    assert response.status_code == 200
    assert response.context["form"].errors["reported_at"] == ["报告时间不能早于发现日期。（《奖励办法》第五条）"]
    edit_url = reverse("hazards:report-edit", args=[draft.pk])
    assert f'action="{edit_url}"' in response.content.decode()
    retry = client.post(edit_url, {**form_data(world), "action": "complete"})
    assert retry.status_code == 302
    assert list(HazardReport.objects.values_list("pk", "status")) == [(draft.pk, ReportState.READY)]
    assert attachments_of(draft, services.PHOTO).count() == 1


@pytest.mark.rule("SYS-FILES")
def test_photo_checked_by_content(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("photo.png", b"not an image at all", content_type="image/png")
    response = client_for("lixia").post(reverse("hazards:report-new"), {**form_data(world), "photos": fake,
                                                                       "action": "save"})
    assert response.status_code == 200
    assert "photos" in response.context["form"].errors


@pytest.mark.rule("SYS-SCOPE")
def test_other_union_gets_404_and_list_hides_record(world, client_for):
    item = report(world)
    assert client_for("shizhong").get(reverse("hazards:report-detail", args=[item.pk])).status_code == 404
    assert client_for("lixia").get(reverse("hazards:report-detail", args=[item.pk])).status_code == 200
    assert client_for("reviewer").get(reverse("hazards:report-detail", args=[item.pk])).status_code == 200
    listed = client_for("shizhong").get(reverse("hazards:report-list")).context["page"].object_list
    assert list(listed) == []


def _four_reports(world):
    report(world, location="甲处", deaths=3)  # 三级, 历下
    report(world, location="乙处", deaths=10)  # 二级, 历下
    report(world, union="市中区总工会", unit="济南二七机车配件厂", location="丙处", deaths=3)
    report(world, union="市中区总工会", unit="济南二七机车配件厂", location="丁处", deaths=10)


def _background_export(client, user, query: str) -> list[tuple]:
    response = client.post(reverse("export-start", args=["hazards-reports"]) + query, {"title": "事故隐患报告列表"})
    job = ExportJob.objects.get(user=user)
    assert response["Location"] == reverse("export-progress", kwargs={"uuid": job.uuid})
    assert (job.status, job.error) == ("done", "")
    download = client.get(reverse("export-download", kwargs={"uuid": job.uuid}))
    read = sheets.read(download)
    assert read.title == "事故隐患报告列表"
    assert list(read.header) == exports.REPORT_HEADERS
    *rows, total = read.rows
    assert total[0] == "合计"  # the rewards listed are totalled (SYS-MONEY)
    assert job.rows_total == len(rows)
    return rows


@pytest.mark.rule("SYS-SCOPE")
@pytest.mark.parametrize(("username", "locations"), [("lixia", ["乙处"]), ("reviewer", ["乙处", "丁处"])])
def test_background_export_has_exactly_the_filtered_visible_rows(world, client_for, username, locations):
    _four_reports(world)
    client = client_for(username)
    listed = client.get(reverse("hazards:report-list") + "?grade=2").context["page"].object_list
    rows = _background_export(client, world.users[username], "?grade=2")
    assert sorted(r[5] for r in rows) == sorted(locations)
    assert [r[0] for r in rows] == [r.pk for r in listed]


@pytest.mark.rule("SYS-SCOPE")
def test_background_export_without_filters_never_shows_another_union(world, client_for):
    _four_reports(world)
    rows = _background_export(client_for("lixia"), world.users["lixia"], "")
    assert sorted(r[5] for r in rows) == ["乙处", "甲处"]
    assert {r[1] for r in rows} == {"历下区总工会"}


def test_report_list_export_button_posts_the_filters(world, client_for):
    page = client_for("lixia").get(reverse("hazards:report-list") + "?grade=2&status=ready").content.decode()
    action = reverse("export-start", args=["hazards-reports"]) + "?grade=2&amp;status=ready"
    assert f'<form method="post" action="{action}"' in page


def test_export_by_a_role_without_the_list_fails_visibly(world, client_for):
    _four_reports(world)
    client_for("secretary").post(reverse("export-start", args=["hazards-reports"]))
    job = ExportJob.objects.get()
    assert (job.status, job.error) == ("failed", "导出失败：您的角色无权导出事故隐患报告列表")


def _rows(n, world):
    for i in range(n):
        report(world, location=f"部位{i}")


@pytest.mark.parametrize("url_name", ["hazards:report-list", "hazards:application-list"])
def test_list_queries_do_not_grow_with_rows(world, client_for, django_assert_max_num_queries, url_name):
    client = client_for("reviewer")
    items = [report(world, location=f"部位{i}") for i in range(1)]
    submit(world, items)
    client.get(reverse(url_name))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse(url_name))
    more = [report(world, location=f"更多{i}", union="市中区总工会", unit="济南二七机车配件厂") for i in range(4)]
    submit(world, more)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse(url_name))


@pytest.mark.rule("HAZ-ROUND")
def test_payment_sheet_has_totals_in_capitals(world, client_for, settings):
    reviewer, finance = world.users["reviewer"], world.users["finance"]
    a = report(world, deaths=30, location="甲")
    b = report(world, union="市中区总工会", unit="济南二七机车配件厂", deaths=3, location="乙")
    submit(world, [a, b])
    for item in (a, b):
        services.report_verify(report=item, by=reviewer)
    settings.HAZARDS_NOW = AFTER_DEADLINE.isoformat()
    response = client_for("finance").post(reverse("hazards:round-detail", args=[a.application.round_id]))
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.status == ReportState.PAID
    page = client_for("finance").get(reverse("hazards:round-detail", args=[a.application.round_id]))
    assert page.context["total"] == Decimal("11000.00")
    assert page.context["total_capitals"] == "壹万壹仟元整"
    xlsx = client_for("finance").get(reverse("hazards:payment-xlsx", args=[a.application.round_id]))
    read = sheets.read(xlsx)
    last = read.rows[-1]
    assert (last[1], last[7], last[8]) == ("合计", 11000, "壹万壹仟元整")
    assert read.signatures  # a payment document: 制表/审核/负责人
    pdf = client_for("finance").get(reverse("hazards:payment-pdf", args=[a.application.round_id]))
    assert pdf.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert ("¥8,000.00" in text, "¥3,000.00" in text, "¥11,000.00" in text, "壹万壹仟元整" in text) == (
        True, True, True, True)
    assert finance.pk == a.application.round.closed_by_id


@pytest.mark.rule("HAZ-ROUND")
def test_clerk_submits_application_after_deadline_and_is_told(world, client_for, settings):
    item = report(world)
    settings.HAZARDS_NOW = datetime(2026, 9, 30, 12, tzinfo=SH).isoformat()
    client = client_for("lixia")
    application_url = client.get(reverse("hazards:application-current"))["Location"]
    client.post(application_url, {"action": "add", "report": [item.pk]})
    settings.HAZARDS_NOW = datetime(2026, 10, 1, 0, 0, tzinfo=SH).isoformat()
    response = client.post(application_url, {"action": "submit"}, follow=True)
    texts = [str(m) for m in response.context["messages"]]
    assert texts[1] == "2026年度隐患奖励已于2026年9月30日截止报送（《奖励办法》第九条），本次报送已转入2027年度。"
    item.refresh_from_db()
    assert item.application.round.year == 2027


def test_summary_sheet_lists_the_application(world, client_for):
    item = report(world, state="submitted", finder="张三")
    xlsx = client_for("lixia").get(reverse("hazards:application-summary-xlsx", args=[item.application_id]))
    assert sheets.read(xlsx).rows[0][1] == "张三"
    pdf = client_for("lixia").get(reverse("hazards:application-summary-pdf", args=[item.application_id]))
    assert pdf.content.startswith(b"%PDF")



@pytest.mark.rule("SYS-MONEY")
def test_summary_sheet_shows_the_possible_loss_as_yuan(world, client_for):
    item = report(world, state="submitted", deaths=2, injuries=1, loss="20000")
    xlsx = client_for("lixia").get(reverse("hazards:application-summary-xlsx", args=[item.application_id]))
    read = sheets.read(xlsx)
    assert read.header[6] == "可能后果（死亡/重伤/直接损失）"
    assert read.rows[0][6] == "2/1/¥20,000.00"

@pytest.mark.rule("HAZ-GRADE")
def test_verify_page_flags_grade_difference(world, client_for):
    item = report(world, state="submitted", deaths=3, expert_grade=2)
    response = client_for("reviewer").get(reverse("hazards:report-verify", args=[item.pk]))
    assert "专家评定等级与按后果计算的等级不一致" in response.content.decode()


@pytest.mark.rule("SYS-AUDIT")
def test_admin_actions_call_services(world, client):
    item = report(world, state="submitted")
    reviewer = world.users["reviewer"]  # the admin action asks the role the page asks (SYS-NOBYPASS)
    reviewer.is_staff = reviewer.is_superuser = True
    reviewer.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(reviewer)
    response = client.post(reverse("admin:hazards_hazardreport_changelist"),
                           {"action": "verify", "_selected_action": [item.pk]})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ReportState.VERIFIED
    client.force_login(world.users["admin"])
    for name in ("hazardreport", "application", "round", "duplicategroup", "duplicatedismissal"):
        assert client.get(reverse(f"admin:hazards_{name}_changelist")).status_code == 200
    assert client.get(reverse("admin:hazards_hazardreport_change", args=[item.pk])).status_code == 200


@pytest.mark.rule("SYS-SCOPE")
def test_clerk_sees_only_duplicate_proposals_within_own_union(world, client_for):
    mine = report(world, location="三号塔吊基础")
    again = report(world, location="3号塔吊基础")
    theirs = report(world, union="济南市建筑业产业工会", location="三号塔吊基础")
    submit(world, [mine, again, theirs])
    clerk_page = client_for("lixia").get(reverse("hazards:report-detail", args=[mine.pk]))
    assert [p.other.pk for p in clerk_page.context["proposals"]] == [again.pk]
    reviewer_page = client_for("reviewer").get(reverse("hazards:report-detail", args=[mine.pk]))
    assert sorted(p.other.pk for p in reviewer_page.context["proposals"]) == sorted([again.pk, theirs.pk])


@pytest.mark.rule("HAZ-REWARD")
def test_round_page_charts_rewards_per_union_and_reports_per_grade(world, client_for):
    reviewer = world.users["reviewer"]
    items = [
        report(world, deaths=30, location="甲"),  # 一级 ¥8,000
        report(world, deaths=0, location="乙"),  # 四级, no reward
        report(world, union="市中区总工会", unit="济南二七机车配件厂", deaths=3, location="丙"),  # 三级 ¥3,000
        report(world, union="市中区总工会", unit="济南二七机车配件厂", deaths=3, location="丁"),  # awaits verification
    ]
    submit(world, items)
    for item in items[:3]:
        services.report_verify(report=item, by=reviewer)
    response = client_for("reviewer").get(reverse("hazards:round-detail", args=[items[0].application.round_id]))
    rewards = [(b.label, b.value, b.display, b.percent) for b in response.context["reward_chart"]]
    assert rewards == [
        ("历下区总工会", Decimal("8000.00"), "¥8,000.00", 100.0),
        ("市中区总工会", Decimal("3000.00"), "¥3,000.00", 37.5),
    ]
    grades = [(b.label, b.value, b.display) for b in response.context["grade_chart"]]
    assert grades == [("一级", 1, "1 项"), ("二级", 0, "0 项"), ("三级", 2, "2 项"), ("四级", 1, "1 项")]
    page = response.content.decode()
    assert 'aria-label="历下区总工会：¥8,000.00"' in page
    assert 'aria-label="市中区总工会：¥3,000.00"' in page
    assert 'aria-label="三级：2 项"' in page
    assert "各工会奖励金额（按已核实的报告计）" in page


def _paid_round_of_two_unions(world):
    a = report(world, deaths=30, location="甲")  # 历下 ¥8,000
    b = report(world, union="市中区总工会", unit="济南二七机车配件厂", deaths=3, location="乙")  # 市中 ¥3,000
    submit(world, [a, b])
    for item in (a, b):
        services.report_verify(report=item, by=world.users["reviewer"])
    return a, b


@pytest.mark.rule("SYS-SCOPE")
def test_union_finance_reads_only_its_own_part_of_a_paid_round(world, client_for):
    a, b = _paid_round_of_two_unions(world)
    round_id = a.application.round_id
    finance = client_for("lixia_finance")
    assert finance.get(reverse("hazards:payment-xlsx", args=[round_id])).status_code == 404  # not paid yet
    services.round_close(round_=a.application.round, by=world.users["finance"], now=AFTER_DEADLINE)
    # Asking for another union's part still gives only its own.
    xlsx = finance.get(reverse("hazards:payment-xlsx", args=[round_id]) + f"?union={b.union_id}")
    read = sheets.read(xlsx)
    rows = read.rows
    assert read.title == "2026年度职工排查安全生产事故隐患奖励发放表（历下区总工会）"
    assert [(r[1], r[5], r[7]) for r in rows] == [
        ("历下区总工会", "甲", 8000), ("历下区总工会 小计", None, 8000), ("合计", None, 8000),
    ]
    assert rows[-1][8] == "捌仟元整"
    assert finance.get(reverse("hazards:payment-pdf", args=[round_id])).content.startswith(b"%PDF")
    listing = finance.get(reverse("hazards:round-list"))
    assert [(r.year, r.union_count, r.union_total) for r in listing.context["rounds"]] == [(2026, 1, Decimal("8000"))]
    assert finance.get(reverse("hazards:round-detail", args=[round_id])).status_code == 403
    for other in ("lixia_auditor", "langchao", "shizhong"):
        assert client_for(other).get(reverse("hazards:payment-xlsx", args=[round_id])).status_code == 403


@pytest.mark.rule("SYS-SCOPE")
@pytest.mark.parametrize(("username", "unions"), [
    ("lixia", ["历下区总工会"]), ("reviewer", ["历下区总工会", "市中区总工会"]),
])
def test_application_list_exports_what_its_filters_show(world, client_for, username, unions):
    submit(world, [report(world), report(world, union="市中区总工会", unit="济南二七机车配件厂")])
    services.application_for(union=world.system_unions["历下区总工会"], round_=services.round_for_year(2027),
                             by=world.users["lixia"])  # a draft, filtered out below
    client = client_for(username)
    page = client.get(reverse("hazards:application-list") + "?status=submitted")
    action = reverse("export-start", args=["hazards-applications"]) + "?status=submitted"
    assert f'<form method="post" action="{action}"' in page.content.decode()
    client.post(action, {"title": "隐患奖励申报列表"})
    job = ExportJob.objects.get(user=world.users[username])
    assert (job.status, job.rows_total) == ("done", len(unions))
    download = client.get(reverse("export-download", kwargs={"uuid": job.uuid}))
    read = sheets.read(download)
    assert list(read.header) == exports.APPLICATION_HEADERS
    assert sorted((r[1], r[2], r[3], r[4]) for r in read.rows) == [("2026年度", u, 1, "已报送") for u in unions]
    assert [r[0] for r in read.rows] == [a.pk for a in page.context["applications"]]


@pytest.mark.rule("HAZ-FIRST")
def test_reviewers_duplicates_page_names_both_reports_of_a_proposal(world, client_for):
    earlier = report(world, union="济南市建筑业产业工会", finder="王五", state="submitted")
    later = report(world, finder="李四", location="3号塔吊基础", reported_at=datetime(2026, 4, 2, 9, tzinfo=SH),
                   state="submitted")
    response = client_for("reviewer").get(reverse("hazards:duplicates"))
    [proposal] = response.context["proposals"]
    assert {proposal.report.pk, proposal.other.pk} == {earlier.pk, later.pk}
    page = response.content.decode()
    row = page[page.index('data-testid="proposal"'):page.index("</li>", page.index('data-testid="proposal"'))]
    for item in (earlier, later):
        assert f'href="{reverse("hazards:report-detail", args=[item.pk])}"' in row
    assert "王五" in row and "李四" in row


@pytest.mark.rule("SYS-MONEY")
def test_application_form_pdf_shows_the_possible_loss_as_yuan(world, client_for):
    item = report(world, state="submitted", loss="12500000")
    pdf = client_for("lixia").get(reverse("hazards:report-pdf", args=[item.pk]))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert ("直接经济损失 ¥12,500,000.00" in text, "元" in text.split("直接经济损失")[1].split("\n")[0]) == (
        True, False)


@pytest.mark.rule("HAZ-ROUND")
@pytest.mark.parametrize("username", ["reviewer", "auditor"])
def test_round_page_refuses_a_post_from_a_role_that_cannot_close_it(world, client_for, settings, username):
    a, _ = _paid_round_of_two_unions(world)
    settings.HAZARDS_NOW = AFTER_DEADLINE.isoformat()
    response = client_for(username).post(reverse("hazards:round-detail", args=[a.application.round_id]))
    assert response.status_code == 403
    a.refresh_from_db()
    assert a.status == ReportState.VERIFIED


def _group_with_a_paid_member(world):
    reviewer, finance = world.users["reviewer"], world.users["finance"]
    first = report(world, union="济南市建筑业产业工会", finder="王五", reported_at=datetime(2025, 5, 1, tzinfo=SH))
    submit(world, [first], year=2025, now=datetime(2025, 9, 1, tzinfo=SH))
    services.report_verify(report=first, by=reviewer)
    services.round_close(round_=first.application.round, by=finance, now=datetime(2025, 10, 8, tzinfo=SH))
    again = report(world, finder="张三", reported_at=datetime(2026, 3, 1, tzinfo=SH))
    submit(world, [again])
    return services.group_confirm(reports=[again, first], by=reviewer), first


@pytest.mark.rule("HAZ-FIRST")
def test_group_with_a_paid_member_shows_why_it_cannot_be_undone_instead_of_the_button(world, client_for):
    group, paid = _group_with_a_paid_member(world)
    response = client_for("reviewer").get(reverse("hazards:group-detail", args=[group.pk]))
    reason = f"组内 #{paid.pk} 已在2025年度发放奖励，不能撤销合并（《奖励办法》第十条）。"
    assert response.context["undo"] == (False, reason)
    page = response.content.decode()
    assert 'value="undo"' not in page
    assert reason in page


@pytest.mark.rule("HAZ-FIRST")
def test_group_without_a_paid_member_offers_the_undo_button(world, client_for):
    a = report(world, location="甲")
    b = report(world, location="乙", reported_at=datetime(2026, 3, 5, tzinfo=SH))
    submit(world, [a, b])
    group = services.group_confirm(reports=[a, b], by=world.users["reviewer"])
    response = client_for("reviewer").get(reverse("hazards:group-detail", args=[group.pk]))
    assert response.context["undo"] == (True, "")
    assert response.content.decode().count('value="undo"') == 1


NEXT_ROUND_NOTICE = ("本工会2026年度申报已经报送，待申报的隐患报告不能再加入；"
                     "2026年10月1日起可加入2027年度申报（《奖励办法》第九条）。")


@pytest.mark.rule("HAZ-ROUND")
def test_ready_report_after_the_unions_application_was_submitted_says_it_waits_for_next_year(
    world, client_for, settings,
):
    submit(world, [report(world, location="甲")])
    waiting = report(world, location="乙")
    settings.HAZARDS_NOW = datetime(2026, 9, 10, 9, tzinfo=SH).isoformat()
    client = client_for("lixia")
    listing = client.get(reverse("hazards:report-list"))
    assert listing.context["next_round_notice"] == NEXT_ROUND_NOTICE
    assert NEXT_ROUND_NOTICE in listing.content.decode()
    assert listing.content.decode().count("待2027年度申报") == 1
    detail = client.get(reverse("hazards:report-detail", args=[waiting.pk]))
    assert detail.context["next_round_notice"] == NEXT_ROUND_NOTICE
    assert NEXT_ROUND_NOTICE in detail.content.decode()


@pytest.mark.rule("HAZ-ROUND")
def test_ready_report_with_a_draft_application_or_after_the_deadline_gets_no_notice(world, client_for, settings):
    submit(world, [report(world, location="甲")])
    waiting = report(world, location="乙")
    client = client_for("lixia")
    settings.HAZARDS_NOW = AFTER_DEADLINE.isoformat()  # the 2027 round is open: the report can join it now
    assert client.get(reverse("hazards:report-list")).context["next_round_notice"] == ""
    assert client.get(reverse("hazards:report-detail", args=[waiting.pk])).context["next_round_notice"] == ""
    other = report(world, union="市中区总工会", unit="济南二七机车配件厂")
    settings.HAZARDS_NOW = datetime(2026, 9, 10, 9, tzinfo=SH).isoformat()
    assert client_for("shizhong").get(reverse("hazards:report-list")).context["next_round_notice"] == ""
    assert client_for("shizhong").get(
        reverse("hazards:report-detail", args=[other.pk])).context["next_round_notice"] == ""


@pytest.mark.rule("HAZ-FIRST")
def test_only_the_reviewer_may_post_to_a_duplicate_group(world, client_for):
    a = report(world, location="甲")
    b = report(world, location="乙", reported_at=datetime(2026, 3, 5, tzinfo=SH))
    submit(world, [a, b])
    group = services.group_confirm(reports=[a, b], by=world.users["reviewer"])
    url = reverse("hazards:group-detail", args=[group.pk])
    assert client_for("finance").post(url, {"action": "undo"}).status_code == 403
    assert client_for("auditor").post(url, {"action": "undo"}).status_code == 403
    group.refresh_from_db()
    a.refresh_from_db()
    assert a.duplicate_group_id == group.pk


@pytest.mark.rule("SYS-SCOPE")
def test_only_the_clerk_may_post_to_an_application(world, client_for):
    item = report(world)
    application_url = client_for("lixia").get(reverse("hazards:application-current"))["Location"]
    for username in ("reviewer", "lixia_finance"):
        response = client_for(username).post(application_url, {"action": "add", "report": [item.pk]})
        assert response.status_code == 403
    item.refresh_from_db()
    assert item.application_id is None
