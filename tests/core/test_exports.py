"""Big exports run as background tasks: the progress page, the finished file, and who may fetch it."""

from django.urls import reverse

from jinan_union.models import ExportJob
from tests import sheets


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
