"""The clerk's application steps — which are complete, and which step (and field) fixes each failed
pre-submit check. The checks are the regulation's own (rules.run_all); this only says where each is fixed."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from jinan_union.articles import cite

from . import rules
from .enums import BASIC_ARTICLE, CATEGORY_CHECKLIST, MATERIAL_ARTICLE, REQUIRED_MATERIALS, StudioCategory

STEPS = [("basic", "一、基本条件（六有）"), ("leader", "二、领衔人资格"), ("category", "三、类别条件"),
         ("materials", "四、申报材料")]

_BASIC_BY_ARTICLE = {article: condition for condition, article in BASIC_ARTICLE.items()}
_MATERIAL_BY_ARTICLE = {article: kind for kind, article in MATERIAL_ARTICLE.items()}
_CATEGORY_RULES = ("STU-CATEGORY", "STU-TECH", "STU-SERVICE", "STU-MGMT")


def upload_limit_text() -> str:
    return f"PDF、JPEG 或 PNG，单个文件不超过 {settings.UPLOAD_MAX_BYTES // 1048576} MB"


def required_material(kind: str) -> bool:
    return kind in REQUIRED_MATERIALS


def fix_of(check: rules.Check) -> tuple[str, str]:
    """(step, id of the field that fixes it); ("", "") when no step of the application does (the studio's or
    the unit's registered data)."""
    if check.rule == "STU-BASIC":
        return "basic", f"id_basic_{_BASIC_BY_ARTICLE[check.article]}"
    if check.rule == "STU-LEADER":
        return "leader", f"id_{check.field or 'leader_qualification'}"
    if check.rule == "STU-CATEGORY":
        return "category", "id_category"
    if check.rule in _CATEGORY_RULES:
        return "category", "honours"
    if check.rule == "STU-MATERIALS":
        return "materials", f"id_{_MATERIAL_BY_ARTICLE[check.article]}"
    return "", ""


@dataclass(frozen=True)
class Problem:
    check: rules.Check
    step: str
    step_label: str
    url: str  # the step's page with the field's anchor; "" when no step fixes it


def problems(app, checks: list[rules.Check]) -> list[Problem]:
    """Each blocking check with the link to the step and field that fixes it, in the order of the steps."""
    labels = dict(STEPS)
    found = []
    for check in rules.blocking(checks):
        step, anchor = fix_of(check)
        if step:
            url = reverse("studios:application-edit", args=[app.pk, step]) + f"#{anchor}"
        else:
            url = ""
        found.append(Problem(check, step, labels.get(step, "工作室及所在单位的登记信息"), url))
    order = [s for s, _ in STEPS]
    return sorted(found, key=lambda p: order.index(p.step) if p.step in order else len(order))


def status(checks: list[rules.Check]) -> list[dict]:
    """[{code, label, complete, missing}] — a step is complete when none of its hard checks fails."""
    missing: dict[str, int] = {}
    for check in rules.blocking(checks):
        step, _ = fix_of(check)
        if step:
            missing[step] = missing.get(step, 0) + 1
    return [{"code": code, "label": label, "complete": code not in missing, "missing": missing.get(code, 0)}
            for code, label in STEPS]


def category_conditions(category: str) -> list[dict]:
    """The narrative conditions of S§7–S§9 the reviewer marks one by one (CATEGORY_CHECKLIST), shown to the clerk
    on the category step: those of the chosen category, or of every category before one is chosen."""
    chosen = [category] if category in CATEGORY_CHECKLIST else list(CATEGORY_CHECKLIST)
    return [{"category": StudioCategory(c).label, "chosen": c == category,
             "items": [{"article": cite(article), "text": text} for _, article, text in CATEGORY_CHECKLIST[c]]}
            for c in chosen]
