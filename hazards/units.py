"""HAZ-FIRST: one unit under two names. `merge_units` records that two hazard-unit records are one unit, so
their reports are compared with each other (hazards.selectors.duplicate_proposals); `unit_family` is the
set of records that are one unit."""

from django.db import IntegrityError, transaction
from django.db.models import Q

from jinan_union.audit import record_change
from jinan_union.errors import DomainError
from jinan_union.models import WorkUnit
from jinan_union.permissions import require

from .models import UnitAlias
from .permissions import can_add_unit, can_merge


def unit_family(unit_id: int) -> set[int]:
    """The unit and every record merged with it, directly or through another (one query per step; merges
    are few and chains short)."""
    family, frontier = {unit_id}, {unit_id}
    while frontier:
        rows = UnitAlias.objects.filter(Q(unit_id__in=frontier) | Q(alias_id__in=frontier)).values_list(
            "unit_id", "alias_id")
        found = {pk for row in rows for pk in row} - family
        family |= found
        frontier = found
    return family


@transaction.atomic
def merge_units(*, keep: WorkUnit, alias: WorkUnit, by, reason: str) -> UnitAlias:
    require(can_merge(by))
    if not (reason or "").strip():
        raise DomainError("请填写合并理由。", field="reason")
    if keep.pk == alias.pk or alias.pk in unit_family(keep.pk):
        raise DomainError(f"“{alias}”已是“{keep}”的同一单位记录。", field="alias")
    if UnitAlias.objects.filter(alias=alias).exists():
        raise DomainError(f"“{alias}”已并入另一单位，不能再次合并。", field="alias")
    link = UnitAlias.objects.create(unit=keep, alias=alias, reason=reason.strip(), merged_by=by)
    record_change(keep, actor=by, action="合并单位记录", comment=f"“{alias}”与“{keep}”为同一单位：{reason}")
    record_change(alias, actor=by, action="合并单位记录", comment=f"并入“{keep}”：{reason}")
    return link


@transaction.atomic
def add_unit(*, name: str, address: str = "", by) -> WorkUnit:
    """Issue 11: a hazard unit not yet in the list, added by a clerk under the clerk's own system union (the
    union comes from the clerk, never from the request), with history."""
    union = by.organisation.system_union if by.organisation_id else None
    require(can_add_unit(by))
    name = " ".join((name or "").split())
    if not name:
        raise DomainError("请填写单位名称。", field="name")
    if WorkUnit.objects.filter(system_union=union, name=name).exists():
        raise DomainError(f"本工会已有单位“{name}”，请直接在列表中选择。", field="name")
    try:
        with transaction.atomic():
            unit = WorkUnit.objects.create(name=name, address=" ".join((address or "").split()), system_union=union)
    except IntegrityError:  # the same name added a moment ago by another clerk of the union
        raise DomainError(f"本工会已有单位“{name}”，请直接在列表中选择。", field="name") from None
    record_change(unit, actor=by, action="新增隐患单位", comment=f"{union}经办人填报隐患报告时新增：{name}")
    return unit
