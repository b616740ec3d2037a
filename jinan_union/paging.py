"""The one pagination and sorting mechanism of every list page.

Sorting is a filter of the list's filterset (`SortFilter`, a whitelist of column keys), so the export of a list
(jinan_union.exporter.ListExporter binds the same filterset to the same query string) gets exactly the rows the page
shows, in the same order. Pagination is bounded: the total is counted over at most COUNT_CAP + 1 rows
(`SELECT COUNT(*) FROM (… LIMIT COUNT_CAP + 1)`), never an exact COUNT over a huge table, and a page number is clamped
to the pages within the cap, so no request sorts or skips more than COUNT_CAP rows (OFFSET ≤ COUNT_CAP). Past the cap
the page says 共超过N条 and asks for a filter or the reversed sort. Page and sort links keep every other parameter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import ceil

import django_filters
from django.http import QueryDict

PER_PAGE = 50
COUNT_CAP = 10_000


class SortFilter(django_filters.OrderingFilter):
    """`?sort=key` / `?sort=-key` with a whitelist {key: (label, model fields…)}; the primary key breaks ties so that
    pages never overlap; without (or with an unknown) `sort` the list's default order applies."""

    def __init__(self, *, columns: dict[str, tuple[str, ...]], labels: dict[str, str], default: tuple[str, ...],
                 **kwargs):
        self.columns = columns
        self.default = default
        fields = {key: key for key in columns}
        super().__init__(fields=fields, field_labels=labels, label=kwargs.pop("label", "排序"), **kwargs)

    def filter(self, qs, value):
        order: list[str] = []
        for key in value or ():
            descending = key.startswith("-")
            for name in self.columns.get(key.lstrip("-"), ()):
                order.append(("-" if descending != name.startswith("-") else "") + name.lstrip("-"))
        if not order:
            order = list(self.default)
        if not any(name.lstrip("-") in ("pk", "id") for name in order):
            order.append("-pk" if order[0].startswith("-") else "pk")
        return qs.order_by(*order)


def ordered(filterset):
    """The filterset's rows; an unbound filterset (empty query string) still gets its default order."""
    qs = filterset.qs
    sort = next((f for f in filterset.filters.values() if isinstance(f, SortFilter)), None)
    if sort is not None and not filterset.is_bound:
        qs = sort.filter(qs, None)
    return qs


@dataclass
class Page:
    rows: list
    number: int
    per_page: int
    count: int  # min(total, cap + 1)
    cap: int
    params: QueryDict
    sort: str = ""
    links: list = field(default_factory=list)

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @property
    def total_label(self) -> str:
        return f"共超过{self.cap}条" if self.capped else f"共{self.count}条"

    @property
    def num_pages(self) -> int:
        return max(1, ceil(min(self.count, self.cap) / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    @property
    def object_list(self) -> list:
        return self.rows

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    def url(self, **changes) -> str:
        params = self.params.copy()
        for key, value in changes.items():
            params.pop(key, None)
            if value not in (None, ""):
                params[key] = value
        return "?" + params.urlencode() if params else "?"

    @property
    def previous_url(self) -> str:
        return self.url(page=self.number - 1 if self.number > 2 else None)

    @property
    def next_url(self) -> str:
        return self.url(page=self.number + 1)

    def sort_url(self, key: str) -> str:
        """Ascending first, then descending; a new sort starts again at page 1."""
        return self.url(sort=f"-{key}" if self.sort == key else key, page=None)

    def sort_state(self, key: str) -> str:
        return "asc" if self.sort == key else "desc" if self.sort == f"-{key}" else ""


def _page_links(page: Page) -> list[tuple[str, str, bool]]:
    """First, previous, a window of five, next, last: (label, url, current)."""
    n, last = page.number, page.num_pages
    numbers = sorted({1, last, *range(max(1, n - 2), min(last, n + 2) + 1)})
    links, prev = [], 0
    for number in numbers:
        if number - prev > 1:
            links.append(("…", "", False))
        links.append((str(number), page.url(page=number if number > 1 else None), number == n))
        prev = number
    return links


def paginate(request, queryset, *, per_page: int | None = None, cap: int | None = None,
             count: int | None = None) -> Page:
    """Two queries: a count bounded by `cap` and the page's rows. The page number is clamped to 1…num_pages.
    A page that has already counted its rows (in an aggregate it needs anyway) passes `count`."""
    per_page, cap = per_page or PER_PAGE, cap or COUNT_CAP
    count = queryset.order_by()[: cap + 1].count() if count is None else min(count, cap + 1)
    try:
        number = int(request.GET.get("page") or 1)
    except ValueError:
        number = 1
    page = Page(rows=[], number=1, per_page=per_page, count=count, cap=cap, params=request.GET,
                sort=request.GET.get("sort", ""))
    page.number = min(max(number, 1), page.num_pages)
    start = (page.number - 1) * per_page
    page.rows = _rows(queryset, start, min(start + per_page, cap)) if count else []
    page.links = _page_links(page)
    return page


# From this row on, a page first finds its rows' ids and then reads those rows (a "deferred join"): the skipped
# rows are read from the order's index alone, not joined to every related table the page shows (the application
# inbox's last page: OFFSET 9,950 through six joins, issue 10). One query more, on deep pages only.
DEFERRED_FROM = 500


def _rows(queryset, start: int, end: int) -> list:
    if start < DEFERRED_FROM:
        return list(queryset[start:end])
    ids = list(queryset.values_list("pk", flat=True)[start:end])
    by_pk = {row.pk: row for row in queryset.filter(pk__in=ids)}
    return [by_pk[pk] for pk in ids if pk in by_pk]
