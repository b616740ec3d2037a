"""Small derived properties of the models."""

from datetime import date

import pytest

from studios.enums import HonourKind, Level
from studios.models import Honour


@pytest.mark.parametrize("kind,level,text", [
    (HonourKind.INVENTION_PATENT, Level.NATIONAL, "国家发明专利"),
    (HonourKind.INVENTION_PATENT, Level.PROVINCIAL, "国家发明专利"),
    (HonourKind.SCI_TECH_AWARD, Level.PROVINCIAL, "省级科学技术奖"),
    (HonourKind.SERVICE_BRAND, Level.MUNICIPAL, "市级服务名牌、品牌称号"),
])
def test_an_honour_names_its_level_once(kind, level, text):
    honour = Honour(kind=kind, level=level, title="某", awarded_on=date(2025, 1, 1))
    assert honour.kind_with_level == text
