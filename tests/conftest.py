"""Shared fixtures: the demo world (a realistic union tree, one user per role) and file samples.

Scoping tests use three users, as STYLE.md asks: `lixia` (a clerk of the owning union 历下区总工会),
`shizhong` (a clerk of another union, 市中区总工会) and a municipal user.
"""

import io
import shutil
import tempfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.datastructures import MultiValueDict

from jinan_union.demo import DEMO_PASSWORD, World, build_world

PASSWORD = DEMO_PASSWORD


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Hashing a dozen demo passwords with PBKDF2 for every test would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_root(settings):
    folder = tempfile.mkdtemp(prefix="media-test-")
    settings.MEDIA_ROOT = folder
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def world(db) -> World:
    return build_world()


class ConfirmingClient(Client):
    """A test client that posts as a user who answered 确认 in the confirmation dialog (SYS-CONFIRM): every form
    POST carries the `confirmed=1` marker static/js/confirm.js adds. Tests of the confirmation itself use a plain
    `Client` (client_for(name, confirmed=False)): its POST without the marker gets the confirmation page."""

    def post(self, path, data=None, *args, **kwargs):
        if data is None:
            data = {}
        if isinstance(data, MultiValueDict) and "confirmed" not in data:
            data = data.copy()
            data["confirmed"] = "1"
        elif isinstance(data, dict) and "confirmed" not in data:
            data = {**data, "confirmed": "1"}
        return super().post(path, data, *args, **kwargs)


@pytest.fixture
def client():
    return ConfirmingClient()


@pytest.fixture
def client_for(client, world):
    """client_for("lixia") -> a test client signed in as that demo user (one that confirms, see above)."""

    def make(username: str, *, confirmed: bool = True) -> Client:
        c = ConfirmingClient() if confirmed else Client()
        c.force_login(world.users[username])
        return c

    return make


def make_png(width: int = 4, height: int = 4) -> bytes:
    import struct
    import zlib

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def make_pdf(text: str = "test") -> bytes:
    body = (
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        f"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% {text}\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return body.encode()


@pytest.fixture
def png_file():
    return lambda name="photo.png": SimpleUploadedFile(name, make_png(), content_type="image/png")


@pytest.fixture
def pdf_file():
    return lambda name="scan.pdf": SimpleUploadedFile(name, make_pdf(), content_type="application/pdf")


@pytest.fixture
def xlsx_bytes():
    def make() -> bytes:
        from openpyxl import Workbook

        buffer = io.BytesIO()
        Workbook().save(buffer)
        return buffer.getvalue()

    return make
