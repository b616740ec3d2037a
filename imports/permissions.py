"""Who may import what (SYS-IMPORT), as predicates `(user, obj) -> (allowed, reason)`.

Each kind belongs to the municipal role that owns such records: studios and past hazard rewards to the
production-protection department (审核人), opening balances to municipal finance. A system union's clerk
imports its own union's studios named at system level (the municipal naming is the municipal union's record).
"""

from __future__ import annotations

from jinan_union.enums import STUDIO_SYSTEM_KINDS, Role

from .enums import MUNICIPAL_IMPORTERS, SYSTEM_CLERK_KINDS, ImportKind

Decision = tuple[bool, str]
OK: Decision = (True, "")


def can_import(user, kind: str) -> Decision:
    kind = ImportKind(kind)
    role = MUNICIPAL_IMPORTERS[kind]
    if user.is_municipal and user.has_role(role):
        return OK
    if (kind in SYSTEM_CLERK_KINDS and user.has_role(Role.SYSTEM_CLERK) and not user.is_municipal
            and user.organisation.system_kind in STUDIO_SYSTEM_KINDS):
        return OK
    who = {Role.REVIEWER: "市总工会生产保护部审核人", Role.FINANCE: "市总工会财务人员"}[role]
    extra = "和命名工作室的系统工会的经办人（本系统工会的工作室）" if kind in SYSTEM_CLERK_KINDS else ""
    return False, f"只有{who}{extra}可以导入{kind.label}。"


def kinds_for(user) -> list[ImportKind]:
    return [kind for kind in ImportKind if can_import(user, kind)[0]]


def can_handle_batch(user, batch) -> Decision:
    """Confirm, undo or give up a batch: who may import its kind, and sees the batch (SYS-SCOPE)."""
    from .selectors import batches_visible_to

    ok, why = can_import(user, batch.kind)
    if not ok:
        return ok, why
    if not batches_visible_to(user).filter(pk=batch.pk).exists():
        return False, "无权处理其他单位的导入批次。"
    return OK
