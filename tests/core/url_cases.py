from django.core.files.uploadedfile import SimpleUploadedFile

from jinan_union.enums import DOCUMENT_TYPES
from jinan_union.files import store_upload
from tests.conftest import make_png
from tests.url_matrix import EVERYONE, case

ADMIN_ONLY = {"admin"}

case("manage-users", ADMIN_ONLY)
case("manage-user-new", ADMIN_ONLY)
case("manage-user-edit", ADMIN_ONLY, lambda w: {"pk": w.users["lixia"].pk})
case("manage-orgs", ADMIN_ONLY)
case("manage-org-new", ADMIN_ONLY)
case("manage-org-edit", ADMIN_ONLY, lambda w: {"pk": w.system_unions["历下区总工会"].pk})
case("manage-units", ADMIN_ONLY)
case("manage-unit-new", ADMIN_ONLY)
case("manage-unit-edit", ADMIN_ONLY, lambda w: {"pk": w.units["济南历下控股集团有限公司"].pk})


def _staged_file(world):
    # A file staged by lixia and not attached yet: only its uploader may fetch it.
    attachment = store_upload(
        SimpleUploadedFile("现场.png", make_png()), kind="photo", by=world.users["lixia"],
        allowed=DOCUMENT_TYPES,
    )
    return {"uuid": attachment.uuid}


case("attachment-download", {"lixia"}, _staged_file)


def _job(world, done=False):
    from django.core.files.base import ContentFile

    from jinan_union.models import ExportJob

    job = ExportJob.objects.create(user=world.users["lixia"], exporter="users", title="导出")
    if done:
        job.status = ExportJob.Status.DONE
        job.file.save("x.xlsx", ContentFile(b"PK\x03\x04"), save=True)
    return {"uuid": job.uuid}


# Starting an export is POST only: everybody with a role reaches the view and is told 405 on GET.
case("export-start", EVERYONE,
     lambda w: {"name": "users"}, ok_status=(405,))
case("export-progress", {"lixia"}, _job)
case("export-status", {"lixia"}, _job)
case("export-download", {"lixia"}, lambda w: _job(w, done=True))
# Running a failed export again is POST only, and only for its owner (tests/core/test_reliability.py).
case("export-retry", EVERYONE, _job, ok_status=(405,))
