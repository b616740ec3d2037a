"""The import batch's moves (SYS-IMPORT): confirmed as a whole, undone as a whole, or given up.

The confirmation checks every row again under the move's transaction (what the dry run saw may have changed:
a studio registered meanwhile), then writes every row through the records' own moves and services; any
failure undoes all of it (all rows or none). The undo is refused while anything refers to the imported records.
"""

from jinan_union.errors import DomainError
from jinan_union.workflow import Move, Workflow, register

from . import permissions as may
from .enums import BatchState as B
from .models import ImportBatch


class ImportProblems(DomainError):
    """A workbook whose rows do not all pass: the problems by row and column, shown as a table."""

    def __init__(self, problems, message: str = ""):
        self.problems = list(problems)
        super().__init__(message or f"试导入发现 {len(self.problems)} 个问题，请改正后重新上传；没有写入任何数据。")

    def __str__(self) -> str:
        return "\n".join([self.text, *map(str, self.problems[:20])])


def rows_still_clean(batch, ctx):
    from .services import check_workbook

    kind, rows, problems = check_workbook(batch, ctx.by)
    if problems:
        return ImportProblems(problems, f"确认导入时重新检查发现 {len(problems)} 个问题（数据可能已有变化），"
                                        "没有写入任何数据。请改正后重新上传。")
    ctx.extra["kind"], ctx.extra["rows"] = kind, rows
    return None


def write_rows(batch, ctx):
    ctx.extra["kind"].write(batch, ctx.extra["rows"])
    ctx.note = f"导入 {len(ctx.extra['rows'])} 行：{batch.summary}"


def nothing_refers(batch, ctx):
    from .kinds import kind_class

    kind = kind_class(batch.kind)(ctx.by)
    refusal = kind.undo_refusal(batch)
    if refusal:
        return f"导入的记录已在使用中，不能整批撤销：{refusal}。"
    ctx.extra["kind"] = kind
    return None


def undo_rows(batch, ctx):
    ctx.extra["kind"].undo(batch, ctx.comment)


# fmt: off
BATCH = register(Workflow(ImportBatch, "status", {
    "import": Move("确认导入",   (B.PENDING,),  B.IMPORTED,  may.can_handle_batch, (rows_still_clean,), write_rows,
                   confirm="导入后各行即写入系统并记入操作记录，只能整批撤销。"),
    "undo":   Move("撤销导入",   (B.IMPORTED,), B.UNDONE,    may.can_handle_batch, (nothing_refers,), undo_rows,
                   needs_comment=True, comment_label="撤销原因",
                   confirm="撤销后本批导入的记录即移除或冲销，不能恢复。"),
    "cancel": Move("放弃导入",   (B.PENDING,),  B.CANCELLED, may.can_handle_batch,
                   confirm="放弃后本批不再导入，需要时须重新上传。"),
}))
# fmt: on
