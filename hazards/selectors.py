"""Every read the pages list, scoped through jinan_union.scope (SYS-SCOPE)."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from jinan_union.files import register_owner
from jinan_union.models import User
from jinan_union.scope import scope_by_org

from .enums import ReportState
from .models import Application, DuplicateDismissal, HazardReport, Round
from .rules import DUPLICATE_THRESHOLD, duplicate_score

# HAZ-FIRST: at most this many earlier reports of one hazard unit are compared (newest kept).
CANDIDATES_PER_UNIT = 500


def reports_visible_to(user: User) -> QuerySet:
    return scope_by_org(HazardReport.objects.all(), user, "union")


def report_list_for(user: User) -> QuerySet:
    return reports_visible_to(user).select_related(
        "union", "hazard_unit", "finder_unit", "application__round", "duplicate_group"
    )


def applications_visible_to(user: User) -> QuerySet:
    return scope_by_org(Application.objects.all(), user, "union")


def application_list_for(user: User) -> QuerySet:
    return applications_visible_to(user).select_related("union", "round", "submitted_by").annotate(
        report_count=Count("reports")
    )


def rounds() -> QuerySet:
    return Round.objects.annotate(
        application_count=Count("applications", filter=Q(applications__status="submitted"), distinct=True),
    )


def round_reports(round_: Round, union=None) -> QuerySet:
    """The reports of a round's submitted applications (optionally of one union)."""
    qs = HazardReport.objects.filter(
        application__round=round_, application__status="submitted"
    ).select_related("union", "hazard_unit", "finder_unit", "duplicate_group")
    if union is not None:
        qs = qs.filter(union=union)
    return qs.order_by("union__path", "reported_at", "pk")


def payment_rows(round_: Round, union=None) -> QuerySet:
    return round_reports(round_, union).filter(status=ReportState.PAID)


def ready_reports_of(union) -> QuerySet:
    return HazardReport.objects.filter(union=union, status=ReportState.READY, application__isnull=True)


register_owner(HazardReport, reports_visible_to)
register_owner(Application, applications_visible_to)


# --- HAZ-FIRST proposals ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Proposal:
    report: HazardReport
    other: HazardReport
    score: float


def _dismissed_pairs(report_ids) -> set[frozenset]:
    rows = DuplicateDismissal.objects.filter(undone_at__isnull=True).filter(
        Q(first_id__in=report_ids) | Q(second_id__in=report_ids)
    ).values_list("first_id", "second_id")
    return {frozenset(pair) for pair in rows}


def _candidates(unit_ids) -> dict[int, list[HazardReport]]:
    """Reports of the given hazard units, by unit: one query on the (hazard_unit, reported_at) index."""
    by_unit: dict[int, list[HazardReport]] = defaultdict(list)
    qs = (
        HazardReport.objects.filter(hazard_unit_id__in=list(unit_ids))
        .exclude(status=ReportState.DRAFT)
        .select_related("union", "hazard_unit", "duplicate_group", "paid_round", "application__round")
        .order_by("hazard_unit_id", "-reported_at")
    )
    for report in qs:
        if len(by_unit[report.hazard_unit_id]) < CANDIDATES_PER_UNIT:
            by_unit[report.hazard_unit_id].append(report)
    return by_unit


def _same_group(a: HazardReport, b: HazardReport) -> bool:
    return bool(
        a.duplicate_group_id and a.duplicate_group_id == b.duplicate_group_id and a.duplicate_group.is_active
    )


def duplicate_proposals(report: HazardReport, limit: int = 10) -> list[Proposal]:
    """Likely duplicates of one report: same hazard unit, similar location and description, any union or year."""
    if not report.hazard_unit_id:
        return []
    others = [r for r in _candidates([report.hazard_unit_id])[report.hazard_unit_id] if r.pk != report.pk]
    dismissed = _dismissed_pairs([report.pk])
    proposals = []
    for other in others:
        if frozenset((report.pk, other.pk)) in dismissed or _same_group(report, other):
            continue
        score = duplicate_score(report.location, report.description, other.location, other.description)
        if score >= DUPLICATE_THRESHOLD:
            proposals.append(Proposal(report, other, score))
    proposals.sort(key=lambda p: (-p.score, p.other.reported_at or p.other.created_at))
    return proposals[:limit]


def open_duplicate_proposals() -> list[Proposal]:
    """Proposals among reports awaiting verification or verified and unpaid, for the reviewer's page."""
    open_reports = list(
        HazardReport.objects.filter(status__in=(ReportState.SUBMITTED, ReportState.VERIFIED))
        .exclude(hazard_unit__isnull=True).values_list("pk", "hazard_unit_id")
    )
    if not open_reports:
        return []
    open_ids = {pk for pk, _ in open_reports}
    by_unit = _candidates({unit for _, unit in open_reports})
    dismissed = _dismissed_pairs(open_ids)
    seen: set[frozenset] = set()
    proposals = []
    for reports in by_unit.values():
        for report in reports:
            if report.pk not in open_ids:
                continue
            for other in reports:
                pair = frozenset((report.pk, other.pk))
                if other.pk == report.pk or pair in seen or pair in dismissed or _same_group(report, other):
                    continue
                seen.add(pair)
                score = duplicate_score(report.location, report.description, other.location, other.description)
                if score >= DUPLICATE_THRESHOLD:
                    proposals.append(Proposal(report, other, score))
    proposals.sort(key=lambda p: -p.score)
    return proposals
