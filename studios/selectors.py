"""Every read a page lists: the one place where studios and applications are scoped (SYS-SCOPE)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import ExtractYear
from django.utils import timezone

from jinan_union.enums import Role
from jinan_union.files import attachments_of
from jinan_union.models import Attachment, Organisation, User
from jinan_union.scope import orgs_visible_to, sees_everything

from . import rules
from .enums import LEADER_EVIDENCE, MUNICIPAL_STATES, QUOTA_STATES, LedgerKind, MaterialKind
from .models import (
    Application,
    Assessment,
    Call,
    ExpertAssignment,
    ExpertScore,
    Inspection,
    LedgerEntry,
    NamingBatch,
    Showcase,
    ShowcasePhoto,
    SpotCheck,
    Studio,
    StudioMember,
)


def _studio_scope(user: User, prefix: str = "") -> Q:
    """A system union sees its studios; a grassroots union sees the studios of its own unit. Both as conditions
    on the studio's own columns (system_union_id, work_unit_id), which its indexes serve (issue 10)."""
    if sees_everything(user):
        return Q()
    # The ids first, in one small query (the union's subtree and the units of its grassroots unions): with lists
    # PostgreSQL ORs two index scans, where an OR of two subqueries scanned all 20,000 studios for the page's count
    # and charts (9 ms each).
    orgs, units = set(), set()
    for org, unit in orgs_visible_to(user).values_list("pk", "work_unit__pk"):
        orgs.add(org)
        if unit is not None:
            units.add(unit)
    return Q(**{f"{prefix}system_union_id__in": sorted(orgs)}) | Q(**{f"{prefix}work_unit_id__in": sorted(units)})


def studios_visible_to(user: User) -> QuerySet[Studio]:
    base = Studio.objects.select_related("system_union", "work_unit", "work_unit__grassroots_union")
    return base.filter(_studio_scope(user))


def applications_visible_to(user: User) -> QuerySet[Application]:
    base = Application.objects.select_related(
        "studio", "studio__system_union", "studio__work_unit", "studio__work_unit__grassroots_union",
        "naming_batch", "created_by",
    )
    return base.filter(_studio_scope(user, "studio__"))


def ledger_visible_to(user: User) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(studio__in=studios_visible_to(user).values("pk"))


def inspections_visible_to(user: User) -> QuerySet[Inspection]:
    return Inspection.objects.filter(application__in=applications_visible_to(user).values("pk"))


def spot_checks_visible_to(user: User) -> QuerySet[SpotCheck]:
    return SpotCheck.objects.filter(studio__in=studios_visible_to(user).values("pk"))


def batches_visible_to(user: User) -> QuerySet[NamingBatch]:
    # Naming batches are the municipal union's own business.
    return NamingBatch.objects.all() if user.is_municipal else NamingBatch.objects.none()


def quota_taken(year: int) -> int:
    return Application.objects.filter(naming_batch__year=year, state__in=QUOTA_STATES).count()


def quota_taken_by_year(years: list[int]) -> list[tuple[int, int]]:
    """quota_taken of several years in one query: [(year, taken)] in the order given."""
    taken = dict(
        Application.objects.filter(naming_batch__year__in=years, state__in=QUOTA_STATES)
        .values_list("naming_batch__year").annotate(n=Count("pk")).order_by()
    )
    return [(year, taken.get(year, 0)) for year in years]


def check_date_of(application: Application) -> date:
    """The application date the rules count from (STU-CALL): the close date of the application's call, the
    same for everyone in the call and never moved by a return and a resubmission (docs/decisions.md). An
    application without a call (made before calls existed) counts from its submission, or today."""
    if application.call_id:
        return application.call.closes_on
    return application.submitted_on or timezone.localdate()


def calls_visible_to(user: User) -> QuerySet[Call]:
    """A published call is public to every signed-in user (it is the notice every union answers)."""
    return Call.objects.all()


def open_call(on: date | None = None) -> Call | None:
    on = on or timezone.localdate()
    return Call.objects.filter(opens_on__lte=on, closes_on__gte=on).order_by("-year").first()


def call_for_new_application(on: date | None = None) -> Call | None:
    """The call a new application is prepared for: the one open now, else the next one still to open."""
    on = on or timezone.localdate()
    return open_call(on) or Call.objects.filter(opens_on__gt=on).order_by("opens_on").first()


def facts_for(application: Application, on: date | None = None) -> rules.ApplicationFacts:
    studio = application.studio
    union = studio.system_union
    unit = studio.work_unit
    material_counts = dict(
        attachments_of(application)
        .filter(kind__in=MaterialKind.values)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    return rules.ApplicationFacts(
        application_date=on or check_date_of(application),
        category=application.category,
        union_kind=union.kind,
        union_system_kind=union.system_kind,
        system_named_on=studio.system_named_on,
        union_sound=unit.union_sound,
        is_dedicated_rnd=unit.is_dedicated_rnd,
        leader_qualification=application.leader_qualification,
        leader_title_level=application.leader_title_level,
        leader_skill_level=application.leader_skill_level,
        leader_is_frontline=application.leader_is_frontline,
        leader_has_evidence=attachments_of(application, LEADER_EVIDENCE).exists(),
        basics={
            c: application.basic_text(c) for c in ("venue", "rules", "team", "activities", "funds", "results")
        },
        # SYS-IMPORT: the studio's honours and patents from the archive count for each of its applications.
        honours=[rules.HonourFact(h.kind, h.level, h.awarded_on, h.title) for h in application.counted_honours()],
        materials=material_counts,
    )


def checks_for(application: Application, on: date | None = None) -> list[rules.Check]:
    return rules.run_all(facts_for(application, on))


def materials_of(application: Application) -> list[tuple[str, str, list[Attachment]]]:
    """[(kind, label, files)] in the order of S§10, one query."""
    files: dict[str, list[Attachment]] = {}
    for a in attachments_of(application).filter(kind__in=MaterialKind.values):
        files.setdefault(a.kind, []).append(a)
    return [(k.value, k.label, files.get(k.value, [])) for k in MaterialKind]


def results_by_year(studio: Studio) -> list[dict]:
    """STU-RESULTS-YEAR: per year of the ledger, newest first, computed in one query."""
    rows = (
        LedgerEntry.objects.filter(studio=studio, corrected_by__isnull=True)  # a corrected entry counts no more
        .annotate(y=ExtractYear("happened_on"))
        .values("y")
        .annotate(
            projects=Count("pk", filter=Q(kind=LedgerKind.PROJECT)),
            applied=Count("pk", filter=Q(kind=LedgerKind.RESULT, result_applied=True)),
        )
        .order_by("-y")
    )
    return [
        {**r, "year": r["y"], "check": rules.check_results_year(r["y"], r["projects"], r["applied"])} for r in rows
    ]


def public_named_studios() -> QuerySet[Studio]:
    """STU-ALLIANCE (S§20): the public list of studios named at municipal level (not de-listed) with their
    applied results, in `applied_results`. The one read that is deliberately not scoped: every signed-in
    user of every union sees it, and it shows nothing beyond the naming and the results' titles."""
    applied = LedgerEntry.objects.filter(kind=LedgerKind.RESULT, result_applied=True, corrected_by__isnull=True) \
        .order_by("-happened_on", "-pk")
    return (
        Studio.objects.filter(status__in=MUNICIPAL_STATES)
        .select_related("system_union", "work_unit")
        .prefetch_related(Prefetch("ledger", queryset=applied, to_attr="applied_results"))
        .order_by("-naming_year", "name")
    )


def studio_counts(studios: QuerySet[Studio]) -> tuple[list[tuple[int, int]], list[tuple[str, int, int]]]:
    """The studio list's two charts from the studios given (already scoped), in one aggregate over the studios
    alone (no join: issue 10) and one look-up of the unions' names:

    - [(naming year, studios named that year)], oldest first. De-listed studios count in the year they were
      named: they took one of that year's places (S§6);
    - [(system union, studios, of which municipal-named now)], the most studios first."""
    rows = list(
        studios.order_by().values_list("system_union_id", "naming_year")
        # COUNT(*) and COUNT(status), not COUNT(id): the id is not in studio_counts_idx, and the scan would read the
        # table.
        .annotate(n=Count("*"), named=Count("status", filter=Q(status__in=MUNICIPAL_STATES)))
    )
    per_year: dict[int, int] = defaultdict(int)
    per_union: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for union_id, year, n, named in rows:
        if year is not None:
            per_year[year] += n
        per_union[union_id][0] += n
        per_union[union_id][1] += named
    names = dict(Organisation.objects.filter(pk__in=per_union).values_list("pk", "name")) if per_union else {}
    unions = sorted(((names[pk], n, named) for pk, (n, named) in per_union.items()), key=lambda r: (-r[1], r[0]))
    return sorted(per_year.items()), unions


def assessments_of(studio: Studio) -> QuerySet[Assessment]:
    return studio.assessments.select_related("assessed_by")


def with_assessment_flag(studios: QuerySet[Studio], today: date | None = None) -> QuerySet[Studio]:
    """STU-ASSESS: `missing_assessment` is last year for a studio named by the end of last year and still
    named (or 整改中) that has no assessment for it, else None. Derived on read, one query with the list."""
    year = rules.assessment_missing_year(today or timezone.localdate())
    has_it = Exists(Assessment.objects.filter(studio=OuterRef("pk"), year=year))
    return studios.annotate(missing_assessment=Case(
        When(Q(status__in=MUNICIPAL_STATES, naming_year__lte=year) & ~has_it, then=Value(year)),
        default=None, output_field=IntegerField(),
    ))


# --- expert scoring (STU-SCORE) -----------------------------------------------------------------------------


def assignments_of_expert(user: User) -> QuerySet[ExpertAssignment]:
    """An expert sees the applications assigned to them, nothing else."""
    return ExpertAssignment.objects.filter(expert=user).select_related(
        "application", "application__studio", "application__call", "score"
    ).order_by("-application__year", "pk")


def scores_seen_by(user: User, application: Application) -> list[ExpertScore]:
    """The reviewer and the secretary see every score; an expert sees the others' only once they have scored
    themselves (until then, none: their own judgement first)."""
    scores = ExpertScore.objects.filter(assignment__application=application).select_related("assignment__expert")
    if user.has_role(Role.REVIEWER, Role.SECRETARY):
        return list(scores)
    if scores.filter(assignment__expert=user).exists():
        return list(scores)
    return []


def ranking(call: Call | None = None, applications: QuerySet[Application] | None = None) -> list[dict]:
    """The applications of a call (or those given) by mean total score, highest first; each row with the
    number of experts assigned, scores missing, mean, lowest, highest and spread (highest − lowest). Rows
    without any score come last. One query."""
    qs = applications if applications is not None else Application.objects.filter(call=call)
    rows = (
        qs.select_related("studio", "studio__system_union")
        .annotate(
            n_assigned=Count("expert_assignments", distinct=True),
            n_scored=Count("expert_assignments__score", distinct=True),
            mean=Avg("expert_assignments__score__total"),
            low=Min("expert_assignments__score__total"),
            high=Max("expert_assignments__score__total"),
        )
        .filter(n_assigned__gt=0)
    )
    result = []
    for app in rows:
        mean = Decimal(str(app.mean)).quantize(Decimal("0.01"), ROUND_HALF_UP) if app.mean is not None else None
        spread = (app.high - app.low) if app.high is not None else None
        result.append({"application": app, "assigned": app.n_assigned, "scored": app.n_scored,
                       "missing": app.n_assigned - app.n_scored, "mean": mean, "low": app.low, "high": app.high,
                       "spread": spread})
    result.sort(key=lambda r: (r["mean"] is None, -(r["mean"] or 0), r["application"].pk))
    for place, row in enumerate(result, 1):
        row["place"] = place if row["mean"] is not None else None
    return result


def ranking_for_year(year: int) -> list[dict] | None:
    """The ranking of the call of a naming year, for the naming batch (None when that year had no call)."""
    call = Call.objects.filter(year=year).first()
    return ranking(call) if call else None


# --- STU-MEMBERS ---------------------------------------------------------------------------------------------


def members_visible_to(user: User) -> QuerySet[StudioMember]:
    """The members of the studios the user sees (the same scope as the studio list)."""
    return StudioMember.objects.filter(studio__in=studios_visible_to(user).values("pk")).select_related(
        "studio", "studio__system_union", "studio__work_unit"
    )


# --- STU-PUBLIC (S§20, S§22) ---------------------------------------------------------------------------------


def showcases_visible_to(user: User) -> QuerySet[Showcase]:
    return Showcase.objects.filter(studio__in=studios_visible_to(user).values("pk")).select_related(
        "studio", "studio__system_union", "studio__work_unit", "created_by"
    )


def showcase_result_choices(studio: Studio) -> QuerySet[LedgerEntry]:
    """The results a union may show: the studio's own results (成果) of its ledger."""
    return LedgerEntry.objects.filter(studio=studio, kind=LedgerKind.RESULT, corrected_by__isnull=True) \
        .order_by("-happened_on", "-pk")


def showcase_photo_choices(studio: Studio) -> QuerySet[Attachment]:
    """The photos a union may show: current images attached to the studio's ledger entries."""
    from django.contrib.contenttypes.models import ContentType

    from jinan_union.enums import IMAGE_TYPES

    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(LedgerEntry),
        object_id__in=LedgerEntry.objects.filter(studio=studio).values("pk"),
        file_type__in=IMAGE_TYPES, replaced=False,
    ).order_by("pk")


def public_showcases() -> QuerySet[Showcase]:
    """STU-PUBLIC: what the pages without login show — per studio still named at municipal level, its latest
    approved showcase; with the chosen results and photos. The one read for anonymous visitors: nothing else."""
    from .enums import ShowcaseState

    latest = Showcase.objects.filter(studio=OuterRef("studio"), state=ShowcaseState.APPROVED).order_by("-pk")
    return (
        Showcase.objects.filter(state=ShowcaseState.APPROVED, studio__status__in=MUNICIPAL_STATES,
                                pk=Subquery(latest.values("pk")[:1]))
        .select_related("studio", "studio__work_unit", "studio__system_union")
        .prefetch_related(
            Prefetch("results", queryset=LedgerEntry.objects.order_by("-happened_on", "-pk")),
            Prefetch("photos", queryset=ShowcasePhoto.objects.order_by("pk")),
        )
        .order_by("studio__category", "-studio__naming_year", "studio__name")
    )


def public_photo(token) -> ShowcasePhoto | None:
    return ShowcasePhoto.objects.select_related("attachment").filter(
        token=token, showcase__in=public_showcases().values("pk")
    ).first()


def staged_of(user: User, ids) -> list[Attachment]:
    """Files this user staged earlier (kept across a failed save), by the ids the form carries back."""
    ids = [i for i in ids if i]
    if not ids:
        return []
    try:
        return list(Attachment.objects.filter(uuid__in=ids, uploaded_by=user, content_type__isnull=True))
    except ValidationError:  # a forged id that is not a UUID
        return []


def attachments_by_entry(entries) -> dict[int, list[Attachment]]:
    """STU-LEDGER: each ledger entry's current attachments, in one query."""
    from django.contrib.contenttypes.models import ContentType

    found: dict[int, list[Attachment]] = {}
    ids = [e.pk for e in entries]
    for a in Attachment.objects.filter(content_type=ContentType.objects.get_for_model(LedgerEntry),
                                       object_id__in=ids, replaced=False).select_related("uploaded_by").order_by("pk"):
        found.setdefault(a.object_id, []).append(a)
    return found


def honours_of(studio: Studio):
    """The studio's honours and patents: those from the archive (SYS-IMPORT) and those entered in its applications
    (not removed), newest first."""
    from .models import Honour

    return (Honour.objects.filter(Q(studio=studio) | Q(application__studio=studio), removed=False)
            .select_related("application"))
