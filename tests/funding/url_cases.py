"""SYS-SCOPE matrix cases for every funding URL; objects belong to 历下区总工会's tree."""

from funding import services
from funding.enums import TransferStep
from tests.url_matrix import case

from .factories import fund_fully, make_grant, spend

READERS = {"finance", "auditor", "reviewer", "lixia", "lixia_finance", "lixia_auditor", "langchao"}
SYSTEM_CLERKS_ELSEWHERE = {"shizhong", "jiaotong", "jianzhu"}
BOOKS = {"finance", "auditor", "lixia_finance", "lixia_auditor"}  # 历下区总工会's own books
FINDINGS = BOOKS | {"langchao"}


def grant(world):
    return {"pk": make_grant(world).pk}


def funded(world):
    return fund_fully(world, make_grant(world))


def lixia_union(world):
    return {"union_pk": world.system_unions["历下区总工会"].pk}


def lixia_entry(world):
    return {"pk": funded(world).transfers.get(step=TransferStep.SYSTEM_RECEIVES).entry_id}


def lixia_account(world):
    from funding import chart

    return {"pk": services.ensure_chart(world.system_unions["历下区总工会"])[chart.BANK].pk}


def finding(world):
    g = make_grant(world)
    return {"pk": services.finding_raise(grant=g, text="请说明", by=world.users["auditor"]).pk}


case("funding:grant-list", READERS | SYSTEM_CLERKS_ELSEWHERE)
case("funding:grant-export", READERS | SYSTEM_CLERKS_ELSEWHERE)
case("funding:grant-detail", READERS, grant)
case("funding:grant-statement", READERS, lambda w: {**grant(w), "fmt": "xlsx"})
case(
    "funding:transfer-record",
    {"finance", "lixia_finance"},
    lambda w: {**grant(w), "step": TransferStep.SYSTEM_RECEIVES.value},
)
case("funding:spending-new", {"langchao"}, lambda w: {"pk": funded(w).pk})
case("funding:matching-new", {"langchao"}, grant)
case("funding:finding-new", {"auditor", "lixia_auditor"}, grant)
case(
    "funding:transfer-document",
    READERS,
    lambda w: {"pk": funded(w).transfers.get(step=TransferStep.SYSTEM_RECEIVES).pk},
)
case("funding:spending-document", READERS, lambda w: {"pk": spend(w, funded(w)).pk})
case("funding:finding-list", FINDINGS)
case("funding:finding-export", FINDINGS)
case("funding:finding-detail", FINDINGS, finding)
case("funding:book-list", FINDINGS)
case("funding:journal", BOOKS, lixia_union)
case("funding:ledger", BOOKS, lixia_union)
case("funding:trial-balance", BOOKS, lixia_union)
case("funding:chart", BOOKS, lixia_union)
case("funding:account-change", {"finance", "lixia_finance"}, lixia_account)
case("funding:entry-detail", BOOKS, lixia_entry)
case("funding:entry-reverse", {"finance", "lixia_finance"}, lixia_entry)
case(
    "funding:recovery-record",
    {"finance", "lixia_finance"},
    lambda w: {**grant(w), "step": "system_returns"},
)
