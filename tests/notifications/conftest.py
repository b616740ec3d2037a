import pytest


@pytest.fixture
def mailboxes(world):
    """Every demo user gets an e-mail address (the demo leaves them empty)."""
    for user in world.users.values():
        user.email = f"{user.username}@example.cn"
        user.save(update_fields=["email"])
    return world


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what waits for the commit (the `moved` signal) as the real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
