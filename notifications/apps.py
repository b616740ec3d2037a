from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "消息通知"

    def ready(self) -> None:
        # SYS-NOTIFY: every move that hands work to someone tells them, after the move's commit.
        from jinan_union.workflow import moved

        from . import receivers

        moved.connect(receivers.on_moved, dispatch_uid="notifications.on_moved")
        receivers.connect_creations()
