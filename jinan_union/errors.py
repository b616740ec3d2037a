"""The one error type of the domain, and the one place that shows it on a page.

Every refusal of a service, a guard or a move is a DomainError: the message in Chinese as the user reads
it, the form field it belongs beside (if any) and the article it cites (SYS-CITE). A permission refusal
is a DomainError too, marked `forbidden`: the views answer it with 403 instead of a message.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.contrib import messages
from django.core.exceptions import PermissionDenied

from .articles import cite, cite_text


class DomainError(Exception):
    def __init__(
        self,
        message: str = "",
        *,
        field: str | None = None,
        article: str | None = None,
        fields: Mapping[str, str] | None = None,
        forbidden: bool = False,
    ):
        self.message = message
        self.field = field or None
        self.article = article or None
        # Several problems at once, by field ("" for the form as a whole).
        self.fields = dict(fields or {})
        if self.field and self.field not in self.fields:
            self.fields[self.field] = self.text
        self.forbidden = forbidden
        super().__init__(self.text)

    @property
    def text(self) -> str:
        """The message as shown: with its article, 《管理办法》第六条第（一）项 style, when it cites one."""
        message, article = cite_text(self.message), cite(self.article or "")
        if article and article not in message:
            return f"{message}（{article}）"
        return message

    # Old names kept for templates written against the previous error classes.
    reason = text

    @classmethod
    def denied(cls, message: str = "您的角色无权执行此操作。") -> DomainError:
        return cls(message, forbidden=True)

    @classmethod
    def from_problems(cls, message: str, problems: Iterable) -> DomainError:
        """From rule results that carry `.field`, `.message` and (optionally) `.article`."""
        fields: dict[str, str] = {}
        for problem in problems:
            key = getattr(problem, "field", "") or ""
            text = cite_text(problem.message)
            article = cite(getattr(problem, "article", "") or "")
            if article and article not in text:
                text = f"{text}（{article}）"
            fields[key] = f"{fields[key]}；{text}" if key in fields else text
        return cls(message, fields=fields)


def show_error(request, error: DomainError, form=None) -> None:
    """Put each problem beside its field in `form` when the form has that field, the rest and the headline in
    the page's messages. A forbidden error becomes 403 here, so every view answers a refusal the same way."""
    if error.forbidden:
        raise PermissionDenied(error.text)
    placed: set[str] = set()
    for name, text in error.fields.items():
        if form is not None and name and name in form.fields:
            form.add_error(name, text)
            placed.add(text)
        elif text != error.text:
            messages.error(request, text)
    if error.text not in placed:
        messages.error(request, error.text)
