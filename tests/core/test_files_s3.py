"""SYS-FILES on S3-compatible object storage: the same upload → scoped download path, with the media store
set to django-storages' S3 backend against a local S3-compatible server (moto's server mode, 127.0.0.1, a
random port) started for this module. Nothing leaves the machine."""

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jinan_union.backup import BackupError, make_backup, restore_backup
from jinan_union.enums import DOCUMENT_TYPES
from jinan_union.files import store_upload
from tests.conftest import make_pdf

pytestmark = pytest.mark.rule("SYS-FILES")

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")
pytest.importorskip("storages.backends.s3")

BUCKET = "jinan-media-test"
KEYS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": "us-east-1"}


@pytest.fixture(scope="module")
def s3_endpoint():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client("s3", endpoint_url=endpoint, **KEYS).create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


@pytest.fixture
def s3_media(settings, s3_endpoint, tmp_path):
    """The settings as DJANGO_S3_BUCKET / DJANGO_S3_ENDPOINT_URL / the keys would make them."""
    settings.MEDIA_ROOT = tmp_path / "media-not-used"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET, "endpoint_url": s3_endpoint, "region_name": KEYS["region_name"],
                "access_key": KEYS["aws_access_key_id"], "secret_key": KEYS["aws_secret_access_key"],
                "location": "media", "default_acl": "private", "querystring_auth": True, "file_overwrite": False,
            },
        },
    }
    return boto3.client("s3", endpoint_url=s3_endpoint, **KEYS)


def test_upload_and_scoped_download_through_object_storage(world, client_for, s3_media, settings):
    assert not isinstance(default_storage, FileSystemStorage)  # the override reached the media store
    unit = world.units["济南历下控股集团有限公司"]
    attachment = store_upload(SimpleUploadedFile("工会成立批复.pdf", make_pdf()), kind="evidence",
                              by=world.users["lixia"], allowed=DOCUMENT_TYPES, owner=unit)

    # The object is in the bucket under its random name, and nothing was written to the file system.
    key = f"media/{attachment.file.name}"
    stored = s3_media.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert stored == make_pdf()
    assert "工会成立批复" not in key
    assert not settings.MEDIA_ROOT.exists()
    # Private: the object cannot be read without the keys.
    import urllib.error
    import urllib.request

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{s3_media.meta.endpoint_url}/{BUCKET}/{key}")
    assert refused.value.code == 403

    # Out only through the scoped view: the owner's union and the auditor see it, another union gets 404.
    url = reverse("attachment-download", kwargs={"uuid": attachment.uuid})
    own = client_for("lixia").get(url)
    assert own.status_code == 200
    assert b"".join(own.streaming_content) == make_pdf()
    assert own["Content-Disposition"].startswith("attachment;")
    assert client_for("auditor").get(url).status_code == 200
    assert client_for("shizhong").get(url).status_code == 404


def test_backup_refuses_an_object_store_clearly(world, s3_media, tmp_path):
    with pytest.raises(BackupError) as refused:
        make_backup(tmp_path / "backup.tar.gz")
    assert "对象存储" in str(refused.value)
    assert not (tmp_path / "backup.tar.gz").exists()
    with pytest.raises(BackupError) as refused:
        restore_backup(tmp_path / "backup.tar.gz")
    assert "对象存储" in str(refused.value)


def test_environment_chooses_the_media_store():
    """DJANGO_S3_BUCKET (with its endpoint and keys) selects object storage; without it, the file system."""
    import os
    import subprocess
    import sys

    from django.conf import settings as django_settings

    show = ("from django.core.files.storage import storages; s = storages['default']; "
            "print(type(s).__name__, getattr(s, 'bucket_name', ''), getattr(s, 'endpoint_url', ''), "
            "getattr(s, 'location', ''), getattr(s, 'default_acl', ''))")
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}

    def default_storage_with(**env):
        result = subprocess.run([sys.executable, "manage.py", "shell", "-c", show], cwd=django_settings.BASE_DIR,
                                env={**base, "DJANGO_DEBUG": "1", **env}, capture_output=True, text=True,
                                timeout=120, check=True)
        return result.stdout.strip().splitlines()[-1].split()

    assert default_storage_with()[0] == "FileSystemStorage"
    assert default_storage_with(
        DJANGO_S3_BUCKET="jinan-media", DJANGO_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        DJANGO_S3_ACCESS_KEY_ID="key", DJANGO_S3_SECRET_ACCESS_KEY="secret", DJANGO_S3_PREFIX="/media/",
    ) == ["S3Storage", "jinan-media", "http://127.0.0.1:9000", "media", "private"]
