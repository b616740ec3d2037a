"""SYS-NOTIFY: every route of the table names a move that exists (or a creation the receivers hear), so that a
renamed move cannot silently stop notifying."""

import pytest

from jinan_union import workflow
from notifications import receivers, routes


@pytest.mark.rule("SYS-NOTIFY")
def test_every_route_names_an_existing_move_or_creation():
    moves = {(wf.model._meta.label_lower, name) for wf in workflow.workflows() for name in wf.moves}
    creations = {(label.lower(), name) for label, name, _ in receivers.CREATIONS}
    assert [key for key in routes.ROUTES if key not in moves | creations] == []
