"""Every read the pages list, scoped through jinan_union.scope (SYS-SCOPE)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum, Window
from django.db.models.functions import Coalesce, RowNumber

from jinan_union.files import register_owner
from jinan_union.models import User
from jinan_union.scope import scope_by_org, sees_everything

from .enums import AWAITING_VERIFICATION, ApplicationState, GroupState, ReportState, RoundState
from .grading import GRADE_LABELS
from .matching import LIKELY_LINE, Fingerprint, Match, compare, fingerprint_of, quick_score
from .models import Application, DuplicateDismissal, DuplicateGroup, HazardReport, Round, Scheme, in_round
from .units import ALIAS, family_and_related

# HAZ-FIRST: at most this many earlier reports of one hazard unit are compared (newest kept).
CANDIDATES_PER_UNIT = 500
# ... and at most this many of the units of the same enterprise or address, all together (newest kept).
RELATED_CANDIDATES = 200


def reports_visible_to(user: User) -> QuerySet:
    return scope_by_org(HazardReport.objects.all(), user, "union")


def report_list_for(user: User) -> QuerySet:
    return reports_visible_to(user).select_related(
        "union", "hazard_unit", "finder_unit", "application__round", "duplicate_group"
    )


def applications_visible_to(user: User) -> QuerySet:
    return scope_by_org(Application.objects.all(), user, "union")


def application_list_for(user: User) -> QuerySet:
    """The reports of each application are counted in a correlated subquery (one index lookup per row shown), not
    by a GROUP BY over every report joined to every application: the list's page of 50 costs 50 lookups however
    many reports there are (issue 10: 2 s with 200,000 reports as a GROUP BY)."""
    counted = (HazardReport.objects.filter(application=OuterRef("pk")).order_by().values("application")
               .annotate(n=Count("pk")).values("n"))
    return applications_visible_to(user).select_related("union", "round", "submitted_by").annotate(
        report_count=Coalesce(Subquery(counted), 0)
    )


def rounds(scheme: Scheme | None = None) -> QuerySet:
    """The rounds of one scheme (the city's when `scheme` is None or the city's), with their applications."""
    own = None if scheme is None or scheme.is_city else scheme
    return Round.objects.filter(scheme=own).annotate(
        application_count=Count("applications", filter=Q(applications__status="submitted"), distinct=True),
    )


# --- HAZ-SCHEME ---------------------------------------------------------------------------------------------

def schemes_visible_to(user: User) -> QuerySet:
    """Every scheme for the municipal union; the city's and the user's own system union's for the others."""
    qs = Scheme.objects.select_related("union")
    if sees_everything(user):
        return qs
    union = user.organisation.system_union if getattr(user, "organisation_id", None) else None
    return qs.filter(Q(is_city=True) | Q(union=union)) if union is not None else qs.filter(is_city=True)


def scheme_rounds_visible_to(user: User) -> QuerySet:
    """Rounds of the unions' own schemes (SYS-SCOPE): all for the municipal union, the user's union's for its
    staff; never another union's. The city's rounds are read on the municipal pages."""
    return scope_by_org(Round.objects.filter(scheme__isnull=False), user, "scheme__union").select_related(
        "scheme__union")


def may_read_round(user: User, round_: Round) -> bool:
    """The city's rounds span every union: the municipal union reads them. A union's own round: the
    municipal union and that union's staff (its units and other unions do not)."""
    if sees_everything(user):
        return True
    return bool(round_.scheme_id and user.organisation_id and user.organisation_id == round_.scheme.union_id)


@dataclass(frozen=True)
class ElsewhereFlag:
    """HAZ-SCHEME: this report's hazard was already paid by another scheme — surely (merged with it) or
    perhaps (a likely duplicate proposal)."""

    other: HazardReport
    merged: bool

    @property
    def text(self) -> str:
        payer = self.other.scheme_or_city.payer
        year = self.other.paid_round.year if self.other.paid_round_id else ""
        if self.merged:
            return f"同一隐患已由{payer}在{year}年度奖励（#{self.other.pk}，{self.other.finder_display}）。"
        return f"可能与已由{payer}在{year}年度奖励的 #{self.other.pk}（{self.other.location}）为同一隐患，请核对。"


def paid_elsewhere(reports: Iterable[HazardReport], proposals: bool = True,
                   known: dict[int, list] | None = None) -> dict[int, list[ElsewhereFlag]]:
    """HAZ-SCHEME: for each report, the reports of the same hazard already paid by another scheme — the
    members of its duplicate group (one query for all), and, with `proposals`, its likely duplicates across
    schemes (HAZ-FIRST proposals; a union's round is small, the city's round asks only for the groups).
    `known`: proposals the caller already has, by report id (the report page; not looked for again)."""
    reports = list(reports)
    groups = {r.duplicate_group_id for r in reports if r.duplicate_group_id}
    paid_members = defaultdict(list)
    if groups:
        for other in HazardReport.objects.filter(
                duplicate_group_id__in=groups, duplicate_group__status=GroupState.MERGED,
                status=ReportState.PAID).select_related("paid_round", "scheme__union").order_by("pk"):
            paid_members[other.duplicate_group_id].append(other)
    flags: dict[int, list[ElsewhereFlag]] = {}
    for report in reports:
        found = [ElsewhereFlag(other, merged=True) for other in paid_members.get(report.duplicate_group_id, ())
                 if other.pk != report.pk and other.scheme_id != report.scheme_id]
        if proposals and report.status != ReportState.DRAFT:
            seen = {f.other.pk for f in found}
            found_before = (known or {}).get(report.pk)
            for proposal in duplicate_proposals(report) if found_before is None else found_before:
                other = proposal.other
                if (proposal.likely and other.pk not in seen and other.status == ReportState.PAID
                        and other.scheme_id != report.scheme_id):
                    found.append(ElsewhereFlag(other, merged=False))
        if found:
            flags[report.pk] = found
    return flags


def round_reports(round_: Round, union=None) -> QuerySet:
    """The reports of a round (models.in_round; optionally of one union)."""
    qs = HazardReport.objects.filter(in_round(round_)).select_related(
        "union", "hazard_unit", "finder_unit", "duplicate_group"
    )
    if union is not None:
        qs = qs.filter(union=union)
    return qs.order_by("union__path", "reported_at", "pk")


def payment_rows(round_: Round, union=None) -> QuerySet:
    return round_reports(round_, union).filter(status=ReportState.PAID)


def paid_rounds_for_union(union) -> QuerySet:
    """Paid rounds with what this union's finders were paid in each (for the union's finance)."""
    return Round.objects.filter(status=RoundState.PAID, scheme__isnull=True).annotate(
        union_total=Sum("paid_reports__reward_amount", filter=Q(paid_reports__union=union), default=Decimal("0")),
        union_count=Count("paid_reports", filter=Q(paid_reports__union=union)),
    )


def round_by_union(reports: QuerySet) -> list[dict]:
    """A round's figures per union in one GROUP BY (issue 10: the round page summed 25,000 report objects), in the
    round's order (the union's place in the tree): its name and id, how many reports and how many await
    verification, the rewards verification has settled (verified and paid reports: the amounts paid once the
    round is closed; ¥0.00 for a union whose reports earn nothing), what was paid, with how many reports, and
    how many reports have each grade that counts (H§4: the re-assessed grade, else the experts'; `grade_None`:
    not graded) and how many are in a duplicate group."""
    settled = Q(status__in=(ReportState.VERIFIED, ReportState.PAID))
    paid = Q(status=ReportState.PAID)
    zero = Decimal("0.00")
    grades = {f"grade_{grade}": Count("pk", filter=Q(effective_grade=grade)) for grade in GRADE_LABELS}
    return list(reports.order_by().alias(effective_grade=Coalesce("reassessed_grade", "expert_grade")).values(
        "union", "union__name", "union__path").annotate(
        count=Count("pk"), waiting=Count("pk", filter=Q(status=ReportState.SUBMITTED)),
        settled=Sum("reward_amount", filter=settled, default=zero),
        paid=Sum("reward_amount", filter=paid, default=zero), paid_count=Count("pk", filter=paid),
        grouped=Count("pk", filter=Q(duplicate_group__isnull=False)),
        grade_None=Count("pk", filter=Q(effective_grade__isnull=True)), **grades,
    ).order_by("union__path", "union"))


def reports_by_grade(by_union: list[dict]) -> list[tuple[int | None, str, int]]:
    """How many reports of each grade that counts (from `round_by_union`), every grade shown, ungraded ones
    last."""
    rows = [(grade, label, sum(u[f"grade_{grade}"] for u in by_union)) for grade, label in GRADE_LABELS.items()]
    ungraded = sum(u["grade_None"] for u in by_union)
    return [*rows, (None, "未定级", ungraded)] if ungraded else rows


def ready_reports_of(union, round_: Round | None = None) -> QuerySet:
    """The union's reports ready to join an application; of the round's scheme when a round is given."""
    qs = HazardReport.objects.filter(union=union, status=ReportState.READY, application__isnull=True)
    return qs.filter(scheme_id=round_.scheme_id) if round_ is not None else qs


def application_submitted(union, round_: Round) -> bool:
    """By year: the round may not exist yet (it is created by the first application, never by a read)."""
    return Application.objects.filter(
        union=union, round__year=round_.year, round__scheme_id=round_.scheme_id,
        status=ApplicationState.SUBMITTED).exists()


register_owner(HazardReport, reports_visible_to)
register_owner(Application, applications_visible_to)


# --- HAZ-FIRST proposals ---------------------------------------------------------------------------
# Two steps keep this fast with 200,000 reports (benchmarks/hazards_duplicates.py): one indexed query
# reads the few plain columns of the candidates (no model instances), Python scores them, and only the
# reports that are proposed are then loaded as models.

@dataclass(frozen=True)
class Proposal:
    report: HazardReport
    other: HazardReport
    match: Match
    via: str = ""  # the other report is of another unit record: how that unit is related (units.ALIAS …)

    @property
    def score(self) -> float:
        return self.match.score

    @property
    def likely(self) -> bool:
        return self.match.likely


# The reviewer's page lists pairs above the line; one report's page shows its few best candidates
# whatever their score (HAZ-FIRST: no true pair hidden by a threshold), and draws the line among them.
SHOWN_PER_REPORT = 5


@dataclass(frozen=True)
class _Candidate:
    pk: int
    unit_id: int
    group_id: int | None  # an active duplicate group only
    print: Fingerprint


_COLUMNS = ("pk", "hazard_unit_id", "location", "description", "duplicate_group_id", "duplicate_group__status",
            "match_text")


def candidate_reports(unit_ids) -> QuerySet:
    """HAZ-FIRST candidates: the newest non-draft reports of the given hazard units, at most
    CANDIDATES_PER_UNIT each, as plain rows (pk, unit, location, description, group, group state).

    It filters on hazard_unit_id and orders by reported_at, so the database reads only these units'
    rows from `hazard_unit_reported_idx`; the cap is applied in SQL, so a unit with thousands of
    reports still returns at most 500 rows.
    """
    unit_ids = sorted(set(unit_ids))
    qs = HazardReport.objects.filter(hazard_unit_id__in=unit_ids).exclude(status=ReportState.DRAFT)
    if len(unit_ids) == 1:
        return qs.order_by("-reported_at").values_list(*_COLUMNS)[:CANDIDATES_PER_UNIT]
    return qs.annotate(
        unit_rank=Window(RowNumber(), partition_by=F("hazard_unit_id"), order_by=F("reported_at").desc()),
    ).filter(unit_rank__lte=CANDIDATES_PER_UNIT).order_by("hazard_unit_id", "-reported_at").values_list(*_COLUMNS)


def related_candidate_reports(unit_ids) -> QuerySet:
    """The newest RELATED_CANDIDATES non-draft reports of the units of the same enterprise or address, together."""
    qs = HazardReport.objects.filter(hazard_unit_id__in=sorted(set(unit_ids))).exclude(status=ReportState.DRAFT)
    return qs.order_by("-reported_at", "-pk").values_list(*_COLUMNS)[:RELATED_CANDIDATES]


def _candidate(row) -> _Candidate:
    pk, unit_id, location, description, group_id, group_state, stored = row
    group = group_id if group_id and group_state == GroupState.MERGED else None
    return _Candidate(pk, unit_id, group, fingerprint_of(location, description, stored))


def _candidates(unit_ids) -> dict[int, list[_Candidate]]:
    by_unit: dict[int, list[_Candidate]] = defaultdict(list)
    for row in candidate_reports(unit_ids):
        candidate = _candidate(row)
        by_unit[candidate.unit_id].append(candidate)
    return by_unit


def candidates_for(unit_id: int) -> tuple[list[_Candidate], dict[int, str]]:
    """Everything one report of `unit_id` is compared with: the unit's and its aliases' reports (at most
    CANDIDATES_PER_UNIT each) and the newest RELATED_CANDIDATES of the units of the same enterprise or address;
    with, for each other unit record, how it is related (units.ALIAS, SAME_ENTERPRISE, SAME_ADDRESS)."""
    family, related = family_and_related(unit_id)
    by_unit = _candidates(family)
    candidates = [c for unit in sorted(family) for c in by_unit.get(unit, ())]
    if related:
        candidates += [_candidate(row) for row in related_candidate_reports(related)]
    return candidates, {**{unit: ALIAS for unit in family if unit != unit_id}, **related}


def _dismissed_pairs(report_ids) -> set[frozenset]:
    rows = DuplicateDismissal.objects.filter(undone_at__isnull=True).filter(
        Q(first_id__in=report_ids) | Q(second_id__in=report_ids)
    ).values_list("first_id", "second_id")
    return {frozenset(pair) for pair in rows}


def _load(pks) -> dict[int, HazardReport]:
    return HazardReport.objects.select_related("union", "hazard_unit", "duplicate_group").in_bulk(list(pks))


def rank_candidates(mine: Fingerprint, candidates, exclude=lambda other: False, limit: int = SHOWN_PER_REPORT):
    """The `limit` best (pk, Match) among the candidates, best first; the one scoring loop of HAZ-FIRST
    (the report page, the clerk's "already reported?" and the evaluation command use it)."""
    scored = [(quick_score(mine, other.print), other) for other in candidates if not exclude(other)]
    best = sorted(((s, other) for s, other in scored if s > 0), key=lambda item: (-item[0], item[1].pk))[:limit]
    return [(other.pk, compare(mine, other.print)) for _, other in best]


def duplicate_proposals(report: HazardReport, limit: int = SHOWN_PER_REPORT) -> list[Proposal]:
    """The best candidates for one report: same hazard unit, any union or year, with score and what matched,
    best first, whether or not above the line (Proposal.likely)."""
    if not report.hazard_unit_id:
        return []
    group = report.duplicate_group_id if report.duplicate_group_id and report.duplicate_group.is_active else None
    mine = fingerprint_of(report.location, report.description, report.match_text)
    dismissed = _dismissed_pairs([report.pk])

    def exclude(other) -> bool:
        same_group = group is not None and other.group_id == group
        return other.pk == report.pk or same_group or frozenset((report.pk, other.pk)) in dismissed

    candidates, via = candidates_for(report.hazard_unit_id)
    scored = rank_candidates(mine, candidates, exclude, limit)
    if not scored:
        return []
    others = _load(pk for pk, _ in scored)
    return [Proposal(report, others[pk], match, via.get(others[pk].hazard_unit_id, "")) for pk, match in scored]


def unpaid_applications() -> list[int]:
    """The applications of the rounds not yet paid (a few hundred ids): read once per page and handed to
    `open_proposal_units` and `open_duplicate_proposals`, so the reviewer's page reads them once."""
    return list(Application.objects.exclude(round__status=RoundState.PAID).order_by().values_list("pk", flat=True))


def _open_reports(unpaid: list[int] | None = None) -> QuerySet:
    """Reports of rounds not yet paid, awaiting verification or verified. Verified reports that a paid
    round did not reward stay verified for good; they are still candidates for new reports, but no longer
    open, so the reviewer's page does not grow year after year."""
    # The applications of the rounds not yet paid (a few hundred ids), not a join to every report's round: with
    # 200,000 reports the join scanned them all (issue 10, 2.7 s for the reviewer's page).
    if unpaid is None:
        unpaid = unpaid_applications()
    return (
        HazardReport.objects.filter(status__in=(ReportState.SUBMITTED, ReportState.VERIFIED))
        # A report carried over to next year's round (H§9) is open there, though its application's round is paid.
        .filter(Q(application__isnull=True) | Q(application__in=unpaid) | Q(carried_to__isnull=False))
        .exclude(carried_to__status=RoundState.PAID)
        .exclude(hazard_unit__isnull=True)
    )


def open_proposal_units(unpaid: list[int] | None = None) -> QuerySet:
    """The hazard units with open reports, in a stable order: the reviewer's page goes through them a
    page at a time, so its cost is bounded by the page, not by how many reports are open."""
    return _open_reports(unpaid).order_by("hazard_unit_id").values_list("hazard_unit_id", flat=True).distinct()


def open_duplicate_proposals(unit_ids=None, unpaid: list[int] | None = None) -> list[Proposal]:
    """Proposals among open reports (see _open_reports) and everything earlier of their hazard units,
    for the reviewer's page; only of the given hazard units if `unit_ids` is given."""
    reports = _open_reports(unpaid)
    if unit_ids is not None:
        reports = reports.filter(hazard_unit_id__in=list(unit_ids))
    open_reports = list(reports.values_list("pk", "hazard_unit_id"))
    if not open_reports:
        return []
    open_ids = {pk for pk, _ in open_reports}
    by_unit = _candidates({unit for _, unit in open_reports})
    dismissed = _dismissed_pairs(open_ids)
    seen: set[frozenset] = set()
    scored = []
    for candidates in by_unit.values():
        for report in candidates:
            if report.pk not in open_ids:
                continue
            for other in candidates:
                pair = frozenset((report.pk, other.pk))
                if (other.pk == report.pk or pair in seen or pair in dismissed
                        or (report.group_id and report.group_id == other.group_id)):
                    continue
                seen.add(pair)
                if quick_score(report.print, other.print) >= LIKELY_LINE:
                    scored.append((report.pk, other.pk, compare(report.print, other.print)))
    if not scored:
        return []
    loaded = _load({pk for a, b, _ in scored for pk in (a, b)})
    proposals = [Proposal(loaded[a], loaded[b], match) for a, b, match in scored]
    proposals.sort(key=lambda p: -p.score)
    return proposals


def merged_groups(limit: int = 50) -> QuerySet:
    """The newest confirmed duplicate groups with their number of reports, in one query (the reviewer's page)."""
    return DuplicateGroup.objects.filter(status=GroupState.MERGED).annotate(
        report_count=Count("reports")).order_by("-created_at", "-pk")[:limit]


def next_to_verify(user: User, report: HazardReport) -> HazardReport | None:
    """The next report awaiting verification that `user` may verify, in the inbox's order (the report list
    filtered 已报送, newest filled in first: `ReportFilter`'s default sort); after the last, the first again.
    None when no other report waits."""
    queue = reports_visible_to(user).filter(status__in=AWAITING_VERIFICATION).exclude(pk=report.pk)
    order = ("-created_at", "-pk")
    later = queue.filter(Q(created_at__lt=report.created_at) | Q(created_at=report.created_at, pk__lt=report.pk))
    return later.order_by(*order).first() or queue.order_by(*order).first()
