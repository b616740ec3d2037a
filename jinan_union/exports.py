"""Big exports as background tasks (django-tasks) with a progress page.

An app registers an exporter: a function (user, params) -> ExportSpec that applies the user's
visibility query, so a background export shows exactly what the list page shows that user.
"""

import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.core.files import File
from django.db.models import F
from django.http import QueryDict
from django.utils import timezone
from django_tasks import task

from .documents import write_xlsx
from .models import ExportJob, User

PROGRESS_EVERY = 200


@dataclass
class ExportSpec:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence]
    total: int
    footer: Iterable[Sequence] = field(default=())


_EXPORTERS: dict[str, Callable[[User, dict], ExportSpec]] = {}


def register_exporter(name: str, build: Callable[[User, dict], ExportSpec]) -> None:
    _EXPORTERS[name] = build


def params_query(params: dict) -> QueryDict:
    """The list page's query string, as the job stored it, back into a QueryDict for its filterset."""
    query = QueryDict(mutable=True)
    for key, values in (params or {}).items():
        query.setlist(key, [str(v) for v in (values if isinstance(values, list | tuple) else [values])])
    return query


def exporter_names() -> list[str]:
    return sorted(_EXPORTERS)


def start_export(*, name: str, params: dict, by: User, title: str) -> ExportJob:
    if name not in _EXPORTERS:
        raise KeyError(name)
    job = ExportJob.objects.create(user=by, exporter=name, params=params, title=title)
    run_export.enqueue(job.pk)
    return job


def _counting(job_id: int, rows: Iterable[Sequence]) -> Iterator[Sequence]:
    done = 0
    for row in rows:
        yield row
        done += 1
        if done % PROGRESS_EVERY == 0:
            ExportJob.objects.filter(pk=job_id).update(rows_done=F("rows_done") + PROGRESS_EVERY)


@task()
def run_export(job_id: int) -> None:
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    try:
        spec = _EXPORTERS[job.exporter](job.user, job.params)
        ExportJob.objects.filter(pk=job_id).update(status=ExportJob.Status.RUNNING, rows_total=spec.total)
        with tempfile.TemporaryFile(suffix=".xlsx") as handle:
            write_xlsx(handle, title=spec.title, headers=spec.headers, rows=_counting(job_id, spec.rows),
                       footer=spec.footer)
            handle.seek(0)
            job.refresh_from_db()
            job.file.save(f"{job.uuid.hex}.xlsx", File(handle), save=False)
        job.status = ExportJob.Status.DONE
        job.rows_done = spec.total
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "status", "rows_done", "finished_at"])
    except Exception as error:  # the user sees the failure on the progress page, not a stuck bar
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportJob.Status.FAILED, error=f"导出失败：{error}", finished_at=timezone.now()
        )
        raise
