"""Running an export: small ones answer at once, big ones (more rows than EXPORT_INLINE_ROWS) run as a background
task (django-tasks) with a progress page. A job's file is downloaded only by the user who started it.

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
from .models import ExportJob, User
from .selectors import users_for_admin

PROGRESS_EVERY = 2000  # rows between two progress writes (issue 10: one write per 200 rows cost minutes)
log = logging.getLogger(__name__)


def inline_rows() -> int:
    return getattr(settings, "EXPORT_INLINE_ROWS", 2000)


def file_response(handle, name: str, extension: str, content_type: str) -> FileResponse:
    """The one download of a file made by an export (at once, or by a finished job)."""
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = ex.content_disposition(name, extension)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def respond(request, exporter_class: type[ex.Exporter], fmt: str = "xlsx", **url_args) -> HttpResponse:
    """Answer an export link (GET). The rows are the page's: its query string plus the URL's arguments. A PDF is
    rendered at once; an .xlsx too, unless it is big: then the page offers to make it in the background (a GET
    never writes, so the job starts with the page's POST)."""
    if fmt not in ("xlsx", *(("pdf",) if exporter_class.pdf_template else ())):
        raise Http404("没有这种导出格式")
    params = ex.params_of(request.GET, **url_args)
    exporter = exporter_class(request.user, params)
    if fmt == "pdf":
        response = HttpResponse(ex.render_export_pdf(exporter), content_type="application/pdf")
        response["Content-Disposition"] = ex.content_disposition(exporter.filename(), "pdf")
        return response
    total = exporter.count()
    if total > inline_rows():
        start = reverse("export-start", args=[exporter_class.identifier]) + "?" + urlencode(params, doseq=True)
        return render(request, "core/export_progress.html", {"start": start, "title": exporter.heading(),
                                                              "rows_total": total})
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    ex.write_xlsx(handle, exporter)
    handle.seek(0)
    return file_response(handle, exporter.filename(), "xlsx", ex.XLSX_TYPE)


def start_export(*, name: str, params: dict, by: User) -> ExportJob:
    """Start the export `name` of what a page shows (its query string as `params`). A user the exporter refuses
    gets a failed job that says why; a small export is made now, a big one is queued."""
    exporter_class = ex.REGISTRY[name]
    job = ExportJob.objects.create(user=by, exporter=name, params=params, title=exporter_class.title)
    try:
        exporter = exporter_class(by, params)
        total = exporter.count()
    except (PermissionDenied, Http404) as error:
        _fail(job.pk, error)
        return job
    ExportJob.objects.filter(pk=job.pk).update(title=exporter.filename()[:200], rows_total=total)
    if total <= inline_rows():
        try:
            make_export(job.pk, exporter)
        except Exception:  # the job says it failed; the progress page shows why
            log.exception("export %s failed", job.pk)
    else:
        run_export.enqueue(job.pk)
    job.refresh_from_db()
    return job


def _fail(job_id: int, error: BaseException) -> None:
    ExportJob.objects.filter(pk=job_id).update(
        status=ExportJob.Status.FAILED, error=f"导出失败：{error}", finished_at=timezone.now()
    )


def _counting(job_id: int, rows: Iterable[Sequence]) -> Iterator[Sequence]:
    done = 0
    for row in rows:
        yield row
        done += 1
        if done % PROGRESS_EVERY == 0:
            ExportJob.objects.filter(pk=job_id).update(rows_done=F("rows_done") + PROGRESS_EVERY)


def make_export(job_id: int, exporter: ex.Exporter | None = None) -> None:
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    try:
        exporter = exporter or ex.REGISTRY[job.exporter](job.user, job.params)
        total = exporter.count()
        ExportJob.objects.filter(pk=job_id).update(status=ExportJob.Status.RUNNING, rows_total=total)
        with tempfile.TemporaryFile(suffix=".xlsx") as handle:
            ex.write_xlsx(handle, exporter, rows=_counting(job_id, exporter.rows()))
            handle.seek(0)
            job.refresh_from_db()
            job.file.save(f"{job.uuid.hex}.xlsx", File(handle), save=False)
        job.status = ExportJob.Status.DONE
        job.rows_done = total
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "status", "rows_done", "finished_at"])
    except Exception as error:  # the user sees the failure on the progress page, not a stuck bar
        _fail(job_id, error)
        raise


@task()
def run_export(job_id: int) -> None:
    make_export(job_id)


def job_download(job: ExportJob) -> FileResponse:
    return file_response(job.file.open("rb"), job.title, "xlsx", ex.XLSX_TYPE)


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
