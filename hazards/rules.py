"""The regulation's clauses as pure functions: values in, a result with the article and a Chinese message out."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from jinan_union.articles import cite

from .grading import GRADE_LABELS, reward_for

SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Problem:
    """Why something is refused: the form field it belongs to, the article, and the message shown."""

    field: str
    message: str
    article: str = ""

    @property
    def text(self) -> str:
        return f"{self.message}（{cite(self.article)}）" if self.article else self.message


# --- HAZ-ROUND (H§9) -------------------------------------------------------------------------------

def deadline_for(year: int, month: int = 9, day: int = 30) -> datetime:
    """The last moment of a round: the end of its deadline day in Asia/Shanghai (the city's: 30 September,
    H§9; a union's own scheme sets its own, HAZ-SCHEME)."""
    return datetime.combine(date(year, month, day), time(23, 59, 59, 999999), tzinfo=SHANGHAI)


def round_year_for(moment: datetime, month: int = 9, day: int = 30) -> int:
    """The round a submission at `moment` belongs to: until the deadline day (Shanghai) this year's, after it
    next year's."""
    local = moment.astimezone(SHANGHAI).date()
    return local.year if local <= date(local.year, month, day) else local.year + 1


def deadline_refusal(month, day) -> str:
    """HAZ-SCHEME: why a yearly deadline (month, day) cannot be one, or "" (29 February is not every year)."""
    try:
        date(2025, int(month), int(day))
    except (TypeError, ValueError):
        return "请填写每年都有的日期（如 9 月 30 日；2 月 29 日不是每年都有）。"
    return ""


def late_message(year: int, month: int = 9, day: int = 30) -> str:
    return (
        f"{year}年度隐患奖励已于{year}年{month}月{day}日截止报送（{cite('H§9')}），"
        f"本次报送已转入{year + 1}年度。"
    )


def next_round_message(year: int) -> str:
    """For a union whose application to `year` is already submitted: where its ready reports go."""
    return (
        f"本工会{year}年度申报已经报送，待申报的隐患报告不能再加入；"
        f"{year}年10月1日起可加入{year + 1}年度申报（{cite('H§9')}）。"
    )


# --- HAZ-REPORT, HAZ-RECTIFIED, HAZ-EXCLUDE (H§2, H§3, H§5, H§6) -------------------------------------

REQUIRED_FIELDS = {
    "finder_name": "请填写发现人（个人姓名或集体名称）。",
    "finder_unit": "请选择发现人所在单位。",
    "hazard_unit": "请选择存在隐患的单位。",
    "hazard_address": "请填写隐患单位地址。",
    "location": "请填写隐患部位。",
    "description": "请填写隐患描述。",
    "found_on": "请填写发现日期。",
    "reported_at": "请填写向单位安全生产主管部门和工会报告的时间。",
    "experts": "请填写评估定级的专家。",
    "expert_grade": "请选择专家评定的等级。",
}


# Dates that describe the past: not after today, not before this floor (a typo such as 0202 or 2206).
PAST_FLOOR = date(2000, 1, 1)
PAST_DATES = {"found_on": "发现日期", "reported_at": "向单位报告时间", "rectified_on": "整改（防范措施）日期"}


def _chinese(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def past_date_refusal(name: str, value, today: date) -> str:
    """Why a date that describes the past cannot be right, or "" (SYS-ERR: shown beside the field)."""
    if value in (None, ""):
        return ""
    day = value.astimezone(SHANGHAI).date() if isinstance(value, datetime) else value
    label = PAST_DATES.get(name, "日期")
    if day > today:
        return f"{label}不能晚于今天（{_chinese(today)}）。"
    if day < PAST_FLOOR:
        return f"{label}不能早于{_chinese(PAST_FLOOR)}，请检查年份。"
    return ""


def today_in_shanghai() -> date:
    from . import clock

    return clock.now().astimezone(SHANGHAI).date()


def submit_problems(data: dict, today: date | None = None) -> list[Problem]:
    """Everything that stops a report from being submitted; an empty list means it may go.

    `data` holds the report's values by field name, plus `photo_count`, `scan_count` and `members`;
    `today` (Asia/Shanghai, default: the hazards clock) bounds the dates that describe the past.
    """
    problems: list[Problem] = [
        Problem(name, message, "H§6") for name, message in REQUIRED_FIELDS.items()
        if data.get(name) in (None, "")
    ]
    if data.get("finder_kind") == "collective" and not data.get("members"):
        problems.append(Problem("members", "集体发现的隐患请填写集体成员。", "H§10"))
    for name in ("deaths", "serious_injuries", "direct_loss"):
        value = data.get(name)
        if value is None or value == "":
            problems.append(Problem(name, "请填写可能造成的后果（可填 0）。", "H§4"))
        elif value < 0:
            problems.append(Problem(name, "不能为负数。", "H§4"))
    if data.get("is_safety_manager"):
        problems.append(Problem(
            "is_safety_manager", "企业专职安全管理人员排查出的事故隐患不在奖励范围之内，不能申报。", "H§3",
        ))
    if not data.get("rectification"):
        problems.append(Problem(
            "rectification", "只有已向单位报告并整改完成或采取防范措施的隐患才能申报。", "H§3、H§5",
        ))
    if not data.get("rectified_on"):
        problems.append(Problem("rectified_on", "请填写整改完成或采取防范措施的日期。", "H§5"))
    today = today or today_in_shanghai()
    for name in PAST_DATES:
        refusal = past_date_refusal(name, data.get(name), today)
        if refusal:
            problems.append(Problem(name, refusal))
    found, reported, rectified = data.get("found_on"), data.get("reported_at"), data.get("rectified_on")
    if found and reported and reported.astimezone(SHANGHAI).date() < found:
        problems.append(Problem("reported_at", "报告时间不能早于发现日期。", "H§5"))
    if reported and rectified and rectified < reported.astimezone(SHANGHAI).date():
        problems.append(Problem("rectified_on", "整改日期不能早于向单位报告的时间。", "H§3"))
    if not data.get("photo_count"):
        problems.append(Problem("photos", "请上传至少一份隐患影像资料（照片或视频）。", "H§6"))
    if not data.get("scan_count"):
        problems.append(Problem("expert_scan", "请上传专家签字认可的《事故隐患报告》扫描件。", "H§6"))
    return problems


# --- HAZ-REWARD, HAZ-EXCLUDE, HAZ-FIRST (H§3, H§7, H§8, H§10) -----------------------------------------

def payout_refusal(*, grade: int | None, is_safety_manager: bool, rectification: str) -> str:
    """Why a verified report may not be paid at the moment of payout, or "" (H§3, H§5, H§7): the conditions
    checked when it was entered must still hold when the round pays it."""
    if is_safety_manager:
        return f"企业专职安全管理人员排查出的隐患不予奖励（{cite('H§3')}）"
    if not rectification:
        return f"未整改完成或采取防范措施的隐患不予奖励（{cite('H§3、H§5')}）"
    if grade not in GRADE_LABELS or reward_for(grade) <= 0:
        return f"{GRADE_LABELS.get(grade, '未定级')}事故隐患不予奖励（{cite('H§7')}）"
    return ""


@dataclass(frozen=True)
class RewardDecision:
    amount: Decimal
    reason: str


def reward_decision(
    *,
    grade: int,
    is_safety_manager: bool,
    first_finder: bool = True,
    first_finder_name: str = "",
    rewarded_before_year: int | None = None,
    rewards: dict[int, Decimal] | None = None,
    rewarded_elsewhere: str = "",
) -> RewardDecision:
    """The reward a verified report earns, with the reason when it earns none. `rewards` are the scheme's
    amounts (HAZ-SCHEME; default H§8); `rewarded_elsewhere` names the other scheme that already rewarded the
    hazard when this scheme does not pay such hazards again."""
    if is_safety_manager:
        return RewardDecision(Decimal("0.00"), f"企业专职安全管理人员排查出的隐患不予奖励（{cite('H§3')}）")
    if rewarded_before_year is not None:
        return RewardDecision(
            Decimal("0.00"), f"同一隐患已在{rewarded_before_year}年度奖励，不再重复奖励（{cite('H§10')}）"
        )
    if rewarded_elsewhere:
        return RewardDecision(Decimal("0.00"), f"同一隐患已获{rewarded_elsewhere}奖励，本奖励办法不再重复奖励")
    if not first_finder:
        return RewardDecision(
            Decimal("0.00"), f"同一隐患只奖励第一发现人（{cite('H§10')}）：第一发现人为{first_finder_name}"
        )
    amount = reward_for(grade, rewards)
    if amount == 0:
        return RewardDecision(amount, f"{GRADE_LABELS[grade]}事故隐患不予奖励（{cite('H§7')}）")
    return RewardDecision(amount, "")


# --- HAZ-FIRST: similarity of two reports of one hazard unit ------------------------------------------

_NOT_ALNUM = re.compile(r"[\W_]+")


def _bigrams(text: str) -> set[str]:
    cleaned = _NOT_ALNUM.sub("", (text or "").lower())
    if len(cleaned) < 2:
        return {cleaned} if cleaned else set()
    return {cleaned[i:i + 2] for i in range(len(cleaned) - 1)}


def _jaccard(x: frozenset[str] | set[str], y: frozenset[str] | set[str]) -> float:
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


def text_similarity(a: str, b: str) -> float:
    """Jaccard similarity of character bigrams: works for Chinese without a word segmenter."""
    return _jaccard(_bigrams(a), _bigrams(b))


LOCATION_WEIGHT = 0.6
DUPLICATE_THRESHOLD = 0.25


@dataclass(frozen=True)
class Fingerprint:
    """The bigrams of a report's location and description, made once per report and compared many times."""

    location: frozenset[str]
    description: frozenset[str]


def fingerprint(location: str, description: str) -> Fingerprint:
    return Fingerprint(frozenset(_bigrams(location)), frozenset(_bigrams(description)))


def fingerprint_score(a: Fingerprint, b: Fingerprint) -> float:
    """How alike two reports of the same hazard unit are, 0–1; the location weighs more than the wording."""
    return round(
        LOCATION_WEIGHT * _jaccard(a.location, b.location)
        + (1 - LOCATION_WEIGHT) * _jaccard(a.description, b.description),
        3,
    )


def duplicate_score(location_a: str, description_a: str, location_b: str, description_b: str) -> float:
    return fingerprint_score(fingerprint(location_a, description_a), fingerprint(location_b, description_b))
