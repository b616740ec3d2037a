"""The clerk's aids while typing a report (issue 11, issue 15): the grade and reward preview (HAZ-GRADE,
HAZ-REWARD) and "已经有人报告过？" (HAZ-FIRST). Both only read: nothing here writes a table.

The preview is made by the very functions verification uses (`HazardReport.computed_grade`,
`workflows.decide`) on an unsaved report built from what the clerk typed, so what it shows is what the
report earns once verified as it stands (a later merge with a duplicate may still change that).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .grading import GRADE_LABELS
from .matching import Match, fingerprint, surface_words
from .models import HazardReport
from .workflows import decide

# --- HAZ-GRADE, HAZ-REWARD: the preview ------------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    computed_grade: int | None  # from the consequences (《奖励办法》第四条)
    grade: int | None  # the grade the reward follows: the experts' if chosen, else the computed one
    basis: str  # 专家评定等级 / 按后果计算
    amount: Decimal | None
    reason: str  # why no reward, when none
    missing: str  # what is still needed before anything can be computed

    @property
    def computed_label(self) -> str:
        return GRADE_LABELS.get(self.computed_grade, "—")

    @property
    def grade_label(self) -> str:
        return GRADE_LABELS.get(self.grade, "—")

    @property
    def rewarded(self) -> bool:
        return bool(self.amount and self.amount > 0)

    def as_json(self) -> dict:
        return {
            "computed_grade": self.computed_grade, "computed_label": self.computed_label,
            "grade": self.grade, "grade_label": self.grade_label, "basis": self.basis,
            "amount": None if self.amount is None else f"{self.amount:.2f}",
            "rewarded": self.rewarded, "reason": self.reason, "missing": self.missing,
        }


def _count(value) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


def _money(value) -> Decimal | None:
    text = str(value if value is not None else "").strip().replace(",", "").replace("，", "")
    try:
        amount = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() and amount >= 0 else None


def _grade(value) -> int | None:
    number = _count(value)
    return number if number in GRADE_LABELS else None


def preview_for(values) -> Preview:
    """The preview from the form's raw values (a QueryDict or dict of strings; bad values count as absent)."""
    report = HazardReport(
        deaths=_count(values.get("deaths")), serious_injuries=_count(values.get("serious_injuries")),
        direct_loss=_money(values.get("direct_loss")), expert_grade=_grade(values.get("expert_grade")),
        is_safety_manager=str(values.get("is_safety_manager", "")).lower() in ("on", "true", "1"),
        rectification=values.get("rectification") or "",
    )
    computed = report.computed_grade
    if report.expert_grade:
        grade, basis = report.expert_grade, "专家评定等级"
    elif computed:
        grade, basis = computed, "按后果计算"
    else:
        return Preview(None, None, "", None, "",
                       "填写可能造成的死亡人数、重伤人数和直接经济损失（可填 0）后显示等级和奖励。")
    report.expert_grade = grade  # the grade verification will count, unless the city re-assesses it
    decision = decide(report)
    return Preview(computed, grade, basis, decision.amount, decision.reason, "")


def preview_of_report(report: HazardReport) -> Preview:
    return preview_for({
        "deaths": report.deaths, "serious_injuries": report.serious_injuries, "direct_loss": report.direct_loss,
        "expert_grade": report.expert_grade, "is_safety_manager": "on" if report.is_safety_manager else "",
        "rectification": report.rectification,
    })


# --- HAZ-FIRST: "已经有人报告过？" -----------------------------------------------------------------

EXCERPT = 40  # characters of another report's description the clerk sees


def highlight(text: str, words, limit: int | None = None) -> SafeString:
    """`text` (cut to `limit` characters) escaped, with the given words marked."""
    text = text or ""
    cut = limit is not None and len(text) > limit
    if cut:
        text = text[:limit]
    words = [w for w in words if w]
    if not words:
        return mark_safe(escape(text) + ("…" if cut else ""))
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    parts, last = [], 0
    for found in pattern.finditer(text):
        parts.append(escape(text[last:found.start()]))
        parts.append(f"<mark>{escape(found.group(0))}</mark>")
        last = found.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts) + ("…" if cut else ""))


def shared_words(mine_location: str, mine_description: str, other_location: str, other_description: str,
                 match: Match) -> list[str]:
    """What to mark in a candidate: the words for the shared vocabulary terms and numbers, and the runs of
    two or more characters both reports wrote alike (after normalising width and script)."""
    words = surface_words(match.terms)
    mine = fingerprint(mine_location, mine_description)
    other = fingerprint(other_location, other_description)
    common = (mine.location | mine.description) & (other.location | other.description)
    text = (other_location or "") + "\n" + (other_description or "")
    # Keep the longest runs of the candidate's own text whose every bigram is shared.
    run = ""
    for index, char in enumerate(text):
        pair = text[index - 1:index + 1].lower() if index else ""
        if run and pair in common:
            run += char
            continue
        if len(run) >= 2:
            words.append(run)
        run = char
    if len(run) >= 2:
        words.append(run)
    return words


@dataclass(frozen=True)
class Similar:
    """A possible earlier report of the same hazard, as much as the clerk may see of it."""

    own: bool  # of the clerk's own union: it may be opened
    pk: int | None
    union: str
    day: date | None
    location: SafeString
    excerpt: SafeString
    score: float
    likely: bool
    status: str
    unit: str = ""  # another unit record's report (issue 15): that unit's name
    via: str = ""  # ... and how it is related (units.ALIAS, SAME_ENTERPRISE, SAME_ADDRESS)


def similar_reports(user, *, unit_id: int, location: str, description: str, exclude_pk: int | None = None,
                    limit: int = 5) -> list[Similar]:
    """The best candidates for what the clerk typed: the unit and its aliases, any union, any year (carried-over
    reports included), through the one scoring loop (selectors.rank_candidates). Another union's report shows
    only its union, the day it was reported, its location and the start of its description (decisions)."""
    from . import selectors  # selectors imports this module's neighbours; late import keeps the order simple

    if not (location or "").strip() and not (description or "").strip():
        return []
    candidates, via = selectors.candidates_for(unit_id)
    mine = fingerprint(location or "", description or "")
    scored = selectors.rank_candidates(mine, candidates, lambda other: other.pk == exclude_pk, limit)
    if not scored:
        return []
    loaded = HazardReport.objects.select_related("union", "hazard_unit").in_bulk([pk for pk, _ in scored])
    union = user.organisation.system_union if user.organisation_id else None
    own_union = union.pk if union is not None else None
    rows = []
    for pk, match in scored:
        other = loaded[pk]
        words = shared_words(location, description, other.location, other.description, match)
        own = own_union is not None and other.union_id == own_union
        rows.append(Similar(
            own=own, pk=other.pk if own else None, union=str(other.union),
            day=timezone.localdate(other.reported_at) if other.reported_at else None,
            location=highlight(other.location, words), excerpt=highlight(other.description, words, EXCERPT),
            score=match.score, likely=match.likely, status=other.get_status_display() if own else "",
            unit=str(other.hazard_unit) if other.hazard_unit_id != unit_id else "",
            via=via.get(other.hazard_unit_id, ""),
        ))
    return rows

