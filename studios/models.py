from django.db import models

from jinan_union.enums import OrgKind
from jinan_union.models import Organisation, WorkUnit

from .enums import StudioCategory, StudioStatus

PLAQUE_TITLE = "济南市示范性劳模和工匠人才创新工作室"


class Studio(models.Model):
    """An innovation studio (创新工作室), registered by the system union that named it at its own level."""

    name = models.CharField("工作室名称", max_length=200)
    system_union = models.ForeignKey(
        Organisation, verbose_name="系统工会", on_delete=models.PROTECT, related_name="studios",
        limit_choices_to={"kind": OrgKind.SYSTEM},
    )
    work_unit = models.ForeignKey(
        WorkUnit, verbose_name="所在单位", on_delete=models.PROTECT, related_name="studios"
    )
    category = models.CharField("类别", max_length=20, choices=StudioCategory.choices)
    leader_name = models.CharField("领衔人", max_length=60)
    system_named_on = models.DateField("系统工会命名日期")
    status = models.CharField(
        "状态", max_length=20, choices=StudioStatus.choices, default=StudioStatus.SYSTEM_NAMED
    )
    municipal_named_on = models.DateField("市级命名日期", null=True, blank=True)
    naming_year = models.PositiveSmallIntegerField("命名年度", null=True, blank=True)
    naming_document_number = models.CharField("命名文号", max_length=100, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "创新工作室"
        verbose_name_plural = "创新工作室"
        ordering = ["system_union__path", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def grassroots_union(self) -> Organisation | None:
        return self.work_unit.grassroots_union
