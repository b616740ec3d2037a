"""SYS-CITE: the one place that turns an article key into the citation users write.

Code, comments and tests name articles by short keys: ``S§6(一)`` is article 6, item (一) of the studios'
regulation (《济南市劳模和工匠人才创新工作室管理办法》, cited as 《管理办法》), ``H§9`` article 9 of the hazard
regulation (《职工排查安全生产事故隐患奖励办法》, cited as 《奖励办法》). Anything a user sees — pages, messages,
notes stored on records, documents, notifications — goes through `cite` (one key or several, "H§3、H§5") or
`cite_text` (every key inside a sentence), so the user reads 《管理办法》第六条第（一）项 and 《奖励办法》第九条.
Templates use the `cite` filter of ``{% load articles %}``.
"""

from __future__ import annotations

import re

# The regulations' short titles as the users write them, and their full titles.
SHORT_TITLES = {"S": "《管理办法》", "H": "《奖励办法》"}
FULL_TITLES = {"S": "《济南市劳模和工匠人才创新工作室管理办法》", "H": "《职工排查安全生产事故隐患奖励办法》"}

_DIGITS = "零一二三四五六七八九"
# One key: S§6, S§6(一), H§3; several keys of one regulation joined by 、 or ／ are cited together.
_KEY = r"([SH])§(\d+)(?:[(（]([一二三四五六七八九十]+)[)）])?"
KEY = re.compile(_KEY)
_RUN = re.compile(rf"{_KEY}(?:\s*(?:、|/|，|–|-|至)\s*{_KEY})*")


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 24 → 二十四 (the articles run below 100)."""
    if not 0 < n < 100:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else f"{_DIGITS[tens]}十")
    return head + (_DIGITS[ones] if ones else "")


def _article(number: str, item: str | None) -> str:
    text = f"第{chinese_number(int(number))}条"
    return f"{text}第（{item}）项" if item else text


def _cite_run(run: str) -> str:
    """"H§3、H§5" → 《奖励办法》第三条、第五条; "S§7(一)、S§8(六)" → 《管理办法》第七条第（一）项、第八条第（六）项;
    "H§3–H§10" → 《奖励办法》第三条至第十条."""
    parts = []
    last_law = None
    pos = 0
    for m in KEY.finditer(run):
        between = run[pos:m.start()].strip()
        law, number, item = m.groups()
        if parts:
            parts.append("至" if between in {"–", "-", "至"} else "、")
        if law != last_law:
            parts.append(SHORT_TITLES[law])
            last_law = law
        parts.append(_article(number, item))
        pos = m.end()
    return "".join(parts)


def cite(key: str, *, full: bool = False) -> str:
    """The citation of one key or of several ("S§6(一)", "H§3、H§5"); a text that is already a citation
    is returned as it is, so citing twice is harmless."""
    if not key or "§" not in key:
        return key or ""
    text = cite_text(key)
    if full:
        for law, short in SHORT_TITLES.items():
            text = text.replace(short, FULL_TITLES[law])
    return text


def cite_text(text: str) -> str:
    """Every article key inside `text` cited as users write it."""
    if not text or "§" not in text:
        return text or ""
    return _RUN.sub(lambda m: _cite_run(m.group(0)), text)


# What must never reach a user: an article key or a rule ID of the catalogue (STU-QUOTA, HAZ-ROUND, …).
LEAK = re.compile(r"[SH]§\d|\b(?:STU|HAZ|FUN|SYS)-[A-Z]+")
