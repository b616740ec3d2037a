"""SYS-FILES: uploads checked by content, size-limited, randomly named, served only through a scoped view."""

import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jinan_union.enums import DOCUMENT_TYPES, OFFICE_TYPES
from jinan_union.files import attach_staged, attachments_of, store_upload
from tests.conftest import make_pdf, make_png

pytestmark = pytest.mark.rule("SYS-FILES")

ELF_EXECUTABLE = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
HTML = b"<!doctype html><html><script>alert(1)</script></html>"


def upload(world, name, content, allowed=DOCUMENT_TYPES, owner=None, by="lixia"):
    return store_upload(SimpleUploadedFile(name, content), kind="evidence", by=world.users[by],
                        allowed=allowed, owner=owner)


def test_renamed_executable_is_refused(world):
    with pytest.raises(ValidationError) as error:
        upload(world, "证书.pdf", ELF_EXECUTABLE)
    assert error.value.messages == ["文件“证书.pdf”的内容不是允许的类型（只接受 PDF、JPEG 图片、PNG 图片），已拒绝。"]


def test_html_named_pdf_is_refused(world):
    with pytest.raises(ValidationError) as error:
        upload(world, "report.pdf", HTML)
    assert error.value.code == "bad_type"


def test_oversize_file_is_refused(world, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError) as error:
        upload(world, "big.pdf", make_pdf() + b"0" * (1024 * 1024 + 1))
    assert error.value.code == "too_large"
    assert "超过了 1 MB 的上限" in error.value.messages[0]


def test_default_limit_is_twenty_megabytes(settings):
    assert settings.UPLOAD_MAX_BYTES == 20 * 1024 * 1024


def test_docx_accepted_only_where_allowed(world):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert upload(world, "制度.docx", buffer.getvalue(), allowed=OFFICE_TYPES).file_type == "docx"
    with pytest.raises(ValidationError):
        upload(world, "制度.docx", buffer.getvalue(), allowed=DOCUMENT_TYPES)


def test_stored_under_random_name_outside_static_tree(world, settings):
    attachment = upload(world, "../../etc/passwd.png", make_png())
    stored = attachment.file.path
    assert stored.startswith(str(settings.MEDIA_ROOT))
    assert "passwd" not in os.path.basename(stored)
    assert os.path.basename(stored).endswith(".png")
    assert not str(settings.MEDIA_ROOT).startswith(str(settings.STATIC_ROOT))
    assert attachment.original_name == "passwd.png"  # the path part of a name is dropped


def test_another_unions_file_id_gives_404(world, client_for):
    unit = world.units["济南历下控股集团有限公司"]
    attachment = upload(world, "工会成立批复.pdf", make_pdf(), owner=unit)
    url = reverse("attachment-download", kwargs={"uuid": attachment.uuid})
    assert client_for("shizhong").get(url).status_code == 404
    own = client_for("lixia").get(url)
    assert own.status_code == 200
    assert b"".join(own.streaming_content) == make_pdf()
    assert client_for("auditor").get(url).status_code == 200


def test_staged_file_is_kept_for_its_uploader_and_attached_later(world, client_for):
    staged = upload(world, "现场照片.png", make_png())
    unit = world.units["济南历下控股集团有限公司"]
    assert client_for("shizhong").get(reverse("attachment-download", kwargs={"uuid": staged.uuid})).status_code == 404
    # Another user cannot claim lixia's staged file.
    assert attach_staged([staged.uuid], owner=unit, by=world.users["shizhong"]) == []
    assert attach_staged([staged.uuid], owner=unit, by=world.users["lixia"]) == [staged]
    assert [a.original_name for a in attachments_of(unit)] == ["现场照片.png"]


def test_download_is_not_sniffed_by_the_browser(world, client_for):
    attachment = upload(world, "a.png", make_png(), owner=world.units["济南历下控股集团有限公司"])
    response = client_for("lixia").get(reverse("attachment-download", kwargs={"uuid": attachment.uuid}))
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
