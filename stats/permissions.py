"""SYS-STATS: who may read the statistics. The municipal union's roles see everything; a system union's roles
see their own union's (every number comes from the lists' own scoped selectors)."""

from jinan_union.enums import OrgKind, Role

STATS_ROLES = (Role.REVIEWER, Role.SECRETARY, Role.FINANCE, Role.AUDITOR, Role.ADMIN, Role.SYSTEM_CLERK)
STATS_ORG_KINDS = (OrgKind.MUNICIPAL, OrgKind.DEPARTMENT, OrgKind.SYSTEM)


def can_view_stats(user) -> tuple[bool, str]:
    if not user.has_role(*STATS_ROLES) or user.organisation is None or user.organisation.kind not in STATS_ORG_KINDS:
        return False, "统计页面供市总工会和系统工会使用。"
    return True, ""
