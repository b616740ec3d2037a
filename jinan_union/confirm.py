"""SYS-CONFIRM on the server: the one place a posted move its maker cannot undo is confirmed.

Every view posts its moves through `workflow.move()`; `move()` asks `ask(...)` just before it changes anything
(after the predicate, the from-state, the comment and every guard have passed, so a refusal is shown first).
While a POST is handled, `ConfirmMiddleware` runs the view inside one transaction; when the request carries
no `confirmed=1` marker, `ask` raises `ConfirmationNeeded`, the transaction is rolled back (nothing the view
wrote before the move stays) and the middleware answers with a confirmation page: the move's one-sentence
consequence (`Move.confirm`), the object, 确认 and 返回. Its 确认 form posts the same fields again plus the
marker, so nothing typed is lost; uploaded files are kept in a signed stash and handed to the view again.

With JavaScript, static/js/confirm.js asks in a dialog first and adds the marker itself, so the page never
shows; without JavaScript the page is the confirmation. Outside a request (the daily command, a test calling a
service, the shell) nothing is asked.
"""

from __future__ import annotations

import contextvars
import uuid

from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

MARKER = "confirmed"
FILE_FIELD = "_confirm_file"  # a signed token per stashed upload
STASH = "confirm-stash"
SALT = "jinan_union.confirm"
STASH_MAX_AGE = 24 * 3600

_request: contextvars.ContextVar = contextvars.ContextVar("confirm_request", default=None)


class ConfirmationNeeded(Exception):  # noqa: N818 - not an error: a question to the user
    """Raised inside `move()` when a posted move that asks has no confirmation yet (not a DomainError: the
    views let it pass and the middleware answers it)."""

    def __init__(self, sentence: str, obj, label: str):
        self.sentence, self.obj, self.label = sentence, obj, label
        super().__init__(sentence)


def confirmed(request) -> bool:
    return request.POST.get(MARKER) == "1"


def ask(sentence: str, obj=None, label: str = "") -> None:
    """Called by `move()` (and by any service whose single irreversible step is not a move) with the consequence
    sentence: in a POST without the marker it stops the request for the confirmation page."""
    request = _request.get()
    if not sentence or request is None or confirmed(request):
        return
    raise ConfirmationNeeded(sentence, obj, label)


def _stash(request) -> list[dict]:
    """Keep this request's uploads for the confirmed POST: (field, signed token, name, size)."""
    kept = []
    for field, uploads in request.FILES.lists():
        for upload in uploads:
            upload.seek(0)
            path = default_storage.save(f"{STASH}/{uuid.uuid4().hex}/{upload.name}", upload)
            token = signing.dumps({"f": field, "p": path, "n": upload.name, "t": upload.content_type or "",
                                   "u": request.user.pk}, salt=SALT)
            kept.append({"field": field, "token": token, "name": upload.name, "size": upload.size})
    return kept


def _unstash(request) -> list[str]:
    """Give the view back the files stashed by the confirmation page (only this user's, only recent ones)."""
    paths = []
    for token in request.POST.getlist(FILE_FIELD):
        try:
            data = signing.loads(token, salt=SALT, max_age=STASH_MAX_AGE)
        except signing.BadSignature:
            continue
        path = data["p"]
        if data["u"] != request.user.pk or not path.startswith(f"{STASH}/") or not default_storage.exists(path):
            continue
        with default_storage.open(path, "rb") as handle:
            content = handle.read()
        request.FILES.appendlist(data["f"], SimpleUploadedFile(data["n"], content, content_type=data["t"] or None))
        paths.append(path)
    return paths


def clear_stale_stash(now=None) -> int:
    """Remove the stashed uploads of confirmation pages left unanswered (返回, a closed tab) once no confirmation
    can use them any more (older than STASH_MAX_AGE); run by the daily command. Returns how many were removed."""
    from django.utils import timezone

    now = now or timezone.now()
    if not default_storage.exists(STASH):
        return 0
    removed = 0
    for folder in default_storage.listdir(STASH)[0]:
        for name in default_storage.listdir(f"{STASH}/{folder}")[1]:
            path = f"{STASH}/{folder}/{name}"
            if (now - default_storage.get_modified_time(path)).total_seconds() > STASH_MAX_AGE:
                default_storage.delete(path)
                removed += 1
    return removed


def _back(request) -> str:
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        return referer
    return "/"


def _page(request, need: ConfirmationNeeded):
    fields = [(name, value) for name, values in request.POST.lists() if name not in
              ("csrfmiddlewaretoken", MARKER, FILE_FIELD) for value in values]
    kept = _stash(request)
    obj = need.obj
    context = {
        "sentence": need.sentence,
        "label": need.label or "操作",
        "obj": obj,
        "noun": obj._meta.verbose_name if obj is not None and hasattr(obj, "_meta") else "",
        "fields": fields,
        "files": kept,
        "action": request.get_full_path(),
        "back": _back(request),
        "marker": MARKER,
        "file_field": FILE_FIELD,
    }
    return render(request, "includes/confirm_page.html", context)


class ConfirmMiddleware:
    """Last in MIDDLEWARE: runs a POST's view in one transaction with the request visible to `ask`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if request.method != "POST" or getattr(view, "csrf_exempt", False):
            return None
        token = _request.set(request)
        used: list[str] = []
        try:
            if confirmed(request):
                used = _unstash(request)
            with transaction.atomic():
                response = view(request, *args, **kwargs)
        except ConfirmationNeeded as need:
            return _page(request, need)
        finally:
            _request.reset(token)
        for path in used:
            default_storage.delete(path)
        return response
