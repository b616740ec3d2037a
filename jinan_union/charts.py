"""Bar charts drawn on the server as plain HTML/CSS (no JavaScript, no CDN), for numbers people compare."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int
    display: str  # the value as people read it: "¥50,000.00", "3 家"
    percent: float  # width relative to the largest bar, 0-100
    tone: str = "primary"


def bars(rows: Iterable[tuple], tone: str = "primary") -> list[Bar]:
    """rows: (label, value, display[, tone]). Widths are relative to the largest value."""
    rows = list(rows)
    largest = max((abs(r[1]) for r in rows), default=0)
    return [
        Bar(r[0], r[1], r[2], float(abs(r[1]) * 100 / largest) if largest else 0.0, r[3] if len(r) > 3 else tone)
        for r in rows
    ]
