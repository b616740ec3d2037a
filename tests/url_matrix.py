"""The SYS-SCOPE matrix: every URL of the project against every role.

Each app lists its URLs in `tests/<app>/url_cases.py` with `case(...)`: how to build the URL's
arguments (objects owned by 历下区总工会 or its units) and which demo users may open it. The test
in tests/core/test_url_matrix.py walks the URL configuration and fails for any URL without a case,
then opens every URL as every demo user (and anonymously) and checks the answer.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

# Demo users (see jinan_union/demo.py). "lixia" and "langchao" belong to the owning union's tree;
# "shizhong", "jiaotong" and "jianzhu" belong to other system unions.
ALL_USERS = (
    "admin", "reviewer", "secretary", "finance", "auditor", "lixia", "lixia_finance",
    "lixia_auditor", "shizhong", "jiaotong", "jianzhu", "langchao", "expert", "expert_lixia",
)
MUNICIPAL = frozenset({"admin", "reviewer", "secretary", "finance", "auditor"})
EVERYONE = frozenset(ALL_USERS)


@dataclass(frozen=True)
class Case:
    url_name: str
    allowed: frozenset
    build: Callable = field(default=lambda world: {})  # world -> URL kwargs (may create objects)
    ok_status: tuple = (200,)
    query: str = ""
    public: bool = False  # a page without login (STU-PUBLIC): anonymous visitors get it too


CASES: dict[str, Case] = {}


def case(url_name: str, allowed, build: Callable | None = None, ok_status=(200,), query: str = "",
         public: bool = False) -> None:
    unknown = set(allowed) - EVERYONE
    assert not unknown, f"unknown demo users {unknown}"
    assert not public or set(allowed) == EVERYONE, "a public page is open to everyone"
    CASES[url_name] = Case(url_name, frozenset(allowed), build or (lambda world: {}), tuple(ok_status), query, public)


# URLs that need no login or are Django's own (the admin checks is_staff itself).
PUBLIC = {"login", "health"}
ACCOUNT = {"logout", "password_change", "password_change_done", "home"}
