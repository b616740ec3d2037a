"""Big exports run as background tasks: the progress page, the finished file, and who may fetch it. An .xlsx
of more rows than EXPORT_INLINE_ROWS and a PDF of more than EXPORT_INLINE_PDF_ROWS (issue 10)."""

from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.urls import reverse

from jinan_union import exporter as ex
from jinan_union.models import ExportJob
from tests import sheets
from tests.core.test_document_layout import exporter_for, pdf_text, squeezed
from tests.core.test_exporter import data  # noqa: F401 (the fixture: a paid round of two rewarded reports)


def test_admin_exports_users_in_the_background_and_downloads_them(client_for, world):
    admin = client_for("admin")
    response = admin.post(reverse("export-start", kwargs={"name": "users"}), {"title": "用户名单"})
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("export-progress", kwargs={"uuid": job.uuid})
    assert (job.status, job.rows_total, job.rows_done) == ("done", 14, 14)  # the demo users, experts included
    status = admin.get(reverse("export-status", kwargs={"uuid": job.uuid})).json()
    assert (status["status"], status["percent"], status["label"]) == ("done", 100, "已完成")
    page = admin.get(reverse("export-progress", kwargs={"uuid": job.uuid})).content.decode()
    assert "下载 Excel 文件" in page
    download = admin.get(reverse("export-download", kwargs={"uuid": job.uuid}))
    read = sheets.read(download)
    assert read.title == "用户名单"
    assert read.header == ("用户名", "姓名", "组织", "角色", "状态")
    assert ("lixia", "孙经办（历下区总工会）", "历下区总工会", "系统工会经办人", "启用") in read.rows
    assert len(read.rows) == 14


def test_export_the_user_may_not_make_fails_visibly(client_for, world):
    clerk = client_for("lixia")
    clerk.post(reverse("export-start", kwargs={"name": "users"}))
    job = ExportJob.objects.get()
    assert job.status == "failed"
    assert job.error == "导出失败：只有系统管理员可以导出用户名单"
    assert clerk.get(reverse("export-download", kwargs={"uuid": job.uuid})).status_code == 404


def test_unknown_exporter_is_404(client_for):
    assert client_for("admin").post(reverse("export-start", kwargs={"name": "nothing"})).status_code == 404


# --- PDF exports as background jobs (issue 10) -------------------------------------------------------------


def payment_urls(round_):
    """The round's payment sheet PDF link, and the start of its background job (the page's filters, its format)."""
    return (reverse("hazards:payment-pdf", args=[round_.pk]),
            reverse("export-start", args=["hazards-payment"]) + f"?pk={round_.pk}")


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.rule("SYS-LANG")
def test_a_big_pdf_is_made_by_a_background_job_and_downloads_as_a_pdf(data, client_for, settings):  # noqa: F811
    settings.EXPORT_INLINE_PDF_ROWS = 1
    finance = client_for("finance")
    link, start = payment_urls(data["round"])
    page = finance.get(link)
    assert (page.status_code, page["Content-Type"], ExportJob.objects.count()) == (200, "text/html; charset=utf-8", 0)
    html = page.content.decode()
    assert f'action="{start}"' in html and '<input type="hidden" name="fmt" value="pdf">' in html
    assert "开始导出（PDF）" in html

    response = finance.post(start, {"fmt": "pdf"})  # the task runs at once in tests (ImmediateBackend)
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("export-progress", args=[job.uuid])
    assert (job.fmt, job.status, job.error, job.step) == ("pdf", "done", "", "")
    assert (job.rows_total, job.rows_done, job.title) == (2, 2, "奖励发放表-2026-全市")
    assert job.params == {"pk": [str(data["round"].pk)]}
    assert job.file.name.endswith(f"{job.uuid.hex}.pdf")
    progress = finance.get(reverse("export-progress", args=[job.uuid])).content.decode()
    assert "<title>导出 PDF：奖励发放表-2026-全市" in progress and "下载 PDF 文件" in progress

    download = finance.get(reverse("export-download", args=[job.uuid]))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == ex.content_disposition("奖励发放表-2026-全市", "pdf")
    assert download["Content-Disposition"].endswith(f"''{quote('奖励发放表-2026-全市.pdf')}")
    content = downloaded(download)
    assert content.startswith(b"%PDF")
    text = squeezed(pdf_text(content))
    exporter = exporter_for("hazards-payment", data)
    assert text.startswith(f"{exporter.title}2026年度范围：全市")  # the Chinese title, as the sheet made at once
    first = exporter.rows()[0]
    assert squeezed(f"{first[2]}{first[3]}{first[4]}{first[5]}") in text  # a row: payee, units, place
    assert "合计" in text


@pytest.mark.rule("SYS-SCOPE")
def test_only_the_user_who_started_a_pdf_job_sees_and_downloads_it(data, client_for, settings):  # noqa: F811
    settings.EXPORT_INLINE_PDF_ROWS = 1
    _, start = payment_urls(data["round"])
    client_for("finance").post(start, {"fmt": "pdf"})
    job = ExportJob.objects.get()
    assert job.status == "done"
    for other in ("lixia_finance", "reviewer", "admin"):  # another union's finance, municipal staff, the admin
        client = client_for(other)
        for name in ("export-progress", "export-status", "export-download"):
            assert client.get(reverse(name, args=[job.uuid])).status_code == 404, (other, name)


def test_a_pdf_job_counts_its_rows_and_waits_for_the_worker(data, client_for, settings, monkeypatch):  # noqa: F811
    from jinan_union import exports

    queued = []
    monkeypatch.setattr(exports, "run_export", SimpleNamespace(enqueue=queued.append))
    settings.EXPORT_INLINE_PDF_ROWS = 1
    finance = client_for("finance")
    finance.post(payment_urls(data["round"])[1], {"fmt": "pdf"})
    job = ExportJob.objects.get()
    assert (job.fmt, job.status, job.rows_total, job.rows_done, queued) == ("pdf", "queued", 2, 0, [job.pk])
    page = finance.get(reverse("export-progress", args=[job.uuid])).content.decode()
    assert "排队中（0 / 2 行）" in page and "下载 PDF 文件" in page  # the button waits, hidden, for the file
    exports.make_export(job.pk)  # what the worker runs
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.step) == ("done", 2, "")
    assert downloaded(finance.get(reverse("export-download", args=[job.uuid]))).startswith(b"%PDF")


def test_a_long_pdf_tells_its_progress_after_each_part(data):  # noqa: F811
    seen = []
    ex.render_export_pdf(exporter_for("hazards-payment", data), part_rows=1, workers=1, progress=seen.append)
    assert seen == [1, 2]


def test_a_small_pdf_is_still_made_in_the_request(data, client_for):  # noqa: F811
    response = client_for("finance").get(payment_urls(data["round"])[0])
    assert (response["Content-Type"], ExportJob.objects.count()) == ("application/pdf", 0)
    assert response.content.startswith(b"%PDF")


def test_a_pdf_job_that_fails_says_so_in_chinese_and_runs_again_as_a_pdf(data, client_for, settings, monkeypatch):  # noqa: F811
    from hazards.exports import PaymentExport

    settings.EXPORT_INLINE_PDF_ROWS = 1
    finance = client_for("finance")
    monkeypatch.setattr(PaymentExport, "pdf_template", "hazards/pdf/no-such-template.html")  # a broken layout
    finance.post(payment_urls(data["round"])[1], {"fmt": "pdf"})
    job = ExportJob.objects.get()
    assert (job.status, job.step, job.file.name) == ("failed", "", "")
    assert job.error == "导出失败：生成文件时出错，请点“重新导出”；仍然失败请联系系统管理员。"
    status = finance.get(reverse("export-status", args=[job.uuid])).json()
    assert (status["status"], status["label"], status["error"]) == ("failed", "失败", job.error)
    assert finance.get(reverse("export-download", args=[job.uuid])).status_code == 404
    monkeypatch.undo()
    finance.post(reverse("export-retry", args=[job.uuid]))
    again = ExportJob.objects.latest("pk")
    assert (again.pk != job.pk, again.fmt, again.status, again.params) == (True, "pdf", "done", job.params)


def test_a_pdf_of_an_export_without_one_is_404(client_for):
    admin = client_for("admin")
    assert admin.post(reverse("export-start", args=["users"]), {"fmt": "pdf"}).status_code == 404
    assert admin.post(reverse("export-start", args=["users"]), {"fmt": "docx"}).status_code == 404
    assert ExportJob.objects.count() == 0


def test_a_running_pdf_job_shows_its_step_and_stops_short_of_100(client_for, world):
    job = ExportJob.objects.create(user=world.users["finance"], exporter="hazards-payment", title="奖励发放表",
                                   fmt="pdf", status="running", rows_total=4, rows_done=2, step="正在排版 PDF")
    finance = client_for("finance")
    status = finance.get(reverse("export-status", args=[job.uuid])).json()
    assert (status["label"], status["step"], status["percent"]) == ("生成中", "正在排版 PDF", 50)
    page = finance.get(reverse("export-progress", args=[job.uuid])).content.decode()
    assert "生成中：正在排版 PDF（2 / 4 行）" in page
    ExportJob.objects.filter(pk=job.pk).update(rows_done=4, step="正在保存 PDF 文件")
    assert finance.get(reverse("export-status", args=[job.uuid])).json()["percent"] == 99  # not a file yet
