"""The regulation's eligibility clauses as small pure functions (S§4, S§6–S§10, S§17).

Each takes plain values and returns a `Check`: the rule ID, the article (cited as S§N), whether it
passed, and a message in Chinese that the pre-submit page and the reviewer show as it is.
`run_all(facts)` runs every automatic check for one application.

Date conventions (see docs/decisions/studios.md):
- "稳定运行2年以上" (S§6(一)): 以上 includes the number, so the anniversary day itself passes.
- Periods counted in years end on the same day of the month; when that day does not exist (29 Feb in a
  common year) the period ends on the last day of that month (民法典 第二百零二条).
- "申报前N年内" (S§7(一), S§8(六), S§9(四)): from the same day N years before the application date up to
  the application date, both days included; a later date does not count.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from jinan_union.articles import cite
from jinan_union.enums import STUDIO_SYSTEM_KINDS, OrgKind

from .enums import (
    BASIC_ARTICLE,
    MATERIAL_ARTICLE,
    MUNICIPAL_OR_HIGHER,
    REQUIRED_MATERIALS,
    SENIOR_OR_HIGHER,
    BasicCondition,
    HonourKind,
    LeaderQualification,
    Level,
    MaterialKind,
    SkillLevel,
    StudioCategory,
)

QUOTA_PER_YEAR = 10  # S§6: 每年……数量控制在10家以内
# The regulation took effect on 2020-04-27 (S§24): no naming or assessment belongs to an earlier year.
FIRST_YEAR = 2020
# Dates of what already happened (an award, an inspection, a meeting, a ledger entry) lie after this floor.
EARLIEST_DATE = date(2000, 1, 1)


@dataclass(frozen=True)
class Check:
    rule: str
    article: str
    passed: bool
    message: str
    hard: bool = True  # a failed hard check blocks the submit; a soft one is a warning
    field: str = ""  # the application's field that fixes a failure, where the rule has more than one

    @property
    def blocks(self) -> bool:
        return self.hard and not self.passed


def cn(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def shift_years(d: date, years: int) -> date:
    """The same day `years` later (or earlier when negative); 29 Feb becomes 28 Feb in a common year."""
    year = d.year + years
    day = min(d.day, calendar.monthrange(year, d.month)[1])
    return date(year, d.month, day)


# --- S§6(一): only a system union recommends, a studio it named ≥ 2 years ago -------------------------


def check_recommending_union(org_kind: str, system_kind: str) -> Check:
    ok = org_kind == OrgKind.SYSTEM and system_kind in STUDIO_SYSTEM_KINDS
    return Check(
        "STU-RECOMMEND", "S§6(一)", ok,
        "推荐单位是区县总工会、局（委）工会或大企业工会。" if ok
        else f"{cite('S§6(一)')}：只有区县总工会、局（委）工会、大企业工会（系统工会）可以推荐参加市级评比。",
    )


def check_stable_two_years(system_named_on: date | None, application_date: date) -> Check:
    if system_named_on is None:
        return Check("STU-RECOMMEND", "S§6(一)", False, f"{cite('S§6(一)')}：未填写系统工会命名日期。")
    anniversary = shift_years(system_named_on, 2)
    ok = anniversary <= application_date
    if ok:
        message = f"系统工会于{cn(system_named_on)}命名，至申报日{cn(application_date)}已稳定运行2年以上。"
    else:
        message = (
            f"{cite('S§6(一)')}：系统工会命名日期为{cn(system_named_on)}，须在{cn(anniversary)}（含）之后才满2年，"
            f"申报日{cn(application_date)}尚未稳定运行满2年。"
        )
    return Check("STU-RECOMMEND", "S§6(一)", ok, message)


# --- S§6(二): the leader ------------------------------------------------------------------------------


def check_leader(
    qualification: str, title_level: str, skill_level: str, is_frontline: bool, has_evidence: bool
) -> Check:
    """Every unmet requirement is named at once, so the clerk fixes them in one pass, not one per submit."""
    rule, article = "STU-LEADER", "S§6(二)"
    failures: list[str] = []
    ok_text = ""
    if qualification in (LeaderQualification.MODEL_WORKER, LeaderQualification.MAY_DAY_MEDAL):
        label = LeaderQualification(qualification).label
        if title_level in MUNICIPAL_OR_HIGHER:
            ok_text = f"领衔人为{Level(title_level).label}{label}。"
        else:
            level = Level(title_level).label if title_level else "未填写级别"
            failures.append(f"领衔人须为市级以上{label}，填写的级别为“{level}”")
    elif qualification == LeaderQualification.JINAN_CRAFTSMAN:
        ok_text = "领衔人为济南工匠。"
    elif qualification == LeaderQualification.SKILLED_WORKER:
        if not is_frontline:
            failures.append("以职业技能等级申报的领衔人须为一线职工")
        if skill_level not in SENIOR_OR_HIGHER:
            failures.append("以职业技能等级申报的领衔人须具有高级工（三级）以上职业技能等级")
        if not failures:
            ok_text = f"领衔人为具有{SkillLevel(skill_level).label}职业技能等级的一线职工。"
    else:
        failures.append(
            "领衔人须为市级以上劳动模范、五一劳动奖章获得者、济南工匠或具有高级以上职业技能等级的一线职工"
        )
    only_evidence = not failures and not has_evidence
    if not has_evidence:
        failures.append("请上传领衔人资格的证明材料（荣誉证书或职业技能等级证书）")
    if failures:
        return Check(rule, article, False, f"{cite(article)}：" + "；".join(failures) + "。",
                     field="evidence" if only_evidence else "leader_qualification")
    return Check(rule, article, True, ok_text)


# --- S§6(三)(四): the host unit -----------------------------------------------------------------------


def check_unit_union_sound(union_sound: bool) -> Check:
    return Check(
        "STU-UNIT", "S§6(三)", union_sound,
        "所在单位工会组织健全。" if union_sound
        else f"{cite('S§6(三)')}：创新工作室所在单位必须是工会组织健全的企事业单位。",
    )


def check_not_dedicated_rnd(is_dedicated_rnd: bool) -> Check:
    ok = not is_dedicated_rnd
    return Check(
        "STU-UNIT", "S§6(四)", ok,
        "不是单位原有建制的专门研发机构。" if ok
        else f"{cite('S§6(四)')}：企事业单位原有建制的专门研发机构不在命名之列。",
    )


# --- S§7(一), S§8(六), S§9(四): honours within N years, municipal level or higher ------------------------


@dataclass(frozen=True)
class HonourFact:
    kind: str
    level: str
    awarded_on: date
    title: str = ""


def _within(awarded_on: date, application_date: date, years: int) -> bool:
    return shift_years(application_date, -years) <= awarded_on <= application_date


def _honour_check(
    rule: str, article: str, honours: list[HonourFact], application_date: date, years: int,
    kinds: tuple[str, ...], what: str, level_matters: dict[str, bool],
) -> Check:
    start = shift_years(application_date, -years)
    for h in honours:
        if h.kind not in kinds:
            continue
        if level_matters.get(h.kind, True) and h.level not in MUNICIPAL_OR_HIGHER:
            continue
        if _within(h.awarded_on, application_date, years):
            return Check(rule, article, True, f"{what}：{h.title or HonourKind(h.kind).label}（{cn(h.awarded_on)}）。")
    return Check(
        rule, article, False,
        f"{cite(article)}：申报前{years}年内（{cn(start)}至{cn(application_date)}）没有{what}。",
    )


def check_tech_award(honours: list[HonourFact], application_date: date) -> Check:
    """S§7(一): a municipal-or-higher sci-tech award, a technical innovation result award, or a national
    invention patent, within the 2 years before the application."""
    return _honour_check(
        "STU-TECH", "S§7(一)", honours, application_date, 2,
        (HonourKind.SCI_TECH_AWARD, HonourKind.TECH_INNOVATION_AWARD, HonourKind.INVENTION_PATENT),
        "市级以上科学技术奖、技术创新成果奖或国家发明专利",
        {HonourKind.INVENTION_PATENT: False},  # a national invention patent is national by nature
    )


def check_service_brand(honours: list[HonourFact], application_date: date) -> Check:
    """S§8(六): a municipal-or-higher service brand title within the 3 years before the application."""
    return _honour_check(
        "STU-SERVICE", "S§8(六)", honours, application_date, 3, (HonourKind.SERVICE_BRAND,),
        "市级以上服务名牌、品牌等称号", {},
    )


def check_mgmt_result(honours: list[HonourFact], application_date: date) -> Check:
    """S§9(四): a municipal-or-higher management result recognition or award within 3 years."""
    return _honour_check(
        "STU-MGMT", "S§9(四)", honours, application_date, 3, (HonourKind.MGMT_RESULT,),
        "市级以上管理成果认定或奖励", {},
    )


CATEGORY_CHECKS = {
    StudioCategory.TECH: check_tech_award,
    StudioCategory.SERVICE: check_service_brand,
    StudioCategory.MANAGEMENT: check_mgmt_result,
}


def check_category(category: str, honours: list[HonourFact], application_date: date) -> Check:
    if category not in CATEGORY_CHECKS:
        return Check("STU-CATEGORY", "S§6(五)", False,
                     f"{cite('S§6(五)')}：请选择技术创新型、服务创新型或管理创新型之一。")
    return CATEGORY_CHECKS[category](honours, application_date)


# --- S§4: 六有 ----------------------------------------------------------------------------------------


def check_basic(condition: str, statement: str) -> Check:
    label = BasicCondition(condition).label
    article = BASIC_ARTICLE[condition]
    ok = bool(statement and statement.strip())
    return Check(
        "STU-BASIC", article, ok,
        f"{label}：已填写情况说明。" if ok else f"{cite(article)}：未填写“{label}”的情况说明。",
    )


# --- S§10: materials ----------------------------------------------------------------------------------


def check_material(kind: str, count: int) -> Check:
    label = MaterialKind(kind).label
    article = MATERIAL_ARTICLE[kind]
    required = kind in REQUIRED_MATERIALS
    ok = count > 0 or not required
    if count:
        message = f"{label}：已上传{count}份。"
    elif required:
        message = f"{cite(article)}：缺少必备材料“{label}”。"
    else:
        message = f"{label}：未上传（非必备）。"
    return Check("STU-MATERIALS", article, ok, message)


# --- S§4(六): results per year from the ledger ----------------------------------------------------------


RESULTS_MIN_PROJECTS = 2  # S§4(六): 每年至少承担2项创新课题或攻关项目
RESULTS_MIN_APPLIED = 1  # S§4(六): 至少完成1项创新成果并推广应用


def check_results_year(year: int, projects: int, applied_results: int) -> Check:
    ok = projects >= RESULTS_MIN_PROJECTS and applied_results >= RESULTS_MIN_APPLIED
    if ok:
        message = f"{year}年：承担创新课题/攻关项目{projects}项，推广应用成果{applied_results}项，达到要求。"
    else:
        missing = []
        if projects < RESULTS_MIN_PROJECTS:
            missing.append(f"创新课题/攻关项目仅{projects}项（至少2项）")
        if applied_results < RESULTS_MIN_APPLIED:
            missing.append("没有已推广应用的创新成果（至少1项）")
        message = f"{cite('S§4(六)')}：{year}年" + "，".join(missing) + "。"
    return Check("STU-RESULTS-YEAR", "S§4(六)", ok, message)


# --- S§6: quota ---------------------------------------------------------------------------------------


def check_quota(year: int, taken: int, limit: int = QUOTA_PER_YEAR) -> Check:
    ok = taken < limit
    return Check(
        "STU-QUOTA", "S§6", ok,
        f"{year}年度已审定/命名{taken}家，还可命名{limit - taken}家。" if ok
        else f"{cite('S§6')}：{year}年度已审定/命名{taken}家，"
        f"已达每年{limit}家的上限，不能再审定或命名第{taken + 1}家。",
    )


# --- dates and years of what already happened (SYS-ERR) -----------------------------------------------------


def past_date_problem(value: date | None, words: str, today: date) -> str | None:
    """A date that describes the past may not lie in the future, nor before the floor."""
    if value is None:
        return None
    if value > today:
        return f"{words}不能晚于今天。"
    if value < EARLIEST_DATE:
        return f"{words}不能早于{cn(EARLIEST_DATE)}。"
    return None


def assessment_year_problem(year: int, today: date) -> str | None:
    if year > today.year:
        return f"考核年度不能晚于{today.year}年。"
    if year < FIRST_YEAR:
        return f"考核年度应在{FIRST_YEAR}年（本办法施行，{cite('S§24')}）之后。"
    return None


def assessment_deadline_problem(conclusion: str | None, deadline: date | None, today: date) -> str | None:
    """STU-ASSESS (S§17): a 不合格 assessment starts a rectification like a failed spot check, so it sets a
    deadline after the day it is recorded; a passing one sets none."""
    if conclusion != "fail":
        return "考核结论不是“不合格”时不设整改期限。" if deadline else None
    if deadline is None:
        return "考核结论为“不合格”时必须设定整改期限（《管理办法》第十七条）。"
    if deadline <= today:
        return "整改期限须晚于今天。"
    return None


def assessment_missing_year(today: date) -> int:
    """The year whose assessment every named studio should have by now: last year (STU-ASSESS)."""
    return today.year - 1


# --- all checks of one application ----------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationFacts:
    application_date: date
    category: str
    union_kind: str
    union_system_kind: str
    system_named_on: date | None
    union_sound: bool
    is_dedicated_rnd: bool
    leader_qualification: str
    leader_title_level: str
    leader_skill_level: str
    leader_is_frontline: bool
    leader_has_evidence: bool
    basics: dict[str, str] = field(default_factory=dict)
    honours: list[HonourFact] = field(default_factory=list)
    materials: dict[str, int] = field(default_factory=dict)


def run_all(facts: ApplicationFacts) -> list[Check]:
    """Every automatic check of an application, in the order of the regulation."""
    checks = [check_basic(c, facts.basics.get(c, "")) for c in BasicCondition]
    checks += [
        check_recommending_union(facts.union_kind, facts.union_system_kind),
        check_stable_two_years(facts.system_named_on, facts.application_date),
        check_leader(
            facts.leader_qualification, facts.leader_title_level, facts.leader_skill_level,
            facts.leader_is_frontline, facts.leader_has_evidence,
        ),
        check_unit_union_sound(facts.union_sound),
        check_not_dedicated_rnd(facts.is_dedicated_rnd),
        check_category(facts.category, facts.honours, facts.application_date),
    ]
    checks += [check_material(k, facts.materials.get(k, 0)) for k in MaterialKind]
    return checks


def blocking(checks: list[Check]) -> list[Check]:
    return [c for c in checks if c.blocks]
