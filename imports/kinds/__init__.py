"""One class per kind of import: its template's columns, the check of every row (the dry run), the writes and
the undo. The batch's moves (imports/workflows.py) call these; each kind writes its records through its own
app's moves and services, never by assigning a state."""

from __future__ import annotations

from collections import defaultdict
from typing import ClassVar

from django.contrib.admin.utils import NestedObjects
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS

from jinan_union.audit import history_of, record_change
from jinan_union.files import attachments_of
from jinan_union.models import Organisation, WorkUnit

from ..sheets import Col, Problem, Row


class Kind:
    key: ClassVar[str]
    title: ClassVar[str]
    columns: ClassVar[tuple[Col, ...]]
    notes: ClassVar[tuple[str, ...]] = ()
    # The history actions of the import itself: any other entry on an imported record is later use of it.
    own_actions: ClassVar[tuple[str, ...]] = ()

    def __init__(self, user):
        self.user = user

    def reference_lists(self) -> dict:
        return {}

    def check(self, rows: list[Row]) -> list[Problem]:
        raise NotImplementedError

    def summary(self, rows: list[Row]) -> str:
        return f"{len(rows)} 行"

    def write(self, batch, rows: list[Row]) -> None:
        raise NotImplementedError

    def undo_refusal(self, batch) -> str:
        raise NotImplementedError

    def undo(self, batch, reason: str) -> None:
        raise NotImplementedError


# --- lookups the kinds share ---------------------------------------------------------------------------------


class Names:
    """Organisations and work units by name (or short name), loaded once per check."""

    def __init__(self):
        self.orgs: dict[str, list[Organisation]] = defaultdict(list)
        for org in Organisation.objects.filter(is_active=True):
            self.orgs[org.name].append(org)
            if org.short_name and org.short_name != org.name:
                self.orgs[org.short_name].append(org)
        self.units: dict[str, list[WorkUnit]] = defaultdict(list)
        for unit in WorkUnit.objects.select_related("system_union", "grassroots_union"):
            self.units[unit.name].append(unit)

    def org(self, name: str) -> Organisation | None:
        found = self.orgs.get(name) or []
        return found[0] if len(found) == 1 else None

    def unit(self, name: str, union: Organisation | None = None) -> list[WorkUnit]:
        found = self.units.get(name) or []
        return [u for u in found if union is None or u.system_union_id == union.pk]


def duplicates(rows: list[Row], key, column: str, what: str) -> list[Problem]:
    """Rows whose `key(row)` equals an earlier row's (None keys are skipped)."""
    first: dict = {}
    problems = []
    for row in rows:
        k = key(row)
        if k is None:
            continue
        if k in first:
            problems.append(Problem(row.number, column, f"{what}与第{first[k]}行重复。"))
        else:
            first[k] = row.number
    return problems


# --- undo ------------------------------------------------------------------------------------------------------


def later_use(objs, own_actions: tuple[str, ...], own: set[tuple[type, int]]) -> list[str]:
    """What refers to the imported records, or happened to them, besides the import itself: the records that
    would have to go with them (or that protect them), their files, and their history beyond the import's."""
    reasons = []
    found = []
    by_model = defaultdict(list)
    for obj in objs:
        by_model[type(obj)].append(obj)
    for same in by_model.values():  # the collector takes one model at a time
        collector = NestedObjects(using=DEFAULT_DB_ALIAS)
        collector.collect(same)
        found += [o for o in _flatten(collector.nested()) if (type(o)._meta.concrete_model, o.pk) not in own]
        found += [o for o in collector.protected if (type(o)._meta.concrete_model, o.pk) not in own]
    for obj in found[:5]:
        reasons.append(f"{obj._meta.verbose_name}“{obj}”引用了导入的记录")
    if len(found) > 5:
        reasons.append(f"另有 {len(found) - 5} 条记录引用了导入的记录")
    for obj in objs:
        if attachments_of(obj).exists():
            reasons.append(f"“{obj}”已上传了附件")
        later = history_of(obj).exclude(action__in=own_actions).first()
        if later is not None:
            reasons.append(f"“{obj}”已有后续操作（{later.at:%Y-%m-%d} {later.action}）")
    return reasons


def _flatten(nested):
    for item in nested:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


def remove(objs, *, by, batch, reason: str) -> None:
    """The undo of records nothing refers to: each gets its last history entry, then goes. The batch keeps
    the workbook, the rows and the history of both the import and the undo (docs/decisions/imports.md)."""
    for obj in objs:
        record_change(obj, actor=by, action="撤销导入", comment=f"{batch}：{reason}")
    for obj in objs:
        obj.delete()


def records_of(batch, model) -> list:
    ct = ContentType.objects.get_for_model(model)
    ids = list(batch.records.filter(content_type=ct).values_list("object_id", flat=True))
    by_id = model._default_manager.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def kind_class(key: str) -> type[Kind]:
    from .balances import BalancesKind
    from .ended import EndedStudiosKind
    from .honours import HonoursKind
    from .members import MembersKind
    from .rewards import RewardsKind
    from .studios import StudiosKind

    return {k.key: k for k in (StudiosKind, RewardsKind, BalancesKind, MembersKind, HonoursKind, EndedStudiosKind)}[key]
