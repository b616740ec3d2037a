"""SYS-SCOPE matrix cases for every studios URL. Objects are owned by 历下区总工会 (its unit 浪潮 and the
unit's grassroots union, whose clerk is langchao)."""

from jinan_union.workflow import move
from studios.enums import StudioStatus
from studios.models import Studio
from tests.url_matrix import EVERYONE, MUNICIPAL, case

from .factories import batch_with_meeting, make_studio, open_call, ready_application, showcased_studio

LIXIA_TREE = {"lixia", "lixia_finance", "lixia_auditor", "langchao"}
ALL_STUDIO_READERS = MUNICIPAL | LIXIA_TREE
APP_READERS = {"admin", "reviewer", "secretary", "lixia", "langchao"}
APP_ROLE_HOLDERS = {"admin", "reviewer", "secretary", "lixia", "langchao", "shizhong", "jiaotong", "jianzhu"}


def studio(world):
    return {"pk": make_studio(world).pk}


def named_studio(world):
    s = make_studio(world)
    Studio.objects.filter(pk=s.pk).update(status=StudioStatus.MUNICIPAL_NAMED, naming_year=2025)
    return {"pk": s.pk}


def application(world):
    return {"pk": ready_application(world).pk}


def draft_step(world):
    return {"pk": ready_application(world).pk, "step": "category"}


def submitted(world):
    app = move(ready_application(world), "submit", by=world.users["lixia"])
    return {"pk": app.pk}


def batch(world):
    return {"pk": batch_with_meeting(world).pk}


# Lists: every role holder gets the page, its rows scoped.
case("studios:studio-list", ALL_STUDIO_READERS | {"shizhong", "jiaotong", "jianzhu"})
case("studios:application-list", APP_ROLE_HOLDERS)
case("studios:public-list", EVERYONE)  # STU-ALLIANCE: deliberately the same for every union
case("studios:studio-new", {"lixia", "shizhong", "jiaotong", "jianzhu"})
case("studios:batch-list", {"reviewer", "secretary"})
case("studios:batch-new", {"secretary"})
# Objects of 历下区总工会.
case("studios:studio-detail", ALL_STUDIO_READERS, studio)
case("studios:ledger", ALL_STUDIO_READERS, named_studio)
case("studios:assessment-new", {"langchao"}, named_studio)
case("studios:spotcheck-new", {"reviewer"}, named_studio)
case("studios:studio-decision", {"secretary"}, named_studio)
case("studios:studio-keep", {"secretary"}, named_studio)
case("studios:application-start", {"lixia"}, studio, ok_status=(302,))
case("studios:application-detail", APP_READERS, application)
case("studios:application-pdf", APP_READERS, application)
case("studios:application-edit", {"lixia"}, draft_step)
case("studios:application-check", {"lixia"}, application)
case("studios:application-action", {"lixia", "reviewer", "secretary"}, application, ok_status=(405,))
case("studios:application-inspect", {"reviewer"}, submitted)
case("studios:application-fraud", {"reviewer"}, submitted)
case("studios:batch-detail", {"reviewer", "secretary"}, batch)
case("studios:batch-annex", {"reviewer", "secretary"}, batch)
case("studios:batch-annex-xlsx", {"reviewer", "secretary"}, batch)


# STU-MEMBERS: the members page reads like the studio's; the edit page is for the studio's union clerks.
def member(world):
    from studios import services

    s = make_studio(world)
    m = services.member_add(studio=s, by=world.users["lixia"], data=dict(
        name="李强", position="数控车工", skill_level="technician", honours="", is_leader=False))
    return {"pk": m.pk}


case("studios:members", ALL_STUDIO_READERS, studio)
case("studios:member-list", ALL_STUDIO_READERS | {"shizhong", "jiaotong", "jianzhu"})
case("studios:member-edit", {"lixia", "langchao"}, member)


# STU-CALL, STU-SCORE: the calls are public to every role; the experts' pages to the assigned expert.
def call(world):
    return {"pk": open_call(world).pk}


def assigned(world):
    from studios import services

    app = move(ready_application(world, clerk="lixia"), "submit", by=world.users["lixia"])
    assignment = services.expert_assign(application=app, expert=world.users["expert"], by=world.users["reviewer"])
    return {"pk": assignment.pk}


case("studios:call-list", EVERYONE)
case("studios:call-new", {"reviewer"})
case("studios:call-detail", EVERYONE, call)
case("studios:application-experts", {"reviewer"}, submitted)
case("studios:expert-home", {"expert", "expert_lixia"})
case("studios:score", {"expert"}, assigned)


# STU-PUBLIC: the union's proposal pages read like the studio's; the public pages need no login at all.
def showcase(world):
    return {"pk": showcased_studio(world, approve=False).pk}


def public_studio(world):
    return {"pk": showcased_studio(world).studio_id}


def public_photo(world):
    return {"token": showcased_studio(world).photos.get().token}


case("studios:showcase-new", ALL_STUDIO_READERS, named_studio)
case("studios:showcase-list", ALL_STUDIO_READERS | {"shizhong", "jiaotong", "jianzhu"})
case("studios:showcase-detail", ALL_STUDIO_READERS, showcase)
case("studios:public-index", EVERYONE, public=True)
case("studios:public-studio", EVERYONE, public_studio, public=True)
case("studios:public-photo", EVERYONE, public_photo, public=True)
case("studios:ledger-export", ALL_STUDIO_READERS, named_studio)  # issue 11: the ledger's export, same readers
