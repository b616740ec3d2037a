"""HAZ-FIRST: one unit under two names. `merge_units` records that two hazard-unit records are one unit, so
their reports are compared with each other (hazards.selectors.duplicate_proposals); `unit_family` is the
set of records that are one unit. `related_units` adds the units of the same enterprise and at the same
address (issue 15), whose reports are compared too, with the relation shown."""

from django.db import IntegrityError, transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.db.models.signals import pre_save
from django.dispatch import receiver

from jinan_union.audit import record_change
from jinan_union.errors import DomainError
from jinan_union.models import WorkUnit
from jinan_union.permissions import require

from .matching import address_key
from .models import UnitAlias
from .permissions import can_add_unit, can_merge

# What the proposals say of a candidate of another unit record (issue 15: "which unit it comes from").
ALIAS, SAME_ENTERPRISE, SAME_ADDRESS = "同一单位的另一记录", "同一企业", "同一地址"
# At most this many related units (same enterprise or address) are looked at for one report (newest first).
RELATED_UNITS = 50


@receiver(pre_save, sender=WorkUnit, dispatch_uid="hazards_unit_address_key")
def _store_address_key(sender, instance: WorkUnit, **kwargs) -> None:
    """Every save of a unit stores its address in matching form (bulk loads: `manage.py hazards_match_texts`)."""
    instance.address_key = address_key(instance.address)


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


def family_and_related(unit_id: int) -> tuple[set[int], dict[int, str]]:
    """`unit_family(unit_id)` and `related_units(family)` in one query when the unit has no merged record (the
    usual case, so a report's page stays within its query budget): the related-units query also asks whether
    any row is an alias of the unit; only then are the family and its relations looked up step by step."""
    alias_of = Q(pk__in=UnitAlias.objects.filter(unit_id=unit_id).values("alias_id")) | Q(
        pk__in=UnitAlias.objects.filter(alias_id=unit_id).values("unit_id"))
    rows = _related_rows({unit_id}, extra=alias_of)
    if any(is_alias for *_, is_alias in rows):
        family = unit_family(unit_id)
        return family, related_units(family)
    return {unit_id}, _relations({unit_id}, [row[:3] for row in rows])


def _related_rows(family: set[int], extra: Q | None = None) -> list[tuple]:
    own = WorkUnit.objects.filter(pk__in=family)
    their_enterprise = own.filter(enterprise__isnull=False).values("enterprise_id")
    their_address = own.exclude(address_key="").values("address_key")
    wanted = (Q(pk__in=family) | Q(enterprise_id__in=family) | Q(pk__in=their_enterprise)
              | Q(enterprise_id__in=their_enterprise) | Q(address_key__in=their_address))
    rows = WorkUnit.objects.filter(wanted | extra if extra is not None else wanted).order_by("-pk")
    if extra is None:
        return list(rows.values_list("pk", "enterprise_id", "address_key"))
    is_alias = ExpressionWrapper(extra, output_field=BooleanField())
    return list(rows.annotate(is_alias=is_alias).values_list("pk", "enterprise_id", "address_key", "is_alias"))


def _relations(family: set[int], rows) -> dict[int, str]:
    enterprises = {e for pk, e, _ in rows if pk in family and e}
    keys = {k for pk, _, k in rows if pk in family and k}
    tops = enterprises | set(family)
    related: dict[int, str] = {}
    for pk, enterprise, key in rows:
        if pk in family or len(related) >= RELATED_UNITS:
            continue
        if pk in enterprises or enterprise in tops:
            related[pk] = SAME_ENTERPRISE
        elif key and key in keys:
            related[pk] = SAME_ADDRESS
    return related


def related_units(family: set[int]) -> dict[int, str]:
    """The other unit records whose reports are compared with `family`'s (a unit and its aliases), each with
    its relation: a unit of the same enterprise (the family's enterprise, the family itself as an enterprise,
    or a branch of either) or a unit at the same address (`WorkUnit.address_key`). One query; at most
    RELATED_UNITS of them, newest records first."""
    return _relations(family, _related_rows(family))


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
def add_unit(*, name: str, address: str = "", enterprise: WorkUnit | None = None, by) -> WorkUnit:
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
            unit = WorkUnit.objects.create(name=name, address=" ".join((address or "").split()), system_union=union,
                                           enterprise=enterprise)
    except IntegrityError:  # the same name added a moment ago by another clerk of the union
        raise DomainError(f"本工会已有单位“{name}”，请直接在列表中选择。", field="name") from None
    belongs = f"（所属企业：{enterprise}）" if enterprise is not None else ""
    record_change(unit, actor=by, action="新增隐患单位", comment=f"{union}经办人填报隐患报告时新增：{name}{belongs}")
    return unit
