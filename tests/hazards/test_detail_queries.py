"""The report page and the grant page in few queries (issue 10: 17 and 15 on the province data): a fixed number,
at most 12, whatever the report's proposals, payees and files (SYS-SCOPE: the scoped selector of the role)."""

import pytest
from django.urls import reverse

from hazards import services
from tests.core.test_list_queries import MAX_QUERIES, queries

from .factories import report, submit
from .payee_factories import collective

pytestmark = pytest.mark.rule("SYS-SCOPE")


@pytest.mark.rule("HAZ-FIRST")
def test_the_report_page_with_a_duplicate_proposal_and_payees(world, client_for):
    first = report(world, state="ready", location="三号塔吊基础")
    again = report(world, state="ready", location="3号塔吊基础")
    team = collective(world, location="二号锅炉房", state="ready", unit="济南城建集团有限公司")
    submit(world, [first, again, team])
    services.report_verify(report=team, by=world.users["reviewer"])
    counted = {}
    for username in ("reviewer", "lixia"):
        client = client_for(username)
        page = client.get(reverse("hazards:report-detail", args=[again.pk]))
        assert first.pk in [p.other.pk for p in page.context["proposals"]]
        assert len(page.context["photos"]) == len(page.context["scans"]) == 1
        counted[username] = queries(client, reverse("hazards:report-detail", args=[again.pk]))
        # A rewarded collective also reads its members and its reward's split (two queries, however many).
        assert queries(client, reverse("hazards:report-detail", args=[team.pk])) <= counted[username] + 2
    assert counted["reviewer"] <= MAX_QUERIES
    # The clerk's page also narrows the proposals to the reports the clerk may see (SYS-SCOPE) and its menu looks
    # up the union's own scheme (hazards/hooks.py, on every page of a district's staff).
    assert counted["lixia"] <= counted["reviewer"] + 2
