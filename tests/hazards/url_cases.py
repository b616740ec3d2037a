"""SYS-SCOPE matrix cases for every hazards URL; objects belong to 历下区总工会 (user lixia)."""

from hazards import services
from tests.url_matrix import case

from .factories import AFTER_DEADLINE, report

CLERKS = {"lixia", "shizhong", "jiaotong", "jianzhu"}
MUNICIPAL_READERS = {"reviewer", "finance", "auditor"}
READERS = CLERKS | MUNICIPAL_READERS | {"lixia_finance", "lixia_auditor", "langchao"}
OWNERS = {"lixia", "lixia_finance", "lixia_auditor"} | MUNICIPAL_READERS


def _report(world):
    return {"pk": report(world).pk}


def _draft(world):
    return {"pk": report(world, state="draft").pk}


def _submitted(world):
    return {"pk": report(world, state="submitted").pk}


def _application(world):
    return {"pk": report(world, state="submitted").application_id}


def _group(world):
    first = report(world, state="submitted", location="三号塔吊基础")
    other = report(world, state="submitted", union="济南市建筑业产业工会", location="3号塔吊基础")
    return {"pk": services.group_confirm(reports=[first, other], by=world.users["reviewer"]).pk}


def _round(world):
    return {"pk": report(world, state="verified").application.round_id}


def _paid_round(world):
    item = report(world, state="verified", deaths=10)
    services.round_close(round_=item.application.round, by=world.users["finance"], now=AFTER_DEADLINE)
    return {"pk": item.application.round_id}


case("hazards:report-list", READERS)
case("hazards:report-new", CLERKS)
case("hazards:report-detail", OWNERS, _report)
case("hazards:report-edit", {"lixia"}, _draft)
case("hazards:report-pdf", OWNERS, _report)
case("hazards:report-verify", {"reviewer"}, _submitted)
case("hazards:application-list", READERS)
case("hazards:application-current", CLERKS, ok_status=(302,))
# The page of the application a union would start in the current round (nothing is created by reading it).
case("hazards:application-round", CLERKS, lambda world: {"year": services.current_round().year})
case("hazards:application-detail", OWNERS, _application)
case("hazards:application-summary-xlsx", OWNERS, _application)
case("hazards:application-summary-pdf", OWNERS, _application)
case("hazards:duplicates", {"reviewer"})
case("hazards:group-detail", MUNICIPAL_READERS, _group)
case("hazards:round-list", MUNICIPAL_READERS | {"lixia_finance"})
case("hazards:round-detail", MUNICIPAL_READERS, _round)
# A system union's finance reads its own part of a paid round's payment sheet.
case("hazards:payment-xlsx", MUNICIPAL_READERS | {"lixia_finance"}, _paid_round)
case("hazards:payment-pdf", MUNICIPAL_READERS | {"lixia_finance"}, _paid_round)
# HAZ-PAYEE: the clerk types the payees; the paying finance reveals (a POST: GET leads back), splits and pays.
case("hazards:report-payees", {"lixia"}, _draft)
case("hazards:report-payees-reveal", {"finance"}, _report, ok_status=(302,))
case("hazards:report-split", {"finance"}, _report)
case("hazards:round-payments", {"finance"}, _round)
# HAZ-FIRST: the reviewer's exception is a POST; a GET leads back to the group.
case("hazards:group-exception", {"reviewer"}, _group, ok_status=(302,))


# HAZ-SCHEME: 历下区总工会's own scheme — its staff and the municipal union read it; its administrator (not a
# demo user of the matrix) changes it; its clerk applies to its rounds and enters reports into it (a POST).
def _scheme(world):
    from .scheme_factories import district_scheme

    return {"pk": district_scheme(world).pk}


SCHEME_READERS = (READERS | {"admin"}) - {"shizhong", "jiaotong", "jianzhu"}
case("hazards:scheme-list", READERS | {"admin"})
case("hazards:scheme-new", set())
case("hazards:scheme-detail", SCHEME_READERS, _scheme)
case("hazards:scheme-edit", set(), _scheme)
case("hazards:scheme-application", {"lixia"}, _scheme)
case("hazards:report-scheme", {"lixia"}, _report, ok_status=(302,))

# Issue 11: the report form's aids (GET JSON, read only) and the clerk's new hazard unit.
case("hazards:report-preview", CLERKS, query="deaths=3&serious_injuries=0&direct_loss=0")
case("hazards:report-similar", CLERKS)
case("hazards:unit-new", CLERKS)
case("hazards:unit-search", CLERKS, query="q=济南")
