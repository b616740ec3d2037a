"""What the studios app tells the others, without importing them (funding imports studios, never the reverse).

`studio_named(sender=Studio, studio=, by=)` is sent inside the naming transaction, when a studio is named at
municipal level: a receiver that fails (the one-time grant of FUN-GRANT) undoes the naming with it.
"""

from django.dispatch import Signal

studio_named = Signal()
