"""SYS-FILES: an uploaded file's name is shown and offered back without control or direction characters,
capped in length, and with the extension of the type its content was found to be."""

from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jinan_union.enums import DOCUMENT_TYPES
from jinan_union.files import NAME_MAX, clean_name, download_name, store_upload
from jinan_union.models import Attachment
from tests.conftest import make_pdf, make_png

pytestmark = pytest.mark.rule("SYS-FILES")

RLO, LRO, LRE, RLE, PDF_MARK = "\u202e", "\u202d", "\u202a", "\u202b", "\u202c"
ISOLATES = "\u2066\u2067\u2068\u2069"
MARKS = "\u200e\u200f\u061c"
ZERO_WIDTH = "\u200b\u200c\u200d\ufeff"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        (f"发票{RLO}fdp.exe", "发票fdp.exe"),
        (f"{LRE}{RLE}{PDF_MARK}{LRO}a{ISOLATES}b{MARKS}c{ZERO_WIDTH}.pdf", "abc.pdf"),
        ("报告\x00\x1b[31m\x7f\u0085.pdf", "报告[31m.pdf"),
        ("line\nbreak\r\ttab\u2028\u2029.pdf", "linebreaktab.pdf"),
        ("a\u00a0\u3000b.pdf", "a b.pdf"),
        ("C:\\Users\\x\\扫描件.pdf", "扫描件.pdf"),
        ("../../etc/passwd.png", "passwd.png"),
        ("  .hidden.  ", "hidden"),
        (f"{RLO}\u200f", "文件"),
    ],
)
def test_control_and_direction_characters_are_dropped(given, kept):
    assert clean_name(given) == kept


def test_long_names_are_capped_keeping_the_extension():
    name = clean_name("很" * 300 + ".pdf")
    assert len(name) == NAME_MAX
    assert name.endswith("很.pdf")
    assert len(clean_name("x" * 500)) == NAME_MAX


@pytest.mark.parametrize(
    ("name", "file_type", "offered"),
    [
        ("合同.pdf", "pdf", "合同.pdf"),
        ("扫描件.PDF", "pdf", "扫描件.pdf"),
        (f"invoice{RLO}fdp.exe", "pdf", "invoicefdp.exe.pdf"),
        ("photo.png", "jpeg", "photo.jpg"),
        ("photo", "png", "photo.png"),
        ("表格.xls", "xlsx", "表格.xlsx"),
    ],
)
def test_the_download_name_carries_the_stored_types_extension(name, file_type, offered):
    assert download_name(name, file_type) == offered


def test_an_upload_named_to_look_like_a_pdf_is_stored_and_offered_truthfully(world, client_for):
    unit = world.units["济南历下控股集团有限公司"]
    attachment = store_upload(
        SimpleUploadedFile(f"工会批复{RLO}fdp.exe", make_pdf()), kind="evidence", by=world.users["lixia"],
        allowed=DOCUMENT_TYPES, owner=unit,
    )
    assert attachment.original_name == "工会批复fdp.exe"
    response = client_for("lixia").get(reverse("attachment-download", kwargs={"uuid": attachment.uuid}))
    disposition = unquote(response["Content-Disposition"])
    assert disposition.startswith("attachment;")
    assert "工会批复fdp.exe.pdf" in disposition
    assert RLO not in disposition
    assert response["Content-Type"] == "application/pdf"


def test_a_name_stored_before_cleaning_is_still_offered_clean(world, client_for):
    unit = world.units["济南历下控股集团有限公司"]
    attachment = store_upload(
        SimpleUploadedFile("photo.png", make_png()), kind="evidence", by=world.users["lixia"],
        allowed=DOCUMENT_TYPES, owner=unit,
    )
    Attachment.objects.filter(pk=attachment.pk).update(original_name=f"photo{RLO}gpj.exe")
    response = client_for("lixia").get(
        reverse("attachment-download", kwargs={"uuid": attachment.uuid}) + "?inline=1"
    )
    disposition = unquote(response["Content-Disposition"])
    assert disposition.startswith("inline;")
    assert "photogpj.exe.png" in disposition and RLO not in disposition
