"""What the studios app tells the others, without importing them (funding imports studios, never the reverse).

`studio_named(sender=Studio, studio=, by=)` is sent inside the naming transaction, when a studio is named at

`studio_decided` likewise, inside the transaction of a 摘牌 or 撤销命名 decision (the grant is frozen there).
municipal level: a receiver that fails (the one-time grant of FUN-GRANT) undoes the naming with it.
"""

from django.dispatch import Signal

studio_named = Signal()

# `studio_decided(sender=Studio, studio=, decision=, by=)` is sent inside the transaction of a 摘牌 or 撤销命名
# decision (STU-SPOTCHECK, STU-REVOKE): the funding app freezes the studio's grant there (FUN-FREEZE).
studio_decided = Signal()
