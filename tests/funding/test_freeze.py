"""FUN-FREEZE (S§10, S§17): a de-listed or revoked studio's grant is frozen: no transfer, no spending."""

import pytest
from django.utils import timezone

from funding import services
from funding.enums import TransferStep
from funding.models import Spending
from jinan_union.errors import DomainError
from studios import services as studio_services
from studios.enums import StudioStatus

from .factories import DAY, fund_fully, make_grant, spend


def _revoke(world, studio):
    studio_services.studio_decide(studio=studio, by=world.users["secretary"], data=dict(
        reason="fraud", findings="申报材料弄虚作假", meeting_type="party_group", meeting_date=timezone.localdate(),
        minutes_number="党组会纪要〔2026〕12号", document_number="济工发〔2026〕32号", decided_on=timezone.localdate(),
        notice_number="济工通〔2026〕5号"))
    studio.refresh_from_db()
    assert studio.status == StudioStatus.REVOKED


@pytest.mark.rule("FUN-FREEZE")
@pytest.mark.rule("STU-REVOKE")
def test_a_revoked_studios_grant_takes_no_further_transfer(world):
    grant = make_grant(world)
    services.transfer_record(grant=grant, step=TransferStep.SYSTEM_RECEIVES, on=DAY, by=world.users["finance"])
    _revoke(world, grant.studio)
    with pytest.raises(DomainError) as refused:
        services.transfer_record(grant=grant, step=TransferStep.SYSTEM_PASSES_ON, on=DAY, by=world.users["finance"])
    assert refused.value.text.startswith("该工作室已撤销命名，资助资金已冻结并予追回")


@pytest.mark.rule("FUN-FREEZE")
@pytest.mark.rule("STU-REVOKE")
def test_a_revoked_studios_unspent_money_is_frozen_at_once(world):
    grant = fund_fully(world, make_grant(world))
    spend(world, grant, "100.00")
    _revoke(world, grant.studio)
    with pytest.raises(DomainError) as refused:
        spend(world, grant, "100.00")
    assert "资助资金已冻结" in refused.value.text
    assert Spending.objects.count() == 1
