"""HAZ-FIRST: how well the duplicate proposals find true duplicates, on a labelled set of reports.

A set is a text file of `hazard unit | hazard id | location | description` lines in reporting order
(tests/hazards/match_eval_set.txt); lines with one hazard id are the same hazard. Each report is compared,
exactly as hazards.selectors.duplicate_proposals does, with the earlier reports of its hazard unit, and:

- recall@1 / recall@3: of the true pairs (a report and an earlier report of the same hazard), the share whose
  earlier report is the first / among the first three proposals;
- shown: the share among the proposals the page shows (SHOWN_PER_REPORT);
- above the line: the share scored at or above LIKELY_LINE (the reviewer's duplicates page lists only those);
- false proposals above the line per report: proposals at or above LIKELY_LINE that are not the same hazard.

`method="before"` scores with the character-bigram score this replaced (hazards.rules.fingerprint_score),
so the figures before and after are made on the same set.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import matching, rules

DEFAULT_SET = Path(__file__).resolve().parents[1] / "tests" / "hazards" / "match_eval_set.txt"


@dataclass(frozen=True)
class Line:
    number: int
    unit: str
    hazard: str
    location: str
    description: str

    def __str__(self) -> str:
        return f"#{self.number} {self.location}：{self.description}"


def read_set(path: Path = DEFAULT_SET) -> list[Line]:
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        unit, hazard, location, description = (part.strip() for part in raw.split("|"))
        lines.append(Line(len(lines) + 1, unit, hazard, location, description))
    return lines


@dataclass
class Result:
    reports: int = 0
    pairs: int = 0
    at1: int = 0
    at3: int = 0
    shown: int = 0
    above: int = 0
    missed: list[tuple[Line, Line, int | None]] = field(default_factory=list)
    false_above: dict[int, list[tuple[Line, float]]] = field(default_factory=dict)

    @property
    def worst_false(self) -> int:
        return max((len(v) for v in self.false_above.values()), default=0)


def _ranked(method: str, line: Line, earlier: list[Line]) -> list[tuple[Line, float, bool]]:
    if method == "before":
        mine = rules.fingerprint(line.location, line.description)
        scored = [(o, rules.fingerprint_score(mine, rules.fingerprint(o.location, o.description))) for o in earlier]
        scored = [(o, s, s >= rules.DUPLICATE_THRESHOLD) for o, s in scored if s >= rules.DUPLICATE_THRESHOLD]
    else:
        mine = matching.fingerprint(line.location, line.description)
        scored = []
        for other in earlier:
            match = matching.compare(mine, matching.fingerprint(other.location, other.description))
            if match.score > 0:
                scored.append((other, match.score, match.likely))
    scored.sort(key=lambda item: (-item[1], item[0].number))
    return scored


def evaluate(lines: list[Line], method: str = "after", shown: int = 5) -> Result:
    result = Result(reports=len(lines))
    earlier_of: dict[str, list[Line]] = defaultdict(list)
    for line in lines:
        earlier = earlier_of[line.unit]
        ranked = _ranked(method, line, earlier)
        order = [other.number for other, _, _ in ranked]
        for other in earlier:
            if other.hazard != line.hazard:
                continue
            result.pairs += 1
            rank = order.index(other.number) + 1 if other.number in order else None
            result.at1 += rank == 1
            result.at3 += rank is not None and rank <= 3
            result.shown += rank is not None and rank <= shown
            result.above += rank is not None and ranked[rank - 1][2]
            if rank is None or rank > 3:
                result.missed.append((line, other, rank))
        false = [(other, s) for other, s, likely in ranked[:shown] if likely and other.hazard != line.hazard]
        if false:
            result.false_above[line.number] = false
        earlier.append(line)
    return result
