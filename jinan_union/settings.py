"""Settings, read from environment variables; a bad value stops the start with a clear message.

DJANGO_DEBUG            "1"/"0" (default 0)
DJANGO_SECRET_KEY       required when debug is off
DATABASE_URL            e.g. postgres://user:pw@127.0.0.1:5432/db; default: SQLite file db.sqlite3
DJANGO_ALLOWED_HOSTS    comma separated (default: localhost,127.0.0.1 and, with debug, *)
DJANGO_MEDIA_ROOT       folder for uploaded files, outside the static tree (default: ./media)
DJANGO_S3_BUCKET        set: uploaded files go to this bucket of S3-compatible object storage instead
DJANGO_S3_ENDPOINT_URL  the object store's address (unset: Amazon S3); DJANGO_S3_REGION, DJANGO_S3_PREFIX
DJANGO_S3_ACCESS_KEY_ID, DJANGO_S3_SECRET_ACCESS_KEY  its keys (unset: boto3's own chain, e.g. an instance role)
DJANGO_HTTPS            "1" when HTTPS is terminated in front of the app: secure cookies, HSTS
DJANGO_UPLOAD_MAX_MB    size limit of one uploaded file (default 20)
DJANGO_STATIC_MANIFEST  "1" to serve hashed, compressed static files (default: on when debug is off)
DJANGO_TASKS_BACKEND    the django-tasks backend (default: the database backend)
DJANGO_EMAIL_HOST       SMTP server for notification e-mail; unset: e-mails are printed to the console
DJANGO_EMAIL_PORT, DJANGO_EMAIL_USER, DJANGO_EMAIL_PASSWORD, DJANGO_EMAIL_USE_TLS ("1"/"0")
DEFAULT_FROM_EMAIL      the sender of notification e-mail
DJANGO_SITE_URL         the address users open, for the links in e-mails (default http://127.0.0.1:8000)
DJANGO_TRUSTED_PROXIES  comma separated IPs/CIDRs of reverse proxies whose X-Forwarded-For is believed
                        (default: none, the client address is the connection's)
DJANGO_DB_CONN_MAX_AGE  seconds a PostgreSQL connection is kept for the next request (default 60)
DJANGO_EXPORT_TIMEOUT_MINUTES  a background export still unfinished after this long counts as failed (default 30)
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h.strip()
]
if DEBUG:
    ALLOWED_HOSTS.append("*")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "jinan_union.apps.AxesConfig",
    "csp",
    "django_tasks",
    "jinan_union.apps.TasksDbConfig",
    "jinan_union",
    "studios",
    "funding",
    "hazards",
    "notifications",
    "imports",
    "stats",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    # SYS-CONFIRM: last, so that it runs the POST's view itself (in one transaction, asking before a move).
    "jinan_union.confirm.ConfirmMiddleware",
]

ROOT_URLCONF = "jinan_union.urls"
WSGI_APPLICATION = "jinan_union.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jinan_union.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=0
    )
}
# A connection that died (PostgreSQL restarted, a backend terminated) is noticed before the next request
# uses it, and replaced.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Persistent connections (checked as above before each request reuses one).
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DJANGO_DB_CONN_MAX_AGE", 60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers as Django 5.1+ recommends: every transaction takes the write lock when it begins
    # (IMMEDIATE), so simultaneous writes queue for up to `timeout` seconds instead of failing with
    # "database is locked"; WAL lets readers go on while one writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000; "
            "PRAGMA journal_size_limit=27103364; PRAGMA cache_size=2000;"
        ),
    })

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "jinan_union.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "jinan_union.login.UserBackend",  # ModelBackend, with the user's organisation in the same query
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after two idle hours, and when the browser closes.
SESSION_COOKIE_AGE = 2 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Five wrong passwords for one username from one address lock it for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_RESET_ON_SUCCESS = True
# The lock-out page says until when (jinan_union.login.lockout_response).
AXES_LOCKOUT_CALLABLE = "jinan_union.login.lockout_response"


def env_networks(name: str) -> tuple:
    networks = []
    for item in os.environ.get(name, "").split(","):
        if item.strip():
            try:
                networks.append(ipaddress.ip_network(item.strip(), strict=False))
            except ValueError:
                raise ImproperlyConfigured(
                    f"{name} must list IP addresses or networks (CIDR), comma separated; {item.strip()!r} is neither"
                ) from None
    return tuple(networks)


# Reverse proxies in front of the app. Requests from them carry the client's address in X-Forwarded-For;
# from anyone else that header is ignored. Login lock-out (axes) counts per username and client address.
TRUSTED_PROXIES = env_networks("DJANGO_TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "jinan_union.login.client_ip"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")
# No MEDIA_URL is served: files go out only through the scoped download view (SYS-FILES).
MEDIA_URL = "/media-not-served/"
# The media store: the file system under MEDIA_ROOT, or S3-compatible object storage (django-storages) when a
# bucket is named. Either way files go out only through the scoped views, never by a public URL: objects are
# private and read by the app with its keys.
S3_BUCKET = os.environ.get("DJANGO_S3_BUCKET", "").strip()
MEDIA_STORAGE = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("DJANGO_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("DJANGO_S3_REGION") or None,
            "access_key": os.environ.get("DJANGO_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("DJANGO_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("DJANGO_S3_PREFIX", "").strip("/"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if S3_BUCKET
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("DJANGO_STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
UPLOAD_MAX_BYTES = env_int("DJANGO_UPLOAD_MAX_MB", 20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Background tasks (big exports) are stored in the database and run by `manage.py db_worker`.
# Tests set DJANGO_TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend to run them inline.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("DJANGO_TASKS_BACKEND") or "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Notification e-mail (SYS-NOTIFY): printed to the console unless an SMTP server is configured.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
    EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or "济南市总工会 <noreply@localhost>"
SITE_URL = os.environ.get("DJANGO_SITE_URL") or "http://127.0.0.1:8000"

# Security: everything that does not need HTTPS is on; DJANGO_HTTPS=1 adds the rest.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_REFERRER_POLICY = "same-origin"
if env_bool("DJANGO_HTTPS", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content-Security-Policy on every page (django-csp): scripts, styles, fonts and images only from our own
# static files; no inline script or style. Bootstrap's CSS draws a few icons as data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "frame-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

EXPORT_TIMEOUT_MINUTES = env_int("DJANGO_EXPORT_TIMEOUT_MINUTES", 30)
# An .xlsx export with more rows than this is made by a background job with a progress page (jinan_union.exports);
# a smaller one answers at once (the streamed sheet writes 2,000 rows in well under a second).
EXPORT_INLINE_ROWS = 2000
# A PDF export with more rows than this is made by a background job with a progress page, as a big .xlsx is
# (jinan_union.exports): WeasyPrint spends about 11 ms of CPU a row (docs/performance.md), so 300 rows keep a request
# to a few seconds, where the city-wide payment sheet (2,000+ rows) held one for minutes.
EXPORT_INLINE_PDF_ROWS = 300

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
