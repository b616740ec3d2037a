"""Running an export: small ones answer at once, big ones (an .xlsx of more rows than EXPORT_INLINE_ROWS, a PDF of
more than EXPORT_INLINE_PDF_ROWS) run as a background task (django-tasks) with a progress page. A job's file is
downloaded only by the user who started it.

The exporters themselves are classes (jinan_union.exporter); this module also holds the core's own: the user list.
"""

import logging
import tempfile
from collections.abc import Iterable, Iterator, Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db.models import F
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django_tasks import task

from . import exporter as ex
from .enums import Role
from .errors import DomainError
from .models import ExportJob, User
from .selectors import users_for_admin

PROGRESS_EVERY = 2000  # rows between two progress writes (issue 10: one write per 200 rows cost minutes)
log = logging.getLogger(__name__)


Format = ExportJob.Format
CONTENT_TYPES = {Format.XLSX: ex.XLSX_TYPE, Format.PDF: ex.PDF_TYPE}
# Refusals meant for the user (the exporter's roles and scope); anything else failed inside and is logged.
TOLD = (PermissionDenied, Http404, DomainError)
FAILED_INSIDE = "生成文件时出错，请点“重新导出”；仍然失败请联系系统管理员。"


def inline_rows(fmt: str = Format.XLSX) -> int:
    """The most rows an export of this format is made in the request; more go to a background job."""
    if fmt == Format.PDF:
        return settings.EXPORT_INLINE_PDF_ROWS
    return settings.EXPORT_INLINE_ROWS


def formats(exporter_class: type[ex.Exporter]) -> tuple[str, ...]:
    """The formats an export is made in: always .xlsx, and a PDF where it has a template."""
    return (Format.XLSX, Format.PDF) if exporter_class.pdf_template else (Format.XLSX,)


def file_response(handle, name: str, extension: str, content_type: str) -> FileResponse:
    """The one download of a file made by an export (at once, or by a finished job)."""
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = ex.content_disposition(name, extension)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def respond(request, exporter_class: type[ex.Exporter], fmt: str = Format.XLSX, **url_args) -> HttpResponse:
    """Answer an export link (GET). The rows are the page's: its query string plus the URL's arguments. A small
    export is made at once; a big one is offered to be made in the background (a GET never writes, so the job
    starts with the page's POST, which names the format)."""
    if fmt not in formats(exporter_class):
        raise Http404("没有这种导出格式")
    params = ex.params_of(request.GET, **url_args)
    exporter = exporter_class(request.user, params)
    total = exporter.count()  # a TableExporter's table, made once for the count and the rows
    if total > inline_rows(fmt):
        start = reverse("export-start", args=[exporter_class.identifier]) + "?" + urlencode(params, doseq=True)
        return render(request, "core/export_progress.html", {
            "start": start, "title": exporter.heading(), "rows_total": total, "fmt": fmt,
            "fmt_label": Format(fmt).label,
        })
    if fmt == Format.PDF:
        response = HttpResponse(ex.render_export_pdf(exporter), content_type=ex.PDF_TYPE)
        response["Content-Disposition"] = ex.content_disposition(exporter.filename(), "pdf")
        return response
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    ex.write_xlsx(handle, exporter)
    handle.seek(0)
    return file_response(handle, exporter.filename(), "xlsx", ex.XLSX_TYPE)


def start_export(*, name: str, params: dict, by: User, fmt: str = Format.XLSX) -> ExportJob:
    """Start the export `name` of what a page shows (its query string as `params`) as an .xlsx or a PDF (`fmt`,
    one of `formats()`). A user the exporter refuses gets a failed job that says why; a small export is made now,
    a big one is queued."""
    exporter_class = ex.REGISTRY[name]
    job = ExportJob.objects.create(user=by, exporter=name, params=params, fmt=fmt, title=exporter_class.title)
    try:
        exporter = exporter_class(by, params)
        total = exporter.count()
    except (PermissionDenied, Http404) as error:
        _fail(job.pk, error)
        return job
    ExportJob.objects.filter(pk=job.pk).update(title=exporter.filename()[:200], rows_total=total)
    if total <= inline_rows(fmt):
        try:
            make_export(job.pk, exporter)
        except Exception:  # the job says it failed; the progress page shows why
            log.exception("export %s failed", job.pk)
    else:
        run_export.enqueue(job.pk)
    job.refresh_from_db()
    return job


def _fail(job_id: int, error: BaseException) -> None:
    """The job failed: the user reads why in Chinese; what failed inside (WeasyPrint, the storage) is in the log."""
    told = str(error) if isinstance(error, TOLD) else ""
    ExportJob.objects.filter(pk=job_id).update(
        status=ExportJob.Status.FAILED, error=f"导出失败：{told or FAILED_INSIDE}", step="",
        finished_at=timezone.now(),
    )


def _step(job_id: int, step: str, **more) -> None:
    ExportJob.objects.filter(pk=job_id).update(step=step, **more)


def _counting(job_id: int, rows: Iterable[Sequence]) -> Iterator[Sequence]:
    done = 0
    for row in rows:
        yield row
        done += 1
        if done % PROGRESS_EVERY == 0:
            ExportJob.objects.filter(pk=job_id).update(rows_done=F("rows_done") + PROGRESS_EVERY)


def make_export(job_id: int, exporter: ex.Exporter | None = None) -> None:
    """Make a job's file, in its format, into the media store (default_storage, through the FileField)."""
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    try:
        exporter = exporter or ex.REGISTRY[job.exporter](job.user, job.params)
        total = exporter.count()
        ExportJob.objects.filter(pk=job_id).update(status=ExportJob.Status.RUNNING, rows_total=total)
        with tempfile.TemporaryFile(suffix=f".{job.fmt}") as handle:
            if job.fmt == Format.PDF:
                handle.write(_render_pdf(job_id, exporter, total))
            else:
                ex.write_xlsx(handle, exporter, rows=_counting(job_id, exporter.rows()))
            handle.seek(0)
            job.refresh_from_db()
            job.file.save(f"{job.uuid.hex}.{job.fmt}", File(handle), save=False)
        job.status = ExportJob.Status.DONE
        job.rows_done = total
        job.step = ""
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "status", "rows_done", "step", "finished_at"])
    except Exception as error:  # the user sees the failure on the progress page, not a stuck bar
        _fail(job_id, error)
        raise


def _render_pdf(job_id: int, exporter: ex.Exporter, total: int) -> bytes:
    """A job's PDF, its steps shown on the progress page: the rows are read and laid out (the bar moves with each
    part of a long PDF, jinan_union.exporter.render_export_pdf), then the file is saved."""
    _step(job_id, "正在排版 PDF")
    pdf = ex.render_export_pdf(exporter, progress=lambda done: _step(job_id, "正在排版 PDF", rows_done=done))
    _step(job_id, "正在保存 PDF 文件", rows_done=total)
    return pdf


@task()
def run_export(job_id: int) -> None:
    make_export(job_id)


def job_download(job: ExportJob) -> FileResponse:
    return file_response(job.file.open("rb"), job.title, job.fmt, CONTENT_TYPES[job.fmt])


# --- the core's own export -------------------------------------------------------------------------------


@ex.register
class UsersExport(ex.ListExporter):
    identifier = "users"
    title = "用户名单"
    roles = (Role.ADMIN,)
    denied = "只有系统管理员可以导出用户名单"
    columns = [ex.text("用户名"), ex.text("姓名"), ex.text("组织"), ex.text("角色"), ex.text("状态")]

    def queryset(self):
        return users_for_admin()

    def row(self, u, n):
        return [u.username, u.full_name, str(u.organisation or ""), "、".join(u.role_labels),
                "启用" if u.is_active else "停用"]
