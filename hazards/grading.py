"""HAZ-GRADE (H§4) and HAZ-REWARD (H§7, H§8) as pure functions.

"以上" includes the number, "以下" excludes it; the most severe criterion wins (lowest grade number).
"""

from decimal import Decimal

# (grade, minimum deaths, minimum serious injuries, minimum direct loss in yuan), most severe first.
GRADE_THRESHOLDS: tuple[tuple[int, int, int, Decimal], ...] = (
    (1, 30, 100, Decimal("100000000")),
    (2, 10, 50, Decimal("50000000")),
    (3, 3, 10, Decimal("10000000")),
)

REWARDS: dict[int, Decimal] = {
    1: Decimal("8000.00"),
    2: Decimal("5000.00"),
    3: Decimal("3000.00"),
    4: Decimal("0.00"),
}


def grade_for(deaths: int, serious_injuries: int, direct_loss: Decimal) -> int:
    """The grade (1–4) of a hazard from its possible consequences (H§4)."""
    if isinstance(direct_loss, float):
        raise TypeError("直接经济损失不能用浮点数表示")
    direct_loss = Decimal(direct_loss)
    if deaths < 0 or serious_injuries < 0 or direct_loss < 0:
        raise ValueError("死亡人数、重伤人数和直接经济损失不能为负数")
    for grade, min_deaths, min_injuries, min_loss in GRADE_THRESHOLDS:
        if deaths >= min_deaths or serious_injuries >= min_injuries or direct_loss >= min_loss:
            return grade
    return 4


def reward_for(grade: int, rewards: dict[int, Decimal] | None = None) -> Decimal:
    """The reward in yuan for a grade (H§8, or a union's own scheme's amounts, HAZ-SCHEME); grade 4 gets none
    (H§7)."""
    try:
        return (rewards or REWARDS)[int(grade)]
    except (KeyError, TypeError, ValueError):
        raise ValueError(f"无效的隐患等级：{grade!r}") from None


GRADE_LABELS = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}
