from notifications import services
from tests.url_matrix import EVERYONE, case


def _lixias_message(world):
    [notification] = services.notify([world.users["lixia"]], key="matrix", title="测试消息")
    return {"pk": notification.pk}


case("notifications:inbox", EVERYONE)
# POST only: the owner gets 405 on GET (nothing is marked read), everybody else 404 (another's message).
case("notifications:read", {"lixia"}, _lixias_message, ok_status=(405,))
case("notifications:open", {"lixia"}, _lixias_message, ok_status=(405,))
case("notifications:read-all", EVERYONE, ok_status=(405,))
case("notifications:preference", EVERYONE, ok_status=(405,))
