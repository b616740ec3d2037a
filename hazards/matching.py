"""HAZ-FIRST: duplicate matching as people really write hazard reports.

Two reports of the same hazard unit are compared in three steps:

1. `normalise` brings the text to one form: full-width → half-width (NFKC), traditional → simplified
   (OpenCC's character table, applied with str.translate), typing slips, the hazard-vocabulary synonyms
   (开关箱/配电盘 → 配电箱, 龙门吊/门式起重机, 消火栓/消防栓 …), numbers (二号/2#/#2/No.2 → 2号), floors
   (二楼/2层/2F → 2层, 负一层/地下一层/B1 → b1层), tonnes (5吨/5t) and sides (东侧/东面/东墙 → 东侧).
2. `fingerprint` keeps, per report, the character bigrams of location and description, the vocabulary
   terms it names and its equipment numbers.
3. `score` compares location and description as separate signals (bigram overlap), adds the shared
   vocabulary terms, and treats different equipment numbers as evidence against a match.

The score is made in Python on the few hundred candidates the indexed query returns
(hazards.selectors.candidate_reports); fingerprints are cached per text, so a unit's candidates are
normalised once per process, not once per proposal.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# --- traditional → simplified ------------------------------------------------------------------------


def _t2s_table() -> dict[int, str]:
    """OpenCC's one-character traditional → simplified table (opencc-python-reimplemented ships it).
    Character by character is enough for matching; phrase conversion is for display, not needed here."""
    try:
        import opencc
    except ImportError:  # pragma: no cover - requirements.txt pins it
        return {}
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    table: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 2 and len(parts[0]) == 1:
            table[ord(parts[0])] = parts[1].split(" ")[0]
    return table


_T2S = _t2s_table()

# --- slips, synonyms, vocabulary ---------------------------------------------------------------------

# Common typing slips (pinyin input picks the wrong homophone) → the intended word.
SLIPS = {
    "露气": "漏气", "泄露": "泄漏", "露电": "漏电", "漏点": "漏电", "灭火气": "灭火器", "消火拴": "消火栓",
    "消防拴": "消火栓", "配电相": "配电箱", "防护栏杆": "护栏", "接底": "接地", "电揽": "电缆", "安全毛": "安全帽",
    "脚手加": "脚手架", "报警气": "报警器", "锈湿": "锈蚀", "堵赛": "堵塞",
    # Added after the unseen set's first run (issue 15): the same kind of pinyin slip.
    "线揽": "线缆", "露氨": "漏氨", "露油": "漏油",
}

# The built-in hazard vocabulary: each canonical term and the words people use for it. The reviewer
# extends it in the admin (hazards.models.HazardSynonym); those rows are added to these.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "配电箱": ("开关箱", "配电盘", "配电柜", "电闸箱", "电箱", "闸箱", "电柜"),
    "龙门吊": ("门式起重机", "龙门起重机", "龙门架"),
    "桥式起重机": ("行车", "天车", "桥吊"),
    "塔吊": ("塔式起重机", "塔机"),
    "消火栓": ("消防栓",),
    "灭火器箱": ("灭火器柜",),
    "灭火器": ("灭火筒",),
    "护栏": ("栏杆", "围栏", "防护栏"),
    "漏电": ("外壳带电", "带电", "麻手", "电人"),
    "漏气": ("泄漏", "有气味", "燃气味", "煤气味"),
    "电线": ("电缆", "线缆", "导线", "电源线"),
    "安全出口": ("疏散出口", "紧急出口"),
    "应急灯": ("应急照明", "疏散指示灯"),
    "堵塞": ("堵住", "占用", "堆放杂物", "堆满", "堵了"),
    "防护罩": ("保护罩", "护罩"),
    "缺失": ("没有", "未安装", "未设置", "缺少", "丢失", "不见了", "没装", "未装", "缺了", "少了", "被拆", "没设"),
    "损坏": ("坏了", "失灵", "失效", "不亮", "不能用", "不起作用", "不工作", "没反应", "不运转", "不转", "坏掉"),
    "锈蚀": ("生锈", "锈穿", "锈烂"),
    "叉车": ("铲车",),
    "脚手架": ("架子", "外脚手架", "外架"),
    "压力表": ("压力计",),
    "安全阀": ("泄压阀",),
    "接地": ("接地线", "地线"),
    "楼梯": ("楼梯间", "步梯"),
    "井盖": ("窨井盖", "盖板"),
    "积水": ("漏水", "渗水", "滴水", "泡水", "进水"),
    "钢丝绳": ("吊绳", "钢缆"),
    "断丝": ("断股", "毛刺"),
    "吊钩": ("钩头",),
    "限位器": ("限位开关", "限位"),
    "燃气": ("天然气", "煤气"),
    "管道": ("管子", "管线"),
    "锅炉": ("锅炉房设备",),
    "砂轮机": ("砂轮",),
    "安全帽": ("头盔",),
    "警示标志": ("警示牌", "标识牌", "警示标识"),
    "车间": ("厂房",),
    "仓库": ("库房",),
    # Added after the unseen set's first run (issue 15): words clerks use for the same equipment or fault,
    # general ones (not one line's wording), each meaning the same thing wherever we know it to be used.
    "配电室": ("配电房", "配电间"),
    "屋顶": ("顶棚", "房顶", "屋面"),
    "油污": ("油垢", "油渍", "油泥"),
    "排烟罩": ("油烟罩", "抽油烟罩", "烟罩"),
    "排风机": ("抽风机", "排风扇", "排气扇", "抽风扇"),
    "连墙件": ("连墙杆", "拉结点", "拉结杆", "连墙点"),
    "拉绳开关": ("拉线开关", "急停拉绳"),
    "焊接电缆": ("二次线", "焊把线", "焊接线缆"),
    "装卸平台": ("月台", "装车台", "装卸台", "卸货平台", "装卸站台"),
    "报警器": ("报警仪", "报警装置"),
    "漏电保护器": ("漏保", "漏电开关", "漏电保护开关"),
    "漏氨": ("跑氨", "氨泄漏"),
    "漏油": ("渗油",),
    "结冰": ("有冰", "冰面"),
    "飞花": ("棉絮", "花毛"),
    "安全带": ("保险带",),
    "烟感": ("烟感探头", "烟雾探测器", "烟雾报警器"),
    "变形": ("撞歪", "撞弯", "弯曲变形"),
    # What is wrong, as clerks write it (issue 15: the "fault" signal compares these).
    "过期": ("超期", "过了检定期", "过有效期", "已过期", "到期未"),
    "混放": ("混存", "放在一起", "混在一起"),
    "私拉": ("私接", "乱拉", "乱接"),
    "未戴": ("不戴", "没戴", "没有戴"),
    "松动": ("松了", "晃动"),
    "破损": ("破皮", "老化破裂", "绝缘层破", "裸露", "外露", "破了", "皮破"),
}

# Other words of the vocabulary with no synonyms: named, so that they count as shared terms.
TERMS = ("电梯", "货梯", "平台", "通道", "门", "窗", "屋顶", "墙", "阀门", "油罐", "气瓶", "乙炔", "氧气",
         "焊机", "冲床", "机床", "皮带", "传送带", "空压机", "储罐", "化学品", "排风", "风机", "插座", "插线板",
         "照明", "灯", "烟感", "喷淋", "裂缝", "倾斜", "松动", "脱落", "坍塌", "油污", "地面", "配电室",
         "食堂", "宿舍", "厨房", "停车场", "围墙", "配电", "吊装", "起重", "高处", "临边", "洞口", "基坑",
         "货架", "水带", "水位计", "托盘", "举升机", "反应釜", "调压器", "烤炉")


# Words for what is wrong that fit almost any report: normalised, but not counted as shared terms
# (a shared 损坏 says little; a shared 配电箱 says much).
STATE_WORDS = frozenset({"缺失", "损坏", "破损", "锈蚀", "堵塞", "变形", "松动", "脱落"})

# The words of the vocabulary that say what is wrong, not what it is wrong with: they stay in a report's
# "fault" (what is left of the description once the equipment and its numbers are taken out).
FAULT_TERMS = STATE_WORDS | frozenset({"漏电", "漏气", "漏油", "漏氨", "积水", "结冰", "断丝", "裂缝", "倾斜", "坍塌",
                                       "油污", "过期", "混放", "私拉", "未戴"})


@lru_cache(maxsize=1)
def _extra_synonyms() -> tuple[tuple[str, str], ...]:
    """The reviewer's synonyms from the admin as (word, canonical); cleared when one is saved."""
    try:
        from .models import HazardSynonym
    except ImportError:  # pragma: no cover
        return ()
    try:
        return tuple(HazardSynonym.objects.values_list("word", "canonical"))
    except Exception:  # noqa: BLE001 - no table yet (before migrate): the built-in list alone
        return ()


def _replacements() -> list[tuple[str, str]]:
    pairs = [(word, canonical) for canonical, words in SYNONYMS.items() for word in words]
    pairs += [(canonical, canonical) for canonical in SYNONYMS]  # 配电箱 stays whole, its 电箱 is not replaced
    pairs += [(_fold(w), _fold(c)) for w, c in _extra_synonyms() if w and c]
    # Longest first, so 门式起重机 is replaced before a shorter word inside it.
    return sorted(pairs, key=lambda p: -len(p[0]))


def _vocabulary() -> tuple[str, ...]:
    words = set(SYNONYMS) | set(TERMS) | {_fold(c) for _, c in _extra_synonyms()}
    return tuple(sorted(words, key=len, reverse=True))


def _alternation(words) -> re.Pattern:
    """Longest word first; the look-ahead on the first characters lets the engine skip, at once, the
    positions where no word can start (an alternation of 150 words is otherwise tried word by word)."""
    words = list(words)
    firsts = "".join(sorted({re.escape(w[0]) for w in words}))
    return re.compile(f"(?=[{firsts}])(?:" + "|".join(re.escape(w) for w in words) + ")")


@lru_cache(maxsize=1)
def _compiled():
    replacements = _replacements()
    synonym_re = _alternation(w for w, _ in replacements) if replacements else None
    vocab_re = _alternation(_vocabulary())
    return dict(replacements), synonym_re, vocab_re


def load_vocabulary() -> None:
    """Read the reviewer's synonyms now (one query per process, until the list changes)."""
    _compiled()


def reset_caches() -> None:
    """After the reviewer changes the synonym list (hazards.admin) the next match uses it; the texts stored on
    the reports with the old list no longer carry the current `vocabulary_key` and are normalised again."""
    _extra_synonyms.cache_clear()
    _compiled.cache_clear()
    vocabulary_key.cache_clear()
    fingerprint.cache_clear()
    _from_normalised.cache_clear()
    _from_stored.cache_clear()


@lru_cache(maxsize=1)
def vocabulary_key() -> str:
    """A short key of everything `normalise` depends on (the built-in lists and the reviewer's synonyms): a
    stored normalised text is used only if it was made with the same key."""
    import hashlib

    replacements, _, _ = _compiled()
    # Everything sorted fully: `_vocabulary()` orders by length only, and words of one length come out of a set
    # in an order that changes with each process's hash seed — the key must not (issue 15: with it, every worker
    # found every stored text stale and normalised all candidates again).
    source = repr((sorted(replacements.items()), sorted(SLIPS.items()), sorted(_vocabulary()), sorted(STATE_WORDS),
                   sorted(FAULT_TERMS), NORMALISATION_VERSION))
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:8]


# Raise when `normalise` itself changes (not only its lists), so that the stored texts are made again.
NORMALISATION_VERSION = 2  # 2: floors, sides and lettered tags are distinguishing marks


# --- numbers, floors, sides --------------------------------------------------------------------------

_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
          "九": 9}
_CN_NUMBER = re.compile(r"[零〇一二两三四五六七八九十]+")


def _cn_to_int(text: str) -> int | None:
    if "十" not in text:
        if len(text) == 1 or all(c in _DIGIT for c in text):
            return int("".join(str(_DIGIT[c]) for c in text))
        return None
    tens, _, ones = text.partition("十")
    value = (_DIGIT.get(tens, 1) if tens else 1) * 10
    return value + (_DIGIT.get(ones, 0) if ones else 0)


_SLIP_RE = _alternation(sorted(SLIPS, key=len, reverse=True))
# A Chinese number directly before a counter word becomes digits: 二号 → 2号, 十二层 → 12层.
_CN_BEFORE_COUNTER = re.compile(r"([零〇一二两三四五六七八九十]+)(?=号|楼|层|吨|车间|栋|单元|米|台|线|区|#)")
_UNDERGROUND = re.compile(r"(?:负|地下|-)(\d+)(?:层|楼)|\bb(\d+)(?:层|楼)?")
_FLOOR = re.compile(r"(?<![\d号])(\d+)(?:楼|层|f)(?![\d])")
_NUMBER_SIGN = re.compile(r"#\s*(\d+)|(\d+)\s*#|no\.?\s*(\d+)|(\d+)\s*号")
_TONNE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:吨|t)(?![a-z])")
_SIDE = re.compile(r"([东南西北])(?:侧|面|边|墙|头|端)")
_SPACE = re.compile(r"[\s\W_]+")


def _fold(text: str) -> str:
    """Width, case and script: full-width → half-width, upper → lower, traditional → simplified."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return text.translate(_T2S) if _T2S else text


def normalise(text: str) -> str:
    """One form for everything people write differently (see the module docstring)."""
    text = _fold(text)
    text = _SLIP_RE.sub(lambda m: SLIPS[m.group(0)], text)
    text = _CN_BEFORE_COUNTER.sub(lambda m: str(_cn_to_int(m.group(1)) if _cn_to_int(m.group(1)) is not None
                                                 else m.group(1)), text)
    text = _UNDERGROUND.sub(lambda m: f"b{m.group(1) or m.group(2)}层", text)
    text = _NUMBER_SIGN.sub(lambda m: f"{next(g for g in m.groups() if g)}号", text)
    text = _FLOOR.sub(lambda m: f"{m.group(1)}层", text)
    text = _TONNE.sub(lambda m: f"{m.group(1)}吨", text)
    text = _SIDE.sub(lambda m: f"{m.group(1)}侧", text)
    replacements, synonym_re, _ = _compiled()
    if synonym_re is not None:
        text = synonym_re.sub(lambda m: replacements[m.group(0)], text)
    return _SPACE.sub("", text)


# --- addresses (issue 15: units at one address are compared) -----------------------------------------

# The province, city and district people may or may not write before the street.
_ADDRESS_PREFIX = re.compile(r"^(?:山东省|山东)?(?:济南市|济南)?(?:[^\d路街道号]{1,5}?(?:区|县))?")
_CN_BEFORE_ADDRESS_COUNTER = re.compile(r"([零〇一二两三四五六七八九十]+)(?=号|路|街|巷|栋|座|单元|层|楼|室)")


def address_key(address: str) -> str:
    """One form of a unit's address for finding units at the same address: width, case and script folded,
    Chinese numbers before 号/路/栋… as digits, 省/市/区 written or not, punctuation and spaces gone. Only a
    precise address (one with a number) gets a key: 济南市历下区 alone would put a whole district together."""
    text = _SPACE.sub("", _fold(address))
    text = _CN_BEFORE_ADDRESS_COUNTER.sub(
        lambda m: str(_cn_to_int(m.group(1)) if _cn_to_int(m.group(1)) is not None else m.group(1)), text)
    text = _ADDRESS_PREFIX.sub("", text, count=1)
    return text if re.search(r"\d", text) else ""


# --- fingerprints and the score ----------------------------------------------------------------------

_EQUIPMENT_NUMBER = re.compile(r"(\d+)号(?!院|门|线路)")
# Equipment tags written with letters (R-101, P2, 1#A → r101, p2): after `normalise` the hyphen is gone. Not b1
# (a basement floor, b1层) and not a unit such as 5kv or 10m.
_EQUIPMENT_TAG = re.compile(r"(?<![a-z])([a-z]{1,3}\d{1,5})(?![\da-z层])")
_TONNES = re.compile(r"(\d+(?:\.\d+)?)吨")
_FLOORS = re.compile(r"(b?\d+)层")
_SIDES = re.compile(r"([东南西北])侧")


def _bigrams(text: str) -> frozenset[str]:
    if len(text) < 2:
        return frozenset({text}) if text else frozenset()
    return frozenset(map(str.__add__, text, text[1:]))


@dataclass(frozen=True)
class Fingerprint:
    location: frozenset[str]
    description: frozenset[str]
    terms: frozenset[str]
    numbers: frozenset[str]
    fault: frozenset[str] = frozenset()  # bigrams of what is wrong: the description without equipment and numbers


@lru_cache(maxsize=200_000)
def fingerprint(location: str, description: str) -> Fingerprint:
    return _from_normalised(normalise(location), normalise(description))


@lru_cache(maxsize=200_000)
def _from_normalised(loc: str, desc: str) -> Fingerprint:
    terms, numbers = _terms_and_numbers(loc, desc)
    return Fingerprint(_bigrams(loc), _bigrams(desc), terms, numbers, _piece_bigrams(_fault_text(desc)))


_MARK = re.compile(r"[a-z]*\d+(?:\.\d+)?[号层吨侧a-z]*")


def _fault_text(desc: str) -> str:
    """What is wrong, in pieces separated by |: the normalised description with the equipment and places the
    vocabulary names (配电箱, 举升机, 燃气 …) and every numbered mark (2号, r101, 3层) cut out. The words for
    faults (FAULT_TERMS: 损坏, 漏气, 积水 …) stay."""
    _, _, vocab_re = _compiled()
    text = vocab_re.sub(lambda m: m.group(0) if m.group(0) in FAULT_TERMS else "|", desc)
    return _MARK.sub("|", text)


def _piece_bigrams(text: str) -> frozenset[str]:
    return frozenset(b for piece in text.split("|") if len(piece) >= 2 for b in _bigrams(piece))


def _terms_and_numbers(loc: str, desc: str) -> tuple[frozenset[str], frozenset[str]]:
    """The vocabulary terms of the description, and what tells one piece of equipment or one place from another
    of the same kind: equipment numbers (3, r101), tonnages (5吨), floors (3层, b1层) and sides (东侧)."""
    _, _, vocab_re = _compiled()
    terms = frozenset(vocab_re.findall(desc)) - STATE_WORDS
    text = loc + "|" + desc
    numbers = (frozenset(_EQUIPMENT_NUMBER.findall(text)) | frozenset(_EQUIPMENT_TAG.findall(text))
               | frozenset(f"{t}吨" for t in _TONNES.findall(text)) | frozenset(f"{f}层" for f in _FLOORS.findall(text))
               | frozenset(f"{side}侧" for side in _SIDES.findall(text)))
    return terms, numbers


def _kind(token: str) -> str:
    """Which kind of distinguishing mark a token of `Fingerprint.numbers` is: two reports conflict when they
    both name marks of one kind and share none of them (3号 and 7号 龙门吊; 3层 and 4层; 东侧 and 西侧)."""
    return token[-1] if token[-1] in "吨层侧" else "号"


def _conflict(a: frozenset[str], b: frozenset[str]) -> tuple[str, ...]:
    if a == b:
        return ()
    found: list[str] = []
    for kind in {_kind(t) for t in a} & {_kind(t) for t in b}:
        mine, theirs = {t for t in a if _kind(t) == kind}, {t for t in b if _kind(t) == kind}
        if not mine & theirs:
            found += sorted(mine ^ theirs)
    return tuple(sorted(found))


@lru_cache(maxsize=200_000)
def _from_stored(loc: str, desc: str, terms: str, numbers: str, fault: str) -> Fingerprint:
    return Fingerprint(_bigrams(loc), _bigrams(desc), frozenset(filter(None, terms.split(","))),
                       frozenset(filter(None, numbers.split(","))), _piece_bigrams(fault))


def _overlap(x: frozenset[str], y: frozenset[str]) -> float:
    """Half Jaccard, half overlap coefficient: a short report inside a long one still counts."""
    if not x or not y:
        return 0.0
    common = len(x & y)
    if not common:
        return 0.0
    return 0.5 * common / (len(x) + len(y) - common) + 0.5 * common / min(len(x), len(y))


LOCATION_WEIGHT = 0.3
DIFFERENT_NUMBER_FACTOR = 0.35
# The same equipment or place with nothing of what is wrong in common (2号举升机 锁止装置失效 / 液压漏油).
DIFFERENT_FAULT_FACTOR = 0.6
# The line the page draws: proposals above it are likely duplicates, those below are shown for comparison.
LIKELY_LINE = 0.40


@dataclass(frozen=True)
class Match:
    score: float
    location: float
    description: float
    terms: tuple[str, ...]  # the vocabulary terms and numbers both reports name
    conflict: tuple[str, ...] = ()  # the equipment numbers or tonnages that differ
    other_fault: bool = False  # both say what is wrong, and have no word of it in common

    @property
    def likely(self) -> bool:
        return self.score >= LIKELY_LINE


def _measure(a: Fingerprint, b: Fingerprint):
    location = _overlap(a.location, b.location)
    words = _overlap(a.description, b.description)
    shared = a.terms & b.terms
    if a.terms and b.terms:
        description = 0.5 * words + 0.5 * len(shared) / (len(a.terms) + len(b.terms) - len(shared))
    else:
        description = words
    score = LOCATION_WEIGHT * location + (1 - LOCATION_WEIGHT) * description
    conflict = _conflict(a.numbers, b.numbers) if a.numbers and b.numbers else ()
    if conflict:
        score *= DIFFERENT_NUMBER_FACTOR
    other_fault = bool(a.fault and b.fault and a.fault.isdisjoint(b.fault))
    if other_fault:
        score *= DIFFERENT_FAULT_FACTOR
    return round(score, 3), location, description, shared, conflict, other_fault


def quick_score(a: Fingerprint, b: Fingerprint) -> float:
    """`compare(a, b).score` without building the Match: the scoring loop scores every candidate this way and
    builds the Match (what matched, for the page) only for the few it shows."""
    return _measure(a, b)[0]


def compare(a: Fingerprint, b: Fingerprint) -> Match:
    """Location and description are separate signals; the description (what is wrong) weighs more, so a
    different fault at the same place stays below a true duplicate written in other words."""
    score, location, description, shared, conflict, other_fault = _measure(a, b)
    named = sorted(shared) + sorted(f"{n}号" if n.isdigit() else n for n in a.numbers & b.numbers)
    return Match(score, round(location, 3), round(description, 3), tuple(named), conflict, other_fault)


def score(location_a: str, description_a: str, location_b: str, description_b: str) -> Match:
    return compare(fingerprint(location_a, description_a), fingerprint(location_b, description_b))


# --- what matched, in the words each report used ------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"


def _number_words(number: str) -> list[str]:
    """The ways people write an equipment number or a tonnage that `normalise` brings to `number`."""
    if number.endswith("吨"):
        value = number[:-1]
        return [f"{value}吨", f"{value}t", f"{value}T"]
    digits = number.rstrip("号")
    words = [f"{digits}号", f"{digits}#", f"#{digits}", f"No.{digits}", f"NO.{digits}", f"no.{digits}"]
    if digits.isdigit() and int(digits) < 10:
        words += [f"{_CN_DIGITS[int(digits)]}号"] + (["两号"] if digits == "2" else [])
    elif digits.isdigit() and int(digits) < 20:
        words.append(f"十{_CN_DIGITS[int(digits) - 10] if int(digits) > 10 else ''}号")
    return words


def surface_words(terms) -> list[str]:
    """The words a report may have written for the shared terms of a `Match` (its canonical vocabulary terms
    and numbers): the term itself, its synonyms, the reviewer's synonyms and the typing slips for it. Used to
    highlight what matched in each report's own text; it matches nothing itself."""
    wanted = set(terms)
    words: set[str] = set()
    for term in wanted:
        if re.fullmatch(r"\d+(?:\.\d+)?(?:号|吨)", term):
            words.update(_number_words(term))
            continue
        words.add(term)
        words.update(SYNONYMS.get(term, ()))
    words.update(word for word, canonical in _extra_synonyms() if _fold(canonical) in wanted)
    words.update(slip for slip, right in SLIPS.items() if right in wanted or SYNONYMS_OF.get(right) in wanted)
    return sorted(words, key=len, reverse=True)


# Each synonym → its canonical term (for slips such as 露电 → 漏电, whose right word may itself be a synonym).
SYNONYMS_OF = {word: canonical for canonical, words in SYNONYMS.items() for word in words}


# --- the normalised text stored with each report (issue 15: speed) ------------------------------------
# Normalising costs about ten regular-expression passes per text; a proposal compares up to 500 candidates.
# So the report stores, when it is saved (HazardReport.save), "key<TAB>location<TAB>description<TAB>terms<TAB>
# numbers": the normalised texts, the vocabulary terms and the equipment numbers. A candidate's fingerprint is
# then only the bigrams of the stored texts. A text stored under another vocabulary key (the reviewer changed
# the synonyms) is ignored and the raw text normalised as before, until `manage.py hazards_match_texts`
# stores it again.


def stored_text(location: str, description: str) -> str:
    loc, desc = normalise(location or ""), normalise(description or "")
    terms, numbers = _terms_and_numbers(loc, desc)
    return "\t".join((vocabulary_key(), loc, desc, ",".join(sorted(terms)), ",".join(sorted(numbers)),
                      _fault_text(desc)))


def fingerprint_of(location: str, description: str, stored: str = "") -> Fingerprint:
    """The fingerprint of a saved report: from its stored normalised text if it is current, else from its text."""
    if stored:
        parts = stored.split("\t")
        if len(parts) == 6 and parts[0] == vocabulary_key():
            return _from_stored(*parts[1:])
    return fingerprint(location or "", description or "")
