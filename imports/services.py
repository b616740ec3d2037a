"""Every write of the imports app (SYS-IMPORT): the dry run, keeping a clean workbook as a batch, and the
batch's moves. The dry run writes nothing: a workbook with problems is answered with the problems only."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from jinan_union.enums import FileType
from jinan_union.errors import DomainError
from jinan_union.files import attachments_of, check_upload, store_upload
from jinan_union.models import User
from jinan_union.permissions import require
from jinan_union.workflow import move

from . import permissions as can
from .enums import FILE_KIND, ImportKind
from .kinds import Kind, kind_class
from .models import ImportBatch
from .sheets import Problem, Row, WorkbookRefused, read_workbook
from .workflows import ImportProblems

PREVIEW_ROWS = 50


@dataclass
class DryRun:
    kind: Kind
    rows: list[Row]
    problems: list[Problem]

    @property
    def clean(self) -> bool:
        return not self.problems


def _check(kind: Kind, source) -> DryRun:
    try:
        rows, problems = read_workbook(source, kind.columns)
    except WorkbookRefused as refused:
        return DryRun(kind, [], [Problem(0, "", str(refused))])
    # Every row is checked for references and duplicates too, so that one problem of a row hides no other; a cell
    # that did not parse is unknown to these checks (Row.bad), not empty.
    problems += kind.check(rows)
    problems.sort(key=lambda p: (p.row, [c.label for c in kind.columns].index(p.column)
                                 if p.column in [c.label for c in kind.columns] else -1))
    return DryRun(kind, rows, problems)


def dry_run(*, kind: str, upload, by: User) -> DryRun:
    """Check an uploaded workbook row by row. Writes nothing."""
    require(can.can_import(by, kind))
    try:
        check_upload(upload, (FileType.XLSX,))
    except ValidationError as error:
        raise DomainError(error.messages[0], field="file") from None
    upload.seek(0)
    return _check(kind_class(kind)(by), upload)


def _preview(run: DryRun) -> dict:
    columns = run.kind.columns
    return {
        "headers": ["行号", *(c.label for c in columns)],
        "rows": [[str(r.number), *(r.raw.get(c.key, "") for c in columns)] for r in run.rows[:PREVIEW_ROWS]],
    }


@transaction.atomic
def batch_create(*, kind: str, upload, by: User) -> ImportBatch:
    """The dry run, and when every row passes, the batch waiting for confirmation (with its workbook kept)."""
    run = dry_run(kind=kind, upload=upload, by=by)
    if not run.clean:
        raise ImportProblems(run.problems)
    batch = ImportBatch.objects.create(
        kind=ImportKind(kind), union=by.organisation, file_name=upload.name[:255], row_count=len(run.rows),
        summary=run.kind.summary(run.rows)[:300], preview=_preview(run), created_by=by,
    )
    upload.seek(0)
    store_upload(upload, kind=FILE_KIND, by=by, allowed=(FileType.XLSX,), owner=batch)
    from jinan_union.audit import record_change

    record_change(batch, actor=by, action="上传并试导入", to_state=batch.get_status_display(),
                  comment=f"{batch.file_name}：{batch.summary}，试导入未发现问题")
    return batch


def check_workbook(batch: ImportBatch, by: User) -> tuple[Kind, list[Row], list[Problem]]:
    """The batch's stored workbook, checked again (at confirmation, as the user who confirms)."""
    attachment = attachments_of(batch, FILE_KIND).first()
    if attachment is None:
        raise DomainError("找不到该批次上传的工作簿，请重新上传。")
    with attachment.file.open("rb") as handle:
        run = _check(kind_class(batch.kind)(by), handle)
    return run.kind, run.rows, run.problems


def batch_import(*, batch: ImportBatch, by: User) -> ImportBatch:
    return move(batch, "import", by=by)


def batch_undo(*, batch: ImportBatch, by: User, reason: str) -> ImportBatch:
    return move(batch, "undo", by=by, comment=reason)


def batch_cancel(*, batch: ImportBatch, by: User) -> ImportBatch:
    return move(batch, "cancel", by=by)
