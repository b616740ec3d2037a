"""Load scenario (issue 10): clerks entering hazard reports, reviewers working their inboxes, finance exporting.

Run it with `bash scripts/load.sh` (gunicorn, 4 workers, PostgreSQL, 127.0.0.1 only, bounded time), never in CI.
Every user signs in as a demo user (password `Demo@2026`) through the login form, CSRF token included.
The paths below are checked against the URL configuration by tests/core/test_load_scenario.py.
"""

import random
import re

from locust import HttpUser, between, task

PASSWORD = "Demo@2026"
LOGIN = "/accounts/login/"

# Paths each kind of user opens (a detail page's id is taken from the list it was shown on).
CLERK_PATHS = {"form": "/hazards/new/", "list": "/hazards/", "home": "/"}
REVIEWER_PATHS = {
    "hazard_list": "/hazards/",
    "hazard_submitted": "/hazards/?status=submitted",
    "hazard_applications": "/hazards/applications/",
    "studio_inbox": "/studios/applications/",
    "studio_list": "/studios/",
    "duplicates": "/hazards/duplicates/",
    "notifications": "/notifications/",
}
FINANCE_PATHS = {"grants": "/funding/", "export": "/funding/export.xlsx", "rounds": "/hazards/rounds/"}
# A detail page found on a list: (list key, pattern of the link, name the request is reported under).
REVIEWER_DETAILS = [
    ("hazard_list", re.compile(r'href="(/hazards/\d+/)"'), "/hazards/[id]/"),
    ("studio_inbox", re.compile(r'href="(/studios/applications/\d+/)"'), "/studios/applications/[id]/"),
    ("studio_list", re.compile(r'href="(/studios/\d+/)"'), "/studios/[id]/"),
]
# A path example per detail pattern, for the URL check.
DETAIL_EXAMPLES = ["/hazards/1/", "/studios/applications/1/", "/studios/1/", "/hazards/1/edit/"]


def scenario() -> dict:
    """What the scenario requests, for the test that keeps it from rotting: every path (query strings
    dropped) and, per demo user, the pages opened directly."""
    paths = [LOGIN, *CLERK_PATHS.values(), *REVIEWER_PATHS.values(), *FINANCE_PATHS.values(), *DETAIL_EXAMPLES]
    pages = {}
    for user_class, opened in ((Clerk, CLERK_PATHS), (Reviewer, REVIEWER_PATHS), (Finance, FINANCE_PATHS)):
        for username in user_class.usernames:
            pages[username] = sorted(opened.values())
    return {"paths": sorted({path.split("?", 1)[0] for path in paths}), "pages": pages}


class DemoUser(HttpUser):
    abstract = True
    usernames: tuple[str, ...] = ()
    wait_time = between(1, 3)

    def on_start(self):
        self.username = random.choice(self.usernames)
        self.client.get(LOGIN, name=LOGIN)
        token = self.client.cookies.get("csrftoken", "")
        with self.client.post(
            LOGIN, {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + LOGIN}, allow_redirects=False, catch_response=True, name=LOGIN,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in of {self.username} answered {response.status_code}")

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    def page(self, path: str, name: str | None = None):
        """GET a page; anything but 200 (a redirect to the login page included) counts as an error."""
        with self.client.get(path, name=name or path, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{path} answered {response.status_code}")
            return response


class Clerk(DemoUser):
    """A system union's clerk: opens the report form and saves a draft (the draft needs no complete data)."""

    usernames = ("lixia", "shizhong", "jiaotong", "jianzhu")
    weight = 2

    @task(3)
    def enter_draft(self):
        self.page(CLERK_PATHS["form"])
        with self.client.post(
            CLERK_PATHS["form"],
            {"location": f"负载测试 {random.randint(1, 10**6)} 号车间", "description": "脚手架扣件松动",
             "action": "save", "csrfmiddlewaretoken": self.csrf()},
            headers={"Referer": self.host + CLERK_PATHS["form"]},
            allow_redirects=False, catch_response=True, name=CLERK_PATHS["form"] + " (POST draft)",
        ) as response:
            if response.status_code != 302 or "/edit/" not in response.headers.get("Location", ""):
                response.failure(f"draft not saved: {response.status_code} {response.headers.get('Location')}")
            else:
                self.page(response.headers["Location"], name="/hazards/[id]/edit/")

    @task(2)
    def own_list(self):
        self.page(CLERK_PATHS["list"])

    @task(1)
    def home(self):
        self.page(CLERK_PATHS["home"])


class Reviewer(DemoUser):
    """The municipal reviewer: list pages and inboxes, then a detail page found on one of them."""

    usernames = ("reviewer",)
    weight = 2

    @task(3)
    def inbox(self):
        self.page(REVIEWER_PATHS[random.choice(list(REVIEWER_PATHS))])

    @task(2)
    def detail(self):
        key, pattern, name = random.choice(REVIEWER_DETAILS)
        response = self.page(REVIEWER_PATHS[key])
        links = pattern.findall(response.text or "")
        if links:
            self.page(random.choice(links), name=name)


class Finance(DemoUser):
    """Municipal finance: the grant list, the rounds, and a small export (the grant list as .xlsx)."""

    usernames = ("finance",)
    weight = 1

    @task(2)
    def lists(self):
        self.page(FINANCE_PATHS[random.choice(["grants", "rounds"])])

    @task(1)
    def export(self):
        response = self.page(FINANCE_PATHS["export"])
        if response.status_code == 200 and not response.content.startswith(b"PK"):
            response.failure("the export is not an .xlsx workbook")
