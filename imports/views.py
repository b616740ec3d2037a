"""Thin views of the imports app (SYS-IMPORT): templates, the upload with its dry run, the batch and its moves."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jinan_union.audit import history_of
from jinan_union.errors import DomainError, show_error
from jinan_union.exporter import XLSX_TYPE, content_disposition
from jinan_union.paging import paginate
from jinan_union.permissions import role_required
from jinan_union.scope import get_visible_or_404
from jinan_union.workflow import available

from . import services
from .enums import IMPORTER_ROLES, ImportKind
from .filters import BatchFilter
from .forms import UndoForm, UploadForm
from .kinds import kind_class
from .permissions import can_import, kinds_for
from .selectors import batches_visible_to
from .sheets import template_workbook
from .workflows import ImportProblems

LIST_LIMIT = 200  # the rows of one batch listed on its page

def _kind(request, kind: str) -> ImportKind:
    if kind not in ImportKind.values:
        raise Http404("没有这种导入。")
    ok, why = can_import(request.user, kind)
    if not ok:
        raise PermissionDenied(why)
    return ImportKind(kind)


@role_required(*IMPORTER_ROLES)
def batch_list(request):
    kinds = kinds_for(request.user)
    if not kinds:
        raise PermissionDenied("您的角色不能导入数据。")
    filterset = BatchFilter(request.GET or None, kinds=kinds, queryset=batches_visible_to(request.user).order_by("-pk"))
    page = paginate(request, filterset.qs)
    return render(request, "imports/list.html", {
        "kinds": kinds, "filter": filterset, "page": page, "batches": page.rows,
    })


@role_required(*IMPORTER_ROLES)
def template_download(request, kind):
    kind = _kind(request, kind)
    spec = kind_class(kind)(request.user)
    content = template_workbook(spec.title, spec.columns, spec.notes, spec.reference_lists())
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition(spec.title, "xlsx")
    return response


@role_required(*IMPORTER_ROLES)
def upload(request, kind):
    kind = _kind(request, kind)
    spec = kind_class(kind)(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    problems = None
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.batch_create(kind=kind, upload=form.cleaned_data["file"], by=request.user)
        except ImportProblems as error:
            problems = error.problems
            messages.error(request, error.text)
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, f"试导入通过：{batch.summary}。请核对后确认导入。")
            return redirect("imports:detail", pk=batch.pk)
    return render(request, "imports/upload.html", {
        "kind": kind, "spec": spec, "form": form, "problems": problems,
    })


@role_required(*IMPORTER_ROLES)
def batch_detail(request, pk):
    batch = get_visible_or_404(batches_visible_to(request.user), pk=pk)
    return render(request, "imports/detail.html", _detail_context(request, batch))


def _detail_context(request, batch, **more):
    return {
        "batch": batch, "moves": available(batch, request.user), "records": batch.records.all()[:LIST_LIMIT],
        "record_count": batch.records.count(), "history": history_of(batch), "undo_form": UndoForm(),
        "file": batch_file(batch), **more,
    }


def batch_file(batch):
    from jinan_union.files import attachments_of

    from .enums import FILE_KIND

    return attachments_of(batch, FILE_KIND).first()


def _move(request, pk, act, success: str):
    """Make one move of a visible batch: on success its message, on refusal the reason (and the rows'
    problems when the confirmation found new ones); either way back to the batch's page."""
    batch = get_visible_or_404(batches_visible_to(request.user), pk=pk)
    try:
        act(batch)
    except ImportProblems as error:
        messages.error(request, error.text)
        return render(request, "imports/detail.html", _detail_context(request, batch, problems=error.problems))
    except DomainError as error:
        show_error(request, error)
    else:
        batch.refresh_from_db()
        messages.success(request, success.format(batch=batch))
    return redirect("imports:detail", pk=batch.pk)


@require_POST
@role_required(*IMPORTER_ROLES)
def batch_confirm(request, pk):
    return _move(request, pk, lambda b: services.batch_import(batch=b, by=request.user),
                 "已导入 {batch.row_count} 行：{batch.summary}。")


@require_POST
@role_required(*IMPORTER_ROLES)
def batch_undo(request, pk):
    form = UndoForm(request.POST)
    if not form.is_valid():
        batch = get_visible_or_404(batches_visible_to(request.user), pk=pk)
        return render(request, "imports/detail.html", _detail_context(request, batch, undo_form=form))
    reason = form.cleaned_data["comment"]
    return _move(request, pk, lambda b: services.batch_undo(batch=b, by=request.user, reason=reason),
                 "已撤销整批导入（{batch.summary}）。")


@require_POST
@role_required(*IMPORTER_ROLES)
def batch_cancel(request, pk):
    return _move(request, pk, lambda b: services.batch_cancel(batch=b, by=request.user),
                 "已放弃该批导入，没有写入任何数据。")
