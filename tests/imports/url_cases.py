"""SYS-SCOPE matrix cases for every imports URL; the batch belongs to 历下区总工会 (uploaded by its clerk)."""

from imports import services
from tests.url_matrix import EVERYONE, case

from .factories import filled, studio_row

STUDIO_IMPORTERS = {"reviewer", "lixia", "shizhong", "jiaotong"}  # 建筑业产业工会 names no studios (S§6(一))
IMPORTERS = STUDIO_IMPORTERS | {"finance"}


def lixia_batch(world):
    lixia = world.users["lixia"]
    batch = services.batch_create(kind="studios", upload=filled("studios", lixia, [studio_row(1)]), by=lixia)
    return {"pk": batch.pk}


case("imports:list", IMPORTERS)
case("imports:template", STUDIO_IMPORTERS, lambda w: {"kind": "studios"})
case("imports:upload", STUDIO_IMPORTERS, lambda w: {"kind": "studios"})
case("imports:detail", {"reviewer", "lixia"}, lixia_batch)
# POST only: a GET is answered 405 for everybody, and changes nothing.
case("imports:confirm", EVERYONE, lixia_batch, ok_status=(405,))
case("imports:undo", EVERYONE, lixia_batch, ok_status=(405,))
case("imports:cancel", EVERYONE, lixia_batch, ok_status=(405,))
