"""SYS-FILES: uploads checked by content against an allow-list, size-limited, stored under random names,
and served only through a view that asks the owning record's visibility query."""

import hashlib
import unicodedata
import zipfile
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from .enums import FileType
from .models import Attachment, User

# model label -> function(user) giving the queryset of that model's records the user may see.
_VISIBILITY: dict[str, Callable[[User], QuerySet]] = {}


def register_owner(model: type[models.Model], visible_to: Callable[[User], QuerySet]) -> None:
    """Declare which records of `model` may carry attachments, and who may see them."""
    _VISIBILITY[model._meta.label_lower] = visible_to


# The longest original name kept and offered back (characters, extension included).
NAME_MAX = 100
# The extension a stored type is offered with at download, whatever the file was called.
EXTENSIONS = {
    FileType.PDF: "pdf", FileType.JPEG: "jpg", FileType.PNG: "png", FileType.MP4: "mp4",
    FileType.DOCX: "docx", FileType.XLSX: "xlsx",
}
# Extensions of the types we know, dropped from a name before the right one is put on.
_KNOWN_EXTENSIONS = {"pdf", "jpg", "jpeg", "jpe", "png", "mp4", "docx", "xlsx", "doc", "xls"}


def clean_name(name: str, limit: int = NAME_MAX) -> str:
    """An uploaded file's name made safe to show and to offer back (SYS-FILES).

    Drops any folder part, control characters (Cc), format characters (Cf: the direction marks and
    overrides U+200E/F, U+202A–U+202E, U+2066–U+2069, zero-width characters, BOM), line and paragraph
    separators; turns other spacing into plain spaces; caps the length, keeping the extension.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = []
    for char in name:
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            continue
        kept.append(" " if category == "Zs" else char)
    name = " ".join("".join(kept).split()).strip(" .")
    if len(name) > limit:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = stem[: limit - len(ext) - 1].rstrip(" .") + "." + ext
        else:
            name = name[:limit].rstrip(" .")
    return name or "文件"


def download_name(original_name: str, file_type: str) -> str:
    """The name a stored file is offered under: its cleaned name with the extension of its real type."""
    extension = EXTENSIONS.get(file_type, str(file_type))
    name = clean_name(original_name, NAME_MAX - len(extension) - 1)
    stem, dot, ext = name.rpartition(".")
    if dot and stem and ext.lower() in _KNOWN_EXTENSIONS:
        name = stem
    return f"{name}.{extension}"


def detect_type(head: bytes, upload: UploadedFile) -> str | None:
    """The real type of a file from its first bytes (and, for zip-based Office files, its parts)."""
    if head.startswith(b"%PDF-"):
        return FileType.PDF
    if head.startswith(b"\xff\xd8\xff"):
        return FileType.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileType.PNG
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in (
        b"isom", b"iso2", b"mp41", b"mp42", b"avc1", b"M4V ", b"qt  ", b"3gp4", b"3gp5",
    ):
        return FileType.MP4
    if head.startswith(b"PK\x03\x04"):
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            if "word/document.xml" in names:
                return FileType.DOCX
            if "xl/workbook.xml" in names:
                return FileType.XLSX
    return None


def check_upload(upload: UploadedFile, allowed: Iterable[str]) -> str:
    """Return the detected type, or raise a ValidationError in Chinese that a form shows by the field."""
    allowed = tuple(allowed)
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"文件“{upload.name}”大小为 {upload.size / 1048576:.1f} MB，超过了 {limit // 1048576} MB 的上限。",
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(f"文件“{upload.name}”是空文件。", code="empty")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    detected = detect_type(head, upload)
    if detected not in allowed:
        names = "、".join(FileType(t).label for t in allowed)
        raise ValidationError(
            f"文件“{upload.name}”的内容不是允许的类型（只接受 {names}），已拒绝。",
            code="bad_type",
        )
    return detected


@transaction.atomic
def store_upload(
    upload: UploadedFile, *, kind: str, by: User, allowed: Iterable[str], owner: models.Model | None = None
) -> Attachment:
    """Check and store one file. Without an owner it is staged: kept for its uploader until attached."""
    file_type = check_upload(upload, allowed)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        kind=kind,
        original_name=clean_name(upload.name),
        file_type=file_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=by,
        uploaded_at=timezone.now(),
    )
    if owner is not None:
        attachment.content_type = ContentType.objects.get_for_model(owner)
        attachment.object_id = owner.pk
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def attach_staged(ids: Iterable, *, owner: models.Model, by: User) -> list[Attachment]:
    """Attach files this user staged earlier (kept across a failed submit) to their record."""
    staged = list(
        Attachment.objects.select_for_update().filter(
            uuid__in=list(ids), uploaded_by=by, content_type__isnull=True
        )
    )
    ct = ContentType.objects.get_for_model(owner)
    for attachment in staged:
        attachment.content_type = ct
        attachment.object_id = owner.pk
        attachment.save(update_fields=["content_type", "object_id"])
    return staged


def attachments_of(owner: models.Model, kind: str | None = None) -> QuerySet:
    qs = Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(owner), object_id=owner.pk, replaced=False
    ).select_related("uploaded_by")
    return qs.filter(kind=kind) if kind else qs


def attachment_visible_to(attachment: Attachment, user: User) -> bool:
    if attachment.content_type_id is None:
        return attachment.uploaded_by_id == user.pk
    visible = _VISIBILITY.get(
        f"{attachment.content_type.app_label}.{attachment.content_type.model}"
    )
    if visible is None:
        return False  # a record type nobody declared: serve to nobody
    return visible(user).filter(pk=attachment.object_id).exists()
