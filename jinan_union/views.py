from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .audit import record_change
from .enums import Role
from .exporter import REGISTRY, content_disposition, params_of
from .exports import formats, job_download, start_export
from .files import attachment_visible_to, download_name
from .forms import LoginForm, OrganisationForm, UserForm, WorkUnitForm
from .hooks import home_cards
from .models import Attachment, ExportJob, Organisation, User, WorkUnit
from .paging import paginate
from .permissions import any_role, role_required
from .selectors import users_for_admin


@login_not_required
def health(request):
    from django.http import JsonResponse

    return JsonResponse({"ok": True})


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


login_view = login_not_required(LoginView.as_view())


def home(request):
    cards = home_cards(request.user) if request.user.roles else []
    return render(request, "core/home.html", {"cards": cards})


home.required_roles = ()  # every signed-in user has a home page, even before roles are given


@any_role
def attachment_download(request, uuid):
    """SYS-FILES: the only way out for an uploaded file. Outsiders get 404 (SYS-SCOPE)."""
    attachment = Attachment.objects.select_related("content_type").filter(uuid=uuid).first()
    if attachment is None or not attachment_visible_to(attachment, request.user):
        raise Http404("文件不存在或无权查看")
    inline = request.GET.get("inline") == "1"
    content_types = {
        "pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png", "mp4": "video/mp4",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    response = FileResponse(attachment.file.open("rb"), content_type=content_types[attachment.file_type])
    # The cleaned name with the extension of the type found in the content (SYS-FILES), in a safe header.
    stem, _, extension = download_name(attachment.original_name, attachment.file_type).rpartition(".")
    response["Content-Disposition"] = content_disposition(stem, extension, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"
    return response


@role_required(Role.ADMIN)
def manage_users(request):
    page = paginate(request, users_for_admin())
    return render(request, "admin_pages/users.html", {"users": page, "page": page})


@role_required(Role.ADMIN)
def manage_user_edit(request, pk=None):
    user = get_object_or_404(User, pk=pk) if pk else None
    form = UserForm(request.POST or None, instance=user, initial={"roles": user.roles} if user else None)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        record_change(
            saved, actor=request.user, action="修改用户" if user else "新建用户",
            to_state=",".join(saved.roles), comment=f"组织：{saved.organisation}",
        )
        messages.success(request, f"用户“{saved.display_name}”已保存。")
        return redirect("manage-users")
    return render(request, "admin_pages/form.html", {
        "form": form, "title": "修改用户" if user else "新建用户", "back": "manage-users",
    })


@role_required(Role.ADMIN)
def manage_orgs(request):
    page = paginate(request, Organisation.objects.select_related("parent").order_by("path", "pk"))
    return render(request, "admin_pages/orgs.html", {"orgs": page, "page": page})


@role_required(Role.ADMIN)
def manage_org_edit(request, pk=None):
    org = get_object_or_404(Organisation, pk=pk) if pk else None
    form = OrganisationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"组织“{saved}”已保存。")
        return redirect("manage-orgs")
    return render(request, "admin_pages/form.html", {
        "form": form, "title": "修改组织" if org else "新建组织", "back": "manage-orgs",
    })


@role_required(Role.ADMIN)
def manage_units(request):
    units = WorkUnit.objects.select_related("system_union", "grassroots_union").order_by("system_union__path", "name",
                                                                                          "pk")
    page = paginate(request, units)
    return render(request, "admin_pages/units.html", {"units": page, "page": page})


@role_required(Role.ADMIN)
def manage_unit_edit(request, pk=None):
    unit = get_object_or_404(WorkUnit, pk=pk) if pk else None
    form = WorkUnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"单位“{saved}”已保存。")
        return redirect("manage-units")
    return render(request, "admin_pages/form.html", {
        "form": form, "title": "修改单位" if unit else "新建单位", "back": "manage-units",
    })


@any_role
@require_POST
def export_start(request, name):
    """Export what a list page shows; its filters come as the query string, the format (xlsx, the default, or pdf)
    as the form's `fmt`. A small export is made at once and the progress page offers it finished; a big one runs
    in the background while the page shows its progress."""
    if name not in REGISTRY:
        raise Http404("没有这种导出")
    fmt = request.POST.get("fmt") or ExportJob.Format.XLSX
    if fmt not in formats(REGISTRY[name]):
        raise Http404("没有这种导出格式")
    job = start_export(name=name, params=params_of(request.GET), by=request.user, fmt=fmt)
    return redirect("export-progress", uuid=job.uuid)


def _own_job(request, uuid) -> ExportJob:
    return get_object_or_404(ExportJob, uuid=uuid, user=request.user)


@any_role
def export_progress(request, uuid):
    return render(request, "core/export_progress.html", {"job": _own_job(request, uuid)})


@any_role
def export_status(request, uuid):
    job = _own_job(request, uuid)
    return JsonResponse({"status": job.shown_status, "label": job.shown_status_label, "percent": job.percent,
                         "step": job.shown_step, "rows_done": job.rows_done, "rows_total": job.rows_total,
                         "error": job.shown_error})


@any_role
@require_POST
def export_retry(request, uuid):
    """Run a failed export again (its task failed, or its worker died): a new job with the same filters."""
    job = _own_job(request, uuid)
    if not job.can_retry:
        messages.info(request, "该导出没有失败，无需重新导出。")
        return redirect("export-progress", uuid=job.uuid)
    again = start_export(name=job.exporter, params=job.params, by=request.user, fmt=job.fmt)
    return redirect("export-progress", uuid=again.uuid)


@any_role
def export_download(request, uuid):
    job = _own_job(request, uuid)
    if job.status != ExportJob.Status.DONE:
        raise Http404("导出尚未完成")
    return job_download(job)
